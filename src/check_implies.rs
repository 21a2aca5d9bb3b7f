//! Whether every row that a table's CHECKs let in is let in by another CHECK: the one the down
//! migration puts back in place of a changed one (`qty >= 1` made `qty >= 0` and back). A CHECK
//! that only loosens back cannot make the down migration fail, so its `DOWN_DATA_LOSS` warning
//! is not said (a user trial was warned of `qty >= 0` put back over `qty >= 1`, and of
//! `status IN ('a', 'b', 'a')` put back over `status IN ('a', 'b')`).
//!
//! Sound and conservative: a CHECK refuses a row only when its expression is false (NULL, an
//! unknown, passes), so the CHECK put back is taken only when each term of its top-level `AND`
//! is one of the simple forms below and the new CHECKs make it true for every non-NULL value
//! they let in (a NULL makes such a term unknown, which passes), or the term is written as a term
//! of a new CHECK is. The simple forms, on one column of the table and constants: `>`, `>=`,
//! `<`, `<=`, `=`, `<>`, `BETWEEN`, an `IN` list (no NULL in it), `IS NOT NULL`. Numbers are
//! compared as numbers only on a numeric column whose type the migration keeps, with constants
//! the database compares exactly (SQLite, and a REAL column, read a constant with a fraction as
//! a floating-point number: there only integers are taken); elsewhere (text, another type) a
//! constant counts only as the same constant written again, which compares the same way
//! whatever the collation of a column that keeps its type (`x > 'b'` is `x >= 'b'` or
//! `x <> 'b'`, `x IN ('a')` is `x IN ('a', 'b')`). On a column whose type the migration changes
//! only `IS NOT NULL` is taken (`x > '10'` on TEXT lets '2' in, which `x >= '10'` on INTEGER
//! refuses once the value is converted back). Anything else is not taken: its warning stays;
//! so is a term whose value changes with the time (`due >= CURRENT_DATE`, `x < random()`),
//! even written as a term of a new CHECK is: a row let in yesterday may be refused today.

use crate::check_choices::{column_name, conjuncts, parse, string_literal, unnested};
use crate::check_length::Length;
use crate::spec::{Column, ColumnType, DatabaseType, Table};
use sqlparser::ast::{BinaryOperator, Expr, InTarget, UnaryOperator, Value};
use sqlparser::dialect::Dialect as ParserDialect;
use std::cmp::Ordering;

/// What the CHECKs of the table as the up migration leaves it say of a CHECK put back.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// Every row they let in, the CHECK put back lets in: the down migration cannot fail on it.
    Implied,
    /// Rows they let in may be refused; with, where each term refused is a simple form, what
    /// such a row holds (`qty < 1`, `status NOT IN ('b')`, terms joined by `or`).
    MayRefuse(Option<String>),
}

/// Where the CHECK put back is read: the database, the table as the up migration leaves it, and
/// whether a column of it keeps what it was (type, length, precision, scale) in the table the
/// down migration makes again.
pub struct Tables<'a> {
    /// The database the migration is for.
    pub database: DatabaseType,
    /// The table as the up migration leaves it.
    pub table: &'a Table,
    /// Whether the column (named as `table` names it) is of the same type before and after.
    pub unchanged: &'a dyn Fn(&Column) -> bool,
}

/// Whether a column holds its values as it did: the same type, length, precision and scale, or
/// types the database writes the same; on SQLite, whose rebuild copies values by the declared type's affinity alone, the same
/// affinity (previousSpec's `VARCHAR(9)` is read back as `TEXT` there).
pub fn same_type(d: &dyn crate::dialect::Dialect, before: &Column, now: &Column) -> bool {
    if d.database_type() == DatabaseType::Sqlite {
        return crate::diff::affinity(&d.column_type(before, false))
            == crate::diff::affinity(&d.column_type(now, false));
    }
    // As the database writes them: a type spelled otherwise (INTEGER and INT, DATETIME and
    // TIMESTAMP on PostgreSQL) is the same type (a reviewer: an empty migration warned that
    // its CHECK changed).
    (before.ty, before.length, before.precision, before.scale)
        == (now.ty, now.length, now.precision, now.scale)
        || d.same_stored_type(&d.column_type(before, false), &d.column_type(now, false))
}

/// Whether the CHECKs `now` (their expressions) of `at.table` imply the CHECK `back` (its
/// columns named as `at.table` names them), read with `parser`.
pub fn implies(parser: &dyn ParserDialect, at: &Tables, now: &[&str], back: &str) -> Verdict {
    let mysql = at.database == DatabaseType::Mysql;
    let Some(back) = parse(parser, back) else {
        return Verdict::MayRefuse(None);
    };
    let mut new_terms = Vec::new();
    let parsed_now: Vec<Expr> = now.iter().filter_map(|e| parse(parser, e)).collect();
    for e in &parsed_now {
        let mut terms = Vec::new();
        conjuncts(e, &mut terms);
        new_terms.extend(terms.into_iter().map(|t| Term::of(t, at.table, mysql)));
    }
    let mut old_terms = Vec::new();
    conjuncts(&back, &mut old_terms);
    let mut refused = Vec::new();
    let mut described = true;
    for t in old_terms {
        match Term::of(t, at.table, mysql) {
            Term::Atoms(column, atoms) => refused.extend(
                (atoms.iter())
                    .filter(|a| !atom_implied(at, column, &on_column(&new_terms, column), a))
                    .map(|a| a.negated(&column.name)),
            ),
            // Its value changes with the time: a row let in then may be refused now.
            Term::Other(text) => {
                described &= !crate::expr::changes_with_time(parser, t)
                    && other_implied(at, &new_terms, &text)
            }
        }
    }
    if refused.is_empty() && described {
        Verdict::Implied
    } else {
        Verdict::MayRefuse(described.then(|| refused.join(" or ")))
    }
}

/// What a column holds in the rows a CHECK is asked of (see [`judge`]).
#[derive(Clone, Copy, Debug)]
pub enum Held<'v> {
    /// NULL (a column added without a default).
    Null,
    /// One constant, as SQL text: a number (signed or not) or a single-quoted string.
    Sql(&'v str),
    /// The column's default in the spec: a number or a string (another default is not read).
    Default(&'v crate::spec::DefaultValue),
}

/// What a CHECK says of a row whose column holds a value, whatever the row's other columns
/// hold (see [`judge`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Judged {
    /// False: the row is refused (`seats > 0` given 0, `x IS NOT NULL` given NULL).
    Refused,
    /// True or unknown (NULL): the row is let in (`seats >= 0` given 0, `seats > 0` given NULL).
    Taken,
    /// Every term of its top-level `AND` that reads the column is true or unknown; the others
    /// read other columns only, and the row's values there decide (`seats > 0 AND plan <> ''`
    /// given 1).
    TakenUnlessOthersRefuse,
    /// Not settled: a term reads the column otherwise than as the forms below
    /// (`upper(name) = 'A'`), with other columns in the same term (`seats > 0 OR plan = 'free'`
    /// given 0), or a comparison is not settled here (strings in an order, a collation).
    Open,
}

/// The column a CHECK is asked of, where: the database, the table (its other columns, how a
/// column of a SQLite table read from its file compares), and whether the database's collation
/// is the one it has unless told (false for a table with a `COLLATE` clause: `NOCASE` takes
/// 'Active' for 'active', so two strings are never settled apart).
#[derive(Clone, Copy)]
pub struct Asked<'a> {
    /// The database the CHECK is on.
    pub database: DatabaseType,
    /// The table whose CHECK it is.
    pub table: &'a Table,
    /// The column whose value is given (one of `table`'s).
    pub column: &'a Column,
    /// Whether strings compare as the database's own collation does (see [`strings_apart`]).
    pub own_collation: bool,
}

/// What the CHECK `expression` (read with `parser`) says of a row whose `asked.column` holds
/// `value`, whatever its other columns hold: the one evaluator of a value against a CHECK, for
/// a default (`INVALID_DEFAULT`), a column a migration adds to the rows there (with its default
/// or NULL), and one the down migration adds back with one value in every row.
///
/// A CHECK refuses a row only when it is false: NULL, unknown, passes. Each term of its
/// top-level `AND` is read as the simple forms on the column (`>`, `>=`, `<`, `<=`, `=`, `<>`,
/// `BETWEEN`, an `IN` list without NULL, `IS [NOT] NULL`, on the column and constants) joined by
/// `AND`, `OR` and `NOT`, in three-valued logic (a simple form is unknown for NULL, but for
/// `IS [NOT] NULL`); a term that reads the column otherwise, or another column too, is not
/// settled, but for the same forms on the length of a string the column holds and whole
/// numbers (`length(name) > 5` given 'abc', where the database settles that length:
/// [`crate::check_length`]). Numbers compare as numbers on a numeric column ([`Numeric`]: exactly, but where the
/// database reads floating-point numbers, SQLite and a REAL column, only integers of 15 digits
/// at most, and not on a table read from a SQLite file, whose declared types say how it
/// compares); strings are one where they hold the same text, and apart ([`strings_apart`])
/// where the database's collation cannot make them one; an order between strings is not
/// settled. A CHECK whose text does not name the column says nothing of it, and is not parsed.
pub fn judge(parser: &dyn ParserDialect, asked: &Asked, expression: &str, value: Held) -> Judged {
    let lower = |t: &str| t.to_ascii_lowercase();
    let name = lower(&asked.column.name);
    if !crate::introspect::mentions(&lower(expression), &name) {
        return Judged::TakenUnlessOthersRefuse;
    }
    let mysql = asked.database == DatabaseType::Mysql;
    let value = match value {
        Held::Null => None,
        Held::Sql(text) => match parse(parser, text).and_then(|e| literal(&e, mysql)) {
            Some(l) => Some(l),
            None => return Judged::Open,
        },
        Held::Default(d) => match default_literal(d) {
            Some(l) => Some(l),
            None => return Judged::Open,
        },
    };
    let Some(check) = parse(parser, expression) else {
        return Judged::Open;
    };
    let all = |_: &Column| true;
    let at = Tables {
        database: asked.database,
        table: asked.table,
        unchanged: &all,
    };
    let numeric = Numeric::of(&at, asked.column);
    let row = Row {
        asked,
        numeric: numeric.as_ref(),
        value: value.as_ref(),
        mysql,
    };
    let mut terms = Vec::new();
    conjuncts(&check, &mut terms);
    let (mut open, mut others) = (false, false);
    for t in terms {
        match row.truth(t) {
            Truths::FALSE => return Judged::Refused,
            v if !v.may_be_false() => {}
            _ if crate::introspect::mentions(&lower(&t.to_string()), &name) => open = true,
            _ => others = true,
        }
    }
    match (open, others) {
        (true, _) => Judged::Open,
        (false, true) => Judged::TakenUnlessOthersRefuse,
        (false, false) => Judged::Taken,
    }
}

/// A spec default as a constant: a number (with its sign) or a string.
fn default_literal(d: &crate::spec::DefaultValue) -> Option<Lit> {
    use crate::spec::DefaultValue;
    match d {
        DefaultValue::Number(text) => {
            let number = match text.strip_prefix('-') {
                Some(digits) => Num::parse(digits, true),
                None => Num::parse(text.strip_prefix('+').unwrap_or(text), false),
            }?;
            Some(Lit {
                text: text.clone(),
                number: Some(number),
                string: None,
            })
        }
        DefaultValue::Str(s) => Some(Lit {
            text: format!("'{}'", s.replace('\'', "''")),
            number: None,
            string: Some(s.clone()),
        }),
        _ => None,
    }
}

/// The values a SQL condition may take for a row, as a set of true, false and unknown (NULL):
/// one where settled, all three where nothing is known of it (`plan = 'free'` read for
/// `seats`), two where part is (`seats > 0 OR plan = 'free'` given NULL is true or unknown,
/// never false: the row passes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Truths(u8);

impl Truths {
    const TRUE: Truths = Truths(1);
    const FALSE: Truths = Truths(2);
    const UNKNOWN: Truths = Truths(4);
    const ANY: Truths = Truths(7);

    fn of(b: bool) -> Truths {
        if b {
            Truths::TRUE
        } else {
            Truths::FALSE
        }
    }

    /// Whether it may be false: the row may be refused.
    fn may_be_false(self) -> bool {
        self.0 & Truths::FALSE.0 != 0
    }

    /// Each value it may take, one by one.
    fn each(self) -> impl Iterator<Item = Truths> {
        [Truths::TRUE, Truths::FALSE, Truths::UNKNOWN]
            .into_iter()
            .filter(move |t| self.0 & t.0 != 0)
    }

    /// `self AND other`, for each pair of the values they may take.
    fn and(self, other: Truths) -> Truths {
        let one = |a: Truths, b: Truths| match (a, b) {
            (Truths::FALSE, _) | (_, Truths::FALSE) => Truths::FALSE,
            (Truths::TRUE, Truths::TRUE) => Truths::TRUE,
            _ => Truths::UNKNOWN,
        };
        let mut out = 0;
        for a in self.each() {
            for b in other.each() {
                out |= one(a, b).0;
            }
        }
        Truths(out)
    }

    /// `NOT self`: true and false swapped, unknown kept.
    fn not(self) -> Truths {
        let (t, f) = (self.0 & 1, (self.0 >> 1) & 1);
        Truths((self.0 & 4) | (t << 1) | f)
    }

    /// `self OR other`, which is `NOT (NOT self AND NOT other)`.
    fn or(self, other: Truths) -> Truths {
        self.not().and(other.not()).not()
    }
}

/// A row whose asked column holds `value` (`None`: NULL), as [`judge`] reads a CHECK of it.
struct Row<'a> {
    asked: &'a Asked<'a>,
    numeric: Option<&'a Numeric>,
    value: Option<&'a Lit>,
    mysql: bool,
}

impl Row<'_> {
    /// The values `e` may take for the row, whatever its other columns hold.
    fn truth(&self, e: &Expr) -> Truths {
        match unnested(e) {
            Expr::BinaryOp {
                left,
                op: BinaryOperator::And,
                right,
            } => self.truth(left).and(self.truth(right)),
            Expr::BinaryOp {
                left,
                op: BinaryOperator::Or,
                right,
            } => self.truth(left).or(self.truth(right)),
            Expr::UnaryOp {
                op: UnaryOperator::Not,
                expr,
            } => self.truth(expr).not(),
            Expr::IsNull(e) if self.is_asked(e) => Truths::of(self.value.is_none()),
            other => (self.forms(other))
                .or_else(|| self.length_forms(other))
                .unwrap_or(Truths::ANY),
        }
    }

    /// The value of `e` where it is simple forms on the length of the asked column's string
    /// (`length(name) > 5`, see [`crate::check_length`]) and whole numbers, where settled.
    fn length_forms(&self, e: &Expr) -> Option<Truths> {
        let asked = self.asked;
        let of = |x: &Expr| Length::of(asked.database, (asked.table, asked.column), x);
        let (length, atoms) = forms_on(e, &of, self.mysql)?;
        let Some(value) = self.value else {
            // The length of NULL is NULL.
            return Some((atoms.iter()).fold(Truths::TRUE, |all, a| {
                all.and(match a {
                    Atom::NotNull => Truths::FALSE,
                    _ => Truths::UNKNOWN,
                })
            }));
        };
        let n = Num::int(length.measure(value.string.as_deref()?)? as i128);
        // Whole numbers only: SQLite reads a fraction as a floating-point number.
        let whole = |c: &Lit| c.number.filter(|c| c.s == 0 && c.exact_in_double());
        let mut all = Truths::TRUE;
        for a in &atoms {
            let holds = match a {
                Atom::NotNull => true,
                Atom::Cmp(op, c) => op.holds(n.cmp(&whole(c)?)),
                Atom::In(list) => {
                    let list = list.iter().map(whole).collect::<Option<Vec<_>>>()?;
                    list.contains(&n)
                }
            };
            all = all.and(Truths::of(holds));
        }
        Some(all)
    }

    /// Whether `e` names the asked column.
    fn is_asked(&self, e: &Expr) -> bool {
        column(e, self.asked.table).is_some_and(|c| c.name == self.asked.column.name)
    }

    /// The value of `e` where it is simple forms on the asked column ([`atoms`]).
    fn forms(&self, e: &Expr) -> Option<Truths> {
        let (c, atoms) = atoms(e, self.asked.table, self.mysql)?;
        if c.name != self.asked.column.name {
            return None;
        }
        Some((atoms.iter()).fold(Truths::TRUE, |all, a| {
            all.and(self.atom(a).unwrap_or(Truths::ANY))
        }))
    }

    /// The value of the simple form `atom` on the asked column for the row, where settled.
    fn atom(&self, atom: &Atom) -> Option<Truths> {
        let asked = self.asked;
        match self.value {
            None if matches!(atom, Atom::NotNull) => Some(Truths::FALSE),
            None => Some(Truths::UNKNOWN),
            Some(v) => atom_holds(
                (asked.database, asked.column.ty, asked.own_collation),
                self.numeric,
                atom,
                v,
            )
            .map(Truths::of),
        }
    }
}

/// Whether the CHECK `expression` of `table` (read with `parser`) refuses a row whose `column`
/// holds `value` (SQL text: a number or a single-quoted string), whatever the row's other
/// columns hold, as when the down migration adds a dropped column back with one value in every
/// row (a user trial's `seats > 0` over MySQL's 0: the down migration failed, said nothing of):
/// `Some(true)` where [`judge`] says [`Judged::Refused`], `Some(false)` where the terms that
/// read `column` take it, `None` where that is not settled.
pub fn refuses_value(
    parser: &dyn ParserDialect,
    database: DatabaseType,
    table: &Table,
    expression: &str,
    column: &Column,
    value: Held,
) -> Option<bool> {
    let asked = Asked {
        database,
        table,
        column,
        own_collation: true,
    };
    match judge(parser, &asked, expression, value) {
        Judged::Refused => Some(true),
        Judged::Taken | Judged::TakenUnlessOthersRefuse => Some(false),
        Judged::Open => None,
    }
}

/// What the CHECK `check` of `table` says of a row whose `column` holds its default (a number
/// or a string; see [`judge`]), on `d`'s database, with the database's own collation where
/// `own_collation`.
pub fn default_verdict(
    d: &dyn crate::dialect::Dialect,
    (table, own_collation): (&Table, bool),
    column: &Column,
    check: &str,
) -> Judged {
    let Some(default) = &column.default else {
        return Judged::Open;
    };
    let asked = Asked {
        database: d.database_type(),
        table,
        column,
        own_collation,
    };
    judge(d.parser(), &asked, check, Held::Default(default))
}

/// The first CHECK of `table` that refuses every row holding `column`'s constant default
/// whatever else the row holds (see [`default_verdict`]): every insert that leaves the column
/// out fails, as every row a migration adds the column to.
pub fn default_refused<'t>(
    d: &dyn crate::dialect::Dialect,
    (table, own_collation): (&'t Table, bool),
    column: &Column,
) -> Option<&'t crate::spec::CheckConstraint> {
    (table.check_constraints.iter()).find(|c| {
        default_verdict(d, (table, own_collation), column, &c.expression) == Judged::Refused
    })
}

/// Whether the simple form `atom` holds for the constant `value` of its column (of type `ty` on
/// `database`, compared in its own collation or not; `numeric`: how it compares numbers, where
/// it is numeric), where that is settled.
fn atom_holds(
    (database, ty, own_collation): (DatabaseType, ColumnType, bool),
    numeric: Option<&Numeric>,
    atom: &Atom,
    value: &Lit,
) -> Option<bool> {
    // The same constant: equal in any collation, and as any type reads it.
    let equal = |c: &Lit| -> Option<bool> {
        if let Some(n) = numeric {
            return Some(n.number(value)? == n.number(c)?);
        }
        let (a, b) = (value.string.as_deref()?, c.string.as_deref()?);
        if a == b {
            Some(true)
        } else {
            (own_collation && strings_apart(database, ty, a, b)).then_some(false)
        }
    };
    match atom {
        Atom::NotNull => Some(true),
        Atom::Cmp(Op::Eq, c) => equal(c),
        Atom::Cmp(Op::Ne, c) => equal(c).map(|e| !e),
        Atom::Cmp(op, c) => {
            let n = numeric?;
            Some(op.holds(n.number(value)?.cmp(&n.number(c)?)))
        }
        Atom::In(list) => {
            let mut found = Some(false);
            for c in list {
                match equal(c) {
                    Some(true) => return Some(true),
                    Some(false) => {}
                    None => found = None,
                }
            }
            found
        }
    }
}

/// Whether two different strings are apart however `database` compares them in a `column` of
/// type `ty`: only in a text column (a UUID or DATE column reads the strings as its values,
/// `'{A0EE…}'` as `'a0ee…'`); on PostgreSQL and SQLite, whose collation a spec does not choose
/// (the database's deterministic one, SQLite's BINARY), any two, but in PostgreSQL's CHAR,
/// compared without the spaces at its end, two that differ otherwise; on MySQL, whose
/// collations may ignore case, accents and the spaces at the end, only strings of printable
/// ASCII characters (and tabs), which each have a weight of their own there but for case, that
/// differ otherwise than in case and in spaces at the end (`''` and `'active'`, `'in_progress'`
/// and `'done'`).
fn strings_apart(database: DatabaseType, ty: ColumnType, a: &str, b: &str) -> bool {
    use ColumnType::*;
    fn trimmed(s: &str) -> &str {
        s.trim_end_matches(' ')
    }
    // (MySQL's UUID is a CHAR(36).)
    if !(matches!(ty, Text | Varchar | Char) || (database == DatabaseType::Mysql && ty == Uuid)) {
        return false;
    }
    match (database, ty) {
        (DatabaseType::Mysql, _) => {
            let plain = |s: &str| {
                s.bytes()
                    .all(|b| b.is_ascii_graphic() || b == b' ' || b == b'\t')
            };
            plain(a) && plain(b) && !trimmed(a).eq_ignore_ascii_case(trimmed(b))
        }
        (DatabaseType::Postgresql, Char) => trimmed(a) != trimmed(b),
        _ => a != b,
    }
}

/// A term of a top-level `AND`: one simple form on a column (a `BETWEEN` is two), or another
/// expression, as the parser writes it back.
enum Term<'t> {
    Atoms(&'t Column, Vec<Atom>),
    Other(String),
}

impl<'t> Term<'t> {
    fn of(e: &Expr, table: &'t Table, mysql: bool) -> Term<'t> {
        match atoms(e, table, mysql) {
            Some((column, atoms)) => Term::Atoms(column, atoms),
            None => Term::Other(unnested(e).to_string()),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Lt,
    Le,
    Eq,
    Ne,
    Ge,
    Gt,
}

impl Op {
    fn of(op: &BinaryOperator) -> Option<Op> {
        Some(match op {
            BinaryOperator::Lt => Op::Lt,
            BinaryOperator::LtEq => Op::Le,
            BinaryOperator::Eq => Op::Eq,
            BinaryOperator::NotEq => Op::Ne,
            BinaryOperator::GtEq => Op::Ge,
            BinaryOperator::Gt => Op::Gt,
            _ => return None,
        })
    }

    /// The operator with its operands swapped (`1 < x` is `x > 1`).
    fn swapped(self) -> Op {
        match self {
            Op::Lt => Op::Gt,
            Op::Le => Op::Ge,
            Op::Ge => Op::Le,
            Op::Gt => Op::Lt,
            same => same,
        }
    }

    /// Whether `x self c` makes `x other c` true, for any comparison that orders values.
    fn implies(self, other: Op) -> bool {
        self == other
            || matches!(
                (self, other),
                (Op::Lt, Op::Le | Op::Ne) | (Op::Gt, Op::Ge | Op::Ne) | (Op::Eq, Op::Le | Op::Ge)
            )
    }

    fn text(self) -> &'static str {
        match self {
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Eq => "=",
            Op::Ne => "<>",
            Op::Ge => ">=",
            Op::Gt => ">",
        }
    }

    fn not(self) -> Op {
        match self {
            Op::Lt => Op::Ge,
            Op::Le => Op::Gt,
            Op::Eq => Op::Ne,
            Op::Ne => Op::Eq,
            Op::Ge => Op::Lt,
            Op::Gt => Op::Le,
        }
    }

    fn holds(self, o: Ordering) -> bool {
        match self {
            Op::Lt => o.is_lt(),
            Op::Le => o.is_le(),
            Op::Eq => o.is_eq(),
            Op::Ne => o.is_ne(),
            Op::Ge => o.is_ge(),
            Op::Gt => o.is_gt(),
        }
    }
}

/// A constant: as written (the same constant written again compares the same way), and its
/// exact value where it is a plain number.
#[derive(Clone, Debug)]
struct Lit {
    text: String,
    number: Option<Num>,
    /// The string a single-quoted literal holds.
    string: Option<String>,
}

impl PartialEq for Lit {
    fn eq(&self, other: &Lit) -> bool {
        self.text == other.text
    }
}

/// A number written in decimal, exactly: `m / 10^s`, without trailing zeros after the point.
#[derive(Clone, Copy, Debug)]
struct Num {
    m: i128,
    s: u32,
}

impl Num {
    /// Digits with at most one point (no exponent), 18 at most on each side of it.
    fn parse(text: &str, negative: bool) -> Option<Num> {
        let (int, frac) = text.split_once('.').unwrap_or((text, ""));
        let frac = frac.trim_end_matches('0');
        let ok = |p: &str| p.len() <= 18 && p.bytes().all(|b| b.is_ascii_digit());
        if !ok(int) || !ok(frac) || (int.is_empty() && frac.is_empty() && !text.contains('0')) {
            return None;
        }
        let digits = format!("{int}{frac}");
        let m: i128 = if digits.is_empty() {
            0
        } else {
            digits.parse().ok()?
        };
        Some(Num {
            m: if negative { -m } else { m },
            s: frac.len() as u32,
        })
    }

    fn int(i: i128) -> Num {
        Num { m: i, s: 0 }
    }

    fn floor(self) -> i128 {
        self.m.div_euclid(10i128.pow(self.s))
    }

    fn ceil(self) -> i128 {
        -Num {
            m: -self.m,
            s: self.s,
        }
        .floor()
    }

    /// Whether a floating-point number holds it exactly: an integer of 15 digits at most.
    fn exact_in_double(self) -> bool {
        self.s == 0 && self.m.unsigned_abs() < 1_000_000_000_000_000
    }
}

impl PartialEq for Num {
    fn eq(&self, other: &Num) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Num {}

impl PartialOrd for Num {
    fn partial_cmp(&self, other: &Num) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Num {
    fn cmp(&self, other: &Num) -> Ordering {
        // At most 36 digits at a common scale of 18 at most: within an i128.
        let s = self.s.max(other.s);
        let a = self.m * 10i128.pow(s - self.s);
        let b = other.m * 10i128.pow(s - other.s);
        a.cmp(&b)
    }
}

/// One simple form on a column.
#[derive(Clone, Debug)]
enum Atom {
    Cmp(Op, Lit),
    In(Vec<Lit>),
    NotNull,
}

impl Atom {
    /// The values a row holds when this form refuses it, as SQL.
    fn negated(&self, column: &str) -> String {
        // Each value once (`IN ('a', 'b', 'a')` refuses what `NOT IN ('a', 'b')` says).
        let list = |l: &[Lit]| {
            let mut once: Vec<&str> = Vec::new();
            for t in l.iter().map(|l| l.text.as_str()) {
                if !once.contains(&t) {
                    once.push(t);
                }
            }
            once.join(", ")
        };
        match self {
            Atom::Cmp(op, c) => format!("{column} {} {}", op.not().text(), c.text),
            Atom::In(l) => format!("{column} NOT IN ({})", list(l)),
            Atom::NotNull => format!("{column} IS NULL"),
        }
    }
}

/// A constant of a simple form: a number (signed or not) or a single-quoted string (on MySQL,
/// without a backslash, which the session's sql_mode reads as an escape or not).
fn literal(e: &Expr, mysql: bool) -> Option<Lit> {
    // (A sign before a string makes it a number on MySQL: `+'a'` is 0.)
    let (e, negative, signed) = match unnested(e) {
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => (unnested(expr), true, true),
        Expr::UnaryOp {
            op: UnaryOperator::Plus,
            expr,
        } => (unnested(expr), false, true),
        other => (other, false, false),
    };
    if let Some(s) = string_literal(e) {
        if signed || (mysql && s.contains('\\')) {
            return None;
        }
        return Some(Lit {
            text: e.to_string(),
            number: None,
            string: Some(s.to_string()),
        });
    }
    let Expr::Value(v) = e else { return None };
    let Value::Number(text, _) = &v.value else {
        return None;
    };
    let number = Num::parse(text, negative)?;
    Some(Lit {
        text: format!("{}{text}", if negative { "-" } else { "" }),
        number: Some(number),
        string: None,
    })
}

/// The column of `table` that `e` names (ASCII case aside; none where two columns answer).
fn column<'t>(e: &Expr, table: &'t Table) -> Option<&'t Column> {
    let name = column_name(e)?;
    let mut found = table
        .columns
        .iter()
        .filter(|c| c.name.eq_ignore_ascii_case(name));
    let c = found.next()?;
    found.next().is_none().then_some(c)
}

/// The simple forms `e` is, on one column of `table`; none where a constant of a date or time
/// column names the moment (`due >= 'today'`, which PostgreSQL reads as the day the CHECK is
/// added), which is read as a term that changes with the time.
fn atoms<'t>(e: &Expr, table: &'t Table, mysql: bool) -> Option<(&'t Column, Vec<Atom>)> {
    let (column, atoms) = simple_forms(e, table, mysql)?;
    // (A simple form holds a column and constants, no call: any dialect reads them alike.)
    let timed = matches!(
        column.ty,
        ColumnType::Date | ColumnType::Timestamp | ColumnType::Datetime
    ) && crate::expr::changes_with_time(&sqlparser::dialect::PostgreSqlDialect {}, e);
    (!timed).then_some((column, atoms))
}

/// The simple forms `e` is, on one column of `table`, whatever its constants say.
fn simple_forms<'t>(e: &Expr, table: &'t Table, mysql: bool) -> Option<(&'t Column, Vec<Atom>)> {
    forms_on(e, &|x| column(x, table), mysql)
}

/// The simple forms `e` is, on what `operand` reads (a column, a length of one) and constants,
/// whatever the constants say.
fn forms_on<T>(
    e: &Expr,
    operand: &dyn Fn(&Expr) -> Option<T>,
    mysql: bool,
) -> Option<(T, Vec<Atom>)> {
    match unnested(e) {
        Expr::BinaryOp { left, op, right } => {
            let op = Op::of(op)?;
            match (operand(left), operand(right)) {
                (Some(c), None) => Some((c, vec![Atom::Cmp(op, literal(right, mysql)?)])),
                (None, Some(c)) => Some((c, vec![Atom::Cmp(op.swapped(), literal(left, mysql)?)])),
                _ => None,
            }
        }
        Expr::In {
            expr,
            target: InTarget::List(list),
            negated: false,
            ..
        } => {
            let c = operand(expr)?;
            let list = list
                .iter()
                .map(|e| literal(e, mysql))
                .collect::<Option<Vec<_>>>()?;
            Some((c, vec![Atom::In(list)]))
        }
        Expr::Between {
            expr,
            negated: false,
            low,
            high,
        } => Some((
            operand(expr)?,
            vec![
                Atom::Cmp(Op::Ge, literal(low, mysql)?),
                Atom::Cmp(Op::Le, literal(high, mysql)?),
            ],
        )),
        Expr::IsNotNull(e) => Some((operand(e)?, vec![Atom::NotNull])),
        _ => None,
    }
}

/// Whether the expression `text`, not a simple form, is a term of the new CHECKs, over columns
/// that keep their type.
fn other_implied(at: &Tables, now: &[Term], text: &str) -> bool {
    let unchanged = crate::spec_change::words(text)
        .all(|w| column_named(at.table, w).is_none_or(|c| (at.unchanged)(c)));
    unchanged && now.iter().any(|t| matches!(t, Term::Other(t) if t == text))
}

/// The simple forms of the terms `now` on `column`.
fn on_column<'a>(now: &'a [Term], column: &Column) -> Vec<&'a Atom> {
    now.iter()
        .filter_map(|t| match t {
            Term::Atoms(c, a) if c.name == column.name => Some(a),
            _ => None,
        })
        .flatten()
        .collect()
}

fn column_named<'t>(table: &'t Table, word: &str) -> Option<&'t Column> {
    table
        .columns
        .iter()
        .find(|c| c.name.eq_ignore_ascii_case(word))
}

/// Whether the forms `now` on `column` (each true for a non-NULL value of a row they let in)
/// make `old` true too.
fn atom_implied(at: &Tables, column: &Column, now: &[&Atom], old: &Atom) -> bool {
    if let Atom::NotNull = old {
        return !column.nullable || now.iter().any(|a| matches!(a, Atom::NotNull));
    }
    // A value the new type compares one way may compare the other way once the down migration
    // converts it back (`x > '10'` on TEXT lets '2' in, `x >= '10'` on INTEGER refuses 2).
    if !(at.unchanged)(column) {
        return false;
    }
    let values: Vec<&Atom> = now
        .iter()
        .copied()
        .filter(|a| !matches!(a, Atom::NotNull))
        .collect();
    if values.is_empty() {
        return false;
    }
    if let Some(numeric) = Numeric::of(at, column) {
        let as_numbers = |a: &Atom| numeric.atom(a);
        if let (Some(old), Some(now)) = (
            as_numbers(old),
            values
                .iter()
                .map(|a| as_numbers(a))
                .collect::<Option<Vec<_>>>(),
        ) {
            return numeric.implies(&now, &old);
        }
    }
    literally_implied(&values, old)
}

/// With constants as written: the same constant, or a list within the other.
fn literally_implied(now: &[&Atom], old: &Atom) -> bool {
    now.iter().any(|a| match (a, old) {
        (Atom::Cmp(p, c), Atom::Cmp(q, d)) => c == d && p.implies(*q),
        (Atom::Cmp(Op::Eq, c), Atom::In(list)) => list.contains(c),
        (Atom::In(l), Atom::In(list)) => l.iter().all(|c| list.contains(c)),
        (Atom::In(l), Atom::Cmp(q, d)) => {
            matches!(q, Op::Eq | Op::Le | Op::Ge) && l.iter().all(|c| c == d)
        }
        _ => false,
    })
}

/// How a numeric column of a kept type compares numbers: exactly, and, on an integer column
/// that holds only integers (PostgreSQL, MySQL), with `x > 0` read as `x >= 1`.
struct Numeric {
    /// Constants must be integers a floating-point number holds exactly.
    doubles: bool,
    integers: bool,
}

/// A simple form over numbers.
#[derive(Clone, Debug)]
enum NumAtom {
    Cmp(Op, Num),
    In(Vec<Num>),
}

impl Numeric {
    fn of(at: &Tables, column: &Column) -> Option<Numeric> {
        // A SQLite table read from the database compares as its declared types say.
        if !column.ty.is_numeric() || !(at.unchanged)(column) || at.table.declared_types.is_some() {
            return None;
        }
        let sqlite = at.database == DatabaseType::Sqlite;
        Some(Numeric {
            doubles: sqlite
                || !(column.ty.is_integer()
                    || matches!(column.ty, ColumnType::Numeric | ColumnType::Decimal)),
            integers: !sqlite && column.ty.is_integer(),
        })
    }

    fn number(&self, l: &Lit) -> Option<Num> {
        l.number.filter(|n| !self.doubles || n.exact_in_double())
    }

    fn atom(&self, a: &Atom) -> Option<NumAtom> {
        Some(match a {
            Atom::Cmp(op, c) => {
                let n = self.number(c)?;
                if !self.integers {
                    return Some(NumAtom::Cmp(*op, n));
                }
                match op {
                    Op::Gt => NumAtom::Cmp(Op::Ge, Num::int(n.floor().checked_add(1)?)),
                    Op::Ge => NumAtom::Cmp(Op::Ge, Num::int(n.ceil())),
                    Op::Lt => NumAtom::Cmp(Op::Le, Num::int(n.ceil().checked_sub(1)?)),
                    Op::Le => NumAtom::Cmp(Op::Le, Num::int(n.floor())),
                    Op::Eq | Op::Ne => NumAtom::Cmp(*op, n),
                }
            }
            Atom::In(list) => NumAtom::In(
                list.iter()
                    .map(|l| self.number(l))
                    .collect::<Option<Vec<_>>>()?,
            ),
            Atom::NotNull => return None,
        })
    }

    /// Whether the non-NULL values `now` allow all satisfy `old`.
    fn implies(&self, now: &[NumAtom], old: &NumAtom) -> bool {
        let mut lo: Option<(Num, bool)> = None; // (bound, open)
        let mut hi: Option<(Num, bool)> = None;
        let mut set: Option<Vec<Num>> = None;
        let mut excluded: Vec<Num> = Vec::new();
        let narrow = |set: &mut Option<Vec<Num>>, list: Vec<Num>| {
            *set = Some(match set.take() {
                None => list,
                Some(s) => s.into_iter().filter(|n| list.contains(n)).collect(),
            });
        };
        for a in now {
            match a {
                NumAtom::Cmp(op @ (Op::Ge | Op::Gt), n) => {
                    let open = *op == Op::Gt;
                    if lo.is_none_or(|(l, o)| *n > l || (*n == l && open && !o)) {
                        lo = Some((*n, open));
                    }
                }
                NumAtom::Cmp(op @ (Op::Le | Op::Lt), n) => {
                    let open = *op == Op::Lt;
                    if hi.is_none_or(|(h, o)| *n < h || (*n == h && open && !o)) {
                        hi = Some((*n, open));
                    }
                }
                NumAtom::Cmp(Op::Eq, n) => narrow(&mut set, vec![*n]),
                NumAtom::Cmp(Op::Ne, n) => excluded.push(*n),
                NumAtom::In(list) => narrow(&mut set, list.clone()),
            }
        }
        // On integers, a bound the forms exclude is the next integer's (`x >= 0 AND x <> 0`).
        if self.integers {
            while let Some((l, false)) = lo.filter(|(l, _)| excluded.contains(l)) {
                lo = Some((Num::int(l.floor() + 1), false));
            }
            while let Some((h, false)) = hi.filter(|(h, _)| excluded.contains(h)) {
                hi = Some((Num::int(h.floor() - 1), false));
            }
        }
        let within = |n: Num| {
            lo.is_none_or(|(l, open)| if open { n > l } else { n >= l })
                && hi.is_none_or(|(h, open)| if open { n < h } else { n <= h })
                && !excluded.contains(&n)
        };
        let holds = |n: Num| match old {
            NumAtom::Cmp(op, c) => op.holds(n.cmp(c)),
            NumAtom::In(list) => list.contains(&n),
        };
        // A finite set of values: each, as the other forms let it in.
        if set.is_none() {
            if let (Some((l, lo_open)), Some((h, hi_open))) = (lo, hi) {
                if self.integers && h.floor() - l.ceil() <= 1000 {
                    set = Some((l.ceil()..=h.floor()).map(Num::int).collect());
                } else if l == h && !lo_open && !hi_open {
                    set = Some(vec![l]);
                }
            }
        }
        if let Some(set) = set {
            return set.into_iter().filter(|n| within(*n)).all(holds);
        }
        match old {
            NumAtom::Cmp(Op::Ge, c) => lo.is_some_and(|(l, _)| l >= *c),
            NumAtom::Cmp(Op::Gt, c) => {
                lo.is_some_and(|(l, open)| l > *c || (l == *c && (open || excluded.contains(c))))
            }
            NumAtom::Cmp(Op::Le, c) => hi.is_some_and(|(h, _)| h <= *c),
            NumAtom::Cmp(Op::Lt, c) => {
                hi.is_some_and(|(h, open)| h < *c || (h == *c && (open || excluded.contains(c))))
            }
            NumAtom::Cmp(Op::Ne, c) => !within(*c),
            NumAtom::Cmp(Op::Eq, _) | NumAtom::In(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::DefaultValue;
    use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect, SQLiteDialect};

    fn table() -> Table {
        let mut price = Column::new("price", ColumnType::Decimal, true);
        price.precision = Some(8);
        price.scale = Some(2);
        Table {
            name: "t".into(),
            columns: vec![
                Column::new("qty", ColumnType::Integer, true),
                Column::new("status", ColumnType::Varchar, true),
                price,
                Column::new("ratio", ColumnType::Real, true),
                Column::new("code", ColumnType::Text, false),
            ],
            ..Table::default()
        }
    }

    fn verdict(db: DatabaseType, now: &[&str], back: &str) -> Verdict {
        let t = table();
        let all = |_: &Column| true;
        let at = Tables {
            database: db,
            table: &t,
            unchanged: &all,
        };
        let parser: &dyn ParserDialect = match db {
            DatabaseType::Sqlite => &SQLiteDialect {},
            DatabaseType::Postgresql => &PostgreSqlDialect {},
            DatabaseType::Mysql => &MySqlDialect {},
        };
        implies(parser, &at, now, back)
    }

    const ALL: [DatabaseType; 3] = [
        DatabaseType::Sqlite,
        DatabaseType::Postgresql,
        DatabaseType::Mysql,
    ];

    /// What [`default_verdict`] says of `check` for the column `name` of [`table`] given the
    /// default `default`, on `db`.
    fn judged(db: DatabaseType, name: &str, default: DefaultValue, check: &str) -> Judged {
        let mut t = table();
        let c = t.columns.iter_mut().find(|c| c.name == name).unwrap();
        c.default = Some(default);
        let c = c.clone();
        super::default_verdict(crate::dialect::for_database(db), (&t, true), &c, check)
    }

    /// [`judged`] of the number default `default`: `Some(false)` where refused, `Some(true)`
    /// where every term takes it, `None` otherwise.
    fn default_verdict(db: DatabaseType, name: &str, default: &str, check: &str) -> Option<bool> {
        match judged(db, name, DefaultValue::Number(default.into()), check) {
            Judged::Refused => Some(false),
            Judged::Taken => Some(true),
            Judged::TakenUnlessOthersRefuse | Judged::Open => None,
        }
    }

    /// Decided where certain: exactly on NUMERIC/DECIMAL and integer columns of PostgreSQL and
    /// MySQL, only whole numbers where the database reads floating-point numbers (SQLite, a
    /// REAL column); a term that reads another column, a string or a call is not decided.
    #[test]
    fn a_number_default_is_decided_where_certain() {
        for db in ALL {
            let v = |check: &str, default: &str| default_verdict(db, "qty", default, check);
            assert_eq!(v("qty > 0", "0"), Some(false));
            assert_eq!(v("qty >= 0", "0"), Some(true));
            assert_eq!(v("0 < qty", "0"), Some(false));
            assert_eq!(v("qty BETWEEN 1 AND 10", "-3"), Some(false));
            assert_eq!(v("qty IN (1, 2) OR qty IS NULL", "2"), Some(true));
            assert_eq!(v("NOT (qty <> 5)", "5"), Some(true));
            assert_eq!(v("qty > 0 AND status = 'a'", "0"), Some(false));
            assert_eq!(v("qty > 0 AND status = 'a'", "1"), None);
            assert_eq!(v("qty > 0 OR status = 'a'", "0"), None);
            assert_eq!(v("qty > price", "0"), None);
            assert_eq!(v("abs(qty) > 0", "0"), None);
            assert_eq!(v("qty <> '0'", "0"), None);
            let fraction = default_verdict(db, "price", "0.5", "price > 0.49");
            let ratio = default_verdict(db, "ratio", "0.5", "ratio > 0.49");
            if db == DatabaseType::Sqlite {
                assert_eq!(fraction, None);
            } else {
                assert_eq!(fraction, Some(true));
            }
            assert_eq!(ratio, None);
            assert_eq!(default_verdict(db, "ratio", "2", "ratio < 1"), Some(false));
        }
    }

    /// A string default gets the same `AND`/`OR`/`NOT` reading as a number: refused where the
    /// CHECK is false for it whatever the row holds, as the database compares strings (MySQL's
    /// collations ignore case and the spaces at the end; PostgreSQL's CHAR the spaces).
    #[test]
    fn a_string_default_is_judged_with_or_and_not() {
        let text = |s: &str| DefaultValue::Str(s.into());
        use Judged::*;
        for db in ALL {
            for (check, default, verdict) in [
                ("status IN ('a', 'b') OR status = 'c'", "x", Refused),
                ("status IN ('a', 'b') OR status = 'c'", "c", Taken),
                ("NOT (status = 'x')", "x", Refused),
                ("NOT (status = 'x')", "y", Taken),
                ("status <> 'in_progress'", "in_progress", Refused),
                ("status IN ('done', 'todo')", "in_progress", Refused),
                ("status = 'a' OR qty > 0", "b", Open),
                ("status = 'a' OR qty > 0", "a", Taken),
                ("status = 'a' AND qty > 0", "a", TakenUnlessOthersRefuse),
                ("length(status) > 5", "abc", Refused),
                ("length(status) > 5", "abcdefg", Taken),
                ("length(status) > 5 OR qty > 0", "abc", Open),
                ("length(trim(status)) > 5", "abc", Open),
                ("upper(status) = 'ABC'", "abc", Open),
                ("length(status) > 5.5", "abc", Open),
                ("status > 'a'", "b", Open),
                ("qty > 0", "b", TakenUnlessOthersRefuse),
            ] {
                assert_eq!(
                    judged(db, "status", text(default), check),
                    verdict,
                    "{db:?} {check} {default}"
                );
            }
        }
        let mysql = |check: &str, default: &str| {
            judged(DatabaseType::Mysql, "status", text(default), check)
        };
        assert_eq!(mysql("status IN ('Done')", "done "), Judged::Open);
        assert_eq!(mysql("status IN ('done')", "dóne"), Judged::Open);
        let postgres = |check: &str, default: &str| {
            judged(DatabaseType::Postgresql, "status", text(default), check)
        };
        assert_eq!(postgres("status IN ('Done')", "done"), Judged::Refused);
        // A table with a COLLATE clause: apart is not settled, the same string still is one.
        let t = table();
        let mut c = (t.columns.iter())
            .find(|c| c.name == "status")
            .unwrap()
            .clone();
        c.default = Some(text("Done"));
        let sqlite = crate::dialect::for_database(DatabaseType::Sqlite);
        assert_eq!(
            super::default_verdict(sqlite, (&t, false), &c, "status IN ('done')"),
            Judged::Open
        );
        assert_eq!(
            super::default_verdict(sqlite, (&t, false), &c, "status <> 'Done'"),
            Judged::Refused
        );
        assert_eq!(
            super::default_verdict(sqlite, (&t, true), &c, "status IN ('done')"),
            Judged::Refused
        );
    }

    /// NULL passes a CHECK unless the CHECK is settled false for it: `IS NOT NULL`, or a form
    /// `IS NULL` makes false joined by `AND`, `OR`, `NOT` in three-valued logic.
    #[test]
    fn a_null_is_refused_only_where_the_check_is_false_for_it() {
        let t = table();
        for db in ALL {
            let parser = crate::dialect::for_database(db).parser();
            let asked = Asked {
                database: db,
                table: &t,
                column: t.columns.iter().find(|c| c.name == "qty").unwrap(),
                own_collation: true,
            };
            let v = |check: &str| judge(parser, &asked, check, Held::Null);
            assert_eq!(v("qty IS NOT NULL"), Judged::Refused, "{db:?}");
            assert_eq!(v("qty IS NOT NULL AND qty > 0"), Judged::Refused);
            assert_eq!(v("qty IS NOT NULL AND status = 'a'"), Judged::Refused);
            assert_eq!(v("NOT (qty IS NULL)"), Judged::Refused);
            assert_eq!(v("(qty IS NOT NULL) = TRUE"), Judged::Open);
            assert_eq!(v("qty > 0"), Judged::Taken);
            assert_eq!(v("qty > 0 AND qty < 10"), Judged::Taken);
            assert_eq!(v("NOT (qty > 0)"), Judged::Taken);
            assert_eq!(v("qty IS NULL OR qty > 0"), Judged::Taken);
            assert_eq!(v("qty IN (1, 2)"), Judged::Taken);
            // NULL OR false is unknown, which passes; NULL AND false is false.
            assert_eq!(v("qty > 0 OR qty IS NOT NULL"), Judged::Taken);
            assert_eq!(v("qty > 0 AND qty IS NOT NULL"), Judged::Refused);
            assert_eq!(v("qty IS NOT NULL OR status = 'a'"), Judged::Open);
            // True or unknown whatever `status` holds: never false.
            assert_eq!(v("qty > 0 OR status = 'a'"), Judged::Taken);
            assert_eq!(v("NOT (qty > 0 AND status = 'a')"), Judged::Taken);
            assert_eq!(
                v("qty IS NOT NULL AND status = 'a' OR qty > 1"),
                Judged::Taken
            );
            assert_eq!(
                v("qty > 0 AND status = 'a'"),
                Judged::TakenUnlessOthersRefuse
            );
            assert_eq!(v("coalesce(qty, 0) > 0"), Judged::Open);
            assert_eq!(v("status IS NOT NULL"), Judged::TakenUnlessOthersRefuse);
        }
    }

    /// The length of NULL is NULL: a comparison of it is unknown, which passes, and
    /// `length(x) IS NOT NULL` is false.
    #[test]
    fn the_length_of_null_is_unknown() {
        let t = table();
        for db in ALL {
            let asked = Asked {
                database: db,
                table: &t,
                column: t.columns.iter().find(|c| c.name == "status").unwrap(),
                own_collation: true,
            };
            let parser = crate::dialect::for_database(db).parser();
            let v = |check: &str| judge(parser, &asked, check, Held::Null);
            assert_eq!(v("length(status) > 5"), Judged::Taken, "{db:?}");
            assert_eq!(v("NOT (length(status) IN (1, 2))"), Judged::Taken);
            assert_eq!(v("length(status) IS NOT NULL"), Judged::Refused);
        }
    }

    /// The down migration's fill (one value for every row) is read with `OR` and `NOT` too.
    #[test]
    fn a_value_for_every_row_is_judged_with_or_and_not() {
        let t = table();
        let column = |name: &str| t.columns.iter().find(|c| c.name == name).unwrap();
        for db in ALL {
            let parser = crate::dialect::for_database(db).parser();
            let refuses = |check: &str, name: &str, value: &str| {
                refuses_value(parser, db, &t, check, column(name), Held::Sql(value))
            };
            assert_eq!(refuses("qty > 0 OR qty < -5", "qty", "0"), Some(true));
            assert_eq!(refuses("NOT (qty = 0)", "qty", "0"), Some(true));
            assert_eq!(refuses("NOT (qty = 0)", "qty", "1"), Some(false));
            assert_eq!(
                refuses("status IN ('a', 'b') OR status = 'c'", "status", "''"),
                Some(true)
            );
            assert_eq!(refuses("qty > 0 OR status = 'c'", "qty", "0"), None);
            assert_eq!(refuses("qty > 0 OR qty IS NULL", "qty", "1"), Some(false));
            assert_eq!(refuses("price > 1", "qty", "0"), Some(false));
            assert_eq!(refuses("qty IS NOT NULL", "qty", "0"), Some(false));
        }
    }

    /// The trial's cases: a looser CHECK put back, a list with a value twice or fewer values.
    #[test]
    fn a_looser_check_put_back_is_implied() {
        for db in ALL {
            for (now, back) in [
                ("qty >= 1", "qty >= 0"),
                ("qty > 0", "qty >= 0"),
                ("status IN ('a', 'b')", "status IN ('a','b','a')"),
                ("status IN ('a','b','a')", "status IN ('b', 'a')"),
                ("status IN ('a')", "status IN ('a', 'b')"),
                ("status = 'a'", "status IN ('a', 'b')"),
                ("qty BETWEEN 1 AND 5", "qty >= 0 AND qty <= 10"),
                ("qty >= 1 AND qty <= 5", "qty BETWEEN 1 AND 5"),
                ("qty IN (1, 2)", "qty > 0"),
                ("qty IN (1, 2)", "qty <> 3"),
                ("qty > 5", "qty <> 3"),
                ("0 < qty", "qty >= 0"),
                ("qty >= 0 AND qty <> 0", "qty > 0"),
                ("qty IS NOT NULL AND qty > 1", "qty IS NOT NULL"),
                ("code > ''", "code IS NOT NULL"),
                ("status > 'm'", "status <> 'm'"),
                ("status = 'm'", "status >= 'm'"),
                ("ratio >= 2", "ratio > 1"),
                (
                    "length(status) > 2 AND qty > 1",
                    "qty > 0 AND length(status)>2",
                ),
                ("qty >= -5", "qty >= -10"),
            ] {
                assert_eq!(
                    verdict(db, &[now], back),
                    Verdict::Implied,
                    "{db:?}: {now} then {back}"
                );
            }
            // Two CHECKs of the new table together.
            assert_eq!(
                verdict(db, &["qty >= 1", "qty <= 3"], "qty BETWEEN 0 AND 3"),
                Verdict::Implied
            );
        }
    }

    /// A tighter CHECK put back, or one not read, may refuse rows: said, with the values where
    /// the forms are simple.
    #[test]
    fn a_tighter_or_unread_check_put_back_may_refuse() {
        for db in ALL {
            for (now, back, values) in [
                ("qty >= 0", "qty >= 1", Some("qty < 1")),
                ("qty >= 0", "qty > 0", Some("qty <= 0")),
                (
                    "status IN ('a', 'b')",
                    "status IN ('a')",
                    Some("status NOT IN ('a')"),
                ),
                (
                    "status IN ('a', 'b')",
                    "status <> 'c'",
                    Some("status = 'c'"),
                ),
                ("status > 'a'", "status > 'b'", Some("status <= 'b'")),
                (
                    "qty BETWEEN 0 AND 10",
                    "qty BETWEEN 1 AND 5",
                    Some("qty < 1 or qty > 5"),
                ),
                ("qty > 1", "qty IS NOT NULL", Some("qty IS NULL")),
                ("qty IN (1, NULL)", "qty IN (1)", Some("qty NOT IN (1)")),
                ("qty NOT IN (1)", "qty <> 1", Some("qty = 1")),
                ("qty > 0 OR status = 'a'", "qty > 0", Some("qty <= 0")),
                ("qty > 0", "qty > 0 OR status = 'a'", None),
                ("qty > 0", "abs(qty) > 0", None),
                ("qty > 0", "qty + 0 > 0", None),
                (
                    "status IN ('1')",
                    "status IN (1)",
                    Some("status NOT IN (1)"),
                ),
                ("qty >= 1", "qty >= '0'", Some("qty < '0'")),
                (
                    "status = +'a'",
                    "status IN ('a')",
                    Some("status NOT IN ('a')"),
                ),
            ] {
                assert_eq!(
                    verdict(db, &[now], back),
                    Verdict::MayRefuse(values.map(str::to_string)),
                    "{db:?}: {now} then {back}"
                );
            }
        }
    }

    /// On an integer column that holds only integers (PostgreSQL, MySQL) `qty > 0` is
    /// `qty >= 1`; SQLite's INTEGER column also holds 0.5, so there it is not.
    #[test]
    fn integers_close_their_bounds_where_the_column_holds_only_integers() {
        for db in [DatabaseType::Postgresql, DatabaseType::Mysql] {
            assert_eq!(verdict(db, &["qty > 0"], "qty >= 1"), Verdict::Implied);
            assert_eq!(
                verdict(db, &["qty BETWEEN 1 AND 3"], "qty IN (3, 2, 1)"),
                Verdict::Implied
            );
            assert_eq!(verdict(db, &["qty > 0.5"], "qty >= 1"), Verdict::Implied);
        }
        let lite = DatabaseType::Sqlite;
        assert_eq!(
            verdict(lite, &["qty > 0"], "qty >= 1"),
            Verdict::MayRefuse(Some("qty < 1".into()))
        );
        assert!(matches!(
            verdict(lite, &["qty BETWEEN 1 AND 3"], "qty IN (1, 2, 3)"),
            Verdict::MayRefuse(_)
        ));
    }

    /// A constant with a fraction is a floating-point number on SQLite and for a REAL column:
    /// 0.1 and 0.10000000000000001 are one there, so only integers are compared as numbers.
    #[test]
    fn fractions_are_compared_only_where_exact() {
        let close = ("price >= 0.10000000000000001", "price > 0.1");
        assert!(matches!(
            verdict(DatabaseType::Sqlite, &[close.0], close.1),
            Verdict::MayRefuse(_)
        ));
        for db in [DatabaseType::Postgresql, DatabaseType::Mysql] {
            assert_eq!(verdict(db, &[close.0], close.1), Verdict::Implied);
            assert_eq!(
                verdict(db, &["price >= 0.50"], "price > 0.1"),
                Verdict::Implied
            );
        }
        for db in ALL {
            assert!(matches!(
                verdict(db, &["ratio >= 0.5"], "ratio > 0.4"),
                Verdict::MayRefuse(_)
            ));
        }
    }

    /// A column whose type the migration changes is read only for IS NOT NULL: a constant
    /// written again may compare otherwise once the value is converted back (a reviewer's
    /// `x > '10'` over TEXT let '2' in, which `x >= '10'` over INTEGER refused on all three
    /// engines).
    #[test]
    fn a_changed_column_takes_only_is_not_null() {
        let t = table();
        let none = |_: &Column| false;
        let at = Tables {
            database: DatabaseType::Postgresql,
            table: &t,
            unchanged: &none,
        };
        let p = PostgreSqlDialect {};
        assert!(matches!(
            implies(&p, &at, &["qty >= 1"], "qty >= 0"),
            Verdict::MayRefuse(_)
        ));
        for (now, back) in [
            ("qty > 0", "qty >= 0"),
            ("qty > '10'", "qty >= '10'"),
            ("qty IN (1, 2)", "qty IN (1, 2, 3)"),
        ] {
            assert!(
                matches!(implies(&p, &at, &[now], back), Verdict::MayRefuse(_)),
                "{now} / {back}"
            );
        }
        assert_eq!(
            implies(&p, &at, &["qty IS NOT NULL"], "qty IS NOT NULL"),
            Verdict::Implied
        );
        assert!(matches!(
            implies(&p, &at, &["abs(qty) > 0"], "abs(qty) > 0"),
            Verdict::MayRefuse(None)
        ));
    }

    /// A term whose value changes with the time (`CURRENT_DATE`, `now()`, `random()`, SQLite's
    /// `date('now')`, PostgreSQL's `'today'`) is not implied by the same term in the new
    /// CHECKs: a row let in yesterday may be refused today when the down migration adds it back
    /// (a reviewer's `due >= CURRENT_DATE`, taken as implied, warned of nothing).
    #[test]
    fn a_term_that_changes_with_the_time_is_never_implied() {
        let mut t = table();
        t.columns.push(Column::new("due", ColumnType::Date, true));
        t.columns
            .push(Column::new("at", ColumnType::Timestamp, true));
        let all = |_: &Column| true;
        for db in ALL {
            let at = Tables {
                database: db,
                table: &t,
                unchanged: &all,
            };
            let parser: &dyn ParserDialect = match db {
                DatabaseType::Sqlite => &SQLiteDialect {},
                DatabaseType::Postgresql => &PostgreSqlDialect {},
                DatabaseType::Mysql => &MySqlDialect {},
            };
            for term in [
                "due >= CURRENT_DATE",
                "at <= CURRENT_TIMESTAMP",
                "at <= now()",
                "at < LOCALTIMESTAMP",
                "qty < random()",
                "qty < rand()",
                "due >= date('now')",
                "due >= date()",
                "at <= datetime('now', 'localtime')",
                "code <> current_user",
            ]
            .into_iter()
            // Only PostgreSQL reads a date from such a text (SQLite and MySQL compare it as
            // text, which does not change).
            .chain(
                [
                    "due >= 'today'",
                    "due >= DATE 'today'",
                    "due >= CAST('now' AS DATE)",
                ]
                .into_iter()
                .filter(|_| db == DatabaseType::Postgresql),
            ) {
                let both = format!("qty > 0 AND {term}");
                assert!(
                    matches!(implies(parser, &at, &[&both], term), Verdict::MayRefuse(_)),
                    "{db:?}: {term}"
                );
                assert!(
                    matches!(implies(parser, &at, &[term], &both), Verdict::MayRefuse(_)),
                    "{db:?}: {term}"
                );
            }
            // A constant date, and a value that reads like a moment in a text column, are read.
            for term in ["due >= '2024-01-01'", "status IN ('now', 'later')"] {
                assert_eq!(
                    implies(parser, &at, &[term], term),
                    Verdict::Implied,
                    "{db:?}: {term}"
                );
            }
        }
    }

    #[test]
    fn numbers_are_read_exactly() {
        let n = |t: &str| Num::parse(t, false).unwrap();
        assert_eq!(n("1.50"), n("1.5"));
        assert!(n("0.10000000000000001") > n("0.1"));
        assert_eq!(n(".5"), n("0.5"));
        assert!(
            Num::parse("-2.5", false).is_none(),
            "the sign is read apart"
        );
        assert_eq!(Num::parse("2.5", true).unwrap().floor(), -3);
        assert_eq!(Num::parse("2.5", true).unwrap().ceil(), -2);
        assert!(Num::parse("1e3", false).is_none());
        assert!(Num::parse(".", false).is_none());
        assert!(Num::parse("1234567890123456789", false).is_none());
    }

    /// A value a CHECK's simple form on the column refuses is refused whatever the rest says;
    /// strings are apart only where no collation of the database makes them one (MySQL's
    /// ignore case: 'Active' may be 'active'); a term that is no simple form leaves it open.
    #[test]
    fn a_value_a_simple_form_refuses_is_refused() {
        let t = table();
        let column = |name: &str| t.columns.iter().find(|c| c.name == name).unwrap();
        let refuses = |db: DatabaseType, check: &str, name: &str, value: &str| {
            let parser: &dyn ParserDialect = match db {
                DatabaseType::Sqlite => &SQLiteDialect {},
                DatabaseType::Postgresql => &PostgreSqlDialect {},
                DatabaseType::Mysql => &MySqlDialect {},
            };
            refuses_value(parser, db, &t, check, column(name), Held::Sql(value))
        };
        for db in ALL {
            assert_eq!(refuses(db, "qty > 0", "qty", "0"), Some(true), "{db:?}");
            assert_eq!(refuses(db, "qty >= 0", "qty", "0"), Some(false), "{db:?}");
            assert_eq!(
                refuses(db, "qty BETWEEN 1 AND 5 AND length(status) > 2", "qty", "0"),
                Some(true)
            );
            assert_eq!(
                refuses(db, "qty IN (1, 2) OR qty IS NULL", "qty", "0"),
                Some(true)
            );
            assert_eq!(
                refuses(db, "qty <> 0 AND price > 1", "qty", "0"),
                Some(true)
            );
            assert_eq!(refuses(db, "price > 1", "qty", "0"), Some(false));
            assert_eq!(
                refuses(db, "status IN ('active', 'banned')", "status", "''"),
                Some(true)
            );
            assert_eq!(
                refuses(db, "status IN ('active', 'banned')", "status", "'banned'"),
                Some(false)
            );
            assert_eq!(refuses(db, "status <> ''", "status", "''"), Some(true));
            assert_eq!(
                refuses(db, "length(status) >= 2", "status", "''"),
                Some(true)
            );
            assert_eq!(
                refuses(db, "length(status) >= 2", "status", "'ab'"),
                Some(false)
            );
            assert_eq!(refuses(db, "upper(status) = 'A'", "status", "''"), None);
            assert_eq!(refuses(db, "status > 'a'", "status", "''"), None);
        }
        let mysql = DatabaseType::Mysql;
        assert_eq!(
            refuses(mysql, "status IN ('Active')", "status", "'active'"),
            None
        );
        assert_eq!(refuses(mysql, "status = 'café'", "status", "'cafe'"), None);
        let postgres = DatabaseType::Postgresql;
        assert_eq!(
            refuses(postgres, "status IN ('Active')", "status", "'active'"),
            Some(true)
        );
    }
}
