/**
 * migration-generator: database migrations for SQLite, PostgreSQL and MySQL from one JSON
 * schema specification, with down migrations, TypeScript types and a validation report.
 */

/** Target database. */
export type DatabaseType = 'sqlite' | 'postgresql' | 'mysql'

/** A column type; each dialect maps it (see the README's type table). */
export type ColumnType =
  | 'TEXT' | 'INTEGER' | 'REAL' | 'BLOB' | 'NUMERIC'
  | 'VARCHAR' | 'INT' | 'BIGINT' | 'DECIMAL' | 'BOOLEAN' | 'TIMESTAMP' | 'DATE' | 'UUID' | 'JSONB'
  | 'CHAR' | 'TINYINT' | 'DATETIME' | 'JSON'

/** A foreign-key action. */
export type ForeignKeyAction = 'CASCADE' | 'SET NULL' | 'RESTRICT' | 'NO ACTION'

/**
 * An index method. PostgreSQL builds each; SQLite and MySQL build a B-tree for `hash` (an
 * `INDEX_TYPE_IGNORED` warning) and refuse `gin` and `gist` (`UNSUPPORTED_FEATURE`).
 */
export type IndexType = 'btree' | 'hash' | 'gin' | 'gist'

/** A raw SQL expression, checked with the dialect's parser. */
export interface ExpressionDefault {
  expression: string
}

/**
 * A column default. A string is a string literal (quoted and escaped), except exactly
 * `'CURRENT_TIMESTAMP'`, `'CURRENT_DATE'` and `'CURRENT_TIME'`, which mean the current time
 * (`CURRENT_TIMESTAMP` on a TIMESTAMP or DATETIME, `CURRENT_DATE` on a DATE, any of them on a TEXT
 * or VARCHAR: `CURRENT_TIME` only there).
 */
export type ColumnDefault = string | number | boolean | null | ExpressionDefault

export interface ColumnDefinition {
  /** Column name: lowercase snake_case, but in a table marked `existing: true`, any name the database holds. */
  name: string
  /** Data type. */
  type: ColumnType
  /** Whether NULL is allowed. */
  nullable: boolean
  /** Default value. */
  default?: ColumnDefault
  /** Single-column UNIQUE constraint. */
  unique?: boolean
  /**
   * Auto-increment (integer primary key), which never gives a key twice: SQLite `INTEGER PRIMARY
   * KEY AUTOINCREMENT`, PostgreSQL `SERIAL`, MySQL `AUTO_INCREMENT`.
   */
  autoIncrement?: boolean
  /** Column description (comments and JSDoc). */
  description?: string
  /**
   * The column's name in the database (`existingDbPath`) or in `previousSpec`, when this
   * migration renames it (`RENAME COLUMN`, keeping its values; the down migration renames it
   * back). Ignored when the database or `previousSpec` already has the new name, when the
   * table is created, and when a SQLite database has neither name.
   */
  renamedFrom?: string
  /** Length, for VARCHAR and CHAR. */
  length?: number
  /**
   * Precision, for DECIMAL and NUMERIC (total digits); for TIMESTAMP and DATETIME, the digits of
   * a second kept, 0 to 6 (3: milliseconds). Without one a MySQL DATETIME keeps whole seconds.
   */
  precision?: number
  /** Scale, for DECIMAL and NUMERIC. */
  scale?: number
}

export interface ForeignKeyDefinition {
  /** Local column(s). */
  columns: string[]
  /** Referenced table (in the spec, or in the existing database). */
  referencedTable: string
  /** Referenced column(s): its primary key or a unique key. */
  referencedColumns: string[]
  /** ON DELETE action. */
  onDelete?: ForeignKeyAction
  /** ON UPDATE action. */
  onUpdate?: ForeignKeyAction
  /**
   * The constraint's name on PostgreSQL and MySQL (default `fk_{table}_{columns}`); a
   * constraint name like any other (snake_case, not reserved, within the length limit, unique
   * where the database needs it). SQLite's foreign keys are written inline, unnamed.
   */
  name?: string
}

export interface UniqueConstraintDefinition {
  /** Constraint name. */
  name: string
  /** Columns in the constraint. */
  columns: string[]
}

export interface CheckConstraintDefinition {
  /** Constraint name. */
  name: string
  /** One boolean SQL expression over the table's columns. */
  expression: string
}

export interface IndexDefinition {
  /** Index name (unique in the whole schema). */
  name: string
  /** Indexed columns. */
  columns: string[]
  /** UNIQUE index (default false). */
  unique?: boolean
  /** Index method (PostgreSQL-specific). */
  type?: IndexType
  /** Partial-index predicate (PostgreSQL and SQLite). */
  where?: string
}

export interface TableDefinition {
  /**
   * Table name: lowercase snake_case for a table the migration creates or changes; with
   * `existing: true`, any name the database holds (Prisma's `"User"`), as are the names of its
   * columns, indexes and constraints.
   */
  name: string
  /** Table description (comments and JSDoc). */
  description?: string
  /** Columns. */
  columns: ColumnDefinition[]
  /** Primary-key column(s). Optional when one column has `autoIncrement`. */
  primaryKey?: string[]
  /**
   * The primary key's constraint name, as the database has it (Drizzle Kit's
   * `{table}_{columns}_pk`) or is to have it: `CREATE TABLE` writes `CONSTRAINT name PRIMARY
   * KEY` (PostgreSQL, SQLite), and a migration from `previousSpec` drops or renames the key by
   * this name. Left out: the database's own (PostgreSQL's `{table}_pkey`). MySQL names every
   * primary key `PRIMARY` and ignores it (`PRIMARY_KEY_NAME_IGNORED` warning).
   */
  primaryKeyName?: string
  /** Foreign keys. */
  foreignKeys?: ForeignKeyDefinition[]
  /** Named UNIQUE constraints. */
  uniqueConstraints?: UniqueConstraintDefinition[]
  /** Named CHECK constraints. */
  checkConstraints?: CheckConstraintDefinition[]
  /** Indexes. */
  indexes?: IndexDefinition[]
  /** Overrides `MigrationSpec.timestamps` for this table. */
  timestamps?: boolean
  /**
   * The table is already in the database as described (default false): the migration neither
   * creates nor drops it (its operation is `SKIP`), and foreign keys of the spec's other tables
   * may reference it. How a PostgreSQL or MySQL migration adds a table that references tables
   * earlier migrations created (no database is read for those). Describing the columns other
   * tables reference is enough: no types are generated for it, no warning is given about it,
   * and its own foreign keys cannot reference a table this migration creates. With
   * `existingDbPath`, the database must have the table.
   */
  existing?: boolean
  /**
   * The table's name in the database (`existingDbPath`) or in `previousSpec`, when this
   * migration renames it (`ALTER TABLE … RENAME TO`, keeping its rows; the down migration
   * renames it back). Ignored when the database or `previousSpec` already has the new name, and
   * when a SQLite database has neither name (the table is created).
   */
  renamedFrom?: string
}

export interface MigrationSpec {
  /** What the migration does; becomes the file name (lowercase snake_case). */
  description: string
  /** Target database. */
  databaseType: DatabaseType
  /** Tables to create or change. */
  tables: TableDefinition[]
  /** SQLite file to compare against: only the difference is generated. Left out or `null`: none. */
  existingDbPath?: string | null
  /** Migration file naming (default `'timestamp'`). */
  fileFormat?: 'timestamp' | 'numbered'
  /** Generate TypeScript types (default false). */
  generateTypes?: boolean
  /** ISO-8601 instant for the file name and header (default: now). */
  now?: string
  /** Add `created_at`/`updated_at` to created tables (default true). */
  timestamps?: boolean
  /** Allow dropping columns and narrowing types (default false). */
  allowDataLoss?: boolean
  /**
   * With `existingDbPath` (or `previousSpec`) and `allowDataLoss`: drop the database's tables
   * that the spec leaves out (operation `DROP`; the down migration creates them again, empty).
   * Default false: such tables are kept, as a spec may describe part of a database. Virtual
   * tables are kept.
   */
  dropTablesNotInSpec?: boolean
  /**
   * The spec the database was last migrated to (the earlier version of this spec, as it was
   * then). The tables it has are altered into this spec's (`ALTER TABLE`:
   * columns added, dropped with `allowDataLoss`, retyped, made NOT NULL or nullable, given
   * other defaults, renamed; primary keys, UNIQUE and CHECK constraints, indexes and foreign
   * keys added, dropped or redefined), operation `ALTER` (`SKIP` when unchanged); new tables
   * are created; tables it
   * has that this spec leaves out are kept (dropped with `dropTablesNotInSpec` and
   * `allowDataLoss`). The down migration takes the database back to `previousSpec`. On SQLite
   * the database it describes is made in memory and changed as an `existingDbPath` file would
   * be (ALTERs and rebuilds that keep the rows; README, "On SQLite"). Not with `existingDbPath`.
   * Left out or `null`: none.
   */
  previousSpec?: MigrationSpec | null
  /**
   * How much of the generated SQL is checked before it is returned (default `'full'`).
   * `'full'`: every statement — SQLite runs up, then down (which must restore the starting
   * schema) on an in-memory database; PostgreSQL and MySQL statements are parsed.
   * `'expressions'` (faster): a migration that only creates tables has each of your expressions
   * (CHECKs, expression defaults, partial-index predicates) put by SQLite into the kind of
   * statement it goes into (for PostgreSQL and MySQL, parsed by the dialect's parser, as
   * validation always does) instead; a migration that changes an existing database is still
   * checked in full.
   */
  selfCheck?: 'full' | 'expressions'
  /** JSON Schema reference, for editors. */
  $schema?: string
  /**
   * What the database had that a pull left out of this spec (`migration-generator introspect
   * DB --json` writes it when anything was): a record for the reader, not read by the generator.
   */
  leftOut?: LeftOutOfSpec[]
  /**
   * The names a pull for PostgreSQL or MySQL gave in place of the database's
   * (`migration-generator introspect DB --json` writes it when it gave any): a record for the
   * reader, not read by the generator.
   */
  renamed?: RenamedInSpec[]
}

/** What happens to a table. */
export type TableOperationType = 'CREATE' | 'ALTER' | 'SKIP' | 'DROP'

/**
 * Every code a validation issue can have: the codes the Rust core reports (`src/report.rs`;
 * `__test__/modules.test.mjs` checks that this list is exactly that set, in any order).
 * Whether a code's issue is an error or a warning is its `type`: most codes are always one or
 * the other, some are either (the README's "Validation codes" table says which).
 *
 * `INVALID_DEFAULT` is an error for a default the column refuses, and a warning for a string
 * default of a text column that is exactly a call of a function the database has
 * (`"datetime('now')"`, `"now()"`, `"gen_random_uuid()"`): stored as that text in every row,
 * where `{ "expression": "…" }` calls it.
 *
 * Not listed: `TABLE_CREATED_BEFORE`, `COLUMN_ADDED_BEFORE` and `RENAMED_BEFORE`, errors (warnings with
 * `--recreate`), and the warnings `DUPLICATE_NUMBER`, `MIXED_FILE_NAMES`, `STALE_TYPE_FILE`, `MIGRATION_NOT_READ` and `MIGRATION_OTHER_DIALECT`, which the command
 * line's `generate` adds on its own (text output, and `result.validation` of `generate
 * --json`; `check` adds the same but `STALE_TYPE_FILE`, reading the
 * folder `generate` would write to, and the errors `NUMBERING_EXHAUSTED` for a numbered spec
 * and `WRITE_FAILED` for a file where a folder should be, which `generate` refuses with those
 * errors; with `--strict`, `DUPLICATE_NUMBER` and `MIXED_FILE_NAMES` are errors); no function of this
 * package returns them in a validation.
 */
export type ValidationCode =
  | 'INVALID_SPEC'
  | 'INVALID_TABLE_NAME'
  | 'INVALID_COLUMN_NAME'
  | 'INVALID_CONSTRAINT_NAME'
  | 'RESERVED_KEYWORD'
  | 'DUPLICATE_TABLE'
  | 'DUPLICATE_COLUMN'
  | 'DUPLICATE_NAME'
  | 'MISSING_PRIMARY_KEY'
  | 'NULLABLE_PRIMARY_KEY'
  | 'UNKNOWN_COLUMN'
  | 'INVALID_FOREIGN_KEY'
  | 'TYPE_MISMATCH'
  | 'INVALID_DEFAULT'
  | 'INVALID_CHECK_EXPRESSION'
  | 'INVALID_AUTO_INCREMENT'
  | 'IDENTIFIER_TOO_LONG'
  | 'UNSUPPORTED_FEATURE'
  | 'LIMIT_EXCEEDED'
  | 'NOT_NULL_WITHOUT_DEFAULT'
  | 'TYPE_NARROWING'
  | 'DB_NOT_FOUND'
  | 'DB_UNREADABLE'
  | 'DB_LOCKED'
  | 'INTERNAL_ERROR'
  | 'GENERATED_SQL_REJECTED'
  | 'UNKNOWN_FIELD'
  | 'REDUNDANT_INDEX'
  | 'FOREIGN_KEY_TYPE_MISMATCH'
  | 'CIRCULAR_FOREIGN_KEY'
  | 'FOREIGN_KEY_ACTION_LIMITED'
  | 'LOSSY_TYPE_MAPPING'
  | 'INDEX_TYPE_IGNORED'
  | 'PRIMARY_KEY_NAME_IGNORED'
  | 'EXTENSION_REQUIRED'
  | 'DATA_LOSS'
  | 'DOWN_DATA_LOSS'
  | 'COLUMN_NOT_IN_SPEC'
  | 'INDEX_NOT_IN_SPEC'
  | 'CONSTRAINT_NOT_IN_SPEC'
  | 'DEPENDENT_OBJECTS'
  | 'NO_CHANGES'
  | 'COLUMN_ORDER_NOT_MIGRATED'
  | 'ROWS_REFUSE_CHANGE'
  | 'ROWS_NOT_TRIED'
  | 'NULLS_FILLED'
  | 'TABLE_NOT_IN_SPEC'
  | 'UNKNOWN_FUNCTION'
  | 'UNKNOWN_COLLATION'

/** One finding of the validation report. */
export interface ValidationIssue {
  /** `error`: generation is refused (the SQL is empty); `warning`: generation goes on. */
  type: 'error' | 'warning'
  /** Stable code (see the README's "Validation codes"). */
  code: ValidationCode
  /** What is wrong, in a sentence. */
  message: string
  /** The table concerned. */
  table?: string
  /** The column concerned. */
  column?: string
  /** The constraint or index concerned. */
  constraint?: string
  /** How to fix it. */
  suggestion?: string
}

/** One table's TypeScript types. */
export interface TableTypes {
  table: string
  /** Row interface name (`User` for `users`). */
  interfaceName: string
  /** The row, insert and update interfaces. */
  source: string
}

export interface MigrationMetadata {
  /**
   * `YYYYMMDDHHMMSS_description.sql` (`NNN_description.sql` when numbered); empty when the
   * result is invalid.
   */
  filename: string
  /** The spec's description, as written. */
  description: string
  /** The spec's `databaseType`; empty when the spec could not be read (not an object, not JSON). */
  databaseType: DatabaseType | ''
  /**
   * What the migration does as a whole, from its tables' `operations`: `'CREATE'` when every
   * table it changes is created, `'ALTER'` when every one is altered or dropped (a table that
   * `dropTablesNotInSpec` drops counts as altering the database), `'MIXED'` when it creates
   * some and alters or drops others. A migration that changes no table (every table `SKIP`,
   * the `NO_CHANGES` warning) says `'ALTER'` when it is one from `previousSpec` or
   * `existingDbPath` (of a database it leaves as it is), `'CREATE'` otherwise; an invalid
   * result says `'CREATE'`. The file's `-- Operation:` line says the same.
   */
  operationType: 'CREATE' | 'ALTER' | 'MIXED'
  /** The tables the migration creates, alters or drops (every table of `operations` but the `SKIP` ones), in that order. */
  tablesAffected: string[]
  /** ISO-8601 instant. */
  generatedAt: string
  /**
   * Every spec table's operation, in spec order, then each table `dropTablesNotInSpec` drops.
   * `renamedFrom`: the table's name before this migration, when it renames it (`renamedFrom`;
   * `writeMigrationFiles` removes that name's type file).
   */
  operations: { table: string; operation: TableOperationType; renamedFrom?: string }[]
  /**
   * Which scripts must run outside a transaction: a SQLite script that turns foreign keys off
   * (`PRAGMA foreign_keys = OFF`, which SQLite ignores inside a transaction): the rebuild of a
   * table other tables (or the table itself) reference, or a down migration that drops a
   * cycle of foreign keys with `ON DELETE CASCADE`. Inside a transaction its guard stops it
   * before anything changed (`foreign_keys_off_so_run_this_migration_outside_a_transaction`).
   * Knex: `exports.config = { transaction: false }` in that migration. Always `false` on
   * PostgreSQL and MySQL.
   */
  outsideTransaction: { up: boolean; down: boolean }
}

export interface GeneratedMigration {
  metadata: MigrationMetadata
  /** Executable SQL, runnable as one script. Empty when invalid. */
  upMigration: string
  /** Executable SQL that undoes `upMigration`. */
  downMigration: string
  /** The whole migration file: header, `-- UP MIGRATION`, up, `-- DOWN MIGRATION`, down. */
  fileContent: string
  /** All tables' types, when `generateTypes` is true. */
  typeDefinitions?: string
  /** Each table's types, when `generateTypes` is true. */
  tableTypes?: TableTypes[]
  validation: { valid: boolean; errors: ValidationIssue[]; warnings: ValidationIssue[] }
}

/** The spawner orchestrator's generator output. */
export interface GeneratedCode {
  routeHandler: string
  typeDefinitions: string
  validationMiddleware: string
  openApiDoc: string
}

/**
 * Generates a migration. Never throws: problems come back in `validation.errors` (a spec that is
 * no object, null included, a Symbol, function or BigInt in a field, or a cycle: `INVALID_SPEC`
 * naming the field's path; see the README's "Safety").
 */
export declare function generateMigration(spec: MigrationSpec): GeneratedMigration

/** Generates a migration on the library's own threads (one per core); never rejects for bad input. */
export declare function generateMigrationAsync(spec: MigrationSpec): Promise<GeneratedMigration>

/**
 * Maps a result to the spawner's `GeneratedCode`; throws a MigrationGeneratorError: INVALID_ARGUMENT
 * for anything that is not a result, VALIDATION_FAILED (with `.issues`) for one with errors.
 */
export declare function toGeneratedCode(result: GeneratedMigration): GeneratedCode

// --- TypeScript side (issue 5): writing files and the error type -------------------------------

/** Stable codes of {@link MigrationGeneratorError}. */
export type MigrationGeneratorErrorCode =
  /**
   * `writeMigrationFiles` was given a result whose `validation.valid` is false, or
   * `determineOperation` a table definition that does not validate (`issues` says why).
   */
  | 'VALIDATION_FAILED'
  /**
   * The migration file already exists (migrations are never overwritten; when it holds the very
   * migration to write, the message says so and points to `writeTypeFiles` for its types), or a
   * type file or `index.d.ts` to write exists and was not written by this package; `path` names it.
   */
  | 'FILE_EXISTS'
  /** A path to write would leave `rootDir` (or is not a plain file name); `path` names it. */
  | 'PATH_OUTSIDE_ROOT'
  /** `rootDir` does not exist or is not a folder. */
  | 'ROOT_NOT_FOUND'
  /**
   * A folder or file could not be written (full disk, read-only, a file in the way…), or another
   * writer held the types folder's lock (`.migration-types.lock`) for all of 60 s; nothing was
   * left behind.
   */
  | 'WRITE_FAILED'
  /** The migrations or types folder could not be read. */
  | 'READ_FAILED'
  /** Two generated table files would export the same type name from `index.d.ts`. */
  | 'TYPE_NAME_CONFLICT'
  /**
   * `fileFormat: 'numbered'`: the next number needs more digits than the files in use (it would
   * sort before them), or 14 (it would read as a timestamp); renumber. Or the folder holds
   * timestamped migrations, which a numbered one would sort before. `path` is the folder.
   */
  | 'NUMBERING_EXHAUSTED'
  /**
   * The command line's `generate` only (never the API's calls): the newest migration in the
   * folder already has this up migration (another `generate` of the same spec placed it, maybe
   * at the same moment); `path` names it.
   */
  | 'DUPLICATE_MIGRATION'
  /**
   * A missing or malformed argument (also `determineOperation` given a table name that is not a
   * non-empty string, or a definition that is not an object).
   */
  | 'INVALID_ARGUMENT'
  /** The SQLite file to introspect does not exist. */
  | 'DB_NOT_FOUND'
  /** The SQLite file cannot be read (not a database, or no permission). */
  | 'DB_UNREADABLE'
  /** The SQLite file is locked by another process. */
  | 'DB_LOCKED'
  /**
   * A bug in the package: reading the SQLite file panicked (`introspectDatabase`,
   * `specFromDatabase`, `pullDatabase`); `issues` holds the report. Please report it.
   */
  | 'INTERNAL_ERROR'

/** The error the package throws; generation itself never throws. */
export declare class MigrationGeneratorError extends Error {
  constructor(code: MigrationGeneratorErrorCode, message: string, details?: { path?: string; cause?: unknown; issues?: ValidationIssue[] })
  readonly name: 'MigrationGeneratorError'
  /** Stable machine-readable code. */
  readonly code: MigrationGeneratorErrorCode
  /** The file or folder concerned, when there is one. */
  readonly path?: string
  /** The validation issues behind the error, when it comes from the generator or the database reader. */
  readonly issues?: ValidationIssue[]
}

/**
 * Where {@link writeMigrationFiles} writes. Any other option name is refused
 * (`INVALID_ARGUMENT`, naming the closest of these), before anything is written.
 */
export interface WriteMigrationFilesOptions {
  /** The project folder; must exist. Nothing is written outside it. */
  rootDir: string
  /** Migrations folder, relative to `rootDir` (default `database/migrations`). */
  migrationsDir?: string
  /** Type files folder, relative to `rootDir` (default `types/generated/db`). */
  typesDir?: string
}

/** Where {@link writeMigrationFilesAsync} and {@link writeTypeFilesAsync} write, and what may stop them. */
export interface WriteFilesAsyncOptions extends WriteMigrationFilesOptions {
  /**
   * Stops the write: aborted before the call or while it waits its turn, nothing is started;
   * aborted while it writes, it stops at its next step and undoes what it did (the temporary
   * files, the migration and the folders it made removed while empty, the type files it replaced
   * put back). The promise then rejects with `signal.reason` (a DOMException named `AbortError`
   * unless `abort(reason)` gave another), also when the write met an error after the abort.
   * Aborted after the last step that can be undone, the write is
   * complete and the promise resolves with it. Not an AbortSignal: `INVALID_ARGUMENT`.
   */
  signal?: AbortSignal
}

/** What {@link writeMigrationFiles} wrote (absolute paths). */
export interface WrittenMigrationFiles {
  /** The migration's file name as written (renumbered for `fileFormat: 'numbered'`; a timestamp one second after the folder's newest when that is not earlier than the result's). */
  filename: string
  /** The migration file. */
  migrationPath: string
  /** One `{table}.d.ts` per table (`index.table.d.ts` for a table named `index`), then `index.d.ts`; empty when the result has no `tableTypes`. A table file whose types had not changed is listed though kept as it was (it is in `unchanged` too). */
  typePaths: string[]
  /** Every file written (or, for a table file whose types had not changed, kept), the migration first. */
  paths: string[]
  /**
   * Type files removed: those this package wrote for tables the migration drops
   * (`dropTablesNotInSpec`) and for the old names of tables it renames (`renamedFrom`).
   */
  removed: string[]
  /** The files of `typePaths` kept as they were: table files whose types had not changed, and `index.d.ts` when it already listed the folder's tables. */
  unchanged: string[]
  /**
   * What a writer killed mid-write (`kill -9`, a crash) had left and this write removed before
   * claiming its number or timestamp: its claim, temporary files, backups and the locks it
   * held, whose process (`pid`; null for a claim of an earlier version, which names none) is
   * known to be gone.
   */
  leftoversRemoved: { path: string; pid: number | null }[]
}

/**
 * Writes a valid result's migration (never overwriting one) and its type files (regenerated,
 * but never over a file of that name this package did not write, with an `index.d.ts` exporting
 * a Kysely-shaped `Database`), each through a
 * temporary file and a rename. A numbered migration takes the next free number in the folder; a
 * timestamped one sorts after every migration already there (one second after the newest).
 * The migration is placed last, after the type files and `index.d.ts`: a write killed on the way
 * leaves no migration, so a migration file that is there was written with all its types.
 * Synchronous: it blocks the event loop while it writes (see {@link writeMigrationFilesAsync}).
 * @throws {MigrationGeneratorError}
 */
export declare function writeMigrationFiles(result: GeneratedMigration, options: WriteMigrationFilesOptions): WrittenMigrationFiles

/**
 * {@link writeMigrationFiles} on a worker thread: the same files, the same result, and the same
 * errors (the promise rejects with the {@link MigrationGeneratorError} the synchronous call
 * throws), while the calling thread's event loop keeps running. The synchronous call flushes
 * every file on the calling thread (hundreds of milliseconds for a few hundred tables) and, while
 * another writer holds the types folder's lock, sleeps it (up to 60 s): in a server or a
 * long-running process, use this one. Each call starts a thread of its own (a few tens of
 * milliseconds); at most as many as the machine has cores, and at least 4, write at once, later
 * calls wait their turn. The result and options are copied to the thread, so they must be plain
 * data (else `INVALID_ARGUMENT`), but for `options.signal`, an AbortSignal that stops the write
 * and undoes it ({@link WriteFilesAsyncOptions.signal}).
 */
export declare function writeMigrationFilesAsync(result: GeneratedMigration, options: WriteFilesAsyncOptions): Promise<WrittenMigrationFiles>

/** What {@link writeTypeFiles} wrote (absolute paths). */
export interface WrittenTypeFiles {
  /** One `{table}.d.ts` per table, then `index.d.ts`. */
  typePaths: string[]
  /** The same files. */
  paths: string[]
  /** The files of `typePaths` kept as they were (their content would not have changed). */
  unchanged: string[]
}

/**
 * Writes only a valid result's type files and `index.d.ts`, as {@link writeMigrationFiles}
 * writes them, and no migration: for a database that already matches the spec (the
 * `NO_CHANGES` warning) whose types are wanted all the same, such as a fresh clone whose types
 * folder is not committed. The result needs `tableTypes` (`generateTypes: true`), else
 * `INVALID_ARGUMENT`; `options.migrationsDir` is not used. Synchronous (see
 * {@link writeTypeFilesAsync}).
 * @throws {MigrationGeneratorError}
 */
export declare function writeTypeFiles(result: GeneratedMigration, options: WriteMigrationFilesOptions): WrittenTypeFiles

/**
 * {@link writeTypeFiles} on a worker thread, as {@link writeMigrationFilesAsync} runs
 * {@link writeMigrationFiles}: the same files, result and errors (a rejection), without blocking
 * the calling thread's event loop.
 */
export declare function writeTypeFilesAsync(result: GeneratedMigration, options: WriteFilesAsyncOptions): Promise<WrittenTypeFiles>

// --- Introspection (issue 3): reading an existing SQLite database. -------------------------

/** A column as it exists (`PRAGMA table_xinfo`). */
export interface ExistingColumn {
  name: string
  /** Declared type, as written in CREATE TABLE. */
  type: string
  /** NULL is refused: the column is NOT NULL, or an INTEGER PRIMARY KEY (the rowid). */
  notNull: boolean
  /** The default as SQLite stores it (`'abc'`, `0`, `datetime('now')`), or null. */
  defaultValue: string | null
  primaryKey: boolean
}

/** An explicit index (`CREATE INDEX`). */
export interface ExistingIndex {
  name: string
  /** The keys that are columns, in key order (empty for an index only on expressions). */
  columns: string[]
  unique: boolean
  /** Partial-index predicate. */
  where?: string
  /**
   * The keys that are expressions, as written in the `CREATE INDEX` (without `ASC`/`DESC`), in
   * key order: `['lower(email)']` for `ON users (lower(email))`. Absent when every key is a
   * column. A spec has no form for such an index: {@link pullDatabase} lists it in `leftOut`
   * (`the expression index '…'`).
   */
  expressions?: string[]
}

/** A foreign key as it exists. */
export interface ExistingForeignKey {
  columns: string[]
  referencedTable: string
  referencedColumns: string[]
  onDelete: ForeignKeyAction
  onUpdate: ForeignKeyAction
}

/** One table's schema. */
export interface ExistingTableSchema {
  tableName: string
  columns: ExistingColumn[]
  indexes: ExistingIndex[]
  foreignKeys: ExistingForeignKey[]
  checks: CheckConstraintDefinition[]
  /** Names of triggers on the table. */
  triggers: string[]
  /** Names of views that mention the table. */
  views: string[]
  /**
   * The UNIQUE constraints its `CREATE TABLE` writes, a column's `UNIQUE` and a table's
   * `UNIQUE (a, b)` alike, which SQLite keeps in indexes of its own that `indexes` does not
   * list (an explicit `CREATE UNIQUE INDEX` is in `indexes`), in SQLite's order.
   */
  uniqueConstraints: ExistingUniqueConstraint[]
}

/** A UNIQUE constraint of a table's `CREATE TABLE` (column or table level). */
export interface ExistingUniqueConstraint {
  /** Its columns, in key order. */
  columns: string[]
}

/** The schema of an existing database. */
export interface SchemaIntrospection {
  /** Table names, in creation order (SQLite's own `sqlite_%` tables excluded). */
  existingTables: string[]
  /** Each table's schema, by name. */
  tableSchemas: Map<string, ExistingTableSchema>
  /**
   * CREATE when the table is absent. For an existing table, pass its definition to learn whether
   * it would be altered (ALTER) or already matches (SKIP); without one, an existing table answers ALTER.
   * Names are compared as SQLite does, with ASCII letters' case folded. `definition.name` may be
   * left out (it is `tableName`).
   * @throws {MigrationGeneratorError} INVALID_ARGUMENT when `tableName` is not a non-empty string
   *   or `definition`, when given, is not an object or names another table; VALIDATION_FAILED when `definition` does not
   *   validate (`issues` says why).
   */
  determineOperation(tableName: string, definition?: Omit<TableDefinition, 'name'> & { name?: string }): TableOperationType
}

/**
 * Reads a SQLite database's schema, read-only (the file is never written, no -wal/-shm/-journal
 * file is created). Throws a MigrationGeneratorError with code DB_NOT_FOUND, DB_UNREADABLE or
 * DB_LOCKED (INVALID_ARGUMENT when `path` is not a non-empty string; INTERNAL_ERROR for a bug).
 */
export declare function introspectDatabase(path: string): SchemaIntrospection

/**
 * A MigrationSpec describing a SQLite database as it is ("pull"); generating from it against the
 * same database gives SKIP for every table. Throws like introspectDatabase, and INVALID_ARGUMENT
 * when `databaseType` is given and is not one.
 */
export declare function specFromDatabase(path: string, databaseType?: DatabaseType): MigrationSpec

/** Something in a database that a spec has no form for (see {@link pullDatabase}). */
export interface LeftOutOfSpec {
  /**
   * The table it belongs to; null for a view (which may name several tables), and for a virtual table and a table whose name,
   * or a column's name, a spec cannot give (each left out of the spec whole).
   */
  table: string | null
  /**
   * What it is: `the trigger 'audit'`, `the view 'active_users'`, `the virtual table 'docs_fts'`, `the expression index 'i'`,
   * `the generated or hidden column 'total'`, `a COLLATE clause`, `a DEFERRABLE foreign key`,
   * `STRICT (…)`, `WITHOUT ROWID (…)`, `the key 'id' without AUTOINCREMENT (…)`, `an ON CONFLICT clause`,
   * `the descending (DESC) order of a column in the index 'i' (…)`, `the table 'User' (its name is not lowercase snake_case, …)`, ….
   */
  what: string
}

/**
 * A name of the database that a pull for PostgreSQL or MySQL cannot put in the spec as it is
 * (not lowercase snake_case, a reserved word, past the length limit), and the name the spec
 * gives it instead (see {@link pullDatabase}). The object is in the spec under `to`; everything
 * that names it there (keys, foreign keys, indexes, CHECKs, partial indexes' WHERE) follows.
 */
export interface RenamedInSpec {
  /** What it is: a table, a column, an index, a UNIQUE constraint or a CHECK constraint. */
  kind: 'table' | 'column' | 'index' | 'unique' | 'check'
  /** The table it belongs to, as the spec names it (for a `table`, `to`). */
  table: string
  /** Its name in the database. */
  from: string
  /** Its name in the spec. */
  to: string
  /**
   * Why the spec cannot give `from`: `it has capital letters, and a spec's names are lowercase`,
   * `it is not lowercase snake_case, which a spec's names are`, `it is a reserved word in
   * postgresql`, `it is longer than the 63 bytes postgresql keeps`, followed by `, and 'x', the
   * name suggested first, is another of the spec's names` when `_2`, `_3`, … was added.
   */
  why: string
}

/** What {@link pullDatabase} returns. */
export interface PulledDatabase {
  /** The spec {@link specFromDatabase} returns. */
  spec: MigrationSpec
  /**
   * What the database has that the spec leaves out, by table in table order, then the views.
   * Generating from the spec against that database leaves each as it is (a table rebuild
   * recreates the table's triggers and keeps its AUTOINCREMENT and the deferral of the foreign
   * keys it keeps, views stay; a change that would
   * rebuild a table with any of the others is refused with UNSUPPORTED_FEATURE); a database made
   * from the spec does not have it.
   */
  leftOut: LeftOutOfSpec[]
  /**
   * What the spec names otherwise than the database, table by table in table order (each
   * table's own name, then its columns', then its indexes' and constraints'). Pulled for
   * PostgreSQL or MySQL, whose migrations make a new database from the spec, a name a spec
   * cannot give is given the name validation suggests; pulled for SQLite the names stay as they
   * are (a table a spec cannot name is in `leftOut`), so this is empty. A renamed object is in
   * the spec, so it is not in `leftOut`.
   */
  renamed: RenamedInSpec[]
}

/**
 * {@link specFromDatabase}'s spec, and what the database has that it leaves out. Throws like
 * specFromDatabase.
 */
export declare function pullDatabase(path: string, databaseType?: DatabaseType): PulledDatabase

// --- Driver settings: pg and mysql2 return the values the generated types describe.

/** What {@link pgTypes} needs of pg's `types` module (`require('pg').types`): its parser lookup. */
export interface PgTypeParserSource {
  /** pg's parser of the type `oid` in `format` (text by default). */
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown
}

/** The `types` option of `new pg.Pool({ types })` / `new pg.Client({ types })`, made by {@link pgTypes}. */
export interface PgTypesConfig {
  /** The parser of the type `oid` in `format`: int8 and numeric as numbers, date and timestamp(tz) as text, the rest pg's own. */
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown
}

/**
 * pg's `types` option under which PostgreSQL values come back as the generated types say:
 * BIGINT (int8) and NUMERIC/DECIMAL as `number`, DATE, TIMESTAMP and TIMESTAMPTZ as the text
 * the server sends (`string`); every other type as pg parses it (BOOLEAN `boolean`, JSON/JSONB
 * objects, BYTEA `Buffer`). Only the pool or client given it is affected. A BIGINT beyond
 * ±(2^53 − 1), or a NUMERIC whose value a `number` cannot hold exactly, makes its query fail
 * with a RangeError instead of coming back rounded. Throws a TypeError when `types` is not pg's
 * types module.
 * @example new pg.Pool({ connectionString, types: pgTypes(pg.types) })
 */
export declare function pgTypes(types: PgTypeParserSource): PgTypesConfig

/** PGlite's `parsers` option, made by {@link pgliteParsers}: a parser of the text form by type oid. */
export type PgliteParsers = { [oid: number]: (value: string) => unknown }

/**
 * PGlite's `parsers` option under which values come back as the generated PostgreSQL types say:
 * the parsers of {@link pgTypes} for BIGINT (int8), NUMERIC/DECIMAL, DATE, TIMESTAMP and
 * TIMESTAMPTZ, and BYTEA as a `Buffer` (PGlite's own give a `bigint`, a string, `Date`s and a
 * `Uint8Array`); every other type as PGlite parses it. A value a `number` cannot hold exactly
 * fails its query with a RangeError. A new object on every call.
 * @example new PGlite({ parsers: pgliteParsers() })
 */
export declare function pgliteParsers(): PgliteParsers

/** The column metadata and readers mysql2 passes to a `typeCast` function (a subset of its `Field`). */
export interface Mysql2TypeCastField {
  /** The column's protocol type name (`TINY`, `LONGLONG`, `NEWDECIMAL`, …). */
  type: string
  /** The column's display length (1 for `TINYINT(1)`). */
  length: number
  /** The value as text, null for NULL. */
  string(encoding?: string): string | null
}

/** Connection options for mysql2 made by {@link mysql2Options}; spread them into `createConnection` / `createPool` options. */
export interface Mysql2TypeOptions {
  /** DATE, DATETIME and TIMESTAMP as text. */
  dateStrings: true
  /** DECIMAL as numbers (a `typeCast` checks that no digit is lost). */
  decimalNumbers: true
  /** BIGINT values a number cannot hold come as text, which `typeCast` refuses. */
  supportBigNumbers: true
  /** BIGINT values a number can hold come as numbers. */
  bigNumberStrings: false
  /** TINYINT(1) as `boolean`; BIGINT and DECIMAL as `number`, a RangeError when the value would be rounded; the rest as mysql2 reads it. */
  typeCast(field: Mysql2TypeCastField, next: () => unknown): unknown
}

/**
 * mysql2 options under which MySQL/MariaDB values come back as the generated types say:
 * BIGINT and DECIMAL as `number`, DATE/DATETIME as `string`, BOOLEAN (`TINYINT(1)`) as
 * `boolean` (NULL stays null). JSON columns are objects and BLOBs `Buffer`s without any setting.
 * A BIGINT beyond ±(2^53 − 1), or a DECIMAL whose value a `number` cannot hold exactly, fails
 * its query with a RangeError instead of coming back rounded (mysql2 then closes the connection;
 * a pool replaces it). A new object on every call.
 * @example mysql.createPool({ uri, ...mysql2Options() })
 */
export declare function mysql2Options(): Mysql2TypeOptions
