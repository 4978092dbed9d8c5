use super::{declare_rule, missing_header, Citation, Finding, RuleContext, Severity};
use crate::model::Response;

declare_rule! {
    /// ## What it does
    /// Checks for a redirect (301, 302, 303, 307 or 308) without a `Location` header.
    ///
    /// ## Why is this bad?
    /// A server SHOULD send `Location` with the target URI on 301, 302, 307 and 308 (RFC 9110 §15.4.2,
    /// §15.4.3, §15.4.8, §15.4.9), and a 303 is defined by the `Location` it points to (§15.4.4).
    /// Without it, clients have nowhere to go: browsers show an empty page and HTTP libraries fail.
    ///
    /// ## Example
    /// ```rust
    /// HttpResponse::Found().finish()
    /// ```
    ///
    /// ```ts
    /// return new Response(null, { status: 302 });
    /// ```
    ///
    /// ```python
    /// return Response(status_code=302)
    /// ```
    ///
    /// ```go
    /// w.WriteHeader(http.StatusFound)
    /// ```
    ///
    /// Use instead:
    /// ```rust
    /// HttpResponse::Found().insert_header(("Location", "/login")).finish()
    /// ```
    ///
    /// ```ts
    /// return new Response(null, { status: 302, headers: { Location: '/login' } });
    /// ```
    ///
    /// ```python
    /// return RedirectResponse("/login", status_code=302)
    /// ```
    ///
    /// ```go
    /// http.Redirect(w, r, "/login", http.StatusFound)
    /// ```
    ///
    /// ## Fix safety
    /// The fix inserts `Location: /` as a placeholder target; it is unsafe until the right URI is
    /// filled in.
    ///
    /// ## Known problems
    /// In Python it reads Starlette's response classes built with a redirect status, and Flask's and
    /// Quart's `Response(status=302)`, returned `(body, 302)` tuples and `make_response(..)`;
    /// `RedirectResponse(..)` and `redirect(..)` set `Location`.
    pub static MISSING_LOCATION = Rule {
        name: "missing-location",
        summary: "a 301, 302, 303, 307 or 308 redirect without a `Location` header",
        default_severity: Some(Severity::Warning),
        enabled_severity: Severity::Warning,
        citation: Citation::rfc9110("15.4"),
        check: check,
    };
}

fn check(response: &Response, _: &RuleContext<'_>) -> Option<Finding> {
    let section = match response.status.code {
        301 => "15.4.2",
        302 => "15.4.3",
        303 => "15.4.4",
        307 => "15.4.8",
        308 => "15.4.9",
        _ => return None,
    };
    missing_header(response, "Location", "/", Citation::rfc9110(section), None)
}
