//! `/orders`: a paginated listing and one order.

use actix_web::{http::StatusCode, web, HttpRequest, HttpResponse};
use hdr::{Challenge, Cursor, Trace};
use shop_errors::ShopError;

use crate::util;

pub async fn list(req: HttpRequest) -> HttpResponse {
    let next = req.headers().get("x-cursor").map(|_| Cursor { id: 20 });
    if let Some(cursor) = next {
        // The cursor's pair is `x-next-cursor` (its method, in another crate), not `Content-Range`.
        return HttpResponse::PartialContent()
//                           ^^^^^^^^^^^^^^ missing-content-range
            .insert_header(cursor.into_header_pair())
            .json(vec![1, 2, 3]);
    }
    if req.headers().contains_key("x-total") {
        return HttpResponse::PartialContent()
//                           ^^^^^^^^^^^^^^ missing-content-range
            .insert_header(util::total_pair(40))
            .json(vec![1, 2, 3]);
    }
    if req.headers().contains_key("x-trace") {
        // ok(missing-content-range): `pair()` is a method of two types; which one is unknown
        let trace = current_trace(&req);
        return HttpResponse::PartialContent()
            .insert_header(trace.pair())
            .json(vec![1, 2, 3]);
    }
    if req.headers().contains_key("x-range") {
        // ok(missing-content-range): the pair's name is the caller's argument
        let cursor = Cursor { id: 1 };
        return HttpResponse::PartialContent()
            .insert_header(cursor.header_for(range_header()))
            .json(vec![1, 2, 3]);
    }
    HttpResponse::Ok().json(vec![1, 2, 3])
}

pub async fn show(req: HttpRequest, id: web::Path<u64>) -> Result<HttpResponse, ShopError> {
    if req.headers().get("authorization").is_none() {
        // The status is the argument; `ShopError`'s response is built in `crates/errors`.
        return Err(ShopError::new("log in first", StatusCode::UNAUTHORIZED));
//                                                            ^^^^^^^^^^^^ missing-www-authenticate
//   note: built by ShopError::error_response at crates/errors/lib.rs:34
    }
    if req.headers().get("x-api-key").is_some() {
        // ok(missing-www-authenticate): the challenge comes from a helper of another crate
        return Ok(HttpResponse::Unauthorized()
            .insert_header(Challenge.as_pair())
            .finish());
    }
    Ok(HttpResponse::Ok().json(*id))
}

fn current_trace(_req: &HttpRequest) -> Trace {
    Trace(String::new())
}

fn range_header() -> actix_web::http::header::HeaderName {
    actix_web::http::header::CONTENT_RANGE
}
