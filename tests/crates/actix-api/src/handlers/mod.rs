//! Route handlers.

pub mod keys;
pub mod login;
pub mod notes;

use actix_web::{http::StatusCode, HttpRequest, HttpResponse};

pub async fn health(req: HttpRequest) -> HttpResponse {
    if req.headers().get("x-probe-key").is_none() {
        return super::util::json_error(StatusCode::UNAUTHORIZED, "probe key required");
//                                                 ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by util::json_error at src/util.rs:10
    }
    HttpResponse::Ok().body("ok")
}
