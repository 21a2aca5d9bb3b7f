// Type-checks the spawner example (examples/spawner) under this folder's --strict settings.
import { generateMigration, generateMigrationAsync } from '../../examples/spawner/generators/database.js'
import type { GeneratedCode, MigrationSpec } from '../../examples/spawner/generators/database.js'
import { GeneratorRegistry } from '../../examples/spawner/generators/registry.js'
import type { Outcome } from '../../examples/spawner/generators/registry.js'

const spec: MigrationSpec = { description: 'x', databaseType: 'sqlite', tables: [] }
const code: GeneratedCode = generateMigration(spec)
const later: Promise<GeneratedCode> = generateMigrationAsync(spec)
const registry = new GeneratorRegistry<{ database: MigrationSpec }>().register('database', generateMigrationAsync)
const outcomes: Promise<Outcome<'database'>[]> = registry.runAll([{ generator: 'database', spec }])
// @ts-expect-error: the database generator takes a MigrationSpec
void registry.run({ generator: 'database', spec: { description: 'x' } })
// @ts-expect-error: no generator is registered under that name in the registry's type
void registry.run({ generator: 'email', spec })
void code
void later
void outcomes
