//! `/session`.

use bytes::Bytes;
use http::{header, HeaderMap, HeaderValue, Request, StatusCode};
use http_body_util::Full;
use hyper::body::Incoming;

use crate::util::{base, text as plain, with_headers, Resp};

pub fn current(req: &Request<Incoming>) -> Resp {
    if req.headers().get(header::COOKIE).is_none() {
        return base(StatusCode::UNAUTHORIZED)
//                              ^^^^^^^^^^^^ missing-www-authenticate
            .body(Full::new(Bytes::from_static(b"no session")))
            .unwrap();
    }
    if req.headers().get(header::AUTHORIZATION).is_none() {
        // ok(missing-www-authenticate): the caller adds the challenge to the builder
        return base(StatusCode::UNAUTHORIZED)
            .header(header::WWW_AUTHENTICATE, "Bearer")
            .body(Full::new(Bytes::from_static(b"token required")))
            .unwrap();
    }
    plain(StatusCode::OK, "ada")
}

pub fn end(req: &Request<Incoming>) -> Resp {
    if req.headers().get(header::COOKIE).is_none() {
        return plain(StatusCode::UNAUTHORIZED, "no session");
//                               ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by util::text at src/util.rs:17
    }
    if req.headers().get("x-legacy").is_some() {
        let mut headers = HeaderMap::new();
        headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Basic"));
        // ok(missing-www-authenticate): the headers are the caller's
        return with_headers(StatusCode::UNAUTHORIZED, headers, "log in again");
    }
    base(StatusCode::NO_CONTENT).body(Full::default()).unwrap()
}
