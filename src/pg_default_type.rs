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
//! settles is judged ([`crate::pg_expr_type::type_of`], the typer the CHECK checks ask too,
//! here asked without columns); a string literal, which PostgreSQL reads as the column's type,
//! a function it does not know here, a column's name, are left to the other checks and the
//! server. Every pair the test `pg_default_types` names is run on PostgreSQL 15 there.

use crate::pg_expr_type::PgType;
use crate::spec::{Column, ColumnType, DatabaseType};

/// The spec's column type that holds a value of type `t` as it is.
fn column_type(t: PgType) -> &'static str {
    match t {
        PgType::Int2 => "TINYINT",
        PgType::Int4 => "INTEGER",
        PgType::Int8 => "BIGINT",
        PgType::Numeric => "DECIMAL",
        PgType::Float4 | PgType::Float8 => "REAL",
        // A bit string is kept as its text ('101') by a string column.
        PgType::Text | PgType::Varchar | PgType::Char | PgType::Unknown | PgType::Bit => "TEXT",
        PgType::Bool => "BOOLEAN",
        PgType::Timestamptz | PgType::Timestamp => "TIMESTAMP",
        PgType::Date => "DATE",
        PgType::Uuid => "UUID",
        PgType::Json => "JSON",
        PgType::Jsonb => "JSONB",
        PgType::Bytea => "BLOB",
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
pub(crate) fn column_pg_name(ty: ColumnType) -> &'static str {
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
    let Some(expr) = parsed(e) else {
        return Ok(());
    };
    let shown = crate::report::clip(e.trim());
    if let Some((why, fix)) = crate::condition::unmatched_call(&expr, &|_| None) {
        return Err((
            format!(
                "the default expression {shown} of the column '{}' is refused: {why}",
                crate::report::clip(&c.name)
            ),
            fix,
        ));
    }
    if let Some(n) = (c.ty == ColumnType::Real)
        .then(|| crate::pg_expr_type::past_float8(&expr))
        .flatten()
    {
        return Err((
            format!(
                "the default expression {shown} of the REAL column '{}' (double precision on PostgreSQL) has the number {}, past the range of double precision: PostgreSQL creates the table, then refuses every insert that takes the default (\"{}\" is out of range for type double precision)",
                crate::report::clip(&c.name),
                crate::report::clip(&n),
                crate::report::clip(&n)
            ),
            "write a number from -1.7976931348623157e308 to 1.7976931348623157e308 (and 0 or one past ±2.3e-308 for a small one), or make the column DECIMAL".to_string(),
        ));
    }
    let Some(from) = crate::pg_expr_type::type_of(&expr, None) else {
        return Ok(());
    };
    if assignable(from, c.ty) {
        return Ok(());
    }
    let ty = c.ty.as_str();
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
            column_type(from),
            example_default(c.ty)
        ),
    ))
}

/// The type of the expression `text` (PostgreSQL's syntax), when its shape settles it.
#[cfg(test)]
fn expression_type(text: &str) -> Option<PgType> {
    crate::pg_expr_type::type_of(&parsed(text)?, None)
}

/// The expression `text` (PostgreSQL's syntax), when it is one.
fn parsed(text: &str) -> Option<sqlparser::ast::Expr> {
    sqlparser::parser::Parser::new(&sqlparser::dialect::PostgreSqlDialect {})
        .try_with_sql(text)
        .ok()?
        .parse_expr()
        .ok()
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
            // jsonb and bytea have `||` of their own (pg_typeof: jsonb, bytea).
            ("'{}'::jsonb || '{}'", Some(PgType::Jsonb)),
            ("'\\x01'::bytea || '\\x02'::bytea", Some(PgType::Bytea)),
            // PostgreSQL has no `||` for two integers.
            ("1 || 2", None),
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

    /// nullif(a, b) is `a = b`, which PostgreSQL has not between an integer and a timestamp,
    /// whatever the column; coalesce() has no one type for them (the test `pg_default_types`
    /// runs these on PostgreSQL 15).
    #[test]
    fn a_call_of_two_types_postgresql_cannot_match_is_refused() {
        let column = |ty: ColumnType| Column::new("c", ty, true);
        let pg = DatabaseType::Postgresql;
        let (message, suggestion) =
            check(&column(ColumnType::Integer), pg, "nullif(1, now())").unwrap_err();
        assert_eq!(
            message,
            "the default expression nullif(1, now()) of the column 'c' is refused: nullif() compares its arguments (=), and PostgreSQL has no operator for a number and a timestamp (it refuses the migration: operator does not exist)"
        );
        assert_eq!(
            suggestion,
            "make them one type, with a cast (::type) of one of them"
        );
        assert!(check(&column(ColumnType::Text), pg, "coalesce(1, now())").is_err());
        // A string literal they read as the other argument's type, and cannot.
        let (message, suggestion) =
            check(&column(ColumnType::Integer), pg, "coalesce(1, 'x')").unwrap_err();
        assert_eq!(
            message,
            "the default expression coalesce(1, 'x') of the column 'c' is refused: coalesce() reads all its arguments as one type, here a number, and PostgreSQL cannot read the string 'x' as an integer (it refuses the migration: invalid input syntax)"
        );
        assert_eq!(suggestion, "write a whole number");
        assert!(check(&column(ColumnType::Text), pg, "nullif(1, 'x')").is_err());
        assert!(check(&column(ColumnType::Integer), pg, "nullif(1, '2')").is_ok());
        // `||` of two integers: PostgreSQL has no such operator.
        let (message, _) = check(&column(ColumnType::Text), pg, "1 || 2").unwrap_err();
        assert!(
            message.ends_with(
                "(it refuses the migration: operator does not exist: integer || integer)"
            ),
            "{message}"
        );
        assert!(check(&column(ColumnType::Text), pg, "1 || 'a'").is_ok());
        assert!(check(&column(ColumnType::Integer), pg, "nullif(1, 2.5)").is_ok());
    }
}
