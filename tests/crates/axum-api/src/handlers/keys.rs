//! `/keys`: handlers that leave the credential checks to helpers in `util.rs`.

use axum::{
    http::{HeaderMap, StatusCode},
    Json,
};
use serde_json::{json, Value};

use crate::util::{require_key, require_scope};

pub async fn list(headers: HeaderMap) -> Result<Json<Value>, StatusCode> {
    let key = require_key(&headers)?;
    Ok(Json(json!({ "key": key })))
}

pub async fn scopes(headers: HeaderMap) -> Result<Json<Value>, StatusCode> {
    let scope = require_scope(&headers).map_err(|_| StatusCode::FORBIDDEN)?;
    Ok(Json(json!({ "scope": scope })))
}
