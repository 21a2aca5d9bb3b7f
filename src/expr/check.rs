//! The check of one expression: the public entry points, what they return ([`ExprError`],
//! [`References`]) and by which place the expression stands in ([`Changing`]), and the walk of
//! the parsed expression that refuses what the database would and gathers the names, calls,
//! newer syntax and collations it uses.

use super::foreign_syntax::{not_in_mysql, not_in_postgres, odd_blob_literal, server_effect};
use super::postgres_stable::{
    postgres_array_as_text, postgres_date_style_cast, postgres_stable_time_zone,
};
use super::sqlite_clock::{sqlite_clock_call, sqlite_refused_in_index};
use super::text_screen::refuse_text;
use super::token_screen::{screened_tokens, too_deep};
use super::volatile::{
    listed_volatile, mysql_session_reading, of_the_connection, postgres_session_reading,
    volatile_name,
};
use sqlparser::ast::{
    visit_expressions, BinaryOperator, CastKind, Expr, Function, FunctionArguments, InTarget, Value,
};
use sqlparser::dialect::Dialect as ParserDialect;
use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;
use std::ops::ControlFlow;

/// Why an expression was refused.
#[derive(Debug, Clone, PartialEq)]
pub struct ExprError(pub String);

impl ExprError {
    /// The rewrite the reason ends with (`… which is SQLite's (write UNIX_TIMESTAMP())`), as a
    /// suggestion (`write UNIX_TIMESTAMP()`), also when it ends a parenthesis after other words
    /// (`(~ and ~* are PostgreSQL's; write REGEXP)`) or follows a colon (`…: write the text
    /// without it …`); `None` when it names none. MySQL's CHECK errors said these in the message
    /// only, with a generic suggestion (a user trial).
    pub fn rewrite(&self) -> Option<String> {
        if let Some(start) = self.0.rfind("(write ") {
            if let Some(inner) = self.0[start + 1..].strip_suffix(')') {
                return Some(inner.to_string());
            }
        }
        if let Some(start) = self.0.rfind("; write ") {
            if let Some(inner) = self.0[start + 2..].strip_suffix(')') {
                return Some(inner.to_string());
            }
        }
        let start = self.0.rfind(": write ")?;
        Some(self.0[start + 2..].to_string())
    }
}

/// Parses `text` as one expression of `dialect` and returns the identifiers it references
/// (the last part of a compound identifier), in order of appearance, in lower case, except on
/// PostgreSQL a name quoted with a capital letter, which keeps its case there.
pub fn check_expression(dialect: &dyn ParserDialect, text: &str) -> Result<Vec<String>, ExprError> {
    check_expression_with(dialect, text, false)
}

/// Which calls whose result is not the row's alone an expression is refused for, by the place
/// it stands in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Changing {
    /// None (a default, a PostgreSQL CHECK).
    Taken,
    /// Those the database refuses in a CHECK: MySQL's functions whose result changes
    /// (`now()`, `rand()`), SQLite's date and time functions reading the clock (`date('now')`).
    InCheck,
    /// Those the database refuses in a partial index's WHERE: PostgreSQL's functions that are
    /// not IMMUTABLE; SQLite's non-deterministic functions (CURRENT_DATE, `random()`) and its
    /// date and time functions reading the clock.
    InIndex,
}

/// [`check_expression`], also refusing, with `refuse_volatile`, a call of a function whose
/// result changes from one call to the next (`now()`, `CURRENT_TIMESTAMP`, `rand()`, …), which
/// MySQL refuses in a CHECK and PostgreSQL in a partial index's WHERE (on SQLite, what it
/// refuses in a CHECK: [`Changing::InCheck`]).
pub fn check_expression_with(
    dialect: &dyn ParserDialect,
    text: &str,
    refuse_volatile: bool,
) -> Result<Vec<String>, ExprError> {
    let refuse = if refuse_volatile {
        Changing::InCheck
    } else {
        Changing::Taken
    };
    check_parsed(dialect, text, refuse, None).map(|r| r.idents)
}

/// What an expression that passed the check references.
#[derive(Debug, Default, PartialEq)]
pub struct References {
    /// The identifiers, as [`check_expression`] returns them.
    pub idents: Vec<String>,
    /// The functions it calls by a name of one part, in lower case, each once, in order of
    /// appearance (`count_words(a)`, not `app.count_words(a)`, whose schema is the user's).
    pub calls: Vec<String>,
    /// The operators and syntax it uses that came to SQLite after 3.35 (`->`, `->>`, `is
    /// distinct from`, `is not distinct from`; on SQLite, digits grouped with `_`,
    /// [`crate::builtin_functions::SQLITE_DIGIT_SEPARATORS`]), each once, for
    /// [`crate::builtin_functions::sqlite_since`].
    pub syntax: Vec<&'static str>,
    /// On SQLite, the forms of a call of a function SQLite 3.35 has that came later
    /// ([`crate::builtin_functions::SQLITE_JSON_VALID_FLAGS`],
    /// [`crate::builtin_functions::SQLITE_SUBSEC`]), each once, for
    /// [`crate::builtin_functions::sqlite_since`].
    pub sqlite_forms: Vec<&'static str>,
    /// The collations its `COLLATE` clauses name that only some servers of the database have
    /// (an ICU or operating-system collation, or the user's own, on PostgreSQL; on SQLite, in a
    /// CHECK or a partial index's WHERE, one the application registers), each once, as the
    /// database reads the name ([`crate::collation_names`]).
    pub collations: Vec<String>,
}

/// [`check_expression`], with the functions the expression calls as well.
pub fn check_expression_references(
    dialect: &dyn ParserDialect,
    text: &str,
) -> Result<References, ExprError> {
    check_parsed(dialect, text, Changing::Taken, None)
}

/// [`check_expression_with`] for an expression the database reads as a condition (a CHECK, a
/// partial index's WHERE): on PostgreSQL, which types it, also refused when the types of the
/// table's columns (`column`, by lowercase name) show it is not boolean or compares values
/// PostgreSQL cannot compare (see [`crate::condition`]).
pub fn check_condition(
    dialect: &dyn ParserDialect,
    text: &str,
    refuse: Changing,
    column: &crate::condition::ColumnTypes,
) -> Result<References, ExprError> {
    check_parsed(dialect, text, refuse, Some(column))
}

fn check_parsed(
    dialect: &dyn ParserDialect,
    text: &str,
    refuse: Changing,
    condition: Option<&crate::condition::ColumnTypes>,
) -> Result<References, ExprError> {
    refuse_text(dialect, text)?;
    let (mut tokens, quoted_capitals) = screened_tokens(dialect, text)?;
    let mysql = dialect.is::<MySqlDialect>();
    let postgres = dialect.is::<PostgreSqlDialect>();
    crate::quick_tokens::keywords_standing_as_names(dialect, &mut tokens);
    if mysql {
        crate::quick_tokens::mysql_operators_for_parse(&mut tokens);
    }
    // Digits grouped with `_` (`1_000`), which SQLite 3.46 reads and an older one refuses.
    let mut digit_separators = false;
    if dialect.is::<SQLiteDialect>() {
        crate::quick_tokens::sqlite_operators_for_parse(&mut tokens);
        digit_separators = tokens
            .iter()
            .any(|t| matches!(&t.token, Token::Number(n, _) if n.contains('_')));
    }
    // An operator PostgreSQL splits (`-+`), which sqlparser reads as one: said, where the
    // parse fails, instead of the parser's words.
    let split = postgres
        .then(|| super::split_operator::postgres_splits(&tokens))
        .flatten();
    let mut parser = Parser::new(dialect)
        .with_recursion_limit(64)
        .with_tokens_with_locations(tokens);
    let expr = parser.parse_expr().map_err(|e| match (e, split) {
        (sqlparser::parser::ParserError::RecursionLimitExceeded, _) => too_deep(),
        (_, Some((op, parts))) => ExprError(format!(
            "it does not parse as an expression here: {}",
            super::split_operator::explained(&op, &parts)
        )),
        (e, None) => ExprError(format!("it does not parse as an expression: {e}")),
    })?;
    let next = parser.peek_token();
    if next.token != Token::EOF {
        return Err(ExprError(format!(
            "unexpected '{}' after the expression",
            next.token
        )));
    }
    let mut idents = Vec::new();
    let mut calls: Vec<String> = Vec::new();
    let mut syntax: Vec<&'static str> = Vec::new();
    if digit_separators {
        syntax.push(crate::builtin_functions::SQLITE_DIGIT_SEPARATORS);
    }
    let mut sqlite_forms: Vec<&'static str> = Vec::new();
    let mut collations: Vec<String> = Vec::new();
    let sqlite = dialect.is::<SQLiteDialect>();
    // The column a name stands for, in lower case unless PostgreSQL keeps its case (quoted
    // with a capital letter: then it is kept as written, and names no column of a spec, whose
    // names are lowercase).
    let as_named = |ident: &sqlparser::ast::Ident| {
        if ident.quote_style == Some('"') && quoted_capitals.contains(&ident.value) {
            ident.value.clone()
        } else {
            ident.value.to_ascii_lowercase()
        }
    };
    // The unit words of TIMESTAMPDIFF(DAY, a, b) and the like, which sqlparser reads as names:
    // they are no column (found by a user trial: UNKNOWN_COLUMN 'DAY').
    let mut units: Vec<*const Expr> = Vec::new();
    // Why the expression is refused when it calls a function whose result changes.
    let mut volatile: Option<String> = None;
    // What of another database's SQL it has, which this database does not.
    let mut foreign_found: Option<String> = None;
    // On MySQL, the INTERVALs that stand where MySQL takes one: an operand of + or -, or a
    // function's argument (DATE_ADD(x, INTERVAL 1 DAY)). Anywhere else it is a syntax error.
    let mut interval_places: Vec<*const Expr> = Vec::new();
    // A VALUES list, `(VALUES (1))`, which sqlparser reads as a call of a function `values`:
    // a subquery to each database, refused in a CHECK, an index's WHERE and a default.
    let mut values_list: Option<String> = None;
    let flow = visit_expressions(&expr, |e| {
        if let Some(why) = values_subquery(e, mysql) {
            values_list = Some(why);
            return ControlFlow::Break("");
        }
        let operator = match e {
            Expr::BinaryOp {
                op: BinaryOperator::Arrow,
                ..
            } => Some("->"),
            Expr::BinaryOp {
                op: BinaryOperator::LongArrow,
                ..
            } => Some("->>"),
            Expr::IsDistinctFrom(..) => Some("is distinct from"),
            Expr::IsNotDistinctFrom(..) => Some("is not distinct from"),
            _ => None,
        };
        if let Some(operator) = operator.filter(|o| !syntax.contains(o)) {
            syntax.push(operator);
        }
        // The collation a COLLATE names: refused where no server of the database has it, kept
        // to be said where only some have it. SQLite looks it up only when a CHECK or an index
        // reads it (a default's is never looked up).
        if let Expr::Collate { expr, collation } = e {
            let named = if postgres {
                crate::collation_names::postgres(expr, collation)
            } else if mysql {
                crate::collation_names::mysql(expr, collation)
            } else if refuse != Changing::Taken {
                crate::collation_names::sqlite(expr, collation)
            } else {
                crate::collation_names::Named::BuiltIn
            };
            match named {
                crate::collation_names::Named::BuiltIn => {}
                crate::collation_names::Named::Refused(why) => {
                    foreign_found = Some(why);
                    return ControlFlow::Break("");
                }
                crate::collation_names::Named::ServerDependent(name) => {
                    if !collations.contains(&name) {
                        collations.push(name);
                    }
                }
            }
        }
        // sqlparser reads much of every dialect's syntax in each: what the database itself
        // refuses when the migration runs is refused here (measured on PostgreSQL 15 and
        // MariaDB 10.11).
        let foreign = if mysql {
            match e {
                Expr::BinaryOp {
                    left,
                    op: BinaryOperator::Plus | BinaryOperator::Minus,
                    right,
                } => {
                    interval_places.push(&**left as *const Expr);
                    interval_places.push(&**right as *const Expr);
                }
                Expr::Function(f) => {
                    if let FunctionArguments::List(list) = &f.args {
                        for a in &list.args {
                            if let sqlparser::ast::FunctionArg::Unnamed(
                                sqlparser::ast::FunctionArgExpr::Expr(x),
                            ) = a
                            {
                                interval_places.push(x as *const Expr);
                            }
                        }
                    }
                }
                _ => {}
            }
            let lone_interval =
                matches!(e, Expr::Interval(_)) && !interval_places.contains(&(e as *const Expr));
            not_in_mysql(e)
                .or_else(|| odd_blob_literal(e))
                .map(String::from)
                .or_else(|| crate::engine_syntax::mysql_refuses(e))
                .or_else(|| crate::mysql_json_paths::refused(e))
                .or_else(|| server_effect(e, false))
                .or_else(|| lone_interval.then(|| "an INTERVAL on its own, which MySQL takes only added to or subtracted from a date (write x + INTERVAL 1 DAY)".to_string()))
        } else if postgres {
            not_in_postgres(e)
                .map(String::from)
                .or_else(|| crate::engine_syntax::postgres_refuses(e))
                .or_else(|| server_effect(e, true))
        } else {
            odd_blob_literal(e).map(String::from)
        };
        if let Some(what) = foreign {
            foreign_found = Some(what);
            return ControlFlow::Break("");
        }
        if refuse != Changing::Taken {
            let found = match e {
                Expr::Function(f) if sqlite && refuse == Changing::InIndex => {
                    sqlite_refused_in_index(f)
                }
                Expr::Function(f) if sqlite => sqlite_clock_call(f),
                _ if sqlite => None,
                Expr::Function(f) => volatile_name(f, mysql, postgres, condition).map(|name| {
                    let session_reading = if postgres {
                        postgres_session_reading(&name)
                    } else if mysql {
                        mysql_session_reading(&name)
                    } else {
                        None
                    };
                    match session_reading {
                        Some(why) => why,
                        None if postgres && !listed_volatile(&name) => format!(
                            "it calls {name}(), which PostgreSQL does not mark IMMUTABLE (its result may change from one call to the next, or with the session or the database's contents), and PostgreSQL refuses it here (functions in index predicate must be marked IMMUTABLE)"
                        ),
                        None if of_the_connection(&name) => format!(
                            "it calls {name}, whose result depends on the connection or the server, not on the row, which this database refuses here"
                        ),
                        None => format!(
                            "it calls {name}, whose result changes from one call to the next, which this database refuses here"
                        ),
                    }
                }).or_else(|| if postgres { postgres_date_style_cast(e, condition) } else { None }),
                _ if postgres && postgres_array_as_text(e) => Some(
                    "it casts an ARRAY to text, which PostgreSQL does through array_out, a STABLE function (an element's text may follow the session), and refuses here (functions in index predicate must be marked IMMUTABLE): compare an element, (ARRAY['a'])[1], or the column with = ANY (ARRAY['a'])".to_string(),
                ),
                _ if postgres => postgres_stable_time_zone(e).map(|what| format!(
                    "it has {what}, whose result depends on the session's time zone, which PostgreSQL refuses here"
                )).or_else(|| postgres_date_style_cast(e, condition)),
                _ => None,
            };
            if let Some(name) = found {
                volatile = Some(name);
                return ControlFlow::Break("");
            }
        }
        match e {
            Expr::Subquery(_)
            | Expr::Exists { .. }
            | Expr::In {
                target: InTarget::Subquery(_) | InTarget::Table { .. } | InTarget::Unnest(_),
                ..
            } => ControlFlow::Break("a subquery"),
            // `value::type` is PostgreSQL's cast; sqlparser reads it in every dialect, SQLite and
            // MySQL refuse it when the migration runs.
            Expr::Cast {
                kind: CastKind::DoubleColon,
                ..
            } if !dialect.is::<PostgreSqlDialect>() => {
                ControlFlow::Break("a PostgreSQL `::` cast (write CAST(value AS type))")
            }
            Expr::Function(f) if is_aggregate_or_window(f) => {
                ControlFlow::Break("an aggregate or window function")
            }
            // `?`, `$1`, `:name`, `@name` (and, for SQLite, `$$x$$`): a bind parameter has no value
            // in DDL, so the database refuses the statement.
            Expr::Value(v) if matches!(v.value, Value::Placeholder(_)) => {
                ControlFlow::Break("a parameter placeholder")
            }
            Expr::Function(f) => {
                if let Some(unit) = unit_argument(f) {
                    units.push(unit);
                }
                if let [part] = &f.name.0[..] {
                    if let Some(name) = part.as_ident() {
                        let name = name.value.to_ascii_lowercase();
                        if let Some(form) = sqlite_newer_form(f, &name).filter(|_| sqlite) {
                            if !sqlite_forms.contains(&form) {
                                sqlite_forms.push(form);
                            }
                        }
                        if !calls.contains(&name) {
                            calls.push(name);
                        }
                    }
                }
                ControlFlow::Continue(())
            }
            Expr::Identifier(_) if units.contains(&(e as *const Expr)) => ControlFlow::Continue(()),
            Expr::Identifier(ident) => {
                idents.push(as_named(ident));
                ControlFlow::Continue(())
            }
            Expr::CompoundIdentifier(parts) => {
                if let Some(last) = parts.last() {
                    idents.push(as_named(last));
                }
                ControlFlow::Continue(())
            }
            _ => ControlFlow::Continue(()),
        }
    });
    if let Some(message) = values_list.or(volatile) {
        return Err(ExprError(message));
    }
    if let Some(what) = foreign_found {
        return Err(ExprError(format!("it has {what}")));
    }
    if let ControlFlow::Break(what) = flow {
        return Err(ExprError(format!(
            "it contains {what}, which constraints and defaults cannot use"
        )));
    }
    if let (Some(column), true) = (condition, postgres) {
        if let Some(why) = crate::condition::not_a_condition(&expr, column) {
            return Err(ExprError(why));
        }
    }
    // MySQL takes a number or a date compared with a string that is none, and then fails the
    // rows (MariaDB 10.11: error 1292 on every insert of a value).
    if let (Some(column), true) = (condition, mysql) {
        if let Some(why) = crate::mysql_check_strings::unreadable_string(&expr, column) {
            return Err(ExprError(why));
        }
    }
    Ok(References {
        idents,
        calls,
        syntax,
        sqlite_forms,
        collations,
    })
}

/// Why `e` is refused when it is a VALUES list, `(VALUES (1))`, which sqlparser reads as a call
/// of a function `values` (unquoted): PostgreSQL 15 and SQLite read it as a subquery and refuse
/// it in a CHECK, an index's WHERE and a default ("cannot use subquery in check constraint",
/// "subqueries prohibited in CHECK constraints"; SQLite's default, a syntax error), and
/// `values(a)` without parentheses of its own as a syntax error (VALUES is a reserved word). On MySQL
/// only one in parentheses of its own, `n = (VALUES (1))` or `(VALUES (1), (2))` (MariaDB
/// 10.11: "CHECK does not support subqueries"); a bare `VALUES(v)` is INSERT … ON DUPLICATE KEY UPDATE's, which
/// [`super::foreign_syntax`] says. The message says the value to write instead.
fn values_subquery(e: &Expr, mysql: bool) -> Option<String> {
    let (call, nested) = match e {
        Expr::Nested(inner) => match &**inner {
            Expr::Function(f) => (f, true),
            _ => return None,
        },
        // `(VALUES (1), (2))`, read as a list whose first item is `VALUES(1)`.
        Expr::Tuple(items) => match items.first() {
            Some(Expr::Function(f)) => (f, false),
            _ => return None,
        },
        Expr::Function(f) if !mysql => (f, false),
        _ => return None,
    };
    let [part] = &call.name.0[..] else {
        return None;
    };
    let name = part.as_ident()?;
    if name.quote_style.is_some() || !name.value.eq_ignore_ascii_case("values") {
        return None;
    }
    let FunctionArguments::List(list) = &call.args else {
        return None;
    };
    // One value, `(VALUES (4))`, is that value; anything else (`(VALUES (1), (2))`, which
    // sqlparser reads as a list whose first item is `VALUES(1)`) a list of values.
    let instead = match &list.args[..] {
        [sqlparser::ast::FunctionArg::Unnamed(sqlparser::ast::FunctionArgExpr::Expr(value))]
            if nested =>
        {
            format!("write the value itself, {value}, where it stands")
        }
        _ => "write the values themselves where they stand (x IN (1, 2) for a list)".to_string(),
    };
    let place = if nested || matches!(e, Expr::Tuple(_)) {
        "a subquery, which the database refuses in a CHECK, an index's WHERE and a default (cannot use subquery)"
    } else {
        "which the database reads only as a VALUES list: a subquery in parentheses of its own, refused in a CHECK, an index's WHERE and a default, and a syntax error without them"
    };
    Some(format!("it has a VALUES list, {e}, {place}: {instead}"))
}

/// The form of SQLite's call `f` of `name` (in lower case) that came after 3.35 though the
/// function did not: `json_valid(x, flags)`, two arguments
/// ([`crate::builtin_functions::SQLITE_JSON_VALID_FLAGS`]), or a date and time function with
/// the modifier `'subsec'` or `'subsecond'`, in any case, after its time value (and after
/// strftime's format) ([`crate::builtin_functions::SQLITE_SUBSEC`]).
fn sqlite_newer_form(f: &Function, name: &str) -> Option<&'static str> {
    let FunctionArguments::List(list) = &f.args else {
        return None;
    };
    let modifiers_from = match name {
        "json_valid" => {
            return (list.args.len() == 2)
                .then_some(crate::builtin_functions::SQLITE_JSON_VALID_FLAGS)
        }
        "date" | "time" | "datetime" | "julianday" | "unixepoch" => 1,
        "strftime" => 2,
        _ => return None,
    };
    let subsec = list.args.iter().skip(modifiers_from).any(|a| {
        matches!(
            a,
            sqlparser::ast::FunctionArg::Unnamed(sqlparser::ast::FunctionArgExpr::Expr(
                Expr::Value(v)
            )) if matches!(&v.value, Value::SingleQuotedString(m)
                if m.eq_ignore_ascii_case("subsec") || m.eq_ignore_ascii_case("subsecond"))
        )
    });
    subsec.then_some(crate::builtin_functions::SQLITE_SUBSEC)
}

/// The first argument of `TIMESTAMPDIFF(unit, a, b)`, `TIMESTAMPADD(unit, n, x)` (MySQL's
/// units, and their `SQL_TSI_` names) or `GET_FORMAT(DATE, 'EUR')`, when it is such a word
/// written bare: a keyword of the call, not a column (each taken by MariaDB 10.11 in a CHECK;
/// the unit quoted as a name, `` `DAY` ``, is a syntax error there, so a quoted word stays a
/// name). `INTERVAL 1 DAY` and `EXTRACT(DAY FROM x)` sqlparser already reads as units.
fn unit_argument(f: &Function) -> Option<*const Expr> {
    const UNITS: &[&str] = &[
        "microsecond",
        "second",
        "minute",
        "hour",
        "day",
        "week",
        "month",
        "quarter",
        "year",
    ];
    const FORMATS: &[&str] = &["date", "datetime", "time", "timestamp"];
    let [name] = &f.name.0[..] else {
        return None;
    };
    let name = name.as_ident()?.value.to_ascii_lowercase();
    let FunctionArguments::List(list) = &f.args else {
        return None;
    };
    let Some(sqlparser::ast::FunctionArg::Unnamed(sqlparser::ast::FunctionArgExpr::Expr(
        e @ Expr::Identifier(word),
    ))) = list.args.first()
    else {
        return None;
    };
    if word.quote_style.is_some() {
        return None;
    }
    let word = word.value.to_ascii_lowercase();
    let is_unit = match name.as_str() {
        "timestampdiff" | "timestampadd" => {
            UNITS.contains(&word.strip_prefix("sql_tsi_").unwrap_or(&word))
        }
        "get_format" => FORMATS.contains(&word.as_str()),
        _ => false,
    };
    is_unit.then_some(e as *const Expr)
}

/// Functions that aggregate rows in PostgreSQL, MySQL and SQLite (`min`/`max` only with one
/// argument: SQLite's two-argument forms are scalar).
const AGGREGATES: &[&str] = &[
    "array_agg",
    "avg",
    "bit_and",
    "bit_or",
    "bit_xor",
    "bool_and",
    "bool_or",
    "count",
    "every",
    "group_concat",
    "json_agg",
    "json_arrayagg",
    "json_group_array",
    "json_group_object",
    "json_objectagg",
    "jsonb_agg",
    "std",
    "stddev",
    "stddev_pop",
    "stddev_samp",
    "string_agg",
    "sum",
    "total",
    "var_pop",
    "var_samp",
    "variance",
];

/// Whether a call aggregates rows or is a window function: no database takes one in a CHECK,
/// a default or an index predicate, which see one row at a time.
fn is_aggregate_or_window(f: &Function) -> bool {
    if f.over.is_some() || f.filter.is_some() || !f.within_group.is_empty() {
        return true;
    }
    let name = f
        .name
        .0
        .last()
        .map(|p| p.to_string().to_ascii_lowercase())
        .unwrap_or_default();
    let arity = match &f.args {
        FunctionArguments::List(list) => list.args.len(),
        _ => 0,
    };
    AGGREGATES.binary_search(&name.as_str()).is_ok()
        || (matches!(name.as_str(), "min" | "max") && arity == 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::dialects;

    /// SQLite's `NOT GLOB`, which sqlparser does not read, is taken (a user trial's CHECK was
    /// refused); `GLOB` after NOT at an operand's start stays `NOT (x GLOB y)`'s business, and a
    /// column called not is still a column. SQLite enforcing it: `sqlite_not_glob_is_enforced`.
    #[test]
    fn sqlite_not_glob_is_taken() {
        let lite = |t: &str| check_expression_with(&SQLiteDialect {}, t, false).map_err(|e| e.0);
        for t in [
            "code NOT GLOB '*[^a-z]*'",
            "code not glob 'a*' AND code GLOB '?*'",
            "NOT code GLOB 'a*'",
            "(code || 'x') NOT GLOB 'a*'",
        ] {
            assert!(lite(t).is_ok(), "{t}: {:?}", lite(t));
        }
        assert!(lite("code NOT NOT GLOB 'a*'").is_err());
    }

    #[test]
    fn accepts_ordinary_checks_and_reports_columns() {
        for d in dialects() {
            let cols = check_expression(d.as_ref(), "age >= 0 AND age <= 150").unwrap();
            assert_eq!(cols, vec!["age", "age"]);
            let cols = check_expression(d.as_ref(), "status IN ('pending', 'it''s')").unwrap();
            assert_eq!(cols, vec!["status"]);
            assert!(check_expression(d.as_ref(), "lower(email) <> ''")
                .unwrap()
                .contains(&"email".to_string()));
        }
    }

    /// `(VALUES (1))`, which sqlparser reads as a call, is a subquery to each database (run on
    /// each in tests/engine_refused_literals.rs); a function quoted "values" is a call.
    #[test]
    fn a_values_list_is_refused_as_a_subquery_with_what_to_write() {
        for d in dialects() {
            for (text, says) in [
                ("n = (VALUES (1))", "write the value itself, 1,"),
                (
                    "n IN (1, 2) OR n = (values(n + 1))",
                    "write the value itself, n + 1,",
                ),
                ("n = (VALUES (1), (2))", "x IN (1, 2)"),
            ] {
                let e = check_expression(d.as_ref(), text).unwrap_err();
                assert!(
                    e.0.contains("subquery") && e.0.contains(says),
                    "{text}: {}",
                    e.0
                );
            }
        }
        let pg = PostgreSqlDialect {};
        assert!(check_expression(&pg, "\"values\"(n) > 0").is_ok());
    }

    #[test]
    fn refuses_statements_comments_and_subqueries() {
        for d in dialects() {
            for bad in [
                "1); DROP TABLE users; --",
                "age > 0; DROP TABLE users",
                "age > 0 -- hidden",
                "age > 0 /* x */",
                "age > (SELECT 1)",
                "EXISTS (SELECT 1)",
                "age IN (SELECT id FROM t)",
                "age > 0) OR (1 = 1",
                "",
                "age >",
                "a\u{0}b",
                "a\u{2028}b",
            ] {
                assert!(check_expression(d.as_ref(), bad).is_err(), "{bad} accepted");
            }
        }
    }

    /// PostgreSQL and MySQL refuse aggregates and window functions in a CHECK, a default and an
    /// index predicate when the migration runs; only SQLite's were caught before it was written.
    #[test]
    fn refuses_aggregates_and_window_functions() {
        let mut sorted = AGGREGATES.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, AGGREGATES, "sorted for binary search");
        for d in dialects() {
            for bad in [
                "max(age) > 0",
                "count(*) > 0",
                "sum(age) < 10",
                "row_number() OVER () > 1",
                "COUNT(age) > 0",
            ] {
                let err = check_expression(d.as_ref(), bad).unwrap_err();
                assert!(err.0.contains("aggregate"), "{bad}: {}", err.0);
            }
            for good in [
                "max(age, 1) > 0",
                "min(age, 150) = age",
                "abs(age) > 0",
                "lower(name) <> ''",
            ] {
                assert!(check_expression(d.as_ref(), good).is_ok(), "{good}");
            }
        }
    }

    /// Found by the fuzzer: SQLite reads `$$dollar$$` (and `$x`, `?`, `:x`, `@x`) as a bind
    /// parameter, and refuses it in a default ("not constant") or a CHECK/WHERE ("parameters
    /// prohibited"): the generator's self-check caught it as GENERATED_SQL_REJECTED.
    #[test]
    fn refuses_parameter_placeholders() {
        for (d, texts) in [
            (
                Box::new(SQLiteDialect {}) as Box<dyn ParserDialect>,
                &[
                    "$$dollar$$",
                    "$1",
                    "?",
                    "?1",
                    ":name",
                    "@name",
                    "$name",
                    "a = ?",
                ][..],
            ),
            (
                Box::new(PostgreSqlDialect {}),
                // `:name` is refused there before the parse, as psql's variable.
                &["$1", "$name", "a = $1"][..],
            ),
            // `:name`: MySQL reads no ':' in an expression, refused as such before the parse.
            (Box::new(MySqlDialect {}), &["?", "a = ?"][..]),
        ] {
            for text in texts {
                let err = check_expression(d.as_ref(), text).unwrap_err();
                assert!(err.0.contains("parameter"), "{text}: {}", err.0);
            }
        }
        // PostgreSQL's dollar quoting is a string, not a parameter.
        assert!(check_expression(&PostgreSqlDialect {}, "$$dollar$$").is_ok());
    }

    #[test]
    fn postgresql_casts_only_on_postgresql() {
        assert!(check_expression(&PostgreSqlDialect {}, "'\\x00ff'::bytea").is_ok());
        assert!(check_expression(&MySqlDialect {}, "'\\x00ff'::bytea").is_err());
        assert!(check_expression(&SQLiteDialect {}, "x::integer > 0").is_err());
        assert!(check_expression(&MySqlDialect {}, "CAST(x AS SIGNED) > 0").is_ok());
    }

    /// Found by a user trial on MariaDB 10.11: valid MySQL that sqlparser does not read (MOD as
    /// an operator, the prefix BINARY, SOUNDS LIKE) was refused with "unexpected 'MOD' after the
    /// expression"; each is taken by MariaDB in a CHECK and now here, with its columns, and the
    /// words keep their other meanings (the MOD() function, CAST(x AS BINARY), a column called
    /// sounds). `NOT SOUNDS LIKE`, which MariaDB refuses as a syntax error, stays refused.
    #[test]
    fn mysql_mod_binary_and_sounds_like_are_read() {
        let my = MySqlDialect {};
        let cols = |text: &str| check_expression_with(&my, text, true);
        assert_eq!(cols("a MOD 2 = 0").unwrap(), vec!["a"]);
        assert_eq!(cols("(a + 1) MOD 2 = 0 AND b > 1").unwrap(), vec!["a", "b"]);
        assert_eq!(cols("a MOD (b) = 0").unwrap(), vec!["a", "b"]);
        assert_eq!(cols("MOD(a, 2) = 0").unwrap(), vec!["a"]);
        assert_eq!(cols("NOT MOD(a, 2) = 0").unwrap(), vec!["a"]);
        assert_eq!(
            cols("BINARY code = UPPER(code)").unwrap(),
            vec!["code", "code"]
        );
        assert_eq!(cols("BINARY 'X' = code").unwrap(), vec!["code"]);
        assert_eq!(
            cols("CAST(code AS BINARY) = UPPER(code)").unwrap(),
            vec!["code", "code"]
        );
        assert_eq!(cols("name SOUNDS LIKE 'x'").unwrap(), vec!["name"]);
        assert_eq!(cols("BINARY code SOUNDS LIKE 'x'").unwrap(), vec!["code"]);
        assert_eq!(cols("NOT name SOUNDS LIKE 'x'").unwrap(), vec!["name"]);
        assert_eq!(cols("sounds LIKE 'x'").unwrap(), vec!["sounds"]);
        assert!(cols("name NOT SOUNDS LIKE 'x'").is_err());
        // PostgreSQL has none of them.
        let pg = PostgreSqlDialect {};
        assert!(check_expression(&pg, "a MOD 2 = 0").is_err());
        assert!(check_expression(&pg, "name SOUNDS LIKE 'x'").is_err());
    }

    /// The unit of TIMESTAMPDIFF / TIMESTAMPADD and GET_FORMAT's first word are keywords, not
    /// columns (a user trial had `TIMESTAMPDIFF(DAY, birth_date, placed_at) >= 0` refused as
    /// UNKNOWN_COLUMN 'DAY'; MariaDB 10.11 takes it in a CHECK, and refuses the unit quoted).
    #[test]
    fn date_units_are_no_columns() {
        let my = MySqlDialect {};
        let cols = |text: &str| check_expression_with(&my, text, true).unwrap();
        assert_eq!(
            cols("TIMESTAMPDIFF(DAY, birth_date, placed_at) >= 0"),
            vec!["birth_date", "placed_at"]
        );
        assert_eq!(
            cols("timestampdiff(sql_tsi_month, a, b) >= 0"),
            vec!["a", "b"]
        );
        assert_eq!(cols("TIMESTAMPADD(HOUR, 1, a) > a"), vec!["a", "a"]);
        assert_eq!(cols("DATE_ADD(a, INTERVAL 1 DAY) > a"), vec!["a", "a"]);
        assert_eq!(cols("EXTRACT(YEAR FROM a) > 1900"), vec!["a"]);
        assert_eq!(cols("GET_FORMAT(DATE, 'EUR') <> code"), vec!["code"]);
        // A quoted unit is a name (and a syntax error on MariaDB); an unknown word is a name.
        assert_eq!(
            cols("TIMESTAMPDIFF(`day`, a, b) >= 0"),
            vec!["day", "a", "b"]
        );
        assert_eq!(
            cols("TIMESTAMPDIFF(days, a, b) >= 0"),
            vec!["days", "a", "b"]
        );
    }

    /// The user trial's CHECKs, end to end: the MySQL migration is valid, passes the self-check
    /// and keeps each CHECK as written (the rewrite is for the parse only). Its CREATE TABLE ran
    /// on MariaDB 10.11, which then refused a row with an odd `a` (CONSTRAINT `c_mod` failed).
    #[test]
    fn the_trial_checks_generate_for_mysql() {
        let spec = serde_json::json!({
            "databaseType": "mysql", "now": "2026-02-09T12:00:00Z", "description": "trial", "timestamps": false,
            "tables": [{ "name": "orders", "primaryKey": ["id"], "columns": [
                { "name": "id", "type": "INTEGER", "nullable": false },
                { "name": "a", "type": "INTEGER", "nullable": false },
                { "name": "code", "type": "VARCHAR", "length": 20, "nullable": false },
                { "name": "name", "type": "VARCHAR", "length": 20, "nullable": false },
                { "name": "birth_date", "type": "DATE", "nullable": false },
                { "name": "placed_at", "type": "TIMESTAMP", "nullable": false }
              ],
              "checkConstraints": [
                { "name": "c_mod", "expression": "a MOD 2 = 0" },
                { "name": "c_bin", "expression": "BINARY code = UPPER(code)" },
                { "name": "c_snd", "expression": "name SOUNDS LIKE 'x' OR a > 0" },
                { "name": "c_tsd", "expression": "TIMESTAMPDIFF(DAY, birth_date, placed_at) >= 0" },
                { "name": "c_week", "expression": "WEEK(birth_date, 3) > 0" }
              ]}]
        });
        let r = crate::generate_str(&spec.to_string());
        assert!(r.validation.valid, "{:?}", r.validation.errors);
        for written in [
            "CHECK (a MOD 2 = 0)",
            "CHECK (BINARY code = UPPER(code))",
            "CHECK (name SOUNDS LIKE 'x' OR a > 0)",
            "CHECK (TIMESTAMPDIFF(DAY, birth_date, placed_at) >= 0)",
        ] {
            assert!(
                r.up_migration.contains(written),
                "{written}: {}",
                r.up_migration
            );
        }
        let week = spec
            .to_string()
            .replace("WEEK(birth_date, 3)", "WEEK(birth_date)");
        let r = crate::generate_str(&week);
        assert!(!r.validation.valid);
        assert!(
            r.validation
                .errors
                .iter()
                .any(|e| e.code == crate::report::Code::InvalidCheckExpression
                    && e.message.contains("default_week_format")),
            "{:?}",
            r.validation.errors
        );
    }
}
