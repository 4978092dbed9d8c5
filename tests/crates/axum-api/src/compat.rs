//! The error body old clients parse, chosen at build time.

use axum::{
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde_json::json;

#[cfg(feature = "legacy-errors")]
pub fn error_body(status: StatusCode, msg: &str) -> Response {
    (status, msg.to_string()).into_response()
}

#[cfg(not(feature = "legacy-errors"))]
pub fn error_body(status: StatusCode, msg: &str) -> Response {
    (
        status,
        [(header::WWW_AUTHENTICATE, "Bearer")],
        Json(json!({ "error": msg, "version": 2 })),
    )
        .into_response()
}
