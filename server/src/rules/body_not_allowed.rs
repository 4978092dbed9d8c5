use super::{
    declare_rule, describe, Applicability, Citation, Finding, FixProposal, RuleContext, Severity,
};
use crate::model::{Body, FixIntent, Response};

declare_rule! {
    /// ## What it does
    /// Checks for a body on a response whose status cannot carry content: any 1xx, 204 No Content,
    /// 205 Reset Content and 304 Not Modified.
    ///
    /// ## Why is this bad?
    /// RFC 9110 says these responses end at the header section (§15.2, §15.3.5, §15.4.5) and that a
    /// server MUST NOT generate content in a 205 (§15.3.6). Rust servers (hyper, actix-http) silently
    /// drop the bytes, so the body is dead code that still gets serialised and still sets
    /// `Content-Type`, and in-process tests see a body that real clients never receive. In
    /// TypeScript and JavaScript it is worse: the Fetch `Response` constructor (Next.js route
    /// handlers, Hono, Deno, Bun, Workers) throws a TypeError, and Express silently drops the body
    /// of a 204 or 304 along with its `Content-Type`. In Python, Werkzeug (Flask) drops the body of a
    /// 1xx, 204 or 304 after the view has built it.
    ///
    /// ## Example
    /// ```rust
    /// async fn delete_item() -> impl IntoResponse {
    ///     (StatusCode::NO_CONTENT, Json(json!({ "deleted": true })))
    /// }
    /// ```
    ///
    /// ```ts
    /// app.delete('/items/:id', (req, res) => {
    ///     res.status(204).json({ deleted: true });
    /// });
    /// ```
    ///
    /// ```python
    /// @app.delete("/items/{item_id}")
    /// async def delete_item(item_id: int):
    ///     return PlainTextResponse("deleted", status_code=204)
    /// ```
    ///
    /// ```go
    /// w.WriteHeader(http.StatusNoContent)
    /// w.Write([]byte("deleted"))
    /// ```
    ///
    /// ```go
    /// c.JSON(http.StatusNoContent, gin.H{"deleted": true}) // gin
    /// ```
    ///
    /// Use instead:
    /// ```rust
    /// async fn delete_item() -> impl IntoResponse {
    ///     StatusCode::NO_CONTENT
    /// }
    /// ```
    ///
    /// ```ts
    /// app.delete('/items/:id', (req, res) => {
    ///     res.status(204).end();
    /// });
    /// ```
    ///
    /// ```python
    /// @app.delete("/items/{item_id}")
    /// async def delete_item(item_id: int):
    ///     return Response(status_code=204)
    /// ```
    ///
    /// ```go
    /// w.WriteHeader(http.StatusNoContent)
    /// ```
    ///
    /// ```go
    /// c.Status(http.StatusNoContent) // gin; echo: c.NoContent(..), fiber: c.SendStatus(..)
    /// ```
    ///
    /// ## Fix safety
    /// Removing the body is safe when the body expression has no side effects (literals, variables,
    /// `Json(x)`): the bytes were never sent. When it calls functions, the fix is offered as unsafe.
    /// The fix keeps the response's status; if content was meant, change the status to 200 by hand.
    ///
    /// In Go the fix sends the status alone: gin's `c.JSON(204, x)` becomes `c.Status(204)`
    /// (`c.AbortWithStatusJSON` becomes `c.AbortWithStatus`), echo's `c.JSON(204, x)` becomes
    /// `c.NoContent(204)`, fiber's `c.Status(204).JSON(x)` becomes `c.SendStatus(204)`. Go rejects
    /// unused variables and imports: a removal that would take the last use of a local variable or of
    /// an import gets no fix.
    ///
    /// ## Known problems
    /// A 204 chosen in a `match`/`if` arm and sent with a body built after the branches is reported
    /// at the body, with no fix: removing it would change every arm's response. An actix or poem
    /// `ResponseError` whose status is 204 sends the error's `Display` text by default, which counts
    /// as a body. In Python it reads Starlette's and FastAPI's response classes built in a path
    /// operation (a `JSONResponse` content of `None` still sends `null`, so it gets no fix) and a value
    /// returned under `status_code=204` declared on the route (FastAPI drops it), and Flask's and
    /// Quart's returned `(body, 204)` tuples, `make_response(body, 204)` and `Response(body,
    /// status=204)` (the fix writes `""` for a tuple's body: Flask rejects `None`);
    /// Django's `HttpResponse` and `JsonResponse` (which send their content as it is: a `None` content is
    /// sent as the text `None`, so the fix leaves `b""` where a positional argument follows),
    /// Django REST framework's `Response` (any data but `None` is rendered) and aiohttp's
    /// `web.Response`/`web.json_response` (aiohttp drops it on 1xx, 204 and 304, not on 205).
    ///
    /// In Go it reads net/http body writes after `w.WriteHeader(204)` (no fix: the write is a statement
    /// of its own, often with its error checked), gin's, echo's and fiber's body-writing calls; the
    /// message says what the runtime does with the body: net/http's `Write` returns
    /// `http.ErrBodyNotAllowed`, gin and fasthttp (fiber) drop it silently. A `nil` or `""` given to
    /// `c.Data`, `c.String`, `c.Blob`, `c.Send` or `c.SendString` is no body.
    pub static BODY_NOT_ALLOWED = Rule {
        name: "body-not-allowed",
        summary: "a body on a 1xx, 204, 205 or 304 response",
        default_severity: Some(Severity::Error),
        enabled_severity: Severity::Error,
        citation: Citation::rfc9110("6.4.1"),
        check: check,
    };
}

fn section(code: u16) -> Option<&'static str> {
    match code {
        100..=199 => Some("15.2"),
        204 => Some("15.3.5"),
        205 => Some("15.3.6"),
        304 => Some("15.4.5"),
        _ => None,
    }
}

fn check(response: &Response, _: &RuleContext<'_>) -> Option<Finding> {
    let code = response.status.code;
    let section = section(code)?;
    let Body::Present { span, pure } = response.body else {
        return None;
    };
    let citation = Citation::rfc9110(section);
    let what = if code == 205 {
        "MUST NOT have content"
    } else {
        "cannot have content"
    };
    // What the runtime does with it, when known, says more than the RFC's wording.
    let consequence = response
        .runtime
        .and_then(|r| r.null_body)
        .map(|c| format!("; {c}"))
        .unwrap_or_default();
    Some(Finding {
        message: format!(
            "{} response {what}, but a body is set{consequence} ({citation})",
            describe(code)
        ),
        span,
        severity: None,
        citation,
        fix: Some(FixProposal {
            title: if pure {
                "Remove the body".to_string()
            } else {
                "Remove the body (unsafe: the body expression may have side effects)".to_string()
            },
            intent: FixIntent::RemoveBody,
            applicability: if pure {
                Applicability::Safe
            } else {
                Applicability::Unsafe
            },
        }),
    })
}
