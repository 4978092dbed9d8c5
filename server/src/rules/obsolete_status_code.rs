use super::{declare_rule, describe, replace_status, Citation, Finding, RuleContext, Severity};
use crate::model::Response;

declare_rule! {
    /// ## What it does
    /// Checks for statuses that the registry marks as deprecated, unused or obsolete: 305 Use Proxy,
    /// 306 (Unused), 418 (Unused) and 510 Not Extended.
    ///
    /// ## Why is this bad?
    /// 305 is deprecated for security reasons (RFC 9110 §15.4.6); 306 and 418 are reserved numbers
    /// with no HTTP semantics (§15.4.7, §15.5.19); 510 belongs to an extension framework that is now
    /// Historic (RFC 2774). Clients give them no defined meaning.
    ///
    /// ## Example
    /// ```rust
    /// (StatusCode::IM_A_TEAPOT, "no coffee")
    /// ```
    ///
    /// ```ts
    /// res.status(418).send('no coffee');
    /// ```
    ///
    /// Use instead:
    /// ```rust
    /// (StatusCode::BAD_REQUEST, "no coffee")
    /// ```
    ///
    /// ```ts
    /// res.status(400).send('no coffee');
    /// ```
    ///
    /// ## Fix safety
    /// The fix replaces 306 with 307, 418 with 400 and 510 with 501; 305 has no replacement. Clients
    /// see a different status, so the fix is unsafe.
    pub static OBSOLETE_STATUS_CODE = Rule {
        name: "obsolete-status-code",
        summary: "a deprecated, unused or obsolete status (305, 306, 418, 510)",
        default_severity: Some(Severity::Warning),
        enabled_severity: Severity::Warning,
        citation: Citation::rfc9110("15.4.6"),
        check: check,
    };
}

fn check(response: &Response, _: &RuleContext<'_>) -> Option<Finding> {
    let code = response.status.code;
    let (citation, why, replacement) = match code {
        305 => (
            Citation::rfc9110("15.4.6"),
            "is deprecated for security reasons",
            None,
        ),
        306 => (
            Citation::rfc9110("15.4.7"),
            "is reserved and no longer used",
            Some(307),
        ),
        418 => (
            Citation::rfc9110("15.5.19"),
            "is reserved and has no HTTP semantics",
            Some(400),
        ),
        510 => (
            Citation {
                rfc: 2774,
                section: "7",
            },
            "is obsolete: its extension framework is Historic",
            Some(501),
        ),
        _ => return None,
    };
    Some(Finding {
        message: format!("status {} {why} ({citation})", describe(code)),
        span: response.status.span,
        severity: None,
        citation,
        fix: replacement.map(|to| replace_status(code, to)),
    })
}
