//! Rejections and the handler that turns them into replies.

use std::convert::Infallible;

use warp::http::StatusCode;
use warp::reject::Reject;
use warp::reply::Response;
use warp::Rejection;

use crate::util;

#[derive(Debug)]
pub enum ApiError {
    Unauthorized,
    Expired,
    Upstream(StatusCode),
}

impl Reject for ApiError {}

pub async fn handle_rejection(err: Rejection) -> Result<Response, Infallible> {
    if err.is_not_found() {
        return Ok(util::json_error(StatusCode::NOT_FOUND, "not found"));
    }
    match err.find::<ApiError>() {
        Some(ApiError::Unauthorized) => Ok(util::json_error(StatusCode::UNAUTHORIZED, "bad token")),
//                                                                      ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by util::json_error at src/util.rs:8
        // ok(missing-www-authenticate): `challenge` adds the header itself
        Some(ApiError::Expired) => Ok(util::challenge(StatusCode::UNAUTHORIZED, "token expired")),
        // ok(missing-www-authenticate): the upstream's status is not known
        Some(ApiError::Upstream(status)) => Ok(util::json_error(*status, "upstream error")),
        None => Ok(util::json_error(StatusCode::INTERNAL_SERVER_ERROR, "internal error")),
    }
}
