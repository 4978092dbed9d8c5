//! `/session`: who is logged in, and logging out.

use axum::{
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use serde_json::json;

use crate::util::*;

pub async fn current(headers: HeaderMap) -> Response {
    match headers.get(header::COOKIE) {
        Some(_) => reply(StatusCode::OK, json!({ "user": "ada" })),
        None => json_error(StatusCode::UNAUTHORIZED, "no session"),
//                                     ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by util::json_error at src/util.rs:12
    }
}

pub async fn end(headers: HeaderMap) -> Response {
    if headers.get(header::COOKIE).is_none() {
        // ok(missing-www-authenticate): reported once, where `util::unauthorized` writes the 401
        return unauthorized("not logged in");
    }
    StatusCode::NO_CONTENT.into_response()
}
