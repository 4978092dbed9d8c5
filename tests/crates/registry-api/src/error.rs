//! The registry's errors, sent as `{"errors":[{"code":..}]}` with the status of their variant.

use axum::{
    body::Body,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};

#[derive(Debug)]
pub enum RegistryError {
    /// No credentials: only ever sent by `util::challenge`, which adds the challenge.
    Unauthorized,
    /// Bad credentials: `util::challenge_denied` adds the challenge, but a handler also sends it bare.
    Denied,
    /// Never built anywhere the package shows.
    Expired,
    /// Pushing to a mirror: `util::read_only` adds a challenge, which is not what a 405 needs.
    ReadOnly,
    /// Only sent where the challenge is added when a flag says so.
    TokenRequired,
    NotFound(String),
}

impl RegistryError {
    fn code(&self) -> &'static str {
        match self {
            RegistryError::Unauthorized | RegistryError::Denied => "UNAUTHORIZED",
            RegistryError::Expired | RegistryError::TokenRequired => "UNAUTHORIZED",
            RegistryError::ReadOnly => "UNSUPPORTED",
            RegistryError::NotFound(_) => "NAME_UNKNOWN",
        }
    }
}

impl IntoResponse for RegistryError {
    fn into_response(self) -> Response {
        let body = format!("{{\"errors\":[{{\"code\":\"{}\"}}]}}", self.code());
        let status = match self {
            // ok(missing-www-authenticate): every use converts it and adds the challenge right after
            RegistryError::Unauthorized => StatusCode::UNAUTHORIZED,

            RegistryError::Denied => StatusCode::UNAUTHORIZED,
//                                               ^^^^^^^^^^^^ missing-www-authenticate
            RegistryError::Expired => StatusCode::UNAUTHORIZED,
//                                                ^^^^^^^^^^^^ missing-www-authenticate
            RegistryError::ReadOnly => StatusCode::METHOD_NOT_ALLOWED,
//                                                 ^^^^^^^^^^^^^^^^^^ missing-allow
            RegistryError::TokenRequired => StatusCode::UNAUTHORIZED,
//                                                      ^^^^^^^^^^^^ missing-www-authenticate
            RegistryError::NotFound(_) => StatusCode::NOT_FOUND,
        };
        Response::builder()
            .status(status)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .unwrap()
    }
}
