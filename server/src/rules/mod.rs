//! Rules: pure checks on response facts. One file per rule; `ALL` is the single registry.
//!
//! A rule sees `model::Response` values only, never syntax. It returns a `Finding` whose fix is an
//! intent; the engine asks the response's framework adapter to render it.

use crate::model::{FixIntent, LateHeader, Response, Span};
use crate::status;

mod body_not_allowed;
mod header_after_write;
mod invalid_status_code;
mod missing_allow;
mod missing_content_range;
mod missing_created_location;
mod missing_location;
mod missing_proxy_authenticate;
mod missing_retry_after;
mod missing_upgrade;
mod missing_www_authenticate;
mod obsolete_status_code;
mod unregistered_status_code;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// An RFC section a diagnostic rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Citation {
    pub rfc: u16,
    pub section: &'static str,
}

impl Citation {
    pub const fn rfc9110(section: &'static str) -> Citation {
        Citation { rfc: 9110, section }
    }

    pub fn url(&self) -> String {
        format!(
            "https://www.rfc-editor.org/rfc/rfc{}#section-{}",
            self.rfc, self.section
        )
    }
}

impl std::fmt::Display for Citation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RFC {} §{}", self.rfc, self.section)
    }
}

/// Whether a fix keeps the program's meaning (and so may be applied without review).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applicability {
    Safe,
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// What a rule found on one response.
#[derive(Debug, Clone)]
pub struct Finding {
    pub message: String,
    pub span: Span,
    /// Overrides the rule's default severity for this finding (e.g. 416 is a SHOULD, 206 a MUST).
    pub severity: Option<Severity>,
    pub citation: Citation,
    pub fix: Option<FixProposal>,
}

#[derive(Debug, Clone)]
pub struct FixProposal {
    pub title: String,
    pub intent: FixIntent,
    pub applicability: Applicability,
}

/// What rules may consult besides the response: the project's settings that bear on their logic.
pub struct RuleContext<'a> {
    pub allowed_status_codes: &'a [u16],
}

pub struct Rule {
    /// The diagnostic code users configure (`missing-www-authenticate`).
    pub name: &'static str,
    /// One line for `statuslint rule --all`.
    pub summary: &'static str,
    /// `None`: off unless enabled in the configuration.
    pub default_severity: Option<Severity>,
    /// Severity when a user enables a rule that is off by default.
    pub enabled_severity: Severity,
    pub citation: Citation,
    /// The doc comment, in sections: What it does / Why is this bad? / Example / Fix safety.
    pub docs: &'static str,
    pub check: fn(&Response, &RuleContext<'_>) -> Option<Finding>,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// Declares a rule; its doc comment becomes `Rule::docs` (clippy's `declare_clippy_lint!` idea).
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])* pub static $id:ident = Rule { $($field:ident : $value:expr),* $(,)? };) => {
        pub static $id: $crate::rules::Rule = $crate::rules::Rule {
            docs: concat!($($doc, "\n"),*),
            $($field: $value),*
        };
    };
}
pub(crate) use declare_rule;

/// Every rule, in documentation order.
pub static ALL: &[&Rule] = &[
    &body_not_allowed::BODY_NOT_ALLOWED,
    &missing_www_authenticate::MISSING_WWW_AUTHENTICATE,
    &missing_proxy_authenticate::MISSING_PROXY_AUTHENTICATE,
    &missing_allow::MISSING_ALLOW,
    &missing_upgrade::MISSING_UPGRADE,
    &missing_content_range::MISSING_CONTENT_RANGE,
    &missing_location::MISSING_LOCATION,
    &missing_created_location::MISSING_CREATED_LOCATION,
    &invalid_status_code::INVALID_STATUS_CODE,
    &unregistered_status_code::UNREGISTERED_STATUS_CODE,
    &obsolete_status_code::OBSOLETE_STATUS_CODE,
    &missing_retry_after::MISSING_RETRY_AFTER,
    &header_after_write::HEADER_AFTER_WRITE,
];

pub fn by_name(name: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.name == name)
}

/// The rule name nearest to a mistyped one, if any is close.
pub fn closest(name: &str) -> Option<&'static str> {
    let name = name.to_ascii_lowercase().replace('_', "-");
    ALL.iter()
        .map(|r| (edit_distance(&name, r.name), r.name))
        .filter(|(d, candidate)| *d <= 3.max(candidate.len() / 3))
        .min()
        .map(|(_, n)| n)
}

/// Levenshtein distance over bytes (rule names are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let next = (prev + cost).min(row[j] + 1).min(row[j + 1] + 1);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// "`401 Unauthorized`", or "`499`" for a code without a reason phrase.
pub(crate) fn describe(code: u16) -> String {
    match status::reason(code) {
        Some(reason) if !reason.starts_with('(') => format!("`{code} {reason}`"),
        _ => format!("`{code}`"),
    }
}

/// The shared shape of the "status X needs header Y" rules: silent unless the header set is complete.
pub(crate) fn missing_header(
    response: &Response,
    header: &'static str,
    placeholder: &'static str,
    citation: Citation,
    severity: Option<Severity>,
) -> Option<Finding> {
    if !response
        .headers
        .certainly_lacks(&header.to_ascii_lowercase())
    {
        return None;
    }
    let code = response.status.code;
    let lower = header.to_ascii_lowercase();
    // A header set too late is there to be moved, not added a second time.
    let fix = match response.headers.late.iter().find(|l| l.name == lower) {
        Some(late) => move_late(header, late),
        None => FixProposal {
            title: format!("Add `{header}: {placeholder}` (placeholder value: review it; unsafe)"),
            intent: FixIntent::AddHeader {
                name: header,
                value: placeholder,
            },
            applicability: Applicability::Unsafe,
        },
    };
    Some(Finding {
        message: format!(
            "{} response has no `{header}` header ({citation})",
            describe(code)
        ),
        span: response.status.span,
        severity,
        citation,
        fix: Some(fix),
    })
}

/// The proposal moving a header set after the header section was sent to before the send.
pub(crate) fn move_late(header: &str, late: &LateHeader) -> FixProposal {
    let safe = late.safe_to_move;
    FixProposal {
        title: format!(
            "Move the `{header}` set above the call that sends the header section{}",
            if safe {
                ""
            } else {
                " (unsafe: its value may be computed in between)"
            }
        ),
        intent: FixIntent::MoveLateHeader { span: late.span },
        applicability: if safe {
            Applicability::Safe
        } else {
            Applicability::Unsafe
        },
    }
}

/// A "change the status" proposal, always unsafe: it changes what clients see.
pub(crate) fn replace_status(from: u16, to: u16) -> FixProposal {
    FixProposal {
        title: format!(
            "Change status {} to {} (unsafe)",
            describe(from),
            describe(to)
        ),
        intent: FixIntent::ReplaceStatus { to },
        applicability: Applicability::Unsafe,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names_only() {
        assert_eq!(
            closest("missing-www-authentcate"),
            Some("missing-www-authenticate")
        );
        assert_eq!(closest("missing-locaton"), Some("missing-location"));
        assert_eq!(closest("body_not_allowed"), Some("body-not-allowed"));
        assert_eq!(closest("zzzz"), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
