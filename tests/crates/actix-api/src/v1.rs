//! The error helpers of the first API version, still used by old handlers.

use actix_web::{
    http::{header, StatusCode},
    HttpResponse,
};

/// The v1 error: plain text, and the challenge on every answer.
pub fn json_error(status: StatusCode, msg: &str) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::WWW_AUTHENTICATE, "Basic realm=\"v1\""))
        .body(msg.to_string())
}
