// Every export of the package, used under --strict with the types it declares (no `any`).
import {
  generateMigration,
  generateMigrationAsync,
  toGeneratedCode,
  writeMigrationFiles,
  writeMigrationFilesAsync,
  writeTypeFiles,
  writeTypeFilesAsync,
  MigrationGeneratorError,
  introspectDatabase,
  specFromDatabase,
  pullDatabase,
} from '../../index.js'
import type {
  ColumnDefault,
  ExistingTableSchema,
  GeneratedCode,
  GeneratedMigration,
  LeftOutOfSpec,
  MigrationGeneratorErrorCode,
  MigrationSpec,
  RenamedInSpec,
  SchemaIntrospection,
  TableOperationType,
  TableTypes,
  WriteMigrationFilesOptions,
  WrittenMigrationFiles,
  WrittenTypeFiles,
  WriteFilesAsyncOptions,
} from '../../index.js'

const defaults: ColumnDefault[] = ['x', 1, true, null, { expression: 'now()' }]
const spec: MigrationSpec = {
  $schema: '../schema/migration-spec.schema.json',
  description: 'create_events',
  databaseType: 'sqlite',
  fileFormat: 'numbered',
  generateTypes: true,
  timestamps: false,
  allowDataLoss: false,
  selfCheck: 'full',
  existingDbPath: 'app.db',
  tables: [
    {
      name: 'events',
      timestamps: true,
      columns: [
        { name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true },
        { name: 'kind', type: 'VARCHAR', length: 20, nullable: false, default: defaults[0] },
      ],
      foreignKeys: [{ columns: ['id'], referencedTable: 'users', referencedColumns: ['id'], onDelete: 'SET NULL', onUpdate: 'NO ACTION' }],
      uniqueConstraints: [{ name: 'uq_events_kind', columns: ['kind'] }],
      checkConstraints: [{ name: 'chk_events_kind', expression: "kind <> ''" }],
      indexes: [{ name: 'idx_events_kind', columns: ['kind'], unique: false, type: 'hash', where: "kind <> ''" }],
    },
  ],
}

// Generation.
const result: GeneratedMigration = generateMigration(spec)
const asyncResult: Promise<GeneratedMigration> = generateMigrationAsync(spec)
const tableTypes: TableTypes[] | undefined = result.tableTypes
const code: GeneratedCode = toGeneratedCode(result)

// Writing files, and the error type.
const options: WriteMigrationFilesOptions = { rootDir: '.', migrationsDir: 'db/migrations', typesDir: 'src/db' }
function write(): string[] {
  try {
    const written: WrittenMigrationFiles = writeMigrationFiles(result, options)
    const first: string = written.migrationPath
    return [first, written.filename, ...written.typePaths, ...written.paths]
  } catch (e) {
    if (e instanceof MigrationGeneratorError) {
      const c: MigrationGeneratorErrorCode = e.code
      const where: string | undefined = e.path
      const isExists: boolean = c === 'FILE_EXISTS'
      const message: string = e.message
      return [message, String(isExists), where ?? '']
    }
    throw e
  }
}
// The same write on a worker thread: a promise of the same result; errors reject.
async function writeOffThread(): Promise<string[]> {
  try {
    const written: WrittenMigrationFiles = await writeMigrationFilesAsync(result, options)
    const types: WrittenTypeFiles = await writeTypeFilesAsync(result, options)
    const stoppable: WriteFilesAsyncOptions = { ...options, signal: AbortSignal.timeout(5_000) }
    await writeMigrationFilesAsync(result, stoppable)
    const syncTypes: WrittenTypeFiles = writeTypeFiles(result, options)
    return [written.migrationPath, ...types.paths, ...syncTypes.unchanged]
  } catch (e) {
    if (e instanceof MigrationGeneratorError) return [e.code]
    throw e
  }
}
// @ts-expect-error a promise, not the files written
const notAwaited: WrittenMigrationFiles = writeMigrationFilesAsync(result, options)
const made: MigrationGeneratorError = new MigrationGeneratorError('WRITE_FAILED', 'disk full', { path: '/x', cause: new Error('ENOSPC') })
const asError: Error = made

// Introspection.
const schema: SchemaIntrospection = introspectDatabase('app.db')
const names: string[] = schema.existingTables
const users: ExistingTableSchema | undefined = schema.tableSchemas.get('users')
const op: TableOperationType = schema.determineOperation('users', spec.tables[0])
const pulled: MigrationSpec = specFromDatabase('app.db', 'mysql')
const pulledDefault: MigrationSpec = specFromDatabase('app.db')
const { spec: pulledSpec, leftOut, renamed } = pullDatabase('app.db', 'postgresql')
const firstRenamed: RenamedInSpec | undefined = renamed[0]
const renamedLines: string[] = renamed.map((r) => `${r.kind} ${r.table}: ${r.from} -> ${r.to} (${r.why})`)
const withRenamed: MigrationSpec = { ...pulledSpec, renamed }
const firstLeftOut: LeftOutOfSpec | undefined = leftOut[0]
const leftOutLine: string = leftOut.map((l) => `${l.table ?? '(views)'}: ${l.what}`).join('\n')
const pulledTables: number = pulledSpec.tables.length

void [asyncResult, tableTypes, code, write, writeOffThread, notAwaited, asError, names, users, op, pulled, pulledDefault, firstLeftOut, leftOutLine, pulledTables, firstRenamed, renamedLines, withRenamed]
