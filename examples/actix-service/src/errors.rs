use std::fmt;

use actix_web::{http::StatusCode, HttpResponse, ResponseError};

#[derive(Debug)]
pub enum TodoError {
    NotFound,
    Teapot,
}

impl fmt::Display for TodoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TodoError::NotFound => f.write_str("no such todo"),
            TodoError::Teapot => f.write_str("this server brews coffee only"),
        }
    }
}

impl ResponseError for TodoError {
    fn error_response(&self) -> HttpResponse {
        match self {
            TodoError::NotFound => HttpResponse::NotFound().body(self.to_string()),
            // Mistake: 418 is a reserved joke code with no HTTP meaning.
            TodoError::Teapot => {
                HttpResponse::build(StatusCode::IM_A_TEAPOT).body(self.to_string())
            }
        }
    }
}
