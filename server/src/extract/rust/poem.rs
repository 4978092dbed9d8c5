//! poem: `body.with_status(status)` on any `IntoResponse` value (headers via `.with_header`); its
//! `Response::builder()` is the `http` builder's shape.

use tree_sitter::Node;

use super::syntax::*;
use super::{edit, Cx, Flavor, Resp};
use crate::model::Body;

/// `"text".with_status(StatusCode::X)`: the receiver is the body.
pub(super) fn with_status_on_body(cx: &Cx<'_, '_>, receiver: Node<'_>, depth: u32) -> Resp {
    let info = cx.body_of(receiver, depth + 1);
    let mut resp = Resp::new(Flavor::Poem);
    resp.headers.complete = info.headers_complete;
    if matches!(info.body, Body::Present { .. }) {
        resp.remove_body = Some(vec![edit(span(receiver), "()")]);
    }
    resp.body = info.body;
    resp
}
