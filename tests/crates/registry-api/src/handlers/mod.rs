//! The registry's routes.

use axum::extract::Path;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};

use crate::error::RegistryError;
use crate::util::{self, Challenge};

pub async fn base(headers: HeaderMap) -> Response {
    if headers.get("authorization").is_none() {
        return Challenge { realm: "https://registry.example".into() }.into_response();
    }
    "{}".into_response()
}

pub async fn manifest(Path((name, tag)): Path<(String, String)>) -> Result<String, RegistryError> {
    if name.is_empty() {
        // The same variant `util::challenge_denied` challenges, sent here without it.
        return Err(RegistryError::Denied);
    }
    Err(RegistryError::NotFound(format!("{name}:{tag}")))
}

pub async fn push(headers: HeaderMap) -> Response {
    if headers.get("authorization").is_none() {
        return util::challenge_denied("https://registry.example");
    }
    util::read_only("https://registry.example")
}

pub async fn blob(headers: HeaderMap) -> Response {
    util::token_required(headers.get("x-strict").is_some())
}

pub async fn tags() -> Result<String, RegistryError> {
    Err(RegistryError::NotFound("tags".into()))
}
