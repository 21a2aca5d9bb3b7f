#!/usr/bin/env node
'use strict'
// `npm run example`: generates the migration for a spec in examples/ and prints it.
// Usage: npm run example [-- path/to/spec.json] [-- --dialect postgresql]
const fs = require('node:fs')
const path = require('node:path')
const { generateMigration } = require('..')

const args = process.argv.slice(2)
const dialectAt = args.indexOf('--dialect')
const dialect = dialectAt >= 0 ? args.splice(dialectAt, 2)[1] : undefined
const file = args[0] || path.join(__dirname, 'create_orders_table.json')
const spec = JSON.parse(fs.readFileSync(file, 'utf8'))
if (dialect) spec.databaseType = dialect

const result = generateMigration(spec)
console.log(`# ${path.relative(process.cwd(), file)} (${spec.databaseType}) -> ${result.metadata.filename || '(invalid)'}\n`)
console.log(result.fileContent)
if (result.typeDefinitions) console.log(result.typeDefinitions)
for (const issue of [...result.validation.errors, ...result.validation.warnings]) {
  const where = [issue.table, issue.column, issue.constraint].filter(Boolean).join('.')
  console.log(`${issue.type.toUpperCase()} ${issue.code}${where ? ` (${where})` : ''}: ${issue.message}${issue.suggestion ? ` — ${issue.suggestion}` : ''}`)
}
process.exitCode = result.validation.valid ? 0 : 1
