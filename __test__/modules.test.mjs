// The package loads from CommonJS and ESM (by path and by its own name), both give the same
// functions, and index.d.ts declares exactly the runtime exports, with no `any`.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
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
