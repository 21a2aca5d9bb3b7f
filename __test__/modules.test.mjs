// The package loads from CommonJS and ESM (by path and by its own name), both give the same
// functions, and index.d.ts declares exactly the runtime exports, with no `any`.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import * as esm from '../index.mjs'
import esmDefault from '../index.mjs'
const require = createRequire(import.meta.url)
const cjs = require('../index.js')
const ts = require('typescript')

const repo = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const NOW = '2026-02-09T12:00:00Z'
const spec = { description: 'create_things', databaseType: 'sqlite', now: NOW, tables: [{ name: 'things', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }] }] }

test('ESM and CJS export the same names and the very same functions', () => {
  const esmNames = Object.keys(esm).filter((k) => k !== 'default').sort()
  assert.deepEqual(esmNames, Object.keys(cjs).sort())
  for (const name of esmNames) assert.equal(esm[name], cjs[name], name)
  assert.equal(esmDefault, cjs)
  assert.ok(esmNames.includes('generateMigration') && esmNames.includes('writeMigrationFiles') && esmNames.includes('MigrationGeneratorError'))
})

test('the package by its own name: require and import (package.json exports)', async () => {
  const byName = await import('migration-generator')
  assert.equal(byName.generateMigration, cjs.generateMigration)
  assert.equal(require('migration-generator'), cjs)
  assert.equal(require.resolve('migration-generator'), path.join(repo, 'index.js'))
})

test('a CommonJS program and an ES module program each generate a migration', () => {
  const cjsProgram = `const m = require(${JSON.stringify(repo)}); const r = m.generateMigration(${JSON.stringify(spec)}); if (!(new m.MigrationGeneratorError('FILE_EXISTS', 'x') instanceof Error)) process.exit(3); process.stdout.write(r.metadata.filename)`
  const esmProgram = `import { generateMigrationAsync, MigrationGeneratorError } from ${JSON.stringify(path.join(repo, 'index.mjs'))}; const r = await generateMigrationAsync(${JSON.stringify(spec)}); if (!(new MigrationGeneratorError('FILE_EXISTS', 'x') instanceof Error)) process.exit(3); process.stdout.write(r.metadata.filename)`
  for (const [args, what] of [[['-e', cjsProgram], 'CommonJS'], [['--input-type=module', '-e', esmProgram], 'ESM']]) {
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' })
    assert.equal(r.status, 0, `${what}: ${r.stderr}`)
    assert.equal(r.stdout, '20260209120000_create_things.sql', what)
  }
})

/** The names index.d.ts exports as values (functions, classes, consts). */
function declaredValues() {
  const file = path.join(repo, 'index.d.ts')
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
  const names = []
  const exported = (node) => node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
  ts.forEachChild(source, (node) => {
    if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && exported(node) && node.name) names.push(node.name.text)
    if (ts.isVariableStatement(node) && exported(node)) for (const d of node.declarationList.declarations) names.push(d.name.getText())
    if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.exportClause && ts.isNamedExports(node.exportClause)) {
      for (const e of node.exportClause.elements) if (!e.isTypeOnly) names.push(e.name.text)
    }
  })
  return { source, names: [...new Set(names)].sort() }
}

test('index.d.ts declares exactly the runtime exports', () => {
  const { names } = declaredValues()
  assert.deepEqual(names, Object.keys(cjs).sort())
  for (const name of names) assert.equal(typeof cjs[name], 'function', name)
})

test('index.d.ts has no any', () => {
  const { source } = declaredValues()
  const found = []
  const visit = (node) => {
    if (node.kind === ts.SyntaxKind.AnyKeyword) found.push(`line ${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`)
    ts.forEachChild(node, visit)
  }
  visit(source)
  assert.deepEqual(found, [])
})

test('TypeScript consumers: the default and the named exports under moduleResolution bundler and nodenext (index.d.mts for import, index.d.ts for require)', (t) => {
  // `import mg from 'migration-generator'` had failed under module esnext / moduleResolution
  // bundler without allowSyntheticDefaultImports (TS1192: index.d.ts declared no default export).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-ts-consumer-'))
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }))
  fs.mkdirSync(path.join(dir, 'node_modules'))
  fs.symlinkSync(repo, path.join(dir, 'node_modules', 'migration-generator'), 'dir')
  // No "type": a .ts file is CommonJS under nodenext.
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true }))
  const names = Object.keys(cjs)
  // The default export has exactly the runtime object's members (a missing one or an extra one
  // fails the Record), each the very type of the named export.
  const body = (importLines) => `${importLines}
const spec: MigrationSpec = { description: 'x', databaseType: 'sqlite', tables: [{ name: 't', columns: [{ name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true }], indexes: [{ name: 'idx_t_id', columns: ['id'] }] }] }
const viaDefault: GeneratedMigration = mg.generateMigration(spec)
const viaName: GeneratedMigration = generateMigration(spec)
const members: Record<keyof typeof mg, true> = { ${names.map((n) => `${n}: true`).join(', ')} }
${names.map((n) => `const same_${n}: typeof named.${n} = mg.${n}; const back_${n}: typeof mg.${n} = named.${n}`).join('\n')}
// @ts-expect-error the default export has no member the API lacks
mg.generateMigrations
// @ts-expect-error its results are typed, not any
const notAString: string = viaDefault.validation.valid
export { viaDefault, viaName, members, notAString, ${names.map((n) => `same_${n}, back_${n}`).join(', ')} }
`
  const esm = `import mg, { generateMigration } from 'migration-generator'
import * as named from 'migration-generator'
import type { MigrationSpec, GeneratedMigration } from 'migration-generator'`
  fs.writeFileSync(path.join(dir, 'consumer.mts'), body(esm))
  fs.writeFileSync(path.join(dir, 'consumer.ts'), body(esm))
  // CommonJS typing: `import x = require(...)` reads index.d.ts, as before.
  fs.writeFileSync(path.join(dir, 'consumer.cts'), body(`import mg = require('migration-generator')
import named = require('migration-generator')
const { generateMigration } = named
type MigrationSpec = named.MigrationSpec
type GeneratedMigration = named.GeneratedMigration`))
  const tsc = path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc')
  const settings = [
    ['bundler', ['--module', 'esnext', '--moduleResolution', 'bundler', '--allowSyntheticDefaultImports', 'false'], ['consumer.mts', 'consumer.ts'], 'index.d.mts'],
    ['bundler', ['--module', 'esnext', '--moduleResolution', 'bundler'], ['consumer.mts', 'consumer.ts'], 'index.d.mts'],
    ['nodenext (ESM)', ['--module', 'nodenext', '--moduleResolution', 'nodenext'], ['consumer.mts'], 'index.d.mts'],
    ['nodenext (CommonJS)', ['--module', 'nodenext', '--moduleResolution', 'nodenext'], ['consumer.ts', 'consumer.cts'], null],
  ]
  for (const [what, options, files, mts] of settings) {
    for (const file of files) {
      const r = spawnSync(process.execPath, [tsc, '--strict', '--noEmit', '--target', 'es2022', '--types', 'node', '--typeRoots', path.join(repo, 'node_modules', '@types'), '--listFiles', ...options, file], { encoding: 'utf8', cwd: dir })
      assert.equal(r.status, 0, `${what} ${options.join(' ')} ${file}:\n${r.stdout}${r.stderr}`)
      const read = r.stdout.split('\n').filter((l) => path.dirname(l) === fs.realpathSync(repo)).map((l) => path.basename(l))
      if (mts) assert.ok(read.includes(mts), `${what} ${file} reads ${mts}: ${read}`)
      else assert.deepEqual(read, ['index.d.ts'], `${what} ${file} reads index.d.ts only`)
    }
  }
})

test('package.json: import and require each have their types, and index.d.mts is published', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'))
  assert.deepEqual(pkg.exports['.'], {
    import: { types: './index.d.mts', default: './index.mjs' },
    require: { types: './index.d.ts', default: './index.js' },
  })
  assert.equal(pkg.types, 'index.d.ts')
  for (const f of ['index.d.ts', 'index.d.mts', 'index.mjs', 'index.js']) assert.ok(pkg.files.includes(f), f)
})

/** The string literals of the union type alias `name` in index.d.ts (null when it is not one). */
function declaredUnion(name) {
  const { source } = declaredValues()
  let found = null
  ts.forEachChild(source, (node) => {
    if (ts.isTypeAliasDeclaration(node) && node.name.text === name) {
      const members = ts.isUnionTypeNode(node.type) ? node.type.types : [node.type]
      found = members.map((m) => (ts.isLiteralTypeNode(m) && ts.isStringLiteral(m.literal) ? m.literal.text : `<not a string literal: ${m.getText()}>`))
    }
  })
  return found
}

/** The type of a property of an interface of index.d.ts, as written. */
function declaredPropertyType(interfaceName, property) {
  const { source } = declaredValues()
  let found = null
  ts.forEachChild(source, (node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === interfaceName) {
      for (const m of node.members) if (ts.isPropertySignature(m) && m.name.getText() === property) found = m.type.getText()
    }
  })
  return found
}

/** The Rust sources without their `#[cfg(test)]` modules (which quote codes in assertions). */
const rustSources = () =>
  fs
    .readdirSync(path.join(repo, 'src'), { recursive: true })
    .filter((f) => f.endsWith('.rs'))
    .map((f) => ({ file: f, text: fs.readFileSync(path.join(repo, 'src', f), 'utf8').split('#[cfg(test)]')[0] }))

/** Every code the Rust core can report: `Code::as_str`'s strings, one for each variant of the enum. */
function rustCodes() {
  const report = fs.readFileSync(path.join(repo, 'src', 'report.rs'), 'utf8')
  const variants = [.../pub enum Code \{([\s\S]*?)\n\}/.exec(report)[1].matchAll(/^\s*([A-Z][A-Za-z]*),/gm)].map((m) => m[1])
  const strings = new Map([...report.matchAll(/Code::([A-Za-z]+) => "([A-Z_]+)"/g)].map((m) => [m[1], m[2]]))
  assert.ok(variants.length > 40, `the enum was read: ${variants}`)
  assert.deepEqual([...strings.keys()].sort(), [...variants].sort(), 'as_str gives every variant its string')
  return new Set(strings.values())
}

test('ValidationIssue.code is ValidationCode, which lists exactly the codes the Rust core reports', () => {
  assert.equal(declaredPropertyType('ValidationIssue', 'code'), 'ValidationCode')
  const declared = declaredUnion('ValidationCode')
  assert.ok(declared, 'index.d.ts declares ValidationCode')
  assert.equal(new Set(declared).size, declared.length, 'no code twice')
  const rust = rustCodes()
  assert.deepEqual([...declared].sort(), [...rust].sort())
  // A code written as text outside the enum (a result the core writes by hand when serialising
  // fails, the JavaScript layer's own failure results) is one of them too.
  const literal = []
  for (const { file, text } of rustSources()) for (const m of text.matchAll(/"code":"([A-Z_]+)"/g)) literal.push(`${file}: ${m[1]}`)
  const js = fs.readFileSync(path.join(repo, 'index.js'), 'utf8')
  for (const m of js.matchAll(/failure\('([A-Z_]+)'/g)) literal.push(`index.js: ${m[1]}`)
  assert.ok(literal.some((l) => l.startsWith('index.js: INVALID_SPEC')) && literal.some((l) => l.startsWith('output.rs: INTERNAL_ERROR')), `found the hand-written codes: ${literal}`)
  for (const l of literal) assert.ok(declared.includes(l.split(': ')[1]), `${l} is a ValidationCode`)
})

test('ValidationCode: the codes results carry are of it (INVALID_SPEC from JavaScript, UNKNOWN_FIELD, RESERVED_KEYWORD …)', () => {
  const declared = new Set(declaredUnion('ValidationCode'))
  const seen = new Set()
  const note = (r) => [...r.validation.errors, ...r.validation.warnings].forEach((i) => seen.add(i.code))
  note(cjs.generateMigration(42))
  note(cjs.generateMigration({ ...spec, tables: [{ ...spec.tables[0], indexs: [] }] }))
  note(cjs.generateMigration({ ...spec, databaseType: 'mysql', tables: [{ name: 'order', columns: [{ name: 'id', type: 'UUID', nullable: false }], primaryKey: ['id'], indexes: [{ name: 'i', columns: ['id'], type: 'hash' }] }] }))
  assert.ok(seen.size >= 4, [...seen].join(', '))
  for (const code of seen) assert.ok(declared.has(code), code)
})

test('MigrationGeneratorErrorCode lists every code the package throws', () => {
  const declared = declaredUnion('MigrationGeneratorErrorCode')
  assert.ok(declared, 'index.d.ts declares MigrationGeneratorErrorCode')
  const thrown = new Set()
  // The codes written in the JavaScript layer (`new MigrationGeneratorError('X'`, files.js's `fail('X'`).
  for (const file of ['index.js', ...fs.readdirSync(path.join(repo, 'lib')).filter((f) => f.endsWith('.js') && f !== 'cli.js').map((f) => `lib/${f}`)]) {
    const text = fs.readFileSync(path.join(repo, file), 'utf8')
    for (const m of text.matchAll(/(?:new MigrationGeneratorError|\bfail)\(\s*'([A-Z_]+)'/g)) thrown.add(m[1])
  }
  assert.ok(thrown.has('INVALID_ARGUMENT') && thrown.has('FILE_EXISTS'), [...thrown].join(', '))
  // introspect.js throws the code of the native reader's error: one of those src/introspect.rs
  // reports, or INTERNAL_ERROR for a panic caught while reading (src/lib.rs's `internal_error`).
  const report = fs.readFileSync(path.join(repo, 'src', 'report.rs'), 'utf8')
  const strings = new Map([...report.matchAll(/Code::([A-Za-z]+) => "([A-Z_]+)"/g)].map((m) => [m[1], m[2]]))
  const reader = fs.readFileSync(path.join(repo, 'src', 'introspect.rs'), 'utf8').split('#[cfg(test)]')[0]
  for (const m of reader.matchAll(/(?<![A-Za-z])Code::([A-Za-z]+)/g)) thrown.add(strings.get(m[1]))
  thrown.add('INTERNAL_ERROR')
  assert.ok(thrown.has('DB_LOCKED'), [...thrown].join(', '))
  for (const code of thrown) assert.ok(declared.includes(code), `${code} is a MigrationGeneratorErrorCode`)
})

test("README's exports table names every export of the package, and nothing else", () => {
  const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8')
  const table = /\| Export \| What it does \|\n\| --- \| --- \|\n((?:\|.*\n)+)/.exec(readme)
  assert.ok(table, 'README has the exports table')
  const named = new Set()
  for (const row of table[1].split('\n').filter(Boolean)) {
    const first = row.split('|')[1]
    for (const m of first.matchAll(/`([A-Za-z0-9]+)/g)) named.add(m[1])
  }
  assert.deepEqual([...named].sort(), Object.keys(cjs).sort())
})

/** README's "Validation codes" table: each code's Kind column (`error`, `warning`, `error / warning`). */
function readmeKinds() {
  const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8')
  return new Map([...readme.matchAll(/^\| `([A-Z_]+)` \| (error|warning|error \/ warning) \|/gm)].map((m) => [m[1], m[2]]))
}

test("README's Validation codes table: every code the core reports as a warning is documented as one, and every error as one (the Kind column)", () => {
  const kinds = readmeKinds()
  const report = fs.readFileSync(path.join(repo, 'src', 'report.rs'), 'utf8')
  const strings = new Map([...report.matchAll(/Code::([A-Za-z]+) => "([A-Z_]+)"/g)].map((m) => [m[1], m[2]]))
  const made = []
  for (const { file, text } of rustSources()) {
    for (const m of text.matchAll(/Issue::(error|warning)\(\s*(?:crate::report::)?Code::([A-Za-z]+)/g)) made.push({ file, type: m[1], code: strings.get(m[2]) })
  }
  assert.ok(made.length > 100, `found the issues the core makes: ${made.length}`)
  for (const { file, type, code } of made) {
    assert.ok(kinds.has(code), `${code} (${file}) has a row`)
    assert.ok(kinds.get(code).split(' / ').includes(type), `${code} is made as ${type} in ${file}, README says ${kinds.get(code)}`)
  }
})

test('INVALID_FOREIGN_KEY and INVALID_COLUMN_NAME are warnings against a SQLite database that already has the key or the column, errors otherwise, as README says', async () => {
  const SQL = await require('sql.js')()
  const made = new SQL.Database()
  made.run(`CREATE TABLE parents (id INTEGER PRIMARY KEY);
CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parents(id) ON DELETE SET NULL, "__proto__" TEXT);`)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-kinds-'))
  try {
    const db = path.join(dir, 'app.db')
    fs.writeFileSync(db, made.export())
    made.close()
    const pulled = cjs.specFromDatabase(db)
    const issues = (r) => [...r.validation.errors, ...r.validation.warnings].filter((i) => i.code !== 'NO_CHANGES' && i.code !== 'DOWN_DATA_LOSS').map((i) => `${i.type} ${i.code} ${i.column}`).sort()
    const against = cjs.generateMigration({ ...pulled, description: 'x', now: NOW, existingDbPath: db })
    assert.equal(against.validation.valid, true, JSON.stringify(against.validation.errors))
    assert.deepEqual(issues(against), ['warning INVALID_COLUMN_NAME __proto__', 'warning INVALID_FOREIGN_KEY parent_id'])
    assert.deepEqual(against.metadata.operations.map((o) => o.operation), ['SKIP', 'SKIP'])
    // No change to a database it read: operationType says ALTER (see MigrationMetadata.operationType), nothing is affected.
    assert.equal(against.metadata.operationType, 'ALTER')
    assert.deepEqual(against.metadata.tablesAffected, [])
    const fresh = cjs.generateMigration({ ...pulled, description: 'x', now: NOW })
    assert.deepEqual(issues(fresh), ['error INVALID_COLUMN_NAME __proto__', 'error INVALID_FOREIGN_KEY parent_id'])
    const kinds = readmeKinds()
    assert.equal(kinds.get('INVALID_FOREIGN_KEY'), 'error / warning')
    assert.equal(kinds.get('INVALID_COLUMN_NAME'), 'error / warning')
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('the packed tarball works on its own: require, import and the command line, from node_modules of another folder', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-pack-'))
  try {
    const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: repo, encoding: 'utf8' })
    assert.equal(packed.status, 0, packed.stderr)
    const [{ filename, files }] = JSON.parse(packed.stdout)
    const shipped = files.map((f) => f.path)
    assert.ok(shipped.some((f) => /^migration-generator\.[a-z0-9-]+\.node$/.test(f)), `no binary in ${shipped}`)
    for (const f of ['index.js', 'index.mjs', 'index.d.ts', 'native.js', 'lib/addon.js', 'lib/cli.js', 'bin/migration-generator.js', 'LICENSE', 'README.md']) assert.ok(shipped.includes(f), f)
    assert.ok(!shipped.some((f) => f.startsWith('src/') || f.startsWith('__test__/') || f === 'Cargo.toml'), `${shipped}`)
    const installed = path.join(dir, 'app', 'node_modules', 'migration-generator')
    fs.mkdirSync(installed, { recursive: true })
    const untar = spawnSync('tar', ['-xzf', path.join(dir, filename), '-C', installed, '--strip-components=1'])
    assert.equal(untar.status, 0, String(untar.stderr))
    const app = path.join(dir, 'app')
    const run = (args) => spawnSync(process.execPath, args, { cwd: app, encoding: 'utf8', env: { PATH: process.env.PATH } })
    const cjsRun = run(['-e', `process.stdout.write(require('migration-generator').generateMigration(${JSON.stringify(spec)}).metadata.filename)`])
    assert.equal(cjsRun.stdout, '20260209120000_create_things.sql', cjsRun.stderr)
    const esmRun = run(['--input-type=module', '-e', `import { generateMigration } from 'migration-generator'; process.stdout.write(generateMigration(${JSON.stringify(spec)}).metadata.filename)`])
    assert.equal(esmRun.stdout, '20260209120000_create_things.sql', esmRun.stderr)
    fs.writeFileSync(path.join(app, 'spec.json'), JSON.stringify(spec))
    const cli = run([path.join(installed, 'bin', 'migration-generator.js'), 'check', 'spec.json'])
    assert.equal(cli.status, 0, cli.stderr)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
