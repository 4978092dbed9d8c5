//! salvo: handlers write to `res: &mut Response` with statements: `res.status_code(S);`,
//! `res.add_header(k, v, true)`, `res.render(body)`; and `StatusError::unauthorized()`, returned as
//! an error or rendered with `res.render(..)`.

use crate::extract::Field;
use tree_sitter::Node;

use super::syntax::*;
use super::{edit, Cx, Flavor, MapOp, Resp, St, Val};
use crate::model::{Body, HeaderInsert, HeaderStyle, Span, StatusForm};
use crate::status;

/// `StatusError::unauthorized()`: an error response with salvo's error page as its body.
pub(super) fn path_call(node: Node<'_>, segments: &[&str]) -> Option<Val> {
    let [.., "StatusError", name] = segments else {
        return None;
    };
    if !call_args(node).is_empty() || !name.chars().next().is_some_and(char::is_lowercase) {
        return None;
    }
    let function = node.field("function")?;
    let mut resp = Resp::new(Flavor::Salvo);
    resp.error_value = true;
    resp.status = Some(St {
        symbol: None,
        code: status::code_from_name(name)?,
        span: span(function.field("name")?),
        form: StatusForm::Helper,
        style: None,
    });
    Some(Val::Resp(Box::new(resp)))
}

/// Finds `res.status_code(S)` calls on a `&mut Response` parameter and what else the function does
/// to `res`.
pub(super) fn function(cx: &mut Cx<'_, '_>, f: Node<'_>) {
    let Some(name) = response_param(cx, f) else {
        return;
    };
    let uses: Vec<Node<'_>> = cx
        .scope
        .idents
        .get(name.as_str())
        .cloned()
        .unwrap_or_default();
    let mut headers = crate::model::Headers::empty();
    let mut found = Vec::new();
    let mut rendered = Vec::new();
    let mut helpers = Vec::new();
    for use_site in &uses {
        // `helper(res, StatusCode::X, ..)`: what the crate's helper writes to it.
        let parent = cx.up(*use_site);
        let handed = parent
            .filter(|p| p.kind_str() == "arguments")
            .and_then(|args| {
                let position = named_children(args)
                    .iter()
                    .position(|a| a.id() == use_site.id())?;
                let call = cx.up(args)?;
                Some((call, cx.written_by_call(call, position)?))
            });
        if let Some((call, resps)) = handed {
            helpers.extend(resps.into_iter().map(|r| (r, call)));
            continue;
        }
        let call = parent
            .filter(|p| p.kind_str() == "field_expression")
            .and_then(|p| cx.up(p))
            .filter(|c| c.kind_str() == "call_expression");
        let Some(call) = call else {
            headers.complete = false;
            continue;
        };
        let Some((_, method)) = method_call(call, cx.src) else {
            headers.complete = false;
            continue;
        };
        let args = call_args(call);
        match method {
            "status_code" => found.push(call),
            "add_header" | "append_header" if args.len() >= 2 => {
                headers.add(cx.header_name(args[0]), span(call))
            }
            "headers_mut" => match cx.headers_mut_op(call) {
                Some(MapOp::Add(names)) => {
                    for (name, at) in names {
                        headers.add(name, at);
                    }
                }
                // Unlike a response variable, a read of `res`'s map is not treated as harmless here.
                _ => headers.complete = false,
            },
            "render" => rendered.extend(args.first().copied()),
            "write_body" | "body" | "status" | "headers" | "stuff" => {}
            _ => headers.complete = false,
        }
    }
    // `res.render(StatusError::unauthorized())` sets the status and the error page.
    for (mut resp, call) in helpers {
        resp.headers.known.extend(headers.known.iter().cloned());
        resp.headers.complete &= headers.complete;
        cx.push(resp, span(call));
    }
    for arg in rendered {
        for (val, arm) in cx.eval_each(arg) {
            let Val::Resp(mut resp) = val else {
                continue;
            };
            if resp.flavor != Flavor::Salvo || resp.status.is_none() {
                continue;
            }
            resp.headers = headers.clone();
            if let Some(arm) = arm {
                resp.keep_fixes_within(arm);
            }
            cx.push(*resp, span(arg));
        }
    }
    for call in found {
        let Some(arg) = call_args(call).into_iter().next() else {
            continue;
        };
        let statuses: Vec<(St, Option<Span>)> = match cx.number(arg) {
            Some(st) => vec![(st, None)],
            None => cx
                .eval_each(arg)
                .into_iter()
                .filter_map(|(val, arm)| match val {
                    Val::Status(st) => Some((st, arm)),
                    _ => None,
                })
                .collect(),
        };
        for (st, arm) in statuses {
            let mut resp = Resp::new(Flavor::Value);
            resp.status = Some(st);
            resp.headers = headers.clone();
            let (body, removal) = body_after(cx, call, &name);
            resp.body = body;
            resp.remove_body = removal;
            if let Some(stmt) = super::call_statement(call) {
                resp.header_insert = Some(HeaderInsert {
                    at: stmt.end_byte(),
                    style: HeaderStyle::SalvoAddHeader {
                        receiver: name.clone(),
                        indent: indent_at(cx.src, stmt.start_byte()),
                    },
                });
            }
            if let Some(arm) = arm {
                resp.keep_fixes_within(arm);
            }
            cx.push(resp, span(call));
        }
    }
}

/// The position of the `&mut Response` parameter (`self` not counted).
pub(super) fn response_param_index(cx: &Cx<'_, '_>, f: Node<'_>) -> Option<usize> {
    let name = response_param(cx, f)?;
    let params = f.field("parameters")?;
    named_children(params)
        .into_iter()
        .filter(|p| p.kind_str() == "parameter")
        .position(|p| p.field("pattern").is_some_and(|pat| cx.text(pat) == name))
}

/// The name of a `&mut Response` parameter.
fn response_param(cx: &Cx<'_, '_>, f: Node<'_>) -> Option<String> {
    let params = f.field("parameters")?;
    // Most functions take no response: the parameters' text says so without listing them.
    if !cx.text(params).contains("Response") {
        return None;
    }
    named_children(params).into_iter().find_map(|p| {
        if p.kind_str() != "parameter" {
            return None;
        }
        let ty = cx.text(p.field("type")?);
        let pattern = p.field("pattern")?;
        (ty.starts_with("&mut")
            && ty.trim_end().ends_with("Response")
            && pattern.kind_str() == "identifier")
            .then(|| cx.text(pattern).to_string())
    })
}

/// The body rendered after `status_call`: chained (`res.status_code(S).render(b)`) or the next
/// `res.render(b);` statement in the same block (stopping at a `return`).
fn body_after(
    cx: &Cx<'_, '_>,
    status_call: Node<'_>,
    name: &str,
) -> (Body, Option<Vec<crate::model::Edit>>) {
    // Chained.
    if let Some(outer) = cx
        .up(status_call)
        .filter(|p| p.kind_str() == "field_expression")
        .and_then(|p| cx.up(p))
    {
        if let Some((_, "render")) = method_call(outer, cx.src) {
            let Some(arg) = call_args(outer).into_iter().next() else {
                return (Body::Unknown, None);
            };
            let info = cx.body_of(arg, 0);
            let removal = matches!(info.body, Body::Present { .. }).then(|| {
                vec![edit(
                    Span::new(status_call.end_byte(), outer.end_byte()),
                    "",
                )]
            });
            return (info.body, removal);
        }
    }
    let Some(stmt) = super::call_statement(status_call) else {
        return (Body::Unknown, None);
    };
    let mut next = stmt.next_named_sibling();
    for _ in 0..64 {
        let Some(s) = next else { break };
        let expr = if s.kind_str() == "expression_statement" {
            s.named_child(0)
        } else {
            None
        };
        let Some(expr) = expr else { break };
        if expr.kind_str() == "return_expression" {
            break;
        }
        if let Some((receiver, method)) = method_call(expr, cx.src) {
            if receiver.kind_str() == "identifier"
                && cx.text(receiver) == name
                && matches!(method, "render" | "write_body")
            {
                let Some(arg) = call_args(expr).into_iter().next() else {
                    return (Body::Unknown, None);
                };
                let info = cx.body_of(arg, 0);
                // Remove the whole statement line.
                let line_start = cx.src[..s.start_byte()].rfind('\n').map_or(0, |i| i + 1);
                let removal = matches!(info.body, Body::Present { .. }).then(|| {
                    vec![edit(
                        Span::new(
                            line_start,
                            s.end_byte() + usize::from(cx.src[s.end_byte()..].starts_with('\n')),
                        ),
                        "",
                    )]
                });
                return (info.body, removal);
            }
        }
        next = s.next_named_sibling();
    }
    (Body::Unknown, None)
}
