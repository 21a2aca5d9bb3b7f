'use strict'
/** Writing migration and type files (filled in by the TypeScript-side issue). */
function writeMigrationFiles() {
  throw new Error('writeMigrationFiles is not implemented yet')
}
module.exports = { writeMigrationFiles }
