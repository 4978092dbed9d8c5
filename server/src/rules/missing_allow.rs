use super::{declare_rule, missing_header, Citation, Finding, RuleContext, Severity};
use crate::model::Response;

declare_rule! {
    /// ## What it does
    /// Checks for a 405 Method Not Allowed response without an `Allow` header.
    ///
    /// ## Why is this bad?
    /// An origin server MUST generate an `Allow` header in a 405 listing the methods the target
    /// resource supports (RFC 9110 §15.5.6, §10.2.1). Clients and API tools rely on it to find the
    /// right method. An empty `Allow` is legal and means the resource allows no method right now.
    ///
    /// ## Example
    /// ```rust
    /// HttpResponse::MethodNotAllowed().finish()
    /// ```
    ///
    /// ```ts
    /// res.status(405).json({ error: 'method not allowed' });
    /// ```
    ///
    /// ```python
    /// @app.route("/documents", methods=["GET", "PUT"])
    /// def documents():
    ///     abort(405)
    /// ```
    ///
    /// ```go
    /// w.WriteHeader(http.StatusMethodNotAllowed)
    /// ```
    ///
    /// ```go
    /// return c.NoContent(http.StatusMethodNotAllowed) // echo
    /// ```
    ///
    /// Use instead:
    /// ```rust
    /// HttpResponse::MethodNotAllowed().insert_header(("Allow", "GET, HEAD")).finish()
    /// ```
    ///
    /// ```ts
    /// res.set('Allow', 'GET, HEAD').status(405).json({ error: 'method not allowed' });
    /// ```
    ///
    /// ```python
    /// @app.route("/documents", methods=["GET", "PUT"])
    /// def documents():
    ///     abort(405, valid_methods=["GET", "PUT"])
    /// ```
    ///
    /// ```go
    /// w.Header().Set("Allow", "GET, HEAD")
    /// w.WriteHeader(http.StatusMethodNotAllowed)
    /// ```
    ///
    /// ```go
    /// c.Response().Header().Set(echo.HeaderAllow, "GET, HEAD") // echo
    /// return c.NoContent(http.StatusMethodNotAllowed)
    /// ```
    ///
    /// ## Fix safety
    /// The fix inserts a placeholder: the methods the handler's path is routed with when the router
    /// is in the same file (`Allow: GET, PUT`), else `Allow: GET`. Routes may be added elsewhere, so
    /// the fix is unsafe. A handler whose one method is known refuses that very method: it is left
    /// out of the list, and when nothing is left the `Allow` is empty (no method is allowed now, as
    /// RFC 9110 §10.2.1 describes for a resource turned off by configuration).
    ///
    /// In Go the `Allow` placeholder is a statement before the one that sends the 405:
    /// `w.Header().Set(..)`, gin's `c.Header(..)`, echo's `c.Response().Header().Set(..)`, fiber's
    /// `c.Set(..)`.
    ///
    /// ## Known problems
    /// A 405 chosen in a `match`/`if` arm (warp's `code = StatusCode::METHOD_NOT_ALLOWED` in its
    /// rejection handler), actix's `ErrorMethodNotAllowed(..)`, salvo's
    /// `StatusError::method_not_allowed()` and `ResponseError` statuses are read inside one function;
    /// a fix is offered only when the header can go inside the arm. `Allow` added by a router
    /// (axum's method-router fallbacks) or middleware keeps it silent. In Python it reads Flask and
    /// Quart views, error handlers and `before_request` hooks: `abort(405)` and `raise
    /// MethodNotAllowed()` without `valid_methods` (Werkzeug then sends no `Allow`; they get no fix,
    /// and an error handler of the file for 405 answers them instead), a returned `(body, 405)`
    /// tuple, `make_response(..)` and `Response(..)`; the fix's placeholder lists the route's
    /// `methods=`.
    /// Django's `HttpResponse(status=405)` and aiohttp's `web.Response(status=405)` in a view are read too (the
    /// placeholder lists a Django class view's methods or `@require_http_methods`'s); Django REST
    /// framework's `APIView` sets `Allow` on every response, so its views stay silent.
    ///
    /// In Go it reads net/http, gin, echo and fiber handlers path by path (a 405 in a `switch r.Method`
    /// default case, gin's `c.String(405, ..)`, echo's `c.NoContent(405)` and returned
    /// `echo.ErrMethodNotAllowed`, fiber's `c.SendStatus(405)` and `fiber.ErrMethodNotAllowed`). The
    /// routers' own 405s (chi's, echo's, gin's `HandleMethodNotAllowed`) are not handler code and are
    /// not read; a custom `r.MethodNotAllowed(..)` handler is.
    pub static MISSING_ALLOW = Rule {
        name: "missing-allow",
        summary: "a 405 response without an `Allow` header",
        default_severity: Some(Severity::Error),
        enabled_severity: Severity::Error,
        citation: Citation::rfc9110("15.5.6"),
        check: check,
    };
}

fn check(response: &Response, _: &RuleContext<'_>) -> Option<Finding> {
    if response.status.code != 405 {
        return None;
    }
    missing_header(response, "Allow", "GET", Citation::rfc9110("15.5.6"), None)
}
