//! poem: `body.with_status(status)` on any `IntoResponse` value (headers via `.with_header`); its
//! `Response::builder()` is the `http` builder's shape.

use tree_sitter::Node;

use super::{Cx, Flavor, Resp};

/// `"text".with_status(StatusCode::X)`: the receiver is the body.
pub(super) fn with_status_on_body(cx: &Cx<'_, '_>, receiver: Node<'_>, depth: u32) -> Resp {
    cx.body_resp(receiver, Flavor::Poem, "()", depth)
}
