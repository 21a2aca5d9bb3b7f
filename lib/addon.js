'use strict'
/**
 * Loads the native addon (`native.js`, which napi-rs writes, finds the binary: the `.node` file
 * beside the package, or the platform package `migration-generator-<platform>`). When it cannot,
 * the error says why in one line: the platform, each distinct reason the loader met (a missing
 * binary, one that is not for this machine, a glibc too old; not its lookups of a WASI binary
 * when package.json has no such target), the platforms binaries are built for, and what to do
 * (build it: no platform package is published). The loader's own error stays its `cause`.
 */
const fs = require('node:fs')
const path = require('node:path')

const NAME = 'migration-generator'
/** The platforms a binary is built for (package.json's `napi.targets`), as npm/ names them. */
const TARGETS = 'linux-x64-gnu (glibc 2.34 or later), linux-arm64-gnu, darwin-x64, darwin-arm64, win32-x64-msvc'

/**
 * Whether package.json (in `root`) has a WASI target among its `napi.targets`. The loader napi-rs
 * writes looks for a wasm32-wasi binary whatever the targets are; without one, those lookups'
 * reasons are not said (a user trial read them as a way to install).
 */
function buildsWasi(root) {
  try {
    const targets = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).napi.targets
    return Array.isArray(targets) && targets.some((t) => /wasm32|wasi/.test(String(t)))
  } catch {
    return false
  }
}

/** The first line of each error of the loader's chain (`cause`, or an array of them), deduplicated, headline left out. */
function reasons(err) {
  const found = []
  const seen = new Set()
  const walk = (e, depth) => {
    if (e == null || depth > 8 || seen.has(e)) return
    if (typeof e === 'object') seen.add(e)
    if (Array.isArray(e)) return e.forEach((x) => walk(x, depth + 1))
    const line = String(e && e.message !== undefined ? e.message : e).split('\n')[0].trim()
    if (line && !line.startsWith('Cannot find native binding') && !found.includes(line)) found.push(line)
    walk(e && e.cause, depth + 1)
  }
  walk(err, 0)
  return found
}

/** The error for an addon that did not load: code `ADDON_UNAVAILABLE`, `cause` the loader's. */
function addonUnavailable(err, root = path.join(__dirname, '..')) {
  const where = `${process.platform}-${process.arch}`
  const wasi = buildsWasi(root)
  const why = reasons(err).filter((r) => wasi || !/wasm32|wasi/.test(r)).slice(0, 4).join('; ') || 'no reason given'
  // No platform package is published (README, "Install"): reinstalling cannot bring one.
  const todo = fs.existsSync(path.join(root, 'Cargo.toml'))
    ? 'build it in this checkout: npm run build (needs Rust)'
    : 'no platform package is published yet, so reinstalling does not bring one: build the binary in a checkout of the repository: npm run build (needs Rust), then npm pack there and install that tarball, which carries it'
  const error = new Error(`the native addon of ${NAME} cannot be loaded on ${where} (${why}); built for ${TARGETS}: ${todo}`)
  error.code = 'ADDON_UNAVAILABLE'
  error.cause = err
  return error
}

/** The native addon, or an `ADDON_UNAVAILABLE` error. */
function loadAddon() {
  try {
    return require('../native.js')
  } catch (err) {
    throw addonUnavailable(err)
  }
}

module.exports = { loadAddon, addonUnavailable, reasons }
