// File-system helpers shared by the Node tests.
import fs from 'node:fs'
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
