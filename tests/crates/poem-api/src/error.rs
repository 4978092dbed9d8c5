//! The service's error types.

use poem::{
    error::ResponseError,
    http::{header, StatusCode},
    web::Json,
    IntoResponse, Response,
};
use serde_json::json;

/// The error most handlers return: a status and a message.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
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
//   note: built by ApiError::as_response at src/error.rs:45
    }
}

impl ResponseError for ApiError {
    fn status(&self) -> StatusCode {
        self.status
    }

    fn as_response(&self) -> Response {
        Json(json!({ "error": self.message }))
            .with_status(self.status)
            .into_response()
    }
}

// ok(missing-www-authenticate): the status of an I/O error is not known here
impl From<std::io::Error> for ApiError {
    fn from(e: std::io::Error) -> Self {
        let status = match e.kind() {
            std::io::ErrorKind::NotFound => StatusCode::NOT_FOUND,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError::new(e.to_string(), status)
    }
}

/// Errors of the login flow; a 401 gets the challenge.
#[derive(Debug)]
pub struct AuthError {
    pub status: StatusCode,
    pub reason: &'static str,
}

impl IntoResponse for AuthError {
    fn into_response(self) -> Response {
        match self.status {
            StatusCode::UNAUTHORIZED => Json(json!({ "error": self.reason }))
                .with_status(self.status)
                .with_header(header::WWW_AUTHENTICATE, "Bearer")
                .into_response(),
            status => Json(json!({ "error": self.reason }))
                .with_status(status)
                .into_response(),
        }
    }
}
