//! Response helpers.

use actix_web::{
    http::{header, StatusCode},
    HttpResponse, HttpResponseBuilder,
};
use serde_json::{json, Value};

pub fn json_error(status: StatusCode, msg: &str) -> HttpResponse {
    HttpResponse::build(status).json(json!({ "error": msg }))
}

pub fn reply(status: StatusCode, body: Value) -> HttpResponse {
    HttpResponse::build(status).json(body)
}

/// The answer to a missing or bad credential.
pub fn unauthorized(msg: &str) -> HttpResponse {
    json_error(StatusCode::UNAUTHORIZED, msg)
//                         ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by json_error at src/util.rs:10
}

/// The start of a refusal; callers add the body.
// ok(missing-www-authenticate): an unfinished builder, reported where a caller finishes it
pub fn denied() -> HttpResponseBuilder {
    HttpResponse::Unauthorized()
}

/// Like `json_error`, but a 401 carries the challenge.
pub fn problem(status: StatusCode, msg: &str) -> HttpResponse {
    if status == StatusCode::UNAUTHORIZED {
        return HttpResponse::build(status)
            .insert_header((header::WWW_AUTHENTICATE, "Bearer"))
            .json(json!({ "error": msg }));
    }
    HttpResponse::build(status).json(json!({ "error": msg }))
}
