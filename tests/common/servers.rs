//! The PostgreSQL 15 and MariaDB 10.11 servers of the machine, through `psql` and `mariadb`:
//! each test in a scratch database of its own (`mg_rt_{what}_{pid}`), dropped when it ends, and
//! one that a killed test process left behind dropped by the next scratch of its `what`
//! (dead_scratch_databases). A server that cannot be reached is skipped with a loud line,
//! unless CI=true.
//!
//! Included by path (`#[path = "common/servers.rs"] mod servers;`) from each test file that
//! runs SQL on the servers; each uses a part of it.
#![allow(dead_code)]

#[path = "piped.rs"]
pub mod piped;

use std::process::{Command, Stdio};

/// What the name of every scratch database of these tests starts with (the Node tests'
/// scratch databases, __test__/engines/connect.mjs, have prefixes of their own).
pub const PREFIX: &str = "mg_rt_";

/// One of the two servers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Server {
    /// PostgreSQL (127.0.0.1:5432, user postgres).
    Postgres,
    /// MariaDB (127.0.0.1:3306, user root).
    MariaDb,
}

impl Server {
    /// The client's command line for the database `db`: tab-separated rows, no headers, the
    /// first error ends the script.
    fn client(self, db: &str) -> Command {
        match self {
            Server::Postgres => {
                let mut c = Command::new("psql");
                c.args(["-h", "127.0.0.1", "-U", "postgres", "-X", "-q", "-A", "-t"])
                    .args(["-v", "ON_ERROR_STOP=1", "-d", db]);
                c
            }
            Server::MariaDb => {
                let mut c = Command::new("mariadb");
                c.args(["-h", "127.0.0.1", "-u", "root", "-N", "-B", db]);
                c
            }
        }
    }

    /// Runs `sql` on the database `db`: its output, or the client's error.
    pub fn run(self, db: &str, sql: &str) -> Result<String, String> {
        let out = piped::run_with_input(self.client(db).stdout(Stdio::piped()), sql)
            .map_err(|e| format!("{self:?} client: {e}"))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    /// The server's own database, to create and drop others from.
    pub fn admin_db(self) -> &'static str {
        match self {
            Server::Postgres => "postgres",
            Server::MariaDb => "test",
        }
    }

    /// The spec's `databaseType` for this server.
    pub fn database_type(self) -> &'static str {
        match self {
            Server::Postgres => "postgresql",
            Server::MariaDb => "mysql",
        }
    }

    /// A new database of this test's, `mg_rt_{what}_{pid}`, or `None` (said loudly) where the
    /// server cannot be reached. One of `what` that a test process killed before its `Drop`
    /// left behind is dropped first (dead_scratch_databases).
    pub fn scratch(self, what: &str) -> Option<Scratch> {
        self.drop_dead_scratch(what);
        let name = format!("{PREFIX}{what}_{}", std::process::id());
        let drop = format!("DROP DATABASE IF EXISTS {name}");
        let made = self
            .run(self.admin_db(), &format!("{drop}; CREATE DATABASE {name};"))
            .map_err(|e| {
                assert!(
                    std::env::var("CI").as_deref() != Ok("true"),
                    "CI=true: {self:?} unreachable: {e}"
                );
                eprintln!("\n!!! SKIPPING the {self:?} server test: {e}\n");
            });
        made.ok().map(|_| Scratch { server: self, name })
    }

    /// The names of the server's databases, or none where it cannot be reached.
    pub fn databases(self) -> Vec<String> {
        let list = match self {
            Server::Postgres => "SELECT datname FROM pg_database;",
            Server::MariaDb => "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA;",
        };
        self.run(self.admin_db(), list)
            .map(|out| out.lines().map(str::to_owned).collect())
            .unwrap_or_default()
    }

    /// Drops the databases of `what` that dead test processes left (dead_scratch_databases); a
    /// drop that fails (another run dropping it at the same moment) leaves it for a later run.
    fn drop_dead_scratch(self, what: &str) {
        for name in dead_scratch_databases(&self.databases(), what) {
            let _ = self.run(self.admin_db(), &format!("DROP DATABASE IF EXISTS {name};"));
        }
    }
}

/// Whether the process `pid` is alive on this machine, as `/proc` tells; where there is no
/// `/proc` to ask (not Linux), every process counts as alive, so that nothing is dropped.
pub fn process_alive(pid: u32) -> bool {
    let proc = std::path::Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

/// The names among `names` of the databases of `what` that a test process no longer alive left
/// behind (killed before its `Scratch` was dropped): exactly `mg_rt_{what}_{pid}`, `pid` a
/// number without a leading zero that is neither this process nor alive. Anything else —
/// another `what`, another form, a live process's database — is never among them.
pub fn dead_scratch_databases(names: &[String], what: &str) -> Vec<String> {
    let prefix = format!("{PREFIX}{what}_");
    names
        .iter()
        .filter(|name| {
            let Some(pid) = name.strip_prefix(&prefix) else {
                return false;
            };
            let number = !pid.starts_with('0')
                && (1..=10).contains(&pid.len())
                && pid.bytes().all(|b| b.is_ascii_digit());
            match pid.parse::<u32>() {
                Ok(pid) if number => pid != std::process::id() && !process_alive(pid),
                _ => false,
            }
        })
        .cloned()
        .collect()
}

/// A database of the test's, dropped when the test ends.
pub struct Scratch {
    /// Its server.
    pub server: Server,
    /// Its name, `mg_rt_{what}_{pid}`.
    pub name: String,
}

impl Scratch {
    /// Runs `sql`: its output, or the client's error.
    pub fn run(&self, sql: &str) -> Result<String, String> {
        self.server.run(&self.name, sql)
    }

    /// Runs `sql`, which must succeed.
    pub fn exec(&self, sql: &str) -> String {
        self.run(sql)
            .unwrap_or_else(|e| panic!("{:?}: {e}\n{sql}", self.server))
    }

    /// The number of rows `query` gives.
    pub fn rows(&self, query: &str) -> usize {
        self.exec(&format!("{query};")).lines().count()
    }

    /// PostgreSQL: what the server says of each of `statements`, all in one session (through a
    /// function `refusal` this makes in the database): `ok`, or its error on one line.
    pub fn says_of_each(&self, statements: &[String]) -> Vec<String> {
        self.exec(
            "CREATE OR REPLACE FUNCTION refusal(q text) RETURNS text LANGUAGE plpgsql AS $f$ \
             BEGIN EXECUTE q; RETURN 'ok'; \
             EXCEPTION WHEN others THEN RETURN replace(SQLERRM, E'\\n', ' '); END $f$;",
        );
        let script: String = statements
            .iter()
            .map(|s| format!("SELECT refusal($q${s}$q$);\n"))
            .collect();
        let out: Vec<String> = self.exec(&script).lines().map(str::to_owned).collect();
        assert_eq!(out.len(), statements.len(), "{out:?}");
        out
    }

    /// MariaDB: what `json_valid` says of each of `texts` (read as written:
    /// NO_BACKSLASH_ESCAPES), 400 texts to a query.
    pub fn json_valid(&self, texts: &[String]) -> Vec<bool> {
        let mut said = Vec::new();
        for chunk in texts.chunks(400) {
            let rows: Vec<String> = (chunk.iter().enumerate())
                .map(|(i, t)| format!("SELECT {i} i, '{}' t", t.replace('\'', "''")))
                .collect();
            let out = self.exec(&format!(
                "SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES');\n\
                 SELECT json_valid(t) FROM ({}) x ORDER BY i;",
                rows.join(" UNION ALL ")
            ));
            said.extend(out.lines().map(|l| l.trim() == "1"));
        }
        assert_eq!(said.len(), texts.len());
        said
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = self.server.run(
            self.server.admin_db(),
            &format!("DROP DATABASE IF EXISTS {}", self.name),
        );
    }
}
