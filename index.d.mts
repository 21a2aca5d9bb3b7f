/**
 * Declarations of the ES module entry (`index.mjs`), which package.json's `exports` gives to
 * `import`: every named export of index.d.ts, and the default export, which is the very object
 * CommonJS `require('migration-generator')` returns (`export default api`), with exactly its
 * members. CommonJS (`require`) is described by index.d.ts alone.
 */
import * as api from './index.js'

export * from './index.js'

/** The whole API as one object (`import mg from 'migration-generator'`): the named exports' very functions. */
declare const migrationGenerator: {
  generateMigration: typeof api.generateMigration
  generateMigrationAsync: typeof api.generateMigrationAsync
  toGeneratedCode: typeof api.toGeneratedCode
  writeMigrationFiles: typeof api.writeMigrationFiles
  writeTypeFiles: typeof api.writeTypeFiles
  writeMigrationFilesAsync: typeof api.writeMigrationFilesAsync
  writeTypeFilesAsync: typeof api.writeTypeFilesAsync
  MigrationGeneratorError: typeof api.MigrationGeneratorError
  introspectDatabase: typeof api.introspectDatabase
  specFromDatabase: typeof api.specFromDatabase
  pullDatabase: typeof api.pullDatabase
  pgTypes: typeof api.pgTypes
  pgliteParsers: typeof api.pgliteParsers
  mysql2Options: typeof api.mysql2Options
}
export default migrationGenerator
