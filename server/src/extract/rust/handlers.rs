//! Handler detection: which functions and closures send what they return (routed, registered
//! by name, router closures, `map_err` inside a handler), and the registrations a file makes (routes,
//! fallbacks, frameworks used) that change how functions anywhere in it are read.

use super::*;
use crate::extract::Field;

impl<'s, 't> Cx<'s, 't> {
    pub(super) fn visit(&mut self, node: Node<'_>, kind: u16) {
        let k = kinds();
        match kind {
            _ if kind == k.scoped_identifier => {
                if let Some(st) = self.status_const(node) {
                    self.mention(&st);
                }
            }
            _ if kind == k.call_expression => {
                if let Some(st) = self.numeric_status_call(node) {
                    self.mention(&st);
                }
                // The checks below look for a few callee names only: a call with another name
                // skips them (`callee_name` is `None` when only the full checks can tell).
                let name = callee_name(node, self.src);
                let may = |names: &[&str]| name.is_none_or(|n| names.contains(&n));
                if may(&["to"]) {
                    actix::route_helper(self, node);
                }
                let registers = name.is_none_or(|n| {
                    matches!(n, "to" | "fallback" | "method_not_allowed_fallback")
                        || http_method(n.strip_suffix("_with").unwrap_or(n)).is_some()
                });
                // Handlers registered by name: for their request method and for fallbacks.
                if let Some(name) = registers.then(|| self.handler_arg_name(node)).flatten() {
                    if let Some(method) = self.registration_method(node) {
                        self.registrations.push((
                            node.start_byte(),
                            Registration::Method(name.to_string(), method),
                        ));
                    }
                    if let Some((_, "fallback" | "method_not_allowed_fallback")) =
                        method_call(node, self.src)
                    {
                        self.registrations
                            .push((node.start_byte(), Registration::Fallback(name.to_string())));
                    }
                }
                if may(&["route", "api_route", "api_route_with", "at"]) {
                    self.route(node);
                }
            }
            _ if kind == k.struct_item || kind == k.enum_item => self.index_item(node),
            _ if kind == k.use_declaration => {
                self.index_item(node);
                let used = node
                    .field("argument")
                    .map(|a| self.text(a).trim_start_matches("::"))
                    .and_then(|path| path.split([':', '{', ' ']).next());
                let framework = match used {
                    Some("axum") => Some("axum"),
                    Some("poem" | "poem_openapi") => Some("poem"),
                    _ => None,
                };
                if let Some(framework) = framework {
                    self.registrations
                        .push((node.start_byte(), Registration::Uses(framework)));
                }
            }
            _ => {}
        }
    }

    /// Handlers routed by path: `.route("/x", get(a).put(b))` (axum; actix's `App` with
    /// `web::get().to(a)`), `web::resource("/x").route(web::get().to(a))` (actix) and
    /// `.at("/x", get(a).post(b))` (poem).
    pub(super) fn route(&mut self, call: Node<'_>) {
        // aide's `ApiRouter` routes the same way: `.api_route("/x", post_with(a, docs))`,
        // `.api_route_with("/x", post_with(a, docs), transform)`; poem's `.at("/x", get(a))`.
        let Some((receiver, "route" | "api_route" | "api_route_with" | "at")) =
            method_call(call, self.src)
        else {
            return;
        };
        let (path, mut router) = match call_args(call)[..] {
            [path, router] | [path, router, _] => (string_value(path, self.src), router),
            [router] => (self.resource_path(receiver), router),
            _ => return,
        };
        let Some(path) = path else {
            return;
        };
        // The method router's chain, `get(a).put(b)`, from its last call; chains are short.
        for _ in 0..16 {
            router = strip_parens(router);
            if let (Some(handler), Some(method)) = (
                self.handler_arg_path(router),
                self.registration_method(router),
            ) {
                let name = handler.last().copied().unwrap_or_default();
                let route = Registration::Route {
                    path: path.to_string(),
                    handler: name.to_string(),
                    method,
                };
                self.registrations.push((call.start_byte(), route));
                self.index_route(method, path, &handler, call);
            }
            match method_call(router, self.src) {
                Some((inner, _)) => router = inner,
                None => break,
            }
        }
    }

    /// The path of the `web::resource("/x")` a chain of `.route(..)` calls starts from.
    pub(super) fn resource_path(&self, mut chain: Node<'_>) -> Option<&'s str> {
        for _ in 0..32 {
            chain = strip_parens(chain);
            if let Some((inner, _)) = method_call(chain, self.src) {
                chain = inner;
                continue;
            }
            let segments = path_call_segments(chain, self.src)?;
            let [path] = call_args(chain)[..] else {
                return None;
            };
            return (segments.last() == Some(&"resource"))
                .then(|| string_value(path, self.src))
                .flatten();
        }
        None
    }

    /// The route of function `f` from the package's routers in other files, for the responses
    /// `first..` it made that create (201) with no route this file shows: the routes the index
    /// finds for it (`View::routes_of`), which must all name one method. The look-up is recorded,
    /// so the file is read again when a router naming `f` appears or changes.
    pub(super) fn package_route(&mut self, f: Node<'_>, first: usize) {
        let wants = |r: &crate::model::Response| {
            r.status.code == 201 && r.route.is_none() && r.method.is_none_or(|m| m == "POST")
        };
        if !self.facts.responses[first..].iter().any(wants) {
            return;
        }
        // A method (`Type::create`) is not what a router names by a function's path.
        let in_impl = f
            .parent()
            .and_then(|p| p.parent())
            .is_some_and(|g| matches!(g.kind_str(), "impl_item" | "trait_item"));
        let Some(name) = f.field("name").filter(|_| !in_impl) else {
            return;
        };
        let name = self.text(name);
        let module = self.inline_module(f);
        let routes = self
            .view
            .map(|v| v.routes_of(&module, name))
            .unwrap_or_default();
        self.note_lookup(
            &crate::index::route_key(name),
            f.start_byte(),
            !routes.is_empty(),
        );
        let Some(one) = routes.first() else {
            return;
        };
        let method = http_method(&one.method.to_ascii_lowercase());
        if method.is_none() || routes.iter().any(|r| r.method != one.method) {
            return;
        }
        let route = crate::model::Route {
            path: one.path.clone(),
            serves_item: routes.iter().all(|r| r.serves_item),
        };
        for response in &mut self.facts.responses[first..] {
            if wants(response) {
                response.method = response.method.or(method);
                response.route = Some(route.clone());
            }
        }
    }

    /// A route for the package's index: handlers in other files find it there (`View::routes_of`).
    pub(super) fn index_route(&mut self, method: &str, path: &str, handler: &[&str], at: Node<'_>) {
        let module = self.inline_module(at);
        self.facts.index.routes.push(crate::index::Route {
            method: method.to_string(),
            path: path.to_string(),
            handler: handler.iter().map(|s| s.to_string()).collect(),
            module,
            at: at.start_byte(),
        });
    }

    /// The path of the function a routing call is given (`post(notes::create)` ->
    /// `["notes", "create"]`, `.to(name)`).
    pub(super) fn handler_arg_path(&self, call: Node<'_>) -> Option<Vec<&'s str>> {
        let arg = match call_args(call)[..] {
            [arg] => arg,
            // aide's `post_with(handler, docs)`, `.get_with(handler, docs)`.
            [arg, _] if call_name(call, self.src).is_some_and(|n| n.ends_with("_with")) => arg,
            _ => return None,
        };
        if !matches!(arg.kind_str(), "identifier" | "scoped_identifier") {
            return None;
        }
        path_segments(arg, self.src)
    }

    /// `name` in a call whose only argument is a function's name (`get(name)`, `.to(name)`).
    pub(super) fn handler_arg_name(&self, call: Node<'_>) -> Option<&'s str> {
        self.handler_arg_path(call)?.last().copied()
    }

    /// Whether `f` is a router fallback (`.fallback(|| ..)`, `.fallback(handler)`): axum's method
    /// router adds `Allow` to what a fallback returns.
    pub(super) fn is_fallback(&self, site: &Site<'_>, file: &Registrations) -> bool {
        if site.node.kind_str() == "closure_expression" {
            return site
                .call()
                .and_then(|call| method_call(call, self.src))
                .is_some_and(|(_, m)| matches!(m, "fallback" | "method_not_allowed_fallback"));
        }
        site.node
            .field("name")
            .is_some_and(|n| file.is_fallback(self.text(n)))
    }

    /// Whether a bare status returned from the function `sites[index]` is sent as a response.
    pub(super) fn is_handler(&self, index: usize) -> bool {
        let site = self.sites[index];
        let f = site.node;
        if f.kind_str() == "closure_expression" {
            let Some(call) = site.call() else {
                return false;
            };
            // A closure given to a router (`post(|| async { .. })`, `web::get().to(|| ..)`).
            let routed = match method_call(call, self.src) {
                Some((_, m)) => matches!(m, "to" | "fallback" | "method_not_allowed_fallback"),
                None => path_call_segments(call, self.src)
                    .and_then(|s| s.last().copied())
                    .is_some_and(|name| {
                        http_method(name).is_some() || matches!(name, "any" | "to")
                    }),
            };
            if routed {
                return true;
            }
            // `.map_err(|_| StatusCode::X)` inside a handler turns into its response.
            let maps_error = method_call(call, self.src)
                .is_some_and(|(_, m)| matches!(m, "map_err" | "ok_or_else" | "ok_or"));
            // The closure's own context, then its enclosing function's (not recursion on the tree:
            // one step per nesting level of closures, bounded by the sites list).
            return maps_error
                && site.outer.is_some_and(|outer| {
                    outer < index
                        && (self.is_handler(outer)
                            || axum::is_rejection_fn(self, &self.sites[outer]))
                });
        }
        let has_route_attribute = site.route.is_some();
        let Some(ret) = f.field("return_type") else {
            return false;
        };
        let ret = self.text(ret);
        let returns_status = [
            "StatusCode",
            "Status",
            "IntoResponse",
            "Response",
            "Reply",
            "Responder",
        ]
        .iter()
        .any(|w| ret.contains(w));
        // A routed function sends what it returns, whatever its type spells (`Result<String>`).
        if !returns_status && !has_route_attribute {
            return false;
        }
        let is_async = named_children(f)
            .iter()
            .any(|c| c.kind_str() == "function_modifiers" && self.text(*c).contains("async"));
        has_route_attribute || (is_async && handler_like_type(ret))
    }

    /// The request method `f` handles, when its attribute or its registration in this file says so
    /// (`#[put("/x")]`, `put(handler)`, `.put(handler)`, `web::put().to(handler)`).
    pub(super) fn handler_method(
        &self,
        site: &Site<'_>,
        file: &Registrations,
    ) -> Option<&'static str> {
        let f = site.node;
        if f.kind_str() == "closure_expression" {
            return self.registration_method(site.call()?);
        }
        if let Some(method) = site.route.and_then(http_method) {
            return Some(method);
        }
        let name = self.text(f.field("name")?);
        let mut methods = file.methods(name);
        let first = methods.next()?;
        // Registered for several methods: none of them is the handler's only method.
        methods.all(|m| m == first).then_some(first)
    }

    /// The method of a routing call whose argument is a handler: `put(h)`, `.put(h)`, `web::put().to(h)`.
    pub(super) fn registration_method(&self, call: Node<'_>) -> Option<&'static str> {
        match method_call(call, self.src) {
            Some((receiver, "to")) => {
                let segments = path_call_segments(strip_parens(receiver), self.src)?;
                http_method(segments.last()?)
            }
            Some((_, method)) => http_method(method.strip_suffix("_with").unwrap_or(method)),
            None => {
                let name = *path_call_segments(call, self.src)?.last()?;
                http_method(name.strip_suffix("_with").unwrap_or(name))
            }
        }
    }
}

/// Walks `nodes`, top-level siblings under `root`: collects the functions and closures to read, the
/// status mentions, and the handlers registered by name. Functions are read later (`evaluate`),
/// once the registrations of the whole file are known. Nodes inside one of the `skip` ranges
/// (sorted, disjoint) are left out: their facts are known already.
pub(super) fn scan<'s, 't>(
    src: &'s str,
    root: Node<'t>,
    nodes: &[Node<'t>],
    skip: &[std::ops::Range<usize>],
    view: Option<crate::index::View<'s>>,
) -> Cx<'s, 't> {
    let mut cx = Cx {
        src,
        facts: FileFacts::default(),
        registrations: Vec::new(),
        method: None,
        route_values: Vec::new(),
        route: None,
        poem_tuples: false,
        uses_poem: false,
        sites: Vec::new(),
        scope: Scope::default(),
        choice: Default::default(),
        site: None,
        view,
        params: Vec::new(),
        lookups: Default::default(),
        written: Vec::new(),
        handed: Default::default(),
        typed_named: Default::default(),
        root,
        has_mod: Default::default(),
    };
    let k = kinds();
    // Ancestors of the cursor's node, and which of them are functions. Kept by the walk because
    // tree-sitter's `Node::parent` costs the node's depth: asking it per function is quadratic on
    // deeply nested input.
    let mut ancestors: Vec<Node<'t>> = vec![root];
    let mut enclosing: Vec<usize> = Vec::new();
    // Per level, the attributes seen since the last other item: those right before a function are
    // its attributes (asking for siblings would cost the number of siblings, per function).
    let mut attributes: Vec<Vec<Node<'t>>> = vec![Vec::new(), Vec::new()];
    for top in nodes {
        // Pre-order traversal with a cursor: constant stack use whatever the nesting depth.
        let mut cursor = top.walk();
        'walk: loop {
            let node = cursor.node();
            count_visits(1);
            // Punctuation and keywords (about half of the nodes) say nothing here and have no
            // children: straight to the next node.
            if node.is_named() {
                let kind = node.kind_id();
                let is_function = k.is_function(kind);
                let level = ancestors.len();
                let skipped = {
                    let i = skip.partition_point(|r| r.start <= node.start_byte());
                    i > 0 && node.end_byte() <= skip[i - 1].end
                };
                attributes.resize_with(level + 1, Vec::new);
                let run = &mut attributes[level];
                match kind {
                    _ if skipped => {}
                    _ if kind == k.attribute_item => run.push(node),
                    _ if kind == k.line_comment || kind == k.block_comment => {}
                    _ if node.is_named() => {
                        let run = std::mem::take(run);
                        if !run.is_empty() && (kind == k.struct_item || kind == k.enum_item) {
                            derive::item(&mut cx, node, &run);
                        }
                        // A function of the module (not in a body, an `impl` or a trait; also one
                        // that a syntax error wrapped): two of one name make both unknown. (The
                        // ancestors' kinds are asked only for functions.)
                        let member = || {
                            level >= 2
                                && ancestors[level - 1].kind_str() == "declaration_list"
                                && matches!(
                                    ancestors[level - 2].kind_str(),
                                    "impl_item" | "trait_item"
                                )
                        };
                        if kind == k.function_item && enclosing.is_empty() && !member() {
                            cx.index_function(node);
                        }
                        if is_function {
                            cx.sites.push(Site {
                                node,
                                parent: level.checked_sub(1).map(|i| ancestors[i]),
                                grandparent: level.checked_sub(2).map(|i| ancestors[i]),
                                outer: enclosing.last().copied(),
                                route: run
                                    .iter()
                                    .rev()
                                    .find_map(|a| route_attribute_name(syntax::text(*a, cx.src))),
                                catch: run
                                    .iter()
                                    .rev()
                                    .find_map(|a| rocket::catch_code(*a, cx.src)),
                            });
                            let name = node.field("name");
                            let routed = run
                                .iter()
                                .find_map(|a| attribute_route(syntax::text(*a, cx.src)));
                            if let (Some(name), Some((method, path))) = (name, routed) {
                                let name = syntax::text(name, cx.src);
                                let route = Registration::Route {
                                    path: path.to_string(),
                                    handler: name.to_string(),
                                    method,
                                };
                                cx.registrations.push((node.start_byte(), route));
                                cx.index_route(method, path, &[name], node);
                            }
                        }
                    }
                    _ => {}
                }
                if !skipped {
                    cx.visit(node, kind);
                    if (kind == k.scoped_identifier || kind == k.scoped_type_identifier)
                        && !enclosing.is_empty()
                    {
                        if let Some(used) = cx.variant_use(node, &ancestors) {
                            cx.facts.index.variant_uses.push(used);
                        }
                    }
                }
                if !skipped && !k.is_opaque(kind) && cursor.goto_first_child() {
                    ancestors.push(node);
                    if is_function {
                        enclosing.push(cx.sites.len() - 1);
                    }
                    continue;
                }
            }
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                // The cursor was made from `top`, so it cannot leave `top`'s subtree.
                if !cursor.goto_parent() {
                    break 'walk;
                }
                if let Some(left) = ancestors.pop() {
                    if k.is_function(left.kind_id()) {
                        enclosing.pop();
                    }
                }
            }
        }
    }
    cx
}

/// What one part of a file says that changes how functions anywhere in it are read: handlers
/// registered by name (a fallback gets `Allow` from axum, a PUT handler needs no `Location`), and
/// which framework the file uses (for the idiom of tuple fixes).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Registrations(pub(super) Vec<Registration>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Registration {
    /// A handler registered for one method: `put(name)`, `.put(name)`, `web::put().to(name)`.
    Method(String, &'static str),
    /// A router fallback: `.fallback(name)`.
    Fallback(String),
    /// `use axum::..` or `use poem::..`: whose tuples `(StatusCode, body)` are, for their fixes.
    Uses(&'static str),
    /// A handler routed at a path for one method: `.route("/x", get(name))`,
    /// `web::resource("/x").route(web::get().to(name))`, `#[get("/x")] fn name`.
    Route {
        path: String,
        handler: String,
        method: &'static str,
    },
}

/// The order `Allow` lists methods in (RFC 9110 §9's order of definition).
pub(super) const METHOD_ORDER: &[&str] = &[
    "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
];

impl Registrations {
    pub(super) fn is_fallback(&self, name: &str) -> bool {
        self.0
            .iter()
            .any(|r| matches!(r, Registration::Fallback(n) if n == name))
    }

    /// Whether the file's tuple responses are poem's: it uses poem and not axum. (poem's
    /// `(StatusCode, T)` takes no header array; its headers go in `.with_header(..)`.)
    pub(super) fn poem_tuples(&self) -> bool {
        let uses = |name: &'static str| self.0.contains(&Registration::Uses(name));
        uses("poem") && !uses("axum")
    }

    /// The path `name` is routed at, when the file routes it at exactly one.
    pub(super) fn route_path(&self, name: &str) -> Option<&str> {
        let mut paths = self.0.iter().filter_map(|r| match r {
            Registration::Route { path, handler, .. } if handler == name => Some(path.as_str()),
            _ => None,
        });
        let first = paths.next()?;
        paths.all(|p| p == first).then_some(first)
    }

    /// The header values the routes of handler `name` point to, for the placeholders of its
    /// fixes: `Allow` lists every method its path is routed with; `Location` is the one `GET`
    /// route one parameter below its path (`/notes` -> `/notes/{id}`), where the new resource
    /// is read.
    pub(super) fn route_values(&self, name: &str) -> Vec<(&'static str, String)> {
        let Some(path) = self.route_path(name) else {
            return Vec::new();
        };
        let routes = || {
            self.0.iter().filter_map(|r| match r {
                Registration::Route { path, method, .. } => Some((path.as_str(), *method)),
                _ => None,
            })
        };
        let mut methods: Vec<&str> = routes()
            .filter(|(p, _)| *p == path)
            .map(|(_, m)| m)
            .collect();
        methods.sort_by_key(|m| METHOD_ORDER.iter().position(|o| o == m));
        methods.dedup();
        let mut values = vec![("Allow", methods.join(", "))];
        let mut readers: Vec<&str> = routes()
            .filter(|(p, m)| *m == "GET" && is_item_path(path, p))
            .map(|(p, _)| p)
            .collect();
        readers.dedup();
        if let [reader] = readers[..] {
            values.push(("Location", reader.to_string()));
        }
        values
    }

    /// The route of handler `name` when the file routes it at one path, with whether the file
    /// also routes a path with a parameter right below it (any method).
    pub(super) fn route(&self, name: &str) -> Option<crate::model::Route> {
        let path = self.route_path(name)?;
        let serves_item = self.0.iter().any(|r| {
            matches!(r, Registration::Route { path: p, .. } if crate::index::below_parameter(path, p))
        });
        Some(crate::model::Route {
            path: path.to_string(),
            serves_item,
        })
    }

    /// The one method the file's routes give handler `name`.
    pub(super) fn route_method(&self, name: &str) -> Option<&'static str> {
        let mut methods = self.0.iter().filter_map(|r| match r {
            Registration::Route {
                handler, method, ..
            } if handler == name => Some(*method),
            _ => None,
        });
        let first = methods.next()?;
        methods.all(|m| m == first).then_some(first)
    }

    /// The methods `name` is registered for.
    pub(super) fn methods<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'static str> + 'a {
        self.0.iter().filter_map(move |r| match r {
            Registration::Method(n, m) if n == name => Some(*m),
            _ => None,
        })
    }
}

/// The name a call calls: a method's name, or a path's last segment.
fn call_name<'s>(call: Node<'_>, src: &'s str) -> Option<&'s str> {
    match method_call(call, src) {
        Some((_, name)) => Some(name),
        None => path_call_segments(call, src)?.last().copied(),
    }
}

/// Whether `item` is `collection` followed by one path parameter: `/notes/{id}`, `/notes/:id`,
/// `/notes/<id>` below `/notes`.
pub(super) fn is_item_path(collection: &str, item: &str) -> bool {
    let Some(rest) = item.strip_prefix(collection.trim_end_matches('/')) else {
        return false;
    };
    let Some(param) = rest.strip_prefix('/') else {
        return false;
    };
    let inner = |open: char, close: char| {
        param
            .strip_prefix(open)
            .and_then(|p| p.strip_suffix(close))
            .is_some_and(|p| !p.is_empty() && !p.contains(['/', '{', '}', '<', '>']))
    };
    inner('{', '}')
        || inner('<', '>')
        || param
            .strip_prefix(':')
            .is_some_and(|p| !p.is_empty() && !p.contains('/'))
}

/// The routing attribute an attribute item is (`#[get("/")]` -> `get`, `#[handler]`), if it is one.
pub(super) fn route_attribute_name(attribute: &str) -> Option<&'static str> {
    let name = attribute
        .trim_start_matches("#[")
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .next()?;
    let name = name.rsplit("::").next().unwrap_or(name);
    const ROUTE_ATTRIBUTES: &[&str] = &[
        "get", "post", "put", "delete", "patch", "head", "options", "trace", "route", "handler",
        "catch", "endpoint",
    ];
    ROUTE_ATTRIBUTES.iter().copied().find(|r| *r == name)
}

/// The method and path of a routing attribute: `#[get("/notes/{id}")]` (actix), `#[post("/notes",
/// data = "<note>")]` (Rocket).
pub(super) fn attribute_route(attribute: &str) -> Option<(&'static str, &str)> {
    if let Some(documented) = documented_route(attribute) {
        return Some(documented);
    }
    let method = http_method(route_attribute_name(attribute)?)?;
    let (_, rest) = attribute.split_once("(\"")?;
    let (path, _) = rest.split_once('"')?;
    path.starts_with('/').then_some((method, path))
}

/// The method and path an OpenAPI attribute documents for its operation:
/// `#[utoipa::path(post, path = "/x", ..)]`, poem-openapi's `#[oai(path = "/x", method = "post")]`.
fn documented_route(attribute: &str) -> Option<(&'static str, &str)> {
    let inner = attribute.trim_start_matches("#[").trim_start();
    let (name, rest) = inner.split_once('(')?;
    // `key = "value"`, where `key` is a whole word (`path`, not `context_path`).
    let key = |key: &str| {
        rest.match_indices(key).find_map(|(at, _)| {
            let before = rest[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                return None;
            }
            let value = rest[at + key.len()..].trim_start().strip_prefix('=')?;
            let value = value.trim_start().strip_prefix('"')?;
            value.split_once('"').map(|(v, _)| v)
        })
    };
    let path = key("path")?;
    let method = match name.trim() {
        "utoipa::path" | "path" => {
            let first = rest.split([',', ')']).next()?.trim();
            http_method(first)?
        }
        "oai" => http_method(key("method")?)?,
        _ => return None,
    };
    path.starts_with('/').then_some((method, path))
}

/// `put` -> `PUT`, for the methods routers name.
pub(super) fn http_method(name: &str) -> Option<&'static str> {
    Some(match name {
        "get" => "GET",
        "post" => "POST",
        "put" => "PUT",
        "delete" => "DELETE",
        "patch" => "PATCH",
        "head" => "HEAD",
        "options" => "OPTIONS",
        "trace" => "TRACE",
        _ => return None,
    })
}

/// Whether a declared return type is what a handler returns (not, say, a helper's `Result<User, _>`).
pub(super) fn handler_like_type(ret: &str) -> bool {
    let ret = ret.trim();
    let ok = match ret
        .strip_prefix("Result<")
        .or_else(|| ret.split_once("Result<").map(|(_, r)| r))
    {
        Some(inner) => {
            let mut level = 0;
            let end = inner
                .char_indices()
                .find(|(_, c)| {
                    match c {
                        '<' | '(' | '[' => level += 1,
                        '>' | ')' | ']' => level -= 1,
                        ',' if level == 0 => return true,
                        _ => {}
                    }
                    false
                })
                .map_or(inner.len(), |(i, _)| i);
            &inner[..end]
        }
        None => ret,
    };
    // `Result<(), StatusCode>`: the handler sends its error, or an empty 200.
    let ok = match ret.split_once("Result<") {
        Some((_, inner)) if ok.trim() == "()" => inner[ok.len()..].trim_start_matches([',', ' ']),
        _ => ok,
    };
    [
        "Response",
        "Reply",
        "Responder",
        "StatusCode",
        "Status",
        "Json",
        "Html",
        "Redirect",
        "NoContent",
        "String",
        "str",
        "Body",
        "Bytes",
        "Vec<u8>",
        "Template",
        "Custom",
        "Created",
    ]
    .iter()
    .any(|w| ok.contains(w))
}
