// File-system helpers shared by the Node tests.
import fs from 'node:fs'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import path from 'node:path'

/** Every file under `dir`, relative, sorted (folders are not listed). */
export function filesUnder(dir) {
  const out = []
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else out.push(path.relative(dir, p))
    }
  }
  walk(dir)
  return out.sort()
}

/**
 * Runs `node args…` in `cwd` and resolves to `{ code, signal, stdout, stderr, killedFor, maxRssMb }`,
 * killing it (SIGKILL: a process stuck opening a FIFO may not end on SIGTERM) after `ms`
 * milliseconds (`killedFor: 'time'`) or once it holds more than `maxMb` MB of memory
 * (`killedFor: 'memory'`, Linux only): a hang or a read without end fails the test rather than
 * the machine.
 */
export async function runBounded(args, { cwd, ms = 30_000, maxMb = 700, input } = {}) {
  const { spawn } = await import('node:child_process')
  const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH } })
  if (input !== undefined) child.stdin.end(input)
  else child.stdin.end()
  let stdout = ''
  let stderr = ''
  let killedFor = null
  let maxRssMb = 0
  child.stdout.on('data', (c) => { stdout += c })
  child.stderr.on('data', (c) => { stderr += c })
  const kill = (why) => {
    if (killedFor === null) killedFor = why
    child.kill('SIGKILL')
  }
  const timer = setTimeout(() => kill('time'), ms)
  const poll = setInterval(() => {
    let status = ''
    try {
      status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8')
    } catch {
      return
    }
    const m = /^VmRSS:\s+(\d+) kB/m.exec(status)
    if (!m) return
    maxRssMb = Math.max(maxRssMb, Number(m[1]) / 1024)
    if (maxRssMb > maxMb) kill('memory')
  }, 50)
  const [code, signal] = await new Promise((resolve) => child.on('close', (c, s) => resolve([c, s])))
  clearTimeout(timer)
  clearInterval(poll)
  return { code, signal, stdout, stderr, killedFor, maxRssMb: Math.round(maxRssMb) }
}

/**
 * Compiles the `.ts` files of `dir` with the package's TypeScript under `strict` (no emit, no
 * ambient types) and fails the test with tsc's output, saying it rejected `what`, when it errs.
 */
export function compileStrict(dir, what) {
  const root = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..')
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', types: [], skipLibCheck: true }, include: ['*.ts'] }),
  )
  try {
    execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8', stdio: 'pipe' })
  } catch (e) {
    assert.fail(`tsc rejected ${what}:\n${e.stdout}${e.stderr}`)
  }
}
