//! The filters.

pub mod bookmarks;

use warp::{Filter, Rejection, Reply};

pub fn routes() -> impl Filter<Extract = (impl Reply,), Error = Rejection> + Clone {
    let list = warp::path!("bookmarks")
        .and(warp::get())
        .and(warp::header::optional::<String>("authorization"))
        .and_then(bookmarks::list);
    let remove = warp::path!("bookmarks" / u64)
        .and(warp::delete())
        .and_then(bookmarks::remove);
    let export = warp::path!("bookmarks" / "export")
        .and(warp::header::optional::<String>("authorization"))
        .and_then(bookmarks::export);
    list.or(remove).or(export)
}
