//! `/items`.

use http::{header, Request, StatusCode};
use hyper::body::Incoming;
use serde_json::json;

use crate::util::{self, Resp};

pub fn list(req: &Request<Incoming>) -> Resp {
    if req.headers().get(header::AUTHORIZATION).is_none() {
        return crate::util::json(StatusCode::UNAUTHORIZED, json!({ "error": "token required" }));
//                                           ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by util::json at src/util.rs:26
    }
    util::json(StatusCode::OK, json!([]))
}

pub fn remove(path: &str) -> Resp {
    let id: u64 = path.trim_start_matches("/items/").parse().unwrap_or(0);
    if id == 0 {
        // ok(body-not-allowed): a 404 may have a body
        return util::json(StatusCode::NOT_FOUND, json!({ "error": "no such item" }));
    }

    util::json(StatusCode::NO_CONTENT, json!({ "deleted": id }))
//                                     ^^^^^^^^^^^^^^^^^^^^^^^^ body-not-allowed
//   note: built by util::json at src/util.rs:26
}
