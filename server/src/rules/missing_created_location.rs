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
    /// rule is a hint. It fires only where a `Location` would point somewhere: a `POST` whose
    /// router (`.route(..)`, `.at(..)`, routing or OpenAPI attributes, in any file of a Rust
    /// package; `app.post(..)` in the same JS/TS file) also serves a path with a parameter right below it (`POST /items` next to
    /// `GET /items/{id}`). A `PUT`, a WebDAV `MKCOL`, a `POST` to a singleton or to a path with no
    /// item route below it, and a handler whose route is not seen stay silent: there the target
    /// URI is the created resource.
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
    // Without `Location` the created resource is the target URI (§15.3.2): right for a PUT, an
    // MKCOL or a POST to a singleton. It points somewhere else only after a POST to a collection
    // whose items the same router serves below it.
    let to_collection = response.route.as_ref().is_some_and(|r| r.serves_item);
    if response.status.code != 201 || response.method != Some("POST") || !to_collection {
        return None;
    }
    missing_header(response, "Location", "/", Citation::rfc9110("15.3.2"), None)
}
