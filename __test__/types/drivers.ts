// The driver settings fit the drivers' own option types under --strict (no `any`).
import pg from 'pg'
import mysql from 'mysql2/promise'
import { pgTypes, pgliteParsers, mysql2Options } from '../../index.js'
import type { Mysql2TypeOptions, PgliteParsers, PgTypesConfig } from '../../index.js'

const types: PgTypesConfig = pgTypes(pg.types)
export const pool = new pg.Pool({ connectionString: 'postgresql://localhost/db', types })
export const client = new pg.Client({ types: pgTypes(pg.types) })
const parsed: unknown = types.getTypeParser(20, 'text')('1')

// PGlite's own `ParserOptions` (its declarations need @types/emscripten, so not imported here).
type PgliteParserOptions = { [pgType: number]: (value: string, typeId: number) => any }
const pgliteOptions: PgliteParsers = pgliteParsers()
export const embedded: PgliteParserOptions = pgliteOptions

const options: Mysql2TypeOptions = mysql2Options()
export const mysqlPool = mysql.createPool({ uri: 'mysql://localhost/db', ...options })
export const mysqlConnection = mysql.createConnection({ host: 'localhost', ...mysql2Options() })

// @ts-expect-error pgTypes needs pg's types module
pgTypes()
// @ts-expect-error the options are fixed
export const wrong: Mysql2TypeOptions = { ...options, dateStrings: false }
export { parsed }
