//! Response helpers shared by the handlers.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use serde_json::json;

/// A JSON error body with the given status. It adds no headers: a status that needs one (a 401's
/// challenge, a 405's `Allow`) must get it from the caller.
pub fn json_error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}
