//! Building responses.

use bytes::Bytes;
use http::{header, Response, StatusCode};
use http_body_util::Full;
use serde_json::Value;

pub type Resp = Response<Full<Bytes>>;

/// A response builder with the status set; callers add headers and the body.
pub fn base(status: StatusCode) -> http::response::Builder {
    Response::builder().status(status)
}

/// A plain-text answer.
pub fn text(status: StatusCode, msg: &str) -> Resp {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(Full::new(Bytes::from(msg.to_owned())))
        .unwrap()
}

/// A JSON answer.
pub fn json(status: StatusCode, body: Value) -> Resp {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Full::new(Bytes::from(body.to_string())))
        .unwrap()
}

/// Method not allowed, for every resource that only reads.
pub fn read_only() -> Resp {
    text(StatusCode::METHOD_NOT_ALLOWED, "read-only resource")
//                   ^^^^^^^^^^^^^^^^^^ missing-allow
//   note: built by text at src/util.rs:17
}

/// An answer with the headers the caller gives.
pub fn with_headers(status: StatusCode, headers: http::HeaderMap, msg: &str) -> Resp {
    let mut res = text(status, msg);
    res.headers_mut().extend(headers);
    res
}
