//! Down-migration planning: the inverse of each up step, in reverse order, and warnings that
//! say what data running it destroys.

use crate::report::{Code, Issue, Report};
use crate::steps::{Block, Step};

/// The steps that undo `up`, in reverse order. Indexes of a table that the down migration drops
/// go with the table; prerequisites (extensions) stay, since other objects may use them.
pub fn down_steps<'a>(up: &[Block<'a>], report: &mut Report) -> Vec<Block<'a>> {
    let mut blocks = Vec::with_capacity(up.len());
    for block in up.iter().rev() {
        let dropped: Vec<&str> = block
            .iter()
            .filter_map(|s| {
                if let Step::CreateTable(t) = s {
                    Some(t.name.as_str())
                } else {
                    None
                }
            })
            .collect();
        let mut out = Vec::with_capacity(block.len());
        for step in block.iter().rev() {
            let inverse = match step {
                Step::Prerequisite(_) => None,
                Step::CreateTable(t) => {
                    report.push(drops_table(&t.name));
                    Some(Step::DropTable(t))
                }
                Step::CreateIndex(t, i) if !dropped.contains(&t.name.as_str()) => {
                    Some(Step::DropIndex(t, i))
                }
                Step::CreateIndex(..) => None,
                Step::AddForeignKey(t, fk) => Some(Step::DropForeignKey(t, fk)),
                Step::Alter(a) => Some(Step::Alter(a.inverse())),
                Step::DropTable(_) | Step::DropIndex(..) | Step::DropForeignKey(..) => None,
            };
            out.extend(inverse);
        }
        if !out.is_empty() {
            blocks.push(out);
        }
    }
    blocks
}

/// The warning that the down migration drops a table this migration creates.
pub fn drops_table(table: &str) -> Issue {
    Issue::warning(
        Code::DownDataLoss,
        format!("the down migration drops the table '{table}' and every row in it"),
    )
    .table(table)
    .suggest("back up the data before running the down migration")
}

/// The warning that the down migration drops a column this migration adds.
pub fn drops_column(table: &str, column: &str) -> Issue {
    Issue::warning(
        Code::DownDataLoss,
        format!("the down migration drops the column '{column}' and its values"),
    )
    .table(table)
    .column(column)
    .suggest("back up the data before running the down migration")
}

/// Runs the down migration with foreign keys off (SQLite, when the created tables form a
/// cycle). Dropping a table with foreign keys on is an implicit DELETE whose ON DELETE actions
/// SQLite compiles against every foreign key of the child tables, and in a cycle no drop order
/// keeps them all present ("no such table"). Every table involved is being dropped, so the
/// actions protect nothing. Inside a caller's transaction the PRAGMA is ignored and such a
/// down migration fails loudly rather than doing anything else.
pub fn without_foreign_keys(blocks: &mut Vec<Block<'_>>) {
    if blocks.is_empty() {
        return;
    }
    blocks.insert(
        0,
        vec![Step::Prerequisite("PRAGMA foreign_keys = OFF;".to_string())],
    );
    blocks.push(vec![Step::Prerequisite(
        "PRAGMA foreign_keys = ON;".to_string(),
    )]);
}
