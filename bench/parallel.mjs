#!/usr/bin/env node
// Speed-up of generateMigrationAsync + Promise.all over generating one by one (not part of
// `npm test`). Usage: node bench/parallel.mjs [COUNT] [TABLES]   (defaults 200 specs × 10 tables)
// generateMigrationAsync runs on the library's own threads, one per core; the speed-up is bounded by cores.
import os from 'node:os'
import { createRequire } from 'node:module'
const require = createRequire(import.meta.url)
const { generateMigration, generateMigrationAsync } = require('../index.js')

const count = Number(process.argv[2] || 200)
const tableCount = Number(process.argv[3] || 10)
const dialects = ['sqlite', 'postgresql', 'mysql']

function spec(i) {
  const tables = []
  for (let t = 0; t < tableCount; t++) {
    tables.push({
      name: `table_${t}`,
      columns: [
        { name: 'id', type: 'INTEGER', nullable: false, autoIncrement: true },
        { name: 'name', type: 'VARCHAR', length: 200, nullable: false },
        { name: 'amount', type: 'DECIMAL', precision: 12, scale: 2, nullable: false, default: 0 },
        { name: 'note', type: 'TEXT', nullable: true },
        ...(t > 0 ? [{ name: 'parent_id', type: 'INTEGER', nullable: true }] : []),
      ],
      foreignKeys: t > 0 ? [{ columns: ['parent_id'], referencedTable: `table_${t - 1}`, referencedColumns: ['id'], onDelete: 'SET NULL' }] : [],
      indexes: [{ name: `idx_table_${t}_name`, columns: ['name'], unique: false }],
      checkConstraints: [{ name: `chk_table_${t}_amount`, expression: 'amount >= 0' }],
    })
  }
  return { description: `bench_${i}`, databaseType: dialects[i % 3], generateTypes: true, now: '2026-02-09T12:00:00Z', tables }
}

const specs = Array.from({ length: count }, (_, i) => spec(i))
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6

// Warm up both paths.
generateMigration(specs[0])
await generateMigrationAsync(specs[0])

let t0 = process.hrtime.bigint()
const sequential = specs.map((s) => generateMigration(s))
const tSeq = ms(t0)

t0 = process.hrtime.bigint()
const concurrent = await Promise.all(specs.map((s) => generateMigrationAsync(s)))
const tPar = ms(t0)

const same = sequential.every((r, i) => JSON.stringify(r) === JSON.stringify(concurrent[i]))
const invalid = sequential.filter((r) => !r.validation.valid).length
console.log(`${count} specs × ${tableCount} tables, ${os.availableParallelism?.() ?? os.cpus().length} CPUs`)
console.log(`one by one (sync):       ${tSeq.toFixed(1)} ms  (${(tSeq / count).toFixed(2)} ms/spec)`)
console.log(`Promise.all (async):     ${tPar.toFixed(1)} ms  (${(tPar / count).toFixed(2)} ms/spec)`)
console.log(`speed-up:                ${(tSeq / tPar).toFixed(2)}×`)
console.log(`identical results:       ${same}${invalid ? `  (${invalid} invalid specs!)` : ''}`)
process.exitCode = same && invalid === 0 ? 0 : 1
