//! The error handlers return; actix's default `error_response` sends `status_code()` with the
//! `Display` text as the body.

use actix_web::{http::StatusCode, ResponseError};
use derive_more::{Display, Error};

#[derive(Debug, Display, Error)]
#[display("{message}")]
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
    }

    pub fn bad_request(msg: &str) -> Self {
        Self::new(msg, StatusCode::BAD_REQUEST)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }
}

// ok(missing-www-authenticate): the status of an I/O error is not known here
impl From<std::io::Error> for ApiError {
    fn from(e: std::io::Error) -> Self {
        ApiError::new(e.to_string(), status_for(&e))
    }
}

fn status_for(e: &std::io::Error) -> StatusCode {
    match e.kind() {
        std::io::ErrorKind::NotFound => StatusCode::NOT_FOUND,
        std::io::ErrorKind::PermissionDenied => StatusCode::FORBIDDEN,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}
