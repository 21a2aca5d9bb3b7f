#!/usr/bin/env node
'use strict'
// Installs and builds whatever is missing, so `npm test` and `npm run example` work on a fresh
// clone: npm dependencies when node_modules is absent or older than package-lock.json, and the
// native addon when it is absent or older than the Rust sources. Uses only Node's built-ins.
const { execSync } = require('node:child_process')
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

const modules = path.join(root, 'node_modules', '.package-lock.json')
if (mtime(modules) === 0 || mtime(modules) < mtime(path.join(root, 'package-lock.json'))) {
  console.log('setup: installing npm dependencies')
  run('npm ci --no-audit --no-fund')
}

const addons = fs.readdirSync(root).filter((f) => f.endsWith('.node'))
const built = Math.min(...addons.map((f) => mtime(path.join(root, f))), mtime(path.join(root, 'native.js')))
const sources = Math.max(newest(path.join(root, 'src')), mtime(path.join(root, 'Cargo.toml')), mtime(path.join(root, 'Cargo.lock')), mtime(path.join(root, 'build.rs')), mtime(path.join(root, '.cargo', 'config.toml')))
if (addons.length === 0 || !isFinite(built) || built < sources) {
  console.log('setup: building the native addon (release)')
  run('npm run build --silent')
}
