//! What a changed table's `ALTER TABLE`s may do to the rows the table holds, for the order in
//! which a migration from previousSpec changes the tables on MySQL/MariaDB.
//!
//! MySQL commits each DDL statement, so a migration that the rows refuse half-way keeps every
//! statement before the refused one. One statement is atomic (a refused multi-clause
//! `ALTER TABLE` leaves its table as it was, checked on MariaDB 10.11 in
//! `tests/mysql_commit_order.rs`), so the changes run in this order where the names the tables
//! move between them, and the tables their foreign keys reference, allow (see
//! `spec_change::core_order`):
//!
//! 1. the tables whose change only may refuse (a refusal then leaves no other table changed),
//!    and the foreign keys a table gets in a statement of their own ([`RowEffects::FOREIGN_KEYS_ADDED`]:
//!    rows that break one refuse it), each after its table's change and those of the tables it
//!    references;
//! 2. those whose change both may refuse and loses values (its own refusal leaves the table as
//!    it was where the change is one statement, and no other table has lost values yet; a
//!    column made NOT NULL with a default is filled by an `UPDATE` between two `ALTER TABLE`s,
//!    so a refusal of the second, a new CHECK say, leaves the NULLs filled);
//! 3. those whose change does neither;
//! 4. those whose change only loses values, and then the drop of the tables the spec leaves out
//!    ([`RowEffects::DROPPED_TABLES`], dropTablesNotInSpec), unless a change that runs earlier
//!    waits for it (nothing runs after them that the rows may refuse, so a refusal leaves the
//!    dropped tables there with their rows).
//!
//! Whether a type change may refuse is not read from the words of its `TYPE_NARROWING`: it comes
//! with them ([`crate::conversion::Said::refuses`]), so the words may change and the order not.
//! Foreign keys to tables the migration creates are added after them, at the end.

use crate::dialect::Dialect;
use crate::report::{Code, Issue};
use crate::spec::Table;

/// What a table's change may do to its rows (see the module's doc comment).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RowEffects {
    /// The rows as they are may refuse the change, failing the migration at that statement: a
    /// type change into a narrower range or length (or text made a number, …), a column made
    /// NOT NULL without a default over rows holding NULL, a new primary key, UNIQUE, unique
    /// index, CHECK or foreign key (or one added again around a rename or type change, or a
    /// kept one over converted values) that existing rows break.
    pub may_refuse: bool,
    /// The change loses values the down migration cannot give back: a conversion that rounds,
    /// cuts or drops the time of day ([`crate::conversion::merges`]), NULLs filled with the
    /// column's default as it becomes NOT NULL, or a column dropped with its values. Run after
    /// every change that may refuse, a refusal leaves those values where they were.
    pub loses_values: bool,
}

impl RowEffects {
    /// What dropping the tables a spec leaves out (dropTablesNotInSpec) does to their rows:
    /// their values lost, nothing refused.
    pub const DROPPED_TABLES: RowEffects = RowEffects {
        may_refuse: false,
        loses_values: true,
    };

    /// What a table's foreign keys added in a statement of their own do: rows that break one
    /// refuse it; no value is lost.
    pub const FOREIGN_KEYS_ADDED: RowEffects = RowEffects {
        may_refuse: true,
        loses_values: false,
    };

    /// What changing `previous` (its columns named as the spec names them) into `table` does,
    /// given the issues `said` that comparing them filed (the `ROWS_REFUSE_CHANGE` of each new
    /// rule existing rows can break) and whether the new type of a column may refuse a value
    /// (`types_refuse`: what the `TYPE_NARROWING` of the change says, given with its words as
    /// [`crate::conversion::Said::refuses`], not read from them).
    pub fn of(
        d: &dyn Dialect,
        previous: &Table,
        table: &Table,
        said: &[Issue],
        types_refuse: bool,
    ) -> RowEffects {
        let made_not_null = |default: bool| {
            table.columns.iter().any(|new| {
                previous.column(&new.name).is_some_and(|old| {
                    old.nullable
                        && !new.nullable
                        && !new.auto_increment
                        && new.default.is_some() == default
                })
            })
        };
        let may_refuse = made_not_null(false)
            || types_refuse
            || said
                .iter()
                .any(|issue| issue.code == Code::RowsRefuseChange);
        let converted = table.columns.iter().any(|new| {
            previous.column(&new.name).is_some_and(|old| {
                !crate::check_implies::same_type(d, old, new)
                    && crate::conversion::merges(d.database_type(), old, new).is_some()
            })
        });
        let dropped = (previous.columns.iter()).any(|old| table.column(&old.name).is_none());
        RowEffects {
            may_refuse,
            loses_values: converted || dropped || made_not_null(true),
        }
    }

    /// What the down migration's undoing of `previous` into `table` (as [`RowEffects::of`]
    /// takes them) does, given the issues `said` that comparing them filed: the rows written
    /// since may refuse it where a `DOWN_DATA_LOSS` of the table says they make it fail or
    /// refuse (a type changed back into a narrower one, a CHECK, UNIQUE or NOT NULL put back),
    /// or where a column is made NOT NULL again without a default; it loses values where it
    /// drops a column the up migration added, converts back with rounding or cutting, or fills
    /// NULLs with the old default.
    pub fn of_down(d: &dyn Dialect, previous: &Table, table: &Table, said: &[Issue]) -> RowEffects {
        let refuses = said.iter().any(|issue| {
            issue.code == Code::DownDataLoss
                && (issue.message.contains("fail") || issue.message.contains("refuse"))
        });
        RowEffects::of(d, table, previous, &[], refuses)
    }

    /// Where the change runs among the others on MySQL (lower first; see the module's doc
    /// comment).
    pub fn rank(self) -> u8 {
        match (self.may_refuse, self.loses_values) {
            (true, false) => 0,
            (true, true) => 1,
            (false, false) => 2,
            (false, true) => 3,
        }
    }
}

/// What a `TYPE_NARROWING` of a change a value may refuse ([`crate::conversion::Said::refuses`])
/// adds on MySQL, in parentheses: what a refusal leaves, as MySQL commits each statement, and
/// what to do then.
pub const MYSQL_REFUSAL_LEAVES: &str = "MySQL commits each statement: the statements before the refused one stay done, leaving the database part-migrated, which the down migration does not undo, as it is written for the whole up migration; the refused statement itself changes nothing: make the values fit, then run the up migration's first statements, which set the session (SET SESSION sql_mode …), and its statements from the refused one on";

#[cfg(test)]
mod tests {
    use super::*;

    /// Refusing only first, then refusing and losing, then neither, then losing only.
    #[test]
    fn the_ranks_put_refusals_before_losses() {
        let e = |may_refuse, loses_values| {
            RowEffects {
                may_refuse,
                loses_values,
            }
            .rank()
        };
        assert!(e(true, false) < e(true, true));
        assert!(e(true, true) < e(false, false));
        assert!(e(false, false) < e(false, true));
    }
}
