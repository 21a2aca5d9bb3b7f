// ADDON_UNAVAILABLE's message, loading the package from a temporary copy without its .node file
// (a user trial): it listed the loader's wasm32-wasi lookups, though package.json's napi.targets
// has no WASI target, and told to reinstall so that npm installs a platform package, though
// none is published (README, "Install"). It names only real targets' lookups, and says to build
// the binary with `npm run build` in a checkout.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { tempFolders, repo } from './support/harness.mjs'

const tmp = tempFolders('mg-addon-message-')

/** The package copied without its binary (and without Cargo.toml: not a checkout). */
function copyWithoutBinary() {
  const pkg = tmp()
  for (const f of ['package.json', 'index.js', 'native.js']) fs.copyFileSync(path.join(repo, f), path.join(pkg, f))
  fs.cpSync(path.join(repo, 'lib'), path.join(pkg, 'lib'), { recursive: true })
  return pkg
}

/** `require(dir)`'s error in a child process: `{ code, message }`. */
function loadError(dir) {
  const r = spawnSync(process.execPath, ['-e', `try { require(${JSON.stringify(dir)}) } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })) }`], { encoding: 'utf8' })
  return JSON.parse(r.stdout)
}

test('ADDON_UNAVAILABLE names no lookup of a target package.json does not build (wasm32-wasi), and says to run npm run build in a checkout', () => {
  const targets = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).napi.targets
  assert.ok(!targets.some((t) => /wasm|wasi/.test(t)), `the test assumes no WASI target: ${targets}`)
  const pkg = copyWithoutBinary()
  const e = loadError(pkg)
  assert.equal(e.code, 'ADDON_UNAVAILABLE')
  assert.doesNotMatch(e.message, /wasi|wasm32/)
  // The real lookup is still said.
  assert.match(e.message, /Cannot find module '\.\/migration-generator\.[a-z0-9-]+\.node'/)
  assert.doesNotMatch(e.message, /so that npm installs its platform package/)
  assert.match(e.message, /no platform package is published yet/)
  assert.match(e.message, /in a checkout of the repository: npm run build \(needs Rust\)/)
  // In a checkout (Cargo.toml beside it): build it there.
  fs.writeFileSync(path.join(pkg, 'Cargo.toml'), '')
  assert.match(loadError(pkg).message, /: build it in this checkout: npm run build \(needs Rust\)$/)
})
