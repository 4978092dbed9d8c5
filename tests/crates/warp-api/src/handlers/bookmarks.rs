//! `/bookmarks`.

use serde_json::json;
use warp::http::StatusCode;
use warp::reply::Response;
use warp::Rejection;

use crate::error::ApiError;
use crate::util;
use crate::util::json_error;

pub async fn list(auth: Option<String>) -> Result<Response, Rejection> {
    match auth {
        None => Err(warp::reject::custom(ApiError::Unauthorized)),
        Some(t) if t.is_empty() => Ok(json_error(StatusCode::UNAUTHORIZED, "empty token")),
//                                                           ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by util::json_error at src/util.rs:8
        Some(_) => Ok(util::reply(StatusCode::OK, json!([]))),
    }
}

pub async fn remove(id: u64) -> Result<Response, Rejection> {
    if id == 0 {
        // ok(body-not-allowed): a 404 may have a body
        return Ok(util::reply(StatusCode::NOT_FOUND, json!({ "error": "no such bookmark" })));
    }

    Ok(util::reply(StatusCode::NO_CONTENT, json!({ "deleted": id })))
//                                         ^^^^^^^^^^^^^^^^^^^^^^^^ body-not-allowed
//   note: built by util::reply at src/util.rs:12
}

pub async fn export(auth: Option<String>) -> Result<Response, Rejection> {
    if auth.is_none() {
        // ok(missing-www-authenticate): reported once, in `util::token_required`
        return Ok(util::token_required());
    }
    Ok(util::reply(StatusCode::OK, json!({ "bookmarks": [] })))
}
