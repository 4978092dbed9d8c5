//! A notes API: list, read, create, update and delete notes, behind a bearer token.

mod auth;
mod error;
mod legacy;
mod notes;
mod session;
mod util;

use std::sync::Arc;

use axum::{
    middleware,
    routing::{get, post},
    Router,
};

#[derive(Clone, Default)]
pub struct AppState {
    pub notes: Arc<notes::Store>,
}

#[tokio::main]
async fn main() {
    let state = AppState::default();
    let api = Router::new()
        .route("/notes", get(notes::list).post(notes::create))
        .route(
            "/notes/{id}",
            get(notes::read).put(notes::update).delete(notes::delete),
        )
        .route("/notes/{id}/copies", post(notes::archive))
        .route("/notes/{id}/copies/{copy}", get(notes::copy))
        .route_layer(middleware::from_fn(auth::require_token));
    let app = Router::new()
        .nest("/api", api)
        .route("/login", post(auth::login))
        .route("/session", get(session::current))
        .route("/old-notes/{id}", get(legacy::old_note))
        .route("/v1/{*rest}", get(legacy::v1))
        .route("/download/{id}", get(legacy::download))
        .route(
            "/export",
            get(legacy::export).post(legacy::export_wrong_method),
        )
        .fallback(legacy::not_found)
        .with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000")
        .await
        .unwrap();
    axum::serve(listener, app).await.unwrap();
}
