//! A warp service for bookmarks.

mod error;
mod handlers;
mod util;

use warp::Filter;

#[tokio::main]
async fn main() {
    let api = handlers::routes().recover(error::handle_rejection);
    warp::serve(api).run(([127, 0, 0, 1], 3030)).await;
}
