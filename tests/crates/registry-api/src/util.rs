//! Responses that need more than the error's conversion gives: the challenge on a 401.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

use crate::error::RegistryError;

/// The challenge a client answers by fetching a token.
pub struct Challenge {
    pub realm: String,
}

// ok(missing-www-authenticate): the challenge is inserted right after the conversion
impl IntoResponse for Challenge {
    fn into_response(self) -> Response {
        let mut response = RegistryError::Unauthorized.into_response();
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_str(&format!("Bearer realm=\"{}/token\"", self.realm)).unwrap(),
        );
        response
    }
}

// ok(missing-www-authenticate): the challenge follows the conversion here too
pub fn challenge_denied(realm: &str) -> Response {
    let mut response = RegistryError::Denied.into_response();
    response.headers_mut().insert(
        "WWW-Authenticate",
        HeaderValue::from_str(&format!("Bearer realm=\"{realm}/token\",error=\"invalid_token\"")).unwrap(),
    );
    response
}

// A challenge is not what a 405 lacks: the error's arm keeps its `missing-allow`.
pub fn read_only(realm: &str) -> Response {
    let mut response = RegistryError::ReadOnly.into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_str(&format!("Bearer realm=\"{realm}/token\"")).unwrap(),
    );
    response
}

// Only when `strict` is set: this use does not always add the challenge.
pub fn token_required(strict: bool) -> Response {
    let mut response = RegistryError::TokenRequired.into_response();
    if strict {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    response
}
