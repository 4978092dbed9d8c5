//! Route handlers, one module per resource.

pub mod admin;
pub mod auth;
pub mod items;
pub mod notes;
pub mod session;
pub mod tokens;

use axum::{
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};

/// Prometheus scrapes need the API key.
pub async fn metrics(headers: HeaderMap) -> Response {
    if headers.get("x-api-key").is_none() {
        return super::util::json_error(StatusCode::UNAUTHORIZED, "metrics need an API key");
//                                                 ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by util::json_error at src/util.rs:12
    }
    "# HELP up 1\nup 1\n".into_response()
}
