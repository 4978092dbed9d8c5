//! A small axum service: tokens, items and sessions. The handlers decide on a status and leave the
//! response to the helpers in `util.rs` and the error types in `error.rs`.

mod compat;
mod error;
mod handlers;
mod util;

use axum::{
    routing::{delete, get, post},
    Router,
};

#[derive(Clone, Default)]
pub struct AppState {
    pub client: reqwest::Client,
}

#[tokio::main]
async fn main() {
    let app = Router::new()
        .route("/metrics", get(handlers::metrics))
        .route("/tokens", post(handlers::tokens::issue))
        .route("/tokens/refresh", post(handlers::tokens::refresh))
        .route("/items/{id}", get(handlers::items::show).delete(handlers::items::remove))
        .route("/items/{id}/archive", post(handlers::items::archive))
        .route("/session", get(handlers::session::current).delete(handlers::session::end))
        .route("/notes", post(handlers::notes::create))
        .route("/notes/{id}", get(handlers::notes::show).put(handlers::notes::put))
        .route("/login", post(handlers::auth::login))
        .route("/me", get(handlers::auth::me))
        .route("/admin/upstream", get(handlers::admin::upstream))
        .route("/admin/users/{id}", delete(handlers::admin::remove_user))
        .with_state(AppState::default());
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
