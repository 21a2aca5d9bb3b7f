//! The up migration as a list of steps, grouped in blocks (a blank line between blocks), and
//! their rendering through a dialect. The down migration inverts these steps (see `down`).

use crate::dialect::Dialect;
use crate::spec::*;

/// How a table and its indexes are created.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Creating {
    /// `CREATE TABLE IF NOT EXISTS` (and `CREATE INDEX IF NOT EXISTS`, and PostgreSQL's foreign
    /// keys added only where missing): a migration of tables the database is not known to have
    /// (idempotent, as the specification asks; MySQL 8.0 has no conditional `CREATE INDEX` or
    /// `ADD CONSTRAINT`, so there a second run fails at its first index or foreign key).
    IfNotExists,
    /// `CREATE TABLE` (and `CREATE INDEX`): a migration made from `previousSpec`, which says the
    /// table is not there. One that is (a table an earlier migration kept though its spec left it out, so that
    /// this previousSpec lacks it) makes the migration fail, where `IF NOT EXISTS` skipped it
    /// and its down migration then dropped it with its rows.
    Absent,
}

/// One DDL operation.
#[derive(Clone, Debug)]
pub enum Step<'a> {
    /// A statement that must run first (PostgreSQL `CREATE EXTENSION`); never undone.
    Prerequisite(String),
    /// `CREATE TABLE` (with inline constraints), as [`Creating`] says.
    CreateTable(&'a Table, Creating),
    /// `CREATE INDEX`, as [`Creating`] says for its table.
    CreateIndex(&'a Table, &'a Index, Creating),
    /// `ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY` (dialects without inline foreign keys), as
    /// [`Creating`] says for its table: with [`Creating::IfNotExists`], only where the table has
    /// no constraint of that name (PostgreSQL; see [`crate::dialect::Dialect::add_foreign_key_if_absent`]).
    AddForeignKey(&'a Table, &'a ForeignKey, Creating),
    /// `DROP TABLE`.
    DropTable(&'a Table),
    /// `DROP INDEX`.
    DropIndex(&'a Table, &'a Index),
    /// Drops a foreign key added by `AddForeignKey`.
    DropForeignKey(&'a Table, &'a ForeignKey),
    /// A change to an existing table, already rendered, with the statements that undo it.
    Alter(AlterStep),
}

/// A change to an existing table: its statements and the statements that undo it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AlterStep {
    /// The change.
    pub up: Vec<String>,
    /// Its undoing.
    pub down: Vec<String>,
}

impl AlterStep {
    /// A change and its undoing.
    pub fn new(up: Vec<String>, down: Vec<String>) -> Self {
        AlterStep { up, down }
    }

    /// The undoing, as a change of its own.
    pub fn inverse(&self) -> Self {
        AlterStep {
            up: self.down.clone(),
            down: self.up.clone(),
        }
    }
}

/// Steps separated by blank lines in the output.
pub type Block<'a> = Vec<Step<'a>>;

/// The up steps that create `tables` (already in dependency order): prerequisites, then each
/// table with its indexes, then the foreign keys that go after every table exists.
pub fn create_steps<'a>(
    d: &dyn Dialect,
    tables: &[&'a Table],
    creating: Creating,
) -> Vec<Block<'a>> {
    let mut blocks = Vec::with_capacity(tables.len() + 2);
    let pre = d.prerequisites(tables);
    if !pre.is_empty() {
        blocks.push(pre.into_iter().map(Step::Prerequisite).collect());
    }
    for t in tables {
        let mut block = Vec::with_capacity(1 + t.indexes.len());
        block.push(Step::CreateTable(t, creating));
        block.extend(t.indexes.iter().map(|i| Step::CreateIndex(t, i, creating)));
        blocks.push(block);
    }
    if !d.inline_foreign_keys() {
        for t in tables {
            for fk in &t.foreign_keys {
                blocks.push(vec![Step::AddForeignKey(t, fk, creating)]);
            }
        }
    }
    blocks
}

/// The SQL of one step.
pub fn render_step(d: &dyn Dialect, step: &Step) -> String {
    match step {
        Step::Prerequisite(sql) => sql.clone(),
        Step::CreateTable(t, Creating::IfNotExists) => d.create_table(t),
        Step::CreateTable(t, Creating::Absent) => d.create_table_text(t, None, false),
        Step::CreateIndex(t, i, creating) => {
            d.create_index_text(t, i, *creating == Creating::IfNotExists)
        }
        Step::AddForeignKey(t, fk, Creating::IfNotExists) => d.add_foreign_key_if_absent(t, fk),
        Step::AddForeignKey(t, fk, Creating::Absent) => d.add_foreign_key(t, fk),
        Step::DropTable(t) => d.drop_table(&t.name),
        Step::DropIndex(t, i) => d.drop_index(&t.name, &i.name),
        Step::DropForeignKey(t, fk) => d.drop_foreign_key(&t.name, &fk.name(&t.name)),
        Step::Alter(a) => a.up.join("\n"),
    }
}

/// Rendered blocks: the statements of each block, in order (on two threads for large
/// migrations; the result is the same). A step with nothing to do this way (an ALTER whose
/// statements are all the other way's) is left out, and a block left empty with it.
pub fn render(d: &dyn Dialect, blocks: &[Block]) -> Vec<Vec<String>> {
    let mut rendered = crate::parallel::map_in_order(blocks, 256, |b| {
        b.iter()
            .map(|s| render_step(d, s))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
    });
    rendered.retain(|b| !b.is_empty());
    rendered
}

/// The script: statements of a block on consecutive lines, blocks separated by a blank line.
pub fn script(rendered: &[Vec<String>]) -> String {
    let mut s = String::with_capacity(rendered.iter().flatten().map(|x| x.len() + 2).sum());
    for (i, block) in rendered.iter().enumerate() {
        if i > 0 {
            s.push_str("\n\n");
        }
        for (j, statement) in block.iter().enumerate() {
            if j > 0 {
                s.push('\n');
            }
            s.push_str(statement);
        }
    }
    s
}
