use super::{declare_rule, missing_header, Citation, Finding, RuleContext, Severity};
use crate::model::Response;

declare_rule! {
    /// ## What it does
    /// Checks for a 206 Partial Content response without a `Content-Range` header (an error), and for
    /// a 416 Range Not Satisfiable response without one (a warning).
    ///
    /// ## Why is this bad?
    /// A single-part 206 MUST carry `Content-Range` describing the enclosed range (RFC 9110
    /// §15.3.7.1); without it the client cannot place the bytes. A 416 SHOULD send
    /// `Content-Range: bytes */<length>` so the client learns the current length (§15.5.17).
    /// (A multipart 206 carries `Content-Range` in each part instead; statuslint only fires when the
    /// response's headers are fully known, and a multipart body sets `Content-Type` explicitly.)
    ///
    /// ## Example
    /// ```rust
    /// (StatusCode::PARTIAL_CONTENT, bytes)
    /// ```
    ///
    /// ```ts
    /// res.status(206).send(chunk);
    /// ```
    ///
    /// Use instead:
    /// ```rust
    /// (StatusCode::PARTIAL_CONTENT, [("Content-Range", format!("bytes {start}-{end}/{len}"))], bytes)
    /// ```
    ///
    /// ```ts
    /// res.set('Content-Range', `bytes ${start}-${end}/${size}`).status(206).send(chunk);
    /// ```
    ///
    /// ## Fix safety
    /// The fix inserts a placeholder (`bytes 0-0/1` on 206, `bytes */0` on 416) that must be replaced
    /// by the real range, so it is unsafe. A 206 from a function that reads no `Range` (nothing in it,
    /// or in a function of the file it calls, says `range`: a page of results, a partial success)
    /// answers no range request: the fix changes the status to 200 instead of inventing a range.
    pub static MISSING_CONTENT_RANGE = Rule {
        name: "missing-content-range",
        summary: "a 206 (or 416) response without a `Content-Range` header",
        default_severity: Some(Severity::Error),
        enabled_severity: Severity::Error,
        citation: Citation::rfc9110("15.3.7.1"),
        check: check,
    };
}

fn check(response: &Response, _: &RuleContext<'_>) -> Option<Finding> {
    match response.status.code {
        206 => missing_header(
            response,
            "Content-Range",
            "bytes 0-0/1",
            Citation::rfc9110("15.3.7.1"),
            None,
        ),
        416 => missing_header(
            response,
            "Content-Range",
            "bytes */0",
            Citation::rfc9110("15.5.17"),
            Some(Severity::Warning),
        ),
        _ => None,
    }
}
