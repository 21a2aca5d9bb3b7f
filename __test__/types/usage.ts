// Compiles under `tsc --strict`: the package's declarations used the way a TypeScript codebase would.
import { generateMigration, generateMigrationAsync, toGeneratedCode } from '../../index.js'
import type { GeneratedMigration, MigrationGeneratorErrorCode, MigrationSpec, ValidationCode, ValidationIssue } from '../../index.js'

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
// Codes are ValidationCode: comparisons with real codes compile, and a switch can be exhaustive over a subset.
const noChanges: boolean = result.validation.warnings.some((w) => w.code === 'NO_CHANGES')
const codes: ValidationCode[] = errors.map((e) => e.code)
function kind(c: ValidationCode): 'name' | 'database' | 'other' {
  switch (c) {
    case 'INVALID_TABLE_NAME':
    case 'INVALID_COLUMN_NAME':
    case 'INVALID_CONSTRAINT_NAME':
    case 'RESERVED_KEYWORD':
      return 'name'
    case 'DB_NOT_FOUND':
    case 'DB_UNREADABLE':
    case 'DB_LOCKED':
      return 'database'
    default:
      return 'other'
  }
}
// A bug met while reading a database is thrown with INTERNAL_ERROR.
const internal: MigrationGeneratorErrorCode = 'INTERNAL_ERROR'
const dialect: 'sqlite' | 'postgresql' | 'mysql' | '' = result.metadata.databaseType
const outside: { up: boolean; down: boolean } = result.metadata.outsideTransaction
const code = toGeneratedCode(result)
const sql: string = code.routeHandler
async function later(): Promise<number> {
  const r = await generateMigrationAsync(spec)
  return r.upMigration.length + errors.length + op.length + sql.length + Number(noChanges) + codes.map(kind).length + internal.length + dialect.length + Number(outside.up)
}
void later

// existingDbPath and previousSpec may be null (none), as the generator and README take them.
const noDatabase: MigrationSpec = { ...spec, existingDbPath: null, previousSpec: null }
generateMigration(noDatabase)
