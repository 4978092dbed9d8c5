//! `http` responses with the mistakes statuslint fixes, one fix shape each.

use bytes::Bytes;
use http::{header, Response, StatusCode};

/// A 204 builder with a body: the body becomes the empty value of its type.
pub fn deleted() -> Response<Bytes> {
    Response::builder()
        .status(StatusCode::NO_CONTENT)
        .body(Bytes::from("deleted"))
        .unwrap()
}

/// A challenge on a builder chain over several lines.
pub fn login() -> Response<&'static str> {
    Response::builder()
        .status(StatusCode::UNAUTHORIZED)
        .header(header::CONTENT_TYPE, "text/plain")
        .body("log in first")
        .unwrap()
}

/// A builder on one line.
pub fn moved() -> Response<()> {
    Response::builder().status(301).body(()).unwrap()
}

/// A response changed through `status_mut`.
pub fn wrong_method() -> Response<String> {
    let mut res = Response::new("use GET".to_string());
    *res.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
    res
}
