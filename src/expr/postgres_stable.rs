//! What in a PostgreSQL partial index's WHERE goes through a STABLE function without calling
//! one by name (refused: functions in index predicate must be marked IMMUTABLE): an array cast
//! to text, a cast that reads the session's DateStyle, and a conversion to or from a time zone.

use sqlparser::ast::{DataType, Expr, FunctionArguments};

/// Whether `e` casts an `ARRAY[…]` to a text type (`ARRAY['a']::text`), which PostgreSQL does
/// through the STABLE array_out.
pub(super) fn postgres_array_as_text(e: &Expr) -> bool {
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

/// A cast in a PostgreSQL partial index's WHERE that reads the session's DateStyle (a STABLE
/// cast, refused: "functions in index predicate must be marked IMMUTABLE", checked on
/// PostgreSQL 15): a DATE or TIMESTAMP column cast to text (`placed_at::text`,
/// `CAST(born AS VARCHAR)`, `text(placed_at)`), or a text column cast to date or timestamp.
/// Other casts to text (integer, uuid, json) and between dates and timestamps are IMMUTABLE.
pub(super) fn postgres_date_style_cast(
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
pub(super) fn postgres_stable_time_zone(e: &Expr) -> Option<String> {
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
