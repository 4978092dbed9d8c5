//! Errors of the router, each mapped to its answer.

use std::fmt;

use http::StatusCode;

use crate::util::{self, Resp};

#[derive(Debug)]
pub enum Error {
    NotFound,
    BadJson(serde_json::Error),
    Upstream(StatusCode),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotFound => f.write_str("not found"),
            Error::BadJson(e) => write!(f, "bad JSON: {e}"),
            Error::Upstream(s) => write!(f, "upstream answered {s}"),
        }
    }
}

impl Error {
    pub fn into_response(self) -> Resp {
        match self {
            Error::NotFound => util::text(StatusCode::NOT_FOUND, "not found"),
            Error::BadJson(e) => util::text(StatusCode::BAD_REQUEST, &e.to_string()),
            // ok(missing-www-authenticate): the upstream's status is not known here
            Error::Upstream(status) => util::text(status, "upstream error"),
        }
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::BadJson(e)
    }
}
