//! A Rocket 0.5 service with an API-key guard and no catchers of its own: Rocket's default
//! catcher answers every error status a guard or a route returns.

#[macro_use]
extern crate rocket;

mod error;
mod guards;
mod handlers;
mod util;

#[launch]
fn rocket() -> _ {
    rocket::build().mount(
        "/",
        routes![
            handlers::items::list,
            handlers::items::show,
            handlers::items::remove,
            handlers::session::current,
        ],
    )
}
