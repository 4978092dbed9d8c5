//! `/admin`: the cases that stay silent, each for its own reason.

use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::Response,
};
use serde_json::json;

use crate::error::ApiError;
use crate::{compat, util, AppState};

pub async fn upstream(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    if headers.get("x-admin").is_none() {
        // ok(missing-www-authenticate): a helper from another crate, not read
        return Ok(api_common::json_error(StatusCode::UNAUTHORIZED, "admins only"));
    }
    if headers.get("x-admin-v1").is_some() {
        // ok(missing-www-authenticate): `error_body` has two definitions (one per feature)
        return Ok(compat::error_body(StatusCode::UNAUTHORIZED, "admins only"));
    }
    if headers.get("x-admin-macro").is_some() {
        // ok(missing-www-authenticate): `plain_error` is defined by a macro
        return Ok(util::plain_error(StatusCode::UNAUTHORIZED, "admins only"));
    }
    // ok(missing-www-authenticate): `?` converts through a `From` impl whose status is not known
    let res = state.client.get("http://upstream/health").send().await?;
    // ok(missing-www-authenticate): the upstream's status is not known
    Ok(util::json_error(res.status(), "upstream answered"))
}

pub async fn remove_user(headers: HeaderMap, Path(id): Path<u64>) -> Response {
    if headers.get(header::AUTHORIZATION).is_none() {
        // ok(missing-www-authenticate): `auth_error` sends the challenge on every status
        return util::auth_error(StatusCode::UNAUTHORIZED, "admins only");
    }
    if id == 0 {
        let mut challenge = HeaderMap::new();
        challenge.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        // ok(missing-www-authenticate): the headers are the caller's
        return util::with_headers(StatusCode::UNAUTHORIZED, challenge, "admins only");
    }
    if id == 1 {
        // ok(missing-www-authenticate): `deny` may use the impl that sends the challenge
        return util::deny(json!({ "error": "admins only" }));
    }
    util::forward_error(StatusCode::BAD_GATEWAY)
}
