//! The router: method and path to a handler.

pub mod items;
pub mod session;

use std::convert::Infallible;

use http::{Method, Request};
use hyper::body::Incoming;

use crate::util::Resp;

pub async fn route(req: Request<Incoming>) -> Result<Resp, Infallible> {
    let res = match (req.method(), req.uri().path()) {
        (&Method::GET, "/session") => session::current(&req),
        (&Method::DELETE, "/session") => session::end(&req),
        (&Method::GET, "/items") => items::list(&req),
        (&Method::DELETE, p) if p.starts_with("/items/") => items::remove(p),
        (_, "/items") => super::util::read_only(),
        _ => super::error::Error::NotFound.into_response(),
    };
    Ok(res)
}
