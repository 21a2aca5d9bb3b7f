//! A table's `primaryKeyName`: the primary key's constraint name as the database has it
//! (Drizzle Kit's `memberships_org_id_user_id_pk`) or is to have it. On the PostgreSQL 15
//! server a table made as Drizzle Kit makes it is renamed (the key keeps its name), then its
//! key changes (dropped by that name), and each down migration gives back the catalog as it
//! was; a rename whose new spec gives no name renames the key to `{table}_pkey`, and back. On
//! MariaDB 10.11 the name is taken and ignored (`PRIMARY_KEY_NAME_IGNORED`). On SQLite the name
//! is kept in `CREATE TABLE`, read back by introspection and a pull. Bad names are refused as
//! other constraint names are. Servers: tests/common/servers.rs (skipped loudly where one
//! cannot be reached, unless CI=true).

#[path = "common/generated_json.rs"]
mod generated_json;
#[path = "common/servers.rs"]
mod servers;
#[path = "common/sqlite_files.rs"]
mod sqlite_files;

use generated_json::{col, generate, generated};
use serde_json::{json, Value};
use servers::Server;

/// `memberships` (or `name`, renamed from `renamed_from`) keyed on `key`, its key named `pk`.
fn table(name: &str, renamed_from: Option<&str>, key: &[&str], pk: Option<&str>) -> Value {
    let mut t = json!({ "name": name, "primaryKey": key, "columns": [
        col("org_id", "BIGINT", json!({ "nullable": false })),
        col("user_id", "BIGINT", json!({ "nullable": false })),
        col("role", "VARCHAR", json!({ "nullable": false, "length": 20, "default": "member" })) ] });
    if let Some(old) = renamed_from {
        t["renamedFrom"] = json!(old);
    }
    if let Some(pk) = pk {
        t["primaryKeyName"] = json!(pk);
    }
    t
}

fn spec(db: &str, t: Value, previous: Option<Value>) -> Value {
    let mut s =
        json!({ "description": "s", "databaseType": db, "timestamps": false, "tables": [t] });
    if let Some(p) = previous {
        s["previousSpec"] = p;
    }
    s
}

/// What PostgreSQL's catalog says of the scratch database's tables: each constraint (table,
/// name, kind, definition) and each relation of the public schema (name, kind), sorted.
fn pg_catalog(db: &servers::Scratch) -> String {
    db.exec(
        "SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid) \
         FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2; \
         SELECT relname, relkind FROM pg_class \
         WHERE relnamespace = 'public'::regnamespace ORDER BY 1;",
    )
}

const DRIZZLE_TABLE: &str = "CREATE TABLE \"memberships\" (\"org_id\" bigint NOT NULL, \
    \"user_id\" bigint NOT NULL, \"role\" varchar(20) DEFAULT 'member' NOT NULL, \
    CONSTRAINT \"memberships_org_id_user_id_pk\" PRIMARY KEY(\"org_id\",\"user_id\"));";

/// The user trial's case: a table made by Drizzle Kit, its key named
/// `memberships_org_id_user_id_pk`, renamed with the name in both specs (the key is not
/// renamed: the old migration named `memberships_pkey`, which is not there), then its key
/// changed (dropped by that name, made under the new spec's), each undone by its down.
#[test]
fn a_drizzle_key_name_survives_a_rename_and_a_key_change_on_postgres() {
    let drizzle = "memberships_org_id_user_id_pk";
    let v1 = spec(
        "postgresql",
        table("memberships", None, &["org_id", "user_id"], Some(drizzle)),
        None,
    );
    let v2 = spec(
        "postgresql",
        table(
            "org_members",
            Some("memberships"),
            &["org_id", "user_id"],
            Some(drizzle),
        ),
        Some(v1.clone()),
    );
    let renamed = generate(&v2);
    let up = renamed["upMigration"].as_str().unwrap();
    assert!(!up.contains("RENAME CONSTRAINT"), "{up}");
    assert!(
        up.contains("ALTER TABLE memberships RENAME TO org_members;"),
        "{up}"
    );
    // The key changes: dropped by the name the database has, made under the new spec's.
    let v3 = spec(
        "postgresql",
        table(
            "org_members",
            None,
            &["user_id", "org_id", "role"],
            Some("org_members_pk"),
        ),
        Some(v2.clone()),
    );
    let rekeyed = generate(&v3);
    let up3 = rekeyed["upMigration"].as_str().unwrap();
    assert!(
        up3.contains(&format!("DROP CONSTRAINT {drizzle}, ADD CONSTRAINT org_members_pk PRIMARY KEY (user_id, org_id, role)")),
        "{up3}"
    );
    let down3 = rekeyed["downMigration"].as_str().unwrap();
    assert!(
        down3.contains(&format!("DROP CONSTRAINT org_members_pk, ADD CONSTRAINT {drizzle} PRIMARY KEY (org_id, user_id)")),
        "{down3}"
    );

    let Some(db) = Server::Postgres.scratch("pk_name_drizzle") else {
        return;
    };
    db.exec(DRIZZLE_TABLE);
    db.exec("INSERT INTO memberships VALUES (1, 2, 'admin'), (1, 3, 'member');");
    let made = pg_catalog(&db);
    assert!(
        made.contains(&format!(
            "memberships|{drizzle}|p|PRIMARY KEY (org_id, user_id)"
        )),
        "{made}"
    );
    db.exec(up);
    let after_rename = pg_catalog(&db);
    assert!(
        after_rename.contains(&format!("org_members|{drizzle}|p|")),
        "{after_rename}"
    );
    db.exec(up3);
    let after_rekey = pg_catalog(&db);
    assert!(
        after_rekey.contains("org_members|org_members_pk|p|PRIMARY KEY (user_id, org_id, role)"),
        "{after_rekey}"
    );
    assert!(!after_rekey.contains(drizzle), "{after_rekey}");
    db.exec(rekeyed["downMigration"].as_str().unwrap());
    assert_eq!(pg_catalog(&db), after_rename);
    db.exec(renamed["downMigration"].as_str().unwrap());
    assert_eq!(pg_catalog(&db), made);
    assert_eq!(db.rows("SELECT * FROM memberships"), 2);
}

/// A rename whose new spec gives no name: the key takes the name a fresh `CREATE TABLE` of the
/// new spec gives it, `org_members_pkey`, renamed from the name the previous spec gives; the
/// down migration gives the old name back. A name given to a table the migration creates is
/// the key's name in the catalog, and a change of the name alone renames the key.
#[test]
fn a_named_key_is_renamed_to_the_name_the_new_spec_gives_on_postgres() {
    let drizzle = "memberships_org_id_user_id_pk";
    let v1 = spec(
        "postgresql",
        table("memberships", None, &["org_id", "user_id"], Some(drizzle)),
        None,
    );
    let v2 = spec(
        "postgresql",
        table(
            "org_members",
            Some("memberships"),
            &["org_id", "user_id"],
            None,
        ),
        Some(v1.clone()),
    );
    let g = generate(&v2);
    let up = g["upMigration"].as_str().unwrap();
    assert!(
        up.contains(&format!(
            "ALTER TABLE org_members RENAME CONSTRAINT {drizzle} TO org_members_pkey;"
        )),
        "{up}"
    );
    let down = g["downMigration"].as_str().unwrap();
    assert!(
        down.contains(&format!(
            "ALTER TABLE memberships RENAME CONSTRAINT org_members_pkey TO {drizzle};"
        )),
        "{down}"
    );
    // The name alone changes.
    let v3 = spec(
        "postgresql",
        table(
            "org_members",
            None,
            &["org_id", "user_id"],
            Some("members_key"),
        ),
        Some(v2.clone()),
    );
    let named = generate(&v3);
    let up3 = named["upMigration"].as_str().unwrap();
    assert!(
        up3.contains("ALTER TABLE org_members RENAME CONSTRAINT org_members_pkey TO members_key;"),
        "{up3}"
    );
    // Created with a name: the CREATE TABLE writes it.
    let created = generate(&v1);
    let create = created["upMigration"].as_str().unwrap();
    assert!(
        create.contains(&format!(
            "CONSTRAINT {drizzle} PRIMARY KEY (org_id, user_id)"
        )),
        "{create}"
    );

    let Some(db) = Server::Postgres.scratch("pk_name_renamed") else {
        return;
    };
    db.exec(create);
    let made = pg_catalog(&db);
    assert!(
        made.contains(&format!(
            "memberships|{drizzle}|p|PRIMARY KEY (org_id, user_id)"
        )),
        "{made}"
    );
    db.exec(up);
    let renamed = pg_catalog(&db);
    assert!(
        renamed.contains("org_members|org_members_pkey|p|"),
        "{renamed}"
    );
    db.exec(up3);
    assert!(
        pg_catalog(&db).contains("org_members|members_key|p|"),
        "{}",
        pg_catalog(&db)
    );
    db.exec(named["downMigration"].as_str().unwrap());
    assert_eq!(pg_catalog(&db), renamed);
    db.exec(down);
    assert_eq!(pg_catalog(&db), made);
}

/// A single-column key and an auto-increment key take the name on the column's line; the
/// created tables have it in PostgreSQL's catalog and in SQLite's stored text.
#[test]
fn a_column_key_is_named_on_its_line() {
    let tables = |db: &str| {
        json!({ "description": "s", "databaseType": db, "timestamps": false, "tables": [
            { "name": "accounts", "primaryKeyName": "accounts_id_pk", "columns": [
                col("id", "INTEGER", json!({ "nullable": false, "autoIncrement": true })) ] },
            { "name": "codes", "primaryKey": ["code"], "primaryKeyName": "codes_code_pk", "columns": [
                col("code", "VARCHAR", json!({ "nullable": false, "length": 8 })) ] } ] })
    };
    let pg = generate(&tables("postgresql"));
    let up = pg["upMigration"].as_str().unwrap();
    assert!(
        up.contains("id SERIAL CONSTRAINT accounts_id_pk PRIMARY KEY"),
        "{up}"
    );
    assert!(
        up.contains("code VARCHAR(8) CONSTRAINT codes_code_pk PRIMARY KEY NOT NULL"),
        "{up}"
    );
    let sqlite = generate(&tables("sqlite"));
    let up_sqlite = sqlite["upMigration"].as_str().unwrap();
    assert!(
        up_sqlite.contains("id INTEGER CONSTRAINT accounts_id_pk PRIMARY KEY AUTOINCREMENT"),
        "{up_sqlite}"
    );
    // SQLite runs it (the self-check ran it too) and keeps the name in the table's text; the
    // auto-increment key is still the rowid.
    let path = sqlite_files::database("pk_name", "column_key", up_sqlite);
    let conn = sqlite_files::open(&path);
    conn.execute_batch("INSERT INTO accounts DEFAULT VALUES;")
        .unwrap();
    let rowid: i64 = conn
        .query_row("SELECT rowid = id FROM accounts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rowid, 1);
    let Some(db) = Server::Postgres.scratch("pk_name_column") else {
        return;
    };
    db.exec(up);
    let catalog = pg_catalog(&db);
    assert!(
        catalog.contains("accounts|accounts_id_pk|p|PRIMARY KEY (id)"),
        "{catalog}"
    );
    assert!(
        catalog.contains("codes|codes_code_pk|p|PRIMARY KEY (code)"),
        "{catalog}"
    );
}

/// MariaDB: the name is taken, not written (every key is `PRIMARY`), with a warning; the table
/// is made, and a change of its key drops `PRIMARY KEY`.
#[test]
fn mysql_takes_the_name_and_ignores_it_on_mariadb() {
    let v1 = spec(
        "mysql",
        table("memberships", None, &["org_id", "user_id"], Some("m_pk")),
        None,
    );
    let created = generate(&v1);
    let warned: Vec<&Value> = (created["validation"]["warnings"].as_array().unwrap().iter())
        .filter(|w| w["code"] == "PRIMARY_KEY_NAME_IGNORED")
        .collect();
    assert_eq!(warned.len(), 1, "{}", created["validation"]["warnings"]);
    assert_eq!(warned[0]["table"], "memberships");
    assert_eq!(warned[0]["constraint"], "m_pk");
    let up = created["upMigration"].as_str().unwrap();
    assert!(!up.contains("m_pk"), "{up}");
    let v2 = spec(
        "mysql",
        table(
            "org_members",
            Some("memberships"),
            &["user_id", "org_id"],
            Some("o_pk"),
        ),
        Some(v1),
    );
    let changed = generate(&v2);
    let up2 = changed["upMigration"].as_str().unwrap();
    assert!(
        up2.contains("DROP PRIMARY KEY, ADD PRIMARY KEY (user_id, org_id)"),
        "{up2}"
    );
    assert!(!up2.contains("o_pk") && !up2.contains("m_pk"), "{up2}");
    let Some(db) = Server::MariaDb.scratch("pk_name_ignored") else {
        return;
    };
    let keys = |db: &servers::Scratch| {
        db.exec(
            "SELECT table_name, index_name, seq_in_index, column_name FROM information_schema.statistics \
             WHERE table_schema = DATABASE() ORDER BY 1, 2, 3;",
        )
    };
    db.exec(up);
    let made = keys(&db);
    assert_eq!(
        made,
        "memberships\tPRIMARY\t1\torg_id\nmemberships\tPRIMARY\t2\tuser_id\n"
    );
    db.exec(up2);
    assert_eq!(
        keys(&db),
        "org_members\tPRIMARY\t1\tuser_id\norg_members\tPRIMARY\t2\torg_id\n"
    );
    db.exec(changed["downMigration"].as_str().unwrap());
    assert_eq!(keys(&db), made);
}

/// SQLite: a database whose key is named (`CONSTRAINT … PRIMARY KEY`, on the table or on the
/// column) gives the name to introspection and to a pull for SQLite and PostgreSQL (not for
/// MySQL, which ignores it); a rebuild of the table from a spec that gives none keeps it.
#[test]
fn sqlite_reads_a_named_key_and_a_rebuild_keeps_it() {
    let path = sqlite_files::database(
        "pk_name",
        "introspect",
        "CREATE TABLE memberships (org_id INTEGER NOT NULL, user_id INTEGER NOT NULL, \
           CONSTRAINT \"memberships_org_id_user_id_pk\" PRIMARY KEY (org_id, user_id)); \
         CREATE TABLE tags (id INTEGER CONSTRAINT tags_pk PRIMARY KEY, label TEXT); \
         CREATE TABLE plain (id INTEGER PRIMARY KEY);",
    );
    let path_text = path.to_str().unwrap();
    for db in ["sqlite", "postgresql", "mysql"] {
        let pulled: Value = serde_json::from_str(&migration_generator::spec_from_database_json(
            path_text,
            Some(db),
        ))
        .unwrap();
        let tables = pulled["spec"]["tables"]
            .as_array()
            .or_else(|| pulled["tables"].as_array())
            .unwrap_or_else(|| panic!("{pulled}"));
        let name_of =
            |t: &str| tables.iter().find(|x| x["name"] == t).unwrap()["primaryKeyName"].clone();
        if db == "mysql" {
            assert_eq!(name_of("memberships"), Value::Null, "{db}");
        } else {
            assert_eq!(
                name_of("memberships"),
                "memberships_org_id_user_id_pk",
                "{db}"
            );
            assert_eq!(name_of("tags"), "tags_pk", "{db}");
        }
        assert_eq!(name_of("plain"), Value::Null, "{db}");
    }
    // A rebuild (a column made NOT NULL) from a spec that gives no name keeps the file's.
    let g = generate(
        &json!({ "description": "s", "databaseType": "sqlite", "timestamps": false,
        "existingDbPath": path_text, "tables": [
        { "name": "tags", "primaryKey": ["id"], "columns": [
            col("id", "INTEGER", json!({ "nullable": false })),
            col("label", "TEXT", json!({ "nullable": false, "default": "" })) ] } ] }),
    );
    let up = g["upMigration"].as_str().unwrap();
    assert!(up.contains("CONSTRAINT tags_pk PRIMARY KEY"), "{up}");
    let conn = sqlite_files::open(&path);
    conn.execute_batch(up).unwrap();
    let text: String = conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'tags'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(text.contains("CONSTRAINT tags_pk PRIMARY KEY"), "{text}");
}

/// A name the database could not hold, or one that would write SQL of its own, is refused as
/// other constraint names are: not snake_case, a reserved word, too long, not a string.
#[test]
fn bad_key_names_are_refused() {
    let codes = |db: &str, name: Value| -> Vec<String> {
        let mut t = table("memberships", None, &["org_id", "user_id"], None);
        t["primaryKeyName"] = name;
        let g = generated(&spec(db, t, None));
        assert!(!g["validation"]["valid"].as_bool().unwrap(), "{db}: {g}");
        assert_eq!(g["upMigration"], "", "{db}");
        (g["validation"]["errors"].as_array().unwrap().iter())
            .map(|e| e["code"].as_str().unwrap().to_string())
            .collect()
    };
    for db in ["sqlite", "postgresql", "mysql"] {
        assert_eq!(
            codes(db, json!("m\"; DROP TABLE memberships; --")),
            ["INVALID_CONSTRAINT_NAME"],
            "{db}"
        );
        assert_eq!(
            codes(db, json!("Memberships_PK")),
            ["INVALID_CONSTRAINT_NAME"],
            "{db}"
        );
        assert_eq!(codes(db, json!("")), ["INVALID_CONSTRAINT_NAME"], "{db}");
        assert_eq!(codes(db, json!("select")), ["RESERVED_KEYWORD"], "{db}");
        assert_eq!(codes(db, json!(["m_pk"])), ["INVALID_SPEC"], "{db}");
    }
    assert_eq!(
        codes("postgresql", json!("k".repeat(64))),
        ["IDENTIFIER_TOO_LONG"]
    );
    assert_eq!(
        codes("mysql", json!("k".repeat(65))),
        ["IDENTIFIER_TOO_LONG"]
    );
    // PostgreSQL keeps a key's name with the relations: another table's index may not have it.
    let mut t = table(
        "memberships",
        None,
        &["org_id", "user_id"],
        Some("shared_name"),
    );
    t["indexes"] = json!([{ "name": "shared_name", "columns": ["role"] }]);
    let g = generated(&spec("postgresql", t, None));
    let errors: Vec<&str> = (g["validation"]["errors"].as_array().unwrap().iter())
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(errors, ["DUPLICATE_NAME"], "{g}");
}
