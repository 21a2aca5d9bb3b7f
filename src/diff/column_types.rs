//! SQLite's type affinities and what a column's type change does to its values: which changes
//! narrow (`TYPE_NARROWING`), what the rebuild's `CAST` does to text, a number column made text, a
//! key that becomes the rowid or stops being it, and a length SQLite does not enforce.

use crate::dialect::{sqlite_quoted_identifier as quoted_identifier, Dialect, Sqlite};
use crate::introspect::ExistingTable;
use crate::report::{Code, Issue};
use crate::spec::*;

/// SQLite's type affinity of a declared type.
pub fn affinity(declared: &str) -> &'static str {
    let u = declared.to_ascii_uppercase();
    if u.contains("INT") {
        "INTEGER"
    } else if u.contains("CHAR") || u.contains("CLOB") || u.contains("TEXT") {
        "TEXT"
    } else if u.contains("BLOB") || u.trim().is_empty() {
        "BLOB"
    } else if u.contains("REAL") || u.contains("FLOA") || u.contains("DOUB") {
        "REAL"
    } else {
        "NUMERIC"
    }
}

/// The text SQLite stores for the number `n` (a default's SQL text, such as `123`, `-1` or
/// `1e3`) in a column of TEXT affinity, which converts every number it is given: what
/// `CAST(n AS TEXT)` gives (`'123'`, `'-1'`, `'1000.0'`), asked of SQLite itself, whose text of a
/// REAL (15 significant digits, `.0` after a whole one) no Rust formatting reproduces. `None` for
/// anything but a decimal number literal.
pub(crate) fn number_as_stored_text(n: &str) -> Option<String> {
    let unsigned = n.strip_prefix(['-', '+']).unwrap_or(n);
    let literal = !unsigned.is_empty()
        && unsigned.len() <= 64
        && unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && unsigned
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    if !literal {
        return None;
    }
    crate::sqlite_memory::with_probe(|probe| {
        probe
            .query_row(&format!("SELECT CAST(({n}) AS TEXT)"), [], |row| {
                row.get::<_, String>(0)
            })
            .ok()
    })
    .flatten()
}

/// Whether the spec column `new` has the type of the database column `old`, declared
/// `declared`: when the affinities agree, or when the declared type is a spelling of the spec's
/// type (a column declared `boolean` is the spec's BOOLEAN, whatever its affinity).
pub(super) fn same_type(declared: &str, old: &Column, new: &Column) -> bool {
    let d = Sqlite;
    affinity(declared) == affinity(&d.column_type(new, false))
        || d.column_type(old, false) == d.column_type(new, false)
}

/// `LOSSY_TYPE_MAPPING` for a text column of `table` whose length the spec makes shorter than
/// `old` had (`old_length`, `None` for text of any length): `new` keeps SQLite's TEXT affinity,
/// so nothing changes in the database (no rebuild), and SQLite enforces no length: values longer
/// than the new length stay, and new ones are taken, where the spec (and the types and
/// validation made from it) says the column holds at most that many characters. `None` when
/// the length does not shrink or the columns are not text of that kind.
pub(crate) fn length_not_enforced(
    table: &str,
    old: &Column,
    old_length: Option<u32>,
    new: &Column,
) -> Option<Issue> {
    use crate::spec::ColumnType::{Char, Text, Varchar};
    // A CHAR without a length is CHAR(1), as PostgreSQL and MySQL make it.
    let of = |c: &Column, length: Option<u32>| match c.ty {
        Char => Some(length.unwrap_or(1)),
        _ => length,
    };
    let (old_length, n) = (of(old, old_length), of(new, new.length)?);
    if !matches!(old.ty, Varchar | Char | Text)
        || !matches!(new.ty, Varchar | Char)
        || old_length.is_some_and(|o| o <= n)
    {
        return None;
    }
    let spelled = |c: &Column, length: Option<u32>| match length {
        Some(l) => format!("{}({l})", c.ty.as_str()),
        None => c.ty.as_str().to_string(),
    };
    let name = |n: &str| {
        if crate::validate::is_plain_identifier(n) {
            n.to_string()
        } else {
            quoted_identifier(n)
        }
    };
    let column = name(&new.name);
    let check = serde_json::json!({
        "name": format!("chk_{table}_{}_length", new.name),
        "expression": format!("length({column}) <= {n}"),
    });
    Some(
        Issue::warning(
            Code::LossyTypeMapping,
            format!(
                "'{}' goes from {} to {}, which SQLite does not apply: it stores the column as TEXT and enforces no length, so the migration leaves it as it is, values longer than {n} characters already there stay, and longer ones are still taken",
                new.name,
                spelled(old, old_length),
                spelled(new, Some(n))
            ),
        )
        .table(table)
        .column(&new.name)
        .suggest(format!(
            "to refuse longer values on SQLite, add a CHECK ({check}; rows holding longer values refuse it: find them with SELECT * FROM {} WHERE length({column}) > {n}), or validate the length in the application",
            name(table)
        )),
    )
}

/// The type the column `column` of the spec table is declared with in the existing table once
/// the migration has run: the existing declared type when the table has the column and the spec
/// keeps its type (an ALTER leaves it as it is, and a rebuild writes it again, see
/// `target_table`), otherwise `None` (the column gets the spec type's usual spelling).
pub fn declared_type_after<'a>(existing: &'a ExistingTable, column: &Column) -> Option<&'a str> {
    let i = existing
        .table
        .columns
        .iter()
        .position(|c| c.name.eq_ignore_ascii_case(&column.name))?;
    let declared = existing.declared_types.get(i)?;
    same_type(declared, &existing.table.columns[i], column).then_some(declared.as_str())
}

/// Whether converting values of one affinity to another can lose them.
pub(crate) fn narrows(from: &str, to: &str) -> bool {
    matches!(
        (from, to),
        ("TEXT", "INTEGER" | "REAL" | "NUMERIC")
            | ("REAL" | "NUMERIC", "INTEGER")
            | ("BLOB", "INTEGER" | "REAL" | "NUMERIC" | "TEXT")
            // A REAL becomes text with 15 significant digits in the SQLite versions most
            // systems ship (3.40: 0.1 + 0.2 is '0.3'), and does not come back exactly.
            | ("REAL" | "NUMERIC", "TEXT")
    )
}

/// What the rebuild's `CAST` of a TEXT column into the affinity `to` does to its values, as
/// the bundled SQLite does it: the words after "changing 'c' from TEXT to {to} ". CAST itself
/// refuses nothing (it reads the number the text begins with and makes text that begins with
/// none 0: a user trial found 'n/a' made 0), so the rebuild checks the text first and refuses
/// text that is no clean number ([`crate::rebuild_number_check`]); the down migration's copy
/// gives back the number's text.
pub(super) fn text_cast(to: &str) -> Option<&'static str> {
    Some(match to {
        "INTEGER" => "converts the values with CAST: text that is a whole number becomes it (' 42 ' and '+042' become 42), and any other text ('n/a', '', 'true', '42.0', '2.5', '1e3', '12abc', or past the integer range) refuses the migration, rolled back whole by the rebuild's check (text_that_is_not_a_number = 0), as PostgreSQL and MySQL refuse it, where CAST would make it 0 or cut it; NULL stays NULL, and the down migration gives back the number's text ('42'), not the text it was",
        "REAL" => "converts the values with CAST: text that is a number becomes it (' 2.5 ' becomes 2.5, '1e3' 1000.0), and any other text ('n/a', '', 'true', '12abc', 'NaN') refuses the migration, rolled back whole by the rebuild's check (text_that_is_not_a_number = 0), as PostgreSQL and MySQL refuse it, where CAST would make it 0.0; NULL stays NULL, and the down migration gives back the number's text ('2.5', '1000.0'), not the text it was",
        "NUMERIC" => "converts the values with CAST: text that is a number becomes it ('2.50' becomes 2.5, '1e3' 1000), and any other text ('n/a', '', 'true', '12abc', 'NaN') refuses the migration, rolled back whole by the rebuild's check (text_that_is_not_a_number = 0), as PostgreSQL and MySQL refuse it, where CAST would make it 0; NULL stays NULL, and the down migration gives back the number's text ('2.5', '1000'), not the text it was",
        _ => return None,
    })
}

/// `TYPE_NARROWING` saying `issue`: a warning with `allowDataLoss`, otherwise an error.
pub(crate) fn type_narrowing(issue: String, allow_data_loss: bool) -> Issue {
    if allow_data_loss {
        Issue::warning(Code::TypeNarrowing, issue)
            .suggest("check the converted values after the migration")
    } else {
        Issue::error(Code::TypeNarrowing, issue).suggest(
            "keep the type, add a new column and convert the data yourself, or set allowDataLoss: true",
        )
    }
}

/// The words after "changing 'c' " of the key column `column` that becomes the rowid
/// (`INTEGER PRIMARY KEY`) from the affinity `from`, and the query that finds the rows the
/// rebuild's key check refuses (see `rebuild_sql`: a key that is NULL or no whole number rolls
/// the migration back, "CHECK constraint failed:
/// values_that_are_null_or_not_integers_in_the_new_integer_key = 0"; nothing is cut, as the
/// CAST of another column cuts 10.5 to 10), over `on_file`: the table and the column as the
/// database names them before the migration (its renames run first). `None` where the
/// affinity does not narrow.
pub(super) fn becomes_rowid_narrowing(
    (table, key_on_file): (&str, &str),
    column: &str,
    from: &str,
    to: &str,
) -> Option<(String, String)> {
    if !narrows(from, to) || to != "INTEGER" {
        return None;
    }
    let held = if from == "TEXT" {
        "text that is a whole number becomes it ('42', ' 42 ' and '042' become 42, and the down migration gives back '42'), two texts of one number ('1' and '01') refuse the migration as a repeated key (UNIQUE constraint failed, rolled back), and any other text ('2.5', '1e3', 'abc', '') refuses it at the rebuild's key check"
    } else {
        "a whole number becomes that integer (10.0 becomes 10), and a key with a fraction (10.5) or text refuses the migration at the rebuild's key check"
    };
    let words = format!(
        "from {from} to INTEGER makes it the rowid (INTEGER PRIMARY KEY), which holds whole numbers only: nothing is cut; {held}, as does a NULL key (rolled back: CHECK constraint failed: values_that_are_null_or_not_integers_in_the_new_integer_key = 0)"
    );
    let key = quoted_identifier(key_on_file);
    let query = format!(
        "SELECT * FROM {} WHERE {key} IS NULL OR NOT ({key} = CAST({key} AS INTEGER))",
        quoted_identifier(table)
    );
    Some((format!("changing '{column}' {words}"), query))
}

/// The `TYPE_NARROWING` issue of a key that becomes the rowid ([`becomes_rowid_narrowing`]):
/// an error without allowDataLoss, as every narrowing is, and, either way, the query that finds
/// the rows whose key refuses the migration.
pub(super) fn rowid_narrowing(issue: String, query: &str, allow_data_loss: bool) -> Issue {
    if allow_data_loss {
        Issue::warning(Code::TypeNarrowing, issue).suggest(format!(
            "before running it, mend or delete the rows whose key is no whole number, found with: {query}"
        ))
    } else {
        Issue::error(Code::TypeNarrowing, issue).suggest(format!(
            "keep the type, or set allowDataLoss: true and first mend or delete the rows whose key is no whole number, found with: {query}"
        ))
    }
}

/// The `DOWN_DATA_LOSS` warning of the rowid key `column` of `table` (as the up migration
/// leaves them) made the affinity `to`, which the down migration makes the rowid again: its
/// rebuild's key check refuses a key written since that is NULL or no whole number ('abc',
/// 10.5), and text that is one becomes that number, so that two texts of one number ('1' and
/// '01') repeat the key (UNIQUE constraint failed); each rolls the down migration back (checked
/// on the bundled SQLite). With the query that finds those rows after the up migration. `None`
/// where `to` is INTEGER.
pub(super) fn rowid_given_back(table: &str, column: &str, to: &str) -> Option<Issue> {
    if to == "INTEGER" {
        return None;
    }
    let held = if to == "TEXT" {
        "text written since that is a whole number becomes it ('42', ' 42 ' and '042' become 42), two texts of one number ('1' and '01') make it fail as a repeated key (UNIQUE constraint failed), and any other text ('2.5', '1e3', 'abc', '') makes it fail at the rebuild's key check"
    } else {
        "a whole number becomes that integer (10.0 becomes 10), and a key written since with a fraction (10.5) or text makes it fail at the rebuild's key check"
    };
    let key = quoted_identifier(column);
    let t = quoted_identifier(table);
    let whole = format!("{key} = CAST({key} AS INTEGER)");
    let query = format!(
        "SELECT * FROM {t} WHERE {key} IS NULL OR NOT ({whole}) OR CAST({key} AS INTEGER) IN (SELECT CAST({key} AS INTEGER) FROM {t} WHERE {whole} GROUP BY 1 HAVING count(*) > 1)"
    );
    Some(
        Issue::warning(
            Code::DownDataLoss,
            format!("the down migration makes '{column}' of '{table}' the rowid (INTEGER PRIMARY KEY) again, which holds whole numbers only: {held}, as does a NULL key (each rolled back, the table left as the up migration made it: CHECK constraint failed: values_that_are_null_or_not_integers_in_the_new_integer_key = 0)"),
        )
        .column(column)
        .suggest(format!(
            "before running the down migration, mend or delete the rows whose key is no whole number or is one number with another row's, found with: {query}"
        )),
    )
}

/// The warnings of a number column (`from`: INTEGER, REAL or NUMERIC affinity) made text
/// (`to`), which SQLite's rebuild copies without a CAST: the TEXT affinity keeps every value as
/// the text of its number (a BOOLEAN's true and false, 1 and 0 on SQLite, become '1' and '0',
/// where PostgreSQL writes 'true' and 'false': a user trial's `paid` then held '1', '0' and
/// its new default 'false'); and the down migration's INTEGER affinity takes back the numbers'
/// text, but keeps as text what is not a number (that 'false').
pub(super) fn numbers_made_text(old: &Column, c: &Column, from: &str, to: &str) -> Vec<Issue> {
    if to != "TEXT" || !matches!(from, "INTEGER" | "REAL" | "NUMERIC") {
        return Vec::new();
    }
    let up = Issue::warning(Code::TypeNarrowing, numbers_as_text(old, c, from))
    .column(&c.name)
    .suggest(format!("nothing to do if the values are read as that text; otherwise convert them with an UPDATE after the migration (UPDATE … SET {0} = CASE {0} WHEN '1' THEN 'true' WHEN '0' THEN 'false' ELSE {0} END, for a BOOLEAN), or keep the type", c.name));
    let down = Issue::warning(
        Code::DownDataLoss,
        format!("the down migration changes '{}' back to {from}: the text of a number goes back to being that number, but text written since that is not one ('true', 'false', 'n/a') stays text there, which the column's type does not say", c.name),
    )
    .column(&c.name)
    .suggest("before running the down migration, make the values numbers again (UPDATE … SET … = 1 WHERE … = 'true', and so on)");
    vec![up, down]
}

/// The `TYPE_NARROWING` message of the column `old` (of affinity `from`: INTEGER, REAL or
/// NUMERIC) made the text column `c`: every value becomes the text of its number, a REAL's
/// (which a NUMERIC column holds a number with a fraction as) by the rebuild's CAST, with at
/// most 15 significant digits (the bundled SQLite writes 0.1 + 0.2 as '0.3'); a BOOLEAN's true
/// and false (1 and 0 on SQLite) become '1' and '0', where PostgreSQL writes 'true' and
/// 'false' (said only of a column declared BOOLEAN, or INTEGER, which the spec's BOOLEAN is on
/// SQLite); and a new row gets the new default where that is no number.
pub(super) fn numbers_as_text(old: &Column, c: &Column, from: &str) -> String {
    let default = match &c.default {
        Some(DefaultValue::Str(s)) if s.trim().parse::<f64>().is_err() => format!(
            ", while a new row gets the default '{}': the column then holds both",
            crate::report::clip(s)
        ),
        _ => String::new(),
    };
    let boolean = from == "INTEGER" || old.ty == ColumnType::Boolean;
    let mut said = format!("changing '{}' from {from} to TEXT", c.name);
    if from == "INTEGER" {
        said.push_str(" keeps every value and refuses none, but makes each value the text of its number: the rows hold '1' where they held 1");
    } else {
        said.push_str(" refuses no value, but makes each value the text of its number: the rows hold '1.5' where they held 1.5, and a number with a fraction (a REAL) becomes text of at most 15 significant digits, which may not give every digit back (0.1 + 0.2 becomes '0.3')");
    }
    if boolean {
        said.push_str(", and a BOOLEAN's true and false (1 and 0 on SQLite) become '1' and '0', not 'true' and 'false' as on PostgreSQL");
    }
    said.push_str(&default);
    said
}
