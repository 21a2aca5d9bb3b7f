//! Built-in functions that reach past the row to the server: read or write its files, wait,
//! run a query of their own, or act on other sessions (`pg_read_file()`, `lo_import()`,
//! `pg_sleep()`, `query_to_xml()`, MySQL's `load_file()`). A CHECK, a default or a partial
//! index's WHERE calls them at every row written: whether or not the database takes them there
//! (PostgreSQL takes each in a CHECK and a default; MariaDB 10.11 refuses `load_file()` and
//! `sleep()` in both, error 1901), a schema has no business calling them, so each is refused
//! wherever an expression of the spec stands.

/// Who has the function: PostgreSQL or MySQL (MariaDB).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Database {
    Postgres,
    Mysql,
}

use Database::{Mysql, Postgres};

const FILES: &str = "reads or writes the server's files";
const WAITS: &str = "makes the server wait";
const QUERIES: &str = "runs a query of its own";
const ACTS: &str = "acts on the server or on other sessions";
const REMOTE: &str = "connects to another database";

/// (name in lower case, a trailing `*` for a prefix; the database; what it does).
const EFFECTS: &[(&str, Database, &str)] = &[
    ("load_file", Mysql, FILES),
    ("sleep", Mysql, WAITS),
    ("benchmark", Mysql, WAITS),
    ("pg_read_file", Postgres, FILES),
    ("pg_read_binary_file", Postgres, FILES),
    ("pg_stat_file", Postgres, FILES),
    ("pg_ls_*", Postgres, FILES),
    ("pg_file_*", Postgres, FILES),
    ("pg_logdir_ls", Postgres, FILES),
    ("pg_current_logfile", Postgres, FILES),
    ("lo_*", Postgres, FILES),
    ("loread", Postgres, FILES),
    ("lowrite", Postgres, FILES),
    ("pg_sleep*", Postgres, WAITS),
    ("query_to_xml*", Postgres, QUERIES),
    ("cursor_to_xml*", Postgres, QUERIES),
    ("table_to_xml*", Postgres, QUERIES),
    ("schema_to_xml*", Postgres, QUERIES),
    ("database_to_xml*", Postgres, QUERIES),
    ("dblink*", Postgres, REMOTE),
    ("pg_terminate_backend", Postgres, ACTS),
    ("pg_cancel_backend", Postgres, ACTS),
    ("pg_reload_conf", Postgres, ACTS),
    ("pg_rotate_logfile", Postgres, ACTS),
    ("pg_switch_wal", Postgres, ACTS),
    ("pg_create_restore_point", Postgres, ACTS),
    ("pg_promote", Postgres, ACTS),
    ("pg_notify", Postgres, ACTS),
    ("set_config", Postgres, ACTS),
    ("pg_advisory_*", Postgres, ACTS),
    ("pg_try_advisory_*", Postgres, ACTS),
];

/// Why a call of `name` (any case) is refused on PostgreSQL (`postgres`) or MySQL, when it is
/// one of the functions that reach past the row to the server.
pub fn refused(name: &str, postgres: bool) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    let database = if postgres { Postgres } else { Mysql };
    EFFECTS
        .iter()
        .find(|(n, d, _)| {
            *d == database
                && match n.strip_suffix('*') {
                    Some(prefix) => lower.starts_with(prefix),
                    None => lower == *n,
                }
        })
        .map(|(_, _, what)| {
            format!(
                "a call of {lower}(), which {what} each time a row is written: a CHECK, a default or an index must not call it (compare the row's own columns)"
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_reaching_functions_are_refused_on_their_database_only() {
        for name in [
            "pg_read_file",
            "PG_LS_DIR",
            "lo_import",
            "lo_export",
            "dblink_exec",
            "pg_sleep_for",
            "query_to_xml",
        ] {
            assert!(refused(name, true).is_some(), "{name}");
            assert!(refused(name, false).is_none(), "{name}");
        }
        assert!(refused("load_file", false).unwrap().contains("files"));
        assert!(refused("load_file", true).is_none());
        for name in ["lower", "length", "now", "pg_typeof", "lower_inc"] {
            assert!(refused(name, true).is_none(), "{name}");
        }
    }
}
