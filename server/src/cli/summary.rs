//! What a person reads after the findings: the "checked N files, skipped M and why" line and
//! `--statistics` (a count per rule, as ruff's).

use std::collections::BTreeMap;

use serde::Serialize;

use super::report::Record;
use crate::rules::Applicability;

/// Why a file was not checked. Each reason is counted and named in the summary; a new reason is one
/// more variant here with its wording in `describe`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum SkipReason {
    /// An `exclude` glob matched the file (of statuslint.toml, `[tool.statuslint]` in pyproject.toml
    /// or the `"statuslint"` key of package.json: the line names the setting, not one file, since
    /// one run may read several; `--show-settings FILE` says which configured a file).
    Excluded,
    /// An `exclude` glob matched a folder, which was not walked.
    ExcludedFolder,
    /// Not readable, or not UTF-8: reported as an `io-error` finding.
    Unreadable,
    /// Its configuration file is broken (reported as an error naming it, exit 2).
    BrokenConfig,
    /// Parsing it took longer than its time budget (reported on stderr; exit 2 with `--strict`).
    TooSlow,
}

impl SkipReason {
    fn describe(self, n: usize) -> String {
        let files = if n == 1 { "file" } else { "files" };
        match self {
            SkipReason::Excluded => format!("{n} {files} excluded by `exclude`"),
            SkipReason::ExcludedFolder => format!(
                "{n} {} excluded by `exclude`",
                if n == 1 { "folder" } else { "folders" }
            ),
            SkipReason::Unreadable => format!("{n} unreadable or not UTF-8 (io-error)"),
            SkipReason::BrokenConfig => format!("{n} under a broken configuration file"),
            SkipReason::TooSlow => format!("{n} {files} too slow to parse"),
        }
    }

    /// Whether the user chose this skip; any other skip means the run did not see everything.
    fn is_chosen(self) -> bool {
        matches!(self, SkipReason::Excluded | SkipReason::ExcludedFolder)
    }
}

#[derive(Debug, Default)]
pub(crate) struct Skipped {
    counts: BTreeMap<SkipReason, usize>,
}

impl Skipped {
    pub(crate) fn add(&mut self, reason: SkipReason, n: usize) {
        if n > 0 {
            *self.counts.entry(reason).or_insert(0) += n;
        }
    }

    /// False when a file was left unchecked for a reason the user did not choose: then the run must
    /// not say "All checks passed!".
    pub(crate) fn complete(&self) -> bool {
        self.counts.keys().all(|r| r.is_chosen())
    }
}

/// "Checked 12 files; skipped 3 files (2 excluded by `exclude`, 1 unreadable or not UTF-8
/// (io-error)) and 1 folder excluded by `exclude`." `budgeted` files were read with some
/// cross-file facts unknown (a resolution or settle budget ran out; each named on stderr).
pub(crate) fn checked_line(checked: usize, skipped: &Skipped, budgeted: usize) -> String {
    let mut line = format!(
        "Checked {checked} {}",
        if checked == 1 { "file" } else { "files" }
    );
    let files: Vec<(SkipReason, usize)> = skipped
        .counts
        .iter()
        .filter(|(r, _)| **r != SkipReason::ExcludedFolder)
        .map(|(r, n)| (*r, *n))
        .collect();
    let total: usize = files.iter().map(|(_, n)| n).sum();
    if total > 0 {
        let reasons: Vec<String> = files.iter().map(|(r, n)| r.describe(*n)).collect();
        let reasons = reasons.join(", ");
        if files.len() == 1 {
            line.push_str(&format!("; skipped {reasons}"));
        } else {
            line.push_str(&format!(
                "; skipped {total} {} ({reasons})",
                if total == 1 { "file" } else { "files" }
            ));
        }
    }
    if let Some(&folders) = skipped.counts.get(&SkipReason::ExcludedFolder) {
        let what = SkipReason::ExcludedFolder.describe(folders);
        line.push_str(&if total > 0 {
            format!(" and {what}")
        } else {
            format!("; skipped {what}")
        });
    }
    if budgeted > 0 {
        line.push_str(&format!(
            "; {budgeted} {} read with cross-file facts unknown (a budget ran out)",
            if budgeted == 1 { "file" } else { "files" }
        ));
    }
    line.push('.');
    line
}

/// Counts per rule for `--statistics`.
#[derive(Debug, Default)]
pub(crate) struct Statistics {
    rules: BTreeMap<&'static str, RuleCount>,
}

#[derive(Debug, Default, Clone, Copy, Serialize)]
pub(crate) struct RuleCount {
    pub count: usize,
    /// Findings with a safe fix (`--fix`), and with an unsafe one (`--unsafe-fixes`).
    pub fixable: usize,
    pub unsafe_fixable: usize,
}

#[derive(Serialize)]
struct StatisticsRow {
    rule: &'static str,
    count: usize,
    fixable: usize,
    unsafe_fixable: usize,
}

impl Statistics {
    pub(crate) fn add(&mut self, record: &Record) {
        let entry = self.rules.entry(record.rule).or_default();
        entry.count += 1;
        match record.fix.as_ref().map(|f| f.applicability) {
            Some(Applicability::Safe) => entry.fixable += 1,
            Some(Applicability::Unsafe) => entry.unsafe_fixable += 1,
            None => {}
        }
    }

    /// Most frequent first, then by name.
    fn rows(&self) -> Vec<StatisticsRow> {
        let mut rows: Vec<StatisticsRow> = self
            .rules
            .iter()
            .map(|(rule, c)| StatisticsRow {
                rule,
                count: c.count,
                fixable: c.fixable,
                unsafe_fixable: c.unsafe_fixable,
            })
            .collect();
        rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.rule.cmp(b.rule)));
        rows
    }

    /// The table: count, rule, and how many `--fix` (`[*]`) or `--unsafe-fixes` (`[-]`) would fix:
    ///
    /// ```text
    ///  7  missing-www-authenticate  7 fixable with --unsafe-fixes
    ///  2  body-not-allowed          2 fixable with --fix
    /// ```
    pub(crate) fn table(&self) -> String {
        let rows = self.rows();
        let count_width = rows.iter().map(|r| r.count.to_string().len()).max();
        let name_width = rows.iter().map(|r| r.rule.len()).max().unwrap_or(0);
        let mut text = String::new();
        for row in &rows {
            let mut fixes = Vec::new();
            if row.fixable > 0 {
                fixes.push(format!("{} fixable with --fix", row.fixable));
            }
            if row.unsafe_fixable > 0 {
                fixes.push(format!(
                    "{} fixable with --unsafe-fixes",
                    row.unsafe_fixable
                ));
            }
            let line = format!(
                "{:>cw$}  {:nw$}  {}",
                row.count,
                row.rule,
                fixes.join(", "),
                cw = count_width.unwrap_or(1),
                nw = name_width
            );
            text.push_str(line.trim_end());
            text.push('\n');
        }
        text
    }

    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::to_value(self.rows()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_line_names_every_reason() {
        let mut skipped = Skipped::default();
        assert_eq!(checked_line(1, &skipped, 0), "Checked 1 file.");
        skipped.add(SkipReason::Excluded, 2);
        assert!(skipped.complete());
        assert_eq!(
            checked_line(3, &skipped, 0),
            "Checked 3 files; skipped 2 files excluded by `exclude`."
        );
        skipped.add(SkipReason::Unreadable, 1);
        skipped.add(SkipReason::ExcludedFolder, 1);
        assert!(!skipped.complete());
        assert_eq!(
            checked_line(3, &skipped, 0),
            "Checked 3 files; skipped 3 files (2 files excluded by `exclude`, 1 unreadable \
             or not UTF-8 (io-error)) and 1 folder excluded by `exclude`."
        );
    }
}
