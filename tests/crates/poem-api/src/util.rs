//! Responses shared by the handlers.

use poem::{
    http::{header, StatusCode},
    web::Json,
    IntoResponse, Response,
};
use serde_json::{json, Value};

pub fn json_error(status: StatusCode, msg: &str) -> Response {
    Json(json!({ "error": msg })).with_status(status).into_response()
}

pub fn reply(status: StatusCode, body: Value) -> Response {
    Json(body).with_status(status).into_response()
}

/// The answer once a session is over: the status is written here.
pub fn session_expired() -> Response {
    json_error(StatusCode::UNAUTHORIZED, "session expired")
//                         ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by json_error at src/util.rs:11
}

/// Like `json_error`, but a 401 carries the challenge.
pub fn problem(status: StatusCode, msg: &str) -> Response {
    if status == StatusCode::UNAUTHORIZED {
        return Json(json!({ "error": msg }))
            .with_status(status)
            .with_header(header::WWW_AUTHENTICATE, "Bearer")
            .into_response();
    }
    Json(json!({ "error": msg })).with_status(status).into_response()
}
