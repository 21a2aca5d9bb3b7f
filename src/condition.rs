//! Whether an expression PostgreSQL reads as a condition (a CHECK, a partial index's WHERE) is
//! one. PostgreSQL types them and refuses what SQLite and MySQL take by converting: an
//! expression that is not boolean ("argument of CHECK must be type boolean, not type integer"),
//! and a comparison between types it has no operator for (`text > integer`, `boolean =
//! integer`, any comparison of json) or with a string it cannot read as the other side's type
//! (`uid = 'x'`, `born > '2024-13-01'`), and, anywhere in it, a text function or LIKE on what
//! is not text, a number added to a timestamp, a CASE WHEN that is not boolean. Only what the spec's
//! column types and the expression's own shape settle is judged; anything else (a function it
//! does not know, a cast to a type it does not map) is left to the self-check and the server.
//! Every refusal here was checked on PostgreSQL 15.

pub use crate::pg_expr_type::ColumnTypes;
use crate::pg_expr_type::{arguments, column_name, first_argument, type_of, PgType};
use crate::spec::ColumnType;
use sqlparser::ast::{BinaryOperator, Expr, InTarget, UnaryOperator, Value};

/// What an expression evaluates to, as far as the spec's types tell.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind<'a> {
    Boolean,
    /// A number; its type when it is an integer (smallint, integer, bigint), which takes only
    /// an integer's text, within that type's range.
    Number(Option<PgType>),
    Text,
    /// A string literal, whose type PostgreSQL takes from the other side of a comparison.
    Literal(&'a str),
    /// Another type: UUID, DATE, TIMESTAMP, JSON, JSONB, BLOB.
    Other(ColumnType),
    /// A bit string (`B'101'`), of no column type of the spec's.
    Bits,
}

impl Kind<'_> {
    /// The kind of a value of PostgreSQL's type `t` (`None` for a string literal's, which
    /// [`kind_of`] gives with its text).
    fn of(t: PgType) -> Option<Kind<'static>> {
        Some(match t {
            PgType::Int2 | PgType::Int4 | PgType::Int8 => Kind::Number(Some(t)),
            PgType::Numeric | PgType::Float4 | PgType::Float8 => Kind::Number(None),
            PgType::Text | PgType::Varchar | PgType::Char => Kind::Text,
            PgType::Bool => Kind::Boolean,
            PgType::Timestamptz | PgType::Timestamp => Kind::Other(ColumnType::Timestamp),
            PgType::Date => Kind::Other(ColumnType::Date),
            PgType::Uuid => Kind::Other(ColumnType::Uuid),
            PgType::Json => Kind::Other(ColumnType::Json),
            PgType::Jsonb => Kind::Other(ColumnType::Jsonb),
            PgType::Bytea => Kind::Other(ColumnType::Blob),
            PgType::Bit => Kind::Bits,
            PgType::Unknown => return None,
        })
    }

    fn describe(self) -> String {
        match self {
            Kind::Boolean => "a boolean".into(),
            Kind::Number(_) => "a number".into(),
            Kind::Text => "text".into(),
            Kind::Literal(s) => format!("the string '{}'", crate::report::clip(s)),
            Kind::Bits => "a bit string".into(),
            Kind::Other(ty) => match ty {
                ColumnType::Uuid => "a UUID".into(),
                ColumnType::Timestamp | ColumnType::Datetime => "a timestamp".into(),
                ColumnType::Date => "a date".into(),
                ColumnType::Json => "json".into(),
                ColumnType::Jsonb => "jsonb".into(),
                ColumnType::Blob => "bytes (BYTEA)".into(),
                other => other.as_str().to_ascii_lowercase(),
            },
        }
    }
}

/// Why PostgreSQL would refuse `e` where it needs a condition, if the spec's types show it;
/// `column` gives the type of a column of the table by its (lowercase) name.
pub fn not_a_condition(e: &Expr, column: &ColumnTypes) -> Option<String> {
    refused_part(e, column).or_else(|| not_boolean(e, column))
}

/// Why PostgreSQL would refuse a part of `e`, wherever it stands in it (a call, a LIKE, a
/// CASE inside a comparison): the first such part, outermost first.
fn refused_part(e: &Expr, column: &ColumnTypes) -> Option<String> {
    let mut found = None;
    // The inner steps of a chain of `||`, which its outermost step judged whole (judging
    // each step again would walk the chain once a step).
    let mut judged = std::collections::HashSet::new();
    let _ = sqlparser::ast::visit_expressions(e, |x| {
        if judged.contains(&(x as *const Expr)) {
            return std::ops::ControlFlow::Continue(());
        }
        judged.extend(inner_concatenations(x));
        match float_out_of_range(x, column).or_else(|| part_refused(x, column)) {
            Some(why) => {
                found = Some(why);
                std::ops::ControlFlow::Break(())
            }
            None => std::ops::ControlFlow::Continue(()),
        }
    });
    found
}

/// The steps of the chain of `||` that `e` is, but `e` itself (none when it is no such chain).
fn inner_concatenations(e: &Expr) -> impl Iterator<Item = *const Expr> + '_ {
    let (_, steps) = crate::pg_expr_type::concatenation_steps(e);
    steps
        .into_iter()
        .map(|(step, _, _)| step as *const Expr)
        .filter(move |step| !std::ptr::eq(*step, e))
}

/// Functions PostgreSQL has for text only (`length(integer)`: "function length(integer) does
/// not exist"; lower and upper of a range never come from the spec's columns). A BYTEA value
/// is left out: length, octet_length, md5 and others take it.
const TEXT_FUNCTIONS: &[&str] = &[
    "bit_length",
    "btrim",
    "char_length",
    "character_length",
    "initcap",
    "left",
    "length",
    "lower",
    "lpad",
    "ltrim",
    "md5",
    "octet_length",
    "repeat",
    "replace",
    "reverse",
    "right",
    "rpad",
    "rtrim",
    "strpos",
    "substr",
    "translate",
    "upper",
];

/// Whether a value of kind `k` is one PostgreSQL's text functions and LIKE do not take: a
/// number, a boolean, a UUID, a date or timestamp, JSON (not BYTEA, which has its own).
fn not_text(k: Kind) -> bool {
    matches!(k, Kind::Number(_) | Kind::Boolean)
        || matches!(k, Kind::Other(ty) if ty != ColumnType::Blob)
}

/// `e` as text, for a suggestion (`uid::text`).
fn as_text(e: &Expr) -> String {
    match e {
        Expr::Identifier(_) | Expr::CompoundIdentifier(_) | Expr::Nested(_) => format!("{e}::text"),
        _ => format!("({e})::text"),
    }
}

/// Why PostgreSQL refuses `e` when it compares a REAL (double precision) or real value with a
/// number literal past double precision's range, or adds one to it (`score > 1e400`): it reads
/// the literal as double precision when it creates the table, and refuses it ("… is out of
/// range for type double precision"; an integer or numeric side keeps it a numeric, taken).
fn float_out_of_range(e: &Expr, column: &ColumnTypes) -> Option<String> {
    let float = |x: &Expr| type_of(x, Some(column)).is_some_and(PgType::is_float);
    let pairs: Vec<(&Expr, &Expr)> = match e {
        Expr::BinaryOp { left, op, right }
            if is_comparison(op)
                || matches!(
                    op,
                    BinaryOperator::Plus
                        | BinaryOperator::Minus
                        | BinaryOperator::Multiply
                        | BinaryOperator::Divide
                ) =>
        {
            vec![(&**left, &**right), (&**right, &**left)]
        }
        Expr::Between {
            expr, low, high, ..
        } => vec![(&**expr, &**low), (&**expr, &**high)],
        Expr::In {
            expr,
            target: InTarget::List(list),
            ..
        } => list.iter().map(|x| (&**expr, x)).collect(),
        _ => return None,
    };
    let (side, n) = pairs.into_iter().find_map(|(side, other)| {
        Some((side, crate::pg_expr_type::past_float8(other)?)).filter(|(s, _)| float(s))
    })?;
    let n = crate::report::clip(&n);
    Some(format!(
        "it compares or computes {} with the number {n} ({e}), past the range of double precision, which PostgreSQL reads it as here and refuses (it refuses the migration: \"{n}\" is out of range for type double precision): write a number from -1.7976931348623157e308 to 1.7976931348623157e308",
        described(side, Kind::Number(None), column),
    ))
}

/// Why PostgreSQL would refuse `e` itself (not its parts), if the spec's types show it.
fn part_refused(e: &Expr, column: &ColumnTypes) -> Option<String> {
    use BinaryOperator::*;
    match e {
        // Comparisons, wherever they stand (in a CASE, a call): as at the top.
        Expr::BinaryOp { left, op, right } if is_comparison(op) => {
            compare(left, &op.to_string(), right, column)
        }
        Expr::IsDistinctFrom(left, right) | Expr::IsNotDistinctFrom(left, right) => {
            compare(left, "IS DISTINCT FROM", right, column)
        }
        Expr::Between {
            expr, low, high, ..
        } => {
            compare(expr, "BETWEEN", low, column).or_else(|| compare(expr, "BETWEEN", high, column))
        }
        Expr::In {
            expr,
            target: InTarget::List(list),
            ..
        } => in_list(expr, list, column),
        Expr::Function(f) if f.name.0.len() == 1 => {
            let name = f.name.0[0].as_ident()?.value.to_ascii_lowercase();
            if TEXT_FUNCTIONS.binary_search(&name.as_str()).is_ok() {
                let argument = first_argument(f)?;
                let k = kind_of(argument, column)?;
                return not_text(k).then(|| format!(
                    "it calls {name}() on {}, and PostgreSQL has {name}() for text only (it refuses the migration: function {name}(…) does not exist): write {name}({}), or compare the value itself",
                    described(argument, k, column),
                    as_text(argument)
                ));
            }
            unmatched_arguments(&name, f, column)
                .or_else(|| unreadable_argument(&name, f, column))
                .or_else(|| no_float_remainder(e, column))
                .map(|(why, fix)| format!("{why}: {fix}"))
        }
        // No `%` of real or double precision.
        Expr::BinaryOp { op: Modulo, .. } => {
            no_float_remainder(e, column).map(|(why, fix)| format!("{why}: {fix}"))
        }
        Expr::Like { expr, pattern, .. }
        | Expr::ILike { expr, pattern, .. }
        | Expr::SimilarTo { expr, pattern, .. }
        | Expr::BinaryOp {
            left: expr,
            op:
                PGRegexMatch | PGRegexIMatch | PGRegexNotMatch | PGRegexNotIMatch | PGLikeMatch
                | PGILikeMatch | PGNotLikeMatch | PGNotILikeMatch,
            right: pattern,
        } => [expr, pattern].into_iter().find_map(|side| {
            let k = kind_of(side, column)?;
            not_text(k).then(|| format!(
                "it matches {} against a pattern ({e}), and PostgreSQL matches text only (it refuses the migration: operator does not exist): write {} LIKE …, or compare the value itself",
                described(side, k, column),
                as_text(side)
            ))
        }),
        // Dates take whole days (date + integer); timestamps take intervals only.
        Expr::BinaryOp {
            left,
            op: op @ (Plus | Minus),
            right,
        } => {
            // The right side first: sqlparser nests a chain `a + b + … + z` to the left, so
            // `right` is one term and `left` the whole rest of the chain, whose kind is sought
            // only where it can matter; seeking it at every `+` walked the chain again at each
            // one (quadratic: 4,990 terms took half a second).
            let r = kind_of(right, column)?;
            if !left_kind_matters(left, r) {
                return None;
            }
            let l = kind_of(left, column)?;
            let refused = |time: Kind, number: Kind| match (time, number) {
                (Kind::Other(ColumnType::Timestamp | ColumnType::Datetime), Kind::Number(_)) => {
                    Some("a timestamp")
                }
                (Kind::Other(ColumnType::Date), Kind::Number(None)) => Some("a date"),
                _ => None,
            };
            let (what, time) = match refused(l, r) {
                Some(what) => (what, left),
                None => (refused(r, l)?, right),
            };
            Some(format!(
                "it {} {what} ({e}), which PostgreSQL has no operator for (it refuses the migration: operator does not exist): add or subtract an interval, such as {time} {op} interval '1 day'{}",
                if *op == Plus { "adds a number to" } else { "subtracts a number from" },
                if what == "a date" { ", or a whole number of days" } else { "" }
            ))
        }
        Expr::Case {
            operand: None,
            conditions,
            ..
        } => conditions.iter().find_map(|when| {
            let c = &when.condition;
            match kind_of(c, column)? {
                Kind::Boolean => None,
                Kind::Literal(s) if is_boolean_text(s) => None,
                k => Some(format!(
                    "its CASE WHEN tests {}, not true or false, and PostgreSQL needs a boolean there (it refuses the migration: argument of CASE/WHEN must be type boolean): write a comparison, such as CASE WHEN {c} IS NOT NULL THEN …",
                    described(c, k, column)
                )),
            }
        }),
        // Two numbers, booleans, json beside json: no `||` (see [`no_concatenation`]).
        Expr::BinaryOp {
            op: StringConcat, ..
        } => no_concatenation(e, column).map(|(why, fix)| format!("{why}: {fix}")),
        // jsonb's containment, existence, path and deletion operators: json has none, and a
        // string beside jsonb is read as JSON.
        Expr::BinaryOp {
            left,
            op:
                op @ (AtArrow | ArrowAt | Question | QuestionAnd | QuestionPipe | HashMinus
                | AtQuestion | AtAt),
            right,
        } => {
            let json = Some(Kind::Other(ColumnType::Json));
            if kind_of(left, column) == json || kind_of(right, column) == json {
                return Some(jsonb_only(e, left, op, right, column));
            }
            if !matches!(op, AtArrow | ArrowAt) {
                return None;
            }
            let jsonb = Some(Kind::Other(ColumnType::Jsonb));
            let literal = match (kind_of(left, column), kind_of(right, column)) {
                (l, Some(Kind::Literal(s))) if l == jsonb => s,
                (Some(Kind::Literal(s)), r) if r == jsonb => s,
                _ => return None,
            };
            let (what, fix) = unreadable(Kind::Other(ColumnType::Jsonb), literal)?;
            Some(format!(
                "it uses {op} with the string '{}' ({e}), which PostgreSQL cannot read as {what} (it refuses the migration: invalid input syntax for type json): {fix}",
                crate::report::clip(literal)
            ))
        }
        _ => None,
    }
}

/// Why PostgreSQL refuses `e`, `left op right` with json on a side, where it has `op` for jsonb
/// only: with the json side (or sides) cast to jsonb as what to write.
fn jsonb_only(
    e: &Expr,
    left: &Expr,
    op: &BinaryOperator,
    right: &Expr,
    column: &ColumnTypes,
) -> String {
    format!(
        "it uses {op} on json ({e}), which PostgreSQL has for jsonb only (it refuses the migration: operator does not exist): make the column JSONB, or cast it (write {})",
        as_jsonb(left, op, right, column)
    )
}

/// `left op right` with the json side (or sides) cast to jsonb.
fn as_jsonb(left: &Expr, op: &BinaryOperator, right: &Expr, column: &ColumnTypes) -> String {
    let json = Some(Kind::Other(ColumnType::Json));
    let as_jsonb = |side: &Expr| {
        if kind_of(side, column) != json {
            side.to_string()
        } else if let Expr::Cast { expr, .. } = side {
            format!("{}::jsonb", as_operand(expr))
        } else {
            format!("{}::jsonb", as_operand(side))
        }
    };
    format!("{} {op} {}", as_jsonb(left), as_jsonb(right))
}

/// `e` where a `::` cast follows it: a name or a parenthesized expression as it is, anything
/// else in parentheses.
fn as_operand(e: &Expr) -> String {
    match e {
        Expr::Identifier(_) | Expr::CompoundIdentifier(_) | Expr::Nested(_) => e.to_string(),
        Expr::Value(_) => e.to_string(),
        _ => format!("({e})"),
    }
}

/// Whether the kind of `left` can make `left ± right` one PostgreSQL refuses, `right` being
/// of kind `r`: a date or timestamp beside a number is all it refuses. Beside a number, `left`
/// must be the date, and an operator's result never is one ([`kind_of`] gives arithmetic a
/// number or nothing, the others a boolean, text or json), which settles it without walking
/// `left`.
fn left_kind_matters(left: &Expr, r: Kind) -> bool {
    match r {
        Kind::Number(_) => !matches!(left, Expr::BinaryOp { .. }),
        k => is_time(k),
    }
}

/// The one type coalesce(), nullif(), greatest() and least() read their arguments as, when
/// the spec's types settle it: that of the arguments that are not string literals, numbers
/// of any kind together giving a number (integers only when all are), text when all are
/// string literals.
fn common_kind(f: &sqlparser::ast::Function, column: &ColumnTypes) -> Option<Kind<'static>> {
    let types = arguments(f).map(|a| type_of(a, Some(column)));
    Kind::of(crate::pg_expr_type::common_type(
        types.collect::<Option<Vec<_>>>()?,
    )?)
}

/// Why PostgreSQL refuses a call in `e` of coalesce(), greatest(), least() or nullif() whose
/// arguments are of types it has no one type (or no `=`) for, or with a string literal it
/// cannot read as their type, or a `||` it has no operator for, and what to write: the first
/// such part, outermost first. A default asks it with no columns (`nullif(1, now())`,
/// `coalesce(1, 'x')`, `1 || 2`).
pub(crate) fn unmatched_call(e: &Expr, column: &ColumnTypes) -> Option<(String, String)> {
    let mut found = None;
    let mut judged = std::collections::HashSet::new();
    let _ = sqlparser::ast::visit_expressions(e, |x| {
        if judged.contains(&(x as *const Expr)) {
            return std::ops::ControlFlow::Continue(());
        }
        judged.extend(inner_concatenations(x));
        if let Expr::Function(f) = x {
            let name = match &f.name.0[..] {
                [part] => part.as_ident().map(|i| i.value.to_ascii_lowercase()),
                _ => None,
            };
            found = name.and_then(|name| {
                unmatched_arguments(&name, f, column)
                    .or_else(|| unreadable_argument(&name, f, column))
                    .or_else(|| no_float_remainder(x, column))
            });
        } else if let Expr::BinaryOp {
            op: BinaryOperator::Modulo,
            ..
        } = x
        {
            found = no_float_remainder(x, column);
        } else if let Expr::BinaryOp {
            op: BinaryOperator::StringConcat,
            ..
        } = x
        {
            found = no_concatenation(x, column);
        }
        match found {
            Some(_) => std::ops::ControlFlow::Break(()),
            None => std::ops::ControlFlow::Continue(()),
        }
    });
    found
}

/// Why PostgreSQL refuses `e` when it is mod() or `%` of a real or double precision (the spec's
/// REAL column is double precision there): it has both of two integers of a kind and of two
/// numerics only, and converts neither into a numeric on its own (`mod(1, 2.5::float8)`:
/// "function mod(integer, double precision) does not exist"; `price % 2`: "operator does not
/// exist: double precision % integer"; `mod(1::real, 2)`: "function mod(real, integer)"). The
/// reason, with the server's words, and what to write.
fn no_float_remainder(e: &Expr, column: &ColumnTypes) -> Option<(String, String)> {
    let (a, b, call) = match e {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::Modulo,
            right,
        } => (&**left, &**right, false),
        Expr::Function(f) if f.name.0.len() == 1 => {
            let name = f.name.0[0].as_ident()?.value.to_ascii_lowercase();
            let sides: Vec<&Expr> = arguments(f).collect();
            match sides[..] {
                [a, b] if name == "mod" => (a, b, true),
                _ => return None,
            }
        }
        _ => return None,
    };
    let (ta, tb) = (type_of(a, Some(column))?, type_of(b, Some(column))?);
    if !(ta.is_number() && tb.is_number()) || !(ta.is_float() || tb.is_float()) {
        return None;
    }
    let (float, t) = if ta.is_float() { (a, ta) } else { (b, tb) };
    let (what, words) = if call {
        (
            "mod()",
            format!("function mod({}, {}) does not exist", ta.name(), tb.name()),
        )
    } else {
        (
            "%",
            format!("operator does not exist: {} % {}", ta.name(), tb.name()),
        )
    };
    let which = match column_name(float).and_then(|n| column(&n)) {
        Some(ty) => format!("the {} column '{float}' is there", ty.as_str()),
        None => format!("{} is", crate::report::clip(&float.to_string())),
    };
    Some((
        format!(
            "PostgreSQL has {what} of two integers or two numerics only, none of {}, which {which} (it refuses the migration: {words})",
            t.name()
        ),
        format!(
            "cast each real or double precision side to numeric ({}::numeric)",
            crate::report::clip(&as_operand(float))
        ),
    ))
}

/// Why PostgreSQL refuses `name(…)` (coalesce, greatest, least or nullif), `f`, whose
/// arguments are of two types it has no one type for (`coalesce(name, 0)`: "COALESCE types
/// text and integer cannot be matched"; json beside jsonb: "could not convert type jsonb to
/// json"), or, for nullif(), which compares them, no `=` for (`nullif(1, now())`: "operator
/// does not exist: integer = timestamp with time zone"; json has none at all): numbers of any
/// kind go together, as do dates and timestamps, and string literals take the others' type
/// ([`common_kind`] then judges them); anything else of two kinds is refused. The reason, and
/// what to write.
fn unmatched_arguments(
    name: &str,
    f: &sqlparser::ast::Function,
    column: &ColumnTypes,
) -> Option<(String, String)> {
    let nullif = match name {
        "nullif" => true,
        "coalesce" | "greatest" | "least" => false,
        _ => return None,
    };
    let kinds = arguments(f)
        .map(|a| kind_of(a, column).map(|k| (a, k)))
        .collect::<Option<Vec<_>>>()?;
    let json = Kind::Other(ColumnType::Json);
    if let Some((side, k)) = kinds.iter().find(|(_, k)| nullif && *k == json) {
        return Some((
            format!(
                "nullif() compares its arguments (=), and PostgreSQL has no equality operator for json, which {} is (it refuses the migration: operator does not exist: json = …)",
                described(side, *k, column)
            ),
            format!(
                "compare its text ({}), or make it JSONB, which has one",
                as_text(side)
            ),
        ));
    }
    let mut typed = kinds.iter().filter(|(_, k)| !matches!(k, Kind::Literal(_)));
    let (first, k) = typed.next()?;
    let together = |a: Kind, b: Kind| {
        a == b || matches!((a, b), (Kind::Number(_), Kind::Number(_))) || (is_time(a) && is_time(b))
    };
    let (other, o) = typed.find(|(_, o)| !together(*k, *o))?;
    let text_side = match (k, o) {
        (Kind::Text, _) => Some(other),
        (_, Kind::Text) => Some(first),
        _ => None,
    };
    let fix = match text_side {
        Some(side) => format!("make them one type, such as {}", as_text(side)),
        None => "make them one type, with a cast (::type) of one of them".to_string(),
    };
    let (first, other) = (described(first, *k, column), described(other, *o, column));
    let why = if nullif {
        format!("nullif() compares its arguments (=), and PostgreSQL has no operator for {first} and {other} (it refuses the migration: operator does not exist)")
    } else {
        format!(
            "{name}() reads all its arguments as one type, and PostgreSQL has none for {first} and {other} (it refuses the migration: {} types cannot be matched)",
            name.to_ascii_uppercase()
        )
    };
    Some((why, fix))
}

/// Why PostgreSQL refuses `name(…)` (coalesce, greatest, least or nullif), `f`, which reads
/// a string literal as the type of its other arguments that cannot be read as it
/// (`coalesce(1, 'x')`: "invalid input syntax for type integer"; a UUID, a date, a boolean,
/// JSON likewise), and what to write.
fn unreadable_argument(
    name: &str,
    f: &sqlparser::ast::Function,
    column: &ColumnTypes,
) -> Option<(String, String)> {
    if !matches!(name, "coalesce" | "nullif" | "greatest" | "least") {
        return None;
    }
    let k = common_kind(f, column)?;
    arguments(f).find_map(|a| match kind_of(a, column)? {
        Kind::Literal(s) => {
            if let Kind::Number(Some(t)) = k {
                let tinyint = t == PgType::Int2 && arguments(f).any(|x| is_tinyint(x, column));
                if let Some((words, fix)) = past_integer_range(t, s, tinyint) {
                    return Some((
                        format!(
                            "{name}() reads all its arguments as one type, here {}, and the string '{}' is past its range (it refuses the migration: {words})",
                            t.name(),
                            crate::report::clip(s)
                        ),
                        fix,
                    ));
                }
            }
            let (what, fix) = unreadable(k, s).or(match k {
                Kind::Number(Some(_)) if !is_integer_text(s) => {
                    Some(("an integer", "write a whole number"))
                }
                Kind::Number(None) if !is_number_text(s) => Some(("a number", "write a number")),
                _ => None,
            })?;
            Some((
                format!(
                    "{name}() reads all its arguments as one type, here {}, and PostgreSQL cannot read the string '{}' as {what} (it refuses the migration: invalid input syntax)",
                    k.describe(),
                    crate::report::clip(s)
                ),
                fix.to_string(),
            ))
        }
        _ => None,
    })
}

/// Why PostgreSQL refuses the chain of `||` that `e` is, at its first step it has no operator
/// for (PostgreSQL 15 has `||` for a text or string-literal side, jsonb and bytea only: `1 ||
/// 2` is "operator does not exist: integer || integer"), and what to write: the server's words,
/// with the column's type as it names it.
fn no_concatenation(e: &Expr, column: &ColumnTypes) -> Option<(String, String)> {
    let refused = crate::pg_expr_type::concatenation(e, Some(column)).err()?;
    let (left, right) = (refused.left, refused.right);
    let (l, r) = refused.types;
    let server_name = |side: &Expr, t: PgType| match column_name(side).and_then(|n| column(&n)) {
        Some(ty) => crate::pg_default_type::column_pg_name(ty),
        None => t.name(),
    };
    let said = |side: &Expr, t: PgType| match Kind::of(t) {
        Some(k) => described(side, k, column),
        None => "a string".to_string(),
    };
    if let Some(s) = refused.unreadable_json {
        return Some((
            format!(
                "it concatenates jsonb and the string '{}' ({}), which PostgreSQL reads as jsonb and cannot (it refuses the migration: invalid input syntax for type json)",
                crate::report::clip(s),
                refused.step
            ),
            "write JSON text, such as '{}', '[]' or '{\"a\": 1}', or cast a side to text to concatenate text".to_string(),
        ));
    }
    if let Some((s, words)) = refused.unreadable_bytea {
        return Some((
            format!(
                "it concatenates bytea and the string '{}' ({}), which PostgreSQL reads as bytea and cannot (it refuses the migration: {words})",
                crate::report::clip(s),
                refused.step
            ),
            "write bytea's hex format, '\\x' and pairs of hex digits ('\\x4142'), or cast a side to text to concatenate text".to_string(),
        ));
    }
    let op = BinaryOperator::StringConcat;
    let json = [l, r].contains(&PgType::Json)
        && [l, r]
            .iter()
            .all(|t| matches!(t, PgType::Json | PgType::Jsonb));
    let fix = if json {
        format!(
            "make the column JSONB, or cast it (write {})",
            as_jsonb(left, &op, right, column)
        )
    } else {
        format!(
            "write concat({left}, {right}), which takes any types, or cast a side to text ({} || {right})",
            as_text(left)
        )
    };
    Some((
        format!(
            "it concatenates {} and {} ({}), and PostgreSQL has || for text (on either side), jsonb and bytea only (it refuses the migration: operator does not exist: {} || {})",
            said(left, l),
            said(right, r),
            refused.step,
            server_name(left, l),
            server_name(right, r)
        ),
        fix,
    ))
}

/// [`not_a_condition`] for the shape of `e`: a boolean, and comparisons PostgreSQL has.
fn not_boolean(e: &Expr, column: &ColumnTypes) -> Option<String> {
    match e {
        Expr::Nested(inner) => not_boolean(inner, column),
        Expr::BinaryOp {
            left,
            op: BinaryOperator::And | BinaryOperator::Or,
            right,
        } => not_boolean(left, column).or_else(|| not_boolean(right, column)),
        Expr::UnaryOp {
            op: UnaryOperator::Not,
            expr,
        }
        | Expr::IsTrue(expr)
        | Expr::IsFalse(expr)
        | Expr::IsNotTrue(expr)
        | Expr::IsNotFalse(expr)
        | Expr::IsUnknown(expr)
        | Expr::IsNotUnknown(expr) => not_boolean(expr, column),
        Expr::BinaryOp { left, op, right } if is_comparison(op) => {
            compare(left, &op.to_string(), right, column)
        }
        Expr::IsDistinctFrom(left, right) | Expr::IsNotDistinctFrom(left, right) => {
            compare(left, "IS DISTINCT FROM", right, column)
        }
        Expr::Between {
            expr, low, high, ..
        } => {
            compare(expr, "BETWEEN", low, column).or_else(|| compare(expr, "BETWEEN", high, column))
        }
        Expr::In {
            expr,
            target: InTarget::List(list),
            ..
        } => in_list(expr, list, column),
        _ => match kind_of(e, column) {
            None | Some(Kind::Boolean) => None,
            // An untyped literal is read as a boolean: 't', 'yes', 'off', …
            Some(Kind::Literal(s)) if is_boolean_text(s) => None,
            Some(k) => {
                let example = match k {
                    Kind::Number(_) => format!("\"{e} > 0\""),
                    Kind::Text => format!("\"{e} <> ''\""),
                    Kind::Literal(_) => "\"column = 'value'\"".to_string(),
                    _ => format!("\"{e} IS NOT NULL\""),
                };
                Some(format!(
                    "it is {}, not true or false, and PostgreSQL needs a boolean condition here (for example {example})",
                    described(e, k, column)
                ))
            }
        },
    }
}

/// Why PostgreSQL has no comparison for `expr IN (list)`, if the kinds show it.
fn in_list(expr: &Expr, list: &[Expr], column: &ColumnTypes) -> Option<String> {
    // With two or more items without a column, PostgreSQL reads them and the left side as one
    // common type (`age IN ('1.5', 2.5)` compares numerics, and takes '1.5'); the items with a
    // column are compared one by one.
    let constants = list.iter().filter(|x| !has_column(x)).count();
    let numeric = constants >= 2
        && std::iter::once(expr)
            .chain(list.iter().filter(|x| !has_column(x)))
            .any(|x| kind_of(x, column) == Some(Kind::Number(None)));
    list.iter().find_map(|x| {
        if numeric && !has_column(x) {
            compare_as(expr, "IN", x, column, true)
        } else {
            compare(expr, "IN", x, column)
        }
    })
}

/// Whether PostgreSQL reads `text` as a boolean (`boolin`: true, yes, on, 1 and their opposites,
/// any unambiguous prefix, any case, spaces around).
fn is_boolean_text(text: &str) -> bool {
    let t = text.trim().to_ascii_lowercase();
    if t == "1" || t == "0" {
        return true;
    }
    // "o" could be on or off.
    t.len() >= if t.starts_with('o') { 2 } else { 1 }
        && ["true", "false", "yes", "no", "on", "off"]
            .iter()
            .any(|word| word.starts_with(t.as_str()))
}

/// Whether PostgreSQL may read `text` as an integer (`int4in`/`int8in`: digits with a sign,
/// spaces around; from PostgreSQL 16 also 0x, 0o and 0b prefixes and underscores between digits,
/// which PGlite takes).
fn is_integer_text(text: &str) -> bool {
    let t = text.trim();
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    let (body, radix) = match digits.get(..2).map(|p| p.to_ascii_lowercase()) {
        Some(p) if p == "0x" => (&digits[2..], 16),
        Some(p) if p == "0o" => (&digits[2..], 8),
        Some(p) if p == "0b" => (&digits[2..], 2),
        _ => (digits, 10),
    };
    body.chars().any(|c| c.is_digit(radix)) && body.chars().all(|c| c == '_' || c.is_digit(radix))
}

/// Whether PostgreSQL may read `text` as a number: what Rust reads as an f64 (numeric and double
/// precision also take NaN and Infinity), a hexadecimal number for double precision (`float8in`
/// calls C's strtod: '0x10'), and what it reads as an integer (from PostgreSQL 16 numeric takes
/// 0x, 0o, 0b and underscores too).
fn is_number_text(text: &str) -> bool {
    let t = text.trim();
    t.parse::<f64>().is_ok() || t.replace('_', "").parse::<f64>().is_ok() || is_integer_text(t)
}

/// Whether `e` names a column anywhere in it (PostgreSQL's IN reads the items without one in a
/// common type).
fn has_column(e: &Expr) -> bool {
    sqlparser::ast::visit_expressions(e, |x| match x {
        Expr::Identifier(_) | Expr::CompoundIdentifier(_) => std::ops::ControlFlow::Break(()),
        _ => std::ops::ControlFlow::Continue(()),
    })
    .is_break()
}

/// `k`, the kind of `e`, said with the column when `e` is one.
fn described(e: &Expr, k: Kind, column: &ColumnTypes) -> String {
    match column_name(e) {
        Some(name) => match column(&name) {
            Some(ty) => format!("the {} column '{name}'", ty.as_str()),
            None => k.describe(),
        },
        None => k.describe(),
    }
}

fn is_comparison(op: &BinaryOperator) -> bool {
    use BinaryOperator::*;
    matches!(op, Eq | NotEq | Lt | Gt | LtEq | GtEq)
}

/// Why PostgreSQL has no operator comparing `left` with `right` (`op` between them), if their
/// kinds show it.
fn compare(left: &Expr, op: &str, right: &Expr, column: &ColumnTypes) -> Option<String> {
    compare_as(left, op, right, column, false)
}

/// [`compare`]; with `numeric`, an integer on either side is read as PostgreSQL reads it in a
/// common type with a non-integer number (numeric, double precision).
fn compare_as(
    left: &Expr,
    op: &str,
    right: &Expr,
    column: &ColumnTypes,
    numeric: bool,
) -> Option<String> {
    fn widen(k: Kind<'_>, numeric: bool) -> Kind<'_> {
        match k {
            Kind::Number(Some(_)) if numeric => Kind::Number(None),
            k => k,
        }
    }
    let json = Some(Kind::Other(ColumnType::Json));
    if kind_of(left, column) == json || kind_of(right, column) == json {
        return Some(json_has_no_comparison(left, op, right, column));
    }
    let (l, r) = (
        widen(kind_of(left, column)?, numeric),
        widen(kind_of(right, column)?, numeric),
    );
    let clash = |a: Kind, side: &Expr, b: Kind| -> Option<String> {
        if let (Kind::Number(Some(t)), Kind::Literal(s)) = (a, b) {
            if let Some((words, fix)) = past_integer_range(t, s, is_tinyint(side, column)) {
                return Some(format!(
                    "it compares {} with the string '{}' ({left} {op} {right}), which PostgreSQL reads as {} and refuses (it refuses the migration: {words}): {fix}",
                    described(side, a, column),
                    crate::report::clip(s),
                    t.name()
                ));
            }
        }
        if let (a, Kind::Literal(s)) = (a, b) {
            if let Some((what, fix)) = unreadable(a, s) {
                return Some(format!(
                    "it compares {} with the string '{}' ({left} {op} {right}), which PostgreSQL cannot read as {what} and refuses (invalid input syntax, or a date/time field out of range): {fix}",
                    a.describe(),
                    crate::report::clip(s)
                ));
            }
        }
        match (a, b) {
            (Kind::Boolean, Kind::Number(_)) => Some(format!(
                "it compares a boolean with a number ({left} {op} {right}), which PostgreSQL has no operator for: write the boolean itself, NOT it, or compare it with true/false"
            )),
            (Kind::Text | Kind::Other(_) | Kind::Bits, Kind::Number(_)) => Some(format!(
                "it compares {} with a number ({left} {op} {right}), which PostgreSQL has no operator for: compare with a quoted value, or CAST one side",
                a.describe()
            )),
            (Kind::Number(Some(_)), Kind::Literal(s)) if !is_integer_text(s) => Some(format!(
                "it compares an integer with the string '{}', which PostgreSQL cannot read as an integer",
                crate::report::clip(s)
            )),
            // Two typed values of different types PostgreSQL casts neither way between
            // (`name = id`: text = uuid, `active = name`); dates and timestamps compare.
            (
                Kind::Text | Kind::Boolean | Kind::Other(_) | Kind::Bits,
                Kind::Text | Kind::Boolean | Kind::Other(_) | Kind::Bits,
            ) if a != b && !(is_time(a) && is_time(b)) =>
            {
                Some(format!(
                    "it compares {} with {} ({left} {op} {right}), which PostgreSQL has no operator for: CAST one side to the other's type",
                    a.describe(),
                    b.describe()
                ))
            }
            // numeric and double precision also take NaN and Infinity, which Rust reads too.
            (Kind::Number(None), Kind::Literal(s)) if !is_number_text(s) => Some(format!(
                "it compares a number with the string '{}', which PostgreSQL cannot read as a number",
                crate::report::clip(s)
            )),
            _ => None,
        }
    };
    clash(l, left, r).or_else(|| clash(r, right, l))
}

/// The server's words and what to write, when PostgreSQL reads the string `s` as the integer
/// type `t` and it is an integer past `t`'s range ("value "40000" is out of range for type
/// smallint"; the spec's TINYINT is SMALLINT there, -32768 to 32767); `tinyint`: the
/// type is that of a TINYINT column, which the suggestion says.
fn past_integer_range(t: PgType, s: &str, tinyint: bool) -> Option<(String, String)> {
    let (min, max) = integer_range(t)?;
    let value = integer_text_value(s)?;
    if value >= i128::from(min) && value <= i128::from(max) {
        return None;
    }
    Some((
        format!(
            "value \"{}\" is out of range for type {}",
            crate::report::clip(s),
            t.name()
        ),
        format!(
            "write a whole number from {min} to {max}, {}'s range{}",
            t.name(),
            if tinyint {
                " (the spec's TINYINT is SMALLINT on PostgreSQL)"
            } else {
                ""
            }
        ),
    ))
}

/// Whether `e` is a TINYINT column (SMALLINT on PostgreSQL).
fn is_tinyint(e: &Expr, column: &ColumnTypes) -> bool {
    column_name(e).and_then(|n| column(&n)) == Some(ColumnType::Tinyint)
}

/// The values PostgreSQL's integer type `t` holds (`None` for any other type).
fn integer_range(t: PgType) -> Option<(i64, i64)> {
    Some(match t {
        PgType::Int2 => (i16::MIN.into(), i16::MAX.into()),
        PgType::Int4 => (i32::MIN.into(), i32::MAX.into()),
        PgType::Int8 => (i64::MIN, i64::MAX),
        _ => return None,
    })
}

/// The integer `text` is as PostgreSQL 15's `int2in`/`int4in`/`int8in` read it, when it is one
/// written in decimal digits (a sign, spaces around); any value past `i128` is given as
/// `i128::MAX` or `MIN` (past every integer type's range either way).
fn integer_text_value(text: &str) -> Option<i128> {
    let t = text.trim_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let (negative, digits) = match t.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let magnitude = digits.parse::<i128>().unwrap_or(i128::MAX);
    Some(if negative { -magnitude } else { magnitude })
}

/// Whether `k` is a date or a timestamp (which compare with each other).
fn is_time(k: Kind) -> bool {
    matches!(
        k,
        Kind::Other(ColumnType::Date | ColumnType::Timestamp | ColumnType::Datetime)
    )
}

/// What a comparison of json says: PostgreSQL has no equality or ordering operator for json
/// (`operator does not exist: json = unknown`, `json <> json`), so `=`, `<>`, `<`, IN, BETWEEN
/// and IS DISTINCT FROM are all refused; jsonb has them.
fn json_has_no_comparison(left: &Expr, op: &str, right: &Expr, column: &ColumnTypes) -> String {
    let as_text = |e: &Expr| match e {
        Expr::Identifier(_) | Expr::CompoundIdentifier(_) | Expr::Nested(_) => format!("{e}::text"),
        _ => format!("({e})::text"),
    };
    let json = Some(Kind::Other(ColumnType::Json));
    let (left_text, right_text) = (
        if kind_of(left, column) == json {
            as_text(left)
        } else {
            left.to_string()
        },
        if kind_of(right, column) == json {
            as_text(right)
        } else {
            right.to_string()
        },
    );
    let example = match op {
        "IN" | "BETWEEN" => format!("{left_text} {op} …"),
        _ => format!("{left_text} {op} {right_text}"),
    };
    format!(
        "it compares json ({left} {op} {right}), and PostgreSQL has no equality or ordering operator for json (it refuses the migration: operator does not exist: json {op} …): compare its text ({example}), or make the column JSONB, which has them"
    )
}

/// What PostgreSQL fails to read the string `s` as, where a value of kind `k` takes it (a
/// comparison, a coalesce), and how to write it; numbers are judged in [`compare_as`].
fn unreadable(k: Kind, s: &str) -> Option<(&'static str, &'static str)> {
    match k {
        Kind::Boolean if !is_boolean_text(s) => Some((
            "a boolean",
            "write true or false (or 't', 'f', 'yes', 'no', 'on', 'off', '1', '0')",
        )),
        Kind::Other(ColumnType::Uuid) if !is_uuid_text(s) => Some((
            "a UUID",
            "write 32 hexadecimal digits, such as 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', or compare the text (column::text = '…')",
        )),
        Kind::Other(ColumnType::Date) if !may_be_date_text(s) => Some((
            "a date",
            "write a real date, such as '2024-01-31' (YYYY-MM-DD)",
        )),
        Kind::Other(ColumnType::Timestamp | ColumnType::Datetime) if !may_be_date_text(s) => {
            Some((
                "a timestamp",
                "write a real date and time, such as '2024-01-31 12:00:00'",
            ))
        }
        Kind::Bits if !is_bit_text(s) => Some((
            "a bit string",
            "write binary digits, such as '101' (or B'101'), or compare the text (column::text = '…')",
        )),
        Kind::Other(ColumnType::Json | ColumnType::Jsonb) if !crate::defaults::postgres_reads_json(s) => {
            Some((
                "JSON",
                "write JSON text, such as '{}', '[]' or '{\"a\": 1}'",
            ))
        }
        _ => None,
    }
}

/// Whether PostgreSQL reads `text` as a bit string (`bit_in`): binary digits, or after a
/// leading `x` (or `X`) hexadecimal ones, after a leading `b` (or `B`) binary ones.
fn is_bit_text(text: &str) -> bool {
    match text.as_bytes() {
        [b'x' | b'X', rest @ ..] => rest.iter().all(u8::is_ascii_hexdigit),
        [b'b' | b'B', rest @ ..] | rest => rest.iter().all(|b| matches!(b, b'0' | b'1')),
    }
}

/// Whether PostgreSQL reads `text` as a uuid (`uuid_in`): 32 hexadecimal digits, a hyphen
/// allowed after any group of four, the whole optionally in braces, nothing else (no spaces).
fn is_uuid_text(text: &str) -> bool {
    let inner = match text.strip_prefix('{') {
        Some(rest) => match rest.strip_suffix('}') {
            Some(inner) => inner,
            None => return false,
        },
        None => text,
    };
    let mut digits = 0;
    let mut bytes = inner.bytes().peekable();
    while let Some(b) = bytes.next() {
        if !b.is_ascii_hexdigit() {
            return false;
        }
        digits += 1;
        if digits % 4 == 0 && digits < 32 && bytes.peek() == Some(&b'-') {
            bytes.next();
        }
    }
    digits == 32
}

/// Whether PostgreSQL may read `text` as a date or timestamp. Its reader takes many forms
/// ('Jan 5 2024', '20240105', 'today', 'epoch 'infinity', time zones), so only these are refused
/// here: text with no digit and none of its special words, and up to five digits alone ('1',
/// '2024': "invalid input syntax for type date"); text that starts with an ISO date,
/// YYYY-MM-DD, that is no day of the calendar ('2024-13-01', '2024-02-30', year 0), or whose
/// time after it is out of range ('2024-01-01 25:00': "date/time field value out of range").
/// BC dates are left to the server.
fn may_be_date_text(text: &str) -> bool {
    let t = text.trim().to_ascii_lowercase();
    if !t.bytes().any(|b| b.is_ascii_digit()) {
        const WORDS: &[&str] = &[
            "epoch",
            "infinity",
            "-infinity",
            "now",
            "today",
            "tomorrow",
            "yesterday",
        ];
        return t.split_whitespace().any(|w| WORDS.contains(&w));
    }
    if t.contains("bc") {
        return true;
    }
    // Up to five digits and nothing else ('1', '2024'): no form PostgreSQL reads ("invalid
    // input syntax"); six or more may be a date written without separators ('240105').
    if t.len() <= 5 && t.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    // YYYY-M(M)-D(D), then the end or something other than a digit.
    let mut parts = t.splitn(3, '-');
    let (Some(y), Some(m), Some(rest)) = (parts.next(), parts.next(), parts.next()) else {
        return true;
    };
    let d: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    let numeric = |p: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if !(numeric(y, 4..=4) && numeric(m, 1..=2) && numeric(&d, 1..=2)) {
        return true;
    }
    let after = &rest[d.len()..];
    let (y, m, d) = (
        y.parse::<i32>().unwrap_or(0),
        m.parse::<u32>().unwrap_or(0),
        d.parse::<u32>().unwrap_or(0),
    );
    if y < 1 || chrono::NaiveDate::from_ymd_opt(y, m, d).is_none() {
        return false;
    }
    // A time after it, hh:mm[:ss[.f]] (any AM/PM or zone after that is left to the server).
    after
        .strip_prefix([' ', 't'])
        .is_none_or(|time| time_may_be_in_range(time.trim_start()))
}

/// Whether `time`, when it starts with `h(h):m(m)[:s(s)[.f]]`, is a time of day PostgreSQL
/// takes: hours to 24 (24:00:00 only, the next midnight), minutes to 59, seconds to 60 (a whole
/// 60 rolls over to the next minute); '25:00', '23:60', '23:59:61' and '23:59:60.5' are "out of
/// range". Anything else is left to the server (true).
fn time_may_be_in_range(time: &str) -> bool {
    let digits = |s: &str| -> Option<(u32, usize)> {
        let n = s.bytes().take_while(u8::is_ascii_digit).count();
        (1..=2)
            .contains(&n)
            .then(|| (s[..n].parse().unwrap_or(0), n))
    };
    let Some((h, n)) = digits(time) else {
        return true;
    };
    let Some(rest) = time[n..].strip_prefix(':') else {
        return true;
    };
    let Some((m, n)) = digits(rest) else {
        return true;
    };
    let rest = &rest[n..];
    let (sec, fraction) = match rest
        .strip_prefix(':')
        .and_then(|r| digits(r).map(|d| (d, r)))
    {
        Some(((sec, n), r)) => {
            let f = r[n..].strip_prefix('.').map_or("", |f| {
                let k = f.bytes().take_while(u8::is_ascii_digit).count();
                &f[..k]
            });
            (sec, f.bytes().any(|b| b != b'0'))
        }
        None => (0, false),
    };
    let whole = sec < 60 || (sec == 60 && !fraction);
    m <= 59 && whole && (h < 24 || (h == 24 && m == 0 && sec == 0 && !fraction))
}

/// What `e` evaluates to, when the spec's types and its shape settle it: a string literal
/// with its text, anything else as [`type_of`] types it with the table's columns.
fn kind_of<'a>(e: &'a Expr, column: &ColumnTypes) -> Option<Kind<'a>> {
    match e {
        Expr::Nested(inner) => kind_of(inner, column),
        // E'…' and $$…$$ are string literals too, of no type until compared (sqlparser gives
        // E'…' with its escapes undone).
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) | Value::EscapedStringLiteral(s) => Some(Kind::Literal(s)),
            Value::DollarQuotedString(d) => Some(Kind::Literal(&d.value)),
            _ => Kind::of(type_of(e, Some(column))?),
        },
        _ => Kind::of(type_of(e, Some(column))?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::dialect::PostgreSqlDialect;
    use sqlparser::parser::Parser;

    fn judge(text: &str) -> Option<String> {
        let expr = Parser::new(&PostgreSqlDialect {})
            .try_with_sql(text)
            .unwrap()
            .parse_expr()
            .unwrap();
        let column = |name: &str| match name {
            "age" => Some(ColumnType::Integer),
            "price" => Some(ColumnType::Decimal),
            "name" => Some(ColumnType::Varchar),
            "active" => Some(ColumnType::Boolean),
            "born" => Some(ColumnType::Date),
            "id" => Some(ColumnType::Uuid),
            "meta" => Some(ColumnType::Jsonb),
            "score" => Some(ColumnType::Real),
            "tiny" => Some(ColumnType::Tinyint),
            "big" => Some(ColumnType::Bigint),
            "payload" => Some(ColumnType::Json),
            "placed" => Some(ColumnType::Timestamp),
            _ => None,
        };
        not_a_condition(&expr, &column)
    }

    /// The conditions PostgreSQL 15 refuses and takes (the Node engine test runs each there).
    const CONDITIONS: &str = include_str!("../__test__/data/postgres-conditions.json");

    #[test]
    fn what_postgresql_refuses_as_a_condition_is_named() {
        let conditions: serde_json::Value = serde_json::from_str(CONDITIONS).unwrap();
        let list =
            |key: &str| -> Vec<String> { serde_json::from_value(conditions[key].clone()).unwrap() };
        let (refused, taken) = (list("refused"), list("taken"));
        assert!(refused.len() > 10 && taken.len() > 10);
        for text in &refused {
            assert!(judge(text).is_some(), "{text}");
        }
        for text in &taken {
            assert_eq!(judge(text), None, "{text}");
        }
        // A function it does not know is left to the server.
        assert_eq!(judge("unknown_function(age)"), None);
        // double precision reads what C's strtod reads, hexadecimal too (PostgreSQL 15 takes
        // `score = '0x10'`; numeric does not).
        assert_eq!(judge("score = '0x10'"), None);
        // PostgreSQL 16 and later (PGlite) read these as integers; 15 does not.
        for text in [
            "age = '0x1F'",
            "age = '1_000'",
            "age = '-0o17'",
            "age = '0b101'",
        ] {
            assert_eq!(judge(text), None, "{text}");
        }
        for text in ["age = '0x'", "age = '_'", "age = '0b12'", "age = '1.5'"] {
            assert!(judge(text).is_some(), "{text}");
        }
        assert!(judge("score = 'abc'").is_some());
        assert_eq!(
            judge("age + 1").unwrap(),
            "it is a number, not true or false, and PostgreSQL needs a boolean condition here (for example \"age + 1 > 0\")"
        );
        assert!(judge("age")
            .unwrap()
            .starts_with("it is the INTEGER column 'age', not true or false"));
        assert!(judge("active = 1")
            .unwrap()
            .starts_with("it compares a boolean with a number (active = 1)"));
        assert!(judge("age = 'abc'")
            .unwrap()
            .starts_with("it compares an integer with the string 'abc'"));
        assert!(judge("price = 'abc'")
            .unwrap()
            .starts_with("it compares a number with the string 'abc'"));
        // The example given is one the check itself takes.
        for text in ["age", "name", "born", "meta", "lower(name)", "id", "'abc'"] {
            let message = judge(text).unwrap();
            let example = message
                .split("(for example \"")
                .nth(1)
                .unwrap()
                .trim_end_matches("\")");
            let example = example.replace("column", "name");
            assert_eq!(judge(&example), None, "{text}: {example}");
        }
        assert!(judge("name")
            .unwrap()
            .ends_with("(for example \"name <> ''\")"));
    }

    /// A user trial on PostgreSQL 15: text functions and LIKE on other types ("function
    /// length(integer) does not exist", "operator does not exist: uuid ~~ unknown"), a number
    /// added to a timestamp, a CASE WHEN that is not boolean, a string coalesce() cannot read as
    /// its type, jsonb's @> with a string that is not JSON, and json's @>.
    #[test]
    fn parts_postgresql_has_no_function_or_operator_for_are_refused() {
        assert_eq!(
            judge("length(age) > 0").unwrap(),
            "it calls length() on the INTEGER column 'age', and PostgreSQL has length() for text only (it refuses the migration: function length(…) does not exist): write length(age::text), or compare the value itself"
        );
        assert_eq!(
            judge("id LIKE 'x%'").unwrap(),
            "it matches the UUID column 'id' against a pattern (id LIKE 'x%'), and PostgreSQL matches text only (it refuses the migration: operator does not exist): write id::text LIKE …, or compare the value itself"
        );
        assert_eq!(
            judge("placed + 1 > placed").unwrap(),
            "it adds a number to a timestamp (placed + 1), which PostgreSQL has no operator for (it refuses the migration: operator does not exist): add or subtract an interval, such as placed + interval '1 day'"
        );
        assert!(judge("born - 1.5 > born")
            .unwrap()
            .starts_with("it subtracts a number from a date (born - 1.5)"));
        assert_eq!(
            judge("CASE WHEN age THEN true END").unwrap(),
            "its CASE WHEN tests the INTEGER column 'age', not true or false, and PostgreSQL needs a boolean there (it refuses the migration: argument of CASE/WHEN must be type boolean): write a comparison, such as CASE WHEN age IS NOT NULL THEN …"
        );
        assert!(judge("coalesce(age, 'x') = 'x'")
            .unwrap()
            .starts_with("it compares an integer with the string 'x'"));
        assert_eq!(
            judge("coalesce(age, 'x') IS NOT NULL").unwrap(),
            "coalesce() reads all its arguments as one type, here a number, and PostgreSQL cannot read the string 'x' as an integer (it refuses the migration: invalid input syntax): write a whole number"
        );
        assert!(judge("meta @> 'notjson'")
            .unwrap()
            .starts_with("it uses @> with the string 'notjson' (meta @> 'notjson'), which PostgreSQL cannot read as JSON"));
        assert!(judge("payload @> '{}'").unwrap().starts_with(
            "it uses @> on json (payload @> '{}'), which PostgreSQL has for jsonb only"
        ));
        for text in [
            "char_length(price) > 0",
            "octet_length(active) > 0",
            "lower(born) = 'x'",
            "upper(id) = 'X'",
            "btrim(age) = ''",
            "rtrim(meta) = 'x'",
            "age > 0 AND length(id) > 0",
            "age LIKE '1%'",
            "'x' LIKE id",
            "born NOT ILIKE '2%'",
            "active SIMILAR TO 't'",
            "age ~ '1'",
            "id !~* 'x'",
            "1 + placed > placed",
            "placed - age > placed",
            "born + price > born",
            "CASE WHEN name THEN true END",
            "CASE WHEN 'x' THEN true END",
            "CASE WHEN meta THEN true ELSE false END",
            "(CASE WHEN age > 0 THEN age END) > 0 AND CASE WHEN id THEN true END",
            "coalesce(id, 'x') IS NOT NULL",
            "coalesce(born, '2024-13-01') IS NOT NULL",
            "coalesce(age, price, 'x') > 0",
            "coalesce('x', age) > 0",
            "nullif(active, 'x')",
            "coalesce(active, 'maybe')",
            "greatest(age, 'x') = 1",
            "coalesce(meta, 'x') IS NOT NULL",
            "'x' <@ meta",
            "meta @> payload",
            "payload->'a' = '1'",
            "payload #> '{a}' = '1'",
            "meta->'a' = 'x'",
            "meta->'a' > 5",
        ] {
            assert!(judge(text).is_some(), "{text}");
        }
        for text in [
            "length(name) > 0",
            "length('abc') > 0",
            "length(id::text) > 0",
            "length(unknown_function(age)) > 0",
            "name LIKE 'x%'",
            "id::text LIKE 'x%'",
            "born + 1 > born",
            "1 + born > born",
            "born - age > born",
            "placed + interval '1 day' > placed",
            "placed - placed > interval '1 day'",
            "CASE WHEN active THEN true END",
            "CASE WHEN 't' THEN true END",
            "CASE age WHEN 1 THEN true ELSE false END",
            "CASE WHEN age > 0 THEN true ELSE false END",
            "coalesce(name, 'x') = 'x'",
            "coalesce(age, price, '1.5') > 0",
            "coalesce(active, 'yes')",
            "coalesce(meta, '{}') IS NOT NULL",
            "coalesce(id, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11') IS NOT NULL",
            "nullif(age, '0') > 0",
            "meta @> '{}'",
            "'{}' <@ meta",
            "meta->>'a' = 'x'",
            "meta->'a' = '1'",
            "meta ? 'a'",
        ] {
            assert_eq!(judge(text), None, "{text}");
        }
    }

    /// PostgreSQL 15 has `||` for a text or string-literal side, jsonb and bytea only: two
    /// integers are "operator does not exist: integer || integer" (the test `pg_default_types`
    /// runs these forms there, for every column type).
    #[test]
    fn concatenation_postgresql_has_no_operator_for_is_refused() {
        assert_eq!(
            judge("age || age > ''").unwrap(),
            "it concatenates the INTEGER column 'age' and the INTEGER column 'age' (age || age), and PostgreSQL has || for text (on either side), jsonb and bytea only (it refuses the migration: operator does not exist: integer || integer): write concat(age, age), which takes any types, or cast a side to text (age::text || age)"
        );
        assert!(judge("meta || 'x' IS NULL")
            .unwrap()
            .contains("invalid input syntax for type json"));
        assert!(judge("payload || payload IS NULL")
            .unwrap()
            .contains("operator does not exist: json || json"));
        for text in [
            "1 || 2 || name IS NULL",
            "active || born IS NULL",
            "id || 1 IS NULL",
            "meta || payload IS NULL",
            "score || price IS NULL",
        ] {
            assert!(judge(text).is_some(), "{text}");
        }
        for text in [
            "name || age > ''",
            "'a' || age || age > ''",
            "age || 'x' > ''",
            "payload || 'x' > ''",
            "meta || '{}' IS NULL",
            "(meta || meta) ? 'a'",
        ] {
            assert_eq!(judge(text), None, "{text}");
        }
    }

    /// A chain of `||` is judged in time linear in its terms, as one of `+` is (counted: the
    /// column lookups).
    #[test]
    fn a_chain_of_concatenations_is_walked_a_bounded_number_of_times() {
        let terms = 1_000;
        let lookups = std::cell::Cell::new(0usize);
        let column = |name: &str| {
            lookups.set(lookups.get() + 1);
            match name {
                "age" => Some(ColumnType::Integer),
                "name" => Some(ColumnType::Varchar),
                _ => None,
            }
        };
        for (first, last, refused) in [("name", "''", false), ("age", "''", true)] {
            let text = format!("{first}{} > {last}", " || age".repeat(terms));
            let expr = Parser::new(&PostgreSqlDialect {})
                .try_with_sql(&text)
                .unwrap()
                .parse_expr()
                .unwrap();
            lookups.set(0);
            assert_eq!(not_a_condition(&expr, &column).is_some(), refused);
            assert!(lookups.get() <= 8 * terms, "{} lookups", lookups.get());
        }
    }

    /// A user trial on PostgreSQL 15: nullif() compares its arguments with `=`, which it has
    /// not for two types ("operator does not exist: integer = timestamp with time zone") nor for
    /// json at all; the pairs are run there by the test `pg_default_types`.
    #[test]
    fn nullif_of_two_types_without_an_operator_between_them_is_refused() {
        assert_eq!(
            judge("nullif(age, now()) IS NULL").unwrap(),
            "nullif() compares its arguments (=), and PostgreSQL has no operator for the INTEGER column 'age' and a timestamp (it refuses the migration: operator does not exist): make them one type, with a cast (::type) of one of them"
        );
        assert_eq!(
            judge("nullif(payload, payload) IS NULL").unwrap(),
            "nullif() compares its arguments (=), and PostgreSQL has no equality operator for json, which the JSON column 'payload' is (it refuses the migration: operator does not exist: json = …): compare its text (payload::text), or make it JSONB, which has one"
        );
        for text in [
            "nullif(name, 1) IS NULL",
            "nullif(1, name) IS NULL",
            "nullif(active, 1) IS NULL",
            "nullif(id, name) IS NULL",
            "nullif(born, 1) IS NULL",
            "nullif(age, '2024-01-01'::date) IS NULL",
            "nullif(payload, '{}') IS NULL",
        ] {
            assert!(judge(text).is_some(), "{text}");
        }
        for text in [
            "nullif(age, price) > 0",
            "nullif(born, placed) IS NULL",
            "nullif(name, 'x'::text) IS NULL",
            "nullif(meta, meta) IS NULL",
            "nullif(age, '0') > 0",
        ] {
            assert_eq!(judge(text), None, "{text}");
        }
    }

    /// Two typed values PostgreSQL has no operator between (`name = id`: "operator does not
    /// exist: character varying = uuid"); a date and a timestamp compare.
    #[test]
    fn values_of_types_without_an_operator_between_them_are_refused() {
        assert_eq!(
            judge("name = id").unwrap(),
            "it compares text with a UUID (name = id), which PostgreSQL has no operator for: CAST one side to the other's type"
        );
        for text in [
            "active = name",
            "born = id",
            "name < born",
            "meta = id",
            "id IN (name)",
        ] {
            assert!(judge(text).is_some(), "{text}");
        }
        for text in [
            "born = placed",
            "placed > born",
            "name = name",
            "id = id",
            "name = 'x' || name",
        ] {
            assert_eq!(judge(text), None, "{text}");
        }
    }

    /// Bit strings compare with bit strings and strings PostgreSQL reads as one; a REAL column
    /// (double precision) with no number past its range. Each run on PostgreSQL 15 in
    /// tests/engine_refused_literals.rs.
    #[test]
    fn bit_strings_and_numbers_past_double_precision_are_judged() {
        for text in [
            "name = B'101'",
            "age = B'1'",
            "B'101' = 'abc'",
            "score > 1e400",
            "score BETWEEN -1e400 AND 0",
            "score IN (1, 1e-400)",
            "score + 2e308 > 0",
        ] {
            assert!(judge(text).is_some(), "{text}");
        }
        for text in [
            "B'101' = '101'",
            "B'101' = 'x5'",
            "B'101' = B'10'",
            "B'1' || B'0' = B'10'",
            "age > 1e400",
            "score > 1e300",
            "score > 0e-400",
            "price < 1e400",
        ] {
            assert_eq!(judge(text), None, "{text}");
        }
    }

    /// Comparisons inside a CASE or a call are judged as at the top.
    #[test]
    fn comparisons_anywhere_are_judged() {
        for text in [
            "CASE WHEN payload = '{}' THEN true END",
            "CASE WHEN id = 'x' THEN true ELSE false END",
            "coalesce(active = 1, false)",
            "CASE WHEN born BETWEEN 'a' AND 'b' THEN true END",
            "CASE WHEN age IN ('1.5', 2) THEN true END",
            "CASE WHEN payload IS DISTINCT FROM '{}' THEN true END",
        ] {
            assert!(judge(text).is_some(), "{text}");
        }
        for text in [
            "CASE WHEN meta = '{}' THEN true END",
            "CASE WHEN age IN ('1.5', 2.5) THEN true END",
            "coalesce(active = true, false)",
            "CASE WHEN age = '5' THEN active ELSE false END",
        ] {
            assert_eq!(judge(text), None, "{text}");
        }
    }

    /// A user trial on PostgreSQL 15: json has no equality or ordering operator ("operator
    /// does not exist: json <> unknown"), jsonb has them.
    #[test]
    fn json_has_no_comparison_operators() {
        assert_eq!(
            judge("payload <> '{}'").unwrap(),
            "it compares json (payload <> '{}'), and PostgreSQL has no equality or ordering operator for json (it refuses the migration: operator does not exist: json <> …): compare its text (payload::text <> '{}'), or make the column JSONB, which has them"
        );
        assert!(judge("payload = payload")
            .unwrap()
            .contains("compare its text (payload::text = payload::text)"));
        assert!(judge("payload IN ('{}', '[]')")
            .unwrap()
            .contains("compare its text (payload::text IN …)"));
        for text in [
            "payload != '{}'",
            "'{}' = payload",
            "payload BETWEEN '1' AND '2'",
            "payload > '{}'",
            "payload = meta",
            "payload IS DISTINCT FROM '{}'",
            "payload IS NOT DISTINCT FROM payload",
            "payload NOT IN ('{}')",
            "age > 0 AND payload = '{}'",
        ] {
            assert!(
                judge(text)
                    .unwrap()
                    .contains("no equality or ordering operator for json"),
                "{text}"
            );
        }
        for text in [
            "meta = '{}'",
            "meta <> meta",
            "payload IS NULL",
            "payload::text <> '{}'",
        ] {
            assert_eq!(judge(text), None, "{text}");
        }
    }

    /// A user trial on PostgreSQL 15: a string compared with a uuid, boolean, date, timestamp
    /// or jsonb value is read as one, and refused when it is not ("invalid input syntax for
    /// type uuid", "date/time field value out of range").
    #[test]
    fn strings_a_typed_value_cannot_read_are_refused() {
        assert_eq!(
            judge("id = 'not-a-uuid'").unwrap(),
            "it compares a UUID with the string 'not-a-uuid' (id = 'not-a-uuid'), which PostgreSQL cannot read as a UUID and refuses (invalid input syntax, or a date/time field out of range): write 32 hexadecimal digits, such as 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', or compare the text (column::text = '…')"
        );
        assert!(judge("active = 'maybe'")
            .unwrap()
            .starts_with("it compares a boolean with the string 'maybe' (active = 'maybe'), which PostgreSQL cannot read as a boolean"));
        assert!(judge("born > '2024-13-01'")
            .unwrap()
            .contains("cannot read as a date and refuses (invalid input syntax, or a date/time field out of range): write a real date, such as '2024-01-31'"));
        assert!(judge("placed > '2024-02-30 10:00'")
            .unwrap()
            .contains("cannot read as a timestamp"));
        assert!(judge("meta = 'notjson'")
            .unwrap()
            .contains("cannot read as JSON"));
        for text in [
            "id = 'a0eebc999c0b4ef8bb6d6bb9bd380a1'",
            "id = ' a0eebc999c0b4ef8bb6d6bb9bd380a11'",
            "id = '{a0eebc999c0b4ef8bb6d6bb9bd380a11'",
            "id = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11-'",
            "id = 'a0eeb-c999c0b4ef8bb6d6bb9bd380a11'",
            "id IN ('x')",
            "id BETWEEN 'a' AND 'b'",
            "active IN ('t', 'x')",
            "(age > 0) = 'x'",
            "active = ''",
            "born = '0000-01-01'",
            "born > '2024-00-10'",
            "born > '1900-02-29'",
            "born > ' 2024-13-01'",
            "born > 'abc'",
            "born > ''",
            "born > '1'",
            "born > '2024'",
            "placed > '12345'",
            "placed > '2024-01-01 25:00'",
            "placed > '2024-01-01 23:60'",
            "placed > '2024-01-01T23:59:61'",
            "placed > '2024-01-01 23:59:60.5'",
            "placed > '2024-01-01 24:01'",
            "placed > 'allballs'",
            "placed > 'jan'",
            "meta > 'x'",
            "meta = '{\"a\":1,}'",
            "meta = 'NaN'",
            "meta IS DISTINCT FROM 'x'",
        ] {
            assert!(judge(text).is_some(), "{text}");
        }
        for text in [
            "id = 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'",
            "id = '{a0eebc999c0b4ef8bb6d6bb9bd380a11}'",
            "id = 'a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11'",
            "active = ' yes '",
            "active <> 'of'",
            "born > '2024-1-5'",
            "born > '2024-02-29'",
            "born > 'TODAY'",
            "born > 'Jan 5 2024'",
            "born > '20240105'",
            "born > '99999-01-01'",
            "born > '2024-01-01 10:00'",
            "born < '-infinity'",
            "placed > 'today allballs'",
            "placed > 'today UTC'",
            "placed > '2024-01-01T10:00:00Z'",
            "placed > '240105'",
            "placed > '2024-01-01 24:00'",
            "placed > '2024-01-01 23:59:60'",
            "placed > '2024-01-01 9:5'",
            "placed > '2024-01-01 10:00 pm'",
            "placed > '2024-01-01 10:00:00.123+02'",
            "meta = ' {} '",
            "meta = '1e400'",
            "meta <> '\"a\"'",
            "name = 'anything'",
        ] {
            assert_eq!(judge(text), None, "{text}");
        }
    }

    /// A string PostgreSQL reads as an integer column's type and that is past its range
    /// ("value "40000" is out of range for type smallint": the spec's TINYINT is SMALLINT
    /// there), and mod() or `%` of a REAL column (double precision) or a cast to real; the test
    /// `pg_expr_types_server` runs each on PostgreSQL 15.
    #[test]
    fn integer_strings_past_the_range_and_remainders_of_floats_are_refused() {
        assert_eq!(
            judge("tiny = '40000'").unwrap(),
            "it compares the TINYINT column 'tiny' with the string '40000' (tiny = '40000'), which PostgreSQL reads as smallint and refuses (it refuses the migration: value \"40000\" is out of range for type smallint): write a whole number from -32768 to 32767, smallint's range (the spec's TINYINT is SMALLINT on PostgreSQL)"
        );
        assert_eq!(
            judge("coalesce(tiny, '-32769') > 0").unwrap(),
            "coalesce() reads all its arguments as one type, here smallint, and the string '-32769' is past its range (it refuses the migration: value \"-32769\" is out of range for type smallint): write a whole number from -32768 to 32767, smallint's range (the spec's TINYINT is SMALLINT on PostgreSQL)"
        );
        for text in [
            "tiny IN ('1', '-32769')",
            "tiny BETWEEN '0' AND '32768'",
            "nullif(tiny, '40000') > 0",
            "age = '3000000000'",
            "age = '-000000000000000000000000000000000000000002147483649'",
            "big = '9223372036854775808'",
            "'40000' = tiny",
        ] {
            let why = judge(text).unwrap_or_default();
            assert!(why.contains("is out of range for type"), "{text}: {why}");
        }
        for text in [
            "tiny = '32767'",
            "tiny = ' -32768 '",
            "tiny = '-000032768'",
            "tiny < 40000",
            "tiny + 1 = '40000'",
            "coalesce(tiny, 5, '40000') > 0",
            "tiny IN ('40000', 2.5)",
            "age = '2147483647'",
            "big = '-9223372036854775808'",
        ] {
            assert_eq!(judge(text), None, "{text}");
        }
        assert_eq!(
            judge("mod(score, 2) = 0").unwrap(),
            "PostgreSQL has mod() of two integers or two numerics only, none of double precision, which the REAL column 'score' is there (it refuses the migration: function mod(double precision, integer) does not exist): cast each real or double precision side to numeric (score::numeric)"
        );
        assert_eq!(
            judge("score % 2 = 0").unwrap(),
            "PostgreSQL has % of two integers or two numerics only, none of double precision, which the REAL column 'score' is there (it refuses the migration: operator does not exist: double precision % integer): cast each real or double precision side to numeric (score::numeric)"
        );
        assert!(judge("2 % age::real = 0")
            .unwrap()
            .contains("operator does not exist: integer % real"));
        for text in [
            "score::numeric % 2 = 0",
            "mod(score::numeric, 2) = 0",
            "tiny % 2 = 0",
            "mod(age, 2) = 0",
        ] {
            assert_eq!(judge(text), None, "{text}");
        }
    }

    /// A chain of `+` or `-` is judged in time linear in its terms: each `+` sought the kind
    /// of the whole chain to its left, so 4,990 terms took half a second (found by the
    /// hostile-input trial). Counted, not timed: the column lookups, one per term reached.
    #[test]
    fn a_chain_of_additions_is_walked_a_bounded_number_of_times() {
        let terms = 1_000;
        let chain = |first: &str, op: &str, term: &str| {
            let mut text = first.to_string();
            for _ in 1..terms {
                text.push_str(&format!(" {op} {term}"));
            }
            text
        };
        let lookups = std::cell::Cell::new(0usize);
        let column = |name: &str| {
            lookups.set(lookups.get() + 1);
            match name {
                "age" => Some(ColumnType::Integer),
                "born" => Some(ColumnType::Date),
                "placed" => Some(ColumnType::Timestamp),
                _ => None,
            }
        };
        let judged = |text: String| {
            let expr = Parser::new(&PostgreSqlDialect {})
                .try_with_sql(&text)
                .unwrap()
                .parse_expr()
                .unwrap();
            lookups.set(0);
            let found = not_a_condition(&expr, &column);
            // A few walks of the chain (the comparison's sides, the parts), never one a term.
            assert!(
                lookups.get() <= 8 * terms,
                "{} lookups: {}",
                lookups.get(),
                &text[..40]
            );
            found
        };
        assert_eq!(judged(chain("age", "+", "age") + " > 0"), None);
        assert_eq!(judged(chain("age", "-", "age") + " > 0"), None);
        assert_eq!(judged(chain("born", "-", "born") + " > 0"), None);
        assert_eq!(judged(chain("age", "+", "born") + " IS NULL"), None);
        assert!(judged(chain("placed", "+", "age") + " IS NULL")
            .unwrap()
            .starts_with("it adds a number to a timestamp (placed + age)"));
        assert!(judged(chain("age", "-", "age") + " - placed IS NULL")
            .unwrap()
            .starts_with("it subtracts a number from a timestamp"));
    }
}
