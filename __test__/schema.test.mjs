// schema/migration-spec.schema.json: every spec JSON in the repository validates against it, it
// agrees with index.d.ts field by field, and what it accepts the generator accepts (and a few
// things it rejects, the generator rejects or flags too).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import os from 'node:os'
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
const require = createRequire(import.meta.url)
const Ajv2020 = require('ajv/dist/2020')
const ts = require('typescript')
const { generateMigration, specFromDatabase } = require('../index.js')

const repo = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const schema = JSON.parse(fs.readFileSync(path.join(repo, 'schema', 'migration-spec.schema.json'), 'utf8'))
const ajv = new Ajv2020({ allErrors: true, strict: true })
const validate = ajv.compile(schema)
const NOW = '2026-02-09T12:00:00Z'
const errorsOf = () => ajv.errorsText(validate.errors, { separator: '\n' })

/** Codes that mean the generator could not read the spec's shape (as opposed to its meaning). */
const SHAPE_ERRORS = new Set(['INVALID_SPEC', 'TYPE_MISMATCH', 'INVALID_DEFAULT', 'LIMIT_EXCEEDED'])
const shapeProblems = (r) => [
  ...r.validation.errors.filter((e) => SHAPE_ERRORS.has(e.code)),
  ...r.validation.warnings.filter((w) => w.code === 'UNKNOWN_FIELD'),
]

/**
 * Every spec JSON in the repository: examples/*.json, and __test__/fixtures/**\/*.json, where a
 * fixture is either a spec or `{ spec, dialects, expectErrors?, ... }` with the spec's
 * databaseType left out (one spec per dialect listed). `expectErrors` maps a dialect to the error
 * codes the generator must give for it.
 * @returns {{ where: string, spec: object, expectedCodes: string[] }[]}
 */
function repoSpecs() {
  const found = []
  for (const f of fs.readdirSync(path.join(repo, 'examples'))) {
    if (f.endsWith('.json')) found.push({ where: path.join('examples', f), spec: JSON.parse(fs.readFileSync(path.join(repo, 'examples', f), 'utf8')), expectedCodes: [] })
  }
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name.endsWith('.json')) {
        const where = path.relative(repo, p)
        const json = JSON.parse(fs.readFileSync(p, 'utf8'))
        const nested = json && typeof json === 'object' && !Array.isArray(json) && !('tables' in json) && json.spec && typeof json.spec === 'object'
        if (!nested) {
          found.push({ where, spec: json, expectedCodes: [] })
          continue
        }
        const expectErrors = json.expectErrors || {}
        const dialects = [...new Set([...(json.dialects || []), ...Object.keys(expectErrors)])]
        if ('databaseType' in json.spec || dialects.length === 0) {
          found.push({ where, spec: json.spec, expectedCodes: expectErrors[json.spec.databaseType] || [] })
        } else {
          for (const d of dialects) found.push({ where: `${where} (${d})`, spec: { ...json.spec, databaseType: d }, expectedCodes: expectErrors[d] || [] })
        }
      }
    }
  }
  walk(path.join(repo, '__test__', 'fixtures'))
  return found
}

test('the schema is a valid draft 2020-12 schema (ajv strict mode)', () => {
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema')
  assert.equal(typeof validate, 'function')
})

test('every spec JSON in the repository validates against the schema', () => {
  const specs = repoSpecs()
  assert.ok(specs.length >= 2, 'the examples at least')
  for (const { where, spec, expectedCodes } of specs) {
    const r = generateMigration({ ...spec, existingDbPath: undefined, now: spec.now ?? NOW })
    if (expectedCodes.length > 0) {
      // A fixture whose spec is wrong on purpose: its errors may be about meaning (which the
      // schema cannot see) or about shape (which it must). Either way, when the schema rejects
      // it, the generator must reject it as well.
      if (!validate(spec)) assert.ok(r.validation.errors.length > 0, `${where}: the schema rejects it, so must the generator`)
      continue
    }
    assert.equal(validate(spec), true, `${where}:\n${errorsOf()}`)
    // ...and the generator reads its shape without complaint.
    assert.deepEqual(shapeProblems(r), [], where)
  }
})

// --- The schema and index.d.ts agree --------------------------------------------------------

/** index.d.ts read with the TypeScript parser: interfaces (fields, optionality) and string unions. */
function declarations() {
  const file = path.join(repo, 'index.d.ts')
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
  const interfaces = new Map()
  const aliases = new Map()
  const literals = (node) => {
    if (ts.isUnionTypeNode(node)) return node.types.flatMap(literals)
    if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return [node.literal.text]
    if (ts.isTypeReferenceNode(node)) return { ref: node.typeName.getText() }
    return { other: node.getText() }
  }
  ts.forEachChild(source, (node) => {
    if (ts.isInterfaceDeclaration(node)) {
      const fields = new Map()
      for (const m of node.members) {
        if (!ts.isPropertySignature(m)) continue
        const name = ts.isStringLiteral(m.name) ? m.name.text : m.name.getText()
        fields.set(name, { optional: Boolean(m.questionToken), type: m.type })
      }
      interfaces.set(node.name.text, fields)
    } else if (ts.isTypeAliasDeclaration(node)) {
      aliases.set(node.name.text, node.type)
    }
  })
  const stringUnion = (typeNode) => {
    const out = literals(typeNode)
    return Array.isArray(out) ? out.slice().sort() : null
  }
  return { interfaces, aliases, stringUnion }
}

/** The schema object for a `$ref` or inline definition. */
// `#` is the whole schema (previousSpec is a MigrationSpec).
const resolve = (s) => (s && s.$ref ? (s.$ref === '#' ? schema : schema.$defs[s.$ref.replace('#/$defs/', '')]) : s)

test('the schema has exactly the fields of index.d.ts, with the same required ones', () => {
  const { interfaces } = declarations()
  const pairs = [
    ['MigrationSpec', schema],
    ['TableDefinition', schema.$defs.TableDefinition],
    ['ColumnDefinition', schema.$defs.ColumnDefinition],
    ['ForeignKeyDefinition', schema.$defs.ForeignKeyDefinition],
    ['UniqueConstraintDefinition', schema.$defs.UniqueConstraintDefinition],
    ['CheckConstraintDefinition', schema.$defs.CheckConstraintDefinition],
    ['IndexDefinition', schema.$defs.IndexDefinition],
    ['ExpressionDefault', schema.$defs.ExpressionDefault],
  ]
  for (const [name, def] of pairs) {
    const fields = interfaces.get(name)
    assert.ok(fields, `index.d.ts declares ${name}`)
    assert.deepEqual(Object.keys(def.properties).sort(), [...fields.keys()].sort(), `${name}: field names`)
    const required = [...fields].filter(([, f]) => !f.optional).map(([k]) => k).sort()
    assert.deepEqual((def.required || []).slice().sort(), required, `${name}: required fields`)
    assert.equal(def.additionalProperties, false, `${name}: no other fields`)
  }
})

test('the schema has the string unions of index.d.ts', () => {
  const { interfaces, aliases, stringUnion } = declarations()
  for (const name of ['DatabaseType', 'ColumnType', 'ForeignKeyAction', 'IndexType']) {
    assert.deepEqual(schema.$defs[name].enum.slice().sort(), stringUnion(aliases.get(name)), name)
  }
  assert.deepEqual(schema.properties.fileFormat.enum.slice().sort(), stringUnion(interfaces.get('MigrationSpec').get('fileFormat').type))
  // Field by field: every string-union-typed field points at the matching enum.
  assert.equal(schema.properties.databaseType.$ref, '#/$defs/DatabaseType')
  assert.equal(schema.$defs.ColumnDefinition.properties.type.$ref, '#/$defs/ColumnType')
  assert.equal(schema.$defs.IndexDefinition.properties.type.$ref, '#/$defs/IndexType')
  assert.equal(schema.$defs.ForeignKeyDefinition.properties.onDelete.$ref, '#/$defs/ForeignKeyAction')
  assert.equal(schema.$defs.ForeignKeyDefinition.properties.onUpdate.$ref, '#/$defs/ForeignKeyAction')
  // ColumnDefault: string | number | boolean | null | ExpressionDefault.
  const dflt = aliases.get('ColumnDefault').getText().split('|').map((s) => s.trim()).sort()
  assert.deepEqual(dflt, ['ExpressionDefault', 'boolean', 'null', 'number', 'string'])
  const branches = schema.$defs.ColumnDefault.anyOf.map((b) => b.type || b.$ref.replace('#/$defs/', '')).sort()
  assert.deepEqual(branches, dflt)
})

test('field types agree: booleans, numbers, strings and arrays where index.d.ts says so', () => {
  const { interfaces } = declarations()
  // A field that may also be null (`T | null`; `"type": [T, "null"]` or `anyOf` [T, null]) is `T?null`.
  const jsonType = (def) => {
    const d = resolve(def)
    if (Array.isArray(d.type) && d.type.length === 2 && d.type.includes('null')) return `${jsonType({ type: d.type.find((t) => t !== 'null') })}?null`
    if (d.anyOf && d.anyOf.length === 2 && d.anyOf.some((b) => b.type === 'null')) return `${jsonType(d.anyOf.find((b) => b.type !== 'null'))}?null`
    if (d.type) return d.type === 'integer' ? 'number' : d.type
    if (d.enum) return 'string'
    if (d.anyOf) return 'union'
    return 'unknown'
  }
  const tsType = (node) => {
    const isNull = (t) => ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword
    if (ts.isUnionTypeNode(node) && node.types.length === 2 && node.types.some(isNull)) return `${tsType(node.types.find((t) => !isNull(t)))}?null`
    const k = node.kind
    if (k === ts.SyntaxKind.BooleanKeyword) return 'boolean'
    if (k === ts.SyntaxKind.NumberKeyword) return 'number'
    if (k === ts.SyntaxKind.StringKeyword) return 'string'
    if (ts.isArrayTypeNode(node)) return 'array'
    if (ts.isUnionTypeNode(node) && node.types.every((t) => ts.isLiteralTypeNode(t))) return 'string'
    if (ts.isTypeReferenceNode(node)) return { ColumnDefault: 'union', MigrationSpec: 'object' }[node.typeName.getText()] ?? 'string'
    return node.getText()
  }
  const pairs = [
    ['MigrationSpec', schema],
    ['TableDefinition', schema.$defs.TableDefinition],
    ['ColumnDefinition', schema.$defs.ColumnDefinition],
    ['ForeignKeyDefinition', schema.$defs.ForeignKeyDefinition],
    ['IndexDefinition', schema.$defs.IndexDefinition],
  ]
  for (const [name, def] of pairs) {
    for (const [field, { type }] of interfaces.get(name)) {
      assert.equal(jsonType(def.properties[field]), tsType(type), `${name}.${field}`)
    }
  }
})

test('existingDbPath and previousSpec may be null (none): the schema and index.d.ts take it, as the generator does', () => {
  const spec = { description: 'no database', databaseType: 'sqlite', existingDbPath: null, previousSpec: null, tables: [{ name: 't', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }] }] }
  assert.equal(validate(spec), true, errorsOf())
  const r = generateMigration(spec)
  assert.equal(r.validation.valid, true, JSON.stringify(r.validation.errors))
  const fields = declarations().interfaces.get('MigrationSpec')
  for (const field of ['existingDbPath', 'previousSpec']) {
    const type = fields.get(field).type
    assert.ok(ts.isUnionTypeNode(type) && type.types.some((t) => t.getText() === 'null'), `index.d.ts: ${field}: ${type.getText()}`)
  }
})

// --- What the schema accepts, the generator accepts ------------------------------------------

/** Specs using every field of MigrationSpec, valid for the schema and for the generator. */
function everyFieldSpecs() {
  const types = schema.$defs.ColumnType.enum
  const out = []
  for (const databaseType of schema.$defs.DatabaseType.enum) {
    out.push({
      $schema: '../schema/migration-spec.schema.json',
      description: 'Every field, one spec',
      databaseType,
      fileFormat: 'numbered',
      generateTypes: true,
      now: '2026-02-09T12:00:00+01:00',
      timestamps: false,
      allowDataLoss: true,
      selfCheck: 'expressions',
      tables: [
        {
          name: 'accounts',
          description: 'Accounts',
          timestamps: true,
          columns: [
            { name: 'id', type: 'BIGINT', nullable: false, autoIncrement: true, description: 'key' },
            { name: 'email', type: 'VARCHAR', length: 320, nullable: false, unique: true },
            { name: 'code', type: 'CHAR', length: 8, nullable: false, default: 'AAAAAAAA' },
            { name: 'balance', type: 'DECIMAL', precision: 12, scale: 2, nullable: false, default: 0 },
            { name: 'ratio', type: 'NUMERIC', precision: 5, scale: 4, nullable: true, default: null },
            { name: 'active', type: 'BOOLEAN', nullable: false, default: true },
            { name: 'joined', type: 'TIMESTAMP', nullable: false, default: 'CURRENT_TIMESTAMP' },
            { name: 'slug', type: 'VARCHAR', length: 100, nullable: false, default: { expression: "lower('X')" } },
            ...types.map((t, i) => ({ name: `any_${i}`, type: t, nullable: true })),
          ],
          uniqueConstraints: [{ name: 'uq_accounts_code_email', columns: ['code', 'email'] }],
          checkConstraints: [{ name: 'chk_accounts_balance', expression: 'balance >= 0' }],
          indexes: [
            { name: 'idx_accounts_active', columns: ['active', 'joined'], unique: false, type: 'btree' },
            ...(databaseType === 'mysql' ? [] : [{ name: 'idx_accounts_positive', columns: ['balance'], unique: false, where: 'balance > 0' }]),
          ],
        },
        {
          name: 'transfers',
          primaryKey: ['id'],
          columns: [
            { name: 'id', type: 'UUID', nullable: false },
            { name: 'account_id', type: 'BIGINT', nullable: false },
            { name: 'amount', type: 'DECIMAL', precision: 12, scale: 2, nullable: false },
          ],
          foreignKeys: [{ columns: ['account_id'], referencedTable: 'accounts', referencedColumns: ['id'], onDelete: 'RESTRICT', onUpdate: 'NO ACTION' }],
        },
      ],
    })
  }
  out.push({ description: 'minimal', databaseType: 'sqlite', tables: [{ name: 't', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }] }] })
  out.push({ description: 'naive_now', databaseType: 'postgresql', now: '2026-02-09 12:00:00', tables: [] })
  // Descriptions in other scripts name the file too (`dobavit_polzovateley`, or `migration`):
  // the schema's pattern had taken only ASCII letters and digits (a README audit).
  for (const description of ['Добавить пользователей', '添加用户', 'Ελληνικά']) {
    out.push({ description, databaseType: 'sqlite', tables: [] })
  }
  return out
}

test('specs the schema accepts, the generator accepts (every field, every dialect)', () => {
  for (const spec of everyFieldSpecs()) {
    assert.equal(validate(spec), true, `${spec.description}/${spec.databaseType}:\n${errorsOf()}`)
    const r = generateMigration(spec)
    assert.deepEqual(r.validation.errors, [], `${spec.description}/${spec.databaseType}`)
    assert.equal(r.validation.valid, true)
    assert.deepEqual(shapeProblems(r), [])
  }
})

test('an index without unique: the schema accepts it (default false) and the generator makes a non-unique index', () => {
  assert.equal(schema.$defs.IndexDefinition.properties.unique.default, false)
  assert.ok(!schema.$defs.IndexDefinition.required.includes('unique'))
  for (const databaseType of schema.$defs.DatabaseType.enum) {
    const spec = {
      description: 'index without unique',
      databaseType,
      now: NOW,
      tables: [{
        name: 't',
        columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }, { name: 'a', type: 'INTEGER', nullable: true }],
        indexes: [{ name: 'idx_t_a', columns: ['a'] }],
      }],
    }
    assert.equal(validate(spec), true, `${databaseType}:\n${errorsOf()}`)
    const r = generateMigration(spec)
    assert.deepEqual(r.validation.errors, [], databaseType)
    assert.deepEqual(shapeProblems(r), [], databaseType)
    const index = r.upMigration.split('\n').filter((l) => /\bINDEX\b/.test(l))
    assert.equal(index.length, 1, `${databaseType}: ${r.upMigration}`)
    assert.match(index[0], /^CREATE INDEX\b.*\bidx_t_a\b/, databaseType)
    assert.doesNotMatch(r.upMigration, /UNIQUE/, databaseType)
    // The same as `unique: false` written out.
    const explicit = generateMigration({ ...spec, tables: [{ ...spec.tables[0], indexes: [{ name: 'idx_t_a', columns: ['a'], unique: false }] }] })
    assert.equal(r.upMigration, explicit.upMigration, databaseType)
    assert.equal(r.downMigration, explicit.downMigration, databaseType)
  }
})

test('specs the schema rejects: the generator rejects or flags them too', () => {
  const base = () => ({ description: 'x', databaseType: 'sqlite', now: NOW, tables: [{ name: 't', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }] }] })
  const col = (spec) => spec.tables[0].columns[0]
  const cases = [
    ['misspelled column field', (s) => (col(s).nulable = true)],
    ['misspelled top-level field', (s) => (s.generateType = true)],
    ['wrong databaseType', (s) => (s.databaseType = 'oracle')],
    ['databaseType missing', (s) => delete s.databaseType],
    ['lowercase column type', (s) => (col(s).type = 'integer')],
    ['nullable missing', (s) => delete col(s).nullable],
    ['nullable as a string', (s) => (col(s).nullable = 'no')],
    ['length as a string', (s) => (col(s).length = '10')],
    ['negative length', (s) => (col(s).length = -1)],
    ['array default', (s) => (col(s).default = [1])],
    ['expression default with another key', (s) => (col(s).default = { expression: '1', raw: true })],
    ['bad fileFormat', (s) => (s.fileFormat = 'dated')],
    ['bad now', (s) => (s.now = 'yesterday')],
    ['tables not an array', (s) => (s.tables = {})],
    ['no columns', (s) => (s.tables[0].columns = [])],
    ['empty primaryKey', (s) => (s.tables[0].primaryKey = [])],
    ['bad onDelete', (s) => (s.tables[0].foreignKeys = [{ columns: ['id'], referencedTable: 't', referencedColumns: ['id'], onDelete: 'DELETE' }])],
    ['bad index type', (s) => (s.tables[0].indexes = [{ name: 'idx_t', columns: ['id'], unique: false, type: 'brin' }])],
    ['description with no letter or digit', (s) => (s.description = '---')],
    ['table name not snake_case', (s) => (s.tables[0].name = 'Accounts')],
  ]
  for (const [what, change] of cases) {
    const spec = base()
    change(spec)
    assert.equal(validate(spec), false, `the schema rejects: ${what}`)
    const r = generateMigration(spec)
    const flagged = r.validation.errors.length > 0 || r.validation.warnings.some((w) => w.code === 'UNKNOWN_FIELD')
    assert.ok(flagged, `the generator rejects or flags: ${what} ${JSON.stringify(r.validation)}`)
  }
  assert.equal(validate(base()), true, 'the unchanged base is valid')
})

test('a spec pulled from a database (specFromDatabase) validates against the schema', () => {
  const db = path.join(repo, '__test__', 'data', 'app.db')
  for (const databaseType of schema.$defs.DatabaseType.enum) {
    const spec = specFromDatabase(db, databaseType)
    assert.equal(validate(spec), true, `${databaseType}:\n${errorsOf()}`)
  }
})

// --- Names: what the generator takes in some places only ---------------------------------------

test("the README's Prisma example (a table marked existing named \"User\") validates, and the generator takes it", () => {
  const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8')
  const line = readme.split('\n').find((l) => l.startsWith('{ "name": "User", "existing": true'))
  assert.ok(line, 'the README shows the Prisma example')
  const user = JSON.parse(line.replace(/,\s*$/, ''))
  const memberships = {
    name: 'memberships',
    columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }, { name: 'user_id', type: 'INTEGER', nullable: false }],
    foreignKeys: [{ columns: ['user_id'], referencedTable: 'User', referencedColumns: ['id'] }],
  }
  for (const databaseType of schema.$defs.DatabaseType.enum) {
    const spec = { description: 'add memberships', databaseType, now: NOW, tables: [user, memberships] }
    assert.equal(validate(spec), true, `${databaseType}:\n${errorsOf()}`)
    const r = generateMigration(spec)
    assert.deepEqual(r.validation.errors, [], databaseType)
  }
  // Prisma's other names of such a table: camelCase columns, its keys' and indexes' names.
  const prisma = {
    name: 'User',
    existing: true,
    columns: [{ name: 'id', type: 'INTEGER', nullable: false }, { name: 'tenantId', type: 'INTEGER', nullable: false }, { name: 'email', type: 'TEXT', nullable: false }],
    primaryKey: ['id'],
    uniqueConstraints: [{ name: 'User_email_key', columns: ['email'] }],
    indexes: [{ name: 'User_tenantId_idx', columns: ['tenantId'] }],
  }
  for (const databaseType of schema.$defs.DatabaseType.enum) {
    const spec = { description: 'add memberships', databaseType, now: NOW, tables: [prisma, memberships] }
    assert.equal(validate(spec), true, `${databaseType}:\n${errorsOf()}`)
    assert.deepEqual(generateMigration(spec).validation.errors, [], databaseType)
  }
})

test('introspect --json of a database with an index named IDX_posts_title validates, and the generator takes it against that database', async () => {
  const SQL = await require('sql.js')()
  const made = new SQL.Database()
  made.run('CREATE TABLE posts (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, CONSTRAINT CHK_posts_title CHECK (length(title) > 0)); CREATE INDEX IDX_posts_title ON posts (title)')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-schema-names-'))
  const db = path.join(dir, 'q.db')
  fs.writeFileSync(db, made.export())
  made.close()
  const out = spawnSync(process.execPath, [path.join(repo, 'bin', 'migration-generator.js'), 'introspect', db, '--json'], { encoding: 'utf8' })
  assert.equal(out.status, 0, out.stderr)
  const spec = JSON.parse(out.stdout)
  assert.deepEqual(spec.tables[0].indexes.map((i) => i.name), ['IDX_posts_title'])
  assert.deepEqual(spec.tables[0].checkConstraints.map((c) => c.name), ['CHK_posts_title'])
  assert.equal(validate(spec), true, errorsOf())
  const r = generateMigration({ ...spec, existingDbPath: db, now: NOW })
  assert.deepEqual(r.validation.errors, [])
  assert.ok(r.validation.warnings.some((w) => w.code === 'NO_CHANGES'), JSON.stringify(r.validation.warnings))
  assert.equal(validate({ ...spec, existingDbPath: db }), true, errorsOf())
  // On PostgreSQL no database is read: IDX_posts_title is a name the migration creates, refused by both.
  const onPostgres = { ...spec, databaseType: 'postgresql', leftOut: undefined, now: NOW }
  assert.equal(validate(JSON.parse(JSON.stringify(onPostgres))), false, 'the schema refuses IDX_posts_title on PostgreSQL')
  assert.ok(generateMigration(onPostgres).validation.errors.some((e) => e.code === 'INVALID_CONSTRAINT_NAME'))
})

test('names the generator refuses, the schema refuses where it can tell', () => {
  const table = () => ({ name: 't', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }, { name: 'a_id', type: 'INTEGER', nullable: true }] })
  const other = { name: 'a', existing: true, columns: [{ name: 'id', type: 'INTEGER', nullable: false }], primaryKey: ['id'] }
  const cases = [
    ['sqlite', 'a new column named in camelCase', (t) => (t.columns[1].name = 'aId')],
    ['mysql', 'a new index named in capitals', (t) => (t.indexes = [{ name: 'IDX_t_a', columns: ['a_id'] }])],
    ['postgresql', 'a unique constraint named in capitals', (t) => (t.uniqueConstraints = [{ name: 'UQ_t_a', columns: ['a_id'] }])],
    ['mysql', 'a check named in capitals', (t) => (t.checkConstraints = [{ name: 'CHK_t_a', expression: 'a_id > 0' }])],
    ['postgresql', 'a foreign key named in capitals', (t) => (t.foreignKeys = [{ columns: ['a_id'], referencedTable: 'a', referencedColumns: ['id'], name: 'FK_t_a' }])],
    ['sqlite', 'a table marked existing with a line break in its name', (t) => Object.assign(t, { name: 'T\nx', existing: true, primaryKey: ['id'] })],
    ['postgresql', 'a column of a table marked existing with a tab in its name', (t) => Object.assign(t, { existing: true, primaryKey: ['id'] }, { columns: [t.columns[0], { name: 'a\tb', type: 'INTEGER', nullable: true }] })],
    ['postgresql', 'an empty index name of a table marked existing', (t) => Object.assign(t, { existing: true, primaryKey: ['id'], indexes: [{ name: '', columns: ['a_id'] }] })],
    ['sqlite', 'a primary key column in capitals of a new table', (t) => Object.assign(t, { columns: [{ name: 'ID', type: 'INTEGER', nullable: false }, t.columns[1]], primaryKey: ['ID'] })],
  ]
  for (const [databaseType, what, change] of cases) {
    const t = table()
    change(t)
    const spec = { description: 'names', databaseType, now: NOW, tables: [other, t] }
    assert.equal(validate(spec), false, `the schema refuses ${what}`)
    assert.ok(generateMigration(spec).validation.errors.length > 0, `the generator refuses ${what}`)
  }
  // What the generator takes on SQLite only (a foreign key's name, which it does not read), the
  // schema takes there.
  const fk = table()
  fk.foreignKeys = [{ columns: ['a_id'], referencedTable: 'a', referencedColumns: ['id'], name: 'FK_t_a' }]
  const onSqlite = { description: 'names', databaseType: 'sqlite', now: NOW, tables: [other, fk] }
  assert.equal(validate(onSqlite), true, errorsOf())
  assert.deepEqual(generateMigration(onSqlite).validation.errors, [])
})
