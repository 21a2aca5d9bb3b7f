// ESM entry: the same API as index.js, imported as the CommonJS module it is (a static import,
// which bundlers follow; `createRequire` hid index.js from esbuild and Vite).
import api from './index.js'
export const { generateMigration, generateMigrationAsync, toGeneratedCode, writeMigrationFiles, writeTypeFiles, writeMigrationFilesAsync, writeTypeFilesAsync } = api
// TypeScript side (issue 5)
export const { MigrationGeneratorError } = api
// Introspection (issue 3)
export const { introspectDatabase, specFromDatabase, pullDatabase } = api
// Driver settings for pg, PGlite and mysql2
export const { pgTypes, pgliteParsers, mysql2Options } = api
export default api
