// Forms MariaDB accepts and MySQL 8.0 rejects, found in a MySQL script outside string literals,
// quoted identifiers and comments. MariaDB passing proves nothing about these, so they are
// searched for in every generated MySQL migration.

/** The script's code with literals, quoted identifiers and comments blanked, as statements. */
export function statements(script) {
  let out = ''
  for (let i = 0; i < script.length; ) {
    const ch = script[i]
    if (ch === "'" || ch === '"' || ch === '`') {
      let j = i + 1
      while (j < script.length) {
        if (script[j] === '\\' && ch !== '`') j += 2
        else if (script[j] === ch && script[j + 1] === ch) j += 2
        else if (script[j] === ch) break
        else j++
      }
      out += ch === '`' ? ' IDENT ' : ' LITERAL '
      i = j + 1
    } else if (script.startsWith('--', i) || ch === '#') {
      while (i < script.length && script[i] !== '\n') i++
    } else if (script.startsWith('/*', i)) {
      const end = script.indexOf('*/', i + 2)
      i = end < 0 ? script.length : end + 2
    } else {
      out += ch
      i++
    }
  }
  return out
    .split(';')
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
}

const LOB = /^(TINY|MEDIUM|LONG)?(TEXT|BLOB)$|^JSON$/i

/** Every MariaDB-only form in a MySQL script: [{ statement, problem }]. */
export function mariadbOnlyForms(script) {
  const problems = []
  const tables = new Map() // table → Map(column → type word)
  for (const s of statements(script)) {
    const up = s.toUpperCase()
    const flag = (problem) => problems.push({ statement: s, problem })
    for (const m of up.matchAll(/\bIF (NOT )?EXISTS\b/g)) {
      const before = up.slice(0, m.index).trim()
      if (!/^(CREATE( TEMPORARY)? TABLE|DROP( TEMPORARY)? TABLE|CREATE (DATABASE|SCHEMA)|DROP (DATABASE|SCHEMA))$/.test(before)) {
        flag(`'${m[0]}' after '${before.split(' ').slice(-3).join(' ')}' (MySQL 8.0 has IF [NOT] EXISTS only on CREATE/DROP TABLE and DATABASE)`)
      }
    }
    if (/\bCREATE OR REPLACE\b/.test(up)) flag('CREATE OR REPLACE')
    if (/^DROP INDEX\b/.test(up) && !/\bON\b/.test(up)) flag('DROP INDEX without ON table')
    if (/\bRETURNING\b/.test(up)) flag('RETURNING')
    const create = /^CREATE( TEMPORARY)? TABLE (?:IF NOT EXISTS )?(\w+) \((.*)\)[^)]*$/s.exec(s)
    if (create) {
      const columns = new Map()
      columns.checked = new Set() // columns that CHECK constraints read
      let autoColumn = null
      for (const part of splitTopLevel(create[3])) {
        const words = part.split(' ')
        if (/^(CONSTRAINT|PRIMARY|UNIQUE|KEY|INDEX|FOREIGN|CHECK)$/i.test(words[0])) {
          keyParts(part, columns, flag)
          const check = /\bCHECK \((.*)\)$/i.exec(part)
          if (check) for (const w of check[1].match(/\b[a-z_][a-z0-9_]*\b/g) ?? []) columns.checked.add(w)
          if (autoColumn && check && new RegExp(`\\b${autoColumn}\\b`).test(check[1])) flag(`a CHECK on the AUTO_INCREMENT column ${autoColumn}`)
          continue
        }
        const [name, type] = words
        const base = type.replace(/\(.*$/, '')
        columns.set(name, base)
        if (/^(UUID|INET4|INET6|XMLTYPE)$/i.test(base)) flag(`the MariaDB-only type ${base} for ${name}`)
        if (LOB.test(base) && /\bDEFAULT (?!\()/i.test(part)) flag(`a literal DEFAULT on the ${base} column ${name} (MySQL needs DEFAULT (expression))`)
        if (/\bAUTO_INCREMENT\b/i.test(part)) autoColumn = name
        if (/\b(PRIMARY KEY|UNIQUE)\b/i.test(part) && LOB.test(base)) flag(`a key on the ${base} column ${name} without a prefix length`)
      }
      tables.set(create[2], columns)
    }
    // MySQL 8.0 refuses a CHECK over a column a foreign key writes through ON UPDATE CASCADE / SET NULL or ON DELETE SET NULL (error 3823); ON DELETE CASCADE deletes the row, and MySQL takes it.
    const fk = /^ALTER TABLE (\w+) ADD CONSTRAINT (\w+) FOREIGN KEY \(([^)]*)\) REFERENCES .*\bON (?:UPDATE (?:CASCADE|SET NULL)|DELETE SET NULL)\b/i.exec(s)
    if (fk) {
      for (const c of fk[3].split(',').map((x) => x.trim())) {
        if (tables.get(fk[1])?.checked?.has(c)) flag(`a CHECK on ${fk[1]}.${c}, which the foreign key ${fk[2]} writes through a referential action`)
      }
    }
    const index = /^CREATE (UNIQUE )?INDEX \w+ ON (\w+) ?\((.*)\)$/i.exec(s)
    if (index) keyParts(`INDEX (${index[3]})`, tables.get(index[2]) ?? new Map(), flag)
  }
  return problems
}

function splitTopLevel(body) {
  const parts = []
  let depth = 0
  let cur = ''
  for (const ch of body) {
    if (ch === '(') depth++
    if (ch === ')') depth--
    if (ch === ',' && depth === 0) {
      parts.push(cur.trim())
      cur = ''
    } else cur += ch
  }
  if (cur.trim()) parts.push(cur.trim())
  return parts
}

/** Key column lists naming a TEXT/BLOB/JSON column without a prefix length. */
function keyParts(part, columns, flag) {
  if (/\b(CHECK|FOREIGN)\b/i.test(part) && !/\b(UNIQUE|PRIMARY|INDEX|KEY)\b/i.test(part.replace(/FOREIGN KEY/i, ''))) return
  const list = /\(([^()]*(?:\(\d+\)[^()]*)*)\)/.exec(part)?.[1]
  if (!list) return
  for (const item of list.split(',').map((x) => x.trim())) {
    const m = /^(\w+)(\(\d+\))?/.exec(item)
    if (m && !m[2] && LOB.test(columns.get(m[1]) ?? '')) flag(`a key on the ${columns.get(m[1])} column ${m[1]} without a prefix length`)
  }
}
