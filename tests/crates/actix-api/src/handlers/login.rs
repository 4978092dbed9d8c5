//! `/login`, `/logout`, `/whoami`.

use actix_web::{get, http::StatusCode, post, HttpRequest, HttpResponse};
use serde_json::json;

use crate::error::ApiError;
use crate::util::*;
use crate::v1::*;

#[post("/login")]
pub async fn login(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let Some(auth) = req.headers().get("authorization") else {
        return Err(ApiError::new("bad token", StatusCode::UNAUTHORIZED));
//                                                        ^^^^^^^^^^^^ missing-www-authenticate
    };
    if auth.is_empty() {
        return Err(ApiError::bad_request("empty token").with_status(StatusCode::UNAUTHORIZED));
//                                                                              ^^^^^^^^^^^^ missing-www-authenticate
    }
    if auth.len() > 4096 {
        return Err(ApiError {
            status: StatusCode::UNAUTHORIZED,
//                              ^^^^^^^^^^^^ missing-www-authenticate
            message: "token too long".to_string(),
        });
    }
    if auth.as_bytes().starts_with(b"Basic ") {
        // ok(missing-www-authenticate): reported once, in `ApiError::unauthorized`
        return Err(ApiError::unauthorized("use a bearer token"));
    }
    let text = std::fs::read_to_string("/etc/motd")?;
    Ok(HttpResponse::Ok().json(json!({ "motd": text })))
}

#[post("/logout")]
pub async fn logout(req: HttpRequest) -> HttpResponse {
    if req.cookie("session").is_none() {
        // ok(missing-www-authenticate): `json_error` is both `util::json_error` and `v1::json_error`
        return json_error(StatusCode::UNAUTHORIZED, "not logged in");
    }
    if req.cookie("legacy").is_some() {
        // ok(missing-www-authenticate): `problem` sends the challenge on a 401
        return problem(StatusCode::UNAUTHORIZED, "log in again");
    }
    HttpResponse::NoContent().finish()
}

#[get("/whoami")]
pub async fn whoami(req: HttpRequest) -> HttpResponse {
    match req.cookie("session") {
        Some(c) => HttpResponse::Ok().json(json!({ "session": c.value() })),
        // ok(missing-www-authenticate): reported once, in `util::unauthorized`
        None => unauthorized("no session"),
    }
}
