//! Helpers shared by the tests of several submodules of `validate`.

/// The codes and constraint names of the errors of a generation on `db` of the tables `tables`
/// (their JSON, comma-separated).
pub(super) fn error_codes(db: &str, tables: &str) -> Vec<(String, Option<String>)> {
    let r = crate::generate_str(&format!(
        r#"{{"description":"d","databaseType":"{db}","timestamps":false,"tables":[{tables}]}}"#
    ));
    r.validation
        .errors
        .iter()
        .map(|e| (e.code.as_str().to_string(), e.constraint.clone()))
        .collect()
}

/// The codes alone of [`error_codes`].
pub(super) fn codes_only(db: &str, tables: &str) -> Vec<String> {
    error_codes(db, tables)
        .into_iter()
        .map(|(c, _)| c)
        .collect()
}

/// The JSON of a table `t` with a numbered key `id` and the column `column` (its JSON).
pub(super) fn one_column(column: &str) -> String {
    format!(
        r#"{{"name":"t","columns":[{{"name":"id","type":"INT","nullable":false,"autoIncrement":true}},{column}]}}"#
    )
}
