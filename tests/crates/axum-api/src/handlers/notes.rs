//! `/notes`: created with a status written in the handler's return type.

use axum::{extract::Path, Json};
use serde_json::{json, Value};

use crate::util::JsonStatus;

/// `POST /notes`: the new note lives at `/notes/{id}`, but no `Location` says so.
pub async fn create(Json(body): Json<Value>) -> Result<JsonStatus<201, Value>, String> {
//                                                                ^^^ missing-created-location
//   note: built by JsonStatus::into_response at src/util.rs:104
    if body.is_null() {
        return Err("empty note".to_string());
    }
    Ok(JsonStatus(json!({ "id": 7 })))
}

/// `PUT /notes/{id}`: creates the note when it is new. A 201 to a `PUT` created the target URI
/// itself (RFC 9110 §15.3.2), so it needs no `Location`.
pub async fn put(Path(id): Path<u64>, Json(body): Json<Value>) -> axum::response::Response {
    use axum::{http::StatusCode, response::IntoResponse};
    if body.is_null() {
        // ok(missing-created-location): a PUT names the resource it creates
        return (StatusCode::CREATED, Json(json!({ "id": id }))).into_response();
    }
    // ok(missing-created-location, body-not-allowed): the status in the type is a 200
    JsonStatus::<200, Value>(json!({ "id": id, "body": body })).into_response()
}

pub async fn show(Path(id): Path<u64>) -> Json<Value> {
    Json(json!({ "id": id }))
}
