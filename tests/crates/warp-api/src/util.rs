//! Replies shared by the handlers and the rejection handler.

use serde_json::{json, Value};
use warp::http::{header, StatusCode};
use warp::reply::{Reply, Response};

pub fn json_error(status: StatusCode, msg: &str) -> Response {
    warp::reply::with_status(warp::reply::json(&json!({ "error": msg })), status).into_response()
}

pub fn reply(status: StatusCode, body: Value) -> Response {
    warp::reply::with_status(warp::reply::json(&body), status).into_response()
}

/// The refusal for a missing token; the status is written here.
pub fn token_required() -> Response {
    json_error(StatusCode::UNAUTHORIZED, "token required")
//                         ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by json_error at src/util.rs:8
}

/// An error that always carries the challenge.
pub fn challenge(status: StatusCode, msg: &str) -> Response {
    warp::reply::with_header(
        warp::reply::with_status(warp::reply::json(&json!({ "error": msg })), status),
        header::WWW_AUTHENTICATE,
        "Bearer",
    )
    .into_response()
}
