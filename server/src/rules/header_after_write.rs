use super::{declare_rule, describe, Citation, Finding, RuleContext, Severity};
use crate::model::Response;

declare_rule! {
    /// ## What it does
    /// Checks for a header set after the response's header section was sent: in Go, a
    /// `w.Header().Set(..)` or `.Add(..)` after `w.WriteHeader(..)` or a body write on the same
    /// path.
    ///
    /// ## Why is this bad?
    /// Header fields are sent before the content (RFC 9112 §2.1). Go's `net/http` sends them at
    /// the first `WriteHeader` or `Write`: "Changing the header map after a call to WriteHeader (or
    /// Write) has no effect unless the HTTP status code was of the 1xx class or the modified
    /// headers are trailers." The header never reaches the client, and the other rules count it as
    /// absent (a `WWW-Authenticate` set after `WriteHeader(401)` is a missing one).
    ///
    /// ## Example
    /// ```go
    /// w.WriteHeader(http.StatusUnauthorized)
    /// w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
    /// w.WriteHeader(http.StatusUnauthorized)
    /// ```
    ///
    /// ## Fix safety
    /// No fix yet: move the statement before the call that sends the header.
    ///
    /// ## Known problems
    /// Read in Go's `net/http` handlers only. A header set through a variable holding
    /// `w.Header()` is not seen.
    pub static HEADER_AFTER_WRITE = Rule {
        name: "header-after-write",
        summary: "a header set after the response's header section was sent, which has no effect",
        default_severity: Some(Severity::Error),
        enabled_severity: Severity::Error,
        citation: Citation { rfc: 9112, section: "2.1" },
        check: check,
    };
}

fn check(response: &Response, _: &RuleContext<'_>) -> Option<Finding> {
    let late = response.headers.late.first()?;
    let citation = Citation {
        rfc: 9112,
        section: "2.1",
    };
    Some(Finding {
        message: format!(
            "`{}` is set after the {} response's header was sent: it has no effect ({citation})",
            late.name,
            describe(response.status.code)
        ),
        span: late.span,
        severity: None,
        citation,
        fix: None,
    })
}
