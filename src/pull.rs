//! "Pull": a `MigrationSpec` (as JSON) describing an existing database as it is. Generating
//! from it against the same database gives SKIP for every table.

use crate::dialect::Dialect;
use crate::introspect::{ExistingSchema, ExistingTable};
use crate::pull_names::{listed_whatever_its_names, PulledNames};
use crate::spec::*;
use serde_json::{json, Map, Value};
use std::borrow::Cow;

fn default_json(d: &DefaultValue) -> Value {
    match d {
        DefaultValue::Null => Value::Null,
        DefaultValue::Str(s) => json!(s),
        // A number JavaScript would round (the spec is read with JSON.parse) is pulled as the
        // expression that is that number, which writes the same default and compares as it.
        DefaultValue::Number(n) if exact_in_javascript(n) => {
            serde_json::from_str::<serde_json::Number>(n)
                .map(Value::Number)
                .unwrap_or_else(|_| json!({ "expression": n }))
        }
        DefaultValue::Number(n) => json!({ "expression": n }),
        DefaultValue::Bool(b) => json!(b),
        DefaultValue::Now(k) => json!(k.as_str()),
        DefaultValue::Expression(e) => json!({ "expression": e }),
    }
}

/// Whether the number `n` (as SQL writes it) comes through JavaScript's `JSON.parse` exactly: an
/// integer within ±(2^53 − 1), or a decimal of at most 15 significant digits (every such
/// decimal survives a round trip through a double).
fn exact_in_javascript(n: &str) -> bool {
    let t = n.trim_start_matches(['-', '+']);
    if t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse::<u64>().is_ok_and(|v| v < 1 << 53);
    }
    let mantissa = t.split(['e', 'E']).next().unwrap_or_default();
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').trim_end_matches('0').len() <= 15
}

/// A default the spec's own form of it cannot give the column is pulled in the nearest form
/// validation takes and that gives new rows the same value: a string (`boolean DEFAULT 'false'`,
/// text that is not JSON on a `json` column, any string on a column declared without a type)
/// as the expression that is that string literal; `true`/`false` on a column that is not
/// BOOLEAN (Drizzle's `integer DEFAULT false`) as the number SQLite stores, 1 or 0; the current
/// time on a column of another type (`integer DEFAULT (CURRENT_TIMESTAMP)`) as the expression;
/// a number the spec type has no room for (`boolean DEFAULT 2`, which SQLite stores as 2) as the
/// expression that is that number. The diff compares each with the database's default as the
/// same default.
fn default_validation_takes<'a>(
    c: &Column,
    ty: ColumnType,
    d: &'a DefaultValue,
    dialect: &dyn Dialect,
) -> Cow<'a, DefaultValue> {
    // Only SQLite stores any value in any column: for PostgreSQL and MySQL these forms give SQL
    // the engine refuses (`BOOLEAN DEFAULT ('C:\new')`, `integer DEFAULT (CURRENT_TIMESTAMP)`)
    // or a value read otherwise (MySQL's backslash escapes), so there the default is pulled as
    // it is, and validation says what is wrong with it.
    if dialect.database_type() != DatabaseType::Sqlite {
        // Except `true`/`false` on a number column (Drizzle's `integer DEFAULT false` for
        // `integer({ mode: 'boolean' })`): SQLite stores 1 or 0 there, the number PostgreSQL's
        // and MySQL's integer columns take as that default (they refuse the boolean).
        return match d {
            DefaultValue::Bool(b) if ty != ColumnType::Boolean && ty.is_numeric() => {
                Cow::Owned(DefaultValue::Number(if *b { "1" } else { "0" }.into()))
            }
            _ => Cow::Borrowed(d),
        };
    }
    let mut pulled = Column { ty, ..c.clone() };
    if crate::defaults::default_fits(&pulled, dialect) {
        return Cow::Borrowed(d);
    }
    let candidates = match d {
        DefaultValue::Str(s) => vec![
            DefaultValue::Expression(format!("'{}'", s.replace('\'', "''"))),
            DefaultValue::Expression(char_concatenation(s)),
        ],
        DefaultValue::Bool(b) => vec![
            DefaultValue::Number(if *b { "1" } else { "0" }.into()),
            DefaultValue::Expression(if *b { "TRUE" } else { "FALSE" }.into()),
        ],
        DefaultValue::Now(k) => vec![DefaultValue::Expression(k.as_str().into())],
        // A number the column's spec type has no room for, which SQLite stores as it is in a
        // column that is not of TEXT affinity (those get its text, see `for_dialect`):
        // `boolean DEFAULT 2`, `uuid DEFAULT 5`. `leftOut` says so for a BOOLEAN column.
        DefaultValue::Number(n) => vec![DefaultValue::Expression(n.clone())],
        _ => Vec::new(),
    };
    for candidate in candidates {
        pulled.default = Some(candidate);
        if crate::defaults::default_fits(&pulled, dialect) {
            return Cow::Owned(pulled.default.take().unwrap_or(DefaultValue::Null));
        }
    }
    Cow::Borrowed(d)
}

/// `text` as a SQLite expression without a control or line-break character in it (which
/// validation refuses in a default, as a string or in an expression): its runs of other
/// characters as string literals, each such character as `char(n)`, joined with `||`
/// (`'a' || char(10) || 'b'` for "a\nb"). [`as_char_concatenation`] reads it back, so that the
/// diff takes it for the string the database stores (a pulled spec generated against its own
/// file gives no change).
fn char_concatenation(text: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut run = String::new();
    for ch in text.chars() {
        if crate::defaults::refused_in_a_string_default(ch) {
            if !run.is_empty() {
                parts.push(format!("'{}'", run.replace('\'', "''")));
                run.clear();
            }
            parts.push(format!("char({})", ch as u32));
        } else {
            run.push(ch);
        }
    }
    if !run.is_empty() || parts.is_empty() {
        parts.push(format!("'{}'", run.replace('\'', "''")));
    }
    parts.join(" || ")
}

/// The text a [`char_concatenation`] expression gives, if `e` is one: string literals and
/// `char(n)` calls joined with `||`, as that function writes them.
pub(crate) fn as_char_concatenation(e: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = e.trim();
    loop {
        if let Some(after) = rest.strip_prefix("char(") {
            let (digits, tail) = after.split_once(')')?;
            let ch = char::from_u32(digits.parse().ok()?)?;
            out.push(ch);
            rest = tail.trim_start();
        } else {
            let body = rest.strip_prefix('\'')?;
            // The literal ends at a quote that is not doubled.
            let mut chars = body.char_indices().peekable();
            let end = loop {
                match chars.next()? {
                    (_, '\'') if chars.peek().map(|(_, c)| *c) == Some('\'') => {
                        out.push('\'');
                        chars.next();
                    }
                    (i, '\'') => break i,
                    (_, c) => out.push(c),
                }
            };
            rest = body[end + 1..].trim_start();
        }
        if rest.is_empty() {
            return Some(out);
        }
        rest = rest.strip_prefix("||")?.trim_start();
    }
}

/// A clock default that SQLite ORMs write for a number column, which only SQLite has the
/// functions of.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Clock {
    /// Whole seconds since 1970: `unixepoch()` (Drizzle's `integer({ mode: 'timestamp' })`
    /// with `unixepoch()`), `unixepoch('now')`, `strftime('%s', 'now')`.
    Seconds,
    /// Whole milliseconds since 1970: Drizzle's `timestamp_ms` default
    /// `cast((julianday('now') - 2440587.5)*86400000 as integer)`.
    Milliseconds,
}

/// The clock a default expression (as SQLite stores it, without its outer parentheses) reads,
/// compared without blanks, case or outer parentheses.
fn sqlite_clock(expression: &str) -> Option<Clock> {
    let mut t: String = expression
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    while t.starts_with('(') && t.ends_with(')') && parentheses_wrap_all(&t) {
        t = t[1..t.len() - 1].to_string();
    }
    match t.as_str() {
        "unixepoch()" | "unixepoch('now')" | "strftime('%s','now')" => Some(Clock::Seconds),
        "cast((julianday('now')-2440587.5)*86400000asinteger)"
        | "cast(((julianday('now')-2440587.5)*86400000)asinteger)" => Some(Clock::Milliseconds),
        _ => None,
    }
}

/// Whether the parenthesis that opens `t` is the one that closes it (`(a)` but not `(a)+(b)`);
/// quotes are not looked at: a text it misreads only fails to match a clock.
fn parentheses_wrap_all(t: &str) -> bool {
    let mut depth = 0usize;
    for (i, b) in t.bytes().enumerate() {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i == t.len() - 1;
                }
            }
            _ => {}
        }
    }
    false
}

/// The same clock in PostgreSQL's or MySQL's functions (whole units, as SQLite's truncate);
/// `None` for SQLite, which keeps its own text.
fn clock_expression(clock: Clock, database_type: DatabaseType) -> Option<&'static str> {
    Some(match (database_type, clock) {
        (DatabaseType::Sqlite, _) => return None,
        (DatabaseType::Postgresql, Clock::Seconds) => "floor(extract(epoch from now()))::bigint",
        (DatabaseType::Postgresql, Clock::Milliseconds) => {
            "floor(extract(epoch from now()) * 1000)::bigint"
        }
        (DatabaseType::Mysql, Clock::Seconds) => "UNIX_TIMESTAMP()",
        (DatabaseType::Mysql, Clock::Milliseconds) => "FLOOR(UNIX_TIMESTAMP(NOW(3)) * 1000)",
    })
}

/// A declared type SQLite reads (its affinity rules) but the spec has no name for, pulled for
/// PostgreSQL or MySQL as the spec type that takes what such a column holds: `STRING`
/// (Sequelize, when a model's type is given as that string) and `ANY` (a STRICT table's column
/// that takes any value as it is). Both have NUMERIC affinity in SQLite (no INT, CHAR, CLOB,
/// TEXT, BLOB, REAL, FLOA or DOUB in the name), so for SQLite they stay NUMERIC, which compares
/// with the database as the same column; PostgreSQL's and MySQL's NUMERIC would refuse the text
/// they hold, so there they are TEXT.
fn unknown_type_for(declared: &str, database_type: DatabaseType) -> Option<ColumnType> {
    if database_type == DatabaseType::Sqlite {
        return None;
    }
    let base = declared.split('(').next().unwrap_or_default().trim();
    ["STRING", "ANY"]
        .iter()
        .any(|w| base.eq_ignore_ascii_case(w))
        .then_some(ColumnType::Text)
}

/// Column `c` of a table pulled for `database_type`, with what only SQLite can write rewritten:
/// a declared type the spec has no name for (see [`unknown_type_for`]), a clock default
/// (see [`Clock`]) as the dialect's own functions, on a BIGINT column (milliseconds since 1970
/// overflow PostgreSQL's and MySQL's 32-bit INTEGER, and seconds do in 2038), and a number
/// default of a column of TEXT affinity (`p TEXT DEFAULT 123`, `v VARCHAR(10) DEFAULT 0`) as
/// the text SQLite stores for it, which new rows get ('123', '0'; '1000.0' for `1e3`): a spec's
/// text column takes a string default only (a user trial's pulled spec was refused against its
/// own database, `INVALID_DEFAULT`), and the diff compares the two as the same default.
fn for_dialect(c: &mut Column, declared: &str, database_type: DatabaseType) {
    if crate::diff::affinity(declared) == "TEXT" {
        if let Some(DefaultValue::Number(n)) = &c.default {
            if let Some(text) = crate::diff::number_as_stored_text(n) {
                c.default = Some(DefaultValue::Str(text));
            }
        }
    }
    if let Some(ty) = unknown_type_for(declared, database_type) {
        c.ty = ty;
        c.length = None;
        c.precision = None;
        c.scale = None;
    }
    let clock = match &c.default {
        Some(DefaultValue::Expression(e)) => sqlite_clock(e),
        _ => None,
    };
    if let Some(text) = clock.and_then(|k| clock_expression(k, database_type)) {
        c.default = Some(DefaultValue::Expression(text.into()));
        if c.ty.is_integer() {
            c.ty = ColumnType::Bigint;
        }
    }
}

fn column_json(c: &Column, dialect: &dyn Dialect) -> Value {
    let mut o = Map::new();
    o.insert("name".into(), json!(c.name));
    // `date DEFAULT CURRENT_TIMESTAMP` (as Knex writes `date().defaultTo(knex.fn.now())`) or
    // `date DEFAULT '2020-01-01 00:00:00'`: a spec's DATE column cannot default to a time of
    // day, a DATETIME one can, and both are TEXT in SQLite, so the column still compares as it
    // is.
    let time_of_day = match &c.default {
        Some(DefaultValue::Now(NowKind::Timestamp)) => true,
        Some(DefaultValue::Str(s)) => matches!(s.as_bytes().get(10), Some(b' ' | b'T')),
        _ => false,
    };
    let ty = if c.ty == ColumnType::Date && time_of_day {
        ColumnType::Datetime
    } else {
        c.ty
    };
    o.insert("type".into(), json!(ty.as_str()));
    o.insert("nullable".into(), json!(c.nullable));
    if let Some(d) = &c.default {
        o.insert(
            "default".into(),
            default_json(&default_validation_takes(c, ty, d, dialect)),
        );
    }
    if c.unique {
        o.insert("unique".into(), json!(true));
    }
    if c.auto_increment {
        o.insert("autoIncrement".into(), json!(true));
    }
    for (k, v) in [
        ("length", c.length),
        ("precision", c.precision),
        ("scale", c.scale),
    ] {
        if let Some(v) = v {
            o.insert(k.into(), json!(v));
        }
    }
    Value::Object(o)
}

/// The column `name` of an existing SQLite table as a spec column's JSON, as a pull writes it
/// (for a suggestion to list it); `None` when the table has no such column.
pub fn column_as_spec(t: &ExistingTable, name: &str) -> Option<String> {
    let i = t.table.columns.iter().position(|c| c.name == name)?;
    let mut c = t.table.columns[i].clone();
    let declared = t.declared_types.get(i).map_or("", String::as_str);
    for_dialect(&mut c, declared, DatabaseType::Sqlite);
    let sqlite = crate::dialect::for_database(DatabaseType::Sqlite);
    Some(column_json(&c, sqlite).to_string())
}

/// An expression of table `t` as SQLite stores it, quoted as `dialect` reads it: a quoted name
/// of one of the table's columns (`"status"`, `` `status` ``, `[status]`) as the dialect writes
/// that column (MySQL reads `"status"` as a string, PostgreSQL refuses backquotes), and a
/// double-quoted word that names no column as the string SQLite takes it for (its
/// double-quoted-string rule). `renamed`: the name the pull gives a column of `t` (see
/// `pull_names`), which the expression writes as that name, quoted or not (`"authorId" > 0` or
/// `authorId > 0` as `author_id > 0`; a word before `(` is a function). Unchanged for SQLite.
fn requoted(
    expression: &str,
    t: &Table,
    dialect: &dyn Dialect,
    renamed: &dyn Fn(&str) -> String,
) -> String {
    use crate::create_table_text::{lex, name, Tok};
    if dialect.database_type() == DatabaseType::Sqlite {
        return expression.to_string();
    }
    let mut out = String::with_capacity(expression.len() + 8);
    let mut at = 0;
    let column = |n: &str| t.columns.iter().find(|c| c.name.eq_ignore_ascii_case(n));
    let tokens = lex(expression);
    for (i, &tok) in tokens.iter().enumerate() {
        if let Tok::Word(a, b) = tok {
            let call = matches!(tokens.get(i + 1), Some(Tok::Open(_)));
            let after_dot =
                i > 0 && matches!(tokens[i - 1], Tok::Other(p) if expression.as_bytes()[p] == b'.');
            let Some(c) = column(&expression[a..b]).filter(|_| !call && !after_dot) else {
                continue;
            };
            let new = renamed(&c.name);
            if new != c.name {
                out.push_str(&expression[at..a]);
                out.push_str(&dialect.identifier(&new));
                at = b;
            }
            continue;
        }
        let Tok::Quoted(a, b) = tok else {
            continue;
        };
        let Some(quoted) = name(expression, tok) else {
            continue;
        };
        let replacement = match column(&quoted) {
            Some(c) => dialect.identifier(&renamed(&c.name)).into_owned(),
            None if expression.as_bytes()[a] == b'"' => crate::dialect::quote_doubling(&quoted),
            None => continue,
        };
        out.push_str(&expression[at..a]);
        out.push_str(&replacement);
        at = b;
    }
    out.push_str(&expression[at..]);
    out
}

fn table_json(t: &Table, dialect: &dyn Dialect) -> Value {
    let mut o = Map::new();
    o.insert("name".into(), json!(t.name));
    o.insert(
        "columns".into(),
        Value::Array(t.columns.iter().map(|c| column_json(c, dialect)).collect()),
    );
    if !t.primary_key.is_empty() {
        o.insert("primaryKey".into(), json!(t.primary_key));
    }
    // The name `CONSTRAINT name PRIMARY KEY` gave the key, where the dialect keeps it (MySQL's
    // key is `PRIMARY`).
    if let (Some(name), true) = (&t.primary_key_name, dialect.keeps_primary_key_names()) {
        o.insert("primaryKeyName".into(), json!(name));
    }
    if !t.foreign_keys.is_empty() {
        let fks: Vec<Value> = t
            .foreign_keys
            .iter()
            .map(|f| {
                let mut fk = Map::new();
                fk.insert("columns".into(), json!(f.columns));
                fk.insert("referencedTable".into(), json!(f.referenced_table));
                fk.insert("referencedColumns".into(), json!(f.referenced_columns));
                if let Some(a) = f.on_delete {
                    fk.insert("onDelete".into(), json!(a.as_str()));
                }
                if let Some(a) = f.on_update {
                    fk.insert("onUpdate".into(), json!(a.as_str()));
                }
                Value::Object(fk)
            })
            .collect();
        o.insert("foreignKeys".into(), Value::Array(fks));
    }
    if !t.unique_constraints.is_empty() {
        o.insert(
            "uniqueConstraints".into(),
            Value::Array(
                t.unique_constraints
                    .iter()
                    .map(|u| json!({ "name": u.name, "columns": u.columns }))
                    .collect(),
            ),
        );
    }
    if !t.check_constraints.is_empty() {
        o.insert(
            "checkConstraints".into(),
            Value::Array(
                t.check_constraints
                    .iter()
                    .map(|c| json!({ "name": c.name, "expression": c.expression }))
                    .collect(),
            ),
        );
    }
    if !t.indexes.is_empty() {
        let ixs: Vec<Value> = t
            .indexes
            .iter()
            .map(|i| {
                let mut ix = json!({ "name": i.name, "columns": i.columns, "unique": i.unique });
                if let Some(p) = &i.predicate {
                    ix["where"] = json!(p);
                }
                ix
            })
            .collect();
        o.insert("indexes".into(), Value::Array(ixs));
    }
    Value::Object(o)
}

/// The integer columns (`INTEGER`, `INT`, `TINYINT` in the spec) of a SQLite file whose rows hold
/// a whole number the column's type does not hold on PostgreSQL or MySQL: SQLite's integers keep
/// 64 bits whatever the declared type, PostgreSQL's and MySQL's `INTEGER` 32 (epoch milliseconds,
/// as Drizzle's `integer({ mode: 'timestamp_ms' })` stores them, and 64-bit ids are refused:
/// `integer out of range`, a user trial), and the spec's `TINYINT` is PostgreSQL's `SMALLINT`
/// (-32,768 to 32,767) and MySQL's `TINYINT` (-128 to 127), though a SQLite `TINYINT` column
/// holds 300 as readily. A pull for those databases gives each such column the smallest spec
/// type that holds every value its rows have: `INTEGER` for a `TINYINT` whose values fit in 32
/// bits, else `BIGINT`. Read within the bound of the rows trial: a file whose pages take more
/// than [`crate::rows_trial::MAX_TRIAL_BYTES`] is not scanned (`not_read` says why, and
/// `leftOut` says so).
#[derive(Clone, Debug, Default)]
pub struct WideIntegers {
    /// (table, column) of each column that holds such a number, with the type that holds them.
    columns: std::collections::HashMap<(String, String), ColumnType>,
    /// Why the values were not read, when they were not.
    not_read: Option<String>,
    /// The file is damaged: reading the values met a page SQLite cannot read
    /// ([`crate::damaged_file`]), a `DB_UNREADABLE` error the pull gives instead of a spec.
    damaged: Option<crate::report::Issue>,
}

impl WideIntegers {
    /// The type column `column` of table `table` is pulled as, when its values need a wider
    /// one than its own.
    fn widened(&self, table: &str, column: &str) -> Option<ColumnType> {
        self.columns
            .get(&(table.to_string(), column.to_string()))
            .copied()
    }

    /// Every integer column that a foreign key of a pulled table pairs with a column this pull
    /// widens (by its values, or to BIGINT for a clock default: see [`for_dialect`]) widened
    /// as far, until no pair differs: a child whose rows hold only small values (or none) takes
    /// its widened parent's type, through composite keys, self-references and chains of keys
    /// (MySQL refuses a foreign key from INT to BIGINT: `FOREIGN_KEY_TYPE_MISMATCH`). Once one
    /// column of a pair is widened, both take the wider of the pair's types (a TINYINT key
    /// widened to INTEGER by its values, referenced by a BIGINT column, becomes BIGINT). A pair
    /// the file declares differently where the pull widens neither is left as it is (MySQL
    /// refuses it then, as the file's own types would be refused).
    fn follow_foreign_keys(&mut self, schema: &ExistingSchema, database_type: DatabaseType) {
        let dialect = crate::dialect::for_database(database_type);
        let pairs = integer_key_pairs(schema, dialect);
        let mut types: std::collections::HashMap<(String, String), (ColumnType, ColumnType)> =
            std::collections::HashMap::new();
        for t in schema
            .tables()
            .iter()
            .filter(|t| in_pulled_spec(t, dialect))
        {
            for (c, declared) in t.table.columns.iter().zip(&t.declared_types) {
                let own = pulled_column_type(c, declared, database_type);
                let pulled = match self.widened(&t.table.name, &c.name) {
                    Some(wide) if narrower_than_64_bits(own) => wide,
                    _ => own,
                };
                types.insert((t.table.name.clone(), c.name.clone()), (c.ty, pulled));
            }
        }
        let widened =
            |(own, pulled): (ColumnType, ColumnType)| integer_width(pulled) > integer_width(own);
        let mut changed = true;
        while changed {
            changed = false;
            for (child, parent) in &pairs {
                let (Some(&c), Some(&p)) = (types.get(child), types.get(parent)) else {
                    continue;
                };
                if !widened(c) && !widened(p) {
                    continue;
                }
                let wider = if integer_width(c.1) >= integer_width(p.1) {
                    c.1
                } else {
                    p.1
                };
                for (column, now) in [(child, c), (parent, p)] {
                    if integer_width(now.1) < integer_width(wider) {
                        types.insert(column.clone(), (now.0, wider));
                        self.columns.insert(column.clone(), wider);
                        changed = true;
                    }
                }
            }
        }
    }
}

/// The width rank of an integer spec type (TINYINT, then INT and INTEGER, then BIGINT); 0 for
/// any other type, which a foreign key's widening leaves as it is.
fn integer_width(ty: ColumnType) -> u8 {
    match ty {
        ColumnType::Tinyint => 1,
        ColumnType::Int | ColumnType::Integer => 2,
        ColumnType::Bigint => 3,
        _ => 0,
    }
}

/// The type a pull for `database_type` gives column `c` (declared as `declared`) before its
/// values are read: its own, or what [`for_dialect`] makes it.
fn pulled_column_type(c: &Column, declared: &str, database_type: DatabaseType) -> ColumnType {
    let mut c = c.clone();
    for_dialect(&mut c, declared, database_type);
    c.ty
}

/// Each (referencing column, referenced column) pair of the foreign keys of the tables a pull
/// for `dialect` lists, as (table, column) with the names the tables declare (SQLite reads a
/// foreign key's names in any case), where both are integer columns.
fn integer_key_pairs(
    schema: &ExistingSchema,
    dialect: &dyn Dialect,
) -> Vec<((String, String), (String, String))> {
    let mut pairs = Vec::new();
    for t in schema
        .tables()
        .iter()
        .filter(|t| in_pulled_spec(t, dialect))
    {
        for fk in &t.table.foreign_keys {
            let Some(parent) = schema.table(&fk.referenced_table) else {
                continue;
            };
            if !in_pulled_spec(parent, dialect) {
                continue;
            }
            for (local, remote) in fk.columns.iter().zip(&fk.referenced_columns) {
                let named = |table: &Table, name: &str| {
                    (table.columns.iter())
                        .find(|c| c.name.eq_ignore_ascii_case(name) && c.ty.is_integer())
                        .map(|c| (table.name.clone(), c.name.clone()))
                };
                if let (Some(child), Some(parent)) =
                    (named(&t.table, local), named(&parent.table, remote))
                {
                    pairs.push((child, parent));
                }
            }
        }
    }
    pairs
}

/// Whether a spec column of this type is narrower than 64 bits on PostgreSQL and MySQL.
fn narrower_than_64_bits(ty: ColumnType) -> bool {
    matches!(
        ty,
        ColumnType::Integer | ColumnType::Int | ColumnType::Tinyint
    )
}

/// The values a spec column of type `ty` (one [`narrower_than_64_bits`]) holds on
/// `database_type` (PostgreSQL or MySQL), as SQL bounds.
fn integer_range(ty: ColumnType, database_type: DatabaseType) -> (&'static str, &'static str) {
    match (ty, database_type) {
        (ColumnType::Tinyint, DatabaseType::Mysql) => ("-128", "127"),
        (ColumnType::Tinyint, _) => ("-32768", "32767"),
        _ => ("-2147483648", "2147483647"),
    }
}

/// Which integer columns of the pulled tables of the file at `path` hold a number their type
/// does not hold on `database_type` (see [`WideIntegers`]): one scan of each such table (a
/// `max()` per column), never for a pull for SQLite, whose integers hold them all. The columns
/// whose foreign keys pair them with a widened one are widened with it
/// ([`WideIntegers::follow_foreign_keys`]). `Err`: `DB_UNREADABLE`, the file is damaged (the
/// scan met a page SQLite cannot read).
pub fn wide_integers(
    path: &str,
    schema: &ExistingSchema,
    database_type: DatabaseType,
) -> Result<WideIntegers, Box<crate::report::Issue>> {
    if database_type == DatabaseType::Sqlite {
        return Ok(WideIntegers::default());
    }
    let mut wide = integers_past_their_types(path, schema, database_type);
    if let Some(damaged) = wide.damaged.take() {
        return Err(Box::new(damaged));
    }
    wide.follow_foreign_keys(schema, database_type);
    Ok(wide)
}

/// The integer columns of the pulled tables of the file at `path` whose rows hold a number
/// their type does not hold on `database_type` (PostgreSQL or MySQL), read as
/// [`wide_integers`] says.
fn integers_past_their_types(
    path: &str,
    schema: &ExistingSchema,
    database_type: DatabaseType,
) -> WideIntegers {
    let mut wide = WideIntegers::default();
    let dialect = crate::dialect::for_database(database_type);
    let tables: Vec<&ExistingTable> = schema
        .tables()
        .iter()
        .filter(|t| in_pulled_spec(t, dialect))
        .filter(|t| t.table.columns.iter().any(|c| narrower_than_64_bits(c.ty)))
        .collect();
    if tables.is_empty() {
        return wide;
    }
    let Ok(conn) = crate::introspect::open_read_only(path) else {
        wide.not_read = Some("the file could not be opened again".into());
        return wide;
    };
    let bytes = conn
        .query_row(
            "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map_or(u64::MAX, |b| u64::try_from(b).unwrap_or(u64::MAX));
    if bytes > crate::rows_trial::MAX_TRIAL_BYTES {
        wide.not_read = Some(format!(
            "the file's pages take {} MiB, more than the {} MiB a pull reads",
            bytes.div_ceil(1 << 20),
            crate::rows_trial::MAX_TRIAL_BYTES >> 20
        ));
        return wide;
    }
    let quoted = |name: &str| format!("\"{}\"", name.replace('"', "\"\""));
    for t in tables {
        let columns: Vec<&Column> = (t.table.columns.iter())
            .filter(|c| narrower_than_64_bits(c.ty))
            .collect();
        // 2: a value past 32 bits (BIGINT); 1: one past the column's own type only (INTEGER,
        // for a TINYINT); 0: none.
        let tests: Vec<String> = columns
            .iter()
            .map(|c| {
                let q = quoted(&c.name);
                let (low, high) = integer_range(c.ty, database_type);
                format!(
                    "max(CASE WHEN typeof({q}) <> 'integer' THEN 0 \
                     WHEN {q} NOT BETWEEN -2147483648 AND 2147483647 THEN 2 \
                     WHEN {q} NOT BETWEEN {low} AND {high} THEN 1 ELSE 0 END)"
                )
            })
            .collect();
        let sql = format!("SELECT {} FROM {}", tests.join(", "), quoted(&t.table.name));
        let found = conn.query_row(&sql, [], |r| {
            (0..columns.len())
                .map(|i| r.get::<_, Option<i64>>(i))
                .collect::<rusqlite::Result<Vec<Option<i64>>>>()
        });
        match found {
            Ok(found) => {
                for (c, past) in columns.iter().zip(found) {
                    let ty = match past {
                        Some(2) => ColumnType::Bigint,
                        Some(1) => ColumnType::Integer,
                        _ => continue,
                    };
                    wide.columns
                        .insert((t.table.name.clone(), c.name.clone()), ty);
                }
            }
            Err(e) => {
                if let Some(damaged) = crate::damaged_file::issue(path, &e) {
                    wide.damaged = Some(damaged);
                    return wide;
                }
                wide.not_read = Some(format!("reading '{}' failed: {e}", t.table.name));
            }
        }
    }
    wide
}

/// The spec of a database: every table with its columns, keys, constraints and indexes, and
/// `timestamps: false` (the database's own timestamp columns are listed as columns).
/// `wide`: the columns [`wide_integers`] found holding numbers their type does not hold on
/// `database_type`, pulled as the type that holds them.
pub fn spec_json(
    schema: &ExistingSchema,
    database_type: DatabaseType,
    path: &str,
    wide: &WideIntegers,
) -> Value {
    spec_with(schema, database_type, path, false, wide)
}

/// [`spec_json`] with every table of the database, also those whose names a spec cannot give
/// (which `spec_json` leaves out): what validation says of each name the database has (its
/// tests build such specs with it).
pub fn spec_json_every_table(
    schema: &ExistingSchema,
    database_type: DatabaseType,
    path: &str,
) -> Value {
    spec_with(schema, database_type, path, true, &WideIntegers::default())
}

/// [`spec_json`]; `every_table`: with the tables whose names a spec cannot give.
fn spec_with(
    schema: &ExistingSchema,
    database_type: DatabaseType,
    path: &str,
    every_table: bool,
    wide: &WideIntegers,
) -> Value {
    let stem = std::path::Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let description = format!("pull_{}", crate::format::slug(&stem));
    let dialect = crate::dialect::for_database(database_type);
    let names = PulledNames::of(schema, dialect);
    // A virtual table is left out (`left_out` names it): a spec cannot describe one. So is, on
    // SQLite, a table whose name, or a column's, the spec cannot give (see `unnamable`); for
    // PostgreSQL and MySQL it is pulled under names a spec can give (see `pull_names`).
    let tables: Vec<Value> = schema
        .tables()
        .iter()
        .filter(|t| !t.is_virtual() && (every_table || in_pulled_spec(t, dialect)))
        .map(|t| table_json(&pulled_table(t, schema, dialect, wide, &names).0, dialect))
        .collect();
    json!({ "description": description, "databaseType": database_type.as_str(), "timestamps": false, "tables": tables })
}

/// Whether a pull for `dialect` lists this table of the database: not a virtual table, a
/// primary key (see [`KEYLESS`]), no more columns than a spec's table may have, and for SQLite
/// nothing in its name or its columns' names that a spec cannot give (see [`unnamable`]); for
/// PostgreSQL and MySQL such names are pulled as names a spec can give (see `pull_names`).
fn in_pulled_spec(t: &ExistingTable, dialect: &dyn Dialect) -> bool {
    if dialect.database_type() != DatabaseType::Sqlite {
        return listed_whatever_its_names(t);
    }
    !t.is_virtual()
        && unnamable(&t.table, dialect).is_none()
        && unkept_object_name(t, dialect).is_none()
        && !t.table.primary_key.is_empty()
}

/// Why a pull for SQLite, which keeps the file's names, leaves out a table one of whose index
/// or constraint names validation refuses even as the database has it (see
/// `validate::keeps_database_object_name`: a name with a line break, an index named `select`):
/// the pulled spec would not be valid (a user trial: it must be). `None` when it takes them.
fn unkept_object_name(t: &ExistingTable, dialect: &dyn Dialect) -> Option<String> {
    let name = t
        .indexes
        .iter()
        .filter(|ix| !ix.index.columns.iter().any(String::is_empty))
        .map(|ix| &ix.index.name)
        .chain(t.table.unique_constraints.iter().map(|u| &u.name))
        .chain(t.table.check_constraints.iter().map(|c| &c.name))
        .find(|n| !n.is_empty() && !crate::validate::keeps_database_object_name(dialect, n))?;
    Some(format!(
        "its index or constraint name '{}' is a reserved word, holds a control character or is past the length limit, which a spec cannot keep",
        name.escape_debug()
    ))
}

/// Why a pull leaves out a table without a primary key (Android's `android_metadata`, a log
/// table): every table of a spec has one (`MISSING_PRIMARY_KEY`), so the pulled spec would not
/// validate against the very database it was pulled from (a user trial).
pub const KEYLESS: &str = "it has no primary key, which every table of a spec has";

/// A table of the database as a pull for `dialect` writes it, and what of it the pull leaves
/// out on the way (as `leftOut` phrases): its columns in the dialect's forms, a UNIQUE index
/// standing for a `unique` column as that flag, its indexes over columns (an expression index
/// has no form in a spec; `left_out` lists it, and a migration generated against the database
/// leaves it alone). For PostgreSQL and MySQL, whose migrations make a new database from the
/// spec alone:
/// - a foreign key into a table the pull leaves out is left out with it (the spec would
///   otherwise reference a table it does not create: `INVALID_FOREIGN_KEY`);
/// - every name a spec cannot give (Prisma's `User` and `authorId`, TypeORM's `UQ_…`, an index
///   `idx "q"`) is pulled as `names` gives it, and its references with it (a SQLite pull keeps
///   the names as they are: the database already has them; validation takes its index and
///   constraint names, see `validate::check_name`, and a table it cannot name is left out).
///
/// The CHECKs' and partial indexes' expressions are on one line and quoted as `dialect` reads
/// them (see [`requoted`]).
fn pulled_table(
    t: &ExistingTable,
    schema: &ExistingSchema,
    dialect: &dyn Dialect,
    wide: &WideIntegers,
    names: &PulledNames,
) -> (Table, Vec<String>) {
    let database_type = dialect.database_type();
    let mut table = t.table.clone();
    for (c, declared) in table.columns.iter_mut().zip(&t.declared_types) {
        for_dialect(c, declared, database_type);
        if narrower_than_64_bits(c.ty) {
            if let Some(ty) = wide.widened(&t.table.name, &c.name) {
                c.ty = ty;
            }
        }
    }
    // A rowid that is also a foreign key (`user_id INTEGER PRIMARY KEY REFERENCES users`) takes
    // its values from the parent: not autoIncrement (a key the insert type leaves out, a SERIAL
    // elsewhere), but the INTEGER key it is, which SQLite still makes the rowid.
    for i in 0..table.columns.len() {
        if table.columns[i].auto_increment && table.foreign_key_of(&table.columns[i].name).is_some()
        {
            table.columns[i].auto_increment = false;
        }
    }
    let mut left = Vec::new();
    // SQLite reads the names a foreign key gives in any case (`REFERENCES U(ID)`); the spec's
    // are the referenced table's own, as it declares them.
    for fk in &mut table.foreign_keys {
        let Some(parent) = schema.table(&fk.referenced_table) else {
            continue;
        };
        fk.referenced_table.clone_from(&parent.table.name);
        for c in &mut fk.referenced_columns {
            if let Some(own) = parent
                .table
                .columns
                .iter()
                .find(|p| p.name.eq_ignore_ascii_case(c))
            {
                c.clone_from(&own.name);
            }
        }
    }
    // Indexes standing for UNIQUE columns written by an earlier ALTER are column flags.
    table.indexes.clear();
    for ix in &t.indexes {
        let marks_unique = ix.index.unique
            && ix.index.predicate.is_none()
            && ix.index.columns.len() == 1
            && ix.index.name == crate::diff::unique_index_name(&table.name, &ix.index.columns[0]);
        if marks_unique {
            if let Some(c) = table
                .columns
                .iter_mut()
                .find(|c| c.name == ix.index.columns[0])
            {
                c.unique = true;
            }
        } else if let Some(hidden) = crate::diff::hidden_column(&ix.index, &table.columns) {
            // A generated or hidden column is not in the spec (`leftOut` names it), nor is an
            // index on it, which a migration against the database leaves as it is.
            left.push(format!(
                "the index '{}', on the generated or hidden column '{hidden}'",
                ix.index.name
            ));
        } else if !ix.index.columns.iter().any(String::is_empty) {
            table.indexes.push(ix.index.clone());
        }
    }
    {
        use crate::create_table_text::one_line;
        let renamed = |c: &str| names.column(&t.table.name, c).to_string();
        for c in &mut table.check_constraints {
            c.expression = requoted(&one_line(&c.expression), &t.table, dialect, &renamed);
        }
        for ix in &mut table.indexes {
            if let Some(p) = &ix.predicate {
                ix.predicate = Some(requoted(&one_line(p), &t.table, dialect, &renamed));
            }
        }
    }
    if database_type == DatabaseType::Sqlite {
        return (table, left);
    }
    table.foreign_keys.retain(|fk| {
        let kept = schema
            .table(&fk.referenced_table)
            .is_none_or(|r| in_pulled_spec(r, dialect));
        if !kept {
            left.push(format!(
                "the foreign key ({}) to '{}', a table left out of the spec",
                fk.columns.join(", "),
                fk.referenced_table
            ));
        }
        kept
    });
    // MySQL has no partial indexes: a spec for it with one is UNSUPPORTED_FEATURE, so the pull
    // leaves it out (a user trial's pulled spec was refused so).
    if database_type == DatabaseType::Mysql {
        table.indexes.retain(|ix| {
            let Some(p) = &ix.predicate else {
                return true;
            };
            left.push(format!(
                "the partial index '{}' ({}) WHERE {}, as MySQL has no partial indexes",
                ix.name,
                ix.columns.join(", "),
                crate::report::clip(p)
            ));
            false
        });
    }
    let own = t.table.name.as_str();
    table.name = names.table(own).to_string();
    let column = |c: &mut String| *c = names.column(own, c).to_string();
    table.columns.iter_mut().for_each(|c| column(&mut c.name));
    table.primary_key.iter_mut().for_each(column);
    for fk in &mut table.foreign_keys {
        fk.columns.iter_mut().for_each(column);
        let parent = fk.referenced_table.clone();
        for c in &mut fk.referenced_columns {
            *c = names.column(&parent, c).to_string();
        }
        fk.referenced_table = names.table(&parent).to_string();
    }
    for u in &mut table.unique_constraints {
        u.columns.iter_mut().for_each(column);
        u.name = names.object(own, &u.name).to_string();
    }
    for c in &mut table.check_constraints {
        c.name = names.object(own, &c.name).to_string();
    }
    if let Some(key) = &mut table.primary_key_name {
        *key = names.object(own, key).to_string();
    }
    for ix in &mut table.indexes {
        ix.columns.iter_mut().for_each(column);
        ix.name = names.object(own, &ix.name).to_string();
    }
    (table, left)
}

/// Why a spec for `dialect` cannot list this table (so a pull leaves it out, and
/// `dropTablesNotInSpec` never drops it): its name, or a column's name, is not lowercase
/// snake_case (Prisma's `User` and `createdAt`, Sequelize's `SequelizeMeta`, a name with a
/// space), is too long, or is a reserved word (`user` for PostgreSQL, Knex's
/// `knex_migrations_lock.index` for SQLite and MySQL); `None` when it can.
fn unnamable(table: &Table, dialect: &dyn Dialect) -> Option<String> {
    if let Some(why) = name_refusal(&table.name, dialect, "table") {
        return Some(format!("its name {why}"));
    }
    if let Some(why) = too_many_columns(table) {
        return Some(why);
    }
    let column = crate::validate::column_no_spec_can_name(dialect, table)?;
    let why = name_refusal(column, dialect, "column")?;
    Some(format!("its column '{column}' {why}"))
}

/// Why a spec cannot list a table of more columns than a spec's table may have. SQLite takes
/// 2,000 columns: a pull listed such a table, and the pulled spec was refused as
/// LIMIT_EXCEEDED (a hostile-input trial).
fn too_many_columns(table: &Table) -> Option<String> {
    let most = crate::limits::MAX_COLUMNS_PER_TABLE;
    (table.columns.len() > most).then(|| {
        format!(
            "it has {} columns, more than the {most} a spec's table may have",
            table.columns.len()
        )
    })
}

/// What keeps a spec for `dialect` from giving this name to a `what` ("table", "column"), as a
/// phrase after "its name": "is not lowercase snake_case, which a spec's table names are";
/// `None` when a spec can give it.
fn name_refusal(name: &str, dialect: &dyn Dialect, what: &str) -> Option<String> {
    if crate::validate::spec_can_name(dialect, name) {
        return None;
    }
    let db = dialect.database_type().as_str();
    Some(if !crate::validate::is_snake_identifier(name) {
        format!("is not lowercase snake_case, which a spec's {what} names are")
    } else if name.len() > dialect.max_identifier_bytes() {
        // SQLite sets no limit: the bound is this generator's.
        let whose = if dialect.database_type() == crate::spec::DatabaseType::Sqlite {
            "this generator takes on SQLite; SQLite itself sets no limit".to_string()
        } else {
            format!("{db} keeps")
        };
        format!(
            "is longer than the {} bytes {whose}",
            dialect.max_identifier_bytes()
        )
    } else {
        format!("is a reserved word in {db}, which a spec's {what} cannot have")
    })
}

/// Something in the database that a pulled spec has no form for. Generating from the spec
/// against that database leaves it as it is; a database made from the spec does not have it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LeftOut {
    /// The table it belongs to; `None` for a view (which may name several tables), for a
    /// virtual table and for a table whose name, or a column's name, a spec cannot give (left
    /// out of the spec whole).
    pub table: Option<String>,
    /// What it is, as a phrase: "the trigger 'audit'", "a COLLATE clause".
    pub what: String,
}

/// What the spec `spec_json` makes of `schema` for `database_type` leaves out: per table, in
/// table order, the features its text shows that a spec cannot say (generated columns, COLLATE,
/// STRICT, DESC index columns, …), expression indexes and triggers; then every table left out
/// whole (a virtual table, a table whose name a spec cannot give, with the reason) and every
/// view.
///
/// `wide`: what [`wide_integers`] read; when it could not read the values, that is said too.
pub fn left_out(
    schema: &ExistingSchema,
    database_type: DatabaseType,
    wide: &WideIntegers,
) -> Vec<LeftOut> {
    let dialect = crate::dialect::for_database(database_type);
    let names = PulledNames::of(schema, dialect);
    let mut out: Vec<LeftOut> = Vec::new();
    let mut whole_tables = Vec::new();
    for t in schema.tables() {
        // For PostgreSQL and MySQL the names are pulled as names a spec can give (see
        // `pull_names`); only too many columns leaves the table out.
        let whole = if database_type == DatabaseType::Sqlite {
            unnamable(&t.table, dialect).or_else(|| unkept_object_name(t, dialect))
        } else {
            too_many_columns(&t.table)
        };
        if let Some(why) = whole.filter(|_| !t.is_virtual()) {
            whole_tables.push(LeftOut {
                table: None,
                what: format!("the table '{}' ({why})", t.table.name),
            });
            continue;
        }
        if t.is_virtual() {
            // Not in the spec at all: listed with the views.
            whole_tables.push(LeftOut {
                table: None,
                what: format!("the virtual table '{}'", t.table.name),
            });
            continue;
        }
        if t.table.primary_key.is_empty() {
            whole_tables.push(LeftOut {
                table: None,
                what: format!("the table '{}' ({KEYLESS})", t.table.name),
            });
            continue;
        }
        // The rebuild's needles are looked for in the text as a whole, cautiously (a string
        // `'on conflict'` counts there); here only the clause itself counts.
        let runs = |words: &[&str], after_columns| {
            crate::create_table_text::word_runs(&t.sql, words, after_columns)
        };
        let has = |words: &[&str], after_columns| runs(words, after_columns) > 0;
        // Only `DEFERRABLE INITIALLY DEFERRED` defers the check; every other form is the
        // spec's immediate one.
        let deferred = runs(&["DEFERRABLE", "INITIALLY", "DEFERRED"], false)
            > runs(&["NOT", "DEFERRABLE", "INITIALLY", "DEFERRED"], false);
        let mut seen: Vec<&str> = Vec::new();
        for blocker in &t.rebuild_blockers {
            let what = match blocker.as_str() {
                // Every generated column is listed by name (it is a hidden column).
                "a generated column" => continue,
                "a virtual table" => continue,
                "WITHOUT ROWID" if !has(&["WITHOUT", "ROWID"], true) => continue,
                "WITHOUT ROWID" => "WITHOUT ROWID (the spec's table has a rowid)",
                "STRICT" if !has(&["STRICT"], true) => continue,
                "STRICT" => "STRICT (the spec's table takes any value in any column)",
                // The spec's autoIncrement key is AUTOINCREMENT (the key without it is below).
                "AUTOINCREMENT" => continue,
                "a COLLATE clause" if !has(&["COLLATE"], false) => continue,
                "an ON CONFLICT clause" if !has(&["ON", "CONFLICT"], false) => continue,
                // Listed below, whether or not a rebuild could keep it.
                "a DEFERRABLE foreign key" => continue,
                "an ON DELETE/UPDATE SET DEFAULT action" if !has(&["SET", "DEFAULT"], false) => {
                    continue
                }
                other => other,
            };
            if !seen.contains(&what) {
                seen.push(what);
            }
        }
        if deferred {
            seen.push(
                "a DEFERRABLE INITIALLY DEFERRED foreign key (checked at COMMIT; the spec's are checked at each statement)",
            );
        }
        // Names pulled as others are not left out: `pull_renamed` lists them.
        let table = Some(names.table(&t.table.name).to_string());
        out.extend(seen.into_iter().map(|what| LeftOut {
            table: table.clone(),
            what: what.to_string(),
        }));
        // The rowid without AUTOINCREMENT gives a deleted last row's key to the next row; the
        // spec's autoIncrement key (AUTOINCREMENT, a sequence, AUTO_INCREMENT) never does.
        if let Some(key) = t.table.auto_increment_column() {
            if !has(&["AUTOINCREMENT"], false) && t.table.foreign_key_of(&key.name).is_none() {
                out.push(LeftOut {
                    table: table.clone(),
                    what: format!(
                        "the key '{}' without AUTOINCREMENT (it gives a deleted last row's key again; the spec's autoIncrement key never does)",
                        key.name
                    ),
                });
            }
        }
        // Clauses of an index over columns (an expression index is listed whole above) that
        // the spec's index has no form for, each index with one listed, all of one clause
        // before the next:
        // - COLLATE (`ON wp_postmeta(meta_key COLLATE NOCASE)`): the spec's index has the
        //   columns only, so a database made from it compares (and, for a UNIQUE index, refuses
        //   duplicates) byte for byte;
        // - a key column in descending order (`ON posts (created_at DESC)`, as Prisma and
        //   Drizzle write `sort: Desc` and `.desc()`): the spec's index columns are ascending, so
        //   a database made from the spec has the index ascending (generating against this one
        //   leaves it as it is).
        // (the clause's word, what is said before the index's name, and after it)
        let index_clauses = [
            ("COLLATE", "a COLLATE clause in the index", ""),
            (
                "DESC",
                "the descending (DESC) order of a column in the index",
                " (the spec's index columns are ascending)",
            ),
        ];
        for (word, before, after) in index_clauses {
            out.extend(
                t.indexes
                    .iter()
                    .filter(|ix| {
                        !ix.index.columns.iter().any(String::is_empty)
                            && crate::create_table_text::word_runs(&ix.sql, &[word], false) > 0
                    })
                    .map(|ix| LeftOut {
                        table: table.clone(),
                        what: format!("{before} '{}'{after}", ix.index.name),
                    }),
            );
        }
        // What a column holds that the spec's column (and so the generated row type) says it
        // does not: a type-less column holds any value, not only the BLOBs its spec type says;
        // a key column other than the rowid, not declared NOT NULL, holds NULL in a rowid table
        // (SQLite's old bug, kept for old files), where the spec's key is NOT NULL.
        let null_keys = !t
            .rebuild_blockers
            .iter()
            .any(|b| b == "WITHOUT ROWID" || b == "STRICT");
        for (i, c) in t.table.columns.iter().enumerate() {
            if let (ColumnType::Boolean, Some(DefaultValue::Number(n))) = (c.ty, &c.default) {
                if n != "0" && n != "1" {
                    let pulled = if database_type == DatabaseType::Sqlite {
                        format!("pulled as the expression {n}, which gives new rows {n} as the database does, while the generated types say the column holds a boolean")
                    } else {
                        format!("pulled as it is, which validation refuses for {} (a BOOLEAN column's default is true or false)", database_type.as_str())
                    };
                    out.push(LeftOut {
                        table: table.clone(),
                        what: format!("the default {n} of the BOOLEAN column '{}', which is neither true (1) nor false (0): {pulled}", c.name),
                    });
                }
            }
            if t.declared_types.get(i).is_some_and(|d| d.trim().is_empty()) {
                out.push(LeftOut {
                    table: table.clone(),
                    what: format!("the column '{}' has no declared type, so it holds any value (text, numbers, blobs); the spec's column is a BLOB, whose type in TypeScript is a byte array", c.name),
                });
            }
            let key = t
                .table
                .primary_key
                .iter()
                .any(|k| k.eq_ignore_ascii_case(&c.name));
            if null_keys
                && key
                && !t.raw_not_null.get(i).copied().unwrap_or(true)
                && !crate::diff::is_existing_rowid(t, &c.name)
            {
                out.push(LeftOut {
                    table: table.clone(),
                    what: format!("NULL in the key column '{}': it is not declared NOT NULL, and SQLite lets a PRIMARY KEY column other than an INTEGER PRIMARY KEY hold NULL then; the spec's key columns are NOT NULL, so the generated types say it holds none", c.name),
                });
            }
        }
        out.extend(t.triggers.iter().map(|(name, _)| LeftOut {
            table: table.clone(),
            what: format!("the trigger '{name}'"),
        }));
        out.extend(
            pulled_table(t, schema, dialect, wide, &names)
                .1
                .into_iter()
                .map(|what| LeftOut {
                    table: table.clone(),
                    what,
                }),
        );
    }
    out.extend(whole_tables);
    if let Some(why) = &wide.not_read {
        out.push(LeftOut {
            table: None,
            what: format!("the values of the INTEGER columns, which were not read ({why}): a column holding a whole number past -2,147,483,648 to 2,147,483,647 (milliseconds since 1970, a 64-bit id) needs \"type\": \"BIGINT\" on {}, whose INTEGER refuses it; a TINYINT column holding one past {} to {} needs \"type\": \"INTEGER\"", database_type.as_str(), if database_type == DatabaseType::Mysql { "-128" } else { "-32,768" }, if database_type == DatabaseType::Mysql { "127" } else { "32,767" }),
        });
    }
    out.extend(schema.views.iter().map(|v| LeftOut {
        table: None,
        what: format!("the view '{v}'"),
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text with control characters, line breaks, quotes and `||` written as literals and
    /// `char(n)`, and read back as the same text; other expressions are not read as one.
    #[test]
    fn char_concatenations_read_back_as_their_text() {
        for text in ["a\u{1}b", "line\nbreak", "it's || \r\n", "\n", "", "'"] {
            let e = char_concatenation(text);
            assert!(
                !e.chars().any(crate::defaults::refused_in_a_string_default),
                "{e}"
            );
            assert_eq!(as_char_concatenation(&e).as_deref(), Some(text), "{e}");
        }
        for other in ["'a' || lower('B')", "char(10) + 1", "'a' 'b'", "'open"] {
            assert_eq!(as_char_concatenation(other), None, "{other}");
        }
    }

    /// An INTEGER column holding epoch milliseconds (Drizzle's `timestamp_ms`) is pulled as
    /// BIGINT for PostgreSQL and MySQL, whose INTEGER is 32 bits (a user trial: `integer out of
    /// range`); one holding small numbers, and every one pulled for SQLite, stays INTEGER. A
    /// file past the bound is not read, and `leftOut` says so.
    #[test]
    fn integer_columns_holding_more_than_32_bits_are_pulled_as_bigint() {
        let dir = std::env::temp_dir().join(format!("mg-wide-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("wide.db");
        let _ = std::fs::remove_file(&path);
        {
            let conn = crate::sqlite_memory::open(&path).unwrap();
            conn.execute_batch(
                "CREATE TABLE events (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, low INT, n INTEGER, name TEXT);
                 INSERT INTO events VALUES (1, 1765000000000, -2147483649, 2147483647, 'a'), (2, 5, NULL, -2147483648, 'b');
                 CREATE TABLE quiet (id INTEGER PRIMARY KEY, at INTEGER);",
            )
            .unwrap();
        }
        let path = path.to_str().unwrap();
        let schema = crate::introspect::introspect(path).unwrap();
        let types = |db: DatabaseType| -> Vec<String> {
            let wide = wide_integers(path, &schema, db).unwrap();
            assert!(wide.not_read.is_none(), "{wide:?}");
            let spec = spec_json(&schema, db, path, &wide);
            (spec["tables"].as_array().unwrap().iter())
                .flat_map(|t| t["columns"].as_array().unwrap().iter())
                .map(|c| {
                    format!(
                        "{}:{}",
                        c["name"].as_str().unwrap(),
                        c["type"].as_str().unwrap()
                    )
                })
                .collect()
        };
        for db in [DatabaseType::Postgresql, DatabaseType::Mysql] {
            assert_eq!(
                types(db),
                [
                    "id:INTEGER",
                    "at:BIGINT",
                    "low:BIGINT",
                    "n:INTEGER",
                    "name:TEXT",
                    "id:INTEGER",
                    "at:INTEGER"
                ],
                "{db:?}"
            );
        }
        assert_eq!(
            types(DatabaseType::Sqlite),
            [
                "id:INTEGER",
                "at:INTEGER",
                "low:INT",
                "n:INTEGER",
                "name:TEXT",
                "id:INTEGER",
                "at:INTEGER"
            ]
        );
        let unread = WideIntegers {
            not_read: Some(
                "the file's pages take 17 MiB, more than the 16 MiB a pull reads".into(),
            ),
            ..WideIntegers::default()
        };
        let said = left_out(&schema, DatabaseType::Postgresql, &unread);
        assert!(
            said.iter().any(|l| l.table.is_none()
                && l.what.starts_with("the values of the INTEGER columns, which were not read (the file's pages take 17 MiB")
                && l.what.contains("\"type\": \"BIGINT\" on postgresql")),
            "{said:?}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A TINYINT column of a SQLite file holds any integer; pulled for PostgreSQL (SMALLINT,
    /// to 32,767) and MySQL (TINYINT, to 127) one whose rows hold more is made the smallest spec
    /// type that holds them: INTEGER within 32 bits, BIGINT past. Text in it is not a number
    /// PostgreSQL or MySQL would take as one either way, and does not count.
    #[test]
    fn tinyint_columns_holding_more_than_their_type_are_pulled_wider() {
        let dir = std::env::temp_dir().join(format!("mg-tinyint-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("tiny.db");
        let _ = std::fs::remove_file(&path);
        {
            let conn = crate::sqlite_memory::open(&path).unwrap();
            conn.execute_batch(
                "CREATE TABLE s (id INTEGER PRIMARY KEY, ok TINYINT, my TINYINT, both_ TINYINT, huge TINYINT, word TINYINT);
                 INSERT INTO s VALUES (1, 127, 128, 32768, 2147483648, 'many'), (2, -128, -5, 0, 0, 99999);",
            )
            .unwrap();
        }
        let path = path.to_str().unwrap();
        let schema = crate::introspect::introspect(path).unwrap();
        let types = |db: DatabaseType| -> Vec<String> {
            let wide = wide_integers(path, &schema, db).unwrap();
            assert!(wide.not_read.is_none(), "{wide:?}");
            let spec = spec_json(&schema, db, path, &wide);
            (spec["tables"][0]["columns"].as_array().unwrap().iter())
                .map(|c| c["type"].as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(
            types(DatabaseType::Postgresql),
            ["INTEGER", "TINYINT", "TINYINT", "INTEGER", "BIGINT", "INTEGER"]
        );
        assert_eq!(
            types(DatabaseType::Mysql),
            ["INTEGER", "TINYINT", "INTEGER", "INTEGER", "BIGINT", "INTEGER"]
        );
        assert_eq!(
            types(DatabaseType::Sqlite),
            ["INTEGER", "TINYINT", "TINYINT", "TINYINT", "TINYINT", "TINYINT"]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A key column widened by its values (an INTEGER holding 64-bit ids, a TINYINT past 127)
    /// takes every column that references it along, transitively, through composite keys and
    /// self-references: MySQL refuses a foreign key between INT and BIGINT
    /// (`FOREIGN_KEY_TYPE_MISMATCH`), and a child holding only small values (or none) was pulled
    /// narrow beside its widened parent; so does one referencing a column that a clock default
    /// makes BIGINT. For SQLite each stays as the file declares it.
    #[test]
    fn columns_referencing_a_widened_key_are_pulled_as_wide_as_it() {
        let dir = std::env::temp_dir().join(format!("mg-wide-fk-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("wide_fk.db");
        let _ = std::fs::remove_file(&path);
        {
            let conn = crate::sqlite_memory::open(&path).unwrap();
            conn.execute_batch(
                "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT);
                 CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id));
                 CREATE TABLE profile (parent_id INTEGER PRIMARY KEY REFERENCES parent);
                 CREATE TABLE badge (id INTEGER PRIMARY KEY, profile_id INT REFERENCES profile(parent_id));
                 CREATE TABLE tree (id INTEGER PRIMARY KEY, up INTEGER REFERENCES tree(id));
                 CREATE TABLE pair (a TINYINT NOT NULL, b TINYINT NOT NULL, PRIMARY KEY (a, b));
                 CREATE TABLE pair_use (id INTEGER PRIMARY KEY, a TINYINT, b TINYINT,
                   FOREIGN KEY (a, b) REFERENCES pair (a, b));
                 CREATE TABLE stamp (id INTEGER PRIMARY KEY, at INTEGER NOT NULL DEFAULT (unixepoch()) UNIQUE);
                 CREATE TABLE stamp_use (id INTEGER PRIMARY KEY, at INTEGER REFERENCES stamp(at));
                 INSERT INTO parent VALUES (5000000000, 'big'), (1, 'small');
                 INSERT INTO child VALUES (1, 1);
                 INSERT INTO tree VALUES (3000000000, NULL), (1, 3000000000), (2, 1);
                 INSERT INTO pair VALUES (1, 300), (2, 2);
                 INSERT INTO pair_use VALUES (1, 2, 2);",
            )
            .unwrap();
        }
        let path = path.to_str().unwrap();
        let schema = crate::introspect::introspect(path).unwrap();
        let pulled = |db: DatabaseType| -> (Vec<String>, Value) {
            let wide = wide_integers(path, &schema, db).unwrap();
            assert!(wide.not_read.is_none(), "{wide:?}");
            let spec = spec_json(&schema, db, path, &wide);
            let types = (spec["tables"].as_array().unwrap().iter())
                .flat_map(|t| {
                    let table = t["name"].as_str().unwrap().to_string();
                    (t["columns"].as_array().unwrap().iter()).map(move |c| {
                        format!(
                            "{table}.{}:{}",
                            c["name"].as_str().unwrap(),
                            c["type"].as_str().unwrap()
                        )
                    })
                })
                .collect();
            (types, spec)
        };
        let wide = [
            "parent.id:BIGINT",
            "parent.name:TEXT",
            "child.id:INTEGER",
            "child.parent_id:BIGINT",
            "profile.parent_id:BIGINT",
            "badge.id:INTEGER",
            "badge.profile_id:BIGINT",
            "tree.id:BIGINT",
            "tree.up:BIGINT",
            "pair.a:TINYINT",
            "pair.b:INTEGER",
            "pair_use.id:INTEGER",
            "pair_use.a:TINYINT",
            "pair_use.b:INTEGER",
            "stamp.id:INTEGER",
            "stamp.at:BIGINT",
            "stamp_use.id:INTEGER",
            "stamp_use.at:BIGINT",
        ];
        for db in [DatabaseType::Mysql, DatabaseType::Postgresql] {
            let (types, spec) = pulled(db);
            if db == DatabaseType::Postgresql {
                // PostgreSQL's TINYINT (SMALLINT) holds 300.
                let pg: Vec<String> = wide
                    .iter()
                    .map(|t| {
                        t.replace("pair.b:INTEGER", "pair.b:TINYINT")
                            .replace("pair_use.b:INTEGER", "pair_use.b:TINYINT")
                    })
                    .collect();
                assert_eq!(types, pg, "{db:?}");
            } else {
                assert_eq!(types, wide, "{db:?}");
            }
            let generated = crate::generate_str(&spec.to_string());
            let mismatches: Vec<_> = (generated.validation.errors.iter())
                .chain(&generated.validation.warnings)
                .filter(|i| i.code == crate::report::Code::ForeignKeyTypeMismatch)
                .collect();
            assert!(mismatches.is_empty(), "{db:?}: {mismatches:?}");
            assert!(
                generated.validation.valid,
                "{db:?}: {:?}",
                generated.validation.errors
            );
        }
        let (types, _) = pulled(DatabaseType::Sqlite);
        assert_eq!(
            types,
            [
                "parent.id:INTEGER",
                "parent.name:TEXT",
                "child.id:INTEGER",
                "child.parent_id:INTEGER",
                "profile.parent_id:INTEGER",
                "badge.id:INTEGER",
                "badge.profile_id:INT",
                "tree.id:INTEGER",
                "tree.up:INTEGER",
                "pair.a:TINYINT",
                "pair.b:TINYINT",
                "pair_use.id:INTEGER",
                "pair_use.a:TINYINT",
                "pair_use.b:TINYINT",
                "stamp.id:INTEGER",
                "stamp.at:INTEGER",
                "stamp_use.id:INTEGER",
                "stamp_use.at:INTEGER",
            ]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The schema of a SQLite database made in memory with `ddl`.
    fn schema_of(ddl: &str) -> ExistingSchema {
        let conn = crate::sqlite_memory::open_in_memory().unwrap();
        conn.execute_batch(ddl).unwrap();
        crate::introspect::read_schema(&conn).unwrap()
    }

    /// A type-less column and a key column SQLite lets hold NULL: the pulled spec (and so the
    /// generated row type) says otherwise, so each is listed; a NOT NULL key, the rowid, and the
    /// keys of WITHOUT ROWID and STRICT tables (which refuse NULL) are not.
    #[test]
    fn columns_holding_what_their_spec_type_says_they_do_not_are_left_out() {
        let schema = schema_of(
            "CREATE TABLE legacy (k TEXT PRIMARY KEY, must TEXT NOT NULL, notype);
            CREATE TABLE pair (a TEXT, b INTEGER NOT NULL, PRIMARY KEY (a, b));
            CREATE TABLE fine (k TEXT PRIMARY KEY NOT NULL, r INTEGER);
            CREATE TABLE rowid_key (id INTEGER PRIMARY KEY, v TEXT);
            CREATE TABLE no_rowid (k TEXT PRIMARY KEY) WITHOUT ROWID;
            CREATE TABLE strict_t (k TEXT PRIMARY KEY) STRICT;",
        );
        let said: Vec<(String, String)> =
            left_out(&schema, DatabaseType::Sqlite, &WideIntegers::default())
                .into_iter()
                .filter(|l| {
                    l.what.contains("NULL in the key") || l.what.contains("no declared type")
                })
                .map(|l| (l.table.unwrap_or_default(), l.what))
                .collect();
        assert_eq!(
            said,
            [
                ("legacy".to_string(), "NULL in the key column 'k': it is not declared NOT NULL, and SQLite lets a PRIMARY KEY column other than an INTEGER PRIMARY KEY hold NULL then; the spec's key columns are NOT NULL, so the generated types say it holds none".to_string()),
                ("legacy".to_string(), "the column 'notype' has no declared type, so it holds any value (text, numbers, blobs); the spec's column is a BLOB, whose type in TypeScript is a byte array".to_string()),
                ("pair".to_string(), "NULL in the key column 'a': it is not declared NOT NULL, and SQLite lets a PRIMARY KEY column other than an INTEGER PRIMARY KEY hold NULL then; the spec's key columns are NOT NULL, so the generated types say it holds none".to_string()),
            ]
        );
        // What the test says is so: the rows hold NULL and text there.
        let conn = crate::sqlite_memory::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE legacy (k TEXT PRIMARY KEY, must TEXT NOT NULL, notype);
            INSERT INTO legacy VALUES (NULL, 'm', 'abc');",
        )
        .unwrap();
        let kinds: (String, String) = conn
            .query_row("SELECT typeof(k), typeof(notype) FROM legacy", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(kinds, ("null".into(), "text".into()));
    }

    #[test]
    fn capitalised_names_are_lowered_and_keys_into_renamed_tables_kept_for_a_new_database() {
        let schema = schema_of(
            r#"CREATE TABLE "Account" ("id" integer PRIMARY KEY NOT NULL);
            CREATE TABLE "author" ("id" integer PRIMARY KEY NOT NULL, "age" integer,
              "account_id" integer REFERENCES "account" ("id"),
              CONSTRAINT "UQ_a1" UNIQUE ("age"), CONSTRAINT "CHK_b2" CHECK ("age" >= 0));
            CREATE INDEX "IDX_c3" ON "author" ("age");
            CREATE INDEX "Idx_Taken" ON "author" ("account_id");
            CREATE INDEX "idx_taken_x" ON "author" ("id", "age");
            CREATE TABLE "t2" ("id" integer PRIMARY KEY, CONSTRAINT "IDX_TAKEN" CHECK (id > 0));"#,
        );
        fn names(t: &Table) -> Vec<&str> {
            let mut n: Vec<&str> = t
                .unique_constraints
                .iter()
                .map(|u| u.name.as_str())
                .collect();
            n.extend(t.check_constraints.iter().map(|c| c.name.as_str()));
            n.extend(t.indexes.iter().map(|i| i.name.as_str()));
            n
        }
        let author = schema.table("author").unwrap();
        for db in [DatabaseType::Postgresql, DatabaseType::Mysql] {
            let dialect = crate::dialect::for_database(db);
            let pulled = PulledNames::of(&schema, dialect);
            let (table, left) =
                pulled_table(author, &schema, dialect, &WideIntegers::default(), &pulled);
            // `Idx_Taken` and t2's `IDX_TAKEN` are one name lowered: the second gets `_2`
            // (this kept `Idx_Taken` as it was, which validation then refused).
            assert_eq!(
                names(&table),
                ["uq_a1", "chk_b2", "idx_c3", "idx_taken", "idx_taken_x"]
            );
            let t2 = pulled_table(
                schema.table("t2").unwrap(),
                &schema,
                dialect,
                &WideIntegers::default(),
                &pulled,
            );
            assert_eq!(names(&t2.0), ["idx_taken_2"]);
            // The table `Account` is in the spec as `account`, and the key into it with it
            // (this left both out).
            assert_eq!(table.foreign_keys.len(), 1, "{db:?}");
            assert_eq!(table.foreign_keys[0].referenced_table, "account");
            assert!(left.is_empty(), "{left:?}");
            // Each rename is listed in `renamed`, with the name it is given and why; none is
            // in `leftOut`, which lists what the spec has no form for.
            let spec = spec_json(&schema, db, "app.db", &WideIntegers::default());
            let renamed = crate::pull_renamed::renamed(&schema, db, &spec);
            let listed: Vec<(&str, &str, &str, &str)> = renamed
                .iter()
                .map(|r| (r.kind, r.table.as_str(), r.from.as_str(), r.to.as_str()))
                .collect();
            assert_eq!(
                listed,
                [
                    ("table", "account", "Account", "account"),
                    ("index", "author", "IDX_c3", "idx_c3"),
                    ("index", "author", "Idx_Taken", "idx_taken"),
                    ("unique", "author", "UQ_a1", "uq_a1"),
                    ("check", "author", "CHK_b2", "chk_b2"),
                    ("check", "t2", "IDX_TAKEN", "idx_taken_2"),
                ]
            );
            let capitals = "it has capital letters, and a spec's names are lowercase";
            assert_eq!(renamed[1].why, capitals);
            assert_eq!(
                renamed[5].why,
                format!("{capitals}, and 'idx_taken', the name suggested first, is another of the spec's names")
            );
            let left_out = left_out(&schema, db, &WideIntegers::default());
            assert!(
                left_out.iter().all(|l| !l.what.contains("pulled as")),
                "{left_out:?}"
            );
        }
        // SQLite: the database has them, a migration against it keeps them (and the table).
        let sqlite = crate::dialect::for_database(DatabaseType::Sqlite);
        let none = PulledNames::of(&schema, sqlite);
        let (table, left) = pulled_table(author, &schema, sqlite, &WideIntegers::default(), &none);
        assert_eq!(
            names(&table),
            ["UQ_a1", "CHK_b2", "IDX_c3", "Idx_Taken", "idx_taken_x"]
        );
        assert_eq!(table.foreign_keys.len(), 1);
        assert!(left.is_empty());
    }

    #[test]
    fn sqlite_clocks_are_read_however_they_are_spaced_and_parenthesized() {
        assert_eq!(sqlite_clock("unixepoch()"), Some(Clock::Seconds));
        assert_eq!(sqlite_clock("(UNIXEPOCH ( ))"), Some(Clock::Seconds));
        assert_eq!(sqlite_clock("strftime('%s', 'now')"), Some(Clock::Seconds));
        assert_eq!(
            sqlite_clock("cast((julianday('now') - 2440587.5)*86400000 as integer)"),
            Some(Clock::Milliseconds)
        );
        assert_eq!(sqlite_clock("unixepoch() + 60"), None);
        assert_eq!(sqlite_clock("(unixepoch()) + (60)"), None);
        assert_eq!(sqlite_clock("julianday('now')"), None);
    }

    #[test]
    fn string_and_any_are_text_on_postgresql_and_mysql_and_stay_numeric_on_sqlite() {
        for db in [DatabaseType::Postgresql, DatabaseType::Mysql] {
            assert_eq!(unknown_type_for("STRING", db), Some(ColumnType::Text));
            assert_eq!(unknown_type_for("any", db), Some(ColumnType::Text));
            assert_eq!(unknown_type_for("NUMERIC", db), None);
        }
        assert_eq!(unknown_type_for("STRING", DatabaseType::Sqlite), None);
        // What SQLite's affinity rules make of them: NUMERIC, the spec's NUMERIC.
        assert_eq!(crate::diff::affinity("STRING"), "NUMERIC");
        assert_eq!(crate::diff::affinity("ANY"), "NUMERIC");
    }

    #[test]
    fn a_table_name_no_spec_can_give_says_why() {
        let pg = crate::dialect::for_database(DatabaseType::Postgresql);
        assert!(name_refusal("_prisma_migrations", pg, "table").is_none());
        assert!(name_refusal("User", pg, "table")
            .unwrap()
            .contains("snake_case"));
        assert!(name_refusal("order items", pg, "table")
            .unwrap()
            .contains("snake_case"));
        assert!(name_refusal("user", pg, "table")
            .unwrap()
            .contains("reserved word in postgresql"));
        let sqlite = crate::dialect::for_database(DatabaseType::Sqlite);
        assert!(name_refusal("user", sqlite, "table").is_none());
        assert_eq!(
            name_refusal(&"t".repeat(200), pg, "table").unwrap(),
            "is longer than the 63 bytes postgresql keeps"
        );
        // SQLite holds such a name: the bound is this generator's, and said so.
        assert_eq!(
            name_refusal(&"t".repeat(200), sqlite, "table").unwrap(),
            "is longer than the 128 bytes this generator takes on SQLite; SQLite itself sets no limit"
        );
    }

    #[test]
    fn a_table_with_a_column_no_spec_can_name_is_unnamable() {
        let table = |name: &str, column: &str| Table {
            name: name.into(),
            columns: vec![
                crate::spec::Column::new("id", ColumnType::Integer, false),
                crate::spec::Column::new(column, ColumnType::Integer, true),
            ],
            ..Default::default()
        };
        let sqlite = crate::dialect::for_database(DatabaseType::Sqlite);
        let pg = crate::dialect::for_database(DatabaseType::Postgresql);
        // Knex's lock table: `index` is reserved in SQLite (and MySQL), not in PostgreSQL.
        let lock = table("knex_migrations_lock", "index");
        assert_eq!(
            unnamable(&lock, sqlite).as_deref(),
            Some("its column 'index' is a reserved word in sqlite, which a spec's column cannot have")
        );
        assert_eq!(unnamable(&lock, pg), None);
        assert!(unnamable(&table("posts", "createdAt"), pg)
            .unwrap()
            .contains("its column 'createdAt' is not lowercase snake_case"));
        assert!(unnamable(&table("User", "createdAt"), pg)
            .unwrap()
            .starts_with("its name is not lowercase snake_case"));
        let mut wide = table("wide", "c0");
        for i in 1..1000 {
            let c = crate::spec::Column::new(&format!("c{i}"), ColumnType::Integer, true);
            wide.columns.push(c);
        }
        assert_eq!(
            unnamable(&wide, sqlite).as_deref(),
            Some("it has 1001 columns, more than the 1000 a spec's table may have")
        );
        wide.columns.pop();
        assert_eq!(unnamable(&wide, sqlite), None);
        // __proto__ is kept with a warning when the database has it.
        assert_eq!(unnamable(&table("posts", "__proto__"), sqlite), None);
    }

    /// A number default of a column of TEXT affinity is pulled as the text SQLite stores for it
    /// (a spec's text column takes a string default only: the pulled spec was refused against
    /// its own database, a user trial), for every database; a number the column's spec type has
    /// no room for, in a column that keeps it a number (`boolean DEFAULT 2`, `uuid DEFAULT 5`),
    /// as the expression that is that number for SQLite, and `leftOut` says so for a BOOLEAN.
    #[test]
    fn number_defaults_of_text_columns_are_pulled_as_the_text_sqlite_stores() {
        let ddl = "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, p TEXT DEFAULT 123,
            v VARCHAR(10) DEFAULT 0, g text DEFAULT 1.5, l TEXT DEFAULT -1, e CLOB DEFAULT 1e3,
            k boolean DEFAULT 2, u uuid DEFAULT 5, s STRING DEFAULT 7, n INTEGER DEFAULT 4);";
        let schema = schema_of(ddl);
        let conn = crate::sqlite_memory::open_in_memory().unwrap();
        conn.execute_batch(ddl).unwrap();
        conn.execute_batch("INSERT INTO t DEFAULT VALUES").unwrap();
        let stored: Vec<String> = ["p", "v", "g", "l", "e"]
            .iter()
            .map(|c| {
                conn.query_row(
                    &format!("SELECT typeof({c}) || ':' || {c} FROM t"),
                    [],
                    |r| r.get(0),
                )
                .unwrap()
            })
            .collect();
        assert_eq!(
            stored,
            ["text:123", "text:0", "text:1.5", "text:-1", "text:1000.0"]
        );
        let defaults = |database_type| -> Vec<Value> {
            spec_json(&schema, database_type, "t.db", &WideIntegers::default())["tables"][0]
                ["columns"]
                .as_array()
                .unwrap()
                .iter()
                .skip(1)
                .map(|c| c["default"].clone())
                .collect()
        };
        assert_eq!(
            defaults(DatabaseType::Sqlite),
            [
                json!("123"),
                json!("0"),
                json!("1.5"),
                json!("-1"),
                json!("1000.0"),
                json!({ "expression": "2" }),
                json!({ "expression": "5" }),
                json!(7),
                json!(4)
            ]
        );
        for database_type in [DatabaseType::Postgresql, DatabaseType::Mysql] {
            assert_eq!(
                defaults(database_type)[..5],
                [
                    json!("123"),
                    json!("0"),
                    json!("1.5"),
                    json!("-1"),
                    json!("1000.0")
                ]
            );
        }
        let said = |database_type| -> Vec<String> {
            left_out(&schema, database_type, &WideIntegers::default())
                .into_iter()
                .filter(|l| l.what.contains("BOOLEAN"))
                .map(|l| l.what)
                .collect()
        };
        assert_eq!(said(DatabaseType::Sqlite), ["the default 2 of the BOOLEAN column 'k', which is neither true (1) nor false (0): pulled as the expression 2, which gives new rows 2 as the database does, while the generated types say the column holds a boolean"]);
        assert_eq!(said(DatabaseType::Postgresql), ["the default 2 of the BOOLEAN column 'k', which is neither true (1) nor false (0): pulled as it is, which validation refuses for postgresql (a BOOLEAN column's default is true or false)"]);
    }
}
