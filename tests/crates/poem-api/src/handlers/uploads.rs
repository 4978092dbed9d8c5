//! `/uploads`.

use poem::{handler, http::StatusCode, web::Path, Request, Response};
use serde_json::json;

use crate::error::ApiError;
use crate::util;

#[handler]
pub fn list(req: &Request) -> Response {
    if req.header("authorization").is_none() {
        return util::json_error(StatusCode::UNAUTHORIZED, "token required");
//                                          ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by util::json_error at src/util.rs:11
    }
    util::reply(StatusCode::OK, json!([]))
}

#[handler]
pub fn create(req: &Request) -> Result<Response, ApiError> {
    let Some(token) = req.header("authorization") else {
        return Err(ApiError::new("bad token", StatusCode::UNAUTHORIZED));
//                                                        ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by ApiError::as_response at src/error.rs:45
    };
    if token.is_empty() {
        return Err(ApiError::new("empty token", StatusCode::BAD_REQUEST).with_status(StatusCode::UNAUTHORIZED));
//                                                                                               ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by ApiError::as_response at src/error.rs:45
    }
    if token.len() > 4096 {
        return Err(ApiError {
            status: StatusCode::UNAUTHORIZED,
//                              ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by ApiError::as_response at src/error.rs:45
            message: "token too long".into(),
        });
    }
    if token.starts_with("Basic ") {
        // ok(missing-www-authenticate): reported once, in `ApiError::unauthorized`
        return Err(ApiError::unauthorized("use a bearer token"));
    }
    let quota = std::fs::read_to_string("/var/lib/uploads/quota")?;
    Ok(util::reply(StatusCode::OK, json!({ "quota": quota })))
}

#[handler]
pub fn remove(Path(id): Path<u64>) -> Response {
    if id == 0 {
        // ok(body-not-allowed): a 404 may have a body
        return util::reply(StatusCode::NOT_FOUND, json!({ "error": "no such upload" }));
    }

    util::reply(StatusCode::NO_CONTENT, json!({ "deleted": id }))
//                                      ^^^^^^^^^^^^^^^^^^^^^^^^ body-not-allowed
//   note: built by util::reply at src/util.rs:15
}
