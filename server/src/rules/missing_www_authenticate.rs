use super::{declare_rule, missing_header, Citation, Finding, RuleContext, Severity};
use crate::model::Response;

declare_rule! {
    /// ## What it does
    /// Checks for a 401 Unauthorized response that does not send a `WWW-Authenticate` header.
    ///
    /// ## Why is this bad?
    /// A server generating a 401 MUST send a `WWW-Authenticate` header with at least one challenge
    /// (RFC 9110 §15.5.2, §11.6.1). Without it the client cannot learn how to authenticate, and
    /// standard clients (browsers, curl, HTTP libraries) will not retry with credentials. If the user
    /// is authenticated but not allowed, the right status is 403.
    ///
    /// ## Example
    /// ```rust
    /// HttpResponse::Unauthorized().body("login required")
    /// ```
    ///
    /// ```ts
    /// res.status(401).json({ error: 'login required' });
    /// ```
    ///
    /// ```python
    /// raise HTTPException(status_code=401, detail="login required")
    /// ```
    ///
    /// ```go
    /// w.WriteHeader(http.StatusUnauthorized)
    /// ```
    ///
    /// ```go
    /// c.JSON(http.StatusUnauthorized, gin.H{"error": "login required"}) // gin
    /// return echo.ErrUnauthorized                                        // echo
    /// return c.SendStatus(fiber.StatusUnauthorized)                      // fiber
    /// ```
    ///
    /// Use instead:
    /// ```rust
    /// HttpResponse::Unauthorized()
    ///     .insert_header(("WWW-Authenticate", r#"Bearer realm="api""#))
    ///     .body("login required")
    /// ```
    ///
    /// ```ts
    /// res.set('WWW-Authenticate', 'Bearer realm="api"').status(401).json({ error: 'login required' });
    /// ```
    ///
    /// ```python
    /// raise HTTPException(
    ///     status_code=401, detail="login required", headers={"WWW-Authenticate": "Bearer"}
    /// )
    /// ```
    ///
    /// ```go
    /// w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
    /// w.WriteHeader(http.StatusUnauthorized)
    /// ```
    ///
    /// ```go
    /// c.Header("WWW-Authenticate", `Bearer realm="api"`) // gin
    /// c.JSON(http.StatusUnauthorized, gin.H{"error": "login required"})
    /// ```
    ///
    /// ## Fix safety
    /// The fix inserts `WWW-Authenticate: Bearer` as a placeholder challenge: the scheme (and realm)
    /// must be the one your service accepts, so the fix is unsafe. A function that reads Basic
    /// credentials (`"Basic "`, `== "Basic"`, `BasicAuth`, anywhere in it or in a function of the
    /// file it calls) and no bearer token gets `Basic realm="app"`. A tuple whose type something
    /// fixes (an extractor's `type Rejection = (StatusCode, ())`, the enclosing function's error type
    /// behind `.map_err(|_| ..)?`) gets no fix: a header element would change its type.
    ///
    /// In Go the challenge is a statement before the one that sends the 401 (or returns the echo or
    /// fiber error): `w.Header().Set(..)`, gin's `c.Header(..)`, echo's
    /// `c.Response().Header().Set(..)`, fiber's `c.Set(..)`. A challenge the handler sets after the 401
    /// was sent is moved above the send instead (safe when its value is a literal).
    ///
    /// ## Known problems
    /// Inside one function statuslint reads a 401 chosen in a `match`/`if` arm and built later
    /// (reported at the arm), actix's `ErrorUnauthorized(..)` and `InternalError::new(e, 401)`, poem's
    /// `Error::from_status(..)` and `poem::error::Unauthorized(e)`, salvo's
    /// `StatusError::unauthorized()`, `ResponseError` impls and extractor rejections
    /// (`from_request_parts` returning `Err(StatusCode::UNAUTHORIZED)`). A challenge added by
    /// middleware, under a condition, or by an error type built in another function is not seen;
    /// statuslint then stays silent whenever headers come from a variable or a helper it cannot follow.
    /// In Python it reads FastAPI's and Starlette's `raise HTTPException(status_code=401)` in a path
    /// operation or in a dependency of one (`Depends(..)`, `Security(..)`, or a function a route
    /// calls outside a `try` that catches it, in any module of the package), and Starlette response
    /// classes built with a 401 in a path operation or an exception handler. Across modules it
    /// follows helpers given a 401 (`error_response("..", 401)` returning `JSONResponse(status_code=
    /// status)` or `jsonify(..), status`, `deny(401)` raising `HTTPException(status)` or calling
    /// `abort(status)`, reported at the argument with the helper as a note) and `HTTPException`
    /// subclasses with a fixed 401 (reported where they are raised), unless an exception handler or
    /// an HTTP middleware of the package may answer them. In Flask and Quart views,
    /// error handlers and `before_request` hooks it reads returned `(body, 401)` tuples (the fix
    /// adds a headers dict, or a pair to the one given), `make_response(..)`, `Response(..)`, and
    /// `abort(401)` / `raise Unauthorized()` without `www_authenticate=` (no fix: Werkzeug takes
    /// `WWWAuthenticate` objects there); a header named in an `after_request` hook of the file, or an
    /// error handler of the file for 401, keeps it silent.
    /// In Django and Django
    /// REST framework views it reads `HttpResponse`, `JsonResponse`, `Response` and `render(..)`
    /// with a 401 (a challenge set later, `response["WWW-Authenticate"] = ..`, counts; the fix's
    /// `headers=` needs Django 3.2), not DRF's `NotAuthenticated`/`AuthenticationFailed`, which
    /// get an authenticator's challenge or become a 403; in aiohttp handlers `web.Response`,
    /// `web.json_response` and `raise web.HTTPUnauthorized()`.
    ///
    /// In Go it reads net/http, gin, echo and fiber handlers path by path (the Go section of
    /// docs/cli.md): `w.WriteHeader(401)`, `http.Error(w, msg, 401)`, gin's `c.JSON(401, ..)` and
    /// `c.AbortWithStatus(401)`, echo's `c.JSON(401, ..)` and returned
    /// `echo.ErrUnauthorized`/`echo.NewHTTPError(401, ..)`, fiber's `c.Status(401).JSON(..)`,
    /// `c.SendStatus(401)` and returned `fiber.ErrUnauthorized`/`fiber.NewError(401, ..)`. A challenge
    /// set by a helper given `w` or `c`, after `c.Next()`, or by a middleware of the file counts as
    /// possibly there; a middleware or an error handler (echo's `HTTPErrorHandler`, fiber's
    /// `ErrorHandler`) set up in another file is not seen.
    pub static MISSING_WWW_AUTHENTICATE = Rule {
        name: "missing-www-authenticate",
        summary: "a 401 response without a `WWW-Authenticate` challenge",
        default_severity: Some(Severity::Error),
        enabled_severity: Severity::Error,
        citation: Citation::rfc9110("15.5.2"),
        check: check,
    };
}

fn check(response: &Response, _: &RuleContext<'_>) -> Option<Finding> {
    if response.status.code != 401 {
        return None;
    }
    missing_header(
        response,
        "WWW-Authenticate",
        "Bearer",
        Citation::rfc9110("15.5.2"),
        None,
    )
}
