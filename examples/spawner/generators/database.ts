/**
 * The spawner's database migration generator (specification FR-8): a thin wrapper over the
 * `migration-generator` package, returning the orchestrator's `GeneratedCode`.
 *
 * - routeHandler          <- the up migration (SQL)
 * - typeDefinitions       <- the TypeScript types ('' unless spec.generateTypes)
 * - validationMiddleware  <- the down migration (SQL)
 * - openApiDoc            <- the metadata, as JSON (2-space indent)
 */
import { generateMigration as generate, generateMigrationAsync as generateAsync, toGeneratedCode } from 'migration-generator'
import type { GeneratedCode, MigrationSpec } from 'migration-generator'

export type { GeneratedCode, MigrationSpec }

/**
 * Generate a database migration from a specification. A spec with validation errors throws a
 * MigrationGeneratorError (`VALIDATION_FAILED`, the errors in `.issues`).
 */
export function generateMigration(spec: MigrationSpec): GeneratedCode {
  return toGeneratedCode(generate(spec))
}

/** The same, on the library's own threads (one per core), so that several run in parallel. */
export async function generateMigrationAsync(spec: MigrationSpec): Promise<GeneratedCode> {
  return toGeneratedCode(await generateAsync(spec))
}
