//! MySQL's JSON in an expression, where MySQL 8 and MariaDB 10.11 part or both refuse what the
//! parse takes: the operators `->` and `->>`, which MySQL 8 has and MariaDB does not (a syntax
//! error there, when the table is created), and a literal JSON path that does not start with `$`
//! (`JSON_EXTRACT(meta, 'a')`), which both take in a CHECK and refuse on each row the CHECK reads
//! (MariaDB 10.11 in strict mode: error 4042, Syntax error in JSON path; MySQL 8: error 3143,
//! Invalid JSON path expression). Each form is run on MariaDB in
//! `__test__/expressions-refused.test.mjs`.

use sqlparser::ast::{
    BinaryOperator, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArguments, Value,
};

/// The arguments (from 0) of MySQL's JSON functions that are paths: `(name, first, step)`, the
/// first path argument and, when more follow, every `step`-th after it (0: that one only).
const PATH_ARGUMENTS: &[(&str, usize, usize)] = &[
    ("json_array_append", 1, 2),
    ("json_array_insert", 1, 2),
    ("json_contains", 2, 0),
    ("json_contains_path", 2, 1),
    ("json_exists", 1, 0),
    ("json_extract", 1, 1),
    ("json_insert", 1, 2),
    ("json_keys", 1, 0),
    ("json_length", 1, 0),
    ("json_query", 1, 0),
    ("json_remove", 1, 1),
    ("json_replace", 1, 2),
    ("json_search", 4, 1),
    ("json_set", 1, 2),
    ("json_value", 1, 0),
];

/// `path` starting at `$`, the document: `a` → `$.a`, `[0]` → `$[0]`, `.a` → `$.a`; a key
/// that is not a plain name is quoted (`a b` → `$."a b"`).
fn from_the_document(path: &str) -> String {
    let p = path.trim();
    if p.starts_with('[') || p.starts_with('.') {
        format!("${p}")
    } else if p
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '*'))
    {
        format!("$.{p}")
    } else {
        format!("$.\"{}\"", p.replace('"', "\\\""))
    }
}

/// The string a literal is, if `e` is one.
fn string_literal(e: &Expr) -> Option<&str> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

/// `path` as a literal, fixed to start at `$` when it is a literal that does not.
fn fixed_path(path: &Expr) -> String {
    match string_literal(path) {
        Some(p) if !p.trim_start().starts_with('$') => format!("'{}'", from_the_document(p)),
        _ => path.to_string(),
    }
}

/// Why MySQL or MariaDB refuses the JSON in `e` (see the module's notes), if it does, ending
/// with what to write.
pub(crate) fn refused(e: &Expr) -> Option<String> {
    match e {
        Expr::BinaryOp { left, op, right }
            if matches!(op, BinaryOperator::Arrow | BinaryOperator::LongArrow) =>
        {
            let extract = format!("JSON_EXTRACT({left}, {})", fixed_path(right));
            let write = if *op == BinaryOperator::LongArrow {
                format!("JSON_UNQUOTE({extract})")
            } else {
                extract
            };
            Some(format!(
                "the JSON operator {op}, which MySQL 8 has and MariaDB does not (a syntax error there; a migration for MySQL runs on both) (write {write})"
            ))
        }
        Expr::Function(f) => unreadable_path(f),
        _ => None,
    }
}

/// Why a call of one of MySQL's JSON functions with a literal path that does not start at `$`
/// is refused, with the call written with the path fixed.
fn unreadable_path(f: &Function) -> Option<String> {
    let [part] = &f.name.0[..] else { return None };
    let name = part.as_ident()?.value.to_ascii_lowercase();
    let &(_, first, step) = PATH_ARGUMENTS.iter().find(|(n, _, _)| *n == name)?;
    let FunctionArguments::List(list) = &f.args else {
        return None;
    };
    let is_path =
        |i: usize| i == first || (step > 0 && i > first && (i - first).is_multiple_of(step));
    let mut fixed = f.clone();
    let FunctionArguments::List(fixed_list) = &mut fixed.args else {
        return None;
    };
    let mut bad: Option<String> = None;
    for (i, a) in list.args.iter().enumerate() {
        let FunctionArg::Unnamed(FunctionArgExpr::Expr(x)) = a else {
            continue;
        };
        let Some(p) = string_literal(x).filter(|p| is_path(i) && !p.trim_start().starts_with('$'))
        else {
            continue;
        };
        bad.get_or_insert_with(|| p.to_string());
        fixed_list.args[i] = FunctionArg::Unnamed(FunctionArgExpr::Expr(Expr::Value(
            Value::SingleQuotedString(from_the_document(p)).into(),
        )));
    }
    let bad = bad?;
    Some(format!(
        "the JSON path '{}', which does not start with $ (the document), and MySQL and MariaDB refuse each row it reads (Invalid JSON path expression; MariaDB 10.11: Syntax error in JSON path) (write {fixed})",
        crate::report::clip(&bad)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused_text(text: &str) -> Option<String> {
        let d = crate::dialect::for_database(crate::spec::DatabaseType::Mysql).parser();
        let e = crate::expr::parse_short(d, text).expect(text);
        let mut found = None;
        let _ = sqlparser::ast::visit_expressions(&e, |x| {
            found = found.take().or_else(|| refused(x));
            std::ops::ControlFlow::<()>::Continue(())
        });
        found
    }

    #[test]
    fn the_arrows_are_written_as_calls_both_servers_have() {
        for (text, write) in [
            (
                "meta->>'$.a' IS NOT NULL",
                "(write JSON_UNQUOTE(JSON_EXTRACT(meta, '$.a')))",
            ),
            (
                "meta->'$.a' IS NOT NULL",
                "(write JSON_EXTRACT(meta, '$.a'))",
            ),
            (
                "meta->>'a' IS NOT NULL",
                "(write JSON_UNQUOTE(JSON_EXTRACT(meta, '$.a')))",
            ),
        ] {
            let why = refused_text(text).expect(text);
            assert!(why.ends_with(write), "{text}: {why}");
            assert!(why.contains("MariaDB does not"), "{text}: {why}");
        }
    }

    #[test]
    fn literal_paths_start_at_the_document() {
        for (text, write) in [
            (
                "JSON_EXTRACT(meta, 'a') IS NOT NULL",
                "(write JSON_EXTRACT(meta, '$.a'))",
            ),
            (
                "JSON_LENGTH(meta, '[0]') > 0",
                "(write JSON_LENGTH(meta, '$[0]'))",
            ),
            (
                "JSON_CONTAINS_PATH(meta, 'one', '$.a', 'b')",
                "(write JSON_CONTAINS_PATH(meta, 'one', '$.a', '$.b'))",
            ),
            (
                "JSON_SET(meta, 'a', 'x') IS NOT NULL",
                "(write JSON_SET(meta, '$.a', 'x'))",
            ),
            (
                "json_value(meta, 'a b') = 1",
                "(write json_value(meta, '$.\"a b\"'))",
            ),
        ] {
            let why = refused_text(text).expect(text);
            assert!(why.ends_with(write), "{text}: {why}");
        }
        for text in [
            "JSON_EXTRACT(meta, '$.a') IS NOT NULL",
            "JSON_EXTRACT(meta, ' $.a') IS NOT NULL",
            "JSON_SET(meta, '$.a', 'x') IS NOT NULL",
            "JSON_CONTAINS(meta, '1')",
            "JSON_CONTAINS_PATH(meta, 'one', '$.a')",
            "JSON_EXTRACT(meta, p) IS NOT NULL",
            "JSON_VALID(meta)",
        ] {
            assert_eq!(refused_text(text), None, "{text}");
        }
    }
}
