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
mod eval;
mod flow;
mod handlers;
mod http;
mod inplace;
mod package;
mod poem;
mod returns;
mod rocket;
mod salvo;
mod segments;
mod summaries;
mod syntax;
mod variants;
mod warp;

use crate::extract::Field;
use eval::*;
use flow::*;
use handlers::*;
use returns::*;

use std::collections::HashMap;

use tree_sitter::{Node, Tree};

use crate::extract::{Fixes, Packages, Spec};
use crate::model::{
    Body, Edit, FileFacts, FixPlan, HeaderInsert, HeaderStyle, Headers, Response, Span, Status,
    StatusForm, StatusMention, StatusStyle,
};
use crate::status;
pub use segments::{parse_range, RustItems, Segments, TextEdit};
pub(crate) use syntax::indent_at;
use syntax::*;

/// What statuslint reads as Rust (see `extract::Spec`).
pub(crate) static DIALECTS: [Spec; 1] = [Spec {
    name: "rust",
    extensions: &["rs"],
    no_code_suffixes: &[],
    bundle_suffixes: &[],
    one_line_bundles: false,
    language_ids: &["rust"],
    skipped_dirs: &[],
    build_dir: Some(("target", "Cargo.toml")),
    // tree-sitter-rust 0.24 is ABI 15.
    grammar: || tree_sitter_rust::LANGUAGE.into(),
    may_build_response,
    read: |text, tree, view| crate::extract::Segments::new(Segments::read_with(text, tree, view)),
    unparsed: package::unparsed,
    packages: Packages {
        manifest: "Cargo.toml",
        roots: package::roots,
        root_without_manifest: |_| None,
        watched: &["Cargo.toml"],
        module_of: package::module_of,
        dependencies: package::dependencies,
        nested: package::nested,
        forget: package::forget,
    },
    fixes: Fixes {
        render: crate::extract::fix::render,
        retitle: crate::extract::fix::retitle,
        memoized: crate::extract::fix::memoized,
    },
}];

/// Rust, as a `Language`.
#[cfg(test)]
pub(crate) fn language() -> crate::extract::Language {
    crate::extract::Language::from_spec(&DIALECTS[0])
}

/// Deeper than any real response expression; bounds the evaluator's recursion.
const MAX_DEPTH: u32 = 48;

/// Whether `text` may contain a status the extractor recognises. Every status it finds is spelled with
/// one of these tokens: `StatusCode`/`Status` paths and the status setters (`.status(..)`,
/// `with_status`, `status_code`, `set_status`, `status_mut`, Rocket's `status::` helpers) all contain
/// "tatus"; actix's helpers need `HttpResponse`; axum's and Rocket's `NoContent`; Rocket's `Custom`;
/// a Rocket catcher (which the index needs even when it names no status) `#[catch(..)]`;
/// a helper returning a header pair for the index (`HeaderName`); actix's error helpers
/// (`ErrorUnauthorized`: `Error` and a status name); a router, whose routes the index shares with
/// handlers in other files (`.route(`, aide's `api_route(`, poem's `.at("`).
/// A file with none of them yields no facts, so skipping its parse loses nothing.
pub fn may_build_response(text: &str) -> bool {
    [
        "tatus",
        "HttpResponse",
        "NoContent",
        "Custom",
        "catch(",
        "HeaderName",
        "route(",
        ".at(\"",
        // A conversion, or a value converted: `Error::Unauthorized.into_response()` names no status.
        "nto_response",
        "IntoResponse",
    ]
    .iter()
    .any(|token| text.contains(token))
        || text.match_indices("Error").any(|(at, _)| {
            let rest = &text[at + "Error".len()..];
            let end = rest
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(rest.len());
            rest.starts_with(|c: char| c.is_ascii_uppercase())
                && status::code_from_name(&rest[..end]).is_some()
        })
}

/// Reads the responses `tree` (the parse of `text`) builds. Top-level items are read one by one
/// (see `Segments`), so the language server can re-read only the item an edit falls in.
pub fn extract(text: &str, tree: &Tree) -> FileFacts {
    Segments::read(text, tree).facts()
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
        (self.node.kind_str() == "closure_expression"
            && self.parent.is_some_and(|p| p.kind_str() == "arguments"))
        .then_some(self.grandparent)
        .flatten()
    }
}

/// The function being read: its nodes, and its `let`s and identifiers by name, so following a
/// variable costs its uses, not the function's size.
#[derive(Default)]
pub(crate) struct Scope<'s, 't> {
    nodes: Vec<Node<'t>>,
    /// Per node, the position of its parent in `nodes` (`u32::MAX` for the body): `Cx::up` reads
    /// it instead of asking tree-sitter, which descends from the root for every `parent()`.
    parents: Vec<u32>,
    /// Each `let` binding a name, with the tuple element it takes (`let (status, body) = ..`).
    lets: HashMap<&'s str, Vec<(Node<'t>, Option<usize>)>>,
    idents: HashMap<&'s str, Vec<Node<'t>>>,
    /// Per `let` (node id, depth): the index into its name's uses from which replaying them gives
    /// unknown. Every return of a variable replays the same uses from its `let`; without this,
    /// n returns after n mutations would cost n² replays.
    /// Keyed also by the arm the run takes (`Cx::arm_key`): a local's value may differ per arm.
    unknown_from: std::cell::RefCell<HashMap<ReplayKey, usize>>,
}

impl<'t> Scope<'_, 't> {
    /// `node`'s position in `nodes`, found by its start byte: the nodes are in document order, so
    /// their start bytes never decrease.
    fn position(&self, node: Node<'_>) -> Option<usize> {
        let start = node.start_byte();
        let first = self.nodes.partition_point(|n| n.start_byte() < start);
        self.nodes[first..]
            .iter()
            .take_while(|n| n.start_byte() == start)
            .position(|n| n.id() == node.id())
            .map(|at| first + at)
    }
}

/// A `let` (node id), the evaluation depth, and the arm of the run (`Cx::arm_key`).
type ReplayKey = (usize, u32, (usize, usize));

/// A status value with where and how it is written.
#[derive(Debug, Clone)]
pub(crate) struct St {
    /// Meaningless when `symbol` is set.
    code: u16,
    /// Set while summarizing a function: the status is its parameter or its receiver's field, known
    /// only at a call (see `summaries`).
    symbol: Option<Symbol>,
    span: Span,
    form: StatusForm,
    style: Option<StatusStyle>,
}

/// A status known only at a call site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Symbol {
    Param(usize),
    Field(String),
    /// A constant another function writes and is reported at: not reported again here.
    Elsewhere,
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
    /// Where it is built, when that is another function (see `summaries`).
    related: Vec<crate::model::Related>,
    /// An unfinished builder returned by a helper: the caller finishes it.
    from_builder_helper: bool,
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
            related: Vec::new(),
            from_builder_helper: false,
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
    /// A value of a type of the crate's own that may become a response (an error struct), with the
    /// statuses its fields are known to hold (see `summaries`).
    Value(Box<summaries::UserValue>),
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
    /// The route of the function being read, when the file routes it (see `Registrations::route`).
    route: Option<crate::model::Route>,
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
    /// The index names resolve through (the file's own, at least, once it has summaries).
    view: Option<crate::index::View<'s>>,
    /// The parameters of the function being read: name and type text (see `summaries`).
    params: Vec<(&'s str, &'s str)>,
    /// The names looked up in the index, and those that did not resolve (with where).
    lookups: std::cell::RefCell<summaries::Lookups>,
    /// Responses of the function being read whose status is known only at a call (symbolic),
    /// written to a `&mut Response` parameter (salvo): its summary.
    written: Vec<(Resp, Span)>,
    /// Per call handing a response to a helper: the headers the helper may add (see `inplace`).
    handed: std::cell::RefCell<HashMap<usize, Option<Vec<String>>>>,
    /// The typed headers the file names (see `inplace`), read once.
    typed_named: std::cell::OnceCell<Vec<String>>,
    /// The file's syntax tree, for the few questions asked of the whole file.
    root: Node<'t>,
    /// Whether the text says `mod` anywhere (see `inline_module`), read once.
    has_mod: std::cell::OnceCell<bool>,
}

fn edit(span: Span, new_text: impl Into<String>) -> Edit {
    Edit {
        span,
        new_text: new_text.into(),
    }
}

impl<'s, 't> Cx<'s, 't> {
    /// `node`'s parent, found from the function being read (`syntax::parent_under`).
    pub(super) fn up<'n>(&self, node: Node<'n>) -> Option<Node<'n>>
    where
        't: 'n,
    {
        let nodes = &self.scope.nodes;
        let known = (self.scope.position(node))
            .and_then(|i| self.scope.parents.get(i))
            .and_then(|&p| nodes.get(p as usize));
        match known {
            Some(parent) => Some(*parent),
            None => syntax::parent_under(self.site.map(|s| s.node), node),
        }
    }

    fn text(&self, node: Node<'_>) -> &'s str {
        text(node, self.src)
    }

    /// Reads every function scanned, with the registrations of the whole file, and returns the facts.
    fn evaluate(mut self, file: &Registrations) -> FileFacts {
        self.poem_tuples = file.poem_tuples();
        self.uses_poem = file.0.contains(&Registration::Uses("poem"));
        // Functions after the scan: a handler may be registered as a fallback after it is defined.
        for i in 0..self.sites.len() {
            self.function(i, file);
        }
        for site in &self.sites {
            let code = site
                .catch
                .and_then(|literal| integer_value(literal, self.src));
            if let Some(code) = code {
                self.facts
                    .index
                    .catchers
                    .push((code, site.node.start_byte()));
            }
        }
        self.finish_lookups();
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

    fn push(&mut self, mut resp: Resp, span: Span) {
        // A parameter as the body: unknown outside the helper's summary.
        if matches!(resp.body, Body::Param(_)) {
            resp.body = Body::Unknown;
        }
        // Known only at a call: the caller reports it.
        if resp.status.as_ref().is_some_and(|s| s.symbol.is_some()) {
            self.written.push((resp, span));
            return;
        }
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
            route: self.route.clone(),
            fix_plan: FixPlan {
                add_header: resp.header_insert,
                remove_body: resp.remove_body,
                remove_body_changes_type: resp.remove_body_changes_type,
                status_style: status.style,
                route_values: self.route_values.clone(),
                move_late: Vec::new(),
            },
            runtime: None,
            related: resp.related,
        });
    }
}

#[cfg(test)]
mod hostile_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_files_and_documents() {
        use std::path::Path;
        let rust = Some(language());
        assert_eq!(
            crate::extract::Language::from_path(Path::new("src/a.rs")),
            rust
        );
        assert_eq!(crate::extract::Language::from_language_id("rust"), rust);
        // A file named without a known extension is read as Rust (the registry's first).
        assert_eq!(Some(crate::extract::Language::default()), rust);
        let tree = language().parser().parse("fn f() {}", None).unwrap();
        assert!(!tree.root_node().has_error());
    }

    #[test]
    fn prefilter_only_skips_files_without_status_tokens() {
        assert!(!may_build_response("fn main() { println!(\"hi\"); }"));
        for text in [
            "async fn h() -> StatusCode { StatusCode::GONE }",
            "fn h() -> HttpResponse { HttpResponse::Gone().finish() }",
            "async fn h() -> impl IntoResponse { NoContent }",
            "fn h() -> Custom<&'static str> { Custom(Status::Gone, \"x\") }",
            "fn h() -> Response { Response::builder().status(410).body(()).unwrap() }",
            "async fn h() -> Result<HttpResponse, Error> { let u = f().map_err(ErrorUnauthorized)?; Ok(u) }",
        ] {
            assert!(may_build_response(text), "{text}");
            let tree = crate::lint::parse(&mut language().parser(), text, None).unwrap();
            assert!(!extract(text, &tree).responses.is_empty(), "{text}");
        }
    }

    fn facts(text: &str) -> FileFacts {
        let tree = crate::lint::parse(&mut language().parser(), text, None).unwrap();
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
