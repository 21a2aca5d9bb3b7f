/**
 * The orchestrator side, in miniature: registers the database generator (sync and async
 * variants) and runs several migrations in parallel, printing each GeneratedCode as JSON lines.
 * Run: compile with tsc, then `node main.js` (see __test__/spawner.test.mjs).
 */
import { GeneratorRegistry } from './generators/registry.js'
import { generateMigration, generateMigrationAsync } from './generators/database.js'
import type { MigrationSpec } from './generators/database.js'

interface Specs extends Record<string, unknown> {
  database: MigrationSpec
  'database-sync': MigrationSpec
}

const registry = new GeneratorRegistry<Specs>()
  .register('database', generateMigrationAsync)
  .register('database-sync', generateMigration)

const now = '2026-02-09T12:00:00Z'
const specs: MigrationSpec[] = (['sqlite', 'postgresql', 'mysql'] as const).map((databaseType) => ({
  description: `create_accounts_${databaseType}`,
  databaseType,
  generateTypes: true,
  now,
  tables: [
    {
      name: 'accounts',
      columns: [
        { name: 'id', type: 'BIGINT', nullable: false, autoIncrement: true },
        { name: 'email', type: 'VARCHAR', length: 320, nullable: false, unique: true },
        { name: 'balance', type: 'DECIMAL', precision: 12, scale: 2, nullable: false, default: 0 },
      ],
    },
  ],
}))
const invalid: MigrationSpec = { description: 'broken', databaseType: 'sqlite', now, tables: [{ name: 'Bad Name', columns: [] }] }

async function main(): Promise<void> {
  const outcomes = await registry.runAll([
    ...specs.map((spec) => ({ generator: 'database' as const, spec })),
    { generator: 'database-sync' as const, spec: specs[0] },
    { generator: 'database' as const, spec: invalid },
  ])
  for (const o of outcomes) console.log(JSON.stringify(o))
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
