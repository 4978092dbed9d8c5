//! `/items/{id}`: show, delete and archive.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::Response,
};
use serde_json::json;

use crate::util::{json_error, message, reply};
use crate::AppState;

pub async fn show(State(_state): State<AppState>, Path(id): Path<u64>) -> Response {
    if id == 0 {
        return json_error(StatusCode::UNAUTHORIZED, "log in to see drafts");
//                                    ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by util::json_error at src/util.rs:12
    }
    reply(StatusCode::OK, json!({ "id": id }))
}

pub async fn remove(Path(id): Path<u64>) -> Response {
    reply(StatusCode::NO_CONTENT, json!({ "deleted": id }))
//                                ^^^^^^^^^^^^^^^^^^^^^^^^ body-not-allowed
//   note: built by util::reply at src/util.rs:17
}

pub async fn archive(Path(id): Path<u64>) -> Response {
    if id == 0 {
        // ok(body-not-allowed): a 404 may have a body
        return message(StatusCode::NOT_FOUND, "no such item");
    }

    message(StatusCode::NO_CONTENT, "archived")
//                      ^^^^^^^^^^ body-not-allowed
//   note: built by util::message at src/util.rs:22
}
