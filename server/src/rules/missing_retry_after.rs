use super::{declare_rule, missing_header, Citation, Finding, RuleContext, Severity};
use crate::model::Response;

declare_rule! {
    /// ## What it does
    /// Checks for a 503 Service Unavailable or 429 Too Many Requests response without a
    /// `Retry-After` header. Off by default: enable it in `statuslint.toml`.
    ///
    /// ## Why is this bad?
    /// It is not wrong: RFC 9110 §15.6.4 and RFC 6585 §4 say a server MAY send `Retry-After`. But
    /// clients that get one back off politely instead of retrying at once, so many API guidelines ask
    /// for it.
    ///
    /// ## Example
    /// ```rust
    /// (StatusCode::TOO_MANY_REQUESTS, "slow down")
    /// ```
    ///
    /// ```ts
    /// return c.json({ error: 'slow down' }, 429);
    /// ```
    ///
    /// Use instead:
    /// ```rust
    /// (StatusCode::TOO_MANY_REQUESTS, [("Retry-After", "120")], "slow down")
    /// ```
    ///
    /// ```ts
    /// return c.json({ error: 'slow down' }, 429, { 'Retry-After': '120' });
    /// ```
    ///
    /// ## Fix safety
    /// The fix inserts `Retry-After: 120` as a placeholder delay, so it is unsafe.
    pub static MISSING_RETRY_AFTER = Rule {
        name: "missing-retry-after",
        summary: "a 503 or 429 response without `Retry-After` (optional; off by default)",
        default_severity: None,
        enabled_severity: Severity::Hint,
        citation: Citation::rfc9110("10.2.3"),
        check: check,
    };
}

fn check(response: &Response, _: &RuleContext<'_>) -> Option<Finding> {
    let citation = match response.status.code {
        503 => Citation::rfc9110("15.6.4"),
        429 => Citation {
            rfc: 6585,
            section: "4",
        },
        _ => return None,
    };
    missing_header(response, "Retry-After", "120", citation, None)
}
