//! warp: `with_status(reply, status)` and `with_header(reply, name, value)`, nested in any order.

use tree_sitter::Node;

use super::syntax::*;
use super::{Cx, Flavor, Resp, Val};
use crate::model::{HeaderInsert, HeaderStyle};

pub(super) fn path_call(
    cx: &Cx<'_, '_>,
    node: Node<'_>,
    segments: &[&str],
    depth: u32,
) -> Option<Val> {
    let args = call_args(node);
    let last = *segments.last()?;
    // A bare `with_status(..)` must come from warp (imported); a user's own function of that name
    // with other arities is not matched.
    let mut resp = match (last, args.len()) {
        ("with_status", 2) => {
            let st = cx.status_arg(args[1], depth)?;
            let mut resp = reply(cx, args[0], depth);
            resp.status = Some(st);
            resp
        }
        ("with_header", 3) => {
            let mut resp = reply(cx, args[0], depth);
            resp.add_header(cx.header_name(args[1]), span(node));
            resp
        }
        _ => return None,
    };
    resp.header_insert = Some(HeaderInsert {
        at: node.start_byte(),
        style: HeaderStyle::WarpWrap {
            end: node.end_byte(),
        },
    });
    Some(Val::Resp(Box::new(resp)))
}

/// The reply being wrapped: another wrapper, or a body (`warp::reply::json(&x)`, `warp::reply()`).
fn reply(cx: &Cx<'_, '_>, node: Node<'_>, depth: u32) -> Resp {
    if let Val::Resp(resp) = cx.eval(node, depth + 1) {
        return *resp;
    }
    cx.body_resp(node, Flavor::Warp, "warp::reply()", depth)
}
