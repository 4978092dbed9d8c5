//! An actix-web service for notes. Handlers return `HttpResponse` through the helpers in
//! `util.rs`, or `Result<_, ApiError>` with the error in `error.rs`.

mod error;
mod handlers;
mod util;
mod v1;

use actix_web::{web, App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| {
        App::new()
            .service(handlers::notes::list)
            .service(handlers::notes::remove)
            .service(handlers::notes::pin)
            .service(handlers::keys::list)
            .service(handlers::login::login)
            .service(handlers::login::logout)
            .service(handlers::login::whoami)
            .route("/health", web::get().to(handlers::health))
    })
    .bind(("127.0.0.1", 8080))?
    .run()
    .await
}
