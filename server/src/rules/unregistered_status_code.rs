use super::{declare_rule, replace_status, Citation, Finding, RuleContext, Severity};
use crate::model::Response;
use crate::status::{self, Registration};

declare_rule! {
    /// ## What it does
    /// Checks for a status in 100–599 that is not in the IANA HTTP Status Code Registry (such as 299,
    /// 419, 420, 499, 520), including 104, whose temporary registration expired on 2026-11-13.
    ///
    /// ## Why is this bad?
    /// A client that does not recognise a status MUST treat it as the x00 of its class (RFC 9110
    /// §15): a 499 reaches most clients, proxies and monitoring as a plain 400, so its meaning is
    /// lost. New codes are meant to be registered (§16.2).
    ///
    /// ## Example
    /// ```rust
    /// Response::builder().status(499).body(body)
    /// ```
    ///
    /// ```ts
    /// res.status(499).end();
    /// ```
    ///
    /// Use instead:
    /// ```rust
    /// Response::builder().status(StatusCode::BAD_REQUEST).body(body)
    /// ```
    ///
    /// ```ts
    /// res.status(400).end();
    /// ```
    ///
    /// In-house codes that your clients do understand can be allowed in `statuslint.toml` with
    /// `allowed-status-codes = [499]`.
    ///
    /// ## Fix safety
    /// The fix replaces the code with its class's x00 (499 → 400). Clients see a different status,
    /// so the fix is unsafe.
    pub static UNREGISTERED_STATUS_CODE = Rule {
        name: "unregistered-status-code",
        summary: "a status code in range but not in the IANA registry",
        default_severity: Some(Severity::Warning),
        enabled_severity: Severity::Warning,
        citation: Citation::rfc9110("15"),
        check: check,
    };
}

fn check(response: &Response, ctx: &RuleContext<'_>) -> Option<Finding> {
    let code = response.status.code;
    if !(100..=599).contains(&code) || ctx.allowed_status_codes.contains(&code) {
        return None;
    }
    let expired = match status::info(code) {
        // `status::info` is `None` for codes IANA lists as "Unassigned" (509) too.
        None => false,
        Some(info) if info.registration == Registration::ExpiredTemporary => true,
        Some(_) => return None,
    };
    let citation = Citation::rfc9110("15");
    let class = code / 100 * 100;
    let why = if expired {
        "its temporary IANA registration has expired"
    } else {
        "it is not in the IANA registry"
    };
    Some(Finding {
        message: format!(
            "status `{code}` is not a registered HTTP status: {why}, so clients treat it as `{class}` ({citation})"
        ),
        span: response.status.span,
        severity: None,
        citation,
        fix: Some(replace_status(code, class)),
    })
}
