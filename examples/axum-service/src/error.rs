//! The service's error type: handlers return `Result<_, AppError>`, and the status of each error is
//! chosen here, in one `match`, before the response is built.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use serde_json::json;

pub enum AppError {
    /// The session cookie is missing or expired.
    SessionExpired,
    /// The note does not exist.
    NotFound(u64),
    /// Anything the store reports.
    Store(String),
}

impl IntoResponse for AppError {
    /// Mistake: the `SessionExpired` arm sends a 401 without a `WWW-Authenticate` challenge.
    fn into_response(self) -> Response {
        let (status, message) = match self {
            AppError::SessionExpired => (StatusCode::UNAUTHORIZED, "session expired".to_string()),
            AppError::NotFound(id) => (StatusCode::NOT_FOUND, format!("no note {id}")),
            AppError::Store(e) => (StatusCode::INTERNAL_SERVER_ERROR, e),
        };
        (status, Json(json!({ "error": message }))).into_response()
    }
}
