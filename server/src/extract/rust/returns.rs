//! What a function returns, and which of those values are responses.

use super::*;
use crate::extract::Field;

impl<'s, 't> Cx<'s, 't> {
    /// Finds what a function or closure returns and records the responses among it.
    pub(super) fn function(&mut self, index: usize, file: &Registrations) {
        let site = self.sites[index];
        let f = site.node;
        let Some(body) = f.field("body") else {
            return;
        };
        let k = kinds();
        self.scope = Scope::default();
        (self.scope.nodes, self.scope.parents) = descendants_with_parents(body, true);
        let first_response = self.facts.responses.len();
        // Returned expressions, each with whether it is reached through an `Ok(..)`.
        let mut returned: Vec<(Node<'t>, bool)> = Vec::new();
        match body.kind_str() {
            "block" => returned.extend(block_tail(body).map(|n| (n, false))),
            _ => returned.push((body, false)),
        }
        for node in &self.scope.nodes {
            let kind = node.kind_id();
            if kind == k.identifier {
                let name = text(*node, self.src);
                self.scope.idents.entry(name).or_default().push(*node);
            } else if kind == k.let_declaration {
                if let Some(p) = node.field("pattern") {
                    if p.kind_id() == k.identifier {
                        let name = text(p, self.src);
                        self.scope.lets.entry(name).or_default().push((*node, None));
                    } else if p.kind_str() == "tuple_pattern" {
                        for (i, element) in named_children(p).into_iter().enumerate() {
                            let element = match element.kind_str() {
                                "mut_pattern" => element
                                    .named_child(element.named_child_count().saturating_sub(1)),
                                _ => Some(element),
                            };
                            if let Some(e) = element.filter(|e| e.kind_id() == k.identifier) {
                                let name = text(e, self.src);
                                self.scope
                                    .lets
                                    .entry(name)
                                    .or_default()
                                    .push((*node, Some(i)));
                            }
                        }
                    }
                }
            } else if kind == k.return_expression {
                returned.extend(node.named_child(0).map(|n| (n, false)));
            } else if kind == k.try_expression {
                // `Err(x)?` and `opt.ok_or(x)?` return `x` early; `r.map_err(ErrorUnauthorized)?`
                // returns what the helper makes of the error.
                if let Some(inner) = node.named_child(0) {
                    let inner = strip_parens(inner);
                    let early = path_call_segments(inner, self.src).is_some_and(|s| s == ["Err"])
                        || method_call(inner, self.src).is_some_and(|(_, m)| m == "ok_or");
                    let mapped = method_call(inner, self.src).is_some_and(|(_, m)| m == "map_err");
                    let first = call_args(inner).into_iter().next();
                    if early
                        || mapped
                            && first.is_some_and(|a| {
                                matches!(a.kind_str(), "identifier" | "scoped_identifier")
                            })
                    {
                        returned.extend(first.map(|n| (n, false)));
                    }
                }
            }
        }
        let handler = self.is_handler(index);
        let rejection = axum::is_rejection_fn(self, &site);
        let error_status = actix::default_error_response(self, &site);
        let poem_error_status = poem::default_error_response(self, &site);
        self.site = Some(site);
        self.read_params(f);
        let fallback = self.is_fallback(&site, file);
        self.method = self.handler_method(&site, file);
        // A closure not given to a router (`.map(|r| HttpResponse::Created()..)`) answers for
        // the function it is written in.
        let mut owner = site;
        if self.method.is_none() {
            for _ in 0..8 {
                if owner.node.kind_str() != "closure_expression" {
                    break;
                }
                let Some(outer) = owner.outer.map(|i| self.sites[i]) else {
                    break;
                };
                owner = outer;
            }
            if owner.node.kind_str() == "function_item" && site.node != owner.node {
                self.method = self.handler_method(&owner, file);
            }
        }
        let name = owner
            .node
            .field("name")
            .filter(|_| owner.node.kind_str() == "function_item")
            .map(|name| self.text(name));
        self.route_values = name.map_or_else(Vec::new, |name| file.route_values(name));
        self.route = name.and_then(|name| file.route(name));
        // Routed only by a documentation attribute (`#[utoipa::path(post, ..)]`): its method.
        self.method = self
            .method
            .or_else(|| name.and_then(|name| file.route_method(name)));
        // Expand pass-through forms to the values they produce (explicit stack, bounded).
        let mut leaves = Vec::new();
        // Each node is expanded at most once (it is a tree); the budget only guards against surprises.
        let mut budget = 1_000_000;
        while let Some((node, via_ok)) = returned.pop() {
            budget -= 1;
            if budget == 0 {
                break;
            }
            let node = strip_parens(node);
            match node.kind_str() {
                "block" | "unsafe_block" | "async_block" => {
                    let block = if node.kind_str() == "block" {
                        Some(node)
                    } else {
                        named_children(node)
                            .into_iter()
                            .find(|c| c.kind_str() == "block")
                    };
                    returned.extend(block.and_then(block_tail).map(|n| (n, via_ok)));
                }
                "if_expression" => {
                    returned.extend(node.field("consequence").map(|n| (n, via_ok)));
                    if let Some(alt) = node.field("alternative") {
                        returned.extend(named_children(alt).into_iter().map(|n| (n, via_ok)));
                    }
                }
                "match_expression" => {
                    if let Some(arms) = node.field("body") {
                        for arm in named_children(arms) {
                            if arm.kind_str() == "match_arm" {
                                returned.extend(arm.field("value").map(|n| (n, via_ok)));
                            }
                        }
                    }
                }
                "call_expression" if self.pass_through(node) => {
                    let ok = path_call_segments(node, self.src)
                        .is_some_and(|s| matches!(s.as_slice(), ["Ok" | "Some"] | [.., "ok"]));
                    returned.extend(
                        call_args(node)
                            .into_iter()
                            .next()
                            .map(|n| (n, via_ok || ok)),
                    );
                }
                _ => leaves.push((node, via_ok)),
            }
        }
        let catch = site.catch.and_then(|literal| {
            Some(St {
                symbol: None,
                code: integer_value(literal, self.src)?,
                span: span(literal),
                form: StatusForm::Number,
                style: Some(StatusStyle::Number),
            })
        });
        if let Some(st) = &catch {
            self.mention(st);
        }
        let returned_values = leaves.len();
        // What the function returns, for its summary: complete unless a value could not be read
        // or a `?` may return something else.
        let mut results: Vec<(Node<'t>, Val, Option<Span>)> = Vec::new();
        let mut complete = !self
            .scope
            .nodes
            .iter()
            .any(|n| n.kind_id() == k.try_expression);
        let builder_helper = f.kind_str() == "function_item"
            && f.field("return_type")
                .is_some_and(|r| summaries::is_builder_type(self.text(r)));
        let converts = error_status || poem_error_status || self.is_conversion(&site);
        // A helper's error values (`Err(StatusCode::UNAUTHORIZED)`), kept for its summary: they
        // are responses where a handler sends them with `?`.
        let error_type = (!handler && !rejection && !converts && f.kind_str() == "function_item")
            .then(|| self.declared_error_type(&site))
            .flatten();
        let mut errors: Vec<(Node<'t>, Val)> = Vec::new();
        if handler || rejection {
            self.record_sends(&site);
        }
        for (leaf, via_ok) in leaves {
            // An extractor's `Ok(..)` is the extracted value; only its rejections are sent.
            if via_ok && rejection {
                continue;
            }
            if let Some(resp) = self.rocket_guard_error(&site, leaf) {
                complete = false;
                self.push(resp, span(leaf));
                continue;
            }
            let each = self.eval_each(leaf);
            if each.is_empty() && !flow::diverges(leaf, self.src) {
                complete = false;
            }
            for (val, arm) in each {
                if !via_ok && error_type.is_some() && summaries::is_error_value(&val) {
                    errors.push((leaf, val.clone()));
                }
                if via_ok {
                    complete = false;
                } else {
                    // A status from an error type's status method is the default response's.
                    let summarized = match &val {
                        Val::Status(st) if error_status => {
                            Val::Resp(Box::new(actix::error_response(st.clone())))
                        }
                        Val::Status(st) if poem_error_status => {
                            Val::Resp(Box::new(poem::error_response(st.clone())))
                        }
                        other => other.clone(),
                    };
                    results.push((leaf, summarized, arm));
                }
                let mut resp = match val {
                    Val::Resp(resp) if resp.status.is_none() && catch.is_some() => {
                        rocket::caught(*resp, catch.clone())
                    }
                    Val::Unknown if catch.is_some() => {
                        // What a catcher returns is the body of the response to its status.
                        let resp = self.body_resp(leaf, Flavor::Rocket, "()", 0);
                        rocket::caught(resp, catch.clone())
                    }
                    Val::Resp(resp) if resp.error_value && !(handler || rejection) => continue,
                    // Not a response yet: its callers finish it.
                    Val::Resp(_) if builder_helper => continue,
                    Val::Value(value) if !via_ok => match self.convert(&value, leaf) {
                        Some(resp) => resp,
                        None => continue,
                    },
                    Val::Resp(mut resp) => {
                        resp.headers.complete &= !fallback;
                        axum::settle(self, &site, leaf, returned_values, &mut resp);
                        *resp
                    }
                    Val::Status(st) if error_status => actix::error_response(st),
                    Val::Status(st) if poem_error_status => poem::error_response(st),
                    Val::Status(st)
                        if (handler || rejection)
                            && !(st.style == Some(StatusStyle::CamelConst) && st.code >= 400) =>
                    {
                        // A bare status returned by a handler is a response with no headers and no
                        // body. (Rocket hands a bare error `Status` to a catcher, which builds the
                        // response.)
                        let mut resp = Resp::new(Flavor::Value);
                        resp.body = Body::Empty;
                        resp.status = Some(st);
                        resp.headers.complete = !fallback;
                        resp
                    }
                    // Rocket's catcher for the status answers; with none in the crate, its
                    // default one.
                    Val::Status(st) if (handler || rejection) && catch.is_none() => {
                        match self.default_catcher(&st, leaf) {
                            Some(resp) => resp,
                            None => continue,
                        }
                    }
                    _ => continue,
                };
                if let Some(arm) = arm {
                    if converts {
                        self.add_headers_of_variant_uses(f, arm, &mut resp);
                    }
                    resp.keep_fixes_within(arm);
                }
                self.push(resp, span(leaf));
            }
        }
        if handler && f.kind_str() == "function_item" {
            for resp in self.declared_statuses(f) {
                let at = resp.status.as_ref().map_or(span(f), |s| s.span);
                self.push(resp, at);
            }
        }
        self.written.clear();
        if f.kind_str() == "function_item" {
            salvo::function(self, f);
        }
        if owner.node.kind_str() == "function_item" {
            self.package_route(owner.node, first_response);
        }
        let written = std::mem::take(&mut self.written);
        let before = self.facts.index.summaries.len();
        self.summarize(&site, &results, &written, complete, converts);
        self.summarize_touches(f);
        if let Some(ty) = error_type {
            if self.facts.index.summaries.len() == before && !errors.is_empty() {
                self.sent_errors(&site, ty, errors);
            }
        }
    }
}

/// What a function returns, through blocks and `if`/`match` arms, without following locals (for a
/// method read from another one, whose locals are not in scope).
pub(super) fn returned_leaves<'t>(f: Node<'t>, src: &str) -> Vec<Node<'t>> {
    let Some(body) = f.field("body") else {
        return Vec::new();
    };
    let mut stack: Vec<Node<'t>> = block_tail(body).into_iter().collect();
    stack.extend(
        descendants(body, true)
            .into_iter()
            .filter(|n| n.kind_str() == "return_expression")
            .filter_map(|n| n.named_child(0)),
    );
    let mut leaves = Vec::new();
    while let Some(node) = stack.pop() {
        if leaves.len() + stack.len() > 256 {
            return Vec::new();
        }
        let node = strip_parens(node);
        match node.kind_str() {
            "block" => stack.extend(block_tail(node)),
            "if_expression" | "match_expression" => stack.extend(flow::all_arms(node)),
            _ if flow::diverges(node, src) => {}
            _ => leaves.push(node),
        }
    }
    leaves.sort_by_key(|n| n.start_byte());
    leaves
}
