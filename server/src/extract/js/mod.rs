//! TypeScript and JavaScript extraction: finds the responses handler code builds, with their status,
//! headers and body, and produces the same facts as the Rust extractor.
//!
//! 1. One cursor walk over the tree collects the functions (with the context they are written in),
//!    the calls that may build or send a response, and the file's registrations: handlers passed to
//!    a router by name, and the frameworks it imports.
//! 2. A function is a handler when it is registered on an app or router (`app.get('/', h)`,
//!    `router.use(h)`, `createServer(h)`), exported from a route file (`export async function GET`,
//!    `export default function handler(req, res)`), or a `fetch` handler (`export default { fetch }`,
//!    `Bun.serve({ fetch })`, `Deno.serve(h)`). Nothing else is read: client code (`fetch(..)`
//!    results, `res.status === 401`, `.expect(401)`) never fires.
//! 3. Each framework file reads its own shapes from the handlers: statement-style response objects
//!    (Express `res`), returned values (Fetch `Response`, Hono `c.json(..)`). What ran before a
//!    statement is read backwards from it (`flow`): any use of the response object we cannot read
//!    makes the status unknown and the headers incomplete.

mod errors;
mod express;
mod fetch;
mod helpers;
mod hono;
mod koa;
mod nest;
mod package;
mod quotes;
mod segments;
mod syntax;

pub use quotes::preferred_quote;
pub use segments::{JsItems, Segments};

use crate::extract::Field;
use tree_sitter::{Node, Tree};

use crate::extract::{Fixes, Packages, Spec};
use crate::model::{
    Body, FileFacts, FixPlan, HeaderInsert, Headers, Response, Runtime, Span, Status, StatusForm,
    StatusStyle,
};
use syntax::*;

/// One dialect of TypeScript/JavaScript (see `extract::Spec`): all are read alike, each with its
/// grammar.
const fn dialect(
    name: &'static str,
    extensions: &'static [&'static str],
    no_code_suffixes: &'static [&'static str],
    bundle_suffixes: &'static [&'static str],
    language_ids: &'static [&'static str],
    grammar: fn() -> tree_sitter::Language,
) -> Spec {
    Spec {
        name,
        extensions,
        no_code_suffixes,
        bundle_suffixes,
        one_line_bundles: true,
        language_ids,
        // Installed packages are not the user's code.
        skipped_dirs: &["node_modules"],
        build_dir: None,
        grammar,
        may_build_response,
        read: |text, tree, view| {
            crate::extract::Segments::new(Segments::read_with(text, tree, view))
        },
        unparsed: |_| None,
        packages: Packages {
            manifest: "package.json",
            roots: package::roots,
            root_without_manifest: |_| None,
            watched: &[],
            module_of: package::module_of,
            dependencies: package::dependencies,
            nested: package::nested,
            forget: package::forget,
        },
        fixes: Fixes {
            // Header fixes write strings in the file's own quote.
            render: quotes::render,
            retitle: crate::extract::fix::retitle,
            memoized: crate::extract::fix::memoized,
        },
    }
}

/// TypeScript (`<T>x` is a type assertion there), TSX, and JavaScript with JSX.
/// tree-sitter-javascript 0.25 is ABI 15, tree-sitter-typescript 0.23 ABI 14.
pub(crate) static DIALECTS: [Spec; 3] = [
    dialect(
        "typescript",
        &["ts", "mts", "cts"],
        &[".d.ts", ".d.mts", ".d.cts"],
        &[],
        &["typescript"],
        || tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
    ),
    dialect("tsx", &["tsx"], &[], &[], &["typescriptreact"], || {
        tree_sitter_typescript::LANGUAGE_TSX.into()
    }),
    dialect(
        "javascript",
        &["js", "jsx", "mjs", "cjs"],
        &[],
        &[".min.js", ".min.mjs", ".min.cjs"],
        &["javascript", "javascriptreact"],
        || tree_sitter_javascript::LANGUAGE.into(),
    ),
];

/// TypeScript (without JSX), as a `Language`.
#[cfg(test)]
pub(crate) fn typescript() -> crate::extract::Language {
    crate::extract::Language::from_spec(&DIALECTS[0])
}

/// Whether `text` may build a response the extractor recognises: every shape it reads is spelled
/// with one of these tokens. A file with none of them yields no facts, so its parse can be skipped.
pub fn may_build_response(text: &str) -> bool {
    [
        "status",
        "Status",
        // Fastify's `reply.code(401)`.
        ".code(",
        "Response",
        "redirect",
        "writeHead",
        "json",
        "text(",
        "html(",
        "body(",
        // Thrown errors: NestJS and Hono exceptions, Koa's `ctx.throw`, http-errors.
        "Exception",
        "throw(",
        "onError",
        "createError",
        // Next.js `unauthorized()`.
        "unauthorized(",
        // NestJS filters registered for the whole app (renderers in the index).
        "useGlobalFilters",
        "APP_FILTER",
        // A service's error value a controller throws (`throwHTTPErr(result.left)`).
        ".left)",
    ]
    .iter()
    .any(|token| text.contains(token))
        // An Express error-handling middleware `(err, req, res, next)` whose body spells no
        // status: without it in the index, `next(err)` would be said to reach the default handler.
        || names_next(text)
}

/// Whether `text` names the identifier `next` (or `_next`): a middleware's parameter or its call.
/// Not a module (`next/router`, `next-auth`, `i18next`), a member (`it.next()`) or a comment's
/// `eslint-disable-next-line`, which every file of a Next.js or i18n code base spells.
fn names_next(text: &str) -> bool {
    let bytes = text.as_bytes();
    let part_of_name = |b: u8| b.is_ascii_alphanumeric() || b == b'$';
    text.match_indices("next").any(|(at, _)| {
        let start = bytes[..at]
            .iter()
            .rposition(|&b| b != b'_')
            .map_or(0, |i| i + 1);
        let before = start.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(at + 4).copied();
        !before.is_some_and(|b| part_of_name(b) || matches!(b, b'.' | b'-' | b'/' | b'@'))
            && !after.is_some_and(|b| part_of_name(b) || matches!(b, b'_' | b'-' | b'/'))
    })
}

/// Reads the responses `tree` (the parse of `text`) builds. Top-level statements are read one by
/// one (see `Segments`), so the language server can re-read only the one an edit falls in.
pub fn extract(text: &str, tree: &Tree) -> FileFacts {
    Segments::read(text, tree).facts()
}

/// The frameworks whose shapes a file is read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framework {
    Express,
    NodeHttp,
    Hono,
    Fastify,
    Koa,
    Nest,
}

/// What one part of a file says that changes how functions anywhere in it are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Registration {
    /// A handler registered by name, for one method when the registration says so.
    Handler(String, Option<&'static str>),
    /// An import of a framework.
    Uses(Framework),
    /// Something that renders thrown errors with what we do not read: a NestJS `@Catch` filter or
    /// `useGlobalFilters`, Hono's `app.onError`, a Koa middleware catching what `next()` throws.
    RendersErrors,
    /// `unauthorized` imported from `next/navigation`.
    NextUnauthorized,
    /// A field of a declared type typed as a response object: `type Props = { res: NextApiResponse }`
    /// is (`Props`, `res`, `NextApiResponse`).
    Field(String, String, String),
    /// A local name bound by an import, and the index path it stands for (see `helpers`).
    Import(String, Vec<String>),
    /// `export default name;`, `module.exports = name`.
    DefaultExport(String),
    /// A route path registered with a method (`app.post('/items', ..)`), with the handler's name
    /// when it is passed by name.
    Path(String, Option<String>),
}

/// The registrations of a whole file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Registrations(pub Vec<Registration>);

impl Registrations {
    fn uses(&self, framework: Framework) -> bool {
        self.0.contains(&Registration::Uses(framework))
    }

    fn next_unauthorized(&self) -> bool {
        self.0.contains(&Registration::NextUnauthorized)
    }

    fn renders_errors(&self) -> bool {
        self.0.contains(&Registration::RendersErrors)
    }

    /// The type of field `field` of the declared type `ty`.
    fn field_type(&self, ty: &str, field: &str) -> Option<&str> {
        self.0.iter().find_map(|r| match r {
            Registration::Field(t, f, field_ty) if t == ty && f == field => Some(field_ty.as_str()),
            _ => None,
        })
    }

    /// The index path the local name `name` is imported from.
    fn import(&self, name: &str) -> Option<&Vec<String>> {
        self.0.iter().find_map(|r| match r {
            Registration::Import(alias, path) if alias == name => Some(path),
            _ => None,
        })
    }

    /// Whether the file exports its function `name` as its default.
    fn default_export(&self, name: &str) -> bool {
        self.0
            .iter()
            .any(|r| matches!(r, Registration::DefaultExport(n) if n == name))
    }

    /// The route of a handler registered at `path` (inline) or by `name`: the one path the file
    /// routes it at, and whether the file routes a parameter right below that path.
    fn route(&self, path: Option<&str>, name: Option<&str>) -> Option<crate::model::Route> {
        let path = match path {
            Some(path) => path,
            None => {
                let name = name?;
                let mut paths = self.0.iter().filter_map(|r| match r {
                    Registration::Path(p, Some(n)) if n == name => Some(p.as_str()),
                    _ => None,
                });
                let first = paths.next()?;
                if !paths.all(|p| p == first) {
                    return None;
                }
                first
            }
        };
        let serves_item = self.0.iter().any(
            |r| matches!(r, Registration::Path(p, _) if crate::index::below_parameter(path, p)),
        );
        Some(crate::model::Route {
            path: path.to_string(),
            serves_item,
        })
    }

    /// `Some(method)` when `name` is registered as a handler (`None` inside: for any method).
    fn handler(&self, name: &str) -> Option<Option<&'static str>> {
        let mut found = None;
        for r in &self.0 {
            if let Registration::Handler(n, method) = r {
                if n == name {
                    // Registered for several methods: none of them is the one.
                    found = Some(match found {
                        None => *method,
                        Some(m) if m == *method => m,
                        Some(_) => None,
                    });
                }
            }
        }
        found
    }
}

/// How a function is known to be a handler, from where it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Known {
    /// An argument of a route registration (`app.get('/', (req, res) => ..)`), with its method.
    Route(Option<&'static str>),
    /// An exported route-file function (`export async function GET`, `export default handler`).
    Export(Option<&'static str>),
    /// A `fetch` handler of a Worker, `Bun.serve` or `Deno.serve`.
    Fetch,
}

/// A function and the context the walk saw it in.
#[derive(Clone, Copy)]
struct Site<'t, 's> {
    node: Node<'t>,
    /// The enclosing function, as an index into `Cx::sites`.
    outer: Option<usize>,
    known: Option<Known>,
    /// Its name, for registrations by name (`function getUser`, `const getUser = ..`).
    name: Option<&'s str>,
    /// The path it is registered at when it is written inline in the registration.
    path: Option<&'s str>,
}

/// A call or `new` expression inside a function, with where it is.
pub(crate) struct Call<'t> {
    node: Node<'t>,
    /// Its innermost function.
    site: usize,
    /// Its ancestors from the top-level node down to its parent: climbing with `Node::parent` costs
    /// the number of siblings on the way, so a file of many handlers would be read in square time.
    path: Vec<Node<'t>>,
}

/// A handler: which shapes it is read with.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Handler {
    method: Option<&'static str>,
    /// Statement-style response object: the parameter index of Express's `res`.
    express_res: Option<usize>,
    /// Whether that object is Fastify's `reply` (its own senders and fix idioms).
    fastify: bool,
    /// Hono's context parameter.
    hono: bool,
    /// Koa's context parameter.
    koa: bool,
    /// Whether its returned values may be Fetch `Response`s.
    fetch: bool,
}

pub(crate) struct Cx<'s, 't> {
    src: &'s str,
    sites: Vec<Site<'t, 's>>,
    /// Calls, `new` expressions and assignments that may build or send a response, inside a function.
    calls: Vec<Call<'t>>,
    registrations: Vec<(usize, Registration)>,
    /// Class bodies, for NestJS controllers.
    classes: Vec<Node<'t>>,
    /// Per site, its handler shape once evaluated.
    handlers: Vec<Option<Handler>>,
    /// Blocks already read by `flow`.
    flows: Flows<'s>,
    /// The route of each site that is a handler routed with a method, when the file shows it.
    routes: Vec<Option<crate::model::Route>>,
    facts: FileFacts,
    /// The index, for what the file's package defines (error renderers).
    view: Option<crate::index::View<'s>>,
}

const HTTP_METHODS: &[(&str, &str)] = &[
    ("get", "GET"),
    ("post", "POST"),
    ("put", "PUT"),
    ("patch", "PATCH"),
    ("delete", "DELETE"),
    ("del", "DELETE"),
    ("options", "OPTIONS"),
    ("head", "HEAD"),
    ("all", ""),
];

fn is_function(kind: &str) -> bool {
    matches!(
        kind,
        "function_declaration"
            | "function_expression"
            | "function"
            | "arrow_function"
            | "method_definition"
            | "generator_function_declaration"
            | "generator_function"
    )
}

/// Walks `nodes` (top-level siblings) and collects sites, candidate calls and registrations. Nodes
/// inside one of the `skip` ranges (sorted, disjoint) are left out.
pub(crate) fn scan<'s, 't>(
    src: &'s str,
    nodes: &[Node<'t>],
    skip: &[std::ops::Range<usize>],
) -> Cx<'s, 't> {
    let mut cx = Cx {
        src,
        sites: Vec::new(),
        calls: Vec::new(),
        registrations: Vec::new(),
        classes: Vec::new(),
        handlers: Vec::new(),
        flows: Flows::default(),
        routes: Vec::new(),
        facts: FileFacts::default(),
        view: None,
    };
    // Ancestors of the cursor's node (kept by the walk: `Node::parent` costs the node's depth), and
    // the enclosing functions as site indices.
    let mut ancestors: Vec<Node<'t>> = Vec::new();
    let mut enclosing: Vec<usize> = Vec::new();
    for top in nodes {
        let mut cursor = top.walk();
        'walk: loop {
            let node = cursor.node();
            let skipped = {
                let i = skip.partition_point(|r| r.start <= node.start_byte());
                i > 0 && node.end_byte() <= skip[i - 1].end
            };
            let kind = node.kind_str();
            let function = !skipped && is_function(kind);
            if !skipped {
                match kind {
                    _ if function => {
                        let (known, name) = context(node, &ancestors, src);
                        // `app.post('/items', .., (req, res) => ..)`: the registration's path.
                        let path = ancestors
                            .last()
                            .filter(|p| {
                                p.kind_str() == "arguments"
                                    && matches!(known, Some(Known::Route(_)))
                            })
                            .and_then(|args| args.named_child(0))
                            .and_then(|first| string_value(first, src));
                        cx.sites.push(Site {
                            node,
                            outer: enclosing.last().copied(),
                            known,
                            name,
                            path,
                        });
                    }
                    "call_expression" | "new_expression" | "assignment_expression" => {
                        if kind == "call_expression" {
                            cx.registration_call(node);
                        }
                        if kind == "assignment_expression" && enclosing.is_empty() {
                            cx.default_export(node);
                        }
                        if let Some(&site) = enclosing.last() {
                            cx.calls.push(Call {
                                node,
                                site,
                                path: ancestors.clone(),
                            });
                        }
                    }
                    "class_body" => cx.classes.push(node),
                    "decorator" if is_catch_decorator(node, src) => cx
                        .registrations
                        .push((node.start_byte(), Registration::RendersErrors)),
                    "try_statement" if catches_next(node, src) => cx
                        .registrations
                        .push((node.start_byte(), Registration::RendersErrors)),
                    "type_alias_declaration" | "interface_declaration" => cx.fields(node),
                    "import_statement" => {
                        if let Some(source) = node.field("source") {
                            let module = string_value(source, src);
                            cx.uses(node, module);
                            if module == Some("next/navigation") && imports_unauthorized(node, src)
                            {
                                cx.registrations
                                    .push((node.start_byte(), Registration::NextUnauthorized));
                            }
                            if let Some(module) = module {
                                cx.import(node, module);
                            }
                        }
                    }
                    "export_statement" => cx.default_export(node),
                    _ => {}
                }
            }
            if !skipped
                && !opaque(node, kind, src)
                && ancestors.len() < 4 * MAX_CLIMB
                && cursor.goto_first_child()
            {
                ancestors.push(node);
                if function {
                    enclosing.push(cx.sites.len() - 1);
                }
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    break 'walk;
                }
                if let Some(left) = ancestors.pop() {
                    if is_function(left.kind_str())
                        && enclosing.last().is_some_and(|&i| cx.sites[i].node == left)
                    {
                        enclosing.pop();
                    }
                }
            }
        }
    }
    cx
}

/// Whether the walk of `scan` can step over `node`'s subtree: nothing it collects (a function,
/// a call, an assignment, a declaration) is in a string, a comment, a regex, or a type without
/// a parenthesis or a `typeof` (only those hold expressions). Each step of the cursor costs
/// hundreds of instructions, and types are a good part of a TypeScript tree.
fn opaque(node: Node<'_>, kind: &str, src: &str) -> bool {
    match kind {
        "string" | "comment" | "regex" | "jsx_text" | "html_comment" => true,
        "type_annotation" | "type_arguments" | "type_parameters" => {
            let t = text(node, src);
            !t.contains('(') && !t.contains("typeof")
        }
        _ => false,
    }
}

/// The module names that say which framework a file is written for.
fn framework_of(module: &str) -> Option<Framework> {
    let base = module.strip_prefix("node:").unwrap_or(module);
    Some(match base {
        "express" => Framework::Express,
        "http" | "https" | "http2" => Framework::NodeHttp,
        "fastify" => Framework::Fastify,
        "koa" | "@koa/router" | "koa-router" => Framework::Koa,
        m if m == "hono" || m.starts_with("hono/") => Framework::Hono,
        m if m.starts_with("@nestjs/") => Framework::Nest,
        _ => return None,
    })
}

/// How the walk sees a function: whether its place makes it a handler, and its name.
fn context<'s>(
    node: Node<'_>,
    ancestors: &[Node<'_>],
    src: &'s str,
) -> (Option<Known>, Option<&'s str>) {
    let up = |i: usize| ancestors.len().checked_sub(i).map(|j| ancestors[j]);
    let parent = up(1);
    let own_name = node
        .field("name")
        .map(|n| text(n, src))
        .filter(|_| node.kind_str() != "method_definition");
    // `const name = (..) => ..`
    let declared = parent
        .filter(|p| p.kind_str() == "variable_declarator")
        .and_then(|p| p.field("name"))
        .filter(|n| n.kind_str() == "identifier")
        .map(|n| text(n, src));
    let name = own_name.or(declared);
    let Some(parent) = parent else {
        return (None, name);
    };
    // `app.get('/', (req, res) => ..)`
    if parent.kind_str() == "arguments" {
        if let Some(call) = up(2) {
            if let Some(method) = registration(call, src) {
                return (Some(Known::Route(method)), name);
            }
        }
        return (None, name);
    }
    // `export function GET(..)`, `export default function (req, res)`, `export const GET = ..`
    let export = match parent.kind_str() {
        "export_statement" => Some(parent),
        "variable_declarator" => up(2)
            .filter(|d| {
                d.kind_str() == "lexical_declaration" || d.kind_str() == "variable_declaration"
            })
            .and(up(3))
            .filter(|e| e.kind_str() == "export_statement"),
        _ => None,
    };
    if let Some(export) = export {
        let is_default = export
            .children(&mut export.walk())
            .any(|c| c.kind_str() == "default");
        if let Some(method) = name.and_then(route_export) {
            return (Some(Known::Export(method)), name);
        }
        if is_default {
            return (Some(Known::Export(None)), name);
        }
        return (None, name);
    }
    // `{ fetch(req) {..} }` or `{ fetch: (req) => .. }` in `export default {..}` or `X.serve({..})`.
    let (key, object) = match parent.kind_str() {
        "object" if node.kind_str() == "method_definition" => (node.field("name"), Some(parent)),
        "pair" => (parent.field("key"), up(2)),
        _ => (None, None),
    };
    if key.is_some_and(|k| text(k, src) == "fetch") {
        let holder = object.and_then(|o| {
            ancestors
                .iter()
                .rev()
                .nth(if o == parent { 1 } else { 2 })
                .copied()
        });
        let served = holder.is_some_and(|h| match h.kind_str() {
            "export_statement" => true,
            "arguments" => ancestors
                .iter()
                .rev()
                .nth(if object == Some(parent) { 2 } else { 3 })
                .is_some_and(|call| is_serve_call(*call, src)),
            _ => false,
        });
        if served {
            return (Some(Known::Fetch), name);
        }
    }
    (None, name)
}

/// `import { unauthorized } from 'next/navigation'` (not renamed).
fn imports_unauthorized(import: Node<'_>, src: &str) -> bool {
    let mut found = false;
    preorder(import, 200, |n| {
        if n.kind_str() == "import_specifier"
            && n.field("alias").is_none()
            && n.field("name")
                .is_some_and(|m| text(m, src) == "unauthorized")
        {
            found = true;
            Step::Stop
        } else {
            Step::Descend
        }
    });
    found
}

/// `@Catch(..)`: a NestJS exception filter.
fn is_catch_decorator(node: Node<'_>, src: &str) -> bool {
    node.named_child(0)
        .filter(|c| c.kind_str() == "call_expression")
        .and_then(|c| c.field("function"))
        .is_some_and(|f| text(f, src) == "Catch")
}

/// `try { await next(); } catch (e) { .. }`: a Koa-style middleware rendering what downstream throws.
fn catches_next(node: Node<'_>, src: &str) -> bool {
    let (Some(body), Some(_)) = (node.field("body"), node.field("handler")) else {
        return false;
    };
    body.named_children(&mut body.walk()).any(|s| {
        s.kind_str() == "expression_statement"
            && matches!(
                text(s, src).trim_end_matches(';').trim(),
                "await next()" | "return next()" | "await next" | "next()"
            )
    })
}

/// The fields of an object type (`{ req: A; res: B }`, an interface body) with their type text.
fn object_type_fields<'s>(body: Node<'_>, src: &'s str) -> Vec<(&'s str, &'s str)> {
    if !matches!(body.kind_str(), "object_type" | "interface_body") {
        return Vec::new();
    }
    body.named_children(&mut body.walk())
        .filter(|p| p.kind_str() == "property_signature")
        .filter_map(|p| {
            let name = p.field("name")?;
            let ty = p.field("type")?;
            Some((
                text(name, src),
                text(ty, src).trim_start_matches(':').trim(),
            ))
        })
        .collect()
}

/// An exported name that makes a function a route handler, with the method it answers.
fn route_export(name: &str) -> Option<Option<&'static str>> {
    Some(match name {
        "GET" => Some("GET"),
        "POST" => Some("POST"),
        "PUT" => Some("PUT"),
        "PATCH" => Some("PATCH"),
        "DELETE" => Some("DELETE"),
        "HEAD" => Some("HEAD"),
        "OPTIONS" => Some("OPTIONS"),
        // Remix loaders and actions, Next.js middleware, catch-all route exports.
        "ALL" | "loader" | "action" | "middleware" => None,
        _ => return None,
    })
}

/// Whether the member callee `x.get` is chained on `router.route('/path')` (through other methods:
/// `router.route(p).get(a).post(b)`).
fn hangs_off_route(callee: Node<'_>, src: &str) -> bool {
    let mut object = callee.field("object");
    for _ in 0..32 {
        let Some(call) = object.filter(|o| o.kind_str() == "call_expression") else {
            return false;
        };
        let Some(member) = call
            .field("function")
            .filter(|f| f.kind_str() == "member_expression")
        else {
            return false;
        };
        if member
            .field("property")
            .is_some_and(|p| text(p, src) == "route")
        {
            return true;
        }
        object = member.field("object");
    }
    false
}

/// `Bun.serve(..)`, `Deno.serve(..)`.
fn is_serve_call(call: Node<'_>, src: &str) -> bool {
    call.kind_str() == "call_expression"
        && call
            .field("function")
            .is_some_and(|f| matches!(text(f, src), "Bun.serve" | "Deno.serve"))
}

/// Whether `call` registers the functions among its arguments as handlers: `Some(method)` (the
/// method when the registration names one).
fn registration(call: Node<'_>, src: &str) -> Option<Option<&'static str>> {
    if call.kind_str() != "call_expression" {
        return None;
    }
    let callee = call.field("function")?;
    if callee.kind_str() == "identifier" {
        return (text(callee, src) == "createServer").then_some(None);
    }
    if callee.kind_str() != "member_expression" {
        return None;
    }
    let property = text(callee.field("property")?, src);
    // Most calls are none of these: their arguments are not gathered (`scan` asks for each call).
    let method = HTTP_METHODS.iter().find(|(p, _)| *p == property);
    if method.is_none()
        && !matches!(
            property,
            "use" | "createServer" | "on" | "serve" | "addHook"
        )
    {
        return None;
    }
    let args = arguments(call);
    let first_is_path = args.first().is_some_and(|a| {
        string_value(*a, src).is_some()
            || matches!(unwrap(*a).kind_str(), "array" | "regex" | "template_string")
    });
    if let Some((_, method)) = method {
        // A route needs a path first (`map.get(key, fallback)` is not one), or to hang off
        // `router.route('/path')`.
        let on_route = hangs_off_route(callee, src);
        let routed = (first_is_path && args.len() >= 2) || (on_route && !args.is_empty());
        return routed.then(|| (!method.is_empty()).then_some(*method));
    }
    match property {
        "use" => Some(None),
        "createServer" => Some(None),
        // `server.on('request', h)`; Hono's `app.on('GET', '/path', h)`.
        "on" => (first_is_path && args.len() >= 2).then_some(None),
        "serve" => is_serve_call(call, src).then_some(None),
        // Fastify's request hooks may reply: `app.addHook('onRequest', async (request, reply) => ..)`.
        "addHook" => args
            .first()
            .and_then(|a| string_value(*a, src))
            .filter(|hook| {
                matches!(
                    *hook,
                    "onRequest" | "preParsing" | "preValidation" | "preHandler"
                )
            })
            .and(Some(None)),
        _ => None,
    }
}

impl<'s, 't> Cx<'s, 't> {
    fn uses(&mut self, at: Node<'_>, module: Option<&str>) {
        if let Some(framework) = module.and_then(framework_of) {
            self.registrations
                .push((at.start_byte(), Registration::Uses(framework)));
        }
    }

    /// Records the fields of a declared type that are typed as a response object.
    fn fields(&mut self, declaration: Node<'t>) {
        let src = self.src;
        let (Some(name), Some(body)) = (
            declaration.field("name"),
            declaration
                .field("body")
                .or_else(|| declaration.field("value")),
        ) else {
            return;
        };
        for (field, ty) in object_type_fields(body, src) {
            if express::may_be_response_type(ty) {
                self.registrations.push((
                    declaration.start_byte(),
                    Registration::Field(
                        text(name, src).to_string(),
                        field.to_string(),
                        ty.to_string(),
                    ),
                ));
            }
        }
    }

    /// Records handlers registered by name, and `require('express')`.
    fn registration_call(&mut self, call: Node<'t>) {
        let src = self.src;
        let callee = call.field("function");
        // `app.onError(..)`, `app.useGlobalFilters(..)`: thrown errors are rendered by the app's own.
        let property = callee
            .filter(|c| c.kind_str() == "member_expression")
            .and_then(|c| c.field("property"))
            .map(|p| text(p, src));
        if matches!(property, Some("onError" | "useGlobalFilters")) {
            self.registrations
                .push((call.start_byte(), Registration::RendersErrors));
        }
        if callee.is_some_and(|c| text(c, src) == "require") {
            let module = arguments(call).first().and_then(|a| string_value(*a, src));
            self.uses(call, module);
            if let Some(module) = module {
                self.require(call, module);
            }
            return;
        }
        self.on_error(call);
        let Some(method) = registration(call, src) else {
            return;
        };
        let path = method
            .and_then(|_| arguments(call).first().copied())
            .and_then(|first| string_value(first, src));
        if let Some(path) = path {
            let by_name = arguments(call)
                .into_iter()
                .skip(1)
                .rev()
                .find(|a| a.kind_str() == "identifier")
                .map(|a| text(a, src).to_string());
            self.registrations.push((
                call.start_byte(),
                Registration::Path(path.to_string(), by_name),
            ));
        }
        for arg in arguments(call) {
            if arg.kind_str() == "identifier" {
                let name = text(arg, src).to_string();
                self.registrations
                    .push((arg.start_byte(), Registration::Handler(name, method)));
            }
        }
    }

    /// Reads every handler's responses, with the registrations of the whole file.
    pub(crate) fn evaluate(mut self, file: &Registrations) -> FileFacts {
        self.handlers = (0..self.sites.len())
            .map(|i| self.handler(i, file))
            .collect();
        // Routes of the handlers registered with a method (not `app.use`, not exports).
        self.routes = (0..self.sites.len())
            .map(|i| {
                let site = &self.sites[i];
                let routed = match site.known {
                    Some(Known::Route(m)) => m.is_some(),
                    None => self.handlers[i].is_some(),
                    _ => false,
                };
                routed.then(|| file.route(site.path, site.name)).flatten()
            })
            .collect();
        let calls = std::mem::take(&mut self.calls);
        for call in &calls {
            express::call(&mut self, call, file);
            fetch::call(&mut self, call);
            fetch::interrupt(&mut self, call, file);
            hono::call(&mut self, call);
            koa::assignment(&mut self, call);
        }
        self.errors(&calls, file);
        self.helpers(file);
        if file.uses(Framework::Nest) {
            for class in std::mem::take(&mut self.classes) {
                nest::controller(&mut self, class);
                nest::throws(&mut self, class, file);
                nest::returned_lefts(&mut self, class);
            }
        }
        self.facts
    }

    /// The handler shape of site `i`, if it is one.
    fn handler(&self, i: usize, file: &Registrations) -> Option<Handler> {
        let site = &self.sites[i];
        let known = site.known.or_else(|| {
            let method = file.handler(site.name?)?;
            Some(Known::Route(method))
        });
        let params = parameters(site.node, self.src);
        let typed_res = params
            .iter()
            .position(|(_, ty)| ty.is_some_and(|t| express::is_response_type(t, file)))
            .or_else(|| destructured_response(site.node, self.src, file).map(|(i, _)| i));
        let known = known.or(typed_res.map(|_| Known::Route(None)))?;
        let method = match known {
            Known::Route(m) | Known::Export(m) => m,
            Known::Fetch => None,
        };
        let hono = file.uses(Framework::Hono) && matches!(known, Known::Route(_));
        // Fastify's `(request, reply)` has the same statement-style shape.
        let typed_fastify = typed_res
            .and_then(|i| params[i].1)
            .is_some_and(|t| t.starts_with("FastifyReply"));
        let fastify = typed_fastify
            || (!hono
                && matches!(known, Known::Route(_))
                && (params.len() == 2 || (params.len() == 3 && params[1].0 == Some("reply")))
                && (file.uses(Framework::Fastify) || params[1].0 == Some("reply")));
        let other_framework = hono || file.uses(Framework::Koa) || file.uses(Framework::Fastify);
        // `(req, res)`, `(req, res, next)`, `(err, req, res, next)`; or a parameter typed as one.
        let express_res = typed_res.or_else(|| {
            if fastify {
                return Some(1);
            }
            if other_framework || matches!(known, Known::Fetch) {
                return None;
            }
            match params.len() {
                2 | 3 => Some(1),
                4 => Some(2),
                _ => None,
            }
        });
        let koa = file.uses(Framework::Koa) && !hono && matches!(known, Known::Route(_));
        Some(Handler {
            method,
            express_res,
            fastify,
            hono,
            koa,
            fetch: true,
        })
    }

    /// The site that binds `name` as a parameter, seen from site `from`, with the parameter's index;
    /// `None` when a function in between declares it again.
    fn binding(&self, name: &str, from: usize) -> Option<(usize, usize)> {
        let mut at = Some(from);
        for _ in 0..MAX_CLIMB {
            let i = at?;
            let node = self.sites[i].node;
            let params = parameters(node, self.src);
            if let Some(p) = params.iter().position(|(n, _)| *n == Some(name)) {
                return Some((i, p));
            }
            // `({ req, res }: Props)`: taken out of a parameter (whose handler says which is `res`).
            if let Some(p) = destructured_at(node, name, self.src) {
                return Some((i, p));
            }
            if declares(node, name, self.src) {
                return None;
            }
            at = self.sites[i].outer;
        }
        None
    }

    /// Records a response found in the handler at `site`.
    #[allow(clippy::too_many_arguments)]
    fn push(&mut self, site: usize, found: Found) {
        let method = self.handlers[site].and_then(|h| h.method);
        let route = self.routes.get(site).cloned().flatten();
        self.push_for(method, route, found);
    }

    /// Records a response of a handler answering `method`, routed at `route` (its path when
    /// known, and whether the router serves a parameter below it).
    fn push_for(
        &mut self,
        method: Option<&'static str>,
        route: Option<crate::model::Route>,
        found: Found,
    ) {
        let Some(status) = found.status else {
            return;
        };
        if let Some(other) = status.other {
            // One response per arm; a fix at the call would change both, so neither has one.
            let arm = St {
                code: other.code,
                span: other.span,
                form: form(other.number),
                number: other.number,
                other: None,
            };
            for status in [
                St {
                    other: None,
                    ..status
                },
                arm,
            ] {
                self.push_for(
                    method,
                    route.clone(),
                    Found {
                        status: Some(status),
                        headers: found.headers.clone(),
                        body: found.body.clone(),
                        span: found.span,
                        header_insert: None,
                        remove_body: None,
                        runtime: found.runtime,
                    },
                );
            }
            return;
        }
        self.facts.responses.push(Response {
            status: Status {
                code: status.code,
                span: status.span,
                form: status.form,
            },
            headers: found.headers,
            body: found.body,
            span: found.span,
            method,
            route,
            fix_plan: FixPlan {
                add_header: found.header_insert,
                remove_body: found.remove_body,
                status_style: status.number.then_some(StatusStyle::Number),
                remove_body_changes_type: false,
                route_values: Vec::new(),
                move_late: Vec::new(),
            },
            runtime: found.runtime.map(|r| r(status.code)),
            related: Vec::new(),
        });
    }

    /// Whether the call is the value its innermost function returns (a `return`, an arrow's
    /// expression body, a `throw`).
    fn returned(&self, call: &Call<'_>) -> bool {
        let f = self.sites[call.site].node;
        let mut current = call.node;
        for &parent in call.path.iter().rev().take(16) {
            match parent.kind_str() {
                "return_statement" | "throw_statement" => return true,
                "arrow_function" => {
                    return parent == f && parent.field("body") == Some(current);
                }
                "ternary_expression" => {
                    if parent.field("condition") == Some(current) {
                        return false;
                    }
                }
                kind if is_transparent(kind) => {}
                _ => return false,
            }
            current = parent;
        }
        false
    }
}

/// A status as an extractor read it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct St {
    code: u16,
    span: Span,
    form: StatusForm,
    /// Written as a number literal (so a "change the status" fix can replace it).
    number: bool,
    /// The other arm of `cond ? 200 : 201`: each arm is its own response.
    other: Option<Arm>,
}

/// One arm of a status written as a conditional.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Arm {
    code: u16,
    span: Span,
    number: bool,
}

impl St {
    fn read(node: Node<'_>, src: &str) -> Option<St> {
        let arm = |n: Node<'_>| {
            status_value(n, src).map(|(code, at, number)| Arm {
                code,
                span: span(at),
                number,
            })
        };
        let (first, other) = match arm(node) {
            Some(a) => (a, None),
            None => {
                // `cond ? 200 : 201`: both arms must be statuses we read.
                let t = unwrap(node);
                if t.kind_str() != "ternary_expression" {
                    return None;
                }
                let yes = arm(t.field("consequence")?)?;
                let no = arm(t.field("alternative")?)?;
                (yes, Some(no))
            }
        };
        Some(St {
            code: first.code,
            span: first.span,
            form: form(first.number),
            number: first.number,
            other,
        })
    }
}

fn form(number: bool) -> StatusForm {
    if number {
        StatusForm::Number
    } else {
        StatusForm::Named
    }
}

/// What a framework file found about one response.
pub(crate) struct Found {
    status: Option<St>,
    headers: Headers,
    body: Body,
    span: Span,
    header_insert: Option<HeaderInsert>,
    remove_body: Option<Vec<crate::model::Edit>>,
    /// The runtime's behaviour, given the status code.
    runtime: Option<fn(u16) -> Runtime>,
}

impl Found {
    fn new(span: Span) -> Found {
        Found {
            status: None,
            headers: Headers::empty(),
            body: Body::Unknown,
            span,
            header_insert: None,
            remove_body: None,
            runtime: None,
        }
    }
}

/// A body argument: nothing, present (pure or not), or unknown (a variable may be `null`).
fn body_of(arg: Option<Node<'_>>, src: &str) -> Body {
    match arg {
        _ if is_nothing(arg, src) => Body::Empty,
        Some(a) if may_be_nothing(a) => Body::Unknown,
        Some(a) => Body::Present {
            span: span(a),
            pure: is_pure(a, src, 0),
        },
        None => Body::Empty,
    }
}

/// The parameters of a function: their names (when a plain identifier) and type annotations.
fn parameters<'s>(f: Node<'_>, src: &'s str) -> Vec<(Option<&'s str>, Option<&'s str>)> {
    if let Some(single) = f.field("parameter") {
        return vec![(Some(text(single, src)), None)];
    }
    let Some(list) = f.field("parameters") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for p in list.named_children(&mut list.walk()) {
        let (pattern, ty) = match p.kind_str() {
            "comment" => continue,
            "required_parameter" | "optional_parameter" => (
                p.field("pattern"),
                p.field("type")
                    .map(|t| text(t, src).trim_start_matches(':').trim()),
            ),
            "assignment_pattern" => (p.field("left"), None),
            _ => (Some(p), None),
        };
        let name = pattern
            .filter(|n| n.kind_str() == "identifier")
            .map(|n| text(n, src));
        out.push((name, ty));
    }
    out
}

/// A parameter `{ .., res, .. }: T` whose field `res` is typed as a response object (in `T` written
/// inline, or in a type declared in the file): its index and the local name.
fn destructured_response<'s>(
    f: Node<'_>,
    src: &'s str,
    file: &Registrations,
) -> Option<(usize, &'s str)> {
    let list = f.field("parameters")?;
    let mut index = 0;
    for p in list.named_children(&mut list.walk()) {
        if p.kind_str() == "comment" {
            continue;
        }
        let pattern = p
            .field("pattern")
            .filter(|n| n.kind_str() == "object_pattern");
        let ty = p.field("type").and_then(|t| t.named_child(0));
        if let (Some(pattern), Some(ty)) = (pattern, ty) {
            let inline = object_type_fields(ty, src);
            let field_type = |field: &str| {
                inline
                    .iter()
                    .find(|(n, _)| *n == field)
                    .map(|(_, t)| *t)
                    .or_else(|| file.field_type(text(ty, src), field))
            };
            for entry in pattern.named_children(&mut pattern.walk()) {
                if entry.kind_str() != "shorthand_property_identifier_pattern" {
                    continue;
                }
                let local = text(entry, src);
                if field_type(local).is_some_and(|t| express::is_response_type(t, file)) {
                    return Some((index, local));
                }
            }
        }
        index += 1;
    }
    None
}

/// The index of the parameter `{ .., name, .. }` of function `f`.
fn destructured_at(f: Node<'_>, name: &str, src: &str) -> Option<usize> {
    let list = f.field("parameters")?;
    list.named_children(&mut list.walk())
        .filter(|p| p.kind_str() != "comment")
        .position(|p| {
            p.field("pattern")
                .filter(|n| n.kind_str() == "object_pattern")
                .is_some_and(|pattern| {
                    pattern.named_children(&mut pattern.walk()).any(|e| {
                        e.kind_str() == "shorthand_property_identifier_pattern"
                            && text(e, src) == name
                    })
                })
        })
}

/// Whether the body of function `f` declares `name` at its top level (shadowing a parameter of an
/// outer function).
fn declares(f: Node<'_>, name: &str, src: &str) -> bool {
    let Some(body) = f.field("body") else {
        return false;
    };
    if body.kind_str() != "statement_block" {
        return false;
    }
    body.named_children(&mut body.walk()).any(|s| {
        matches!(s.kind_str(), "lexical_declaration" | "variable_declaration")
            && s.named_children(&mut s.walk())
                .any(|d| d.field("name").is_some_and(|n| text(n, src) == name))
    })
}

/// A method call chain on one identifier: `res.status(401).set('A', b).json(x)` is the root `res`
/// and the links `status(401)`, `set('A', b)`, `json(x)`, innermost first.
pub(crate) struct Link<'t> {
    name: &'t str,
    /// The property node (`json`).
    property: Node<'t>,
    call: Node<'t>,
    args: Vec<Node<'t>>,
}

fn chain<'t>(call: Node<'t>, src: &'t str) -> Option<(Node<'t>, Vec<Link<'t>>)> {
    let mut links = Vec::new();
    let mut node = call;
    for _ in 0..MAX_CLIMB {
        let node_now = unwrap(node);
        match node_now.kind_str() {
            "identifier" => {
                links.reverse();
                return Some((node_now, links));
            }
            "call_expression" => {
                let callee = node_now.field("function")?;
                if callee.kind_str() != "member_expression" {
                    return None;
                }
                let property = callee.field("property")?;
                links.push(Link {
                    name: text(property, src),
                    property,
                    call: node_now,
                    args: arguments(node_now),
                });
                node = callee.field("object")?;
            }
            _ => return None,
        }
    }
    None
}

/// What one statement before a response did to the response object.
#[derive(Default)]
pub(crate) struct Effect {
    status: Option<St>,
    headers: Vec<(Option<String>, Span)>,
    /// False when the statement uses the object in a way we cannot read.
    understood: bool,
    /// It may have set a status we do not know (a helper that sends on the object), and added no
    /// header.
    status_unknown: bool,
}

/// What the statements before some point did to one response object, folded forwards.
#[derive(Debug, Clone, Copy)]
struct Before {
    /// The nearest status set: `None` while nothing decided it, `Some(None)` when a use we cannot
    /// read came after the last one we can.
    status: Option<Option<St>>,
    /// How many of the block's headers (`Prefix::headers`) were added.
    headers: usize,
    complete: bool,
}

/// The statements of one block (or any node's children) folded once for one receiver, so every
/// send in the block reads what ran before it in constant time: a handler of n sends costs n, not
/// n squared.
struct Prefix {
    /// The start of each named child.
    starts: Vec<usize>,
    /// `states[k]`: what the first `k` named children did.
    states: Vec<Before>,
    headers: Vec<(Option<String>, Span)>,
}

/// The folded blocks of a file, by block node, reader and receiver.
#[derive(Default)]
pub(crate) struct Flows<'s> {
    blocks: std::collections::HashMap<(usize, &'static str, &'s str), Prefix>,
}

/// What `flow` is reading: the receiver, the uses of it that change nothing, and what one
/// expression statement does to it (`understood: false` for anything else).
pub(crate) struct Reading<'a, 's> {
    /// Which framework reads it (with `receiver`, the key of the folded blocks).
    tag: &'static str,
    receiver: &'s str,
    harmless: &'a [&'a str],
    read: &'a dyn Fn(Node<'_>) -> Effect,
}

/// What statement `s` (a child of a block, seen before the send) does to the receiver.
fn statement_effect(s: Node<'_>, reading: &Reading<'_, '_>, src: &str) -> Option<Effect> {
    if s.kind_str() == "comment" {
        return None;
    }
    if s.kind_str() == "expression_statement" {
        if let Some(expr) = s.named_child(0) {
            let effect = (reading.read)(expr);
            if effect.understood {
                return Some(effect);
            }
        }
    }
    // `const user = await helper({ req, res });`: the call alone, when it is one.
    if matches!(s.kind_str(), "lexical_declaration" | "variable_declaration") {
        let mut cursor = s.walk();
        let declarators: Vec<Node<'_>> = s
            .named_children(&mut cursor)
            .filter(|d| d.kind_str() == "variable_declarator")
            .collect();
        let value = match declarators.as_slice() {
            [one] => one.field("value").map(unwrap),
            _ => None,
        };
        let helper_call = value.filter(|v| {
            v.kind_str() == "call_expression"
                && v.field("function")
                    .is_some_and(|f| f.kind_str() == "identifier")
        });
        if let Some(call) = helper_call {
            let effect = (reading.read)(call);
            if effect.understood {
                return Some(effect);
            }
        }
    }
    if is_guard(s)
        || falls_out(s)
        || !mentions_on_the_way(s, reading.receiver, reading.harmless, src)
    {
        return None;
    }
    Some(Effect::default())
}

/// Folds `effect` into `state`.
fn fold(state: &mut Before, headers: &mut Vec<(Option<String>, Span)>, effect: Effect) {
    if effect.understood {
        if effect.status.is_some() || effect.status_unknown {
            state.status = Some(effect.status);
        }
        headers.extend(effect.headers);
        state.headers = headers.len();
    } else {
        state.status = Some(None);
        state.complete = false;
    }
}

/// Reads the statements that run before `call` inside function `stop`, backwards, for what they did
/// to the receiver: the nearest status set and every header added. A statement that uses the
/// receiver otherwise (passes it on, sets something we cannot read) makes the status unknown and
/// the headers incomplete. Guard clauses (`if (..) return ..;`), uses of the receiver that leave the
/// function (`return res.status(401).json(..)` inside a branch) and `switch` cases that `break`
/// before the one the call is in do not reach it, so they are left out.
fn flow<'s>(
    flows: &mut Flows<'s>,
    call: &Call<'_>,
    stop: Node<'_>,
    reading: &Reading<'_, 's>,
    src: &str,
) -> (Option<St>, Headers) {
    let mut status: Option<Option<St>> = None;
    let mut headers = Headers::empty();
    let mut node = call.node;
    for &parent in call.path.iter().rev().take(MAX_CLIMB) {
        // The function's own parameters and name are not statements run before.
        if node == stop || parent == stop {
            break;
        }
        if parent.kind_str() == "if_statement" {
            // A few children: read directly, leaving out the branch not taken.
            let from_alternative = parent.field("alternative") == Some(node);
            let consequence = parent.field("consequence");
            let mut cursor = parent.walk();
            let before: Vec<Node<'_>> = parent
                .named_children(&mut cursor)
                .take_while(|c| c.start_byte() < node.start_byte())
                .collect();
            count_visits(before.len());
            for &s in before.iter().rev() {
                if from_alternative && consequence == Some(s) {
                    continue;
                }
                if let Some(effect) = statement_effect(s, reading, src) {
                    let (understood, effect_status) = (effect.understood, effect.status);
                    if !understood {
                        status.get_or_insert(None);
                        headers.complete = false;
                    } else if effect_status.is_some() || effect.status_unknown {
                        status.get_or_insert(effect_status);
                    }
                    for (name, at) in effect.headers {
                        headers.add(name, at);
                    }
                }
            }
        } else {
            let key = (parent.id(), reading.tag, reading.receiver);
            let prefix = flows.blocks.entry(key).or_insert_with(|| {
                let mut prefix = Prefix {
                    starts: Vec::new(),
                    states: vec![Before {
                        status: None,
                        headers: 0,
                        complete: true,
                    }],
                    headers: Vec::new(),
                };
                let mut state = prefix.states[0];
                for s in parent.named_children(&mut parent.walk()) {
                    count_visits(1);
                    if let Some(effect) = statement_effect(s, reading, src) {
                        fold(&mut state, &mut prefix.headers, effect);
                    }
                    prefix.starts.push(s.start_byte());
                    prefix.states.push(state);
                }
                prefix
            });
            let k = prefix.starts.partition_point(|&at| at < node.start_byte());
            let state = prefix.states[k];
            if let Some(s) = state.status {
                status.get_or_insert(s);
            }
            headers.complete &= state.complete;
            for (name, at) in &prefix.headers[..state.headers] {
                headers.add(name.clone(), *at);
            }
        }
        node = parent;
    }
    (status.flatten(), headers)
}

/// A `switch` case that ends in `break`, `return`, `throw` or `continue`: the cases after it are
/// not reached through it.
fn falls_out(s: Node<'_>) -> bool {
    if !matches!(s.kind_str(), "switch_case" | "switch_default") {
        return false;
    }
    let mut cursor = s.walk();
    let last = s
        .children_by_field_name("body", &mut cursor)
        .filter(|c| c.kind_str() != "comment")
        .last();
    last.is_some_and(|l| {
        matches!(l.kind_str(), "break_statement" | "continue_statement") || exits(l)
    })
}

/// `if (..) return ..;` / `if (..) { ..; return; }` without `else`: when it runs, the code after it
/// does not.
fn is_guard(s: Node<'_>) -> bool {
    s.kind_str() == "if_statement"
        && s.field("alternative").is_none()
        && s.field("consequence").is_some_and(exits)
}

fn exits(s: Node<'_>) -> bool {
    match s.kind_str() {
        "return_statement" | "throw_statement" => true,
        "statement_block" => {
            let mut cursor = s.walk();
            let last = s
                .named_children(&mut cursor)
                .filter(|c| c.kind_str() != "comment")
                .last();
            last.is_some_and(exits)
        }
        _ => false,
    }
}

/// Whether `node` uses the identifier `name` other than through one of the `harmless` properties
/// (`res.locals`, `c.req`). Bounded: a huge statement counts as a use.
fn mentions(node: Node<'_>, name: &str, harmless: &[&str], src: &str) -> bool {
    if !text(node, src).contains(name) {
        return false;
    }
    // A huge statement counts as a use (the walk stops past the limit).
    !preorder(node, 20_000, |n| {
        // `res.locals`: not a use, and not descended into.
        let through_harmless = n.kind_str() == "member_expression"
            && n.field("object")
                .is_some_and(|o| o.kind_str() == "identifier" && text(o, src) == name)
            && n.field("property")
                .is_some_and(|p| harmless.contains(&text(p, src)));
        if through_harmless {
            Step::Skip
        } else if matches!(n.kind_str(), "identifier" | "shorthand_property_identifier")
            && text(n, src) == name
        {
            Step::Stop
        } else {
            Step::Descend
        }
    })
}

/// Whether statement `s` uses `name` on a path that can reach the code after it: uses inside a
/// `return` or `throw` (not in a nested function) leave the function, so they are not.
fn mentions_on_the_way(s: Node<'_>, name: &str, harmless: &[&str], src: &str) -> bool {
    if !text(s, src).contains(name) {
        return false;
    }
    let mut used = false;
    let read = preorder(s, 20_000, |n| {
        if matches!(n.kind_str(), "return_statement" | "throw_statement") {
            Step::Skip
        } else if n != s && is_function(n.kind_str()) {
            // A callback may run later, with any of its uses.
            if mentions(n, name, harmless, src) {
                used = true;
                Step::Stop
            } else {
                Step::Skip
            }
        } else if n.kind_str() == "member_expression"
            && n.field("object")
                .is_some_and(|o| o.kind_str() == "identifier" && text(o, src) == name)
            && n.field("property")
                .is_some_and(|p| harmless.contains(&text(p, src)))
        {
            Step::Skip
        } else if matches!(n.kind_str(), "identifier" | "shorthand_property_identifier")
            && text(n, src) == name
        {
            used = true;
            Step::Stop
        } else {
            Step::Descend
        }
    });
    // A huge statement counts as a use.
    used || !read
}

/// Headers from an object literal `{ 'Allow': 'GET', Location: url }`; anything else (a variable,
/// a spread, a computed key) leaves them incomplete.
fn object_headers(object: Node<'_>, src: &str, headers: &mut Headers) {
    let object = unwrap(object);
    if object.kind_str() != "object" {
        headers.complete = false;
        return;
    }
    for entry in object.named_children(&mut object.walk()) {
        match entry.kind_str() {
            "comment" => {}
            "pair" => {
                let name = entry
                    .field("key")
                    .and_then(|k| key_name(k, src))
                    .map(str::to_ascii_lowercase);
                headers.add(name, span(entry));
            }
            _ => headers.complete = false,
        }
    }
}

/// The insertion that adds `"name": "value", ` right after the `{` of an object literal.
fn entry_insert(object: Node<'_>) -> HeaderInsert {
    HeaderInsert {
        at: object.start_byte() + 1,
        style: crate::model::HeaderStyle::Text {
            before: " ".to_string(),
            between: ": ",
            after: ",".to_string(),
        },
    }
}

#[cfg(test)]
mod tests;
