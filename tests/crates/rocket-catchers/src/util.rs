//! Responders shared by the routes.

use rocket::http::Status;
use rocket::response::status;
use rocket::serde::json::{json, Json, Value};

pub type JsonResponse = status::Custom<Json<Value>>;

pub fn json_error(status: Status, msg: &str) -> JsonResponse {
    status::Custom(status, Json(json!({ "error": msg })))
}

pub fn reply(status: Status, body: Value) -> JsonResponse {
    status::Custom(status, Json(body))
}

/// The refusal for a route that needs a session: the status is written here.
pub fn login_required() -> JsonResponse {
    json_error(Status::Unauthorized, "log in first")
//                     ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by json_error at src/util.rs:10
}
