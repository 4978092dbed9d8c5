//! A todo service with file attachments.

mod errors;
mod files;
mod todos;

use actix_web::{web, App, HttpResponse, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let store = web::Data::new(todos::Store::default());
    HttpServer::new(move || {
        App::new()
            .app_data(store.clone())
            .service(
                web::resource("/todos")
                    .route(web::get().to(todos::list))
                    .route(web::post().to(todos::create))
                    // Mistake: 405 without `Allow`.
                    .route(web::delete().to(HttpResponse::MethodNotAllowed)),
            )
            .service(
                web::resource("/todos/{id}")
                    .route(web::get().to(todos::read))
                    .route(web::delete().to(todos::delete))
                    .route(web::patch().to(todos::complete)),
            )
            .route("/todos/{id}/files/{name}", web::get().to(files::download))
            .route("/login", web::post().to(todos::login))
            .route("/legacy/todos", web::get().to(todos::legacy))
    })
    .bind(("127.0.0.1", 8080))?
    .run()
    .await
}
