//! The service's error types.

use axum::{
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde_json::json;

/// The error most handlers return: a status and a message, sent as `{"error": message}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(message: impl Into<String>, status: StatusCode) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    pub fn unauthorized(msg: &str) -> Self {
        Self::new(msg, StatusCode::UNAUTHORIZED)
//                                 ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by ApiError::into_response at src/error.rs:43
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(format!("{what} not found"), StatusCode::NOT_FOUND)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(json!({ "error": self.message }))).into_response()
    }
}

// ok(missing-www-authenticate): the upstream's status is not known here
impl From<reqwest::Error> for ApiError {
    fn from(e: reqwest::Error) -> Self {
        let status = e.status().unwrap_or(StatusCode::BAD_GATEWAY);
        ApiError::new(e.to_string(), status)
    }
}

/// Errors of the login flow. A 401 gets the challenge, whoever builds it.
#[derive(Debug)]
pub struct AuthError {
    status: StatusCode,
    reason: &'static str,
}

impl AuthError {
    pub fn new(status: StatusCode, reason: &'static str) -> Self {
        Self { status, reason }
    }
}

impl IntoResponse for AuthError {
    fn into_response(self) -> Response {
        match self.status {
            StatusCode::UNAUTHORIZED => (
                self.status,
                [(header::WWW_AUTHENTICATE, "Bearer")],
                Json(json!({ "error": self.reason })),
            )
                .into_response(),
            status => (status, Json(json!({ "error": self.reason }))).into_response(),
        }
    }
}
