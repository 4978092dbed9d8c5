use super::{declare_rule, replace_status, Citation, Finding, RuleContext, Severity};
use crate::model::{Accepts, Response};

declare_rule! {
    /// ## What it does
    /// Checks for a response status outside 100–599, or outside what the API that builds it accepts.
    ///
    /// ## Why is this bad?
    /// RFC 9110 §15 defines status codes as three digits from 100 to 599; anything else is not an
    /// HTTP status. `StatusCode::from_u16` rejects codes outside 100–999 at run time, and clients
    /// treat a 6xx–9xx code as a server error at best. Some APIs accept fewer: the Fetch
    /// `Response` constructor throws a RangeError outside 200–599 (so a 1xx too), and
    /// `Response.redirect` / `NextResponse.redirect` throw one for anything but 301, 302, 303,
    /// 307 and 308; those are reported too.
    ///
    /// ## Example
    /// ```rust
    /// Response::builder().status(600).body(body)
    /// ```
    ///
    /// ```ts
    /// return new Response(body, { status: 600 });
    /// ```
    ///
    /// Use instead:
    /// ```rust
    /// Response::builder().status(StatusCode::INTERNAL_SERVER_ERROR).body(body)
    /// ```
    ///
    /// ```ts
    /// return new Response(body, { status: 500 });
    /// ```
    ///
    /// ## Fix safety
    /// No fix for a code outside 100–599: the intended class cannot be guessed from an invalid code.
    /// A non-redirect status in `Response.redirect` gets an unsafe fix to 302, the API's default.
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
    let citation = Citation::rfc9110("15");
    // An API that accepts fewer statuses than HTTP has (the Fetch `Response` constructor takes
    // 200–599, `Response.redirect` only redirects) throws on the others.
    if let Some((accepts, consequence)) = response.runtime.and_then(|r| r.accepts) {
        if !accepts.contains(code) && (100..=599).contains(&code) {
            let redirect = accepts == Accepts::Redirects;
            return Some(Finding {
                message: format!(
                    "status `{code}` {consequence}: it accepts {} ({citation})",
                    accepts.describe()
                ),
                span: response.status.span,
                severity: None,
                citation,
                // The redirect APIs default to 302, which keeps the redirect working.
                fix: redirect.then(|| replace_status(code, 302)),
            });
        }
    }
    if (100..=599).contains(&code) {
        return None;
    }
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
