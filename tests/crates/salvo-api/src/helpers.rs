//! Writing error and JSON answers into a handler's response.

use salvo::http::{header, StatusCode};
use salvo::prelude::*;
use serde_json::{json, Value};

pub fn json_error(res: &mut Response, status: StatusCode, msg: &str) {
    res.status_code(status);
    res.render(Json(json!({ "error": msg })));
}

pub fn reply(res: &mut Response, status: StatusCode, body: Value) {
    res.status_code(status);
    res.render(Json(body));
}

/// The refusal for a missing token: the status is written here.
pub fn token_required(res: &mut Response) {
    json_error(res, StatusCode::UNAUTHORIZED, "token required");
//                              ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by json_error at src/helpers.rs:8
}

/// An error that always carries the challenge.
pub fn challenge(res: &mut Response, status: StatusCode, msg: &str) {
    res.status_code(status);
    res.add_header(header::WWW_AUTHENTICATE, "Bearer", true).ok();
    res.render(Json(json!({ "error": msg })));
}
