//! A salvo service for orders. Handlers write into the `&mut Response` they are given, often
//! through the helpers in `helpers.rs`.

mod error;
mod handlers;
mod helpers;

use salvo::prelude::*;

#[tokio::main]
async fn main() {
    let router = Router::new()
        .push(Router::with_path("orders").get(handlers::orders::list))
        .push(Router::with_path("orders/{id}").delete(handlers::orders::remove))
        .push(Router::with_path("checkout").post(handlers::checkout::pay))
        .push(Router::with_path("checkout/receipt").get(handlers::checkout::receipt));
    let acceptor = TcpListener::new("0.0.0.0:5800").bind().await;
    Server::new(acceptor).serve(router).await;
}
