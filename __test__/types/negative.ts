// Mistakes that must not compile. Each line below `@ts-expect-error` has to be an error: if one
// compiles, tsc fails this file with "Unused '@ts-expect-error' directive".
import { generateMigration, writeMigrationFiles, writeMigrationFilesAsync, writeTypeFilesAsync, toGeneratedCode, MigrationGeneratorError, specFromDatabase, pullDatabase } from '../../index.js'
import type { ColumnDefinition, GeneratedMigration, IndexDefinition, MigrationMetadata, MigrationSpec, RenamedInSpec, TableDefinition, ValidationCode, ValidationIssue } from '../../index.js'

const table: TableDefinition = { name: 't', columns: [{ name: 'id', type: 'INTEGER', nullable: false }] }

// @ts-expect-error: wrong databaseType
export const wrongDatabase: MigrationSpec = { description: 'x', databaseType: 'oracle', tables: [] }
// @ts-expect-error: misspelled top-level field (generateType)
export const misspelledTop: MigrationSpec = { description: 'x', databaseType: 'sqlite', tables: [], generateType: true }
// @ts-expect-error: databaseType missing
export const missingDatabase: MigrationSpec = { description: 'x', tables: [] }
// @ts-expect-error: misspelled column field (nulable)
export const misspelledColumn: ColumnDefinition = { name: 'c', type: 'TEXT', nulable: true }
// @ts-expect-error: lowercase column type
export const lowercaseType: ColumnDefinition = { name: 'c', type: 'text', nullable: true }
// @ts-expect-error: nullable is a boolean
export const stringNullable: ColumnDefinition = { name: 'c', type: 'TEXT', nullable: 'no' }
// @ts-expect-error: length is a number
export const stringLength: ColumnDefinition = { name: 'c', type: 'VARCHAR', nullable: true, length: '10' }
// @ts-expect-error: an array is not a default
export const arrayDefault: ColumnDefinition = { name: 'c', type: 'TEXT', nullable: true, default: ['a'] }
// @ts-expect-error: an expression default has only `expression`
export const expressionTypo: ColumnDefinition = { name: 'c', type: 'TEXT', nullable: true, default: { expr: 'now()' } }
// Index `unique` is optional (default false), as the generator reads it; not an error.
export const indexWithoutUnique: IndexDefinition = { name: 'i', columns: ['c'] }
// @ts-expect-error: index `unique` is a boolean
export const stringUnique: IndexDefinition = { name: 'i', columns: ['c'], unique: 'yes' }
// @ts-expect-error: not an index method
export const badIndexType: IndexDefinition = { name: 'i', columns: ['c'], unique: false, type: 'brin' }
// @ts-expect-error: misspelled table field (primaryKeys)
export const misspelledTable: TableDefinition = { name: 't', columns: [], primaryKeys: ['id'] }
// @ts-expect-error: not a file format
export const badFormat: MigrationSpec = { description: 'x', databaseType: 'sqlite', tables: [table], fileFormat: 'dated' }
// @ts-expect-error: not a foreign-key action
export const badAction: TableDefinition = { ...table, foreignKeys: [{ columns: ['id'], referencedTable: 'u', referencedColumns: ['id'], onDelete: 'DELETE' }] }

const result = generateMigration({ description: 'x', databaseType: 'sqlite', tables: [table] })
// @ts-expect-error: rootDir is required
writeMigrationFiles(result, { migrationsDir: 'db' })
// @ts-expect-error: misspelled option (typeDir)
writeMigrationFiles(result, { rootDir: '.', typeDir: 'types' })
// @ts-expect-error: rootDir is required (the worker-thread form takes the same options)
writeMigrationFilesAsync(result, { migrationsDir: 'db' })
// @ts-expect-error: signal is an AbortSignal, not the controller that makes it
writeMigrationFilesAsync(result, { rootDir: '.', signal: new AbortController() })
// @ts-expect-error: the synchronous writer cannot be stopped: it takes no signal
writeMigrationFiles(result, { rootDir: '.', signal: AbortSignal.abort() })
// @ts-expect-error: writeTypeFilesAsync resolves to the type files written, which have no migrationPath
writeTypeFilesAsync(result, { rootDir: '.' }).then((w) => w.migrationPath)
// @ts-expect-error: a spec is not a result
toGeneratedCode({ description: 'x', databaseType: 'sqlite', tables: [] })
// @ts-expect-error: not a dialect
specFromDatabase('app.db', 'sqlserver')
// @ts-expect-error: a view's entry has no table: `table` may be null
export const leftOutTable: string = pullDatabase('app.db').leftOut[0].table
// @ts-expect-error: a pull renames no foreign key (SQLite's foreign keys have no name)
export const renamedKind: RenamedInSpec['kind'] = 'foreignKey'
// @ts-expect-error: not an error code
new MigrationGeneratorError('DISK_FULL', 'x')
// @ts-expect-error: the result's fields are typed (no any): upMigration is a string
export const notANumber: number = result.upMigration
export function codes(e: MigrationGeneratorError): boolean {
  // @ts-expect-error: comparing with a code that does not exist
  return e.code === 'FILE_EXIST'
}

// Validation codes are a closed union (ValidationCode), so a misspelt code does not compile.
export function hasNoChanges(r: GeneratedMigration): boolean {
  // @ts-expect-error: comparing with a code that does not exist (NO_CHANGES is the code)
  return r.validation.warnings.some((w) => w.code === 'NO_CHANGE')
}
// @ts-expect-error: not a validation code (INVALID_FOREIGN_KEY is)
export const misspeltCode: ValidationCode = 'INVALID_FOREIGNKEY'
// @ts-expect-error: a code of MigrationGeneratorError is not a validation code
export const errorCodeAsIssueCode: ValidationIssue = { type: 'error', code: 'FILE_EXISTS', message: 'x' }
// @ts-expect-error: TABLE_CREATED_BEFORE is the command line's own warning, never in a result of the API
export const cliOnlyCode: ValidationCode = 'TABLE_CREATED_BEFORE'
// @ts-expect-error: operationType is CREATE, ALTER or MIXED (a table's own operation may be SKIP or DROP)
export const skipMigration: MigrationMetadata['operationType'] = 'SKIP'
