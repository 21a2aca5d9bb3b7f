#!/usr/bin/env node
'use strict'
// Installs and builds whatever is missing, so `npm test` and `npm run example` work on a fresh
// clone: npm dependencies when node_modules is absent or was installed from another
// package-lock.json, and the native addon when it is absent or older than the Rust sources. Uses
// only Node's built-ins.
const { execSync } = require('node:child_process')
const crypto = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')

const root = path.resolve(__dirname, '..')
const run = (cmd) => execSync(cmd, { cwd: root, stdio: 'inherit' })
const mtime = (p) => {
  try {
    return fs.statSync(p).mtimeMs
  } catch {
    return 0
  }
}
const newest = (dir) => {
  let t = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    t = Math.max(t, entry.isDirectory() ? newest(p) : mtime(p))
  }
  return t
}

// Which package-lock.json node_modules was installed from is said by its hash, written beside
// npm's own record after each install: a checkout's times say nothing of it (`git worktree add` or
// a clone makes package-lock.json newer than an install it matches, and `npm ci` then empties a
// node_modules other checkouts share). Without that hash, node_modules older than the lock is
// installed again.
const lock = path.join(root, 'package-lock.json')
const modules = path.join(root, 'node_modules', '.package-lock.json')
const stamp = path.join(root, 'node_modules', '.migration-generator-lock.sha256')
const lockHash = crypto.createHash('sha256').update(fs.readFileSync(lock)).digest('hex')
const stamped = (() => {
  try {
    return fs.readFileSync(stamp, 'utf8').trim()
  } catch {
    return null
  }
})()
const installed = mtime(modules) !== 0 && (stamped === null ? mtime(modules) >= mtime(lock) : stamped === lockHash)
if (!installed) {
  console.log('setup: installing npm dependencies')
  run('npm ci --no-audit --no-fund')
}
if (stamped !== lockHash) fs.writeFileSync(stamp, lockHash + '\n')

const addons = fs.readdirSync(root).filter((f) => f.endsWith('.node'))
const built = Math.min(...addons.map((f) => mtime(path.join(root, f))), mtime(path.join(root, 'native.js')))
const sources = Math.max(newest(path.join(root, 'src')), mtime(path.join(root, 'Cargo.toml')), mtime(path.join(root, 'Cargo.lock')), mtime(path.join(root, 'build.rs')), mtime(path.join(root, '.cargo', 'config.toml')))
if (addons.length === 0 || !isFinite(built) || built < sources) {
  console.log('setup: building the native addon (release)')
  run('npm run build --silent')
}
