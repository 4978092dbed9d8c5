//! The error handlers return: salvo renders it with `Scribe::render`.

use salvo::http::StatusCode;
use salvo::prelude::*;
use serde_json::json;

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
    }
}

impl Scribe for ApiError {
    fn render(self, res: &mut Response) {
        res.status_code(self.status);
        res.render(Json(json!({ "error": self.message })));
    }
}

// ok(missing-www-authenticate): a status error's status is not known here
impl From<StatusError> for ApiError {
    fn from(e: StatusError) -> Self {
        ApiError::new(e.brief.clone(), e.code)
    }
}
