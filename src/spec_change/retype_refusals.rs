//! The rows a MySQL migration's type changes refuse, each way, for the check it makes before
//! its first change ([`crate::mysql_rows_guard`]): a column made a narrower integer, shorter
//! text or an integer from text, or NOT NULL without a default (see
//! [`super::narrowed_refusal::mysql_refused_condition`]). The down migration's are those of the
//! type changed back (BIGINT back to INT), over the tables and columns as the spec names them.

use super::PreviousTables;
use crate::dialect::Dialect;
use crate::mysql_rows_guard::Retyped;
use crate::spec::Table;

/// The refused rows of every column of `changed` (the spec's tables that a migration from
/// `previous` changes) whose type or nullability changes, up and down; none on another dialect
/// than MySQL.
pub fn mysql_retype_refusals(
    d: &dyn Dialect,
    previous: &PreviousTables,
    changed: &[&Table],
) -> Vec<Retyped> {
    let mut out = Vec::new();
    for after in changed {
        let Some(before) = previous.table(&after.name) else {
            continue;
        };
        for new in &after.columns {
            let was = (after.renamed_columns.iter())
                .find(|(_, now)| *now == new.name)
                .map_or(new.name.as_str(), |(old, _)| old.as_str());
            let Some(old) = before.columns.iter().find(|c| c.name == was) else {
                continue;
            };
            let ways = [
                (false, (before, old), (*after, new)),
                (true, (*after, new), (before, old)),
            ];
            for (down, from, to) in ways {
                if let Some(condition) =
                    super::narrowed_refusal::mysql_refused_condition(d, from, to)
                {
                    out.push(Retyped {
                        down,
                        table: from.0.name.clone(),
                        column: from.1.name.clone(),
                        condition,
                    });
                }
            }
        }
    }
    out
}
