//! `/orders`.

use salvo::http::StatusCode;
use salvo::prelude::*;
use serde_json::json;

use crate::helpers::{self, json_error};

#[handler]
pub async fn list(req: &mut Request, res: &mut Response) {
    if req.header::<String>("authorization").is_none() {
        json_error(res, StatusCode::UNAUTHORIZED, "log in to see orders");
//                                  ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by helpers::json_error at src/helpers.rs:8
        return;
    }
    if req.header::<String>("x-legacy-auth").is_some() {
        // ok(missing-www-authenticate): `challenge` adds the header itself
        helpers::challenge(res, StatusCode::UNAUTHORIZED, "log in again");
        return;
    }
    helpers::reply(res, StatusCode::OK, json!([]));
}

#[handler]
pub async fn remove(req: &mut Request, res: &mut Response) {
    let id = req.param::<u64>("id").unwrap_or_default();
    if id == 0 {
        // ok(body-not-allowed): a 404 may have a body
        helpers::reply(res, StatusCode::NOT_FOUND, json!({ "error": "no such order" }));
        return;
    }

    helpers::reply(res, StatusCode::NO_CONTENT, json!({ "deleted": id }));
//                                              ^^^^^^^^^^^^^^^^^^^^^^^^ body-not-allowed
//   note: built by helpers::reply at src/helpers.rs:13
}
