//! A poem service for uploads.

mod error;
mod handlers;
mod util;

use poem::{delete, get, listener::TcpListener, post, Route, Server};

#[tokio::main]
async fn main() -> Result<(), std::io::Error> {
    let app = Route::new()
        .at("/uploads", get(handlers::uploads::list).post(handlers::uploads::create))
        .at("/uploads/:id", delete(handlers::uploads::remove))
        .at("/login", post(handlers::login::login))
        .at("/logout", post(handlers::login::logout));
    Server::new(TcpListener::bind("0.0.0.0:3000")).run(app).await
}
