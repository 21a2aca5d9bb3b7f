//! The type PostgreSQL gives an expression, as far as its shape and the spec's column types
//! settle it: the one typer behind the CHECK checks ([`crate::condition`], which asks it with
//! the table's columns) and the default check ([`crate::pg_default_type`], which asks it with
//! none: a default names no column). Literals, casts to a type of the spec's, arithmetic on
//! numbers, comparisons and other conditions, `||` (text, jsonb, bytea), json's `->` and `->>`, and the
//! built-in functions whose type their arguments settle; `None` for anything else (a function
//! it does not know, a cast to a type it does not map, a column it is not told of), which the
//! callers leave to the server. The types are PostgreSQL 15's, as `pg_typeof` gives them.

use crate::spec::ColumnType;
use sqlparser::ast::{BinaryOperator, Expr, UnaryOperator, Value};

/// The type of a table's column, by its lowercase name (`None`: no such column).
pub type ColumnTypes<'a> = dyn Fn(&str) -> Option<ColumnType> + 'a;

/// A type PostgreSQL gives an expression, among those the spec's columns and their defaults
/// and conditions meet.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum PgType {
    /// `smallint` (a cast, a TINYINT column).
    Int2,
    /// `integer`.
    Int4,
    /// `bigint`.
    Int8,
    /// `numeric`.
    Numeric,
    /// `real` (a cast to REAL, FLOAT4 or FLOAT(1) to FLOAT(24); the spec's REAL column is
    /// double precision).
    Float4,
    /// `double precision`.
    Float8,
    /// `text`.
    Text,
    /// `character varying` (a cast to VARCHAR).
    Varchar,
    /// `character` (a cast to CHAR, N'…').
    Char,
    /// `boolean`.
    Bool,
    /// `timestamp with time zone` (`now()`).
    Timestamptz,
    /// `timestamp without time zone` (`LOCALTIMESTAMP`).
    Timestamp,
    /// `date`.
    Date,
    /// `uuid`.
    Uuid,
    /// `json`.
    Json,
    /// `jsonb`.
    Jsonb,
    /// `bytea`.
    Bytea,
    /// `bit` or `bit varying` (`B'101'`, `X'1F'`, a cast to BIT or VARBIT), which compare with
    /// each other and with no other type ("operator does not exist: character varying = bit").
    Bit,
    /// A string literal, of no type until PostgreSQL reads it as the type it must be.
    Unknown,
}

impl PgType {
    /// The name PostgreSQL gives the type in its messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            PgType::Int2 => "smallint",
            PgType::Int4 => "integer",
            PgType::Int8 => "bigint",
            PgType::Numeric => "numeric",
            PgType::Float4 => "real",
            PgType::Float8 => "double precision",
            PgType::Text => "text",
            PgType::Varchar => "character varying",
            PgType::Char => "character",
            PgType::Bool => "boolean",
            PgType::Timestamptz => "timestamp with time zone",
            PgType::Timestamp => "timestamp without time zone",
            PgType::Date => "date",
            PgType::Uuid => "uuid",
            PgType::Json => "json",
            PgType::Jsonb => "jsonb",
            PgType::Bytea => "bytea",
            PgType::Bit => "bit",
            PgType::Unknown => "unknown",
        }
    }

    /// Whether it is one of the number types.
    pub(crate) fn is_number(self) -> bool {
        self.is_integer() || self.is_float() || self == PgType::Numeric
    }

    /// Whether it is `real` or `double precision`, which have no `%` and no mod().
    pub(crate) fn is_float(self) -> bool {
        matches!(self, PgType::Float4 | PgType::Float8)
    }

    /// Whether it is `smallint`, `integer` or `bigint`.
    pub(crate) fn is_integer(self) -> bool {
        matches!(self, PgType::Int2 | PgType::Int4 | PgType::Int8)
    }

    /// Whether it is one of the string types (not a string literal, which has none yet).
    pub(crate) fn is_string(self) -> bool {
        matches!(self, PgType::Text | PgType::Varchar | PgType::Char)
    }

    /// Whether it is a date or a timestamp (with or without a time zone).
    pub(crate) fn is_time(self) -> bool {
        matches!(self, PgType::Timestamptz | PgType::Timestamp | PgType::Date)
    }

    /// The type of a spec's column of type `ty`, as the generator writes it.
    pub(crate) fn of_column(ty: ColumnType) -> PgType {
        use ColumnType::*;
        match ty {
            Integer | Int => PgType::Int4,
            Tinyint => PgType::Int2,
            Bigint => PgType::Int8,
            Real => PgType::Float8,
            Numeric | Decimal => PgType::Numeric,
            Text => PgType::Text,
            Varchar => PgType::Varchar,
            Char => PgType::Char,
            Boolean => PgType::Bool,
            Timestamp | Datetime => PgType::Timestamp,
            Date => PgType::Date,
            Uuid => PgType::Uuid,
            Json => PgType::Json,
            Jsonb => PgType::Jsonb,
            Blob => PgType::Bytea,
        }
    }
}

/// The type PostgreSQL gives `e`, when its shape settles it; `column` gives the type of a
/// column of the table by its (lowercase) name, and without it a column's type is not known.
pub(crate) fn type_of(e: &Expr, column: Option<&ColumnTypes>) -> Option<PgType> {
    use BinaryOperator::*;
    let of = |x: &Expr| type_of(x, column);
    Some(match e {
        Expr::Identifier(_) | Expr::CompoundIdentifier(_) => {
            let column = column?;
            PgType::of_column(column(&column_name(e)?)?)
        }
        Expr::Nested(inner) => of(inner)?,
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => number_type(n),
            // E'…' and $$…$$ are string literals too; N'…' is character(n).
            Value::SingleQuotedString(_)
            | Value::EscapedStringLiteral(_)
            | Value::DollarQuotedString(_) => PgType::Unknown,
            Value::NationalStringLiteral(_) => PgType::Char,
            Value::Boolean(_) => PgType::Bool,
            // B'101' and X'1F' are bit strings on PostgreSQL (`pg_typeof`: bit).
            Value::SingleQuotedByteStringLiteral(_) | Value::HexStringLiteral(_) => PgType::Bit,
            _ => return None,
        },
        Expr::Cast { data_type, .. } => cast_type(data_type)?,
        Expr::TypedString(t) => cast_type(&t.data_type)?,
        Expr::BinaryOp { left, op, right } => match op {
            // The right side first, and the left only beside a number: sqlparser nests a chain
            // to the left, so the walk down `d - d - … - d` stops at its first term that is no
            // number (it is not walked whole at each `-`). Dates and timestamps take intervals.
            Plus | Minus | Multiply | Divide => {
                let r = of(right).filter(|r| r.is_number())?;
                arithmetic(of(left)?, r)?
            }
            // No `%` of real or double precision ([`crate::condition`] says so).
            Modulo => {
                let r = of(right).filter(|r| r.is_number())?;
                remainder(of(left)?, r)?
            }
            StringConcat => concatenation(e, column).ok()??,
            Eq | NotEq | Lt | Gt | LtEq | GtEq | And | Or => PgType::Bool,
            // json -> 'key' is json, jsonb -> 'key' jsonb; ->> gives text.
            Arrow | HashArrow => of(left).filter(|t| matches!(t, PgType::Json | PgType::Jsonb))?,
            LongArrow | HashLongArrow => match of(left)? {
                PgType::Json | PgType::Jsonb => PgType::Text,
                _ => return None,
            },
            _ => return None,
        },
        Expr::UnaryOp { op, expr } => match op {
            UnaryOperator::Not => PgType::Bool,
            UnaryOperator::Minus | UnaryOperator::Plus => of(expr).filter(|t| t.is_number())?,
            _ => return None,
        },
        Expr::IsNull(_)
        | Expr::IsNotNull(_)
        | Expr::IsTrue(_)
        | Expr::IsFalse(_)
        | Expr::IsNotTrue(_)
        | Expr::IsNotFalse(_)
        | Expr::IsUnknown(_)
        | Expr::IsNotUnknown(_)
        | Expr::IsDistinctFrom(..)
        | Expr::IsNotDistinctFrom(..)
        | Expr::In { .. }
        | Expr::Between { .. }
        | Expr::Like { .. }
        | Expr::ILike { .. }
        | Expr::SimilarTo { .. } => PgType::Bool,
        // SUBSTRING and TRIM of bytea are bytea.
        Expr::Substring { expr, .. } | Expr::Trim { expr, .. } => {
            of(expr).filter(|t| is_text(*t)).map(|_| PgType::Text)?
        }
        Expr::Position { .. } => PgType::Int4,
        Expr::Extract { .. } => PgType::Numeric,
        Expr::Function(f) if f.name.0.len() == 1 => {
            let name = f.name.0[0].as_ident()?.value.to_ascii_lowercase();
            function_type(&name, f, column)?
        }
        _ => return None,
    })
}

/// The text of `e`, a number literal (signed or in parentheses too), when PostgreSQL reads it
/// as a numeric that is past the range of `double precision`: past ±1.7976931348623157e308
/// (`1e400`), or not 0 and so small it would be 0 (`1e-400`). Beside a REAL column (double
/// precision) PostgreSQL converts it, and refuses it ("… is out of range for type double
/// precision"): a CHECK when the table is created, a default at each insert that takes it.
pub(crate) fn past_float8(e: &Expr) -> Option<String> {
    match e {
        Expr::Nested(inner) => past_float8(inner),
        Expr::UnaryOp {
            op: UnaryOperator::Minus | UnaryOperator::Plus,
            expr,
        } => past_float8(expr),
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => {
                let value = n.parse::<f64>().ok()?;
                let mantissa = n.split(['e', 'E']).next().unwrap_or(n);
                let not_zero = mantissa.bytes().any(|b| matches!(b, b'1'..=b'9'));
                (value.is_infinite() || (value == 0.0 && not_zero)).then(|| n.clone())
            }
            _ => None,
        },
        _ => None,
    }
}

/// Whether `t` is text or a string literal (which a text function reads as text).
fn is_text(t: PgType) -> bool {
    t.is_string() || t == PgType::Unknown
}

/// The type of a number literal: integer, bigint past integer's range, numeric past bigint's
/// or with a point or an exponent.
fn number_type(n: &str) -> PgType {
    if !n.bytes().all(|b| b.is_ascii_digit()) {
        PgType::Numeric
    } else if n.parse::<i32>().is_ok() {
        PgType::Int4
    } else if n.parse::<i64>().is_ok() {
        PgType::Int8
    } else {
        PgType::Numeric
    }
}

/// What `+ - * /` give on two numbers of one kind or of two (the wider: `smallint` only of
/// two, `real` only of two, and double precision of a `real` beside any other number, as
/// `1::real + 1` is); `None` beside anything else (a date and an integer give a date, but
/// nothing here needs it).
pub(crate) fn arithmetic(l: PgType, r: PgType) -> Option<PgType> {
    use PgType::*;
    if !(l.is_number() && r.is_number()) {
        return None;
    }
    Some(match (l, r) {
        (Float4, Float4) => Float4,
        (Float4 | Float8, _) | (_, Float4 | Float8) => Float8,
        (Numeric, _) | (_, Numeric) => Numeric,
        (Int8, _) | (_, Int8) => Int8,
        (Int2, Int2) => Int2,
        _ => Int4,
    })
}

/// What `%` and mod() give on two numbers: as [`arithmetic`] of integers and numerics, `None`
/// where a side is real or double precision, which PostgreSQL 15 has neither for ("operator
/// does not exist: double precision % integer", "function mod(real, integer) does not exist").
pub(crate) fn remainder(l: PgType, r: PgType) -> Option<PgType> {
    if l.is_float() || r.is_float() {
        return None;
    }
    arithmetic(l, r)
}

/// The wider of two numbers in PostgreSQL's order of implicit casts (smallint, integer, bigint,
/// numeric, real, double precision), the type coalesce(), greatest() and least() read them as
/// (`coalesce(1::real, 2.5)` is real); `None` unless both are numbers.
fn widest(a: PgType, b: PgType) -> Option<PgType> {
    use PgType::*;
    let rank = |t: PgType| {
        [Int2, Int4, Int8, Numeric, Float4, Float8]
            .iter()
            .position(|x| *x == t)
    };
    Some(if rank(a)? >= rank(b)? { a } else { b })
}

/// What `||` gives, as PostgreSQL 15 resolves it (`pg_typeof` of every pair of these types):
/// text where a side is text (`text || anynonarray`, `anynonarray || text`, json and bytea
/// too) or both are string literals, or one is a string literal and the other neither jsonb
/// nor bytea; jsonb of jsonb and jsonb or a literal, bytea likewise; `Ok(None)` where a side's
/// type is not known and the other's does not settle it; `Err(())` where PostgreSQL has no
/// `||` ("operator does not exist: integer || integer": two numbers, booleans, dates, UUIDs,
/// json of anything but text). Arrays and bits, which have `||` of their own, never come here.
pub(crate) fn concatenated(l: Option<PgType>, r: Option<PgType>) -> Result<Option<PgType>, ()> {
    use PgType::*;
    let (l, r) = match (l, r) {
        (Some(s), _) | (_, Some(s)) if s.is_string() => return Ok(Some(Text)),
        // bit || bit is bit varying, which nothing here needs.
        (Some(Bit), _) | (_, Some(Bit)) => return Ok(None),
        (Some(l), Some(r)) => (l, r),
        _ => return Ok(None),
    };
    Ok(Some(match (l, r) {
        (Jsonb, Jsonb | Unknown) | (Unknown, Jsonb) => Jsonb,
        (Bytea, Bytea | Unknown) | (Unknown, Bytea) => Bytea,
        (Unknown, _) | (_, Unknown) => Text,
        _ => return Err(()),
    }))
}

/// A step `left || right` of a chain of `||` that PostgreSQL refuses, with the types of its
/// sides: it has no operator for them, or it reads a string literal on one side as jsonb or
/// bytea, the other's type, and cannot ("invalid input syntax for type json", "invalid
/// hexadecimal digit: "z"").
pub(crate) struct NoConcatenation<'a> {
    /// The string literal PostgreSQL cannot read as jsonb; `None` where it has no operator.
    pub unreadable_json: Option<&'a str>,
    /// The string literal PostgreSQL cannot read as bytea, and its words.
    pub unreadable_bytea: Option<(&'a str, String)>,
    /// The step, `left || right`.
    pub step: &'a Expr,
    /// Its left side (the chain up to it).
    pub left: &'a Expr,
    /// Its right side.
    pub right: &'a Expr,
    /// The types of the left side and the right.
    pub types: (PgType, PgType),
}

/// The steps of the chain of `||` that `e` is (`a || b || c`: `a || b`, then the whole),
/// first to last, each with its sides, and the chain's first term; walked once, not at each
/// `||` (sqlparser nests a chain to the left).
pub(crate) fn concatenation_steps(e: &Expr) -> (&Expr, Vec<(&Expr, &Expr, &Expr)>) {
    let mut steps = Vec::new();
    let mut x = e;
    while let Expr::BinaryOp {
        left,
        op: BinaryOperator::StringConcat,
        right,
    } = x
    {
        steps.push((x, &**left, &**right));
        x = left;
    }
    steps.reverse();
    (x, steps)
}

/// The type of the chain of `||` that `e` is, folded first to last as PostgreSQL resolves it
/// ([`concatenated`]; `None` where it is not known), or its first step PostgreSQL has no
/// operator for.
pub(crate) fn concatenation<'a>(
    e: &'a Expr,
    column: Option<&ColumnTypes>,
) -> Result<Option<PgType>, NoConcatenation<'a>> {
    let (first, steps) = concatenation_steps(e);
    let mut t = type_of(first, column);
    for (step, left, right) in steps {
        let r = type_of(right, column);
        let refused = |unreadable_json, unreadable_bytea| NoConcatenation {
            unreadable_json,
            unreadable_bytea,
            step,
            left,
            right,
            // concatenated() refuses only two known types.
            types: (t.unwrap_or(PgType::Unknown), r.unwrap_or(PgType::Unknown)),
        };
        let joined = concatenated(t, r).map_err(|()| refused(None, None))?;
        let literal = || [left, right].into_iter().find_map(string_literal);
        if joined == Some(PgType::Jsonb) {
            if let Some(s) = literal().filter(|s| !crate::defaults::postgres_reads_json(s)) {
                return Err(refused(Some(s), None));
            }
        }
        if joined == Some(PgType::Bytea) {
            let unreadable = literal().and_then(|s| Some((s, crate::pg_bytea_input::refusal(s)?)));
            if unreadable.is_some() {
                return Err(refused(None, unreadable));
            }
        }
        t = joined;
    }
    Ok(t)
}

/// The text of `e` when it is a string literal (E'…' and $$…$$ too).
fn string_literal(e: &Expr) -> Option<&str> {
    match e {
        Expr::Nested(inner) => string_literal(inner),
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) | Value::EscapedStringLiteral(s) => Some(s),
            Value::DollarQuotedString(d) => Some(&d.value),
            _ => None,
        },
        _ => None,
    }
}

/// The type of the built-in function `name` (lower case) called as `f`, when it is settled.
fn function_type(
    name: &str,
    f: &sqlparser::ast::Function,
    column: Option<&ColumnTypes>,
) -> Option<PgType> {
    let of = |x: &Expr| type_of(x, column);
    let first = || first_argument(f).and_then(of);
    let no_arguments = arguments(f).next().is_none();
    Some(match name {
        "now" | "transaction_timestamp" | "statement_timestamp" | "clock_timestamp"
            if no_arguments =>
        {
            PgType::Timestamptz
        }
        "current_timestamp" => PgType::Timestamptz,
        "localtimestamp" => PgType::Timestamp,
        "current_date" => PgType::Date,
        "gen_random_uuid" if no_arguments => PgType::Uuid,
        "random" | "pi" if no_arguments => PgType::Float8,
        // md5() of bytea is text too.
        "concat" | "concat_ws" | "md5" => PgType::Text,
        // lower() and upper() of a range give its bounds (`lower(int4range(1, 5))`), btrim(),
        // ltrim(), rtrim() and substr() of bytea are bytea.
        "lower" | "upper" | "btrim" | "ltrim" | "rtrim" | "initcap" | "repeat" | "reverse"
        | "replace" | "translate" | "lpad" | "rpad" | "left" | "right" | "substr"
            if first().is_some_and(is_text) =>
        {
            PgType::Text
        }
        "length" | "char_length" | "character_length" | "octet_length" | "bit_length"
        | "strpos" => PgType::Int4,
        // abs() and mod() of integers are integers (`date + abs(n)` is a date). PostgreSQL
        // has mod() of two integers of a kind and of two numerics only: none of real or double
        // precision (`mod(1, 2.5::float8)`: function mod(integer, double precision) does not
        // exist, which `crate::condition` says).
        "abs" => first().filter(|t| t.is_number())?,
        "mod" => match arguments(f).map(of).collect::<Option<Vec<_>>>()?[..] {
            [a, b] => remainder(a, b)?,
            _ => return None,
        },
        // Of numeric they are numeric; of anything else double precision (`round(1)`).
        "round" | "floor" | "ceil" | "ceiling" | "trunc" | "power" | "sqrt" | "sign" => {
            match first() {
                Some(PgType::Numeric) => PgType::Numeric,
                _ => PgType::Float8,
            }
        }
        "to_json" | "json_build_object" | "json_build_array" => PgType::Json,
        "to_jsonb" | "jsonb_build_object" | "jsonb_build_array" => PgType::Jsonb,
        "coalesce" | "greatest" | "least" => {
            common_type(arguments(f).map(of).collect::<Option<Vec<_>>>()?)?
        }
        "nullif" => nullif_type(first()?, arguments(f).nth(1).and_then(of))?,
        _ => return None,
    })
}

/// The type of NULLIF(a, b), of arguments of types `a` and `b` (`None`: not known): that of
/// the left side of the `=` PostgreSQL compares them with (PostgreSQL 15's pg_typeof). An
/// integer of any kind stays itself beside another (`integer = bigint` is an operator), and is
/// promoted to a numeric or double precision beside one (`nullif(1, 2.2)` is numeric);
/// `character varying` has no `=` of its own and is read as text, or as character beside a
/// character (`bpchar = bpchar`), which stays character but beside text; a string literal is
/// text, or character beside a character; a date or a timestamp stays itself (`date =
/// timestamp with time zone` is an operator), as does any other type beside itself or a
/// literal. `None` where the types settle nothing, or PostgreSQL refuses the pair
/// (`crate::condition` says why).
fn nullif_type(a: PgType, b: Option<PgType>) -> Option<PgType> {
    use PgType::*;
    let b = b?;
    Some(match (a, b) {
        (a, b) if a.is_number() && b == Unknown => a,
        (a, b) if a.is_integer() && b.is_integer() => a,
        // `real = n` reads n as real (or double precision, which `real = float8` compares).
        (Float4, b) if b.is_number() => Float4,
        (a, b) if a.is_number() && b.is_number() => arithmetic(a, b)?,
        (Text, b) if is_text(b) => Text,
        (Varchar | Unknown, Char) => Char,
        (Varchar | Unknown, b) if is_text(b) => Text,
        (Char, Text) => Text,
        (Char, b) if is_text(b) => Char,
        (a, b) if a.is_time() && b.is_time() => a,
        (a, b) if a != Json && (a == b || b == Unknown) => a,
        _ => return None,
    })
}

/// The one type coalesce(), greatest() and least() read their arguments as, as PostgreSQL
/// settles it: that of the arguments that are not string literals, numbers of any kind
/// together giving the widest, string types the first's, timestamps with and without a time
/// zone one with; text when all are string literals; `None` otherwise (PostgreSQL refuses most
/// such mixes, `COALESCE types text and integer cannot be matched`, which [`crate::condition`]
/// says in a CHECK).
pub(crate) fn common_type(types: Vec<PgType>) -> Option<PgType> {
    use PgType::*;
    let mut common: Option<PgType> = None;
    for t in types.into_iter().filter(|t| *t != Unknown) {
        common = Some(match common {
            None => t,
            Some(c) if c == t => c,
            Some(c) if c.is_string() && t.is_string() => c,
            Some(Timestamp | Timestamptz) if matches!(t, Timestamp | Timestamptz) => Timestamptz,
            Some(c) => widest(c, t)?,
        });
    }
    Some(common.unwrap_or(Text))
}

/// The plain expressions a call is given, in order.
pub(crate) fn arguments(f: &sqlparser::ast::Function) -> impl Iterator<Item = &Expr> {
    use sqlparser::ast::{FunctionArg, FunctionArgExpr, FunctionArguments};
    let list = match &f.args {
        FunctionArguments::List(list) => &list.args[..],
        _ => &[],
    };
    list.iter().filter_map(|a| match a {
        FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
        _ => None,
    })
}

/// The first argument of a call, when it is a plain expression.
pub(crate) fn first_argument(f: &sqlparser::ast::Function) -> Option<&Expr> {
    use sqlparser::ast::{FunctionArg, FunctionArgExpr, FunctionArguments};
    match &f.args {
        FunctionArguments::List(list) => match list.args.first()? {
            FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
            _ => None,
        },
        _ => None,
    }
}

/// The column `e` names, lowercase, when it is one; a name quoted with a capital letter keeps
/// its case, as PostgreSQL keeps it ("Status" is no column of a spec).
pub(crate) fn column_name(e: &Expr) -> Option<String> {
    let name = |i: &sqlparser::ast::Ident| {
        if i.quote_style == Some('"') && i.value.chars().any(|c| c.is_uppercase()) {
            i.value.clone()
        } else {
            i.value.to_ascii_lowercase()
        }
    };
    match e {
        Expr::Identifier(i) => Some(name(i)),
        Expr::CompoundIdentifier(parts) => parts.last().map(name),
        Expr::Nested(inner) => column_name(inner),
        _ => None,
    }
}

/// What a cast to `t` gives, for the types of the spec's columns (and their spellings);
/// `None` for any other (an array, a domain, `interval`).
fn cast_type(t: &sqlparser::ast::DataType) -> Option<PgType> {
    Some(match crate::engine_syntax::base_name(t).as_str() {
        "BOOLEAN" | "BOOL" => PgType::Bool,
        "SMALLINT" | "INT2" => PgType::Int2,
        "INT" | "INTEGER" | "INT4" => PgType::Int4,
        "BIGINT" | "INT8" => PgType::Int8,
        "NUMERIC" | "DECIMAL" => PgType::Numeric,
        "REAL" | "FLOAT4" => PgType::Float4,
        "DOUBLE PRECISION" | "FLOAT8" => PgType::Float8,
        // FLOAT(1) to FLOAT(24) is real, FLOAT and FLOAT(25) to FLOAT(53) double precision.
        "FLOAT" => match float_precision(t) {
            None => PgType::Float8,
            Some(1..=24) => PgType::Float4,
            Some(25..=53) => PgType::Float8,
            Some(_) => return None,
        },
        "TEXT" => PgType::Text,
        "VARCHAR" | "CHARACTER VARYING" => PgType::Varchar,
        "CHAR" | "CHARACTER" => PgType::Char,
        "DATE" => PgType::Date,
        "TIMESTAMP" | "TIMESTAMP WITHOUT TIME ZONE" => PgType::Timestamp,
        "TIMESTAMPTZ" | "TIMESTAMP WITH TIME ZONE" => PgType::Timestamptz,
        "UUID" => PgType::Uuid,
        "JSON" => PgType::Json,
        "JSONB" => PgType::Jsonb,
        "BYTEA" => PgType::Bytea,
        "BIT" | "VARBIT" | "BIT VARYING" => PgType::Bit,
        _ => return None,
    })
}

/// The precision written in `FLOAT(p)`, when one is.
fn float_precision(t: &sqlparser::ast::DataType) -> Option<u64> {
    let text = t.to_string();
    let inner = text.split_once('(')?.1.split_once(')')?.0;
    Some(inner.trim().parse().unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Expr {
        let dialect = sqlparser::dialect::PostgreSqlDialect {};
        let parser = sqlparser::parser::Parser::new(&dialect).try_with_sql(text);
        parser.and_then(|mut p| p.parse_expr()).unwrap()
    }

    fn typed(text: &str) -> Option<PgType> {
        let columns = [
            ("age", ColumnType::Integer),
            ("name", ColumnType::Varchar),
            ("placed", ColumnType::Timestamp),
            ("meta", ColumnType::Jsonb),
        ];
        let column = |name: &str| columns.iter().find(|c| c.0 == name).map(|c| c.1);
        type_of(&parsed(text), Some(&column))
    }

    /// With the table's columns, a column's type is known; `pg_typeof` on PostgreSQL 15 gives
    /// the same for each typed here (jsonb's `||`, jsonb there, is left unknown).
    #[test]
    fn a_column_is_typed_when_the_table_is_given() {
        for (text, ty) in [
            ("age", Some(PgType::Int4)),
            ("age + 1.5", Some(PgType::Numeric)),
            ("name || 1", Some(PgType::Text)),
            ("coalesce(name, 'x'::text)", Some(PgType::Varchar)),
            ("coalesce(placed, now())", Some(PgType::Timestamptz)),
            ("meta -> 'a'", Some(PgType::Jsonb)),
            ("meta ->> 'a'", Some(PgType::Text)),
            ("nullif(1, 2.2)", Some(PgType::Numeric)),
            ("nullif(1, 2::bigint)", Some(PgType::Int4)),
            ("round(1)", Some(PgType::Float8)),
            ("N'x'", Some(PgType::Char)),
            ("unknown_column", None),
            // jsonb's own `||` (PostgreSQL 15's pg_typeof: jsonb); none for integers.
            ("meta || '{}'", Some(PgType::Jsonb)),
            ("meta || name", Some(PgType::Text)),
            ("age || age", None),
            ("'a' || age || age", Some(PgType::Text)),
        ] {
            assert_eq!(typed(text), ty, "{text}");
        }
        // Without the table, a column is of no type known.
        assert_eq!(type_of(&parsed("age"), None), None);
    }

    /// nullif(), mod(), smallint and bytea's `||`, as PostgreSQL 15's pg_typeof gives them (the
    /// test `pg_expr_types_server` runs each as a default there).
    #[test]
    fn nullif_mod_smallint_and_bytea_are_typed_as_postgresql_types_them() {
        use PgType::*;
        for (text, ty) in [
            ("nullif(name, 'b')", Some(Text)),
            ("nullif(name, 'b'::char(2))", Some(Char)),
            ("nullif('a'::char(3), 'b'::text)", Some(Text)),
            ("nullif('a'::char(3), name)", Some(Char)),
            ("nullif('a', 'b')", Some(Text)),
            ("nullif('a', 1)", None),
            ("nullif(placed, now())", Some(Timestamp)),
            ("nullif(1::smallint, 2)", Some(Int2)),
            ("nullif(1::smallint, 2.5)", Some(Numeric)),
            ("nullif('{}'::json, '{}'::json)", None),
            ("mod(1, 2.5::float8)", None),
            ("mod(random(), 2)", None),
            ("mod(1, 2.5)", Some(Numeric)),
            ("mod(1::smallint, 2::smallint)", Some(Int2)),
            ("mod(1::smallint, 2)", Some(Int4)),
            ("1::smallint", Some(Int2)),
            ("CAST(1 AS int2)", Some(Int2)),
            ("-(1::smallint) % 2::smallint", Some(Int2)),
            ("1::smallint * 2", Some(Int4)),
            ("coalesce(1::smallint, 2)", Some(Int4)),
            ("'\\x01'::bytea || 'bad'", Some(Bytea)),
        ] {
            assert_eq!(typed(text), ty, "{text}");
        }
        let refused = |text: &str| {
            let e = parsed(text);
            let r = concatenation(&e, None).err().map(|r| r.unreadable_bytea);
            r.map(|u| u.map(|(s, words)| (s.to_string(), words)))
        };
        assert_eq!(
            refused("'\\x01'::bytea || '\\xzz'"),
            Some(Some((
                "\\xzz".to_string(),
                "invalid hexadecimal digit: \"z\"".to_string()
            )))
        );
        assert!(refused("'\\x01'::bytea || 'bad'").is_none());
    }

    /// real (a cast to REAL, FLOAT4, FLOAT(1) to FLOAT(24)) as PostgreSQL 15's pg_typeof gives
    /// it: real of real, double precision beside any other number but in coalesce(),
    /// greatest(), least() and as nullif()'s left side, where real wins; no `%` or mod() of
    /// real or double precision (the test `pg_expr_types_server` runs each there).
    #[test]
    fn real_is_typed_as_postgresql_types_it() {
        use PgType::*;
        for (text, ty) in [
            ("1::real", Some(Float4)),
            ("CAST(1 AS float4)", Some(Float4)),
            ("1::float(24)", Some(Float4)),
            ("1::float(25)", Some(Float8)),
            ("1::float", Some(Float8)),
            ("1::float(54)", None),
            ("1::real + 1::real", Some(Float4)),
            ("1::real + 1", Some(Float8)),
            ("1::real * 1.5", Some(Float8)),
            ("-(1::real)", Some(Float4)),
            ("abs(1::real)", Some(Float4)),
            ("round(1::real)", Some(Float8)),
            ("coalesce(1::real, 2.5)", Some(Float4)),
            ("coalesce(2, 1::real)", Some(Float4)),
            ("coalesce(1::real, 2::float8)", Some(Float8)),
            ("greatest(1::real, 2::numeric)", Some(Float4)),
            ("nullif(1::real, 2.5)", Some(Float4)),
            ("nullif(1, 2::real)", Some(Float8)),
            ("mod(1::real, 2)", None),
            ("1::real % 2", None),
            ("1.5::float8 % 2", None),
            ("1::numeric % 2", Some(Numeric)),
            ("1::smallint % 2", Some(Int4)),
        ] {
            assert_eq!(typed(text), ty, "{text}");
        }
    }
}
