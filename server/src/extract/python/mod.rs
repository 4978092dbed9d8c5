//! Python extraction (issue 18). A status counts only in a handler context: a function decorated
//! as a route (`@app.get(..)`, `@router.post(..)`), an exception handler or HTTP middleware, or a
//! dependency of a route (`Depends(f)`, `Security(f)` in the file). Client code (`requests`,
//! `httpx`, test clients) builds no response, so it never fires. Each framework's shapes are in
//! its own file; this one has the reader and what they share (arguments, statuses, headers).

mod aiohttp;
mod django;
mod fastapi;
mod flask;
mod handlers;
mod helpers;
mod package;

use crate::extract::Field;
use std::ops::Range;
use std::sync::OnceLock;

use tree_sitter::Node;

use crate::extract::segments::{self, FileRegistrations, Found, Reader};
use crate::extract::{Fixes, Packages, Spec};
use crate::index::View;
use crate::model::{
    Body, Edit, FileFacts, Header, HeaderInsert, HeaderStyle, Headers, Span, StatusForm,
};

/// What statuslint reads as Python (see `extract::Spec`). `.pyi` stubs have another extension.
pub(crate) static DIALECTS: [Spec; 1] = [Spec {
    name: "python",
    extensions: &["py"],
    no_code_suffixes: &[],
    bundle_suffixes: &[],
    one_line_bundles: false,
    language_ids: &["python"],
    // Virtual environments, installed packages and bytecode caches are not the user's code.
    skipped_dirs: &[".venv", "venv", "site-packages", "__pycache__"],
    build_dir: None,
    // tree-sitter-python 0.25 is ABI 15.
    grammar: || tree_sitter_python::LANGUAGE.into(),
    may_build_response,
    read: |text, tree, view| crate::extract::Segments::new(Segments::read_with(text, tree, view)),
    unparsed: helpers::unparsed,
    packages: Packages {
        manifest: crate::extract::languages::PYPROJECT,
        roots: |_| true,
        root_without_manifest: package::root_without_manifest,
        // A new or removed `pyproject.toml` moves package roots.
        watched: &[crate::extract::languages::PYPROJECT],
        module_of: package::module_of,
        dependencies: |_| Vec::new(),
        nested: |_, _| false,
        forget: package::forget,
    },
    fixes: Fixes {
        render: crate::extract::fix::render,
        retitle: crate::extract::fix::retitle,
        memoized: crate::extract::fix::memoized,
    },
}];

/// Every shape read is spelled with one of these tokens: a file without them yields no facts.
pub fn may_build_response(text: &str) -> bool {
    // One pass over the text for all the tokens (most files of a project are read only here).
    static FINDER: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    FINDER
        .get_or_init(|| {
            let tokens = [
                fastapi::TOKENS,
                flask::TOKENS,
                django::TOKENS,
                aiohttp::TOKENS,
                helpers::TOKENS,
            ];
            aho_corasick::AhoCorasick::new(tokens.concat()).expect("plain tokens")
        })
        .is_match(text)
}

/// How Python files are cut into items: each top-level statement. An edit inside one that
/// starts a line is answered by parsing and reading that statement alone (`one_item`); any
/// other edit re-parses the file, keeping the facts of the statements it did not touch.
#[derive(Debug)]
pub struct PyItems;

/// What one statement says about how functions anywhere in the file are read. None holds an
/// offset: a statement's registrations stay the same wherever an edit moves it.
#[derive(Debug, Clone, PartialEq)]
pub enum Registration {
    /// A name given to `Depends(..)` / `Security(..)`: its function is read as a handler.
    Dependency(String),
    /// Flask's apps, imports, handlers registered by name, hooks and error handlers.
    Flask(flask::Registration),
    /// A framework's token (`django`, `rest_framework`, `aiohttp`) written in the statement.
    Mentions(&'static str),
    /// A top-level import of a test framework: the file's views are fakes.
    TestImport,
    /// A class with bases, as written: Django and aiohttp views derive through the file's classes.
    Class { name: String, bases: Vec<String> },
    /// aiohttp's route tables and handlers registered by name.
    Aiohttp(aiohttp::Registration),
}

/// The tokens read as `Registration::Mentions`.
const MENTIONED: &[&str] = &["django", "rest_framework", "aiohttp"];

/// A Python file's facts, per top-level statement.
pub type Segments = segments::Segments<PyItems>;

impl Reader for PyItems {
    type Registration = Registration;

    fn boundaries(root: Node<'_>, text: &str, ends: &mut Vec<(usize, bool)>) {
        // A Flask hook registered by a call (`app.after_request(f)`) takes the headers it adds
        // from a function elsewhere in the file: such a (rare) file is read whole.
        let whole_file = flask::HOOK_CALLS.iter().any(|t| text.contains(t));
        for child in root.children(&mut root.walk()) {
            // An item at the start of a line, parsed without error, reads the same wherever the
            // edit was: a re-read keeps its facts (the readers see other items only through
            // registrations).
            let reusable = !whole_file
                && child.start_position().column == 0
                && !child.is_error()
                && !child.has_error();
            ends.push((child.end_byte(), reusable));
        }
    }

    fn one_item(children: &[Node<'_>], text: &str, end: usize) -> bool {
        // One statement at column 0 (with comments before it) after a line break: it cannot
        // extend the statement before it, which ends a line.
        let Some((item, leading)) = children.split_last() else {
            return false;
        };
        item.end_byte() == end
            && item.start_position().column == 0
            && leading.iter().all(|n| n.kind_str() == "comment")
            && nothing_extends(text.get(end..).unwrap_or(""))
    }

    fn read(
        text: &str,
        _root: Node<'_>,
        children: &[Node<'_>],
        skip: &[Range<usize>],
        file: FileRegistrations<'_, Registration>,
        view: Option<View<'_>>,
    ) -> Option<(Found<Registration>, FileFacts)> {
        // Children and skipped ranges are both in order: one pass over each.
        let mut kept: Vec<Node<'_>> = Vec::with_capacity(children.len());
        let mut ranges = skip.iter().peekable();
        for child in children {
            let (start, end) = (child.start_byte(), child.end_byte());
            while ranges.next_if(|s| s.end < end).is_some() {}
            if !ranges
                .peek()
                .is_some_and(|s| s.start <= start && end <= s.end)
            {
                kept.push(*child);
            }
        }
        let nodes = Nodes::of(&kept, text);
        let mut facts = FileFacts::default();
        let mut found: Found<Registration> =
            fastapi::dependencies(text, &nodes.calls, &mut facts.index.routes)
                .into_iter()
                .map(|(at, name)| (at, Registration::Dependency(name)))
                .chain(
                    flask::registrations(text, &nodes)
                        .into_iter()
                        .map(|(at, r)| (at, Registration::Flask(r))),
                )
                .chain(
                    aiohttp::registrations(text, &nodes.calls)
                        .into_iter()
                        .map(|(at, r)| (at, Registration::Aiohttp(r))),
                )
                .collect();
        for item in &kept {
            let written = text_of(*item, text);
            for token in MENTIONED {
                if written.contains(token) {
                    found.push((item.start_byte(), Registration::Mentions(token)));
                }
            }
            if handlers::is_test_import(*item, text) {
                found.push((item.start_byte(), Registration::TestImport));
            }
        }
        for class in &nodes.classes {
            let bases = handlers::bases(*class, text);
            let name = class.field("name");
            if let (false, Some(name)) = (bases.is_empty(), name) {
                found.push((
                    class.start_byte(),
                    Registration::Class {
                        name: text_of(name, text).to_string(),
                        bases: bases.into_iter().map(str::to_string).collect(),
                    },
                ));
            }
        }
        found.sort_by_key(|(at, _)| *at);
        let all = file(&found)?;
        let dependencies: Vec<String> = all
            .iter()
            .filter_map(|r| match r {
                Registration::Dependency(name) => Some(name.clone()),
                _ => None,
            })
            .collect();
        let apps = flask::File::new(all.iter().filter_map(|r| match r {
            Registration::Flask(r) => Some(r),
            _ => None,
        }));
        let mentioned = |token: &'static str| all.contains(&Registration::Mentions(token));
        let test = all.contains(&Registration::TestImport);
        let classes: Vec<(&str, &[String])> = all
            .iter()
            .filter_map(|r| match r {
                Registration::Class { name, bases } => Some((name.as_str(), bases.as_slice())),
                _ => None,
            })
            .collect();
        let functions = &nodes.functions;
        let package = helpers::Package::new(view);
        fastapi::read(
            text,
            &kept,
            functions,
            &dependencies,
            &apps,
            &package,
            &mut facts.responses,
        );
        flask::read(text, functions, &apps, &package, &mut facts.responses);
        if (mentioned("django") || mentioned("rest_framework")) && !test {
            let django = django::File::new(mentioned("rest_framework"), &classes);
            django::read(text, functions, &django, &mut facts.responses);
        }
        if mentioned("aiohttp") && !test {
            let aiohttp = aiohttp::File::new(
                all.iter().filter_map(|r| match r {
                    Registration::Aiohttp(r) => Some(r),
                    _ => None,
                }),
                &classes,
            );
            aiohttp::read(text, functions, &aiohttp, &mut facts.responses);
        }
        facts.responses.sort_by_key(|r| r.span.start);
        // What other files (and the file's own handlers) find in the index.
        let index = &mut facts.index;
        helpers::imports(text, &kept, &mut index.imports);
        helpers::summaries(text, &kept, &apps, &mut index.summaries);
        helpers::renderers(text, &nodes.calls, &mut index.renderers);
        let (references, unresolved, calls) = package.into_facts();
        (index.references, index.unresolved) = (references, unresolved);
        index.routes.extend(calls);
        index.routes.sort_by_key(|r| r.at);
        index.key_routes();
        Some((found, facts))
    }
}

/// Whether the text `after` a statement leaves it as it is: the rest of its line is blank or a
/// comment, and the next line of code starts at column 0. An indented line would continue the
/// statement's block (a tree parsed before may have kept such a line apart, indented at the top
/// level, when the block above ended otherwise).
fn nothing_extends(after: &str) -> bool {
    let mut lines = after.split('\n');
    let code = |line: &str| {
        let line = line.trim_start();
        !line.is_empty() && !line.starts_with('#')
    };
    if lines.next().is_some_and(code) {
        return false;
    }
    lines
        .find(|line| code(line))
        .is_none_or(|line| !line.starts_with(|c: char| c.is_whitespace()))
}

/// Node kinds by id: comparing ids costs less than comparing names.
struct Kinds {
    function: u16,
    class: u16,
    call: u16,
    import: u16,
    import_from: u16,
    assignment: u16,
    decorator: u16,
}

fn kinds() -> &'static Kinds {
    static KINDS: OnceLock<Kinds> = OnceLock::new();
    KINDS.get_or_init(|| {
        let language = tree_sitter::Language::new(tree_sitter_python::LANGUAGE);
        let id = |kind: &str| language.id_for_node_kind(kind, true);
        Kinds {
            function: id("function_definition"),
            class: id("class_definition"),
            call: id("call"),
            import: id("import_statement"),
            import_from: id("import_from_statement"),
            assignment: id("assignment"),
            decorator: id("decorator"),
        }
    })
}

/// The nodes the readers start from, in the order of the text: gathered in one walk of the
/// items read (each reader walking the file on its own cost as much as parsing it).
#[derive(Default)]
struct Nodes<'t> {
    functions: Vec<Node<'t>>,
    classes: Vec<Node<'t>>,
    calls: Vec<Node<'t>>,
    /// Imports, assignments and decorators.
    statements: Vec<Node<'t>>,
}

/// Where the walk for `Nodes` goes: every node it gathers holds one of these tokens (a function
/// its `def`, an import its `import`, a call registering something its callee's name), so it
/// enters only nodes that hold one. `true`: the token is a keyword, a whole word.
const WALKED: &[(&str, bool)] = &[
    ("def", true),
    ("class", true),
    ("import", true),
    ("@", false),
    // FastAPI's dependencies.
    ("Depends", false),
    ("Security", false),
    // Flask's apps and registering calls.
    ("Flask", false),
    ("Quart", false),
    ("Blueprint", false),
    ("add_url_rule", false),
    ("register_error_handler", false),
    ("before_", false),
    ("after_", false),
    // aiohttp's route tables and registering calls (`router.add_get`, `web.get`).
    ("RouteTableDef", false),
    ("add_", false),
    ("web.", false),
    // Exception handlers and HTTP middlewares, for the index (`helpers::RENDERER_TOKENS`).
    ("exception_handler", false),
    ("errorhandler", false),
    ("error_handler", false),
    (".middleware(", false),
];

/// The offsets of the tokens of `WALKED` in `items` (in order) of `text`, in order. Only the
/// items are scanned: an edit re-reads one item of a large file.
fn walked_offsets(items: &[Node<'_>], text: &str) -> Vec<usize> {
    static FINDER: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    let finder = FINDER.get_or_init(|| {
        aho_corasick::AhoCorasick::new(WALKED.iter().map(|(t, _)| t)).expect("plain tokens")
    });
    let bytes = text.as_bytes();
    let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
    let mut offsets = Vec::new();
    for item in items {
        let input = aho_corasick::Input::new(text).range(item.byte_range());
        let found = finder.find_overlapping_iter(input).filter(|m| {
            !WALKED[m.pattern().as_usize()].1
                || (!word(m.start().checked_sub(1).and_then(|i| bytes.get(i)))
                    && !word(bytes.get(m.end())))
        });
        offsets.extend(found.map(|m| m.start()));
    }
    // Overlapping matches come in the order of their ends.
    offsets.sort_unstable();
    offsets.dedup();
    offsets
}

impl<'t> Nodes<'t> {
    fn of(items: &[Node<'t>], text: &str) -> Nodes<'t> {
        let kinds = kinds();
        let offsets = walked_offsets(items, text);
        let holds_token = |node: Node<'_>| {
            let i = offsets.partition_point(|o| *o < node.start_byte());
            offsets.get(i).is_some_and(|o| *o < node.end_byte())
        };
        let mut nodes = Nodes::default();
        for item in items.iter().filter(|i| holds_token(**i)) {
            // A cursor walk: no allocation per node, and no stack to bound.
            let mut cursor = item.walk();
            'walk: loop {
                let node = cursor.node();
                let id = node.kind_id();
                if id == kinds.call {
                    nodes.calls.push(node);
                } else if id == kinds.function {
                    nodes.functions.push(node);
                } else if id == kinds.class {
                    nodes.classes.push(node);
                } else if id == kinds.import
                    || id == kinds.import_from
                    || id == kinds.assignment
                    || id == kinds.decorator
                {
                    nodes.statements.push(node);
                }
                // A subtree without a token holds nothing gathered: most function bodies.
                if holds_token(node) && cursor.goto_first_child() {
                    continue;
                }
                while !cursor.goto_next_sibling() {
                    if !cursor.goto_parent() {
                        break 'walk;
                    }
                }
            }
        }
        nodes
    }
}

/// Pushes the children of `node` on a walk's stack, bounded so that no file makes it grow
/// without limit.
fn push_children<'t>(stack: &mut Vec<Node<'t>>, node: Node<'t>) {
    // A leaf has nothing to push: no cursor for it (half the nodes of a file are leaves).
    if stack.len() < 100_000 && node.child_count() > 0 {
        stack.extend(node.children(&mut node.walk()));
    }
}

fn text_of<'t>(node: Node<'_>, text: &'t str) -> &'t str {
    text.get(node.byte_range()).unwrap_or("")
}

fn span_of(node: Node<'_>) -> Span {
    Span::new(node.start_byte(), node.end_byte())
}

/// The last name of a call's callee: `JSONResponse` for `responses.JSONResponse(..)`.
fn callee<'t>(call: Node<'_>, text: &'t str) -> Option<&'t str> {
    let function = call.field("function")?;
    match function.kind_str() {
        "identifier" => Some(text_of(function, text)),
        "attribute" => function.field("attribute").map(|a| text_of(a, text)),
        _ => None,
    }
}

/// A call's arguments, positional and by keyword.
struct Args<'t> {
    list: Node<'t>,
    positional: Vec<Node<'t>>,
    /// (keyword, the whole `k=v` argument, its value)
    keywords: Vec<(&'t str, Node<'t>, Node<'t>)>,
}

impl<'t> Args<'t> {
    /// The arguments of `call`, or `None` when some are spread (`*args`, `**kwargs`): then any
    /// of them may be the one that matters.
    fn of(call: Node<'t>, text: &'t str) -> Option<Args<'t>> {
        let list = call.field("arguments")?;
        if list.kind_str() != "argument_list" {
            return None;
        }
        let mut args = Args {
            list,
            positional: Vec::new(),
            keywords: Vec::new(),
        };
        for argument in list.named_children(&mut list.walk()) {
            match argument.kind_str() {
                "keyword_argument" => {
                    let name = argument.field("name")?;
                    let value = argument.field("value")?;
                    args.keywords.push((text_of(name, text), argument, value));
                }
                "list_splat" | "dictionary_splat" => return None,
                "comment" => {}
                _ => args.positional.push(argument),
            }
        }
        Some(args)
    }

    fn keyword(&self, name: &str) -> Option<Node<'t>> {
        self.keywords
            .iter()
            .find(|(k, _, _)| *k == name)
            .map(|(_, _, v)| *v)
    }

    /// The parameter at position `i`, or named `name`.
    fn get(&self, i: usize, name: &str) -> Option<Node<'t>> {
        self.positional
            .get(i)
            .copied()
            .or_else(|| self.keyword(name))
    }

    /// The whole argument (`k=v` or the positional value) that holds parameter `i`/`name`.
    fn argument(&self, i: usize, name: &str) -> Option<Node<'t>> {
        self.positional.get(i).copied().or_else(|| {
            self.keywords
                .iter()
                .find(|(k, _, _)| *k == name)
                .map(|(_, a, _)| *a)
        })
    }

    /// Where a new keyword argument goes: after the last argument, with the separator it needs
    /// (`, ` after an argument, ` ` after a trailing comma, nothing in an empty call).
    fn insert_keyword(&self, text: &str, keyword: &str) -> Option<HeaderInsert> {
        let close = self.list.end_byte().checked_sub(1)?;
        let open = self.list.start_byte() + 1;
        let before = text.get(open..close)?.trim_end();
        let separator = match before.trim_start() {
            "" => "",
            b if b.ends_with(',') => " ",
            _ => ", ",
        };
        Some(HeaderInsert {
            at: open + before.len(),
            style: HeaderStyle::Text {
                before: format!("{separator}{keyword}={{"),
                between: ": ",
                after: "}".to_string(),
            },
        })
    }

    /// The edit that removes argument `argument` and its separator, keeping the call valid.
    fn remove(&self, argument: Node<'_>, text: &str) -> Option<Edit> {
        let end = argument.end_byte();
        // A positional argument with another positional one after it: removing it would shift
        // that one into its place (`PlainTextResponse("done", 204)` would send 200 with "204"),
        // so it becomes `None`, which is what leaving it out means.
        let positional = |n: Node<'_>| n.kind_str() != "keyword_argument" && !n.is_extra();
        let mut next = argument.next_named_sibling();
        while let Some(n) = next.filter(|n| n.is_extra()) {
            next = n.next_named_sibling();
        }
        if positional(argument) && next.is_some_and(positional) {
            return Some(Edit {
                span: Span::new(argument.start_byte(), end),
                new_text: "None".to_string(),
            });
        }
        let rest = text.get(end..self.list.end_byte())?;
        let after = rest.trim_start();
        if let Some(tail) = after.strip_prefix(',') {
            // `f(a, b)`: remove `a, ` up to the next argument (or the closing parenthesis).
            let next = end + (rest.len() - tail.len());
            let skip = tail.len() - tail.trim_start().len();
            return Some(Edit {
                span: Span::new(argument.start_byte(), next + skip),
                new_text: String::new(),
            });
        }
        // The last argument: remove the comma before it too.
        let head = text.get(self.list.start_byte() + 1..argument.start_byte())?;
        let start = match head.trim_end().strip_suffix(',') {
            Some(kept) => self.list.start_byte() + 1 + kept.len(),
            None => argument.start_byte(),
        };
        Some(Edit {
            span: Span::new(start, end),
            new_text: String::new(),
        })
    }
}

/// A status written as a number (`401`), a Starlette/FastAPI/DRF constant
/// (`status.HTTP_401_UNAUTHORIZED`, `HTTP_401_UNAUTHORIZED`) or the standard library's
/// `HTTPStatus.UNAUTHORIZED`.
fn status_of(node: Node<'_>, text: &str) -> Option<(u16, StatusForm)> {
    let written = text_of(node, text);
    match node.kind_str() {
        "integer" => {
            let code: u16 = written.parse().ok()?;
            (100..=999)
                .contains(&code)
                .then_some((code, StatusForm::Number))
        }
        "attribute" | "identifier" => {
            let (object, name) = written.rsplit_once('.').unwrap_or(("", written));
            if let Some(rest) = name.strip_prefix("HTTP_") {
                let digits = rest.get(..3)?;
                if rest.len() > 3 && !rest[3..].starts_with('_') {
                    return None;
                }
                return Some((digits.parse().ok()?, StatusForm::Named));
            }
            if object == "HTTPStatus" || object.ends_with(".HTTPStatus") {
                return Some((crate::status::code_from_name(name)?, StatusForm::Named));
            }
            None
        }
        _ => None,
    }
}

/// A `headers=` value: a dict literal with string keys is known (and complete); anything else
/// may hold any header.
fn headers_of(value: Option<Node<'_>>, text: &str) -> Headers {
    let Some(value) = value else {
        return Headers::empty();
    };
    if value.kind_str() != "dictionary" {
        return Headers::unknown();
    }
    let mut headers = Headers::empty();
    for pair in value.named_children(&mut value.walk()) {
        let key = pair
            .field("key")
            .filter(|k| pair.kind_str() == "pair" && k.kind_str() == "string")
            .and_then(|k| string_value(k, text));
        match key {
            Some(name) => headers.known.push(Header {
                name: name.to_ascii_lowercase(),
                span: span_of(pair),
            }),
            None if pair.kind_str() == "comment" => {}
            None => return Headers::unknown(),
        }
    }
    headers
}

/// The value of a plain string literal (no f-string interpolation, no escapes).
fn string_value<'t>(node: Node<'_>, text: &'t str) -> Option<&'t str> {
    if node.kind_str() != "string" || node.named_child_count() != 3 {
        return None;
    }
    let content = node
        .named_child(1)
        .filter(|c| c.kind_str() == "string_content")?;
    Some(text_of(content, text))
}

/// Whether evaluating `node` has no side effects we can see: literals, names, containers of
/// them (no call anywhere inside, no await, no comprehension).
fn is_pure(node: Node<'_>) -> bool {
    let mut stack = vec![node];
    let mut seen = 0usize;
    while let Some(n) = stack.pop() {
        seen += 1;
        if seen > 10_000 {
            return false;
        }
        match n.kind_str() {
            "call"
            | "await"
            | "yield"
            | "list_comprehension"
            | "dictionary_comprehension"
            | "set_comprehension"
            | "generator_expression"
            | "lambda"
            | "named_expression"
            | "interpolation" => return false,
            _ => push_children(&mut stack, n),
        }
    }
    true
}

/// A content argument as a body: `None` is no content, anything else is.
fn content_body(content: Option<Node<'_>>) -> Body {
    match content {
        None => Body::Empty,
        Some(c) if c.kind_str() == "none" => Body::Empty,
        Some(c) => Body::Present {
            span: span_of(c),
            pure: is_pure(c),
        },
    }
}

/// A dict literal's header insert: a new pair right after `{` (`"name": "value", `).
fn insert_into_dict(dict: Node<'_>) -> HeaderInsert {
    let empty = dict.named_child_count() == 0;
    HeaderInsert {
        at: dict.start_byte() + 1,
        style: HeaderStyle::Text {
            before: String::new(),
            between: ": ",
            after: if empty {
                String::new()
            } else {
                ", ".to_string()
            },
        },
    }
}

#[cfg(test)]
mod tests;
