//! warp replies with the mistakes statuslint fixes, one fix shape each.

use std::convert::Infallible;

use warp::http::{header, StatusCode};
use warp::Reply;

/// A 204 with a JSON body: the body becomes the empty reply.
pub async fn delete_item() -> Result<impl Reply, Infallible> {
    Ok(warp::reply::with_status(
        warp::reply::json(&"deleted"),
        StatusCode::NO_CONTENT,
    ))
}

/// A challenge: the reply is wrapped in `with_header`, laid out as rustfmt does.
pub async fn login() -> Result<impl Reply, Infallible> {
    Ok(warp::reply::with_status(
        "log in first",
        StatusCode::UNAUTHORIZED,
    ))
}

/// A redirect without `Location`, bound by `let`.
pub async fn moved() -> impl Reply {
    let reply = warp::reply::with_status(warp::reply(), StatusCode::FOUND);
    reply
}

/// A header set already (the `header` import is used before the fixes too).
pub async fn plain() -> impl Reply {
    warp::reply::with_header("hi", header::CONTENT_TYPE, "text/plain")
}
