//! A PostgreSQL or MySQL database made by Prisma Migrate (`"User"` with `"tenantId"`, indexes
//! `"User_email_key"` and `"User_tenantId_idx"`, a `"Post"` whose `"authorId"` references it)
//! described by `previousSpec`: previousSpec says what the database has, so its names are taken
//! as any name the database holds (as a table marked `existing: true` takes them). A spec that
//! keeps such a name for a table it changes is refused, as a new name is (the renderers write a
//! column name bare, and PostgreSQL folds a bare `tenantId` to `tenantid`), with the rename that
//! works: `"name": "users", "renamedFrom": "User"`. A user trial found previousSpec refused
//! (`INVALID_TABLE_NAME previousSpec: 'User'`) after following the suggestion, with no way
//! forward. Here the suggestions are followed as they stand, and the migrations they give run on
//! PostgreSQL 15 and MariaDB 10.11 (scratch databases, tests/common/servers.rs): up, then down
//! giving back exactly the catalog Prisma made.

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;

use generated_json::{generate, generated};
use serde_json::{json, Value};
use servers::{Scratch, Server};

const NOW: &str = "2026-12-07T12:00:00Z";

fn int(name: &str) -> Value {
    json!({ "name": name, "type": "INTEGER", "nullable": false })
}

/// Prisma's `String` in a unique index on MySQL: `VARCHAR(191)` (on PostgreSQL it writes `TEXT`).
fn text(name: &str) -> Value {
    json!({ "name": name, "type": "VARCHAR", "length": 191, "nullable": false })
}

/// The spec of what Prisma made: `"User"` (`id` SERIAL, `"tenantId"`, `email` unique) and
/// `"Post"` (`"authorId"` referencing `"User"`), with Prisma's index and constraint names.
fn prisma(db: &str) -> Value {
    json!({ "description": "prisma init", "databaseType": db, "timestamps": false, "now": NOW,
        "tables": [
            { "name": "User", "primaryKey": ["id"],
              "columns": [{ "name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true },
                  int("tenantId"), text("email")],
              "indexes": [{ "name": "User_email_key", "columns": ["email"], "unique": true },
                  { "name": "User_tenantId_idx", "columns": ["tenantId"] }] },
            { "name": "Post", "primaryKey": ["id"],
              "columns": [{ "name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true },
                  int("authorId")],
              "foreignKeys": [{ "name": "Post_authorId_fkey", "columns": ["authorId"],
                  "referencedTable": "User", "referencedColumns": ["id"],
                  "onDelete": "RESTRICT", "onUpdate": "CASCADE" }] }
        ] })
}

/// Prisma's own SQL for [`prisma`] (its `migration.sql`, in each engine's quoting).
fn prisma_sql(server: Server) -> String {
    let sql = r#"CREATE TABLE "User" ("id" SERIAL NOT NULL, "tenantId" INTEGER NOT NULL, "email" VARCHAR(191) NOT NULL, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));
CREATE TABLE "Post" ("id" SERIAL NOT NULL, "authorId" INTEGER NOT NULL, CONSTRAINT "Post_pkey" PRIMARY KEY ("id"));
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE INDEX "User_tenantId_idx" ON "User"("tenantId");
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
"#;
    match server {
        Server::Postgres => sql.to_string(),
        Server::MariaDb => r#"CREATE TABLE `User` (`id` INTEGER NOT NULL AUTO_INCREMENT, `tenantId` INTEGER NOT NULL, `email` VARCHAR(191) NOT NULL, UNIQUE INDEX `User_email_key`(`email`), INDEX `User_tenantId_idx`(`tenantId`), PRIMARY KEY (`id`)) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE TABLE `Post` (`id` INTEGER NOT NULL AUTO_INCREMENT, `authorId` INTEGER NOT NULL, PRIMARY KEY (`id`)) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
ALTER TABLE `Post` ADD CONSTRAINT `Post_authorId_fkey` FOREIGN KEY (`authorId`) REFERENCES `User`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
"#
        .to_string(),
    }
}

/// The spec with `tables` and `previous` as its previousSpec.
fn change(previous: &Value, tables: Value) -> Value {
    json!({ "description": "adopt prisma tables", "databaseType": previous["databaseType"],
        "timestamps": false, "now": NOW, "previousSpec": previous, "tables": tables })
}

/// Prisma's tables as the team first writes the spec: as they are, `phone` added to `"User"`.
fn kept_as_they_are(db: &str) -> Value {
    let mut tables = prisma(db)["tables"].clone();
    tables[0]["columns"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "name": "phone", "type": "VARCHAR", "length": 32, "nullable": true }));
    tables
}

fn errors(result: &Value) -> Vec<Value> {
    result["validation"]["errors"].as_array().unwrap().clone()
}

/// The JSON a suggestion ends with (`"name": "users", "renamedFrom": "User"`), as an object.
fn suggested_json(e: &Value) -> Value {
    let s = e["suggestion"].as_str().unwrap();
    let at = s
        .rfind(": \"name\": ")
        .unwrap_or_else(|| panic!("no JSON in {e:#}"));
    serde_json::from_str(&format!("{{{}}}", &s[at + 2..])).unwrap_or_else(|x| panic!("{x}: {s}"))
}

/// The name a suggestion ends with, in quotes (`… in the index 'User_tenantId_idx': 'tenant_id'`,
/// `… reference 'users'. Otherwise …`): after `marker`.
fn quoted_after<'a>(suggestion: &'a str, marker: &str) -> &'a str {
    let rest = &suggestion[suggestion.find(marker).unwrap() + marker.len()..];
    rest.split('\'').next().unwrap()
}

/// `tables` with each error's suggestion followed as it stands: the JSON of a rename put in
/// place of the table or column it is about, a column renamed named by its new name where an
/// index or key lists it, a foreign key to a renamed table given its new name.
fn followed(tables: &Value, errors: &[Value]) -> Value {
    let mut tables = tables.clone();
    for e in errors {
        let s = e["suggestion"].as_str().unwrap();
        let table = (tables.as_array_mut().unwrap().iter_mut())
            .find(|t| t["name"] == e["table"] || t["renamedFrom"] == e["table"])
            .unwrap_or_else(|| panic!("no table of {e:#}"));
        match e["code"].as_str().unwrap() {
            "UNKNOWN_COLUMN" => {
                let new = json!(s.rsplit(": '").next().unwrap().trim_end_matches('\''));
                let named = |v: &Value| v["name"] == e["constraint"];
                for list in ["indexes", "uniqueConstraints", "foreignKeys"] {
                    for c in (table[list].as_array_mut().into_iter().flatten()).filter(|c| named(c))
                    {
                        for col in c["columns"].as_array_mut().unwrap() {
                            if *col == e["column"] {
                                *col = new.clone();
                            }
                        }
                    }
                }
            }
            "INVALID_FOREIGN_KEY" => {
                let to = quoted_after(s, "reference '");
                let fks = table["foreignKeys"].as_array_mut().unwrap();
                let fk = fks
                    .iter_mut()
                    .find(|f| f["name"] == e["constraint"])
                    .unwrap();
                fk["referencedTable"] = json!(to);
            }
            _ => {
                let fix = suggested_json(e);
                let target = match e["column"].as_str() {
                    Some(c) => (table["columns"].as_array_mut().unwrap().iter_mut())
                        .find(|col| col["name"] == c)
                        .unwrap(),
                    None => table,
                };
                target
                    .as_object_mut()
                    .unwrap()
                    .extend(fix.as_object().unwrap().clone());
            }
        }
    }
    tables
}

/// `tables` once every suggestion of every round is followed: at most `rounds` rounds, the
/// last valid (its result returned).
fn followed_until_valid(
    previous: &Value,
    tables: Value,
    rounds: usize,
) -> (Value, Vec<Vec<Value>>) {
    let mut tables = tables;
    let mut said = Vec::new();
    for _ in 0..rounds {
        let result = generated(&change(previous, tables.clone()));
        if result["validation"]["valid"] == true {
            return (result, said);
        }
        let found = errors(&result);
        tables = followed(&tables, &found);
        said.push(found);
    }
    panic!("still invalid after {rounds} rounds: {said:#?}");
}

/// Each of previousSpec's names is taken; each the spec keeps for a table it changes is
/// refused with a rename (renamedFrom) that, followed as it stands, gives a valid spec whose
/// migration renames `"User"` to `users`, `"tenantId"` to `tenant_id`, `"Post"` to `post` and
/// `"authorId"` to `author_id`, quoted where the name is not snake_case.
#[test]
fn prisma_names_in_previous_spec_are_taken_and_the_suggested_renames_work() {
    for db in ["postgresql", "mysql"] {
        let previous = prisma(db);
        // previousSpec alone is taken: a spec that leaves its tables as they are (out of it)
        // and adds one is valid.
        let audit = json!([{ "name": "audit", "columns": [int("id")], "primaryKey": ["id"] }]);
        generate(&change(&previous, audit));
        let first = generated(&change(&previous, kept_as_they_are(db)));
        let found = errors(&first);
        assert!(
            found
                .iter()
                .all(|e| !e["message"].as_str().unwrap().starts_with("previousSpec")),
            "{db}: {found:#?}"
        );
        let about: Vec<(String, Value, Value)> = (found.iter())
            .map(|e| {
                (
                    e["code"].as_str().unwrap().to_string(),
                    e["table"].clone(),
                    e["column"].clone(),
                )
            })
            .collect();
        assert_eq!(
            about,
            [
                ("INVALID_TABLE_NAME".to_string(), json!("User"), Value::Null),
                (
                    "INVALID_COLUMN_NAME".to_string(),
                    json!("User"),
                    json!("tenantId")
                ),
                ("INVALID_TABLE_NAME".to_string(), json!("Post"), Value::Null),
                (
                    "INVALID_COLUMN_NAME".to_string(),
                    json!("Post"),
                    json!("authorId")
                ),
            ],
            "{db}: {found:#?}"
        );
        // `user` is a reserved word of PostgreSQL, not of MySQL.
        let users = if db == "mysql" { "user" } else { "users" };
        let fixes: Vec<Value> = found.iter().map(suggested_json).collect();
        assert_eq!(
            fixes,
            [
                json!({ "name": users, "renamedFrom": "User" }),
                json!({ "name": "tenant_id", "renamedFrom": "tenantId" }),
                json!({ "name": "post", "renamedFrom": "Post" }),
                json!({ "name": "author_id", "renamedFrom": "authorId" }),
            ],
            "{db}"
        );
        let (adopted, rounds) = followed_until_valid(&previous, kept_as_they_are(db), 3);
        assert_eq!(rounds[0], found, "{db}");
        // The second round: the index and the foreign key name the columns and the table by
        // their new names, as their errors say.
        let second: Vec<(&str, &str)> = (rounds[1].iter())
            .map(|e| {
                (
                    e["code"].as_str().unwrap(),
                    e["suggestion"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            second[..2],
            [
                ("UNKNOWN_COLUMN", "name the column by its new name in the index 'User_tenantId_idx': 'tenant_id'"),
                ("UNKNOWN_COLUMN", "name the column by its new name in the foreign key 'Post_authorId_fkey': 'author_id'"),
            ],
            "{db}"
        );
        assert_eq!(second.len(), 3, "{db}: {second:#?}");
        assert!(
            second[2].1.starts_with(&format!(
                "the spec renames 'User' to '{users}' (renamedFrom): reference '{users}'."
            )),
            "{db}: {second:#?}"
        );
        let up = adopted["upMigration"].as_str().unwrap();
        let q = |name: &str| match db {
            "mysql" => format!("`{name}`"),
            _ => format!("\"{name}\""),
        };
        for renamed in [
            format!("{} RENAME TO {users}", q("User")),
            format!("RENAME COLUMN {} TO tenant_id", q("tenantId")),
            format!("RENAME COLUMN {} TO author_id", q("authorId")),
        ] {
            assert!(up.contains(&renamed), "{db}: no {renamed} in\n{up}");
        }
    }
}

/// A table named `User` that previousSpec does not have is a new name: the suggestion stays
/// the plain rename, without renamedFrom (there is nothing to rename from).
#[test]
fn a_new_table_named_like_prisma_keeps_the_plain_rename() {
    let previous = prisma("postgresql");
    let mut tables = previous["tables"].clone();
    tables.as_array_mut().unwrap().push(
        json!({ "name": "Team", "columns": [int("id"), int("ownerId")], "primaryKey": ["id"] }),
    );
    for _ in 0..2 {
        let found = errors(&generated(&change(&previous, tables.clone())));
        let prisma_ones: Vec<Value> = (found.into_iter())
            .filter(|e| e["table"] != "Team")
            .collect();
        tables = followed(&tables, &prisma_ones);
    }
    let found = errors(&generated(&change(&previous, tables)));
    let suggestions: Vec<(&str, &str)> = (found.iter())
        .map(|e| {
            (
                e["code"].as_str().unwrap(),
                e["suggestion"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        suggestions,
        [
            ("INVALID_TABLE_NAME", "rename it to 'team'"),
            ("INVALID_COLUMN_NAME", "rename it to 'owner_id'"),
        ]
    );
}

/// Everything of the scratch database's catalog a migration may touch: tables, columns (type,
/// nullability, default), indexes, constraints and sequences, one line each, sorted.
fn catalog(db: &Scratch) -> Vec<String> {
    let query = match db.server {
        Server::Postgres => "SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '-') FROM information_schema.columns WHERE table_schema = 'public' \
             UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' \
             UNION ALL SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace \
             UNION ALL SELECT 'sequence ' || sequence_name FROM information_schema.sequences WHERE sequence_schema = 'public' \
             UNION ALL SELECT 'owned ' || s.relname || ' by ' || t.relname || '.' || a.attname FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' JOIN pg_class t ON t.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid;".to_string(),
        Server::MariaDb => format!(
            "SELECT CONCAT('column ', TABLE_NAME, '.', COLUMN_NAME, ' ', COLUMN_TYPE, ' ', IS_NULLABLE, ' ', COALESCE(COLUMN_DEFAULT, '-'), ' ', EXTRA) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '{0}' \
             UNION ALL SELECT CONCAT('index ', TABLE_NAME, ' ', INDEX_NAME, ' ', NON_UNIQUE, ' ', SEQ_IN_INDEX, ' ', COLUMN_NAME) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '{0}' \
             UNION ALL SELECT CONCAT('foreign key ', k.TABLE_NAME, ' ', k.CONSTRAINT_NAME, ' ', k.COLUMN_NAME, ' ', k.REFERENCED_TABLE_NAME, '.', k.REFERENCED_COLUMN_NAME, ' ', r.UPDATE_RULE, ' ', r.DELETE_RULE) FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.TABLE_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME WHERE k.TABLE_SCHEMA = '{0}' \
             UNION ALL SELECT CONCAT('table ', TABLE_NAME, ' ', AUTO_INCREMENT) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{0}';",
            db.name
        ),
    };
    let mut lines: Vec<String> = db.exec(&query).lines().map(str::to_owned).collect();
    lines.sort();
    lines
}

/// On `server`: Prisma's tables with rows; the migration the followed suggestions give
/// (renames, `phone` added) runs, the rows are there under the new names; the down migration
/// gives back Prisma's catalog exactly, rows and all; the up migration runs again.
fn adopted_up_and_down(server: Server, what: &str) {
    let Some(db) = server.scratch(what) else {
        return;
    };
    let dialect = server.database_type();
    db.exec(&prisma_sql(server));
    let q = |sql: &str| match server {
        Server::Postgres => sql.to_string(),
        Server::MariaDb => sql.replace('"', "`"),
    };
    db.exec(&q(
        r#"INSERT INTO "User" ("tenantId", "email") VALUES (7, 'a@x.org'), (8, 'b@x.org');
INSERT INTO "Post" ("authorId") VALUES (1), (2), (2);"#,
    ));
    let before = catalog(&db);
    let previous = prisma(dialect);
    let (adopted, _) = followed_until_valid(&previous, kept_as_they_are(dialect), 3);
    let users = if server == Server::MariaDb {
        "user"
    } else {
        "users"
    };
    let (up, down) = (
        adopted["upMigration"].as_str().unwrap(),
        adopted["downMigration"].as_str().unwrap(),
    );
    db.exec(up);
    assert_eq!(
        db.exec(&format!("SELECT u.id, u.tenant_id, u.email, count(p.id) FROM {users} u JOIN post p ON p.author_id = u.id GROUP BY u.id, u.tenant_id, u.email ORDER BY u.id;"))
            .replace('\t', "|"),
        "1|7|a@x.org|1\n2|8|b@x.org|2\n",
        "{up}"
    );
    db.exec(down);
    let after = catalog(&db);
    assert_eq!(after, before, "{up}\n{down}");
    assert_eq!(
        db.exec(&q(
            r#"SELECT "id", "tenantId", "email" FROM "User" ORDER BY "id";"#
        ))
        .replace('\t', "|"),
        "1|7|a@x.org\n2|8|b@x.org\n"
    );
    db.exec(up);
    db.exec(&format!(
        "INSERT INTO {users} (tenant_id, email, phone) VALUES (9, 'c@x.org', '555');"
    ));
    assert_eq!(
        db.exec(&format!("SELECT id FROM {users} WHERE phone = '555';")),
        "3\n"
    );
    assert_eq!(db.rows("SELECT id FROM post"), 3);
}

#[test]
fn postgres_prisma_tables_renamed_up_and_down_to_the_same_catalog() {
    adopted_up_and_down(Server::Postgres, "prisma_names_pg");
}

#[test]
fn mariadb_prisma_tables_renamed_up_and_down_to_the_same_catalog() {
    adopted_up_and_down(Server::MariaDb, "prisma_names_my");
}

/// A change that would write one of previousSpec's names bare is refused, each with what to
/// do: a column neither listed nor renamed (the down migration would add it back bare), an
/// index over such a column dropped (made again bare), a table of such names that
/// dropTablesNotInSpec would drop (created again bare). Followed, the change runs on
/// PostgreSQL, up and down.
#[test]
fn changes_that_would_write_prisma_names_bare_are_refused_and_the_suggestions_run() {
    let previous = json!({ "description": "p", "databaseType": "postgresql", "timestamps": false,
        "tables": [
            { "name": "User", "primaryKey": ["id"], "columns": [
                { "name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true },
                int("tenantId"), { "name": "nickName", "type": "TEXT", "nullable": true }],
              "indexes": [{ "name": "User_tenantId_idx", "columns": ["tenantId"] }] },
            { "name": "Audit Log", "primaryKey": ["id"], "columns": [int("id"),
                { "name": "whoId", "type": "INTEGER", "nullable": true }] }
        ] });
    let users = |columns: Value, indexes: Value| {
        json!([{ "name": "users", "renamedFrom": "User", "primaryKey": ["id"], "columns": columns,
            "indexes": indexes }])
    };
    let id = json!({ "name": "id", "type": "INTEGER", "nullable": false, "autoIncrement": true });
    let tenant = json!({ "name": "tenant_id", "renamedFrom": "tenantId", "type": "INTEGER", "nullable": false });
    let mut spec = change(&previous, users(json!([id, tenant]), json!([])));
    spec["allowDataLoss"] = json!(true);
    spec["dropTablesNotInSpec"] = json!(true);
    let found = errors(&generated(&spec));
    let said: Vec<(&str, &str, &str)> = (found.iter())
        .map(|e| {
            let m = e["message"].as_str().unwrap();
            (
                e["code"].as_str().unwrap(),
                e["table"].as_str().unwrap(),
                &m[..m.find(' ').unwrap()],
            )
        })
        .collect();
    assert_eq!(
        said,
        [
            ("INVALID_SPEC", "users", "previousSpec's"),
            ("INVALID_SPEC", "users", "the"),
            ("INVALID_SPEC", "Audit Log", "dropTablesNotInSpec"),
        ],
        "{found:#?}"
    );
    assert_eq!(found[0]["column"], "nickName");
    assert_eq!(
        suggested_json(&found[0]),
        json!({ "name": "nick_name", "renamedFrom": "nickName" })
    );
    assert!(found[1]["message"]
        .as_str()
        .unwrap()
        .starts_with("the index 'User_tenantId_idx' of previousSpec's 'User'"));
    // Followed: the column renamed, the index kept (its column by the new name), the table kept.
    let nick =
        json!({ "name": "nick_name", "renamedFrom": "nickName", "type": "TEXT", "nullable": true });
    let index = json!([{ "name": "User_tenantId_idx", "columns": ["tenant_id"] }]);
    let mut spec = change(&previous, users(json!([id, tenant, nick]), index));
    spec["allowDataLoss"] = json!(true);
    let r = generate(&spec);
    let Some(db) = Server::Postgres.scratch("prisma_names_bare_pg") else {
        return;
    };
    db.exec(r#"CREATE TABLE "User" ("id" SERIAL PRIMARY KEY, "tenantId" INTEGER NOT NULL, "nickName" TEXT);
CREATE INDEX "User_tenantId_idx" ON "User"("tenantId");
CREATE TABLE "Audit Log" ("id" INTEGER PRIMARY KEY, "whoId" INTEGER);
INSERT INTO "User" ("tenantId", "nickName") VALUES (4, 'ann');"#);
    let before = catalog(&db);
    db.exec(r["upMigration"].as_str().unwrap());
    assert_eq!(
        db.exec("SELECT tenant_id, nick_name FROM users;"),
        "4|ann\n"
    );
    db.exec(r["downMigration"].as_str().unwrap());
    assert_eq!(catalog(&db), before);
}
