//! `POST /tokens`: trades credentials for a bearer token.

use axum::{
    extract::State,
    http::{header, HeaderMap, StatusCode},
    response::Response,
    Json,
};
use serde::Deserialize;
use serde_json::json;

use crate::util;
use crate::AppState;

#[derive(Deserialize)]
pub struct Credentials {
    user: String,
    password: String,
}

pub async fn issue(State(_state): State<AppState>, Json(creds): Json<Credentials>) -> Response {
    if creds.user.is_empty() || creds.password.is_empty() {
        return util::json_error(StatusCode::UNAUTHORIZED, "no token");
//                                          ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by util::json_error at src/util.rs:12
    }
    // ok(missing-created-location): main.rs routes no `/tokens/{id}`: a token is no resource to point at
    util::reply(StatusCode::CREATED, json!({ "token": "t0k3n", "user": creds.user }))
}

pub async fn refresh(headers: HeaderMap) -> Response {
    let Some(auth) = headers.get(header::AUTHORIZATION) else {
        return crate::util::json_error(StatusCode::UNAUTHORIZED, "missing Authorization");
//                                                 ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by util::json_error at src/util.rs:12
    };
    if auth.as_bytes().starts_with(b"Basic ") {
        // ok(missing-www-authenticate): this helper sends the challenge on a 401
        return util::error_response(StatusCode::UNAUTHORIZED, "use a bearer token");
    }
    util::reply(StatusCode::OK, json!({ "token": "t0k3n" }))
}
