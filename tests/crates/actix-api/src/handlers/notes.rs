//! `/notes`: list, delete, pin.

use actix_web::{delete, get, http::StatusCode, post, web, HttpRequest, HttpResponse};
use serde_json::json;

use crate::util::{self, json_error, reply};

#[get("/notes")]
pub async fn list(req: HttpRequest) -> HttpResponse {
    if req.headers().get("authorization").is_none() {
        return json_error(StatusCode::UNAUTHORIZED, "log in to list notes");
//                                    ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by util::json_error at src/util.rs:10
    }
    reply(StatusCode::OK, json!([]))
}

#[delete("/notes/{id}")]
pub async fn remove(id: web::Path<u64>) -> HttpResponse {
    let id = id.into_inner();
    if id == 0 {
        // ok(body-not-allowed): a 404 may carry a body
        return reply(StatusCode::NOT_FOUND, json!({ "error": "no such note" }));
    }

    util::reply(StatusCode::NO_CONTENT, json!({ "deleted": id }))
//                                      ^^^^^^^^^^^^^^^^^^^^^^^^ body-not-allowed
//   note: built by util::reply at src/util.rs:14
}

#[post("/notes/{id}/pin")]
pub async fn pin(req: HttpRequest, id: web::Path<u64>) -> HttpResponse {
    if req.headers().get("authorization").is_none() {
        return util::denied().finish();
//             ^^^^^^^^^^^^^^ missing-www-authenticate
    }
    if id.into_inner() == 0 {
        // ok(missing-www-authenticate): the caller adds the challenge to the builder
        return util::denied()
            .insert_header(("WWW-Authenticate", "Bearer"))
            .json(json!({ "error": "log in to pin" }));
    }
    HttpResponse::Ok().json(json!({ "pinned": true }))
}
