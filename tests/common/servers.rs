//! The PostgreSQL 15 and MariaDB 10.11 servers of the machine, through `psql` and `mariadb`:
//! each test in a scratch database of its own (`mg_d_*`), dropped when it ends. A server that
//! cannot be reached is skipped with a loud line, unless CI=true.

use std::io::Write;
use std::process::{Command, Stdio};

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
    fn run(self, db: &str, sql: &str) -> Result<String, String> {
        let mut child = self
            .client(db)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("{self:?} client: {e}"))?;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(sql.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    /// The server's own database, to create and drop others from.
    fn admin_db(self) -> &'static str {
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

    /// A new database of this test's, `mg_d_{what}_{pid}`, or `None` (said loudly) where the
    /// server cannot be reached.
    pub fn scratch(self, what: &str) -> Option<Scratch> {
        let name = format!("mg_d_{what}_{}", std::process::id());
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
}

/// A database of the test's, dropped when the test ends.
pub struct Scratch {
    /// Its server.
    pub server: Server,
    name: String,
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
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = self.server.run(
            self.server.admin_db(),
            &format!("DROP DATABASE IF EXISTS {}", self.name),
        );
    }
}
