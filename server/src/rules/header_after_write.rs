use super::{declare_rule, describe, move_late, Citation, Finding, RuleContext, Severity};
use crate::model::Response;

declare_rule! {
    /// ## What it does
    /// Checks for a header set after the response's header section was sent: in Go, a
    /// `w.Header().Set(..)` or `.Add(..)` after `w.WriteHeader(..)` or a body write on the same
    /// path; in gin a `c.Header(..)` after `c.JSON(..)`, `c.String(..)`, `c.AbortWithStatus(..)`
    /// or a write; in echo a `c.Response().Header().Set(..)` after `c.JSON(..)`,
    /// `c.NoContent(..)` or `c.Redirect(..)`.
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
    /// ```go
    /// c.AbortWithStatus(http.StatusUnauthorized)
    /// c.Header("WWW-Authenticate", `Bearer realm="api"`)
    /// ```
    ///
    /// Use instead:
    /// ```go
    /// w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
    /// w.WriteHeader(http.StatusUnauthorized)
    /// ```
    ///
    /// ```go
    /// c.Header("WWW-Authenticate", `Bearer realm="api"`)
    /// c.AbortWithStatus(http.StatusUnauthorized)
    /// ```
    ///
    /// ## Fix safety
    /// The fix moves the statement to just above the one that sent the header section, when both
    /// are in the same block, each on lines of their own, and nothing in between declares a name
    /// the statement uses. It is safe when the statement's arguments have no side effects and
    /// nothing in between assigns a name it uses or may leave the block (a `return`, an `if`);
    /// otherwise it is offered as unsafe, since the header may then be set on paths that did not
    /// set it, or with an earlier value. The missing-header rules offer the same move when the
    /// header they miss is set too late.
    ///
    /// ## Known problems
    /// Read in Go's `net/http`, gin and echo handlers. gin's `c.Status(..)` only chooses the
    /// status (gin sends it at the first write or after the handlers return), so headers after it
    /// still count; fiber buffers the whole response until the handler returns, so nothing there
    /// is late. A header set through a variable holding `w.Header()` is not seen.
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
        fix: Some(move_late(&late.name, late)),
    })
}
