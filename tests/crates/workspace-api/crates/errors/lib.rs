//! The shop's error type, shared by every service crate: the status is chosen where the error is
//! made, the response is built here.

use actix_web::{http::StatusCode, HttpResponse, ResponseError};
use serde_json::json;

#[derive(Debug)]
pub struct ShopError {
    status: StatusCode,
    message: String,
}

impl ShopError {
    pub fn new(message: impl Into<String>, status: StatusCode) -> Self {
        Self {
            message: message.into(),
            status,
        }
    }
}

impl std::fmt::Display for ShopError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl ResponseError for ShopError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status).json(json!({ "error": self.message }))
    }
}

/// The service crate defines a `Refusal` of its own: a call naming `Refusal` cannot be pinned to
/// this one.
#[derive(Debug)]
pub struct Refusal {
    status: StatusCode,
}

impl Refusal {
    pub fn new(status: StatusCode) -> Self {
        Self { status }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "refused")
    }
}

impl ResponseError for Refusal {
    fn status_code(&self) -> StatusCode {
        self.status
    }
}
