//! Rust extraction: finds the responses handler code builds, with their status, headers and body.
//!
//! The approach, in short:
//! 1. Walk the tree once (a cursor, no recursion). For every function and closure, collect the values
//!    it returns: tail expressions, `return x`, `Err(x)?`, through `if`/`match`/blocks/`Ok(..)`.
//! 2. Evaluate each returned value abstractly (`eval`): a status (`StatusCode::X`, `from_u16(204)`),
//!    a response or builder with what is known of its status, headers and body, or unknown. A local
//!    variable is followed to its `let`, together with the changes made to it before it is returned
//!    (`*res.status_mut() = ..`, `res.headers_mut().insert(..)`); any use we cannot read makes it unknown.
//! 3. Statement-style frameworks (salvo's `res: &mut Response`) are read per function in `salvo`.
//!
//! Only returned values count, so a status that is compared, matched or asserted on is never a
//! response. Evaluation depth is bounded, so deeply nested input cannot overflow the stack.
//! Framework knowledge lives in one file per framework; this module holds the shared evaluator.

mod actix;
mod axum;
mod derive;
mod flow;
mod http;
mod poem;
mod rocket;
mod salvo;
mod segments;
mod syntax;
mod warp;

use std::collections::HashMap;

use tree_sitter::{Node, Tree};

use crate::lint::Edit;
use crate::model::{
    Body, FileFacts, FixPlan, HeaderInsert, HeaderStyle, Headers, Response, Span, Status,
    StatusForm, StatusMention, StatusStyle,
};
use crate::status;
pub use segments::{parse_range, RustItems, Segments, TextEdit};
pub(crate) use syntax::indent_at;
use syntax::*;

/// Deeper than any real response expression; bounds the evaluator's recursion.
const MAX_DEPTH: u32 = 48;

/// Whether `text` may contain a status the extractor recognises. Every status it finds is spelled with
/// one of these tokens: `StatusCode`/`Status` paths and the status setters (`.status(..)`,
/// `with_status`, `status_code`, `set_status`, `status_mut`, Rocket's `status::` helpers) all contain
/// "tatus"; actix's helpers need `HttpResponse`; axum's and Rocket's `NoContent`; Rocket's `Custom`.
/// A file with none of them yields no facts, so skipping its parse loses nothing.
pub fn may_build_response(text: &str) -> bool {
    ["tatus", "HttpResponse", "NoContent", "Custom"]
        .iter()
        .any(|token| text.contains(token))
}

/// Reads the responses `tree` (the parse of `text`) builds. Top-level items are read one by one
/// (see `Segments`), so the language server can re-read only the item an edit falls in.
pub fn extract(text: &str, tree: &Tree) -> FileFacts {
    Segments::read(text, tree).facts()
}

/// Walks `nodes`, top-level siblings under `root`: collects the functions and closures to read, the
/// status mentions, and the handlers registered by name. Functions are read later (`evaluate`),
/// once the registrations of the whole file are known. Nodes inside one of the `skip` ranges
/// (sorted, disjoint) are left out: their facts are known already.
fn scan<'s, 't>(
    src: &'s str,
    root: Node<'t>,
    nodes: &[Node<'t>],
    skip: &[std::ops::Range<usize>],
) -> Cx<'s, 't> {
    let mut cx = Cx {
        src,
        facts: FileFacts::default(),
        registrations: Vec::new(),
        method: None,
        route_values: Vec::new(),
        poem_tuples: false,
        uses_poem: false,
        sites: Vec::new(),
        scope: Scope::default(),
        choice: Default::default(),
        site: None,
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
                        let name = node.child_by_field_name("name");
                        let routed = run
                            .iter()
                            .find_map(|a| attribute_route(syntax::text(*a, cx.src)));
                        if let (Some(name), Some((method, path))) = (name, routed) {
                            let route = Registration::Route {
                                path: path.to_string(),
                                handler: syntax::text(name, cx.src).to_string(),
                                method,
                            };
                            cx.registrations.push((node.start_byte(), route));
                        }
                    }
                }
                _ => {}
            }
            if !skipped {
                cx.visit(node, kind);
            }
            if !skipped && cursor.goto_first_child() {
                ancestors.push(node);
                if is_function {
                    enclosing.push(cx.sites.len() - 1);
                }
                continue;
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
pub struct Registrations(Vec<Registration>);

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
const METHOD_ORDER: &[&str] = &[
    "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
];

impl Registrations {
    fn is_fallback(&self, name: &str) -> bool {
        self.0
            .iter()
            .any(|r| matches!(r, Registration::Fallback(n) if n == name))
    }

    /// Whether the file's tuple responses are poem's: it uses poem and not axum. (poem's
    /// `(StatusCode, T)` takes no header array; its headers go in `.with_header(..)`.)
    fn poem_tuples(&self) -> bool {
        let uses = |name: &'static str| self.0.contains(&Registration::Uses(name));
        uses("poem") && !uses("axum")
    }

    /// The path `name` is routed at, when the file routes it at exactly one.
    fn route_path(&self, name: &str) -> Option<&str> {
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
    fn route_values(&self, name: &str) -> Vec<(&'static str, String)> {
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

    /// The methods `name` is registered for.
    fn methods<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'static str> + 'a {
        self.0.iter().filter_map(move |r| match r {
            Registration::Method(n, m) if n == name => Some(*m),
            _ => None,
        })
    }
}

/// Whether `item` is `collection` followed by one path parameter: `/notes/{id}`, `/notes/:id`,
/// `/notes/<id>` below `/notes`.
fn is_item_path(collection: &str, item: &str) -> bool {
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

/// A function or closure and the context the walk saw it in.
#[derive(Clone, Copy)]
pub(crate) struct Site<'t> {
    node: Node<'t>,
    parent: Option<Node<'t>>,
    /// For a closure argument: the call it is given to (`map_err(..)`, `post(..)`).
    grandparent: Option<Node<'t>>,
    /// The enclosing function or closure, as an index into `Cx::sites`.
    outer: Option<usize>,
    /// Its routing attribute (`#[get("/")]` -> `get`, `#[handler]`), if any.
    route: Option<&'static str>,
    /// For a Rocket catcher, the status literal of `#[catch(401)]`.
    catch: Option<Node<'t>>,
}

impl<'t> Site<'t> {
    /// The call a closure is an argument of.
    fn call(&self) -> Option<Node<'t>> {
        (self.node.kind() == "closure_expression"
            && self.parent.is_some_and(|p| p.kind() == "arguments"))
        .then_some(self.grandparent)
        .flatten()
    }
}

/// The function being read: its nodes, and its `let`s and identifiers by name, so following a
/// variable costs its uses, not the function's size.
#[derive(Default)]
pub(crate) struct Scope<'s, 't> {
    nodes: Vec<Node<'t>>,
    /// Each `let` binding a name, with the tuple element it takes (`let (status, body) = ..`).
    lets: HashMap<&'s str, Vec<(Node<'t>, Option<usize>)>>,
    idents: HashMap<&'s str, Vec<Node<'t>>>,
    /// Per `let` (node id, depth): the index into its name's uses from which replaying them gives
    /// unknown. Every return of a variable replays the same uses from its `let`; without this,
    /// n returns after n mutations would cost n² replays.
    /// Keyed also by the arm the run takes (`Cx::arm_key`): a local's value may differ per arm.
    unknown_from: std::cell::RefCell<HashMap<ReplayKey, usize>>,
}

/// A `let` (node id), the evaluation depth, and the arm of the run (`Cx::arm_key`).
type ReplayKey = (usize, u32, (usize, usize));

/// A status value with where and how it is written.
#[derive(Debug, Clone)]
pub(crate) struct St {
    code: u16,
    span: Span,
    form: StatusForm,
    style: Option<StatusStyle>,
}

/// Which API a response value comes from: decides how fixes are spelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    /// `http::Response::builder()` (axum, hyper, warp) and poem's builder.
    HttpBuilder,
    Actix,
    Rocket,
    Poem,
    Warp,
    /// salvo's `StatusError`, rendered into the response.
    Salvo,
    /// A value made by `into_response()` / a tuple: headers go in tuples or via `headers_mut`.
    Value,
}

/// What is known of a response value during evaluation.
#[derive(Debug, Clone)]
pub(crate) struct Resp {
    status: Option<St>,
    headers: Headers,
    body: Body,
    flavor: Flavor,
    header_insert: Option<HeaderInsert>,
    remove_body: Option<Vec<Edit>>,
    /// An error value that becomes a response only once a handler returns it (`ErrorUnauthorized(..)`,
    /// salvo's `StatusError`): a helper returning one may be a mapping table, not a response.
    error_value: bool,
    /// The fix in `remove_body` changes the response's type (see `axum::settle`).
    remove_body_changes_type: bool,
    /// An axum tuple's body, for `axum::settle` to decide how its fixes keep the type.
    tuple: Option<Box<axum::TupleFixes>>,
}

impl Resp {
    fn new(flavor: Flavor) -> Resp {
        Resp {
            status: None,
            headers: Headers::empty(),
            body: Body::Unknown,
            flavor,
            header_insert: None,
            remove_body: None,
            error_value: false,
            remove_body_changes_type: false,
            tuple: None,
        }
    }

    fn add_header(&mut self, name: Option<String>, at: Span) {
        self.headers.add(name, at);
    }

    /// What a framework's default error response makes of `status` (actix's `error_response`,
    /// poem's `as_response`): the error's `Display` text as the body (content, as far as the code
    /// shows) with a `Content-Type` header.
    fn error_text(flavor: Flavor, status: St) -> Resp {
        let mut resp = Resp::new(flavor);
        resp.body = Body::Present {
            span: status.span,
            pure: false,
        };
        resp.add_header(Some("content-type".to_string()), status.span);
        resp.status = Some(status);
        resp
    }

    /// Drops the fixes that would edit outside `arm`: the response was built from a value chosen in
    /// that arm, and an edit elsewhere would change what every other arm sends too.
    fn keep_fixes_within(&mut self, arm: Span) {
        let inside = |at: usize| arm.start <= at && at <= arm.end;
        if self.header_insert.as_ref().is_some_and(|h| !inside(h.at)) {
            self.header_insert = None;
        }
        let outside = |edits: &Vec<Edit>| {
            edits
                .iter()
                .any(|e| !inside(e.span.start) || !inside(e.span.end))
        };
        if self.remove_body.as_ref().is_some_and(outside) {
            self.remove_body = None;
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) enum Val {
    Status(St),
    Resp(Box<Resp>),
    Unknown,
}

/// What a body expression is known to be, and whether it may also add headers (a responder value).
#[derive(Debug, Clone)]
pub(crate) struct BodyInfo {
    body: Body,
    headers_complete: bool,
}

pub(crate) struct Cx<'s, 't> {
    src: &'s str,
    facts: FileFacts,
    /// The registrations (handlers by name, frameworks used) in the nodes scanned, with where.
    registrations: Vec<(usize, Registration)>,
    /// The request method of the function being read, when known.
    method: Option<&'static str>,
    /// The header values its routes point to (see `Registrations::route_values`).
    route_values: Vec<(&'static str, String)>,
    /// Whether `(StatusCode, body)` tuples are poem's (see `Registrations::poem_tuples`).
    poem_tuples: bool,
    /// Whether the file uses poem (for its `error::Unauthorized(e)`-style helpers).
    uses_poem: bool,
    sites: Vec<Site<'t>>,
    scope: Scope<'s, 't>,
    /// The arm the current evaluation run takes at a branching point (see `flow`).
    choice: flow::ChoiceCell,
    /// The function or closure being read.
    site: Option<Site<'t>>,
}

fn edit(span: Span, new_text: impl Into<String>) -> Edit {
    Edit {
        span,
        new_text: new_text.into(),
    }
}

impl<'s, 't> Cx<'s, 't> {
    fn text(&self, node: Node<'_>) -> &'s str {
        text(node, self.src)
    }

    fn visit(&mut self, node: Node<'_>, kind: u16) {
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
                actix::route_helper(self, node);
                // Handlers registered by name: for their request method and for fallbacks.
                if let Some(name) = self.handler_arg_name(node) {
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
                self.route(node);
            }
            _ if kind == k.use_declaration => {
                let used = node
                    .child_by_field_name("argument")
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
    /// `web::get().to(a)`) and `web::resource("/x").route(web::get().to(a))` (actix).
    fn route(&mut self, call: Node<'_>) {
        let Some((receiver, "route")) = method_call(call, self.src) else {
            return;
        };
        let (path, mut router) = match call_args(call)[..] {
            [path, router] => (string_value(path, self.src), router),
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
                self.handler_arg_name(router),
                self.registration_method(router),
            ) {
                let route = Registration::Route {
                    path: path.to_string(),
                    handler: handler.to_string(),
                    method,
                };
                self.registrations.push((call.start_byte(), route));
            }
            match method_call(router, self.src) {
                Some((inner, _)) => router = inner,
                None => break,
            }
        }
    }

    /// The path of the `web::resource("/x")` a chain of `.route(..)` calls starts from.
    fn resource_path(&self, mut chain: Node<'_>) -> Option<&'s str> {
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

    /// `name` in a call whose only argument is a function's name (`get(name)`, `.to(name)`).
    fn handler_arg_name(&self, call: Node<'_>) -> Option<&'s str> {
        let [arg] = call_args(call)[..] else {
            return None;
        };
        if !matches!(arg.kind(), "identifier" | "scoped_identifier") {
            return None;
        }
        path_segments(arg, self.src)?.last().copied()
    }

    /// Reads every function scanned, with the registrations of the whole file, and returns the facts.
    fn evaluate(mut self, file: &Registrations) -> FileFacts {
        self.poem_tuples = file.poem_tuples();
        self.uses_poem = file.0.contains(&Registration::Uses("poem"));
        // Functions after the scan: a handler may be registered as a fallback after it is defined.
        for i in 0..self.sites.len() {
            self.function(i, file);
        }
        self.facts.mentions.sort_by_key(|m| m.span);
        self.facts.mentions.dedup_by_key(|m| m.span);
        self.facts.responses.sort_by_key(|r| r.status.span);
        self.facts.responses.dedup_by_key(|r| r.status.span);
        self.facts
    }

    fn mention(&mut self, st: &St) {
        self.facts.mentions.push(StatusMention {
            code: st.code,
            span: st.span,
            form: st.form,
        });
    }

    fn push(&mut self, resp: Resp, span: Span) {
        let Some(status) = resp.status else {
            return;
        };
        self.facts.responses.push(Response {
            status: Status {
                code: status.code,
                span: status.span,
                form: status.form,
            },
            headers: resp.headers,
            body: resp.body,
            span,
            method: self.method,
            fix_plan: FixPlan {
                add_header: resp.header_insert,
                remove_body: resp.remove_body,
                remove_body_changes_type: resp.remove_body_changes_type,
                status_style: status.style,
                route_values: self.route_values.clone(),
            },
            runtime: None,
        });
    }

    /// Finds what a function or closure returns and records the responses among it.
    fn function(&mut self, index: usize, file: &Registrations) {
        let site = self.sites[index];
        let f = site.node;
        let Some(body) = f.child_by_field_name("body") else {
            return;
        };
        let k = kinds();
        self.scope = Scope::default();
        self.scope.nodes = descendants(body, true);
        // Returned expressions, each with whether it is reached through an `Ok(..)`.
        let mut returned: Vec<(Node<'t>, bool)> = Vec::new();
        match body.kind() {
            "block" => returned.extend(block_tail(body).map(|n| (n, false))),
            _ => returned.push((body, false)),
        }
        for node in &self.scope.nodes {
            let kind = node.kind_id();
            if kind == k.identifier {
                let name = text(*node, self.src);
                self.scope.idents.entry(name).or_default().push(*node);
            } else if kind == k.let_declaration {
                if let Some(p) = node.child_by_field_name("pattern") {
                    if p.kind_id() == k.identifier {
                        let name = text(p, self.src);
                        self.scope.lets.entry(name).or_default().push((*node, None));
                    } else if p.kind() == "tuple_pattern" {
                        for (i, element) in named_children(p).into_iter().enumerate() {
                            let element = match element.kind() {
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
                                matches!(a.kind(), "identifier" | "scoped_identifier")
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
        let fallback = self.is_fallback(&site, file);
        self.method = self.handler_method(&site, file);
        self.route_values = f
            .child_by_field_name("name")
            .filter(|_| f.kind() == "function_item")
            .map_or_else(Vec::new, |name| file.route_values(self.text(name)));
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
            match node.kind() {
                "block" | "unsafe_block" | "async_block" => {
                    let block = if node.kind() == "block" {
                        Some(node)
                    } else {
                        named_children(node)
                            .into_iter()
                            .find(|c| c.kind() == "block")
                    };
                    returned.extend(block.and_then(block_tail).map(|n| (n, via_ok)));
                }
                "if_expression" => {
                    returned.extend(node.child_by_field_name("consequence").map(|n| (n, via_ok)));
                    if let Some(alt) = node.child_by_field_name("alternative") {
                        returned.extend(named_children(alt).into_iter().map(|n| (n, via_ok)));
                    }
                }
                "match_expression" => {
                    if let Some(arms) = node.child_by_field_name("body") {
                        for arm in named_children(arms) {
                            if arm.kind() == "match_arm" {
                                returned
                                    .extend(arm.child_by_field_name("value").map(|n| (n, via_ok)));
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
        for (leaf, via_ok) in leaves {
            // An extractor's `Ok(..)` is the extracted value; only its rejections are sent.
            if via_ok && rejection {
                continue;
            }
            for (val, arm) in self.eval_each(leaf) {
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
                    _ => continue,
                };
                if let Some(arm) = arm {
                    resp.keep_fixes_within(arm);
                }
                self.push(resp, span(leaf));
            }
        }
        if f.kind() == "function_item" {
            salvo::function(self, f);
        }
    }

    /// Whether `f` is a router fallback (`.fallback(|| ..)`, `.fallback(handler)`): axum's method
    /// router adds `Allow` to what a fallback returns.
    fn is_fallback(&self, site: &Site<'_>, file: &Registrations) -> bool {
        if site.node.kind() == "closure_expression" {
            return site
                .call()
                .and_then(|call| method_call(call, self.src))
                .is_some_and(|(_, m)| matches!(m, "fallback" | "method_not_allowed_fallback"));
        }
        site.node
            .child_by_field_name("name")
            .is_some_and(|n| file.is_fallback(self.text(n)))
    }

    /// Whether a bare status returned from the function `sites[index]` is sent as a response.
    fn is_handler(&self, index: usize) -> bool {
        let site = self.sites[index];
        let f = site.node;
        if f.kind() == "closure_expression" {
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
        let Some(ret) = f.child_by_field_name("return_type") else {
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
            .any(|c| c.kind() == "function_modifiers" && self.text(*c).contains("async"));
        has_route_attribute || (is_async && handler_like_type(ret))
    }

    /// The request method `f` handles, when its attribute or its registration in this file says so
    /// (`#[put("/x")]`, `put(handler)`, `.put(handler)`, `web::put().to(handler)`).
    fn handler_method(&self, site: &Site<'_>, file: &Registrations) -> Option<&'static str> {
        let f = site.node;
        if f.kind() == "closure_expression" {
            return self.registration_method(site.call()?);
        }
        if let Some(method) = site.route.and_then(http_method) {
            return Some(method);
        }
        let name = self.text(f.child_by_field_name("name")?);
        let mut methods = file.methods(name);
        let first = methods.next()?;
        // Registered for several methods: none of them is the handler's only method.
        methods.all(|m| m == first).then_some(first)
    }

    /// The method of a routing call whose argument is a handler: `put(h)`, `.put(h)`, `web::put().to(h)`.
    fn registration_method(&self, call: Node<'_>) -> Option<&'static str> {
        match method_call(call, self.src) {
            Some((receiver, "to")) => {
                let segments = path_call_segments(strip_parens(receiver), self.src)?;
                http_method(segments.last()?)
            }
            Some((_, method)) => http_method(method),
            None => http_method(path_call_segments(call, self.src)?.last()?),
        }
    }

    /// `StatusCode::NO_CONTENT`, `http::StatusCode::OK`, `Status::NoContent`.
    fn status_const(&self, node: Node<'_>) -> Option<St> {
        if node.kind() != "scoped_identifier" {
            return None;
        }
        let segments = path_segments(node, self.src)?;
        let [.., ty, name] = segments.as_slice() else {
            return None;
        };
        if !matches!(*ty, "StatusCode" | "Status") {
            return None;
        }
        let code = status::code_from_name(name)?;
        let upper = name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit());
        Some(St {
            code,
            span: span(node.child_by_field_name("name")?),
            form: StatusForm::Named,
            style: Some(if upper {
                StatusStyle::UpperConst
            } else {
                StatusStyle::CamelConst
            }),
        })
    }

    /// `StatusCode::from_u16(204)`, `Status::new(204)`, `Status::from_code(204)`, and numbers given to
    /// status setters (`.status(204)`, `.with_status(204)`, `.status_code(204)`).
    fn numeric_status_call(&self, call: Node<'_>) -> Option<St> {
        let first_arg = call_args(call).into_iter().next()?;
        let is_status_call = match path_call_segments(call, self.src) {
            Some(segments) => matches!(
                segments.as_slice(),
                [.., "StatusCode", "from_u16"] | [.., "Status", "new" | "from_code"]
            ),
            None => method_call(call, self.src).is_some_and(|(_, m)| {
                matches!(m, "status" | "with_status" | "status_code" | "set_status")
            }),
        };
        if !is_status_call {
            return None;
        }
        self.number(first_arg)
    }

    fn number(&self, node: Node<'_>) -> Option<St> {
        let node = strip_parens(node);
        let code = match node.kind() {
            "integer_literal" => integer_value(node, self.src)?,
            _ => string_value(node, self.src)?.parse().ok()?,
        };
        Some(St {
            code,
            span: span(node),
            form: StatusForm::Number,
            style: (node.kind() == "integer_literal").then_some(StatusStyle::Number),
        })
    }

    /// A status given as an argument: a constant, a number, or a variable holding one.
    fn status_arg(&self, node: Node<'_>, depth: u32) -> Option<St> {
        let node = strip_parens(node);
        if let Some(st) = self.number(node) {
            return Some(st);
        }
        match self.eval(node, depth + 1) {
            Val::Status(st) => Some(st),
            _ => None,
        }
    }

    /// Evaluates an expression to a status, a response, or unknown.
    fn eval(&self, node: Node<'_>, depth: u32) -> Val {
        if depth > MAX_DEPTH {
            return Val::Unknown;
        }
        let node = strip_parens(node);
        match node.kind() {
            "scoped_identifier" => match self.status_const(node) {
                Some(st) => Val::Status(st),
                None => axum::no_content(self, node)
                    .or_else(|| actix::error_helper_ref(self, node))
                    .or_else(|| poem::error_helper_ref(self, node))
                    .unwrap_or(Val::Unknown),
            },
            "identifier" => {
                match axum::no_content(self, node).or_else(|| actix::error_helper_ref(self, node)) {
                    Some(v) => v,
                    None => self.variable(node, depth),
                }
            }
            "call_expression" => self.call(node, depth),
            "tuple_expression" => axum::tuple(self, node, depth)
                .or_else(|| actix::tuple(self, node, depth))
                .unwrap_or(Val::Unknown),
            "try_expression" | "await_expression" => match node.named_child(0) {
                Some(inner) => self.eval(inner, depth + 1),
                None => Val::Unknown,
            },
            "match_expression" | "if_expression" | "block" => match self.resolve(node, None) {
                Some(value) if value.id() != node.id() => self.eval(value, depth + 1),
                _ => Val::Unknown,
            },
            "field_expression" => match self.tuple_element(node) {
                Some(element) => self.eval(element, depth + 1),
                None => Val::Unknown,
            },
            _ => Val::Unknown,
        }
    }

    /// `self.status_code()` (actix) or `self.status()` (poem) inside an `impl ResponseError`: each
    /// status that method of the same impl returns, one per evaluation run.
    fn own_status(&self, method: &str) -> Val {
        let Some(site) = self.site else {
            return Val::Unknown;
        };
        let (Some(list), Some(item)) = (site.parent, site.grandparent) else {
            return Val::Unknown;
        };
        if !actix::is_response_error_impl(item, self.src) {
            return Val::Unknown;
        }
        let Some(f) = named_children(list).into_iter().find(|n| {
            n.kind() == "function_item"
                && n.child_by_field_name("name")
                    .is_some_and(|id| self.text(id) == method)
        }) else {
            return Val::Unknown;
        };
        let leaves = returned_leaves(f, self.src);
        let spans: Vec<Span> = leaves.iter().map(|l| span(*l)).collect();
        let Some(chosen) = self.choose(f, &spans) else {
            return Val::Unknown;
        };
        let leaf = leaves[chosen];
        match self
            .status_const(leaf)
            .or_else(|| self.numeric_status_call(leaf))
        {
            Some(st) => Val::Status(st),
            None => Val::Unknown,
        }
    }

    /// `pair.0` of a local tuple that is not changed before: the element it names.
    fn tuple_element(&self, node: Node<'_>) -> Option<Node<'t>> {
        let value = node.child_by_field_name("value")?;
        let index = self
            .text(node.child_by_field_name("field")?)
            .parse::<usize>()
            .ok()?;
        if value.kind() != "identifier" {
            return None;
        }
        let (binding, None) = self.binding(value)? else {
            return None;
        };
        let init = binding.child_by_field_name("value")?;
        // Any use other than reading a field may change or move the tuple.
        let changed = self
            .scope
            .idents
            .get(self.text(value))
            .into_iter()
            .flatten()
            .filter(|n| n.start_byte() >= binding.end_byte() && n.end_byte() <= value.start_byte())
            .any(|n| {
                let Some(parent) = n.parent() else {
                    return true;
                };
                parent.kind() != "field_expression"
                    || parent.parent().is_some_and(|g| {
                        matches!(
                            g.kind(),
                            "assignment_expression" | "compound_assignment_expr"
                        ) || g.kind() == "reference_expression" && self.text(g).starts_with("&mut")
                    })
            });
        if changed {
            return None;
        }
        let init = self.resolve(init, None)?;
        self.resolve(init, Some(index))
    }

    fn call(&self, node: Node<'_>, depth: u32) -> Val {
        if let Some(st) = self
            .numeric_status_call(node)
            .filter(|_| method_call(node, self.src).is_none())
        {
            return Val::Status(st);
        }
        if let Some((receiver, method)) = method_call(node, self.src) {
            return self.method(node, receiver, method, depth);
        }
        let Some(segments) = path_call_segments(node, self.src) else {
            return Val::Unknown;
        };
        if self.pass_through(node) {
            return match call_args(node).into_iter().next() {
                Some(arg) => self.eval(arg, depth + 1),
                None => Val::Unknown,
            };
        }
        actix::path_call(self, node, &segments, depth)
            .or_else(|| poem::path_call(self, node, &segments, depth))
            .or_else(|| salvo::path_call(node, &segments))
            .or_else(|| http::path_call(self, node, &segments, depth))
            .or_else(|| rocket::path_call(self, node, &segments, depth))
            .or_else(|| warp::path_call(self, node, &segments, depth))
            .unwrap_or(Val::Unknown)
    }

    /// Wrappers whose one argument is what they produce: `Ok(..)`, `Err(..)`, `Box::new(..)`,
    /// `Either::Left(..)`, `future::ready(..)`.
    fn pass_through(&self, call: Node<'_>) -> bool {
        // On the function's text first: this runs for every call a function returns.
        let Some(function) = call.child_by_field_name("function") else {
            return false;
        };
        if !matches!(function.kind(), "identifier" | "scoped_identifier") {
            return false;
        }
        let path = self.text(function);
        let last = path.rsplit("::").next().unwrap_or(path);
        if !matches!(
            last,
            "Ok" | "Err"
                | "Some"
                | "new"
                | "pin"
                | "Left"
                | "Right"
                | "A"
                | "B"
                | "E1"
                | "E2"
                | "E3"
                | "E4"
                | "ready"
                | "ok"
                | "err"
        ) {
            return false;
        }
        path_call_segments(call, self.src).is_some_and(|s| {
            matches!(
                s.as_slice(),
                ["Ok" | "Err" | "Some"]
                    | [.., "Box", "new" | "pin"]
                    | [
                        ..,
                        "Either",
                        "Left" | "Right" | "A" | "B" | "E1" | "E2" | "E3" | "E4"
                    ]
                    | ["Left" | "Right"]
                    | ["ready" | "ok" | "err"]
                    | [.., "future", "ready" | "ok" | "err"]
            )
        }) && call_args(call).len() == 1
    }

    /// `receiver.method(args)` on a response, a builder or a body.
    fn method(&self, node: Node<'_>, receiver: Node<'_>, method: &str, depth: u32) -> Val {
        let args = call_args(node);
        if args.is_empty()
            && receiver.kind() == "self"
            && matches!(method, "status_code" | "status")
        {
            return self.own_status(method);
        }
        match method {
            // salvo's `StatusError` keeps its status through its message setters.
            "brief" | "cause" | "detail" | "summary" => match self.eval(receiver, depth + 1) {
                Val::Resp(resp) if resp.flavor == Flavor::Salvo => Val::Resp(resp),
                _ => Val::Unknown,
            },
            "unwrap"
            | "expect"
            | "into"
            | "boxed"
            | "map_into_boxed_body"
            | "map_into_left_body"
            | "map_into_right_body"
            | "finalize"
            | "into_response"
            | "respond" => {
                match self.eval(receiver, depth + 1) {
                    Val::Status(st) if method == "into_response" || method == "into" => {
                        let mut resp = Resp::new(Flavor::Value);
                        resp.status = Some(st);
                        resp.body = Body::Empty;
                        Val::Resp(Box::new(resp))
                    }
                    Val::Unknown if method == "into_response" => {
                        // `Json(x).into_response()`: a 200 whose body we may know; a later
                        // `*res.status_mut() = ..` can still give it a status.
                        Val::Resp(Box::new(self.body_resp(
                            receiver,
                            Flavor::Value,
                            "()",
                            depth,
                        )))
                    }
                    other => other,
                }
            }
            "with_status" => {
                let Some(st) = args.first().and_then(|a| self.status_arg(*a, depth)) else {
                    return Val::Unknown;
                };
                let mut resp = match self.eval(receiver, depth + 1) {
                    Val::Resp(resp) => *resp,
                    Val::Status(_) => return Val::Unknown,
                    Val::Unknown => poem::with_status_on_body(self, receiver, depth),
                };
                resp.status = Some(st);
                let style = if resp.flavor == Flavor::Actix {
                    HeaderStyle::ActixInsertHeader
                } else {
                    HeaderStyle::PoemWithHeader
                };
                resp.header_insert.get_or_insert(HeaderInsert {
                    at: node.end_byte(),
                    style,
                });
                Val::Resp(Box::new(resp))
            }
            "customize" => Val::Resp(Box::new(actix::customize(self, node, receiver, depth))),
            "status" | "status_code" | "set_status" => {
                let Val::Resp(mut resp) = self.eval(receiver, depth + 1) else {
                    return Val::Unknown;
                };
                let Some(st) = args.first().and_then(|a| self.status_arg(*a, depth)) else {
                    return Val::Unknown;
                };
                resp.status = Some(st);
                let style = match resp.flavor {
                    Flavor::Actix => HeaderStyle::ActixInsertHeader,
                    Flavor::Rocket => HeaderStyle::RocketRawHeader,
                    _ => HeaderStyle::BuilderHeader,
                };
                resp.header_insert = Some(HeaderInsert {
                    at: node.end_byte(),
                    style,
                });
                Val::Resp(resp)
            }
            m if header_method(m) => {
                let Val::Resp(mut resp) = self.eval(receiver, depth + 1) else {
                    return Val::Unknown;
                };
                resp.add_header(self.header_from_args(m, &args), span(node));
                Val::Resp(resp)
            }
            "finish" => {
                let Val::Resp(mut resp) = self.eval(receiver, depth + 1) else {
                    return Val::Unknown;
                };
                resp.body = Body::Empty;
                resp.remove_body = None;
                Val::Resp(resp)
            }
            "body" | "json" | "streaming" | "message_body" | "sized_body" | "streamed_body"
            | "set_body" | "with_body" | "body_json" | "body_string" => {
                let Val::Resp(mut resp) = self.eval(receiver, depth + 1) else {
                    return Val::Unknown;
                };
                let Some(arg) = args.last() else {
                    return Val::Unknown;
                };
                let info = if matches!(method, "json" | "body_json") {
                    // Serialising any value writes content, `null` at least.
                    BodyInfo {
                        body: Body::Present {
                            span: span(*arg),
                            pure: self.is_pure(*arg, 0),
                        },
                        headers_complete: true,
                    }
                } else {
                    self.body_of(*arg, depth + 1)
                };
                let call_tail = Span::new(receiver.end_byte(), node.end_byte());
                resp.remove_body = match resp.flavor {
                    Flavor::Actix | Flavor::Poem => Some(vec![edit(call_tail, ".finish()")]),
                    Flavor::Rocket => Some(vec![edit(call_tail, "")]),
                    // An `http` builder's `.body(..)` returns a `Result`; poem's builder does not
                    // and has `.finish()`.
                    Flavor::HttpBuilder if !builder_result_used(node, self.src) => {
                        Some(vec![edit(call_tail, ".finish()")])
                    }
                    // Keeps the builder's body type: every body type in use implements `Default`.
                    _ => Some(vec![edit(span(*arg), "Default::default()")]),
                }
                .filter(|_| matches!(info.body, Body::Present { .. }));
                resp.body = info.body;
                Val::Resp(resp)
            }
            _ => Val::Unknown,
        }
    }

    /// The last `let <name> = ..` before `ident` in the function being read (shadowing: the latest
    /// wins).
    fn binding(&self, ident: Node<'_>) -> Option<(Node<'t>, Option<usize>)> {
        let lets = self.scope.lets.get(self.text(ident))?;
        lets.iter()
            .rev()
            .find(|(n, _)| n.end_byte() <= ident.start_byte())
            .copied()
    }

    /// The expression a local holds at `ident` under the current choice (its `let` value, the
    /// tuple element it destructures, or its deferred assignment), with its `let`.
    fn local_value(&self, ident: Node<'_>) -> Option<(Node<'t>, Node<'t>)> {
        let (binding, field) = self.binding(ident)?;
        let value = match binding.child_by_field_name("value") {
            Some(value) => self.resolve(value, field)?,
            None if field.is_none() => self.resolve(self.deferred(binding, ident)?, None)?,
            None => return None,
        };
        Some((binding, value))
    }

    /// Follows a local variable to its `let` and replays the changes made to it before `use_site`.
    fn variable(&self, ident: Node<'_>, depth: u32) -> Val {
        let Some((binding, value)) = self.local_value(ident) else {
            return Val::Unknown;
        };
        let deferred = binding.child_by_field_name("value").is_none();
        let mut val = self.eval(value, depth + 1);
        if let Val::Resp(resp) = &mut val {
            // actix builder methods return `&mut Self`: chaining a header onto the end of a `let`
            // value that is a bare builder would bind a reference to a temporary. The header goes in
            // a statement of its own after the `let` instead.
            let inside_let = resp
                .header_insert
                .as_ref()
                .is_some_and(|h| h.at == value.end_byte() && h.at + 1 >= binding.end_byte());
            if inside_let && resp.flavor == Flavor::Actix {
                resp.header_insert = Some(HeaderInsert {
                    at: binding.end_byte(),
                    style: HeaderStyle::ActixInsertHeaderStatement {
                        receiver: self.text(ident).to_string(),
                        indent: indent_at(self.src, binding.start_byte()),
                    },
                });
            }
        }
        let all_uses = self
            .scope
            .idents
            .get(self.text(ident))
            .map_or(&[][..], Vec::as_slice);
        let from = all_uses.partition_point(|n| n.start_byte() < binding.end_byte());
        let to = all_uses.partition_point(|n| n.start_byte() < ident.start_byte());
        let key = (binding.id(), depth, self.arm_key());
        let known_unknown = self.scope.unknown_from.borrow().get(&key).copied();
        if known_unknown.is_some_and(|at| to > at) {
            return Val::Unknown;
        }
        let uses = all_uses[from..to.max(from)].iter();
        let mut unknown_at = None;
        for (i, use_site) in uses.enumerate() {
            count_visits(1);
            let at = from + i;
            let assigned = use_site.parent().is_some_and(|p| {
                p.kind() == "assignment_expression"
                    && p.child_by_field_name("left")
                        .is_some_and(|l| l.id() == use_site.id())
            });
            if deferred && assigned {
                // The assignments `deferred` read the value from.
                continue;
            }
            val = match val {
                Val::Unknown => Val::Unknown,
                // A status variable may be read freely, but not reassigned.
                Val::Status(_) if assigned => Val::Unknown,
                Val::Status(st) => Val::Status(st),
                Val::Resp(resp) => {
                    let conditional = conditional(*use_site, binding);
                    match self.mutation(*use_site, *resp, conditional, depth) {
                        Some(resp) => Val::Resp(Box::new(resp)),
                        None => Val::Unknown,
                    }
                }
            };
            if matches!(val, Val::Unknown) {
                unknown_at = Some(at);
                break;
            }
        }
        if let Some(at) = unknown_at {
            self.scope.unknown_from.borrow_mut().insert(key, at);
            return Val::Unknown;
        }
        val
    }

    /// Applies one use of a response variable (`res.headers_mut().insert(..)`, `*res.status_mut() = ..`,
    /// `builder.insert_header(..)`); `None` when the use may change it in ways we cannot see.
    /// A `conditional` use (inside a branch, loop or closure the `let` is not in) may or may not run:
    /// a header it adds makes the headers unknown, and a status it sets makes the response unknown.
    fn mutation(
        &self,
        use_site: Node<'_>,
        mut resp: Resp,
        conditional: bool,
        depth: u32,
    ) -> Option<Resp> {
        // `&res` handed to a function can be read, not changed.
        let shared_ref = use_site.parent().is_some_and(|p| {
            p.kind() == "reference_expression"
                && p.child(1).is_some_and(|c| c.id() == use_site.id())
                && p.parent().is_some_and(|a| a.kind() == "arguments")
        });
        if shared_ref {
            return Some(resp);
        }
        let field = use_site
            .parent()
            .filter(|p| p.kind() == "field_expression")?;
        if field.child_by_field_name("value")?.id() != use_site.id() {
            return None;
        }
        let call = field.parent().filter(|p| p.kind() == "call_expression")?;
        let (_, method) = method_call(call, self.src)?;
        let args = call_args(call);
        let receiver_name = self.text(use_site).to_string();
        let statement = call_statement(call);
        let adds_header = method == "headers_mut" || header_method(method);
        if conditional && matches!(method, "status_mut" | "set_status") {
            return None;
        }
        if conditional && adds_header {
            if method != "headers_mut" || !matches!(self.headers_mut_op(call), Some(MapOp::Read)) {
                resp.headers.complete = false;
            }
            return Some(resp);
        }
        match method {
            "headers_mut" => match self.headers_mut_op(call)? {
                MapOp::Add(name, at) => resp.add_header(name, at),
                // Reading the map (`get`, `contains_key`) changes nothing.
                MapOp::Read => {}
                MapOp::Other => resp.headers.complete = false,
            },
            "status_mut" => {
                // `*res.status_mut() = S;`
                let deref = call.parent().filter(|p| p.kind() == "unary_expression")?;
                let assign = deref
                    .parent()
                    .filter(|p| p.kind() == "assignment_expression")?;
                resp.status = Some(self.status_arg(assign.child_by_field_name("right")?, depth)?);
                resp.header_insert = Some(self.headers_mut_insert_after(statement?, receiver_name));
            }
            "set_status" => {
                resp.status = Some(self.status_arg(*args.first()?, depth)?);
                resp.header_insert = Some(self.headers_mut_insert_after(statement?, receiver_name));
            }
            m if header_method(m) => resp.add_header(self.header_from_args(m, &args), span(call)),
            // Getters leave the response as it is.
            "status" | "headers" | "body" | "version" | "extensions" | "extensions_mut"
            | "version_mut"
                if args.is_empty() => {}
            _ => return None,
        }
        Some(resp)
    }

    /// What `x.headers_mut().<op>(..)` does to the header map; `None` when the map is not used by a
    /// method call right away (it may be kept and changed anywhere).
    fn headers_mut_op(&self, headers_mut: Node<'_>) -> Option<MapOp> {
        let field = headers_mut
            .parent()
            .filter(|p| p.kind() == "field_expression")?;
        let call = field.parent().filter(|p| p.kind() == "call_expression")?;
        let (_, op) = method_call(call, self.src)?;
        let args = call_args(call);
        Some(match op {
            "insert" | "append" if args.len() == 2 => {
                MapOp::Add(self.header_name(args[0]), span(call))
            }
            "get" | "contains_key" | "len" | "is_empty" | "iter" | "keys" => MapOp::Read,
            _ => MapOp::Other,
        })
    }

    /// The fix plan "add `receiver.headers_mut().insert(..)` after `statement`".
    fn headers_mut_insert_after(&self, statement: Node<'_>, receiver: String) -> HeaderInsert {
        HeaderInsert {
            at: statement.end_byte(),
            style: HeaderStyle::HeadersMutInsert {
                receiver,
                indent: indent_at(self.src, statement.start_byte()),
            },
        }
    }

    /// The header a header-setting call adds, when its name is written out.
    fn header_from_args(&self, method: &str, args: &[Node<'_>]) -> Option<String> {
        match method {
            "content_type" | "with_content_type" => return Some("content-type".into()),
            "cookie" | "add_cookie" => return Some("set-cookie".into()),
            _ => {}
        }
        match args {
            [pair] => {
                let pair = strip_parens(*pair);
                match pair.kind() {
                    // actix `(name, value)` pairs
                    "tuple_expression" => self.header_name(*named_children(pair).first()?),
                    _ => self.typed_header(pair),
                }
            }
            [name, ..] => self.header_name(*name),
            [] => None,
        }
    }

    /// A header name written as a string or a well-known constant (`header::LOCATION`, `"Location"`).
    fn header_name(&self, node: Node<'_>) -> Option<String> {
        let node = strip_parens(node);
        if let Some(s) = string_value(node, self.src) {
            return Some(s.to_ascii_lowercase());
        }
        match node.kind() {
            "identifier" | "scoped_identifier" => {
                let segments = path_segments(node, self.src)?;
                let last = *segments.last()?;
                http::known_header_const(last)
            }
            "call_expression" => {
                let segments = path_call_segments(node, self.src)?;
                if matches!(segments.as_slice(), [.., "HeaderName", "from_static"]) {
                    let arg = *call_args(node).first()?;
                    return string_value(arg, self.src).map(str::to_ascii_lowercase);
                }
                None
            }
            _ => None,
        }
    }

    /// Typed headers given alone: `ContentType::json()`, `Header::new("X", v)`, `CacheControl(..)`.
    fn typed_header(&self, node: Node<'_>) -> Option<String> {
        let segments = match node.kind() {
            "call_expression" => path_call_segments(node, self.src)?,
            _ => path_segments(node, self.src)?,
        };
        if matches!(segments.as_slice(), [.., "Header", "new"]) {
            return self.header_name(*call_args(node).first()?);
        }
        let ty = segments
            .iter()
            .rev()
            .find(|s| s.chars().next().is_some_and(char::is_uppercase))?;
        let name = match *ty {
            "ContentType" => "content-type",
            "CacheControl" => "cache-control",
            "ETag" => "etag",
            "LastModified" => "last-modified",
            "Expires" => "expires",
            "ContentDisposition" => "content-disposition",
            "ContentLength" => "content-length",
            "ContentEncoding" => "content-encoding",
            "ContentLanguage" => "content-language",
            "Allow" => "allow",
            "Location" => "location",
            _ => return None,
        };
        Some(name.to_string())
    }

    /// A response whose body is `body` (status still to be set), with the fix that replaces a body
    /// that is present by `empty` (the framework's own empty body, so the response's type holds).
    fn body_resp(&self, body: Node<'_>, flavor: Flavor, empty: &str, depth: u32) -> Resp {
        let info = self.body_of(body, depth + 1);
        let mut resp = Resp::new(flavor);
        resp.headers.complete = info.headers_complete;
        if matches!(info.body, Body::Present { .. }) {
            resp.remove_body = Some(vec![edit(span(body), empty)]);
        }
        resp.body = info.body;
        resp
    }

    /// What a body expression is: empty, present (and side-effect free?), or unknown.
    fn body_of(&self, node: Node<'_>, depth: u32) -> BodyInfo {
        let unknown = BodyInfo {
            body: Body::Unknown,
            headers_complete: false,
        };
        if depth > MAX_DEPTH {
            return unknown;
        }
        let node = strip_parens(node);
        let present = |pure: bool| BodyInfo {
            body: Body::Present {
                span: span(node),
                pure,
            },
            headers_complete: true,
        };
        let empty = BodyInfo {
            body: Body::Empty,
            headers_complete: true,
        };
        match node.kind() {
            "unit_expression" => empty,
            "string_literal" | "raw_string_literal" => match string_value(node, self.src) {
                Some("") => empty,
                _ => present(true),
            },
            "macro_invocation" => {
                let name = node
                    .child_by_field_name("macro")
                    .map(|m| self.text(m))
                    .unwrap_or("");
                let name = name.rsplit("::").next().unwrap_or(name);
                match name {
                    "format" | "json" | "vec" | "concat" | "include_str" | "include_bytes" => {
                        // `format!("")` is empty, but nobody writes it; `json!({})` is `{}`.
                        present(true)
                    }
                    _ => unknown,
                }
            }
            "call_expression" => {
                if let Some((receiver, method)) = method_call(node, self.src) {
                    return match method {
                        "to_string" | "to_owned" | "clone" => present(self.is_pure(receiver, 0)),
                        _ => unknown,
                    };
                }
                let Some(segments) = path_call_segments(node, self.src) else {
                    return unknown;
                };
                let args = call_args(node);
                if is_empty_body_ctor(&segments) && args.is_empty() {
                    return empty;
                }
                if is_body_wrapper(&segments) {
                    return present(args.iter().all(|a| self.is_pure(*a, 0)));
                }
                unknown
            }
            "identifier" | "field_expression" => {
                // A local bound to a body expression; parameters and others stay unknown.
                let value = match node.kind() {
                    "identifier" => self.local_value(node).map(|(_, value)| value),
                    _ => self.tuple_element(node),
                };
                let Some(value) = value else {
                    return unknown;
                };
                let info = self.body_of(value, depth + 1);
                match info.body {
                    // The body is written at the variable: removing the use is the fix.
                    Body::Present { pure, .. } => BodyInfo {
                        body: Body::Present {
                            span: span(node),
                            pure,
                        },
                        headers_complete: info.headers_complete,
                    },
                    _ => info,
                }
            }
            _ => unknown,
        }
    }

    /// Whether evaluating `node` has no side effects we can see.
    fn is_pure(&self, node: Node<'_>, depth: u32) -> bool {
        if depth > 16 {
            return false;
        }
        let node = strip_parens(node);
        match node.kind() {
            "string_literal" | "raw_string_literal" | "integer_literal" | "float_literal"
            | "boolean_literal" | "char_literal" | "unit_expression" | "identifier"
            | "scoped_identifier" | "self" => true,
            "macro_invocation" => {
                let name = node
                    .child_by_field_name("macro")
                    .map(|m| self.text(m))
                    .unwrap_or("");
                matches!(name, "json" | "format" | "vec" | "serde_json::json")
            }
            "field_expression" => node
                .child_by_field_name("value")
                .is_some_and(|v| self.is_pure(v, depth + 1)),
            "reference_expression" | "tuple_expression" | "array_expression" => {
                named_children(node)
                    .iter()
                    .all(|c| c.kind() == "mutable_specifier" || self.is_pure(*c, depth + 1))
            }
            "call_expression" => {
                if let Some((receiver, method)) = method_call(node, self.src) {
                    return matches!(method, "to_string" | "to_owned" | "clone")
                        && self.is_pure(receiver, depth + 1);
                }
                path_call_segments(node, self.src).is_some_and(|s| is_body_wrapper(&s))
                    && call_args(node).iter().all(|a| self.is_pure(*a, depth + 1))
            }
            _ => false,
        }
    }
}

/// What a function returns, through blocks and `if`/`match` arms, without following locals (for a
/// method read from another one, whose locals are not in scope).
fn returned_leaves<'t>(f: Node<'t>, src: &str) -> Vec<Node<'t>> {
    let Some(body) = f.child_by_field_name("body") else {
        return Vec::new();
    };
    let mut stack: Vec<Node<'t>> = block_tail(body).into_iter().collect();
    stack.extend(
        descendants(body, true)
            .into_iter()
            .filter(|n| n.kind() == "return_expression")
            .filter_map(|n| n.named_child(0)),
    );
    let mut leaves = Vec::new();
    while let Some(node) = stack.pop() {
        if leaves.len() + stack.len() > 256 {
            return Vec::new();
        }
        let node = strip_parens(node);
        match node.kind() {
            "block" => stack.extend(block_tail(node)),
            "if_expression" | "match_expression" => stack.extend(flow::all_arms(node)),
            _ if flow::diverges(node, src) => {}
            _ => leaves.push(node),
        }
    }
    leaves.sort_by_key(|n| n.start_byte());
    leaves
}

/// The routing attribute an attribute item is (`#[get("/")]` -> `get`, `#[handler]`), if it is one.
fn route_attribute_name(attribute: &str) -> Option<&'static str> {
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
fn attribute_route(attribute: &str) -> Option<(&'static str, &str)> {
    let method = http_method(route_attribute_name(attribute)?)?;
    let (_, rest) = attribute.split_once("(\"")?;
    let (path, _) = rest.split_once('"')?;
    path.starts_with('/').then_some((method, path))
}

/// `put` -> `PUT`, for the methods routers name.
fn http_method(name: &str) -> Option<&'static str> {
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

/// Whether the result of a builder's `.body(..)` is unwrapped (`http`'s builder returns a `Result`).
fn builder_result_used(call: Node<'_>, src: &str) -> bool {
    let Some(parent) = call.parent() else {
        return false;
    };
    match parent.kind() {
        "try_expression" => true,
        "field_expression" => parent
            .parent()
            .and_then(|c| method_call(c, src))
            .is_some_and(|(_, m)| {
                matches!(
                    m,
                    "unwrap" | "expect" | "unwrap_or_default" | "map_err" | "unwrap_or_else"
                )
            }),
        _ => false,
    }
}

/// Whether `use_site` sits in a branch, loop or closure that the `let` (`binding`) is not in, so it
/// may not run every time. Climbs at most a few levels: deeper uses count as conditional.
fn conditional(use_site: Node<'_>, binding: Node<'_>) -> bool {
    let Some(block) = binding.parent() else {
        return true;
    };
    let mut node = use_site;
    for _ in 0..24 {
        let Some(parent) = node.parent() else {
            return true;
        };
        if parent.id() == block.id() {
            return false;
        }
        match parent.kind() {
            "if_expression" | "match_arm" | "while_expression" | "for_expression"
            | "loop_expression" | "closure_expression" | "else_clause"
                if parent
                    .child_by_field_name("condition")
                    .is_none_or(|c| c.id() != node.id()) =>
            {
                return true;
            }
            _ => {}
        }
        node = parent;
    }
    true
}

/// One use of a `headers_mut()` map.
pub(crate) enum MapOp {
    /// `insert`/`append` of a header (its name, when written out), at the call.
    Add(Option<String>, Span),
    /// A read that changes nothing.
    Read,
    /// Anything else: the map may now hold any header.
    Other,
}

/// The statement a call is the expression of (`res.x();`), if it is one.
fn call_statement(call: Node<'_>) -> Option<Node<'_>> {
    let mut node = call;
    for _ in 0..4 {
        let parent = node.parent()?;
        if parent.kind() == "expression_statement" {
            return Some(parent);
        }
        if !matches!(
            parent.kind(),
            "unary_expression" | "assignment_expression" | "try_expression"
        ) {
            return None;
        }
        node = parent;
    }
    None
}

/// Methods that add one header to a builder or response.
fn header_method(method: &str) -> bool {
    matches!(
        method,
        "header"
            | "insert_header"
            | "append_header"
            | "with_header"
            | "raw_header"
            | "set_header"
            | "set_raw_header"
            | "add_header"
            | "content_type"
            | "with_content_type"
            | "cookie"
            | "add_cookie"
            | "typed_header"
    )
}

/// Constructors of an empty body.
fn is_empty_body_ctor(segments: &[&str]) -> bool {
    matches!(
        segments,
        [.., "String" | "Vec" | "Bytes" | "Empty" | "BytesMut", "new"]
            | [
                ..,
                "Body" | "Full" | "Bytes" | "Default" | "String",
                "default"
            ]
            | [.., "Body", "empty"]
            | ["warp", "reply"]
            | [.., "reply", "reply"]
    )
}

/// Constructors that wrap a value into a body that is sent (`Json(x)` is `null` even for `()`).
fn is_body_wrapper(segments: &[&str]) -> bool {
    matches!(
        segments,
        [
            ..,
            "Json" | "Html" | "PlainText" | "Text" | "Form" | "RawJson" | "RawHtml" | "Xml"
        ] | [.., "Body" | "Full" | "Bytes" | "String" | "Vec", "from"]
            | [.., "Full", "new"]
            | [.., "Bytes", "from_static"]
            | [.., "reply", "json" | "html"]
            | [.., "Text", "Plain"]
    )
}

/// Whether a declared return type is what a handler returns (not, say, a helper's `Result<User, _>`).
fn handler_like_type(ret: &str) -> bool {
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

#[cfg(test)]
mod hostile_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefilter_only_skips_files_without_status_tokens() {
        assert!(!may_build_response("fn main() { println!(\"hi\"); }"));
        for text in [
            "async fn h() -> StatusCode { StatusCode::GONE }",
            "fn h() -> HttpResponse { HttpResponse::Gone().finish() }",
            "async fn h() -> impl IntoResponse { NoContent }",
            "fn h() -> Custom<&'static str> { Custom(Status::Gone, \"x\") }",
            "fn h() -> Response { Response::builder().status(410).body(()).unwrap() }",
        ] {
            assert!(may_build_response(text), "{text}");
            let tree = crate::lint::parse(&mut crate::lint::rust_parser(), text, None).unwrap();
            assert!(!extract(text, &tree).responses.is_empty(), "{text}");
        }
    }

    fn facts(text: &str) -> FileFacts {
        let tree = crate::lint::parse(&mut crate::lint::rust_parser(), text, None).unwrap();
        extract(text, &tree)
    }

    #[test]
    fn deep_nesting_is_read_without_deep_recursion() {
        let n = 10_000;
        // Blocks nested 10,000 deep: the tail is still found.
        let blocks = format!(
            "async fn h() -> impl IntoResponse {{ {}(StatusCode::UNAUTHORIZED, \"x\"){} }}",
            "{ ".repeat(n),
            " }".repeat(n)
        );
        assert_eq!(facts(&blocks).responses.len(), 1);
        // Closures nested 10,000 deep (each one's context comes from the walk, not parent lookups).
        let closures = format!("fn h() {{ let f = {}async {{ 1 }}; }}", "|| ".repeat(n));
        assert!(facts(&closures).responses.is_empty());
        // Parentheses and a 10,000-call method chain exceed the evaluator's depth bound: unknown.
        let parens = format!(
            "async fn h() -> impl IntoResponse {{ {}StatusCode::NO_CONTENT, \"x\"{} }}",
            "(".repeat(n),
            ")".repeat(n)
        );
        assert!(facts(&parens).responses.is_empty());
        let chain = format!(
            "async fn h() -> HttpResponse {{ HttpResponse::Unauthorized(){}.finish() }}",
            ".insert_header((\"x\", \"y\"))".repeat(n)
        );
        assert!(facts(&chain).responses.is_empty());
    }

    #[test]
    fn many_uses_of_one_variable() {
        let returns: String = (0..5_000)
            .map(|i| format!("if c{i} {{ return res; }}\n"))
            .collect();
        let text = format!(
            "async fn h() -> Response {{\nlet mut res = Json(x).into_response();\n*res.status_mut() = StatusCode::UNAUTHORIZED;\n{returns}res\n}}"
        );
        // The first return is a known 401; later ones follow a use we cannot read: unknown.
        let found = facts(&text).responses;
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].status.code, 401);
    }

    #[test]
    fn handler_types() {
        assert!(handler_like_type("Result<Json<User>, StatusCode>"));
        assert!(handler_like_type("impl IntoResponse"));
        assert!(handler_like_type("StatusCode"));
        assert!(!handler_like_type("Result<User, StatusCode>"));
        // A handler that sends only its error.
        assert!(handler_like_type("Result<(), StatusCode>"));
        assert!(!handler_like_type("Result<(), sqlx::Error>"));
    }
}
