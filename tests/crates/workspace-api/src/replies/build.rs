use actix_web::{http::StatusCode, HttpResponse};

/// A plain-text answer with the status the caller chooses, and no header.
pub fn refuse(status: StatusCode, message: &str) -> HttpResponse {
    HttpResponse::build(status).body(message.to_string())
}

/// The same with a challenge on every answer.
pub fn refuse_with_challenge(status: StatusCode, message: &str) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header(("WWW-Authenticate", "Bearer realm=\"shop\""))
        .body(message.to_string())
}
