//! poem handlers with the mistakes statuslint fixes, one fix shape each.

use poem::http::{header, StatusCode};
use poem::{handler, IntoResponse, Response};

/// A 204 builder with a body: the builder is finished instead.
#[handler]
pub fn delete_text() -> Response {
    Response::builder()
        .status(StatusCode::NO_CONTENT)
        .body("deleted")
}

/// A challenge on a `with_status` value.
#[handler]
pub fn login() -> impl IntoResponse {
    "log in first".with_status(StatusCode::UNAUTHORIZED)
}

/// A builder on one line.
#[handler]
pub fn wrong_method() -> Response {
    Response::builder().status(StatusCode::METHOD_NOT_ALLOWED).finish()
}

/// A response changed through `set_status`: the header goes in a statement after it.
#[handler]
pub fn login_later() -> Response {
    let mut resp = "log in first".into_response();
    resp.set_status(StatusCode::UNAUTHORIZED);
    resp
}

/// The header module is used already.
#[handler]
pub fn moved() -> Response {
    Response::builder()
        .status(StatusCode::FOUND)
        .header(header::CACHE_CONTROL, "no-store")
        .finish()
}
