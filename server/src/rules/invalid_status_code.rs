use super::{declare_rule, Citation, Finding, RuleContext, Severity};
use crate::model::Response;

declare_rule! {
    /// ## What it does
    /// Checks for a response status outside 100–599.
    ///
    /// ## Why is this bad?
    /// RFC 9110 §15 defines status codes as three digits from 100 to 599; anything else is not an
    /// HTTP status. `StatusCode::from_u16` rejects codes outside 100–999 at run time, and clients
    /// treat a 6xx–9xx code as a server error at best.
    ///
    /// ## Example
    /// ```rust
    /// Response::builder().status(600).body(body)
    /// ```
    ///
    /// Use instead:
    /// ```rust
    /// Response::builder().status(StatusCode::INTERNAL_SERVER_ERROR).body(body)
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the intended class cannot be guessed from an invalid code.
    pub static INVALID_STATUS_CODE = Rule {
        name: "invalid-status-code",
        summary: "a status code outside 100–599",
        default_severity: Some(Severity::Error),
        enabled_severity: Severity::Error,
        citation: Citation::rfc9110("15"),
        check: check,
    };
}

fn check(response: &Response, _: &RuleContext<'_>) -> Option<Finding> {
    let code = response.status.code;
    if (100..=599).contains(&code) {
        return None;
    }
    let citation = Citation::rfc9110("15");
    Some(Finding {
        message: format!(
            "status `{code}` is not an HTTP status code: valid codes are 100–599 ({citation})"
        ),
        span: response.status.span,
        severity: None,
        citation,
        fix: None,
    })
}
