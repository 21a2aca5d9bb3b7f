// The ESM entry's default export (index.mjs: `export default api`) is typed: package.json's
// `exports` gives `import` index.d.mts, which declares it as the whole API.
import api, { generateMigration } from 'migration-generator'

const viaDefault = api.generateMigration({ description: 'default import', databaseType: 'sqlite', tables: [] })
const valid: boolean = viaDefault.validation.valid
const sameFunction: typeof generateMigration = api.generateMigration
// @ts-expect-error the default export has no member the API lacks
api.generateMigrations
// @ts-expect-error its results are typed, not `any`
const notAString: string = viaDefault.validation.valid
export { valid, sameFunction, notAString }
