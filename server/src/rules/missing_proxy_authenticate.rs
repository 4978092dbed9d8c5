use super::{declare_rule, missing_header, Citation, Finding, RuleContext, Severity};
use crate::model::Response;

declare_rule! {
    /// ## What it does
    /// Checks for a 407 Proxy Authentication Required response without a `Proxy-Authenticate` header.
    ///
    /// ## Why is this bad?
    /// A proxy MUST send at least one `Proxy-Authenticate` challenge in each 407 (RFC 9110 §15.5.8,
    /// §11.7.1); without it the client cannot authenticate to the proxy. An origin server that means
    /// "log in" should send 401 with `WWW-Authenticate` instead.
    ///
    /// ## Example
    /// ```rust
    /// (StatusCode::PROXY_AUTHENTICATION_REQUIRED, "proxy login required")
    /// ```
    ///
    /// ```ts
    /// res.status(407).send('proxy login required');
    /// ```
    ///
    /// Use instead:
    /// ```rust
    /// (StatusCode::PROXY_AUTHENTICATION_REQUIRED, [("Proxy-Authenticate", "Basic realm=\"proxy\"")], "proxy login required")
    /// ```
    ///
    /// ```ts
    /// res.set('Proxy-Authenticate', 'Basic realm="proxy"').status(407).send('proxy login required');
    /// ```
    ///
    /// ## Fix safety
    /// The fix inserts `Proxy-Authenticate: Basic` as a placeholder challenge; it is unsafe because
    /// the scheme must be the one the proxy accepts.
    pub static MISSING_PROXY_AUTHENTICATE = Rule {
        name: "missing-proxy-authenticate",
        summary: "a 407 response without a `Proxy-Authenticate` challenge",
        default_severity: Some(Severity::Error),
        enabled_severity: Severity::Error,
        citation: Citation::rfc9110("15.5.8"),
        check: check,
    };
}

fn check(response: &Response, _: &RuleContext<'_>) -> Option<Finding> {
    if response.status.code != 407 {
        return None;
    }
    missing_header(
        response,
        "Proxy-Authenticate",
        "Basic",
        Citation::rfc9110("15.5.8"),
        None,
    )
}
