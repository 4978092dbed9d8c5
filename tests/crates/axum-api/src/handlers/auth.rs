//! `POST /login` and `GET /me`: the error types at work.

use axum::{
    http::{header, HeaderMap, StatusCode},
    response::Response,
    Json,
};
use serde_json::{json, Value};

use crate::error::{ApiError, AuthError};
use crate::util::json_error as err;

pub async fn login(headers: HeaderMap) -> Result<Json<Value>, ApiError> {
    let Some(auth) = headers.get(header::AUTHORIZATION) else {
        return Err(ApiError::new("bad token", StatusCode::UNAUTHORIZED));
//                                                        ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by ApiError::into_response at src/error.rs:43
    };
    if auth.is_empty() {
        return Err(ApiError::new("empty token", StatusCode::BAD_REQUEST).with_status(StatusCode::UNAUTHORIZED));
//                                                                                               ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by ApiError::into_response at src/error.rs:43
    }
    if auth.len() > 4096 {
        return Err(ApiError {
            status: StatusCode::UNAUTHORIZED,
//                              ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by ApiError::into_response at src/error.rs:43
            message: "token too long".into(),
        });
    }
    if auth.as_bytes().starts_with(b"Basic ") {
        // ok(missing-www-authenticate): reported once, where `ApiError::unauthorized` writes the 401
        return Err(ApiError::unauthorized("use a bearer token"));
    }
    Ok(Json(json!({ "ok": true })))
}

pub async fn me(headers: HeaderMap) -> Result<Response, AuthError> {
    match headers.get(header::AUTHORIZATION) {
        Some(v) if v.is_empty() => Ok(err(StatusCode::UNAUTHORIZED, "empty token")),
//                                                    ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by util::json_error at src/util.rs:12
        // ok(missing-www-authenticate): `AuthError`'s `into_response` adds the challenge on a 401
        None => Err(AuthError::new(StatusCode::UNAUTHORIZED, "token required")),
        Some(_) => Err(AuthError::new(StatusCode::FORBIDDEN, "no access")),
    }
}
