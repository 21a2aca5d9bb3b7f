//! Running a command-line client (`psql`, `mariadb`, the `sqlite3` shell) with a script on its
//! standard input, for the tests that check what a client does with generated SQL.
//!
//! Included by path (`#[path = "common/piped.rs"] mod piped;`); servers.rs has it as
//! `servers::piped`, for the test files that include that one.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs `command` with `input` written to its standard input (closed after) and its standard
/// error captured, its standard output as the caller set it: what the process gave when it
/// ended, or the error of starting it (no such program on the machine).
pub fn run_with_input(command: &mut Command, input: &str) -> std::io::Result<Output> {
    let mut child = command
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    Ok(child.wait_with_output().unwrap())
}
