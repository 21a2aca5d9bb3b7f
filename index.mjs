// ESM entry: the same API as index.js.
import { createRequire } from 'node:module'
const require = createRequire(import.meta.url)
const api = require('./index.js')
export const { generateMigration, generateMigrationAsync, toGeneratedCode, writeMigrationFiles, writeTypeFiles } = api
// TypeScript side (issue 5)
export const { MigrationGeneratorError } = api
// Introspection (issue 3)
export const { introspectDatabase, specFromDatabase, pullDatabase } = api
// Driver settings for pg and mysql2
export const { pgTypes, mysql2Options } = api
export default api
