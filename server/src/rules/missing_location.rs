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
    /// ```go
    /// c.Status(http.StatusMovedPermanently) // gin
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
    /// ```go
    /// c.Redirect(http.StatusMovedPermanently, "/new") // gin
    /// ```
    ///
    /// ## Fix safety
    /// The fix inserts `Location: /` as a placeholder target; it is unsafe until the right URI is
    /// filled in.
    ///
    /// In Go the placeholder is a statement before the one that sends the redirect
    /// (`w.Header().Set(..)`, gin's `c.Header(..)`, echo's `c.Response().Header().Set(..)`, fiber's
    /// `c.Set(..)`).
    ///
    /// ## Known problems
    /// In Python it reads Starlette's response classes built with a redirect status, and Flask's and
    /// Quart's `Response(status=302)`, returned `(body, 302)` tuples and `make_response(..)`;
    /// `RedirectResponse(..)` and `redirect(..)` set `Location`.
    ///
    /// In Go, `http.Redirect`, gin's and echo's `c.Redirect(code, url)` and fiber's `c.Redirect(url[,
    /// code])` set `Location`, as do `c.Location(..)` in fiber and a header set before the send; a 3xx
    /// written with `w.WriteHeader`, `c.Status`, `c.JSON(3xx, ..)`, `c.NoContent(3xx)` or
    /// `c.SendStatus(3xx)` needs one.
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
