//! The shop's API service: handlers here, the error type and header helpers in the workspace's
//! other crates (`crates/errors`, `crates/headers`, `crates/session`).

mod error;
mod handlers;
mod replies;
mod util;

pub use replies::refuse;

use actix_web::{web, App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| {
        App::new()
            .route("/orders", web::get().to(handlers::orders::list))
            .route("/orders/{id}", web::get().to(handlers::orders::show))
            .route("/session", web::get().to(handlers::session::status))
            .route("/carts/{id}", web::get().to(handlers::carts::show))
    })
    .bind(("0.0.0.0", 8080))?
    .run()
    .await
}
