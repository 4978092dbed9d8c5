use super::{declare_rule, missing_header, Citation, Finding, RuleContext, Severity};
use crate::model::Response;

declare_rule! {
    /// ## What it does
    /// Checks for a 101 Switching Protocols or 426 Upgrade Required response without an `Upgrade`
    /// header.
    ///
    /// ## Why is this bad?
    /// A server sending 101 MUST name the protocol it switches to in `Upgrade` (RFC 9110 §15.2.2), and
    /// a server sending 426 MUST send `Upgrade` listing the acceptable protocols (§15.5.22). Without
    /// it the client cannot tell which protocol is spoken next, or which one to ask for.
    ///
    /// ## Example
    /// ```rust
    /// Response::builder().status(StatusCode::SWITCHING_PROTOCOLS).body(Body::empty())
    /// ```
    ///
    /// ```ts
    /// res.writeHead(101);
    /// ```
    ///
    /// Use instead:
    /// ```rust
    /// Response::builder()
    ///     .status(StatusCode::SWITCHING_PROTOCOLS)
    ///     .header("Upgrade", "websocket")
    ///     .header("Connection", "upgrade")
    ///     .body(Body::empty())
    /// ```
    ///
    /// ```ts
    /// res.writeHead(101, { Upgrade: 'websocket', Connection: 'Upgrade' });
    /// ```
    ///
    /// ## Fix safety
    /// The fix inserts `Upgrade: websocket` (101) or `Upgrade: HTTP/2.0` (426) as a placeholder; the
    /// protocol must be the one actually offered, so the fix is unsafe.
    pub static MISSING_UPGRADE = Rule {
        name: "missing-upgrade",
        summary: "a 101 or 426 response without an `Upgrade` header",
        default_severity: Some(Severity::Error),
        enabled_severity: Severity::Error,
        citation: Citation::rfc9110("15.2.2"),
        check: check,
    };
}

fn check(response: &Response, _: &RuleContext<'_>) -> Option<Finding> {
    match response.status.code {
        101 => missing_header(
            response,
            "Upgrade",
            "websocket",
            Citation::rfc9110("15.2.2"),
            None,
        ),
        426 => missing_header(
            response,
            "Upgrade",
            "HTTP/2.0",
            Citation::rfc9110("15.5.22"),
            None,
        ),
        _ => None,
    }
}
