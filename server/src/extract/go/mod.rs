//! Go extraction (issue 19). A status counts only in a handler: a function, method or function
//! literal taking `(w http.ResponseWriter, r *http.Request)` (`nethttp`), a `*gin.Context`
//! (`gin`), an `echo.Context` and returning `error` (`echo`), a `*fiber.Ctx` (or fiber v3's
//! `fiber.Ctx`) and returning `error` (`fiber`). Client code (`http.Get`, `resp.StatusCode`)
//! has no writer or context to write to, so it never fires; a file importing `testing` or
//! `net/http/httptest` holds fake servers and is not read. A function a handler of the file calls
//! with identifiers only, its writer or context among them (`unauthorized(c)`), is a helper of its
//! callers, which may have set headers first: it is not read as a handler, and its callers lose
//! track at the call.
//!
//! Each framework file turns calls into `flow::Effect`s; `flow` follows them along the paths
//! through the handler. A net/http function handed the writer is summarized as what it writes
//! (`helpers`), and its callers across the package and the module (`package`) read the summary.

mod echo;
mod errors;
mod fiber;
mod flow;
mod gin;
mod helpers;
mod nethttp;
mod package;
mod syntax;

use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use tree_sitter::Node;

use crate::extract::segments::{self, FileRegistrations, Found, Reader};
use crate::extract::{Field, Fixes, Packages, Spec};
use crate::index::{Import, View, ALIASED};
use crate::model::FileFacts;

use helpers::Function;

use syntax::text_of;

/// What statuslint reads as Go (see `extract::Spec`).
pub(crate) static DIALECTS: [Spec; 1] = [Spec {
    name: "go",
    extensions: &["go"],
    no_code_suffixes: &[],
    bundle_suffixes: &[],
    one_line_bundles: false,
    language_ids: &["go"],
    // Vendored modules are not the user's code; `testdata` holds inputs of tests.
    skipped_dirs: &["vendor", "testdata"],
    build_dir: None,
    // tree-sitter-go 0.25 is ABI 15.
    grammar: || tree_sitter_go::LANGUAGE.into(),
    may_build_response,
    read: |text, tree, view| crate::extract::Segments::new(Segments::read_with(text, tree, view)),
    unparsed: |_| None,
    packages: Packages {
        manifest: "go.mod",
        roots: |_| true,
        root_without_manifest: |_| None,
        watched: &["go.mod"],
        module_of: package::module_of,
        // Other modules (`replace` targets included) are not read.
        dependencies: |_| Vec::new(),
        nested: package::nested,
        forget: package::forget,
    },
    fixes: Fixes {
        render: crate::extract::fix::render,
        retitle: crate::extract::fix::retitle,
        memoized: crate::extract::fix::memoized,
    },
}];

/// The web APIs a Go handler is read for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framework {
    NetHttp,
    Gin,
    Echo,
    Fiber,
}

/// A handler: its framework and the name of its writer (`w`) or context (`c`).
#[derive(Debug, Clone, Copy)]
pub(super) struct Handler<'a> {
    framework: Framework,
    ctx: &'a str,
}

/// Every handler read takes one of these types.
const TOKENS: [&str; 4] = ["ResponseWriter", "gin.Context", "echo.Context", "fiber.Ctx"];

/// An error type's method reporting its status (see `errors`).
const STATUS_METHOD: &str = "StatusCode() int";

/// Whether `text` may hold a handler (or a helper handed the writer or context).
fn has_handler(text: &str) -> bool {
    TOKENS.iter().any(|t| text.contains(t))
}

/// A file with neither a handler nor an error type's `StatusCode() int` yields no facts.
pub fn may_build_response(text: &str) -> bool {
    // One pass over the text for all the tokens (a file may be asked more than once).
    static FINDER: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    let tokens = || TOKENS.iter().chain([&STATUS_METHOD]);
    match FINDER.get_or_init(|| AhoCorasick::new(tokens()).ok()) {
        Some(finder) => finder.is_match(text),
        None => tokens().any(|t| text.contains(t)),
    }
}

/// How Go files are cut into items: each top-level declaration. An edit inside one function or
/// method declaration re-parses and re-reads it alone (`one_item`); any other edit re-parses the
/// file, keeping the facts of the declarations it did not touch.
#[derive(Debug)]
pub struct GoItems;

/// What one declaration says about how the file is read.
#[derive(Debug, Clone, PartialEq)]
pub enum Registration {
    /// An import of `testing` or `net/http/httptest`: the file's handlers are fakes.
    TestImport,
    /// The file installs its own error handler (echo's `HTTPErrorHandler`, fiber's
    /// `ErrorHandler`): errors handlers return may be rendered with any header.
    ErrorHandler(Framework),
    /// A middleware of the file (one handing the request on: `c.Next()`, `next(c)`,
    /// `next.ServeHTTP(w, r)`) sets a header: every response of the framework may carry it.
    /// The header is named (lower-case) when its name is read: then only that header is added.
    MiddlewareHeaders(Framework, Option<String>),
    /// A handler calls a function of this name with identifiers only, its writer or context among
    /// them (`deny(c)`, `h.notFound(w, r)`): a function of that name is its callers' helper.
    Helper(String),
}

/// A Go file's facts, per top-level declaration.
pub type Segments = segments::Segments<GoItems>;

impl Reader for GoItems {
    type Registration = Registration;

    fn boundaries(root: Node<'_>, _text: &str, ends: &mut Vec<(usize, bool)>) {
        for child in root.children(&mut root.walk()) {
            let reusable = child.start_position().column == 0 && !child.has_error();
            ends.push((child.end_byte(), reusable));
        }
    }

    fn one_item(children: &[Node<'_>], text: &str, end: usize) -> bool {
        // A function or method declaration at column 0 that ends in its `}` at the end of a line
        // (after comments only): the line break after it ends it (Go inserts a semicolon there),
        // so nothing after it can extend it, and after it the parser is where it is at the start
        // of a file. Other declarations (`var x = f(\n..)`, an import list) are read with the file.
        let Some((item, leading)) = children.split_last() else {
            return false;
        };
        let rest_of_line = text
            .get(end..)
            .unwrap_or("")
            .split('\n')
            .next()
            .unwrap_or("");
        matches!(
            item.kind_str(),
            "function_declaration" | "method_declaration"
        ) && !item.has_error()
            && item.end_byte() == end
            && item.start_position().column == 0
            && text.get(..end).is_some_and(|t| t.ends_with('}'))
            && rest_of_line.trim().is_empty()
            && leading.iter().all(|n| n.kind_str() == "comment")
    }

    fn read(
        text: &str,
        _root: Node<'_>,
        children: &[Node<'_>],
        skip: &[Range<usize>],
        file: FileRegistrations<'_, Registration>,
        view: Option<View<'_>>,
    ) -> Option<(Found<Registration>, FileFacts)> {
        // `skip` is sorted and disjoint, and so are the children: one pass over both (testing
        // every child against every range made an edit in a large file quadratic).
        let mut kept: Vec<Node<'_>> = Vec::with_capacity(children.len());
        let mut ranges = skip.iter().peekable();
        for child in children {
            let (start, end) = (child.start_byte(), child.end_byte());
            while ranges.next_if(|r| r.end < end).is_some() {}
            if !ranges
                .peek()
                .is_some_and(|r| r.start <= start && end <= r.end)
            {
                kept.push(*child);
            }
        }
        let mut found: Found<Registration> = Vec::new();
        let mut facts = FileFacts::default();
        // The functions read for responses, found once: the registrations need them first.
        let mut handlers = Vec::new();
        for item in &kept {
            registrations(*item, text, &mut found, &mut handlers);
            if item.kind_str() == "import_declaration" {
                imports(*item, text, &mut facts.index.imports);
            }
        }
        let all = file(&found)?;
        if !all.contains(&Registration::TestImport) {
            read_handlers(handlers, text, &all, view, &mut facts);
            // Declarations without a handler may declare error types and their values.
            for item in &kept {
                if !has_handler(text_of(*item, text)) {
                    errors::read_item(*item, text, &mut facts);
                }
            }
        }
        // Go records no routes or variant uses: only the handed names need their keys.
        if !facts.index.handed.is_empty() {
            facts.index.key_routes();
        }
        facts.responses.sort_by_key(|r| r.span.start);
        Some((found, facts))
    }
}

/// A function read for responses: what its signature says, its node and its body.
type Read<'t> = (Function<'t>, Node<'t>, Node<'t>);

/// What one top-level declaration registers; its functions read for responses go to `handlers`.
fn registrations<'t>(
    item: Node<'t>,
    text: &'t str,
    found: &mut Found<Registration>,
    handlers: &mut Vec<Read<'t>>,
) {
    let written = text_of(item, text);
    let at = item.start_byte();
    if item.kind_str() == "import_declaration" {
        let test = ["\"testing\"", "\"net/http/httptest\"", "`testing`"];
        if test.iter().any(|t| written.contains(t)) {
            found.push((at, Registration::TestImport));
        }
        return;
    }
    // `e.HTTPErrorHandler = ..`; `fiber.New(fiber.Config{ErrorHandler: ..})`.
    if written.contains("HTTPErrorHandler") {
        found.push((at, Registration::ErrorHandler(Framework::Echo)));
    }
    if written.contains("ErrorHandler:") && written.contains("fiber.") {
        found.push((at, Registration::ErrorHandler(Framework::Fiber)));
    }
    if !has_handler(written) {
        return;
    }
    let mut sets: Vec<(Framework, Option<String>)> = Vec::new();
    let mut helpers: Vec<String> = Vec::new();
    each_handler(item, text, |fun, function, body| {
        let handler = fun.handler;
        let (set, called) = calls_of(handler, function, body, text);
        for name in set {
            if !sets.contains(&(handler.framework, name.clone())) {
                sets.push((handler.framework, name));
            }
        }
        for name in called {
            if !helpers.contains(&name) {
                helpers.push(name);
            }
        }
        handlers.push((fun, function, body));
    });
    for (framework, name) in sets {
        found.push((at, Registration::MiddlewareHeaders(framework, name)));
    }
    for name in helpers {
        found.push((at, Registration::Helper(name)));
    }
}

/// Reads `handlers` (in the order of the file) into `facts`: their responses, and what net/http
/// helpers write (see `helpers`).
fn read_handlers(
    handlers: Vec<Read<'_>>,
    text: &str,
    registrations: &[Registration],
    view: Option<View<'_>>,
    facts: &mut FileFacts,
) {
    for (fun, function, body) in handlers {
        let helper = fun.name.is_some_and(|name| {
            registrations
                .iter()
                .any(|r| matches!(r, Registration::Helper(h) if h == name))
        });
        // A helper of the file's handlers is read only where its summary may serve them: it
        // starts from what its callers did, which it does not see.
        if helper && !fun.summarized() {
            continue;
        }
        let framework = fun.handler.framework;
        let mut middleware = Some(Vec::new());
        for r in registrations {
            if let Registration::MiddlewareHeaders(f, name) = r {
                match (name, middleware.as_mut()) {
                    (Some(name), Some(names)) if *f == framework => names.push(name.clone()),
                    (None, _) if *f == framework => middleware = None,
                    _ => {}
                }
            }
        }
        let settings = flow::Settings {
            custom_errors: registrations.contains(&Registration::ErrorHandler(framework)),
            middleware_headers: middleware.as_deref(),
            helper,
        };
        flow::read_handler(&fun, function, body, text, settings, view, facts);
    }
}

/// Calls `f` with each function of `item` read for responses (a handler, or a net/http function
/// handed the writer), its node and its body.
fn each_handler<'t>(
    item: Node<'t>,
    text: &'t str,
    mut f: impl FnMut(Function<'t>, Node<'t>, Node<'t>),
) {
    let receiver = helpers::receiver(item, text);
    let scope = text_of(item, text);
    // A handler's parameters name one of `TOKENS`: only subtrees holding one are looked through.
    let start = item.start_byte();
    let mut at: Vec<usize> = TOKENS
        .iter()
        .flat_map(|t| scope.match_indices(t).map(move |(i, _)| start + i))
        .collect();
    at.sort_unstable();
    syntax::walk_at(item, &at, |node| {
        if !matches!(
            node.kind_str(),
            "function_declaration" | "method_declaration" | "func_literal"
        ) {
            return;
        }
        let fun = Function::of(node, text, receiver, scope).or_else(|| {
            let name = node.field("name").map(|n| text_of(n, text));
            handler(node, text).map(|h| Function::plain(h, name, scope))
        });
        if let (Some(fun), Some(body)) = (fun, node.field("body")) {
            f(fun, node, body);
        }
    });
}

/// The gin, echo or fiber handler `function` is, if it is one (net/http's are `Function::of`).
fn handler<'t>(function: Node<'_>, text: &'t str) -> Option<Handler<'t>> {
    let parameters = function.field("parameters")?;
    let declarations: Vec<Node<'_>> = parameters
        .named_children(&mut parameters.walk())
        .filter(|p| p.kind_str() != "comment")
        .collect();
    let [parameter] = declarations.as_slice() else {
        return None;
    };
    let names: Vec<Node<'_>> = parameter
        .children_by_field_name("name", &mut parameter.walk())
        .collect();
    let ([name], Some(ty)) = (names.as_slice(), parameter.field("type")) else {
        return None;
    };
    let ctx = text_of(*name, text);
    if ctx == "_" {
        return None;
    }
    let ty: String = text_of(ty, text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let result = function.field("result").map(|r| text_of(r, text));
    let framework = match (ty.as_str(), result) {
        ("*gin.Context", None) => Framework::Gin,
        ("echo.Context", Some("error")) => Framework::Echo,
        ("*fiber.Ctx" | "fiber.Ctx", Some("error")) => Framework::Fiber,
        _ => return None,
    };
    Some(Handler { framework, ctx })
}

/// What a handler's calls say about the file, in one walk over its body: the headers it sets
/// or adds when it hands the request on (a middleware; `None`: a name not read), and the names of
/// the functions it calls with identifiers only, its writer or context among them (`deny(c)`,
/// `h.notFound(w, r)`: its helpers).
fn calls_of(
    handler: Handler<'_>,
    function: Node<'_>,
    body: Node<'_>,
    text: &str,
) -> (Vec<Option<String>>, Vec<String>) {
    let mut hands_on = false;
    let mut set = Vec::new();
    let mut called = Vec::new();
    // Each call read names the writer or context (`w.Header().Set(..)`, `c.Next()`, `deny(c)`) or
    // is `.ServeHTTP(..)` (handed a wrapper of `w`): only the subtrees where one is written are
    // looked through.
    let (start, end) = (body.start_byte(), body.end_byte());
    let mut at = syntax::words(text, start, end, handler.ctx);
    at.extend(syntax::words(text, start, end, "ServeHTTP"));
    at.sort_unstable();
    let outer = std::cell::OnceCell::new();
    let is_outer = |name: &str| {
        outer
            .get_or_init(|| enclosing_parameters(function, text))
            .contains(&name)
    };
    let whole = syntax::walk_at(body, &at, |n| {
        if n.kind_str() != "call_expression" {
            return;
        }
        let args = syntax::arguments(n);
        hands_on |= handler
            .framework
            .hands_on(handler.ctx, n, &args, &is_outer, text);
        set.extend(handler.framework.headers_set(handler.ctx, n, text));
        let plain = !args.is_empty()
            && args.iter().all(|a| a.kind_str() == "identifier")
            && args.iter().any(|a| text_of(*a, text) == handler.ctx);
        let name = n.field("function").and_then(|f| match f.kind_str() {
            "identifier" => Some(f),
            "selector_expression" => f.field("field"),
            _ => None,
        });
        // `next.ServeHTTP(w, r)` hands the request on to a handler, which is one itself.
        let name = name.map(|n| text_of(n, text)).filter(|n| *n != "ServeHTTP");
        if let (true, Some(name)) = (plain, name) {
            called.push(name.to_string());
        }
    });
    if !whole {
        // Too large to look through: it may set anything.
        set = vec![None];
    } else if !hands_on {
        set.clear();
    }
    (set, called)
}

impl Framework {
    /// The effects of a call statement, or `None` when it is not a shape this framework reads.
    fn call(self, flow: &flow::Flow<'_>, call: Node<'_>) -> Option<Vec<flow::Effect>> {
        match self {
            Framework::NetHttp => nethttp::call(flow, call),
            Framework::Gin => gin::call(flow, call),
            Framework::Echo => echo::call(flow, call),
            Framework::Fiber => fiber::call(flow, call),
        }
    }

    /// The effects of returning `value` from a handler that returns an error.
    fn returned(self, flow: &flow::Flow<'_>, value: Node<'_>) -> Option<Vec<flow::Effect>> {
        match self {
            Framework::Echo => echo::returned(flow, value),
            Framework::Fiber => fiber::returned(flow, value),
            Framework::NetHttp | Framework::Gin => None,
        }
    }

    /// Whether `c.<field>` only reads the request or the context's own store.
    fn reads_only(self, field: &str) -> bool {
        match self {
            Framework::NetHttp => false,
            Framework::Gin => gin::READS.contains(&field),
            Framework::Echo => echo::READS.contains(&field),
            Framework::Fiber => fiber::READS.contains(&field),
        }
    }

    /// How a header is set before a statement: the call up to its first argument.
    fn setter(self, ctx: &str) -> String {
        match self {
            Framework::NetHttp => format!("{ctx}.Header().Set("),
            Framework::Gin => format!("{ctx}.Header("),
            Framework::Echo => format!("{ctx}.Response().Header().Set("),
            Framework::Fiber => format!("{ctx}.Set("),
        }
    }

    /// Whether `call` hands the request on to the next handler.
    /// `outer`: the parameter names of the functions around the handler (`enclosing_parameters`).
    fn hands_on(
        self,
        ctx: &str,
        call: Node<'_>,
        args: &[Node<'_>],
        outer: &dyn Fn(&str) -> bool,
        text: &str,
    ) -> bool {
        let Some(callee) = call.field("function") else {
            return false;
        };
        match self {
            Framework::NetHttp => {
                text_of(callee, text).ends_with(".ServeHTTP")
                    || (callee.kind_str() == "identifier"
                        && args
                            .first()
                            .is_some_and(|a| syntax::is_ident(*a, ctx, text))
                        && outer(text_of(callee, text)))
            }
            Framework::Gin | Framework::Fiber => text_of(callee, text) == format!("{ctx}.Next"),
            Framework::Echo => {
                callee.kind_str() == "identifier"
                    && args.len() == 1
                    && syntax::is_ident(args[0], ctx, text)
                    && outer(text_of(callee, text))
            }
        }
    }

    /// The response headers `call` sets or adds (`None`: a name not read).
    fn headers_set(self, ctx: &str, call: Node<'_>, text: &str) -> Vec<Option<String>> {
        let effects = match self {
            Framework::NetHttp => nethttp::header_call(ctx, call, text),
            Framework::Gin => gin::header_call(ctx, call, text),
            Framework::Echo => echo::header_call(ctx, call, text),
            Framework::Fiber => fiber::header_call(ctx, call, text),
        };
        effects
            .unwrap_or_default()
            .into_iter()
            .filter_map(|e| match e {
                flow::Effect::Header {
                    op: flow::HeaderOp::Set | flow::HeaderOp::Add,
                    name,
                    ..
                } => Some(name),
                _ => None,
            })
            .collect()
    }
}

/// The packages an import declaration names, each under the name the file calls it by (its
/// alias, else the path's last segment, or the one before a major version `v2`), as paths
/// through the module's alias (`index::ALIASED`, see `package`).
fn imports(declaration: Node<'_>, text: &str, out: &mut Vec<Import>) {
    let mut stack = vec![declaration];
    while let Some(node) = stack.pop() {
        match node.kind_str() {
            "import_declaration" | "import_spec_list" => {
                stack.extend(node.named_children(&mut node.walk()));
                continue;
            }
            "import_spec" => {}
            _ => continue,
        }
        let Some(path) = node.field("path") else {
            continue;
        };
        let path = text_of(path, text).trim_matches(|c| c == '"' || c == '`');
        let segments = package::segments(path);
        let alias = match node.field("name") {
            Some(name) => text_of(name, text).to_string(),
            None => {
                let mut last = segments.iter().rev();
                let name = last.next();
                let version = name.is_some_and(|n| {
                    n.len() > 1 && n.starts_with('v') && n[1..].bytes().all(|b| b.is_ascii_digit())
                });
                let name = if version { last.next() } else { name };
                let Some(name) = name else { continue };
                name.clone()
            }
        };
        // A blank or dot import names nothing a call is made through.
        if alias == "_" || alias == "." || segments.is_empty() {
            continue;
        }
        out.push(Import {
            module: Vec::new(),
            alias,
            path: std::iter::once(ALIASED.to_string())
                .chain(segments)
                .collect(),
            glob: false,
            at: node.start_byte(),
        });
    }
}

/// Whether a function around `function` has a parameter named `name` (a middleware's `next`).
/// The parameter names of the functions enclosing `function` (`next` of a middleware's
/// `func(next http.Handler) http.Handler`), read once per handler: climbing per call made each
/// call cost the depth squared (every `parent()` descends from the root).
fn enclosing_parameters<'s>(function: Node<'_>, text: &'s str) -> Vec<&'s str> {
    let mut out = Vec::new();
    let mut node = function.parent();
    let mut depth = 0;
    while let Some(n) = node {
        depth += 1;
        if depth > 64 {
            break;
        }
        if matches!(
            n.kind_str(),
            "function_declaration" | "method_declaration" | "func_literal"
        ) {
            if let Some(parameters) = n.field("parameters") {
                for p in parameters.named_children(&mut parameters.walk()) {
                    out.extend(
                        p.children_by_field_name("name", &mut p.walk())
                            .map(|id| text_of(id, text)),
                    );
                }
            }
        }
        node = n.parent();
    }
    out
}

#[cfg(test)]
mod tests;
