//! A small image registry on axum. Its one error enum answers every failure; some of its variants
//! are only ever sent through `util.rs`, which adds the header their status needs after the
//! enum's conversion has built the response.

mod error;
mod handlers;
mod util;

use axum::{
    routing::{get, put},
    Router,
};

#[tokio::main]
async fn main() {
    let app = Router::new()
        .route("/v2/", get(handlers::base))
        .route("/v2/{name}/manifests/{tag}", get(handlers::manifest).put(handlers::push))
        .route("/v2/{name}/blobs/{digest}", get(handlers::blob))
        .route("/v2/{name}/tags", get(handlers::tags));
    let listener = tokio::net::TcpListener::bind("0.0.0.0:5000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
