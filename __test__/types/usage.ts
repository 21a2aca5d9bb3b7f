// Compiles under `tsc --strict`: the package's declarations used the way a TypeScript codebase would.
import { generateMigration, generateMigrationAsync, toGeneratedCode } from '../../index.js'
import type { GeneratedMigration, MigrationSpec, ValidationIssue } from '../../index.js'

const spec: MigrationSpec = {
  description: 'create_users_table',
  databaseType: 'postgresql',
  generateTypes: true,
  now: '2026-02-09T12:00:00Z',
  tables: [
    {
      name: 'users',
      columns: [
        { name: 'id', type: 'BIGINT', nullable: false, autoIncrement: true },
        { name: 'email', type: 'VARCHAR', length: 320, nullable: false, unique: true },
        { name: 'score', type: 'DECIMAL', precision: 10, scale: 2, nullable: false, default: 0 },
        { name: 'slug', type: 'TEXT', nullable: false, default: { expression: "lower('X')" } },
        { name: 'bio', type: 'TEXT', nullable: true, default: null },
      ],
      indexes: [{ name: 'idx_users_score', columns: ['score'], unique: false, where: 'score > 0' }],
    },
  ],
}

const result: GeneratedMigration = generateMigration(spec)
const errors: ValidationIssue[] = result.validation.errors
const op: 'CREATE' | 'ALTER' | 'MIXED' = result.metadata.operationType
const code = toGeneratedCode(result)
const sql: string = code.routeHandler
async function later(): Promise<number> {
  const r = await generateMigrationAsync(spec)
  return r.upMigration.length + errors.length + op.length + sql.length
}
void later
