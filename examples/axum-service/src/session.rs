//! `/session`: who is logged in.

use axum::{
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde_json::json;

use crate::util::json_error;

/// Mistake: the status is decided here, the response is built by `util::json_error`, and neither
/// adds the `WWW-Authenticate` challenge a 401 needs.
pub async fn current(headers: HeaderMap) -> Response {
    let Some(cookie) = headers.get(header::COOKIE) else {
        return json_error(StatusCode::UNAUTHORIZED, "no session cookie");
    };
    let session = cookie.to_str().unwrap_or_default();
    Json(json!({ "session": session })).into_response()
}
