//! The service's catchers.

use rocket::serde::json::{json, Json, Value};
use rocket::Request;

// The catcher itself is checked as a response: it sends no challenge.
#[catch(401)]
//      ^^^ missing-www-authenticate
pub fn unauthorized(req: &Request) -> Json<Value> {
    Json(json!({ "error": "unauthorized", "path": req.uri().path().to_string() }))
}

#[catch(404)]
pub fn not_found() -> Json<Value> {
    Json(json!({ "error": "not found" }))
}
