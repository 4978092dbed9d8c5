//! axum handlers with the mistakes statuslint fixes, one fix shape each.

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing;

/// The signature fixes the tuple's type: the body is emptied in place.
pub async fn delete_typed() -> (StatusCode, &'static str) {
    (StatusCode::NO_CONTENT, "")
}

/// The same inside `Result`, with a `String` body.
pub async fn delete_result(found: bool) -> Result<(StatusCode, String), StatusCode> {
    if !found {
        return Err(StatusCode::NOT_FOUND);
    }
    Ok((StatusCode::NO_CONTENT, String::new()))
}

/// Two returns of one `impl IntoResponse`: they must keep one type.
pub async fn delete_or_keep(gone: bool) -> impl IntoResponse {
    if gone {
        return (StatusCode::NO_CONTENT, "");
    }
    (StatusCode::OK, "here")
}

/// Nothing constrains the tuple: it becomes the bare status.
pub async fn delete_free() -> impl IntoResponse {
    StatusCode::NO_CONTENT
}

/// A challenge added as a tuple element, with the `header` constant in scope.
pub async fn login() -> impl IntoResponse {
    (
        StatusCode::UNAUTHORIZED,
        [(header::WWW_AUTHENTICATE, "Bearer")],
        "log in first",
    )
}

/// An existing header array is extended.
pub async fn login_plain() -> impl IntoResponse {
    (
        StatusCode::UNAUTHORIZED,
        [
            (header::CONTENT_TYPE, "text/plain"),
            (header::WWW_AUTHENTICATE, "Bearer"),
        ],
        "log in first",
    )
}

/// A tuple turned into a `Response` keeps no type: it gets the element.
pub async fn wrong_method() -> Response {
    (
        StatusCode::METHOD_NOT_ALLOWED,
        [(header::ALLOW, "GET")],
        "use GET",
    )
        .into_response()
}

/// A redirect without `Location`.
pub async fn moved() -> impl IntoResponse {
    (StatusCode::FOUND, [(header::LOCATION, "/")], "moved")
}

/// A response changed through `status_mut`: the header goes in a statement after it.
pub async fn login_mut() -> Response {
    let mut res = "log in first".into_response();
    *res.status_mut() = StatusCode::UNAUTHORIZED;
    res.headers_mut()
        .insert(header::WWW_AUTHENTICATE, "Bearer".parse().unwrap());
    res
}

/// A handler that reads Basic credentials gets a Basic challenge.
pub async fn login_basic(headers: HeaderMap) -> Response {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "));
    if basic.is_none() {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Basic realm=\"app\"")],
            "credentials required",
        )
            .into_response();
    }
    StatusCode::OK.into_response()
}

/// The routes the `Allow` and `Location` placeholders are read from.
pub fn app() -> axum::Router {
    axum::Router::new()
        .route("/notes", routing::post(create_note))
        .route("/notes/{id}", routing::get(moved).put(wrong_method))
}

/// A create whose item is read at `/notes/{id}`.
pub async fn create_note() -> impl IntoResponse {
    (
        StatusCode::CREATED,
        [(header::LOCATION, "/notes/{id}")],
        "made",
    )
}

/// A JSON body whose removal leaves two imports unused: they go too.
pub async fn delete_json() -> impl IntoResponse {
    StatusCode::NO_CONTENT
}
