//! Response helpers shared by the handlers.

use axum::{
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde_json::{json, Value};

/// An error response with a JSON body: `{"error": msg}`.
pub fn json_error(status: StatusCode, msg: &str) -> Response {
    (status, Json(json!({ "error": msg }))).into_response()
}

/// Any JSON body with a status.
pub fn reply(status: StatusCode, body: Value) -> Response {
    (status, Json(body)).into_response()
}

/// A short message: `{"message": text}`.
pub fn message(status: StatusCode, text: &str) -> Response {
    (status, Json(json!({ "message": text }))).into_response()
}

/// The 401 every handler sends when a credential is missing: the status is written here.
pub fn unauthorized(msg: &str) -> Response {
    json_error(StatusCode::UNAUTHORIZED, msg)
//                         ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by json_error at src/util.rs:12
}

/// Like `json_error`, but a 401 gets the challenge.
pub fn error_response(status: StatusCode, msg: &str) -> Response {
    if status == StatusCode::UNAUTHORIZED {
        return (
            status,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            Json(json!({ "error": msg })),
        )
            .into_response();
    }
    (status, Json(json!({ "error": msg }))).into_response()
}

/// For the auth endpoints: every answer carries the challenge.
pub fn auth_error(status: StatusCode, msg: &str) -> Response {
    (
        status,
        [(header::WWW_AUTHENTICATE, r#"Bearer realm="api""#)],
        Json(json!({ "error": msg })),
    )
        .into_response()
}

/// An error with the headers the caller chose.
pub fn with_headers(status: StatusCode, headers: HeaderMap, msg: &str) -> Response {
    (status, headers, Json(json!({ "error": msg }))).into_response()
}

/// Passes an upstream status on: the status is whatever the caller got.
pub fn forward_error(status: StatusCode) -> Response {
    // ok(missing-www-authenticate): the status is this helper's own parameter
    json_error(status, "upstream error")
}

/// Bodies that can be sent as an error.
pub trait ErrorBody {
    fn respond(self, status: StatusCode) -> Response;
}

impl ErrorBody for String {
    fn respond(self, status: StatusCode) -> Response {
        (status, self).into_response()
    }
}

impl ErrorBody for Value {
    fn respond(self, status: StatusCode) -> Response {
        (status, [(header::WWW_AUTHENTICATE, "Bearer")], Json(self)).into_response()
    }
}

/// Refuses with whatever body the caller has.
pub fn deny<B: ErrorBody>(body: B) -> Response {
    // ok(missing-www-authenticate): `respond` has two impls, one with the challenge
    body.respond(StatusCode::UNAUTHORIZED)
}

macro_rules! error_helper {
    ($name:ident) => {
        pub fn $name(status: StatusCode, msg: &str) -> Response {
            (status, Json(json!({ "error": msg }))).into_response()
        }
    };
}

error_helper!(plain_error);

/// JSON with the status given as the type's const argument: `JsonStatus<201, Note>`.
pub struct JsonStatus<const STATUS: u16, T>(pub T);

impl<const STATUS: u16, T: serde::Serialize> IntoResponse for JsonStatus<STATUS, T> {
    fn into_response(self) -> Response {
        (StatusCode::from_u16(STATUS).unwrap(), Json(self.0)).into_response()
    }
}
