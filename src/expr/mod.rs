//! Checks a user's SQL expression (CHECK constraint, `{ expression }` default, partial-index
//! predicate) with the dialect's parser: exactly one expression, no statement separator, no comment,
//! no subquery. Returns the column names it refers to, so callers can check they exist.

use sqlparser::ast::{
    visit_expressions, visit_expressions_mut, BinaryOperator, CastKind, DataType, Expr, Function,
    FunctionArguments, InTarget, UnaryOperator, Value,
};
use sqlparser::dialect::Dialect as ParserDialect;
use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;
use std::ops::ControlFlow;
use text_screen::refuse_text;
use token_screen::{screened_tokens, too_deep};

mod text_screen;
mod token_screen;

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

/// Whether the function `name` (lowercase, as `volatile_name` gives it) answers about the
/// connection or the server (the user, the database, the version, the last insert): the same
/// from call to call within a session, but not a property of the row.
fn of_the_connection(name: &str) -> bool {
    matches!(
        name,
        "user"
            | "current_user"
            | "session_user"
            | "system_user"
            | "database"
            | "schema"
            | "current_database"
            | "current_schema"
            | "connection_id"
            | "pg_backend_pid"
            | "version"
            | "last_insert_id"
            | "found_rows"
            | "row_count"
            | "inet_client_addr"
    )
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
    /// The operators it uses that came to SQLite after 3.35 (`->`, `->>`, `is distinct from`,
    /// `is not distinct from`), each once, for [`crate::builtin_functions::sqlite_since`].
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
    if dialect.is::<SQLiteDialect>() {
        crate::quick_tokens::sqlite_operators_for_parse(&mut tokens);
    }
    let mut parser = Parser::new(dialect)
        .with_recursion_limit(64)
        .with_tokens_with_locations(tokens);
    let expr = parser.parse_expr().map_err(|e| match e {
        sqlparser::parser::ParserError::RecursionLimitExceeded => too_deep(),
        e => ExprError(format!("it does not parse as an expression: {e}")),
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
    let flow = visit_expressions(&expr, |e| {
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
    if let Some(message) = volatile {
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

/// A blob literal `X'…'` that MySQL and SQLite refuse ("unrecognized token", a syntax error):
/// an odd number of hex digits, or a character that is not one. sqlparser takes any text
/// there. (PostgreSQL reads `X'…'` as a bit string, refused by [`not_in_postgres`].)
fn odd_blob_literal(e: &Expr) -> Option<&'static str> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::HexStringLiteral(h)
                if h.len() % 2 == 1 || !h.bytes().all(|b| b.is_ascii_hexdigit()) =>
            {
                Some("a blob literal X'…' that is not an even number of hex digits (0-9, a-f), which the database refuses")
            }
            _ => None,
        },
        _ => None,
    }
}

/// What in `e` MySQL does not have, if anything (PostgreSQL's syntax, which sqlparser also
/// reads for MySQL).
fn not_in_mysql(e: &Expr) -> Option<&'static str> {
    use BinaryOperator::*;
    match e {
        Expr::ILike { .. } => {
            Some("ILIKE, which MySQL does not have (LIKE follows the column's collation)")
        }
        Expr::SimilarTo { .. } => Some("SIMILAR TO, which MySQL does not have (write REGEXP)"),
        Expr::IsDistinctFrom(..) | Expr::IsNotDistinctFrom(..) => {
            Some("IS [NOT] DISTINCT FROM, which MySQL does not have (write <=>)")
        }
        Expr::Array(_) | Expr::AnyOp { .. } | Expr::AllOp { .. } => {
            Some("an ARRAY, ANY or ALL, which MySQL does not have")
        }
        Expr::UnaryOp { op, .. }
            if !matches!(
                op,
                UnaryOperator::Plus
                    | UnaryOperator::Minus
                    | UnaryOperator::Not
                    | UnaryOperator::BitwiseNot
            ) =>
        {
            Some("a PostgreSQL operator, which MySQL does not have")
        }
        Expr::BinaryOp { op, .. }
            if !matches!(
                op,
                Plus | Minus
                    | Multiply
                    | Divide
                    | Modulo
                    | Gt
                    | Lt
                    | GtEq
                    | LtEq
                    | Eq
                    | NotEq
                    | And
                    | Or
                    | Xor
                    | BitwiseOr
                    | BitwiseAnd
                    | BitwiseXor
                    | MyIntegerDivide
                    | Spaceship
                    | PGBitwiseShiftLeft
                    | PGBitwiseShiftRight
                    | Arrow
                    | LongArrow
            ) =>
        {
            if *op == StringConcat {
                Some("||, which is OR in MySQL, not concatenation (write CONCAT(a, b))")
            } else {
                Some("an operator MySQL does not have (~ and ~* are PostgreSQL's; write REGEXP: s REGEXP 'x' for s ~ 'x', NOT (s REGEXP 'x') for s !~ 'x')")
            }
        }
        Expr::Function(f) => foreign_function(f, false),
        _ => None,
    }
}

/// A function another database has and this one does not (`postgres`: PostgreSQL, otherwise
/// MySQL), named with what to write instead. SQLite's come with specs pulled from a SQLite
/// database (Drizzle's `DEFAULT (unixepoch())`); MySQL's and PostgreSQL's with a spec written
/// for the other. Each absence checked on PostgreSQL 15 (pg_proc) and MariaDB 10.11 ("function
/// … does not exist", error 1305); none of the MySQL 8.0 manual's built-in functions is listed
/// as missing from MySQL.
fn foreign_function(f: &Function, postgres: bool) -> Option<&'static str> {
    if f.name.0.len() != 1 {
        return None;
    }
    let ident = f.name.0[0].as_ident()?;
    // PostgreSQL reads a type's name called on one value as a cast: `uuid('…')` is one.
    let has_arguments = matches!(&f.args, FunctionArguments::List(l) if !l.args.is_empty());
    if has_arguments && ident.value.eq_ignore_ascii_case("uuid") {
        return None;
    }
    FOREIGN_FUNCTIONS
        .iter()
        .find(|(name, lacks, _)| {
            ident.value.eq_ignore_ascii_case(name) && lacks.is_none_or(|pg| pg == postgres)
        })
        .map(|(_, _, say)| *say)
}

/// (function, the database that lacks it — `Some(true)` PostgreSQL, `Some(false)` MySQL,
/// `None` both — and what to say).
const FOREIGN_FUNCTIONS: &[(&str, Option<bool>, &str)] = &[
    // SQLite's.
    ("unixepoch", Some(true), "unixepoch(), which is SQLite's (write extract(epoch from now())::bigint)"),
    ("unixepoch", Some(false), "unixepoch(), which is SQLite's (write UNIX_TIMESTAMP())"),
    ("datetime", None, "datetime(), which is SQLite's (write CURRENT_TIMESTAMP)"),
    ("julianday", None, "julianday(), which is SQLite's"),
    ("strftime", None, "strftime(), which is SQLite's"),
    ("randomblob", None, "randomblob(), which is SQLite's"),
    ("zeroblob", None, "zeroblob(), which is SQLite's"),
    ("iif", Some(true), "iif(), which is SQLite's (write CASE WHEN … THEN … ELSE … END)"),
    ("iif", Some(false), "iif(), which is SQLite's (write IF(condition, a, b))"),
    ("ifnull", Some(true), "ifnull(), which PostgreSQL does not have (write coalesce(a, b))"),
    ("typeof", Some(true), "typeof(), which is SQLite's (PostgreSQL has pg_typeof())"),
    ("typeof", Some(false), "typeof(), which is SQLite's"),
    ("printf", None, "printf(), which is SQLite's (write format() on PostgreSQL, CONCAT() on MySQL)"),
    ("glob", None, "glob(), which is SQLite's (write LIKE)"),
    ("likely", None, "likely(), which is SQLite's (leave it out: it only tells the planner)"),
    ("unlikely", None, "unlikely(), which is SQLite's (leave it out: it only tells the planner)"),
    ("likelihood", None, "likelihood(), which is SQLite's (leave it out: it only tells the planner)"),
    ("total", None, "total(), which is SQLite's"),
    // MySQL's, which PostgreSQL does not have.
    ("json_valid", Some(true), "json_valid(), which is MySQL's (a json or jsonb column refuses text that is not JSON by itself)"),
    ("uuid", Some(true), "uuid(), which is MySQL's (write gen_random_uuid())"),
    ("uuid_short", Some(true), "uuid_short(), which is MySQL's (write gen_random_uuid())"),
    ("curdate", Some(true), "curdate(), which is MySQL's (write CURRENT_DATE)"),
    ("curtime", Some(true), "curtime(), which is MySQL's (write CURRENT_TIME)"),
    ("unix_timestamp", Some(true), "unix_timestamp(), which is MySQL's (write extract(epoch from now())::bigint)"),
    ("from_unixtime", Some(true), "from_unixtime(), which is MySQL's (write to_timestamp())"),
    ("date_format", Some(true), "date_format(), which is MySQL's (write to_char())"),
    ("str_to_date", Some(true), "str_to_date(), which is MySQL's (write to_date() or to_timestamp())"),
    ("datediff", Some(true), "datediff(), which is MySQL's (subtract the dates: a - b)"),
    ("timestampdiff", Some(true), "timestampdiff(), which is MySQL's (write extract(epoch from a - b))"),
    ("instr", Some(true), "instr(), which is MySQL's (write strpos(text, part))"),
    ("locate", Some(true), "locate(), which is MySQL's (write strpos(text, part))"),
    ("lcase", Some(true), "lcase(), which is MySQL's (write lower())"),
    ("ucase", Some(true), "ucase(), which is MySQL's (write upper())"),
    ("mid", Some(true), "mid(), which is MySQL's (write substr())"),
    ("if", Some(true), "IF(), which is MySQL's (write CASE WHEN … THEN … ELSE … END)"),
    ("isnull", Some(true), "isnull(), which is MySQL's (write x IS NULL)"),
    ("json_extract", Some(true), "json_extract(), which is MySQL's (write column -> 'key' or column ->> 'key')"),
    ("json_unquote", Some(true), "json_unquote(), which is MySQL's (write column ->> 'key')"),
    ("json_contains", Some(true), "json_contains(), which is MySQL's (write the jsonb operator @>)"),
    ("json_length", Some(true), "json_length(), which is MySQL's (for an array, write jsonb_array_length() on jsonb or json_array_length() on json)"),
    ("find_in_set", Some(true), "find_in_set(), which is MySQL's"),
    ("last_insert_id", Some(true), "last_insert_id(), which is MySQL's (write lastval())"),
    // More of MySQL's, none of them in PostgreSQL 15's pg_proc (checked there; `char(65)` is a
    // syntax error, CHAR being a type's key word).
    ("rand", Some(true), "rand(), which is MySQL's (write random())"),
    ("hex", Some(true), "hex(), which is MySQL's (write to_hex(n) for a number, encode(x::bytea, 'hex') for text)"),
    ("unhex", Some(true), "unhex(), which is MySQL's (write decode(x, 'hex'))"),
    ("char", Some(true), "char(), which is MySQL's (write chr(n))"),
    ("ord", Some(true), "ord(), which is MySQL's (write ascii())"),
    ("space", Some(true), "space(), which is MySQL's (write repeat(' ', n))"),
    ("year", Some(true), "year(), which is MySQL's (write extract(year FROM x))"),
    ("month", Some(true), "month(), which is MySQL's (write extract(month FROM x))"),
    ("day", Some(true), "day(), which is MySQL's (write extract(day FROM x))"),
    ("dayofmonth", Some(true), "dayofmonth(), which is MySQL's (write extract(day FROM x))"),
    ("dayofweek", Some(true), "dayofweek(), which is MySQL's (write extract(dow FROM x) + 1)"),
    ("dayofyear", Some(true), "dayofyear(), which is MySQL's (write extract(doy FROM x))"),
    ("weekday", Some(true), "weekday(), which is MySQL's (write extract(isodow FROM x) - 1)"),
    ("hour", Some(true), "hour(), which is MySQL's (write extract(hour FROM x))"),
    ("minute", Some(true), "minute(), which is MySQL's (write extract(minute FROM x))"),
    ("second", Some(true), "second(), which is MySQL's (write extract(second FROM x))"),
    ("quarter", Some(true), "quarter(), which is MySQL's (write extract(quarter FROM x))"),
    ("date_add", Some(true), "date_add(), which is MySQL's (write x + interval '1 day')"),
    ("adddate", Some(true), "adddate(), which is MySQL's (write x + interval '1 day')"),
    ("date_sub", Some(true), "date_sub(), which is MySQL's (write x - interval '1 day')"),
    ("subdate", Some(true), "subdate(), which is MySQL's (write x - interval '1 day')"),
    ("last_day", Some(true), "last_day(), which is MySQL's (write (date_trunc('month', x) + interval '1 month - 1 day')::date)"),
    ("substring_index", Some(true), "substring_index(), which is MySQL's (write split_part())"),
    ("truncate", Some(true), "truncate(), which is MySQL's (write trunc(x, n))"),
    ("log2", Some(true), "log2(), which is MySQL's (write log(2, x))"),
    ("sha1", Some(true), "sha1(), which is MySQL's (write encode(sha256(x::bytea), 'hex'), or digest() from pgcrypto)"),
    ("sha2", Some(true), "sha2(), which is MySQL's (write encode(sha256(x::bytea), 'hex'))"),
    ("crc32", Some(true), "crc32(), which is MySQL's"),
    ("strcmp", Some(true), "strcmp(), which is MySQL's (compare with <, = and >)"),
    ("to_base64", Some(true), "to_base64(), which is MySQL's (write encode(x::bytea, 'base64'))"),
    ("from_base64", Some(true), "from_base64(), which is MySQL's (write decode(x, 'base64'))"),
    ("json_type", Some(true), "json_type(), which is MySQL's (write json_typeof() or jsonb_typeof())"),
    ("json_keys", Some(true), "json_keys(), which is MySQL's (write jsonb_object_keys())"),
    ("json_array", Some(true), "json_array(), which is MySQL's in PostgreSQL 15 (write json_build_array())"),
    ("time_to_sec", Some(true), "time_to_sec(), which is MySQL's (write extract(epoch FROM x))"),
    ("to_days", Some(true), "to_days(), which is MySQL's (subtract the dates: a - b)"),
    ("convert_tz", Some(true), "convert_tz(), which is MySQL's (write x AT TIME ZONE zone)"),
    // PostgreSQL's, which MySQL does not have.
    ("gen_random_uuid", Some(false), "gen_random_uuid(), which is PostgreSQL's (write UUID())"),
    ("uuid_generate_v4", Some(false), "uuid_generate_v4(), which is PostgreSQL's (write UUID())"),
    ("random", Some(false), "random(), which is PostgreSQL's (write RAND())"),
    ("clock_timestamp", Some(false), "clock_timestamp(), which is PostgreSQL's (write CURRENT_TIMESTAMP)"),
    ("statement_timestamp", Some(false), "statement_timestamp(), which is PostgreSQL's (write CURRENT_TIMESTAMP)"),
    ("transaction_timestamp", Some(false), "transaction_timestamp(), which is PostgreSQL's (write CURRENT_TIMESTAMP)"),
    ("timeofday", Some(false), "timeofday(), which is PostgreSQL's (write CURRENT_TIMESTAMP)"),
    ("date_trunc", Some(false), "date_trunc(), which is PostgreSQL's (write DATE() or DATE_FORMAT())"),
    ("date_part", Some(false), "date_part(), which is PostgreSQL's (write EXTRACT(field FROM value))"),
    ("age", Some(false), "age(), which is PostgreSQL's (write TIMESTAMPDIFF())"),
    ("to_timestamp", Some(false), "to_timestamp(), which is PostgreSQL's (write FROM_UNIXTIME() or STR_TO_DATE())"),
    ("to_date", Some(false), "to_date(), which is PostgreSQL's (write STR_TO_DATE())"),
    ("to_number", Some(false), "to_number(), which is PostgreSQL's (write CAST(x AS DECIMAL(p,s)))"),
    ("make_date", Some(false), "make_date(), which is PostgreSQL's (write STR_TO_DATE(CONCAT(y, '-', m, '-', d), '%Y-%m-%d'))"),
    ("make_timestamp", Some(false), "make_timestamp(), which is PostgreSQL's (write STR_TO_DATE())"),
    ("split_part", Some(false), "split_part(), which is PostgreSQL's (write SUBSTRING_INDEX())"),
    ("btrim", Some(false), "btrim(), which is PostgreSQL's (write TRIM())"),
    ("strpos", Some(false), "strpos(), which is PostgreSQL's (write LOCATE(part, text))"),
    ("initcap", Some(false), "initcap(), which is PostgreSQL's"),
    ("starts_with", Some(false), "starts_with(), which is PostgreSQL's (write x LIKE 'prefix%')"),
    ("regexp_match", Some(false), "regexp_match(), which is PostgreSQL's (write x REGEXP 'pattern', or REGEXP_SUBSTR())"),
    ("regexp_matches", Some(false), "regexp_matches(), which is PostgreSQL's (write x REGEXP 'pattern')"),
    ("string_to_array", Some(false), "string_to_array(), which is PostgreSQL's (MySQL has no arrays)"),
    ("array_to_string", Some(false), "array_to_string(), which is PostgreSQL's (MySQL has no arrays)"),
    ("array_length", Some(false), "array_length(), which is PostgreSQL's (MySQL has no arrays)"),
    ("cardinality", Some(false), "cardinality(), which is PostgreSQL's (MySQL has no arrays)"),
    ("json_typeof", Some(false), "json_typeof(), which is PostgreSQL's (write JSON_TYPE())"),
    ("jsonb_typeof", Some(false), "jsonb_typeof(), which is PostgreSQL's (write JSON_TYPE())"),
    ("json_array_length", Some(false), "json_array_length(), which is PostgreSQL's (write JSON_LENGTH())"),
    ("jsonb_array_length", Some(false), "jsonb_array_length(), which is PostgreSQL's (write JSON_LENGTH())"),
    ("pg_typeof", Some(false), "pg_typeof(), which is PostgreSQL's"),
    // MySQL's own, for INSERT … ON DUPLICATE KEY UPDATE only: MariaDB 10.11 reads VALUES(v) in a
    // CHECK as a syntax error and refuses VALUE(v) (error 1901), and VALUES(v) in a default too.
    ("values", Some(false), "VALUES(), which MySQL reads only in INSERT … ON DUPLICATE KEY UPDATE (compare the column itself)"),
    ("value", Some(false), "VALUE(), which MySQL reads only in INSERT … ON DUPLICATE KEY UPDATE (compare the column itself)"),
];

/// What in `e` PostgreSQL does not have, if anything (MySQL's syntax, which sqlparser also
/// reads for PostgreSQL).
fn not_in_postgres(e: &Expr) -> Option<&'static str> {
    use BinaryOperator::*;
    match e {
        Expr::RLike { .. } => Some("REGEXP/RLIKE, which PostgreSQL does not have (write ~)"),
        Expr::MatchAgainst { .. } => Some("MATCH … AGAINST, which PostgreSQL does not have"),
        Expr::BinaryOp {
            op: Xor | Spaceship | MyIntegerDivide | DuckIntegerDivide,
            ..
        } => Some("an operator PostgreSQL does not have (XOR, <=>, DIV are MySQL's)"),
        Expr::Function(f) => foreign_function(f, true),
        Expr::UnaryOp {
            op: UnaryOperator::PGPostfixFactorial | UnaryOperator::PGPrefixFactorial,
            ..
        } => Some("the factorial operators ! and !!, which PostgreSQL 14 removed (write factorial(n))"),
        // SQLite's blob literal (a pulled `BLOB DEFAULT x'00'`): PostgreSQL reads it as a bit
        // string, which a BYTEA column refuses ("default expression is of type bit").
        Expr::Value(v) if matches!(v.value, Value::HexStringLiteral(_)) => Some(
            "X'…', which PostgreSQL reads as a bit string, not bytes (write '\\x00'::bytea or decode('00', 'hex'))",
        ),
        _ => None,
    }
}

/// Functions whose result changes between calls or with the session: MySQL refuses them in a
/// CHECK, PostgreSQL in a partial index's WHERE (which takes IMMUTABLE functions only).
const VOLATILE: &[&str] = &[
    "clock_timestamp",
    "connection_id",
    "curdate",
    "current_date",
    "current_time",
    "current_timestamp",
    "current_user",
    "currval",
    "curtime",
    "database",
    "found_rows",
    "gen_random_uuid",
    "last_insert_id",
    "lastval",
    "localtime",
    "localtimestamp",
    "nextval",
    "now",
    "rand",
    "random",
    "row_count",
    "session_user",
    "setval",
    "statement_timestamp",
    "sysdate",
    "system_user",
    "timeofday",
    "to_char",
    "transaction_timestamp",
    "unix_timestamp",
    "user",
    "utc_date",
    "utc_time",
    "utc_timestamp",
    "uuid",
    "uuid_generate_v4",
    "uuid_short",
    "version",
];

/// The text of the expression `text` when it is nothing but a string literal (`'abc'`, or
/// `('abc')`): such a default is the string, and must fit the column as a string default does.
pub fn as_string_literal(dialect: &dyn ParserDialect, text: &str) -> Option<String> {
    match unnested(parse_short(dialect, text)?) {
        Expr::Value(v) => match v.value {
            Value::SingleQuotedString(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

/// Whether the expression `text` is one constant value other than NULL: a literal (`'x'`,
/// `42`, `-1.5`, `TRUE`), perhaps in parentheses, cast (`'x'::text`) or typed
/// (`DATE '2024-01-01'`). As a default it gives every row the same value, as a string or number
/// default does, where a call (`gen_random_uuid()`) may give each row its own.
pub fn is_one_literal(dialect: &dyn ParserDialect, text: &str) -> bool {
    fn number(e: &Expr) -> bool {
        match e {
            Expr::Nested(inner) => number(inner),
            Expr::Value(v) => matches!(v.value, Value::Number(..)),
            _ => false,
        }
    }
    fn constant(e: &Expr) -> bool {
        match e {
            Expr::Nested(inner) => constant(inner),
            Expr::Value(v) => !matches!(v.value, Value::Null),
            Expr::UnaryOp {
                op: UnaryOperator::Minus | UnaryOperator::Plus,
                expr,
            } => number(expr),
            Expr::Cast { expr, .. } => constant(expr),
            Expr::TypedString(_) => true,
            _ => false,
        }
    }
    parse_short(dialect, text).is_some_and(|e| constant(&e))
}

/// Whether the expression `text` is NULL: the literal, perhaps in parentheses or cast
/// (`CAST(NULL AS INT)`, `NULL::text`). As a default it gives every row NULL.
pub fn is_null_literal(dialect: &dyn ParserDialect, text: &str) -> bool {
    fn null(e: &Expr) -> bool {
        match e {
            Expr::Nested(inner) => null(inner),
            Expr::Value(v) => matches!(v.value, Value::Null),
            Expr::Cast { expr, .. } => null(expr),
            _ => false,
        }
    }
    parse_short(dialect, text).is_some_and(|e| null(&e))
}

/// The name (lower case) of the function `text` is exactly one call of, when it is one: a name
/// of one part directly followed by its parentheses (`now()`, `datetime('now')`,
/// `gen_random_uuid()`), or one of the SQL clock words that are calls without them
/// (`current_date`, `localtimestamp`, any case), reading no column. `None` for other text, so
/// that words in parentheses (`hello (world)`, `max(a)`) are not taken for calls. Whether the
/// database has such a function is the caller's question.
pub fn as_one_call(dialect: &dyn ParserDialect, text: &str) -> Option<String> {
    const CLOCK_WORDS: &[&str] = &[
        "current_date",
        "current_time",
        "current_timestamp",
        "localtime",
        "localtimestamp",
    ];
    let text = text.trim();
    let word_end = text
        .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
        .unwrap_or(text.len());
    let word = text[..word_end].to_ascii_lowercase();
    let bare_clock = word_end == text.len() && CLOCK_WORDS.contains(&word.as_str());
    if word.is_empty()
        || word.starts_with(|ch: char| ch.is_ascii_digit())
        || !(bare_clock || text[word_end..].starts_with('('))
    {
        return None;
    }
    let Expr::Function(f) = parse_short(dialect, text)? else {
        return None;
    };
    let [part] = f.name.0.as_slice() else {
        return None;
    };
    let name = part.as_ident()?.value.to_ascii_lowercase();
    let references = check_expression_references(dialect, text).ok()?;
    (name == word && references.idents.is_empty()).then_some(name)
}

/// `text` parsed as one expression (nesting kept), or `None` where it does not parse.
pub(crate) fn parse_short(dialect: &dyn ParserDialect, text: &str) -> Option<Expr> {
    let tokens = crate::quick_tokens::tokenize(dialect, text).ok()?;
    Parser::new(dialect)
        .with_recursion_limit(64)
        .with_tokens_with_locations(tokens)
        .parse_expr()
        .ok()
}

/// `text` parsed as exactly one expression of `dialect` (nesting kept), with the tokens it was
/// read from (spaces and comments among them); `None` where it does not parse or anything but
/// spaces and comments follows the expression.
pub(crate) fn parse_whole(dialect: &dyn ParserDialect, text: &str) -> Option<(Expr, Vec<Token>)> {
    let tokens = crate::quick_tokens::tokenize(dialect, text).ok()?;
    let read: Vec<Token> = tokens.iter().map(|t| t.token.clone()).collect();
    let mut parser = Parser::new(dialect)
        .with_recursion_limit(64)
        .with_tokens_with_locations(tokens);
    let expr = parser.parse_expr().ok()?;
    (parser.peek_token().token == Token::EOF).then_some((expr, read))
}

/// An expression in one spelling, to compare two: as the parser writes it back (its own spacing
/// and keywords' case, no parentheses around the whole), each `IN` / `NOT IN` list of constants
/// in one order (`status IN ('b', 'a')` is the rule `status IN ('a', 'b')` is: a CHECK whose list
/// was only reordered is not dropped and added again, every row checked anew), or with its
/// spacing collapsed where it does not parse.
pub fn canonical(dialect: &dyn ParserDialect, text: &str) -> String {
    match parse_short(dialect, text) {
        Some(mut e) => {
            let _ = visit_expressions_mut(&mut e, |x| {
                if let Expr::In {
                    target: InTarget::List(list),
                    ..
                } = x
                {
                    if list.iter().all(constant) {
                        list.sort_by_cached_key(|c| c.to_string());
                    }
                }
                ControlFlow::<()>::Continue(())
            });
            unnested(e).to_string()
        }
        None => text.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// Whether `e` is a constant written out: a literal, signed or in parentheses.
fn constant(e: &Expr) -> bool {
    match e {
        Expr::Value(_) => true,
        Expr::Nested(inner) => constant(inner),
        Expr::UnaryOp {
            op: UnaryOperator::Minus | UnaryOperator::Plus,
            expr,
        } => constant(expr),
        _ => false,
    }
}

/// `expr` without the parentheses around it.
fn unnested(mut expr: Expr) -> Expr {
    while let Expr::Nested(inner) = expr {
        expr = *inner;
    }
    expr
}

/// Functions whose result depends on the session or changes between calls in PostgreSQL, which
/// it refuses in a partial index's WHERE ("functions in index predicate must be marked
/// IMMUTABLE", each checked on PostgreSQL 15 over the spec's column types: `to_date`,
/// `to_number`, `format` and `concat` follow session settings, `age` and `timezone` the time
/// or time zone, `to_json`, `to_jsonb`, `row_to_json` and the `json_build_*` functions are
/// STABLE (a date in them follows DateStyle); `age(a, b)` of two timestamps is IMMUTABLE, and
/// taken).
const VOLATILE_POSTGRES: &[&str] = &[
    "age",
    "concat",
    "concat_ws",
    "current_catalog",
    "current_database",
    "current_query",
    "current_schema",
    "current_schemas",
    "current_setting",
    "format",
    "inet_client_addr",
    "inet_client_port",
    "inet_server_addr",
    "inet_server_port",
    "json_build_array",
    "json_build_object",
    "jsonb_build_array",
    "jsonb_build_object",
    "make_timestamptz",
    "pg_backend_pid",
    "pg_conf_load_time",
    "pg_current_snapshot",
    "pg_current_xact_id",
    "pg_postmaster_start_time",
    "pg_trigger_depth",
    "pg_typeof",
    "row_to_json",
    "setseed",
    "timezone",
    "to_date",
    "to_json",
    "to_jsonb",
    "to_number",
    "txid_current",
    "txid_current_if_assigned",
    "txid_current_snapshot",
];

/// Functions MariaDB refuses in a CHECK ("Function or expression … cannot be used in the CHECK
/// clause", error 1901, or "CHECK does not support … stored functions", error 1970; each
/// checked on MariaDB 10.11): locks, files, sleeps, the server and session, and date formatting
/// that follows `lc_time_names` or the session's time zone.
const VOLATILE_MYSQL: &[&str] = &[
    "current_role",
    "date_format",
    "dayname",
    "from_unixtime",
    "get_lock",
    "is_free_lock",
    "is_used_lock",
    "master_gtid_wait",
    "master_pos_wait",
    "monthname",
    "name_const",
    "random_bytes",
    "release_all_locks",
    "release_lock",
    "schema",
    "sys_guid",
];

/// The name of `f` when it is one of [`VOLATILE`], or of the dialect's own list
/// ([`VOLATILE_MYSQL`], [`VOLATILE_POSTGRES`]).
fn volatile_name(
    f: &Function,
    mysql: bool,
    postgres: bool,
    column: Option<&crate::condition::ColumnTypes>,
) -> Option<String> {
    // The name as the database looks it up: `now`() on MySQL and "now"() on PostgreSQL call
    // now() (MariaDB 10.11 and MySQL 9.7 refuse `now`() in a CHECK as they refuse now()).
    let name = match f.name.0.last()?.as_ident() {
        Some(ident) => ident.value.to_ascii_lowercase(),
        None => f.name.0.last()?.to_string().to_ascii_lowercase(),
    };
    let arguments = match &f.args {
        FunctionArguments::List(list) => &list.args[..],
        _ => &[],
    };
    // A DATE column, which age(a, b) reads as timestamptz (a STABLE cast) when no argument is a
    // timestamp.
    let is_date = |a: &sqlparser::ast::FunctionArg| {
        let mut e = match a {
            sqlparser::ast::FunctionArg::Unnamed(sqlparser::ast::FunctionArgExpr::Expr(e)) => e,
            _ => return false,
        };
        while let Expr::Nested(inner) = e {
            e = inner;
        }
        matches!((e, column), (Expr::Identifier(i), Some(column))
            if column(&i.value.to_ascii_lowercase()) == Some(crate::spec::ColumnType::Date))
    };
    // On PostgreSQL, uuid(x) is the cast to uuid and age(a, b) of two timestamps is IMMUTABLE;
    // uuid() (MySQL's), age(x) (from today) and age(date, date) change.
    if postgres
        && ((name == "uuid" && !arguments.is_empty())
            || (name == "age" && arguments.len() == 2 && !arguments.iter().all(is_date)))
    {
        return None;
    }
    // Text search with one argument reads the session's default_text_search_config (STABLE);
    // with the configuration named first it is IMMUTABLE.
    if postgres && arguments.len() == 1 && TEXT_SEARCH.contains(&name.as_str()) {
        return Some(name);
    }
    // WEEK(x) reads the session's default_week_format (MariaDB 10.11 refuses it in a CHECK:
    // "Function or expression 'week()' cannot be used in the CHECK clause"); WEEK(x, mode) and
    // YEARWEEK(x), whose mode defaults to 0 whatever the session, it takes. Not checked on
    // MySQL 8.0 (no server here): its manual refuses nondeterministic functions in a CHECK, and
    // refusing what MariaDB refuses keeps the migration valid on both. UNIX_TIMESTAMP(x), which
    // MariaDB takes with a column argument (it reads time_zone), stays refused by VOLATILE.
    if mysql && name == "week" && arguments.len() == 1 {
        return Some(name);
    }
    let listed = |list: &[&str]| list.binary_search(&name.as_str()).is_ok();
    (listed(VOLATILE)
        || (mysql && listed(VOLATILE_MYSQL))
        || (postgres && listed(VOLATILE_POSTGRES))
        || (postgres && crate::pg_not_immutable::never_immutable(&name)))
    .then_some(name)
}

/// Whether `name` (lower case) is one of the lists of functions whose result changes that hold
/// for every database ([`VOLATILE`]) or PostgreSQL ([`VOLATILE_POSTGRES`]), which say more
/// about it than that PostgreSQL does not mark it IMMUTABLE.
fn listed_volatile(name: &str) -> bool {
    VOLATILE.binary_search(&name).is_ok() || VOLATILE_POSTGRES.binary_search(&name).is_ok()
}

/// Whether `e` casts an `ARRAY[…]` to a text type (`ARRAY['a']::text`), which PostgreSQL does
/// through the STABLE array_out.
fn postgres_array_as_text(e: &Expr) -> bool {
    let Expr::Cast {
        expr, data_type, ..
    } = e
    else {
        return false;
    };
    let mut inner = &**expr;
    while let Expr::Nested(x) = inner {
        inner = x;
    }
    matches!(inner, Expr::Array(_))
        && matches!(
            crate::engine_syntax::base_name(data_type).as_str(),
            "TEXT" | "VARCHAR" | "CHARACTER VARYING" | "CHAR" | "CHARACTER" | "BPCHAR" | "NAME"
        )
}

/// Why a call in `e` is refused on PostgreSQL (`postgres`) or MySQL wherever it stands, when it
/// reaches past the row to the server ([`crate::server_effects`]).
fn server_effect(e: &Expr, postgres: bool) -> Option<String> {
    let Expr::Function(f) = e else {
        return None;
    };
    let name = f.name.0.last()?.as_ident()?;
    crate::server_effects::refused(&name.value, postgres)
}

/// The text of the string literal `a` is, in parentheses or not (`'now'`, `('now')`).
fn string_argument(a: &sqlparser::ast::FunctionArg) -> Option<&str> {
    let sqlparser::ast::FunctionArg::Unnamed(sqlparser::ast::FunctionArgExpr::Expr(e)) = a else {
        return None;
    };
    let mut e = e;
    while let Expr::Nested(inner) = e {
        e = inner;
    }
    match e {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) => Some(s.as_str()),
            _ => None,
        },
        _ => None,
    }
}

/// A call of one of SQLite's date and time functions that reads the clock, through a time
/// value that is the moment (`'now'` in any case; `'subsec'` or `'subsecond'` from 3.42), no
/// time value at all (`date()`, `strftime('%Y')`), or a `'localtime'` or `'utc'` modifier.
struct ClockCall {
    /// The function, in lower case.
    name: String,
    /// How it reads the clock (`with 'now', which reads the clock`).
    how: String,
    /// The CHECK's rewrite (`write CURRENT_DATE`).
    write: String,
    /// Whether it reads the clock only through a `'localtime'` or `'utc'` modifier.
    local: bool,
}

/// The call `f` as a [`ClockCall`], when it is one.
fn sqlite_clock_reading(f: &Function) -> Option<ClockCall> {
    let name = match &f.name.0[..] {
        [part] => part.as_ident()?.value.to_ascii_lowercase(),
        _ => return None,
    };
    let arguments: &[sqlparser::ast::FunctionArg] = match &f.args {
        FunctionArguments::List(list) => &list.args,
        FunctionArguments::None => return None,
        FunctionArguments::Subquery(_) => return None,
    };
    // Where its time values are, and where its modifiers start.
    let (times, modifiers) = match name.as_str() {
        "date" | "time" | "datetime" | "julianday" | "unixepoch" => (0..1, 1),
        "strftime" => (1..2, 2),
        "timediff" => (0..2, 2),
        _ => return None,
    };
    let moment = |s: &str| {
        ["now", "subsec", "subsecond"]
            .iter()
            .any(|m| s.eq_ignore_ascii_case(m))
    };
    let local = arguments
        .iter()
        .skip(modifiers)
        .filter_map(string_argument)
        .find(|s| s.eq_ignore_ascii_case("localtime") || s.eq_ignore_ascii_case("utc"));
    let how = if let Some(modifier) = local {
        format!("with the modifier '{modifier}', which reads the machine's time zone")
    } else if arguments.len() <= times.start {
        "with no time value, which reads the clock".to_string()
    } else if let Some(s) = arguments
        .get(times)
        .into_iter()
        .flatten()
        .filter_map(string_argument)
        .find(|s| moment(s))
    {
        format!("with '{s}', which reads the clock")
    } else {
        return None;
    };
    let write = match (name.as_str(), arguments.len(), local) {
        (_, _, Some(_)) => {
            "write the rule over times kept in UTC, without 'localtime' or 'utc'".to_string()
        }
        ("date", 0 | 1, None) => "write CURRENT_DATE".to_string(),
        ("time", 0 | 1, None) => "write CURRENT_TIME".to_string(),
        ("datetime", 0 | 1, None) => "write CURRENT_TIMESTAMP".to_string(),
        ("strftime", _, None) => {
            "write CURRENT_TIMESTAMP as its time value, strftime(format, CURRENT_TIMESTAMP, …)"
                .to_string()
        }
        _ => format!("write CURRENT_TIMESTAMP as its time value, {name}(CURRENT_TIMESTAMP, …)"),
    };
    Some(ClockCall {
        name,
        how,
        write,
        local: local.is_some(),
    })
}

/// Why SQLite refuses the call `f` in a CHECK: a [`ClockCall`]. SQLite creates the table, then
/// refuses every row it checks the call for ("non-deterministic use of date() in a CHECK
/// constraint": the bundled SQLite 3.50, sql.js's 3.54 and the sqlite3 shell's 3.40), a
/// rebuild's copy of the rows included. It takes CURRENT_DATE, CURRENT_TIME and
/// CURRENT_TIMESTAMP there (read once per statement, as each row is written), and random():
/// those are not refused.
fn sqlite_clock_call(f: &Function) -> Option<String> {
    let ClockCall {
        name, how, write, ..
    } = sqlite_clock_reading(f)?;
    Some(format!(
        "it calls {name}() {how}: SQLite creates the table, then refuses every row written to it, a rebuild's copy of its rows included (non-deterministic use of {name}() in a CHECK constraint); it takes CURRENT_DATE, CURRENT_TIME and CURRENT_TIMESTAMP in a CHECK, read as each row is written ({write}, or enforce the rule in a trigger or in the application)"
    ))
}

/// SQLite's functions it marks non-deterministic, which it refuses in a partial index's WHERE
/// when the index is created ("non-deterministic functions prohibited in partial index WHERE
/// clauses", the bundled SQLite 3.50 and the sqlite3 shell's 3.40), CURRENT_DATE, CURRENT_TIME
/// and CURRENT_TIMESTAMP among them.
const SQLITE_NON_DETERMINISTIC: &[&str] = &[
    "changes",
    "current_date",
    "current_time",
    "current_timestamp",
    "last_insert_rowid",
    "random",
    "randomblob",
    "sqlite_compileoption_get",
    "sqlite_compileoption_used",
    "sqlite_source_id",
    "sqlite_version",
    "total_changes",
];

/// What to write instead of reading the clock in a partial index's WHERE.
const FIXED_MOMENT: &str = "write a fixed date or time, such as d >= '2026-01-01', and compare with the clock in the query's WHERE";

/// Why SQLite refuses the call `f` in a partial index's WHERE: one of
/// [`SQLITE_NON_DETERMINISTIC`], refused when the index is created, or a [`ClockCall`]: SQLite
/// creates the index, then refuses every row written to the table ("non-deterministic use of
/// date() in an index").
fn sqlite_refused_in_index(f: &Function) -> Option<String> {
    if let Some(ClockCall {
        name, how, local, ..
    }) = sqlite_clock_reading(f)
    {
        let write = if local {
            "write the condition over times kept in UTC, without 'localtime' or 'utc'"
        } else {
            FIXED_MOMENT
        };
        return Some(format!(
            "it calls {name}() {how}: SQLite creates the index, then refuses every row written to the table, a rebuild's copy of its rows included (non-deterministic use of {name}() in an index); it refuses CURRENT_DATE, CURRENT_TIME and CURRENT_TIMESTAMP in a partial index's WHERE too ({write})"
        ));
    }
    let name = match &f.name.0[..] {
        [part] => part.as_ident()?.value.to_ascii_lowercase(),
        _ => return None,
    };
    SQLITE_NON_DETERMINISTIC
        .binary_search(&name.as_str())
        .ok()?;
    let (call, write) = if name.starts_with("current_") {
        (format!("reads {}", name.to_ascii_uppercase()), FIXED_MOMENT)
    } else {
        (
            format!("calls {name}()"),
            "write a condition over the row's columns and constants",
        )
    };
    Some(format!(
        "it {call}, whose result is not the row's, which SQLite refuses in a partial index's WHERE when the index is created (non-deterministic functions prohibited in partial index WHERE clauses) ({write})"
    ))
}

/// Why MySQL refuses the function `name` in a CHECK, with what to write, when it is one that
/// reads a session setting rather than one whose result changes (MariaDB 10.11 says "Function or
/// expression 'week()' cannot be used in the CHECK clause", error 1901, for each; the MySQL 8.0
/// manual refuses nondeterministic functions in a CHECK).
fn mysql_session_reading(name: &str) -> Option<String> {
    let (setting, write) = match name {
        "week" => (
            "default_week_format",
            "write WEEK(x, mode) with the mode named, e.g. WEEK(x, 3)",
        ),
        "dayname" => ("lc_time_names", "write DAYOFWEEK(x) or WEEKDAY(x)"),
        "monthname" => ("lc_time_names", "write MONTH(x)"),
        "date_format" => (
            "lc_time_names",
            "compare the parts, YEAR(x), MONTH(x), DAY(x), or the date itself",
        ),
        "from_unixtime" => ("time_zone", "compare the number itself"),
        _ => return None,
    };
    let called = if name == "week" {
        "week() with one argument".to_string()
    } else {
        format!("{name}()")
    };
    Some(format!(
        "it calls {called}, whose result depends on the session's {setting}, which MySQL refuses in a CHECK (MariaDB: Function or expression '{name}()' cannot be used in the CHECK clause); {write}"
    ))
}

/// PostgreSQL's text search functions, STABLE with one argument (refused in a partial index's
/// WHERE: `to_tsvector(name) @@ to_tsquery('x')`, checked on PostgreSQL 15).
const TEXT_SEARCH: &[&str] = &[
    "phraseto_tsquery",
    "plainto_tsquery",
    "to_tsquery",
    "to_tsvector",
    "websearch_to_tsquery",
];

/// Why PostgreSQL refuses the function `name` in a partial index's WHERE, with what to write,
/// when it is one that reads a session setting rather than one whose result changes.
fn postgres_session_reading(name: &str) -> Option<String> {
    const REFUSAL: &str =
        "which PostgreSQL refuses in a partial index's WHERE (functions in index predicate must be marked IMMUTABLE)";
    if TEXT_SEARCH.contains(&name) {
        return Some(format!(
            "it calls {name}() with one argument, which reads the session's default_text_search_config, {REFUSAL}: name the configuration first, {name}('english', …)"
        ));
    }
    matches!(
        name,
        "to_json"
            | "to_jsonb"
            | "row_to_json"
            | "json_build_array"
            | "json_build_object"
            | "jsonb_build_array"
            | "jsonb_build_object"
    )
    .then(|| format!(
        "it calls {name}(), which PostgreSQL marks STABLE (a date or timestamp in it is written as the session's DateStyle says), {REFUSAL}: test the value itself (name <> '' rather than to_json(name)::text <> '')"
    ))
}

/// A cast in a PostgreSQL partial index's WHERE that reads the session's DateStyle (a STABLE
/// cast, refused: "functions in index predicate must be marked IMMUTABLE", checked on
/// PostgreSQL 15): a DATE or TIMESTAMP column cast to text (`placed_at::text`,
/// `CAST(born AS VARCHAR)`, `text(placed_at)`), or a text column cast to date or timestamp.
/// Other casts to text (integer, uuid, json) and between dates and timestamps are IMMUTABLE.
fn postgres_date_style_cast(
    e: &Expr,
    column: Option<&crate::condition::ColumnTypes>,
) -> Option<String> {
    use crate::spec::ColumnType;
    let column = column?;
    let column_of = |mut e: &Expr| {
        while let Expr::Nested(inner) = e {
            e = inner;
        }
        let name = match e {
            Expr::Identifier(i) => i.value.to_ascii_lowercase(),
            Expr::CompoundIdentifier(parts) => parts.last()?.value.to_ascii_lowercase(),
            _ => return None,
        };
        column(&name).map(|ty| (name, ty))
    };
    let is_time = |ty: ColumnType| {
        matches!(
            ty,
            ColumnType::Date | ColumnType::Timestamp | ColumnType::Datetime
        )
    };
    let is_text = |ty: ColumnType| {
        matches!(
            ty,
            ColumnType::Text | ColumnType::Varchar | ColumnType::Char
        )
    };
    let text_type = |t: &str| {
        let t = t.to_ascii_lowercase();
        ["text", "varchar", "character", "char", "bpchar", "string"]
            .iter()
            .any(|w| t.starts_with(w))
    };
    let refusal = "which PostgreSQL refuses in a partial index's WHERE (functions in index predicate must be marked IMMUTABLE)";
    let (expr, target) = match e {
        Expr::Cast {
            expr, data_type, ..
        } => (&**expr, data_type.to_string()),
        Expr::Function(f)
            if f.name.0.len() == 1 && f.name.to_string().eq_ignore_ascii_case("text") =>
        {
            let FunctionArguments::List(list) = &f.args else {
                return None;
            };
            match list.args.as_slice() {
                [sqlparser::ast::FunctionArg::Unnamed(sqlparser::ast::FunctionArgExpr::Expr(a))] => {
                    (a, "text".to_string())
                }
                _ => return None,
            }
        }
        _ => return None,
    };
    let (name, ty) = column_of(expr)?;
    let target_lower = target.to_ascii_lowercase();
    if is_time(ty) && text_type(&target_lower) {
        return Some(format!(
            "it casts the {} column '{name}' to {target}, whose text follows the session's DateStyle, {refusal}: compare the value itself, such as {name} >= '2024-01-01', or use extract(year FROM {name})",
            ty.as_str()
        ));
    }
    let to_time = (target_lower.starts_with("date") || target_lower.starts_with("timestamp"))
        && !has_time_zone_text(&target_lower);
    if is_text(ty) && to_time {
        return Some(format!(
            "it casts the {} column '{name}' to {target}, which reads the text as the session's DateStyle says, {refusal}: store the value in a DATE or TIMESTAMP column",
            ty.as_str()
        ));
    }
    None
}

/// [`has_time_zone`] of a type's lowercase text.
fn has_time_zone_text(t: &str) -> bool {
    t.contains("with time zone") || t.starts_with("timestamptz") || t.starts_with("timetz")
}

/// Whether `t` is PostgreSQL's `timestamp with time zone` or `time with time zone`.
fn has_time_zone(t: &DataType) -> bool {
    has_time_zone_text(&t.to_string().to_ascii_lowercase())
}

/// What in a PostgreSQL partial index's WHERE converts to or from a time zone, which depends
/// on the session's TimeZone (a STABLE cast, refused as a function that is not IMMUTABLE; checked
/// on PostgreSQL 15): `AT TIME ZONE`, a cast of a column or other expression to
/// `timestamptz`, and a `timestamptz` literal compared with a column (the spec's DATE and
/// TIMESTAMP columns have no time zone, so the column is cast). A `timestamptz` literal on its own,
/// or compared with an expression that is itself `timestamptz`, is taken.
fn postgres_stable_time_zone(e: &Expr) -> Option<String> {
    let literal_with_zone = |e: &Expr| match e {
        Expr::Cast {
            expr, data_type, ..
        } => matches!(**expr, Expr::Value(_)) && has_time_zone(data_type),
        Expr::TypedString(ts) => has_time_zone(&ts.data_type),
        _ => false,
    };
    let column = |e: &Expr| matches!(e, Expr::Identifier(_) | Expr::CompoundIdentifier(_));
    match e {
        Expr::AtTimeZone { .. } => Some("AT TIME ZONE".into()),
        Expr::Cast {
            expr, data_type, ..
        } if has_time_zone(data_type) && !matches!(**expr, Expr::Value(_)) => {
            Some(format!("a cast to {data_type}"))
        }
        Expr::BinaryOp { left, right, .. }
            if (column(left) && literal_with_zone(right))
                || (column(right) && literal_with_zone(left)) =>
        {
            Some("a comparison of a column without a time zone with a timestamptz value (write the value as timestamp)".into())
        }
        _ => None,
    }
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

/// `text`, one expression of `dialect`, with each name of a column in it that `replace` answers
/// for written as it answers: only names the parser reads as columns (the last part of a
/// qualified one), never the text of a string literal (`status IN ('status')` renamed keeps
/// the literal) nor a function's name. `None` where the text does not parse as one expression,
/// or a name's place in it cannot be found.
pub fn replace_columns(
    dialect: &dyn ParserDialect,
    text: &str,
    replace: &dyn Fn(&sqlparser::ast::Ident) -> Option<String>,
) -> Option<String> {
    // sqlparser's own tokenizer, which gives each token its place (the fast one does not).
    let tokens = sqlparser::tokenizer::Tokenizer::new(dialect, text)
        .tokenize_with_location()
        .ok()?;
    let mut parser = Parser::new(dialect)
        .with_recursion_limit(64)
        .with_tokens_with_locations(tokens);
    let expr = parser.parse_expr().ok()?;
    if parser.peek_token().token != Token::EOF {
        return None;
    }
    let mut places: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut placed = true;
    let _ = visit_expressions(&expr, |e| {
        let ident = match e {
            Expr::Identifier(i) => Some(i),
            Expr::CompoundIdentifier(parts) => parts.last(),
            _ => None,
        };
        if let Some((ident, new)) = ident.and_then(|i| Some((i, replace(i)?))) {
            match byte_range(text, ident.span) {
                Some(r) if text[r.clone()] == ident.to_string() => places.push((r, new)),
                _ => placed = false,
            }
        }
        ControlFlow::<()>::Continue(())
    });
    if !placed {
        return None;
    }
    places.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut out = text.to_string();
    for (r, new) in places {
        out.replace_range(r, &new);
    }
    Some(out)
}

/// The name `ident` written as `name`, quoted as `ident` is.
pub fn renamed_ident(ident: &sqlparser::ast::Ident, name: &str) -> String {
    let mut renamed = ident.clone();
    renamed.value = name.to_string();
    renamed.to_string()
}

/// Whether the name `ident` is the column `name`: as written where quoted, ASCII case aside
/// otherwise.
pub fn names_column(ident: &sqlparser::ast::Ident, name: &str) -> bool {
    if ident.quote_style.is_some() {
        ident.value == name
    } else {
        ident.value.eq_ignore_ascii_case(name)
    }
}

/// The bytes of `text` a parser's span (lines and columns from 1, columns in characters) covers.
fn byte_range(text: &str, span: sqlparser::tokenizer::Span) -> Option<std::ops::Range<usize>> {
    let offset = |l: sqlparser::tokenizer::Location| -> Option<usize> {
        let line = usize::try_from(l.line).ok()?.checked_sub(1)?;
        let column = usize::try_from(l.column).ok()?.checked_sub(1)?;
        let start = if line == 0 {
            0
        } else {
            text.match_indices('\n').nth(line - 1)?.0 + 1
        };
        let rest = &text[start..];
        Some(
            start
                + rest
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([rest.len()])
                    .nth(column)?,
        )
    };
    let (start, end) = (offset(span.start)?, offset(span.end)?);
    (start < end).then_some(start..end)
}

/// [`changes_with_time`] of the expression `text` of `dialect` (`false` where it does not parse).
pub fn text_changes_with_time(dialect: &dyn ParserDialect, text: &str) -> bool {
    parse_short(dialect, text).is_some_and(|e| changes_with_time(dialect, &e))
}

/// Whether the value of the expression `e` may change with the time, the session or from one
/// call to the next, whatever the row holds: a call of a function of [`VOLATILE`] or of the
/// list of `dialect`'s (`now()`, `CURRENT_DATE`, `random()`, `current_user`, …), one of
/// SQLite's date and time functions with no time value (`date()`), or a string a date or time
/// is read from that names the moment (`date('now')`, `'today'::date`, `DATE 'today'`). A
/// CHECK with such a term may refuse tomorrow a row it let in today.
pub fn changes_with_time(dialect: &dyn ParserDialect, e: &Expr) -> bool {
    let (mysql, postgres) = (
        dialect.is::<MySqlDialect>(),
        dialect.is::<PostgreSqlDialect>(),
    );
    // A date or time text holding one of these words, anywhere ('today 00:00', 'yesterday
    // allballs'): PostgreSQL fixes it to the day the CHECK is created (a reviewer's migration
    // refused rows the day after). Only PostgreSQL reads such words, and only where it reads a
    // date or time from the text: cast or typed as one, or compared with a value (`at >=
    // 'today 00:00'`); a word of a text compared in a list (`slot IN ('open', 'not now')`) is
    // text. SQLite reads 'now' only in its date functions (below); MySQL never.
    let moment = |s: &str| {
        s.split(|c: char| !c.is_ascii_alphabetic()).any(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "now" | "today" | "tomorrow" | "yesterday"
            )
        })
    };
    let moment_literal = |x: &Expr| {
        postgres
            && matches!(x, Expr::Value(v) if matches!(&v.value, Value::SingleQuotedString(s) if moment(s)))
    };
    let flow = visit_expressions(e, |x| {
        let changes = match x {
            Expr::Function(f) => {
                let arguments: &[sqlparser::ast::FunctionArg] = match &f.args {
                    FunctionArguments::List(list) => &list.args,
                    _ => &[],
                };
                let name = f.name.to_string().to_ascii_lowercase();
                let date_function = matches!(
                    name.as_str(),
                    "date" | "time" | "datetime" | "julianday" | "unixepoch" | "strftime"
                );
                // SQLite's date functions read 'now' (`date('now', '-1 day')`).
                let reads_now = arguments.iter().any(|a| {
                    matches!(a, sqlparser::ast::FunctionArg::Unnamed(sqlparser::ast::FunctionArgExpr::Expr(Expr::Value(v)))
                        if matches!(&v.value, Value::SingleQuotedString(s) if moment(s)))
                });
                volatile_name(f, mysql, postgres, None).is_some()
                    || (date_function && reads_now)
                    || (arguments.is_empty() && date_function && name != "strftime")
                    || (arguments.len() == 1 && name == "strftime")
            }
            Expr::BinaryOp {
                left,
                op:
                    BinaryOperator::Gt
                    | BinaryOperator::GtEq
                    | BinaryOperator::Lt
                    | BinaryOperator::LtEq
                    | BinaryOperator::Eq
                    | BinaryOperator::NotEq,
                right,
            } => moment_literal(left) || moment_literal(right),
            Expr::Between { low, high, .. } => moment_literal(low) || moment_literal(high),
            Expr::Cast { expr, .. } => moment_literal(expr),
            // Read as a name where the dialect's parser has no call for it (MySQL's bare
            // `current_user`), though the database calls it.
            Expr::Identifier(i) if i.quote_style.is_none() => matches!(
                i.value.to_ascii_lowercase().as_str(),
                "current_date"
                    | "current_time"
                    | "current_timestamp"
                    | "localtime"
                    | "localtimestamp"
                    | "current_user"
                    | "current_role"
                    | "session_user"
                    | "system_user"
            ),
            Expr::TypedString(t) => {
                postgres && matches!(&t.value.value, Value::SingleQuotedString(s) if moment(s))
            }
            _ => false,
        };
        if changes {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    flow.is_break()
}

/// The three dialects, for the tests that hold for each.
#[cfg(test)]
fn dialects() -> Vec<Box<dyn ParserDialect>> {
    vec![
        Box::new(sqlparser::dialect::SQLiteDialect {}),
        Box::new(sqlparser::dialect::PostgreSqlDialect {}),
        Box::new(sqlparser::dialect::MySqlDialect {}),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect, SQLiteDialect};

    /// A list of constants after IN or NOT IN reads the same in any order (a CHECK whose list a
    /// user reordered was dropped and added again); a list with a column in it, another column
    /// or other values do not.
    #[test]
    fn canonical_takes_a_constant_in_list_in_any_order() {
        let dialects: [&dyn ParserDialect; 3] =
            [&PostgreSqlDialect {}, &MySqlDialect {}, &SQLiteDialect {}];
        for d in dialects {
            let same = |a: &str, b: &str| canonical(d, a) == canonical(d, b);
            let s = "status IN ('active', 'suspended', 'closed')";
            assert!(same(s, "status IN ('active','closed','suspended')"));
            assert!(same(
                "n NOT IN (3, -1, 2) AND status IN ('b', 'a')",
                "(n not in (-1, 2, 3) and status in ('a', 'b'))"
            ));
            assert!(!same(s, "status IN ('active', 'closed')"));
            assert!(!same(s, "kind IN ('active', 'suspended', 'closed')"));
            assert!(!same(s, "status NOT IN ('active', 'suspended', 'closed')"));
            assert!(!same("n IN (1, m)", "n IN (m, 1)"));
        }
    }

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

    /// SQLite's own functions, which a spec pulled from SQLite carries, are refused by name for the
    /// databases that lack them (checked on PostgreSQL 15 and MariaDB 10.11), with what to write.
    #[test]
    fn sqlite_only_functions_are_refused_where_they_do_not_exist() {
        let pg = |t: &str| check_expression_with(&PostgreSqlDialect {}, t, false).map_err(|e| e.0);
        let my = |t: &str| check_expression_with(&MySqlDialect {}, t, false).map_err(|e| e.0);
        let lite = |t: &str| check_expression_with(&SQLiteDialect {}, t, false).map_err(|e| e.0);
        for t in [
            "unixepoch()",
            "datetime('now')",
            "iif(a > 0, 1, 2)",
            "typeof(a) = 'integer'",
            "strftime('%s', 'now')",
        ] {
            assert!(
                pg(t).is_err_and(|e| e.starts_with("it has ") && e.contains("SQLite")),
                "{t}: {:?}",
                pg(t)
            );
            assert!(
                my(t).is_err_and(|e| e.contains("SQLite")),
                "{t}: {:?}",
                my(t)
            );
            assert!(lite(t).is_ok(), "{t}");
        }
        assert!(pg("unixepoch()")
            .unwrap_err()
            .contains("extract(epoch from now())"));
        assert!(my("unixepoch()").unwrap_err().contains("UNIX_TIMESTAMP()"));
        assert!(pg("ifnull(a, 0) > 0").unwrap_err().contains("coalesce"));
        assert!(my("ifnull(a, 0) > 0").is_ok());
        // SQLite's and MySQL's blob literal is a bit string on PostgreSQL.
        for t in ["x'00'", "X'DEADBEEF'", "a <> x'00'"] {
            assert!(
                pg(t).is_err_and(|e| e.contains("bit string")),
                "{t}: {:?}",
                pg(t)
            );
            assert!(my(t).is_ok(), "{t}");
            assert!(lite(t).is_ok(), "{t}");
        }
    }

    /// Each database's functions the other lacks are refused there by name (a user trial's
    /// `json_valid(name)` CHECK and `uuid()` default passed for PostgreSQL, and
    /// `gen_random_uuid()` for MySQL, and failed on the server), and taken where they exist.
    #[test]
    fn functions_of_another_database_are_refused_by_name() {
        let pg = |t: &str| check_expression_with(&PostgreSqlDialect {}, t, false).map_err(|e| e.0);
        let my = |t: &str| check_expression_with(&MySqlDialect {}, t, false).map_err(|e| e.0);
        /// One database's check of an expression.
        type Check<'f> = dyn Fn(&str) -> Result<Vec<String>, String> + 'f;
        for &(name, lacks, say) in FOREIGN_FUNCTIONS {
            let call = match name {
                "if" => "if(a > 0, 1, 2)".to_string(),
                "uuid" => "uuid()".to_string(),
                _ => format!("{name}(a)"),
            };
            let (refusing, other): (&Check, _) = match lacks {
                Some(true) => (&pg, Some(&my as &Check)),
                Some(false) => (&my, Some(&pg as &Check)),
                None => (&pg, None),
            };
            let refused = refusing(&call).unwrap_err();
            assert!(
                refused.starts_with("it has ") && refused.ends_with(say),
                "{call}: {refused}"
            );
            if let Some(other) = other {
                // Where a SQLite function is missing from both, only its own entry says so.
                if !say.contains("SQLite") {
                    assert!(other(&call).is_ok(), "{call}: {:?}", other(&call));
                }
            }
        }
        assert!(pg("json_valid(payload)").unwrap_err().contains("MySQL's"));
        assert!(my("gen_random_uuid()").unwrap_err().contains("UUID()"));
        assert!(pg("UUID()").unwrap_err().contains("gen_random_uuid()"));
        // With an argument, uuid(…) is PostgreSQL's cast to uuid.
        assert!(pg("uuid(code) IS NOT NULL").is_ok());
    }

    /// SQLite, in a CHECK: its date and time functions reading the clock are refused, each with
    /// what to write (the bundled SQLite refuses their rows, tests/sqlite_clock_and_rowid.rs);
    /// CURRENT_DATE, random() and the functions over a column are taken.
    #[test]
    fn sqlite_refuses_date_functions_reading_the_clock_in_a_check() {
        let lite = SQLiteDialect {};
        let refused = |text: &str| check_expression_with(&lite, text, true).unwrap_err();
        assert_eq!(
            refused("d <= date('now')").rewrite().unwrap(),
            "write CURRENT_DATE, or enforce the rule in a trigger or in the application"
        );
        assert!(refused("d <= datetime()")
            .rewrite()
            .unwrap()
            .starts_with("write CURRENT_TIMESTAMP,"));
        assert!(refused("d <= time('Now')")
            .rewrite()
            .unwrap()
            .starts_with("write CURRENT_TIME,"));
        assert!(refused("julianday(d) < julianday('now', '-1 day')")
            .rewrite()
            .unwrap()
            .starts_with(
                "write CURRENT_TIMESTAMP as its time value, julianday(CURRENT_TIMESTAMP, …),"
            ));
        assert!(refused("n < strftime('%s', 'now')")
            .rewrite()
            .unwrap()
            .starts_with(
            "write CURRENT_TIMESTAMP as its time value, strftime(format, CURRENT_TIMESTAMP, …),"
        ));
        let local = refused("d <= datetime(d, 'localtime')");
        assert!(
            local
                .0
                .starts_with("it calls datetime() with the modifier 'localtime'"),
            "{}",
            local.0
        );
        assert!(refused("n < strftime('%s')")
            .0
            .contains("with no time value"));
        for text in [
            "d <= CURRENT_DATE",
            "n <> random()",
            "d <= date(d, '+1 day')",
            "d <> 'now'",
            "strftime('now', d) IS NOT NULL",
        ] {
            assert!(check_expression_with(&lite, text, true).is_ok(), "{text}");
        }
    }

    /// Each refused by the database in the place `refuse_volatile` stands for: PostgreSQL 15 in a
    /// partial index's WHERE over columns `born DATE, seen TIMESTAMP, x TEXT, n INT` ("functions
    /// in index predicate must be marked IMMUTABLE"), MariaDB 10.11 in a CHECK (error 1901, or
    /// 1970 for the sequence functions); and what each took.
    #[test]
    fn refuses_what_each_database_refuses_as_changing() {
        let refused = |d: &dyn ParserDialect, text: &str| {
            check_expression_with(d, text, true).is_err()
                && check_expression_with(d, text, false).is_ok()
        };
        let postgres = PostgreSqlDialect {};
        for text in [
            "to_char(born, 'YYYY') = '2000'",
            "age(born) > interval '1 year'",
            "current_setting('x') = 'y'",
            "txid_current() > 0",
            "version() IS NOT NULL",
            "pg_backend_pid() > 0",
            "pg_typeof(n) IS NOT NULL",
            "inet_client_addr() IS NULL",
            "current_database() = 'a'",
            "current_schema() = 'public'",
            "current_schemas(true) IS NOT NULL",
            "pg_current_xact_id() IS NOT NULL",
            "txid_current_if_assigned() IS NULL",
            "txid_current_snapshot() IS NOT NULL",
            "setseed(0.5) IS NULL",
            "pg_postmaster_start_time() IS NOT NULL",
            "pg_conf_load_time() IS NOT NULL",
            "to_date(x, 'YYYY') > '2020-01-01'",
            "to_number(x, '999') > 1",
            "format('%s', x) = 'a'",
            "concat(x, 'a') = 'a'",
            "concat_ws(',', x) = 'a'",
            "make_timestamptz(2000, 1, 1, 0, 0, 0) > seen",
            "lastval() > 0",
            "setval('s', 1) > 0",
            "timezone('UTC', seen) > seen",
            "seen AT TIME ZONE 'UTC' > seen",
            "seen > '2020-01-01'::timestamptz",
            "seen > timestamptz '2020-01-01'",
            "born > CAST('2020-01-01' AS TIMESTAMP WITH TIME ZONE)",
            "seen::timestamptz IS NOT NULL",
            "CAST(seen AS TIMESTAMP WITH TIME ZONE) IS NOT NULL",
        ] {
            assert!(refused(&postgres, text), "{text}");
        }
        for text in [
            "seen > '2020-01-01'::timestamp",
            "born > '2020-01-01'::date",
            "'2020-01-01'::timestamptz IS NOT NULL",
            "upper(x) = 'A'",
            "length(x) > 1",
            "date_part('year', born) = 2000",
            "date_trunc('day', seen) = seen",
            "n::text = '1'",
            "age(seen, '2020-01-01'::timestamp) > interval '1 day'",
            "age(seen, born) > interval '1 day'",
            "uuid(x) IS NOT NULL",
        ] {
            assert!(
                check_expression_with(&postgres, text, true).is_ok(),
                "{text}"
            );
        }
        // age(a, b) of two DATE columns reads them as timestamptz, a STABLE cast: refused with
        // the table's types; with a timestamp among them, it is taken.
        let column = |name: &str| match name {
            "born" => Some(crate::spec::ColumnType::Date),
            "seen" => Some(crate::spec::ColumnType::Timestamp),
            _ => None,
        };
        let with_types = |text: &str| check_condition(&postgres, text, Changing::InIndex, &column);
        assert!(with_types("age(born, (born)) > interval '1 day'").is_err());
        // A user trial: STABLE functions and casts in a partial index's WHERE, which PostgreSQL
        // 15 refused ("functions in index predicate must be marked IMMUTABLE"); in a CHECK it
        // takes them.
        let column = |name: &str| match name {
            "born" => Some(crate::spec::ColumnType::Date),
            "seen" => Some(crate::spec::ColumnType::Timestamp),
            "x" => Some(crate::spec::ColumnType::Text),
            "n" => Some(crate::spec::ColumnType::Integer),
            "id" => Some(crate::spec::ColumnType::Uuid),
            _ => None,
        };
        let in_index = |text: &str| check_condition(&postgres, text, Changing::InIndex, &column);
        let in_check = |text: &str| check_condition(&postgres, text, Changing::Taken, &column);
        assert_eq!(
            in_index("to_tsvector(x) @@ to_tsquery('x')").unwrap_err().0,
            "it calls to_tsvector() with one argument, which reads the session's default_text_search_config, which PostgreSQL refuses in a partial index's WHERE (functions in index predicate must be marked IMMUTABLE): name the configuration first, to_tsvector('english', …)"
        );
        assert_eq!(
            in_index("seen::text > '2024'").unwrap_err().0,
            "it casts the TIMESTAMP column 'seen' to TEXT, whose text follows the session's DateStyle, which PostgreSQL refuses in a partial index's WHERE (functions in index predicate must be marked IMMUTABLE): compare the value itself, such as seen >= '2024-01-01', or use extract(year FROM seen)"
        );
        assert!(in_index("to_json(x)::text <> ''")
            .unwrap_err()
            .0
            .starts_with("it calls to_json(), which PostgreSQL marks STABLE"));
        for text in [
            "to_tsvector(x) @@ to_tsquery('x')",
            "to_tsvector('english', x) @@ to_tsquery('x')",
            "to_tsvector('english', x) @@ plainto_tsquery('x')",
            "to_tsvector('english', x) @@ phraseto_tsquery('x')",
            "to_tsvector('english', x) @@ websearch_to_tsquery('x')",
            "seen::text > '2024'",
            "(born)::text > '2024'",
            "CAST(seen AS TEXT) > '2024'",
            "CAST(born AS VARCHAR(10)) > '2024'",
            "seen::char(10) > '2024'",
            "text(seen) > '2024'",
            "x::date > born",
            "CAST(x AS TIMESTAMP) > seen",
            "to_json(x)::text <> ''",
            "to_jsonb(n) IS NOT NULL",
            "json_build_object('a', n) IS NOT NULL",
            "jsonb_build_object('a', n) IS NOT NULL",
            "json_build_array(n) IS NOT NULL",
            "jsonb_build_array(n) IS NOT NULL",
            "row_to_json(row(n)) IS NOT NULL",
        ] {
            assert!(in_index(text).is_err(), "{text}");
            assert!(in_check(text).is_ok(), "{text}");
        }
        for text in [
            "to_tsvector('english', x) @@ to_tsquery('english', 'x')",
            "n::text > '1'",
            "id::text > '1'",
            "x::text > '1'",
            "seen::date > '2024-01-01'",
            "born::timestamp > '2024-01-01'",
            "'2024-01-01'::date > born",
            "extract(year FROM seen) > 2000",
            "x::int > 0",
            "x::uuid IS NOT NULL",
            "x::jsonb IS NOT NULL",
        ] {
            assert!(in_index(text).is_ok(), "{text}");
        }
        assert!(with_types("age(seen, born) > interval '1 day'").is_ok());
        assert!(with_types("age(born::timestamp, born::timestamp) > interval '1 day'").is_ok());
        let mysql = MySqlDialect {};
        for text in [
            "version() IS NOT NULL",
            "schema() IS NOT NULL",
            "database() IS NOT NULL",
            "get_lock('a', 0) = 1",
            "release_lock('a') = 1",
            "is_free_lock('a') = 1",
            "is_used_lock('a') = 1",
            "release_all_locks() = 0",
            "current_role() IS NULL",
            "master_pos_wait('a', 1) IS NULL",
            "master_gtid_wait('0-1-1') = 0",
            "sys_guid() IS NOT NULL",
            "to_char(born, 'YYYY') = '2000'",
            "date_format(born, '%Y') = '2000'",
            "dayname(born) = 'Monday'",
            "monthname(born) = 'May'",
            "from_unixtime(n) > born",
            "random_bytes(4) IS NOT NULL",
            "name_const('a', 1) = 1",
            "lastval(s) > 0",
            "setval(s, 1) > 0",
        ] {
            assert!(refused(&mysql, text), "{text}");
        }
        // These reach the server's files or make it wait: refused in a default too
        // (crate::server_effects), not only where a changing value is.
        for text in [
            "load_file('/etc/hosts') IS NULL",
            "sleep(0) = 0",
            "benchmark(1, 1) = 0",
        ] {
            for refuse_volatile in [true, false] {
                let why = check_expression_with(&mysql, text, refuse_volatile)
                    .unwrap_err()
                    .0;
                assert!(
                    why.contains("a CHECK, a default or an index must not call it"),
                    "{text}: {why}"
                );
            }
        }
        // MariaDB took these in a CHECK: the lists are each database's own.
        for text in [
            "concat(x, 'a') = 'a'",
            "format(n, 2) = '1'",
            "convert_tz(born, '+00:00', 'SYSTEM') > born",
            "md5(x) = 'a'",
            "weekofyear(born) = 1",
            "upper(x) = 'A'",
        ] {
            assert!(check_expression_with(&mysql, text, true).is_ok(), "{text}");
        }
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

    /// sqlparser reads forms the servers refuse (the injection review's note): PostgreSQL 14
    /// removed the factorial operators, and MySQL and SQLite take only an even number of hex
    /// digits in X'…' (checked on PostgreSQL 15, MariaDB 10.11 and SQLite).
    #[test]
    fn one_literal_is_told_from_a_call_and_from_null() {
        let pg = PostgreSqlDialect {};
        for text in [
            "'x'",
            "('x')",
            "((7))",
            "-1.5",
            "+2",
            "-(1)",
            "TRUE",
            "'x'::text",
            "DATE '2024-01-01'",
            "CAST(1 AS BIGINT)",
        ] {
            assert!(is_one_literal(&pg, text), "{text}");
        }
        for text in [
            "NULL",
            "(NULL)",
            "NULL::text",
            "random()",
            "gen_random_uuid()",
            "1 + x",
            "-x",
            "'a' || 'b'",
            "(",
            "",
        ] {
            assert!(!is_one_literal(&pg, text), "{text}");
        }
        assert!(!is_one_literal(&MySqlDialect {}, "uuid()"));
        assert!(is_one_literal(&SQLiteDialect {}, "X'00ff'"));
        for text in ["NULL", "(NULL)", "NULL::text", "CAST(NULL AS INT)"] {
            assert!(is_null_literal(&pg, text), "{text}");
        }
        for text in ["'NULL'", "0", "coalesce(NULL, 1)", "("] {
            assert!(!is_null_literal(&pg, text), "{text}");
        }
    }

    #[test]
    fn factorials_on_postgresql_and_odd_blob_literals_are_refused() {
        let pg = PostgreSqlDialect {};
        let my = MySqlDialect {};
        let lite = SQLiteDialect {};
        let refused = check_expression(&pg, "n! > 1").unwrap_err().0;
        assert!(refused.contains("PostgreSQL 14 removed"), "{refused}");
        assert!(check_expression(&pg, "factorial(n) > 1").is_ok());
        for d in [&my as &dyn ParserDialect, &lite] {
            for bad in ["b = X'a'", "b = x'abc'", "b = X'zz'"] {
                let e = check_expression(d, bad).unwrap_err().0;
                assert!(e.contains("even number of hex digits"), "{bad}: {e}");
            }
            for good in ["b = X'0a'", "b = x''", "b = X'DEADbeef'"] {
                assert!(check_expression(d, good).is_ok(), "{good} refused");
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

    /// Functions MariaDB 10.11 refuses in a CHECK because they read a session setting (error
    /// 1901, "Function or expression 'week()' cannot be used in the CHECK clause"), each said
    /// with the setting and what to write; WEEK(x, mode) and YEARWEEK(x), which it takes, pass.
    #[test]
    fn connection_functions_are_said_to_answer_about_the_connection() {
        let my = MySqlDialect {};
        for (text, name) in [
            ("user() = 'a'", "user"),
            ("version() <> ''", "version"),
            ("connection_id() > 0", "connection_id"),
        ] {
            let message = check_expression_with(&my, text, true).unwrap_err().0;
            assert_eq!(message, format!("it calls {name}, whose result depends on the connection or the server, not on the row, which this database refuses here"));
        }
        let message = check_expression_with(&my, "rand() > 0.5", true)
            .unwrap_err()
            .0;
        assert!(
            message.ends_with(
                "whose result changes from one call to the next, which this database refuses here"
            ),
            "{message}"
        );
    }

    #[test]
    fn mysql_session_reading_functions_are_refused_in_checks() {
        let my = MySqlDialect {};
        let check = |text: &str| check_expression_with(&my, text, true);
        for (text, setting, write) in [
            ("WEEK(birth_date) > 0", "default_week_format", "WEEK(x, 3)"),
            ("DAYNAME(birth_date) <> ''", "lc_time_names", "DAYOFWEEK(x)"),
            ("MONTHNAME(birth_date) <> ''", "lc_time_names", "MONTH(x)"),
            (
                "DATE_FORMAT(birth_date, '%Y') <> ''",
                "lc_time_names",
                "YEAR(x)",
            ),
            (
                "FROM_UNIXTIME(a) IS NOT NULL",
                "time_zone",
                "the number itself",
            ),
        ] {
            let message = check(text).unwrap_err().0;
            assert!(message.contains(setting), "{text}: {message}");
            assert!(message.contains(write), "{text}: {message}");
            assert!(
                message.contains("cannot be used in the CHECK clause"),
                "{text}: {message}"
            );
        }
        assert!(check("WEEK(birth_date) > 0")
            .unwrap_err()
            .0
            .starts_with("it calls week() with one argument"));
        for text in [
            "CURDATE() > a",
            "SYSDATE() IS NOT NULL",
            "UTC_TIMESTAMP() IS NOT NULL",
            "USER() <> ''",
            "DATABASE() <> ''",
            "CONNECTION_ID() > 0",
            "RAND() > 0",
            "RAND(1) > 0",
            "UUID() <> ''",
            "UUID_SHORT() > 0",
            "LAST_INSERT_ID() > 0",
            "FOUND_ROWS() > 0",
            "ROW_COUNT() > 0",
            "GET_LOCK('x', 1) > 0",
            "SLEEP(1) = 0",
            "BENCHMARK(1, 1) = 0",
            "VERSION() <> ''",
            "LOAD_FILE('/x') IS NULL",
            "NOW(3) IS NOT NULL",
            "CURRENT_TIMESTAMP IS NOT NULL",
            "LOCALTIME IS NOT NULL",
            "CURRENT_DATE IS NOT NULL",
            "SCHEMA() <> ''",
        ] {
            assert!(check(text).is_err(), "{text} accepted");
        }
        for text in [
            "WEEK(birth_date, 3) > 0",
            "YEARWEEK(birth_date) > 0",
            "WEEKOFYEAR(birth_date) > 0",
            "DAYOFWEEK(birth_date) > 0",
            "STR_TO_DATE(code, '%Y') IS NOT NULL",
            "TIMESTAMPDIFF(DAY, birth_date, placed_at) >= 0",
        ] {
            assert!(check(text).is_ok(), "{text}: {:?}", check(text));
        }
        // Outside a CHECK (a default), and on PostgreSQL, week(x) is not refused for this.
        assert!(check_expression(&my, "WEEK(birth_date)").is_ok());
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

    /// A column renamed in an expression is renamed where the parser reads a column only: not
    /// in a string literal, not a function's name; a name after a multi-byte character or on
    /// a later line is found where it is.
    #[test]
    fn replace_columns_touches_only_the_names_of_columns() {
        let to_state =
            |i: &sqlparser::ast::Ident| names_column(i, "status").then(|| "state".to_string());
        for (dialect, text, renamed) in [
            (
                &PostgreSqlDialect {} as &dyn ParserDialect,
                "status IN ('status', 'x')",
                "state IN ('status', 'x')",
            ),
            (
                &MySqlDialect {},
                "STATUS <> 'a status' AND t.status > ''",
                "state <> 'a status' AND t.state > ''",
            ),
            (
                &SQLiteDialect {},
                "status('x') OR 'é' = status",
                "status('x') OR 'é' = state",
            ),
            (
                &PostgreSqlDialect {},
                "length(status) > 0\n  AND\n   'ü' <> \"status\"",
                "length(state) > 0\n  AND\n   'ü' <> state",
            ),
            (
                &PostgreSqlDialect {},
                "\"Status\" = 'status'",
                "\"Status\" = 'status'",
            ),
        ] {
            assert_eq!(
                replace_columns(dialect, text, &to_state).as_deref(),
                Some(renamed),
                "{text}"
            );
        }
        assert_eq!(
            replace_columns(&PostgreSqlDialect {}, "status IN (", &to_state),
            None
        );
    }

    /// What changes with the time, the session or the call; not a column, a constant, or a
    /// function of the row alone.
    #[test]
    fn changes_with_time_finds_the_clock_and_the_dice() {
        let pg = PostgreSqlDialect {};
        let lite = SQLiteDialect {};
        let my = MySqlDialect {};
        let read =
            |d: &dyn ParserDialect, t: &str| changes_with_time(d, &parse_short(d, t).unwrap());
        for t in [
            "d >= CURRENT_DATE",
            "now() > x",
            "x < random()",
            "x = 'today'::date",
            "at >= 'today 00:00'",
            "at > timestamp 'today 00:00'",
            "at > 'yesterday 12:00'",
            "at >= 'Tomorrow 15:00'::timestamp",
            "x <= localtimestamp",
            "x = current_user",
        ] {
            assert!(read(&pg, t), "{t}");
        }
        for t in [
            "d >= date('now', '-1 day')",
            "d >= date()",
            "strftime('%s') > x",
            "x < julianday('now')",
        ] {
            assert!(read(&lite, t), "{t}");
        }
        for t in ["x < rand()", "d >= curdate()", "d <= sysdate()"] {
            assert!(read(&my, t), "{t}");
        }
        // PostgreSQL's concat() follows DateStyle; SQLite's and MySQL's do not.
        assert!(read(&pg, "concat(a, b) <> ''"));
        assert!(!read(&lite, "concat(a, b) <> ''"));
        assert!(!read(&my, "concat(a, b) <> ''"));
        for t in [
            "d >= '2024-01-01'",
            // The word alone counts: 'snowfall' holds no 'now'; and a word of a text in a
            // list is text (a reviewer: `slot IN ('open', 'not now')` was warned of).
            "lower(x) = 'snowfall'",
            "slot IN ('open', 'done', 'not now')",
            "abs(x) > 1",
            "d >= date('2024-01-01')",
        ] {
            assert!(!read(&pg, t), "{t}");
            assert!(!read(&lite, t), "{t}");
        }
    }

    #[test]
    fn calls_reaching_the_server_are_refused_wherever_they_stand() {
        let pg = PostgreSqlDialect {};
        for text in [
            "pg_read_file('/etc/hosts') IS NOT NULL",
            "lo_import('/etc/hosts') > 0",
            "pg_sleep(1) IS NULL",
            "dblink('x', 'select 1') IS NULL",
        ] {
            // A default (Taken) as well as a CHECK.
            let why = check_expression_with(&pg, text, false).unwrap_err().0;
            assert!(
                why.contains("a CHECK, a default or an index must not call it"),
                "{why}"
            );
        }
        let my = MySqlDialect {};
        assert!(check_expression_with(&my, "load_file('/etc/hosts')", false).is_err());
        assert!(check_expression_with(&my, "values(v) IS NULL", false)
            .unwrap_err()
            .0
            .contains("ON DUPLICATE KEY UPDATE"));
        // The same names are no built-in of the other database, and left to it.
        assert!(check_expression_with(&my, "pg_read_file('x') IS NULL", false).is_ok());
    }

    #[test]
    fn postgresql_index_wheres_refuse_what_is_never_immutable() {
        let pg = PostgreSqlDialect {};
        let column = |_: &str| None;
        let in_index = |text: &str| check_condition(&pg, text, Changing::InIndex, &column);
        for text in [
            "has_table_privilege('t', 'select')",
            "obj_description(1::oid) IS NULL",
            "v <> ARRAY['a']::text",
            "v <> CAST(ARRAY['a'] AS varchar)",
        ] {
            let why = in_index(text).unwrap_err().0;
            assert!(why.contains("IMMUTABLE"), "{text}: {why}");
            assert!(
                check_condition(&pg, text, Changing::Taken, &column).is_ok(),
                "{text}"
            );
        }
        for text in [
            "lower(v) = 'a'",
            "abs(n) > 1",
            "my_own(v)",
            "v <> (ARRAY['a'])[1]",
        ] {
            assert!(in_index(text).is_ok(), "{text}");
        }
    }
}
