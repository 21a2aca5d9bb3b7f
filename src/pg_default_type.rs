//! Whether PostgreSQL takes a default expression of a known type for a column of another:
//! it converts the expression's value to the column's type with an assignment cast, and refuses
//! the CREATE TABLE (or ADD COLUMN) where there is none ("column "c" is of type integer but
//! default expression is of type timestamp with time zone"). A user trial found `now()` on an
//! INTEGER, `lower('X')` on a DATE, `(1=1)` on an INTEGER and `1+1` on a BOOLEAN all taken by
//! validation and refused by the server.
//!
//! The rules are PostgreSQL 15's `pg_cast` (castcontext `i` or `a`), and its conversion of any
//! type to a string type by its text (I/O): every number type into every other, anything into
//! TEXT, VARCHAR and CHAR, a date or timestamp (with or without a time zone) into each other,
//! json and jsonb into each other; nothing else (text into a number, json, UUID, boolean, bytea
//! or a date; an integer into a boolean and back). Only an expression whose type its shape
//! settles is judged ([`type_of`]); a string literal, which PostgreSQL reads as the column's
//! type, a function it does not know here, a column's name, are left to the other checks and
//! the server. Every pair the test `pg_default_types` names is run on PostgreSQL 15 there.

use crate::spec::{Column, ColumnType, DatabaseType};
use sqlparser::ast::{BinaryOperator, Expr, UnaryOperator, Value};

/// A type PostgreSQL gives an expression, among those a default of a spec's column can meet.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum PgType {
    /// `integer` (also what a `smallint` cast gives here: the same conversions).
    Int4,
    /// `bigint`.
    Int8,
    /// `numeric`.
    Numeric,
    /// `double precision` (and `real`).
    Float8,
    /// `text`.
    Text,
    /// `character varying` (a cast to VARCHAR).
    Varchar,
    /// `character` (a cast to CHAR).
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
    /// A string literal, of no type until PostgreSQL reads it as the type it must be.
    Unknown,
}

impl PgType {
    /// The name PostgreSQL gives the type in its messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            PgType::Int4 => "integer",
            PgType::Int8 => "bigint",
            PgType::Numeric => "numeric",
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
            PgType::Unknown => "unknown",
        }
    }

    fn is_number(self) -> bool {
        matches!(
            self,
            PgType::Int4 | PgType::Int8 | PgType::Numeric | PgType::Float8
        )
    }

    fn is_string(self) -> bool {
        matches!(self, PgType::Text | PgType::Varchar | PgType::Char)
    }

    fn is_time(self) -> bool {
        matches!(self, PgType::Timestamptz | PgType::Timestamp | PgType::Date)
    }

    /// The spec's column type that holds a value of this type as it is.
    fn column_type(self) -> &'static str {
        match self {
            PgType::Int4 => "INTEGER",
            PgType::Int8 => "BIGINT",
            PgType::Numeric => "DECIMAL",
            PgType::Float8 => "REAL",
            PgType::Text | PgType::Varchar | PgType::Char | PgType::Unknown => "TEXT",
            PgType::Bool => "BOOLEAN",
            PgType::Timestamptz | PgType::Timestamp => "TIMESTAMP",
            PgType::Date => "DATE",
            PgType::Uuid => "UUID",
            PgType::Json => "JSON",
            PgType::Jsonb => "JSONB",
            PgType::Bytea => "BLOB",
        }
    }
}

/// Whether PostgreSQL converts a value of type `from` into a column of type `to` on
/// assignment (a default, an INSERT): `pg_cast`'s implicit and assignment casts, and any type
/// into a string type by its text.
pub(crate) fn assignable(from: PgType, to: ColumnType) -> bool {
    use ColumnType::*;
    match to {
        Text | Varchar | Char => true,
        _ if from == PgType::Unknown => true,
        Integer | Int | Bigint | Tinyint | Real | Numeric | Decimal => from.is_number(),
        Boolean => from == PgType::Bool,
        Date | Timestamp | Datetime => from.is_time(),
        Uuid => from == PgType::Uuid,
        Json | Jsonb => matches!(from, PgType::Json | PgType::Jsonb),
        Blob => from == PgType::Bytea,
    }
}

/// The name PostgreSQL gives the type of the column (as this generator writes it).
fn column_pg_name(ty: ColumnType) -> &'static str {
    use ColumnType::*;
    match ty {
        Integer | Int => "integer",
        Bigint => "bigint",
        Tinyint => "smallint",
        Real => "double precision",
        Numeric | Decimal => "numeric",
        Text => "text",
        Varchar => "character varying",
        Char => "character",
        Boolean => "boolean",
        Timestamp | Datetime => "timestamp without time zone",
        Date => "date",
        Uuid => "uuid",
        Json => "json",
        Jsonb => "jsonb",
        Blob => "bytea",
    }
}

/// A default of the column's type that PostgreSQL takes, as the spec writes it.
fn example_default(ty: ColumnType) -> &'static str {
    use ColumnType::*;
    match ty {
        Integer | Int | Bigint | Tinyint | Real | Numeric | Decimal => "0",
        Boolean => "false",
        Date => "{ \"expression\": \"CURRENT_DATE\" }",
        Timestamp | Datetime => "\"CURRENT_TIMESTAMP\"",
        Uuid => "{ \"expression\": \"gen_random_uuid()\" }",
        Json | Jsonb => "\"{}\"",
        Text | Varchar | Char => "\"\"",
        Blob => "{ \"expression\": \"'\\\\x'::bytea\" }",
    }
}

/// On PostgreSQL, `Err((message, suggestion))` when the default expression `e` of the column
/// `c` has a type the column's does not take (see the module's doc); `Ok` on other databases
/// and wherever the expression's type is not known.
pub(crate) fn check(c: &Column, db: DatabaseType, e: &str) -> Result<(), (String, String)> {
    if db != DatabaseType::Postgresql {
        return Ok(());
    }
    let Some(from) = expression_type(e) else {
        return Ok(());
    };
    if assignable(from, c.ty) {
        return Ok(());
    }
    let (ty, shown) = (c.ty.as_str(), crate::report::clip(e.trim()));
    Err((
        format!(
            "the default expression {shown} is of type {}, and the column '{}' is {ty} ({} on PostgreSQL), which PostgreSQL does not convert {} into: it refuses the table (column \"{}\" is of type {} but default expression is of type {})",
            from.name(),
            crate::report::clip(&c.name),
            column_pg_name(c.ty),
            from.name(),
            crate::report::clip(&c.name),
            column_pg_name(c.ty),
            from.name(),
        ),
        format!(
            "make the column \"type\": \"{}\" to keep this default, or give a default of type {ty}, such as {}",
            from.column_type(),
            example_default(c.ty)
        ),
    ))
}

/// The type of the expression `text` (PostgreSQL's syntax), when its shape settles it.
pub(crate) fn expression_type(text: &str) -> Option<PgType> {
    let expr = sqlparser::parser::Parser::new(&sqlparser::dialect::PostgreSqlDialect {})
        .try_with_sql(text)
        .ok()?
        .parse_expr()
        .ok()?;
    type_of(&expr)
}

/// The type PostgreSQL gives `e`, when its shape settles it: literals, casts to a type of the
/// spec's, arithmetic on numbers, comparisons and other conditions, `||` of text, and the
/// built-in functions whose type does not hang on more than their first argument (the clock,
/// text functions, `gen_random_uuid()`, `coalesce()` of one type). `None` for anything else.
pub(crate) fn type_of(e: &Expr) -> Option<PgType> {
    use BinaryOperator::*;
    Some(match e {
        Expr::Nested(inner) => type_of(inner)?,
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => number_type(n),
            Value::SingleQuotedString(_)
            | Value::EscapedStringLiteral(_)
            | Value::DollarQuotedString(_) => PgType::Unknown,
            Value::Boolean(_) => PgType::Bool,
            _ => return None,
        },
        Expr::Cast { data_type, .. } => cast_type(data_type)?,
        Expr::TypedString(t) => cast_type(&t.data_type)?,
        Expr::BinaryOp { left, op, right } => match op {
            Plus | Minus | Multiply | Divide | Modulo => {
                arithmetic(type_of(left)?, type_of(right)?)?
            }
            StringConcat => concatenated(type_of(left)?, type_of(right)?)?,
            Eq | NotEq | Lt | Gt | LtEq | GtEq | And | Or => PgType::Bool,
            _ => return None,
        },
        Expr::UnaryOp { op, expr } => match op {
            UnaryOperator::Not => PgType::Bool,
            UnaryOperator::Minus | UnaryOperator::Plus => match type_of(expr)? {
                t if t.is_number() => t,
                _ => return None,
            },
            _ => return None,
        },
        Expr::IsNull(_)
        | Expr::IsNotNull(_)
        | Expr::IsTrue(_)
        | Expr::IsFalse(_)
        | Expr::IsNotTrue(_)
        | Expr::IsNotFalse(_)
        | Expr::IsDistinctFrom(..)
        | Expr::IsNotDistinctFrom(..)
        | Expr::In { .. }
        | Expr::Between { .. }
        | Expr::Like { .. }
        | Expr::ILike { .. } => PgType::Bool,
        Expr::Function(f) if f.name.0.len() == 1 => {
            let name = f.name.0[0].as_ident()?.value.to_ascii_lowercase();
            function_type(&name, f)?
        }
        _ => return None,
    })
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

/// What `+ - * / %` give on two numbers of one kind or of two (the wider); `None` beside
/// anything else (a date and an integer give a date, but no default here needs it).
fn arithmetic(l: PgType, r: PgType) -> Option<PgType> {
    use PgType::*;
    if !(l.is_number() && r.is_number()) {
        return None;
    }
    Some(match (l, r) {
        (Float8, _) | (_, Float8) => Float8,
        (Numeric, _) | (_, Numeric) => Numeric,
        (Int8, _) | (_, Int8) => Int8,
        _ => Int4,
    })
}

/// What `||` gives: text where a side is text, or both are string literals, or one is a
/// string literal and the other a number, a boolean, a date, a timestamp or a UUID (`text ||
/// anynonarray`); `None` otherwise (jsonb, bytea, arrays and bits have `||` of their own).
fn concatenated(l: PgType, r: PgType) -> Option<PgType> {
    use PgType::*;
    let plain = |t: PgType| t.is_number() || t.is_time() || matches!(t, Bool | Uuid);
    let text = match (l, r) {
        (s, t) | (t, s) if s.is_string() => !matches!(t, Json | Jsonb | Bytea),
        (Unknown, Unknown) => true,
        (Unknown, t) | (t, Unknown) => plain(t),
        _ => false,
    };
    text.then_some(Text)
}

/// The type of the built-in function `name` (lower case) called as `f`, when it is settled.
fn function_type(name: &str, f: &sqlparser::ast::Function) -> Option<PgType> {
    let first = || arguments(f).next().and_then(type_of);
    let text_first = || first().is_some_and(|t| t.is_string() || t == PgType::Unknown);
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
        "concat" | "concat_ws" => PgType::Text,
        "lower" | "upper" | "btrim" | "ltrim" | "rtrim" | "initcap" | "md5" | "repeat"
        | "reverse" | "replace" | "translate" | "lpad" | "rpad" | "left" | "right" | "substr"
            if text_first() =>
        {
            PgType::Text
        }
        "length" | "char_length" | "character_length" | "octet_length" if text_first() => {
            PgType::Int4
        }
        "abs" => match first()? {
            t if t.is_number() => t,
            _ => return None,
        },
        "to_json" | "json_build_object" | "json_build_array" => PgType::Json,
        "to_jsonb" | "jsonb_build_object" | "jsonb_build_array" => PgType::Jsonb,
        "coalesce" => common_type(arguments(f).map(type_of).collect::<Option<Vec<_>>>()?)?,
        _ => return None,
    })
}

/// The one type of `coalesce()`'s arguments as PostgreSQL settles it: text when all are string
/// literals, the widest number when all the others are numbers, their type when all the others
/// have one; `None` otherwise (PostgreSQL refuses most such mixes, `COALESCE types text and
/// integer cannot be matched`, which [`crate::condition`] says in a CHECK).
fn common_type(types: Vec<PgType>) -> Option<PgType> {
    let mut common: Option<PgType> = None;
    for t in types.into_iter().filter(|t| *t != PgType::Unknown) {
        common = Some(match common {
            None => t,
            Some(c) if c == t => c,
            Some(c) => arithmetic(c, t)?,
        });
    }
    Some(common.unwrap_or(PgType::Text))
}

/// The plain expressions a call is given, in order.
fn arguments(f: &sqlparser::ast::Function) -> impl Iterator<Item = &Expr> {
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

/// What a cast to `t` gives, for the types of the spec's columns (and their spellings);
/// `None` for any other (an array, a domain, `interval`).
fn cast_type(t: &sqlparser::ast::DataType) -> Option<PgType> {
    Some(match crate::engine_syntax::base_name(t).as_str() {
        "BOOLEAN" | "BOOL" => PgType::Bool,
        "SMALLINT" | "INT" | "INTEGER" | "INT2" | "INT4" => PgType::Int4,
        "BIGINT" | "INT8" => PgType::Int8,
        "NUMERIC" | "DECIMAL" => PgType::Numeric,
        "REAL" | "DOUBLE PRECISION" | "FLOAT" | "FLOAT4" | "FLOAT8" => PgType::Float8,
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
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_type_of_an_expression_is_known_where_its_shape_settles_it() {
        for (text, ty) in [
            ("now()", Some(PgType::Timestamptz)),
            ("CURRENT_TIMESTAMP", Some(PgType::Timestamptz)),
            ("CURRENT_DATE", Some(PgType::Date)),
            ("lower('X')", Some(PgType::Text)),
            ("'a' || 'b'", Some(PgType::Text)),
            ("md5('x')", Some(PgType::Text)),
            ("1 + 1", Some(PgType::Int4)),
            ("1 + 1.5", Some(PgType::Numeric)),
            ("(1 = 1)", Some(PgType::Bool)),
            ("'{}'::jsonb", Some(PgType::Jsonb)),
            ("gen_random_uuid()", Some(PgType::Uuid)),
            ("coalesce(NULL, 1)", None),
            ("coalesce('a', 'b')", Some(PgType::Text)),
            ("'x'", Some(PgType::Unknown)),
            ("CAST(NULL AS CHAR)", Some(PgType::Char)),
            ("lower('X'::varchar) || 1", Some(PgType::Text)),
            // jsonb and bytea have `||` of their own.
            ("'{}'::jsonb || '{}'", None),
            ("'\\x01'::bytea || '\\x02'::bytea", None),
            // A function it does not know, a range's lower(), a column: not known.
            ("my_function()", None),
            ("lower(int4range(1, 5))", None),
            ("c", None),
            ("now(3)", None),
        ] {
            assert_eq!(expression_type(text), ty, "{text}");
        }
    }

    #[test]
    fn only_a_known_type_the_column_does_not_take_is_refused() {
        let column = |ty: ColumnType| Column::new("c", ty, true);
        let pg = DatabaseType::Postgresql;
        let (message, suggestion) = check(&column(ColumnType::Integer), pg, "now()").unwrap_err();
        assert_eq!(
            message,
            "the default expression now() is of type timestamp with time zone, and the column 'c' is INTEGER (integer on PostgreSQL), which PostgreSQL does not convert timestamp with time zone into: it refuses the table (column \"c\" is of type integer but default expression is of type timestamp with time zone)"
        );
        assert_eq!(
            suggestion,
            "make the column \"type\": \"TIMESTAMP\" to keep this default, or give a default of type INTEGER, such as 0"
        );
        assert!(check(&column(ColumnType::Date), pg, "now()").is_ok());
        assert!(check(&column(ColumnType::Varchar), pg, "now()").is_ok());
        assert!(check(&column(ColumnType::Integer), pg, "my_function()").is_ok());
        assert!(check(&column(ColumnType::Integer), pg, "'5'").is_ok());
        assert!(check(&column(ColumnType::Integer), DatabaseType::Mysql, "now()").is_ok());
        assert!(check(&column(ColumnType::Boolean), pg, "1 + 1").is_err());
        assert!(check(&column(ColumnType::Integer), pg, "(1 = 1)").is_err());
    }
}
