use super::{declare_rule, missing_header, Citation, Finding, RuleContext, Severity};
use crate::model::Response;

declare_rule! {
    /// ## What it does
    /// Checks for a 201 Created response without a `Location` header.
    ///
    /// ## Why is this bad?
    /// RFC 9110 §15.3.2 makes `Location` optional: without it, the created resource is taken to be
    /// the target URI. That fits `PUT`, but after a `POST` the new resource almost always has a URI of
    /// its own, and clients expect `Location` to find it. This is advice, not a requirement, so the
    /// rule is a hint. It stays silent in handlers known to answer `PUT` (by their `#[put]`
    /// attribute or their registration in the same file), where the target URI is the new resource.
    ///
    /// ## Example
    /// ```rust
    /// (StatusCode::CREATED, Json(item))
    /// ```
    ///
    /// ```ts
    /// res.status(201).json(item);
    /// ```
    ///
    /// Use instead:
    /// ```rust
    /// (StatusCode::CREATED, [("Location", format!("/items/{}", item.id))], Json(item))
    /// ```
    ///
    /// ```ts
    /// res.set('Location', `/items/${item.id}`).status(201).json(item);
    /// ```
    ///
    /// ## Fix safety
    /// The fix inserts a placeholder: the path of the route that reads one created item when the
    /// router is in the same file (`Location: /notes/{id}`), else `Location: /`. It is unsafe until
    /// the new resource's URI is filled in.
    pub static MISSING_CREATED_LOCATION = Rule {
        name: "missing-created-location",
        summary: "a 201 response without a `Location` header (advice)",
        default_severity: Some(Severity::Hint),
        enabled_severity: Severity::Hint,
        citation: Citation::rfc9110("15.3.2"),
        check: check,
    };
}

fn check(response: &Response, _: &RuleContext<'_>) -> Option<Finding> {
    // After a PUT the created resource is the target URI itself (§15.3.2, §9.3.4).
    if response.status.code != 201 || response.method == Some("PUT") {
        return None;
    }
    missing_header(response, "Location", "/", Citation::rfc9110("15.3.2"), None)
}
