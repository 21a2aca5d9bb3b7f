//! What the tests of the modules of `spec_change` share: tables to change, specs with a
//! previousSpec to generate, and what to read of their warnings.

use super::compare::compare;
use super::moved::Moved;
use super::order::TableChange;
use super::*;
use crate::dialect::for_database;
use crate::report::{Code, Report};

/// A nullable column `name` of type `ty`.
pub(super) fn column(name: &str, ty: ColumnType) -> Column {
    Column::new(name, ty, true)
}

/// The table `users`: an auto-increment INTEGER key `id` and a nullable VARCHAR(100) `email`.
pub(super) fn users() -> Table {
    let mut id = column("id", ColumnType::Integer);
    id.nullable = false;
    id.auto_increment = true;
    let mut email = column("email", ColumnType::Varchar);
    email.length = Some(100);
    Table {
        name: "users".into(),
        columns: vec![id, email],
        primary_key: vec!["id".into()],
        ..Default::default()
    }
}

/// The change on `db` from `previous` to `table` (the same table), with `allowDataLoss` as
/// `loss` says, and what it files.
pub(super) fn change(
    db: DatabaseType,
    previous: &Table,
    table: &Table,
    loss: bool,
) -> (TableChange, Report) {
    let d = for_database(db);
    let mut report = Report::default();
    let moved = Moved::of(d, &[(previous, previous, table)]);
    let c = compare(d, previous, table, &moved, loss, &mut report);
    (c, report)
}

/// A PostgreSQL spec of `tables` with a `previousSpec` of `previous` (tables as JSON).
pub(super) fn postgres_change(tables: &[String], previous: &[String]) -> String {
    spec_change_of("postgresql", &tables.join(","), &previous.join(","), "")
}

/// The table `t` keyed by an INTEGER `id`, with the columns `more` (JSON after a comma) and
/// the table fields `extra`.
pub(super) fn table(more: &str, extra: &str) -> String {
    format!(
        r#"{{"name":"t","columns":[{{"name":"id","type":"INTEGER","nullable":false}}{more}],"primaryKey":["id"]{extra}}}"#
    )
}

/// The messages of the `code` warnings of the valid migration `spec` gives.
pub(super) fn warnings_of(spec: &str, code: Code) -> Vec<String> {
    let result = crate::generate_str(spec);
    assert!(result.validation.valid, "{:?}", result.validation.errors);
    result
        .validation
        .warnings
        .iter()
        .filter(|w| w.code == code)
        .map(|w| w.message.clone())
        .collect()
}

/// Whether `message` is the warning that PostgreSQL's down migration adds a dropped column
/// back at the end of its table ([`back_at_the_end`], tested on its own), or that SQLite's
/// down rebuild from previousSpec writes previousSpec's column order
/// ([`crate::column_order::about_rebuild_order`]): the tests of what else the down migration
/// cannot give back leave them aside.
pub(super) fn about_column_order(message: &str) -> bool {
    (message.starts_with("the down migration adds the column '")
        && message.contains("' back at the end of '"))
        || crate::column_order::about_rebuild_order(message)
}

/// The `DOWN_DATA_LOSS` messages of the valid migration `spec` gives, but those of
/// [`about_column_order`].
pub(super) fn down_loss_but_column_order(spec: &str) -> Vec<String> {
    (warnings_of(spec, Code::DownDataLoss).into_iter())
        .filter(|m| !about_column_order(m))
        .collect()
}

/// A spec of `tables` on `db` with a `previousSpec` of `previous` (tables as JSON), with the
/// options `extra` (`,"timestamps":true`).
pub(super) fn spec_change_of(db: &str, tables: &str, previous: &str, extra: &str) -> String {
    format!(
        r#"{{"description":"b","databaseType":"{db}","tables":[{tables}]{extra},"previousSpec":{{"description":"a","databaseType":"{db}","tables":[{previous}]{extra}}}}}"#
    )
}

/// For each of `dbs`: each (before, now) expression of the table `t` makes no change from
/// previousSpec; `n > 0` to `n > 1` does.
pub(super) fn written_otherwise_is_no_change(
    t: &dyn Fn(&str) -> String,
    dbs: &[&str],
    pairs: &[(&str, &str)],
) {
    for db in dbs {
        for (before, now) in pairs {
            let r = crate::generate_str(
                &postgres_change(&[t(now)], &[t(before)]).replace("postgresql", db),
            );
            assert!(r.validation.valid, "{db}");
            assert_eq!(r.up_migration, "", "{db}: {before} -> {now}");
        }
        let r = crate::generate_str(
            &postgres_change(&[t("n > 1")], &[t("n > 0")]).replace("postgresql", db),
        );
        assert!(r.up_migration.contains("n > 1"), "{db}");
    }
}

/// A PostgreSQL spec whose `users` (id, email) is referenced by `orders`, marked existing or
/// not, from a previous spec where `users` has `previous_users`'s extra JSON.
pub(super) fn referenced_users(
    orders_existing: bool,
    users_before: &str,
    users_now: &str,
) -> String {
    let orders = format!(
        r#"{{"name":"orders","existing":{orders_existing},"columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"email","type":"VARCHAR","length":100,"nullable":true}}],"primaryKey":["id"],"foreignKeys":[{{"columns":["email"],"referencedTable":"users","referencedColumns":["email"]}}]}}"#
    );
    let users = |extra: &str| {
        format!(
            r#"{{"name":"users","columns":[{{"name":"id","type":"INTEGER","nullable":false}},{{"name":"email","type":"VARCHAR","length":100,"nullable":true}},{{"name":"bio","type":"TEXT","nullable":true}}],"primaryKey":["id"]{extra}}}"#
        )
    };
    let previous_orders = orders.replace(r#""existing":true,"#, "");
    format!(
        r#"{{"description":"b","databaseType":"postgresql","tables":[{},{orders}],"previousSpec":{{"description":"a","databaseType":"postgresql","tables":[{},{previous_orders}]}}}}"#,
        users(users_now),
        users(users_before)
    )
}
