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

// ok(missing-created-location, body-not-allowed): the status in the type is a 200
pub async fn put(Path(id): Path<u64>, Json(body): Json<Value>) -> JsonStatus<200, Value> {
    JsonStatus(json!({ "id": id, "body": body }))
}

pub async fn show(Path(id): Path<u64>) -> Json<Value> {
    Json(json!({ "id": id }))
}
