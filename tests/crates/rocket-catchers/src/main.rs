//! The same Rocket 0.5 service with its own 401 and 404 catchers: a guard's or a route's error
//! status is answered by the catcher registered for it.

#[macro_use]
extern crate rocket;

mod catchers;
mod error;
mod guards;
mod handlers;
mod util;

#[launch]
fn rocket() -> _ {
    rocket::build()
        .mount(
            "/",
            routes![
                handlers::items::list,
                handlers::items::show,
                handlers::items::remove,
                handlers::session::current,
            ],
        )
        .register("/", catchers![catchers::unauthorized, catchers::not_found])
}
