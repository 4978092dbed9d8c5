use actix_web::{http::StatusCode, HttpResponse};

/// An empty answer with the caller's status.
pub fn plain(status: StatusCode) -> HttpResponse {
    HttpResponse::build(status).finish()
}

/// An empty answer with the caller's status and a challenge.
pub fn challenged(status: StatusCode) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header(("WWW-Authenticate", "Basic realm=\"admin\""))
        .finish()
}
