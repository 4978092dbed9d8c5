//! Python extraction (issue 18), first shape: FastAPI/Starlette `raise HTTPException(status_code=..)`
//! in a path operation (a function decorated `@app.get(..)`, `@router.post(..)`, ...) or in a
//! dependency of one (`Depends(f)`, `Security(f)` in the file). FastAPI's default handler renders
//! the exception with its `status_code` and `headers`: a raised exception there is the response.
//! Nothing else is read yet, so client code and tests never fire.

mod package;

use std::ops::Range;

use tree_sitter::Node;

use crate::extract::segments::{self, FileRegistrations, Found, Reader};
use crate::extract::{Fixes, Packages, Spec};
use crate::index::View;
use crate::model::{
    Body, FileFacts, FixPlan, HeaderInsert, HeaderStyle, Headers, Response, Span, Status,
    StatusForm, StatusStyle,
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
    unparsed: |_| None,
    packages: Packages {
        manifest: "pyproject.toml",
        roots: |_| true,
        watched: &[],
        module_of: package::module_of,
        dependencies: |_| Vec::new(),
        nested: |_, _| false,
        forget: || {},
    },
    fixes: Fixes {
        render: crate::extract::fix::render,
        retitle: crate::extract::fix::retitle,
        memoized: crate::extract::fix::memoized,
    },
}];

/// Every shape read is spelled with this token: a file without it yields no facts.
pub fn may_build_response(text: &str) -> bool {
    text.contains("HTTPException")
}

/// How Python files are cut into items: each top-level statement, none re-read alone yet (an
/// indented line after an item would extend it), so an edit re-reads the file.
#[derive(Debug)]
pub struct PyItems;

/// A Python file's facts, per top-level statement.
pub type Segments = segments::Segments<PyItems>;

impl Reader for PyItems {
    /// The names given to `Depends(..)` / `Security(..)`: their functions are read as handlers.
    type Registration = String;

    fn boundaries(root: Node<'_>, _text: &str, ends: &mut Vec<(usize, bool)>) {
        for child in root.children(&mut root.walk()) {
            ends.push((child.end_byte(), false));
        }
    }

    fn one_item(_children: &[Node<'_>], _end: usize) -> bool {
        false
    }

    fn read(
        text: &str,
        _root: Node<'_>,
        children: &[Node<'_>],
        skip: &[Range<usize>],
        file: FileRegistrations<'_, String>,
        _view: Option<View<'_>>,
    ) -> Option<(Found<String>, FileFacts)> {
        let kept: Vec<Node<'_>> = children
            .iter()
            .copied()
            .filter(|c| {
                !skip
                    .iter()
                    .any(|s| s.start <= c.start_byte() && c.end_byte() <= s.end)
            })
            .collect();
        let found = dependencies(text, &kept);
        let all = file(&found)?;
        Some((found, read(text, &kept, &all)))
    }
}

/// The HTTP methods of FastAPI's and Starlette's route decorators.
const ROUTE_DECORATORS: &[&str] = &[
    "get",
    "post",
    "put",
    "patch",
    "delete",
    "head",
    "options",
    "trace",
    "api_route",
    "route",
];

fn text_of<'t>(node: Node<'_>, text: &'t str) -> &'t str {
    text.get(node.byte_range()).unwrap_or("")
}

/// The names given to `Depends(..)` / `Security(..)` in `nodes`, with their offsets.
fn dependencies(text: &str, nodes: &[Node<'_>]) -> Found<String> {
    let mut dependencies = Vec::new();
    let mut stack: Vec<Node<'_>> = nodes.to_vec();
    while let Some(node) = stack.pop() {
        if node.kind() == "call" {
            let callee = node
                .child_by_field_name("function")
                .map(|f| text_of(f, text));
            if matches!(callee, Some("Depends" | "Security" | "fastapi.Depends")) {
                let first = node
                    .child_by_field_name("arguments")
                    .and_then(|a| a.named_child(0))
                    .filter(|a| a.kind() == "identifier");
                if let Some(name) = first {
                    dependencies.push((name.start_byte(), text_of(name, text).to_string()));
                }
            }
        }
        if stack.len() < 100_000 {
            stack.extend(node.children(&mut node.walk()));
        }
    }
    dependencies.sort();
    dependencies
}

/// The responses raised by the path operations in `nodes` and by the functions named in
/// `dependencies`, walked with a bounded stack.
fn read(text: &str, nodes: &[Node<'_>], dependencies: &[String]) -> FileFacts {
    let mut facts = FileFacts::default();
    let mut stack: Vec<Node<'_>> = nodes.to_vec();
    while let Some(node) = stack.pop() {
        if node.kind() == "function_definition" {
            let name = node
                .child_by_field_name("name")
                .map_or("", |n| text_of(n, text));
            let routed = node
                .parent()
                .filter(|p| p.kind() == "decorated_definition")
                .is_some_and(|p| is_route(p, text));
            if routed || dependencies.iter().any(|d| d == name) {
                if let Some(body) = node.child_by_field_name("body") {
                    raised(body, text, &mut facts.responses);
                }
            }
        }
        if stack.len() < 100_000 {
            stack.extend(node.children(&mut node.walk()));
        }
    }
    facts.responses.sort_by_key(|r| r.span.start);
    facts
}

/// Whether a decorated definition has a route decorator: `@x.get("/")`, `@router.post(..)`.
fn is_route(decorated: Node<'_>, text: &str) -> bool {
    decorated.children(&mut decorated.walk()).any(|d| {
        if d.kind() != "decorator" {
            return false;
        }
        let Some(call) = d.named_child(0).filter(|c| c.kind() == "call") else {
            return false;
        };
        let Some(function) = call.child_by_field_name("function") else {
            return false;
        };
        function.kind() == "attribute"
            && function
                .child_by_field_name("attribute")
                .is_some_and(|a| ROUTE_DECORATORS.contains(&text_of(a, text)))
    })
}

/// The `raise HTTPException(..)` statements of a function body, nested functions and classes
/// left out (they run at another time).
fn raised(body: Node<'_>, text: &str, out: &mut Vec<Response>) {
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "function_definition" | "class_definition" | "lambda" => continue,
            "raise_statement" => {
                if let Some(call) = node.named_child(0).filter(|c| c.kind() == "call") {
                    out.extend(http_exception(call, text));
                }
                continue;
            }
            _ => {}
        }
        if stack.len() < 100_000 {
            stack.extend(node.children(&mut node.walk()));
        }
    }
}

/// `HTTPException(status_code=401, detail=.., headers=..)` (or the status first, positionally).
fn http_exception(call: Node<'_>, text: &str) -> Option<Response> {
    let function = call.child_by_field_name("function")?;
    let name = text_of(function, text);
    if name != "HTTPException" && !name.ends_with(".HTTPException") {
        return None;
    }
    let arguments = call.child_by_field_name("arguments")?;
    let mut status = None;
    let mut headers = false;
    let mut unknown = false;
    for (i, argument) in arguments.named_children(&mut arguments.walk()).enumerate() {
        match argument.kind() {
            "keyword_argument" => {
                let key = argument
                    .child_by_field_name("name")
                    .map(|n| text_of(n, text));
                let value = argument.child_by_field_name("value");
                match key {
                    Some("status_code") => status = value,
                    Some("headers") => headers = true,
                    _ => {}
                }
            }
            "list_splat" | "dictionary_splat" => unknown = true,
            _ if i == 0 => status = Some(argument),
            _ => {}
        }
    }
    if unknown {
        return None;
    }
    let status = status?;
    let (code, form) = status_of(status, text)?;
    // `headers=` given: what it holds is not read yet, so the headers are unknown.
    let close = arguments.end_byte().checked_sub(1)?;
    let before = text.get(arguments.start_byte() + 1..close)?.trim_end();
    let separator = match before.trim_start() {
        "" => "",
        b if b.ends_with(',') => " ",
        _ => ", ",
    };
    let at = arguments.start_byte() + 1 + before.len();
    Some(Response {
        status: Status {
            code,
            span: Span::new(status.start_byte(), status.end_byte()),
            form,
        },
        headers: Headers {
            known: Vec::new(),
            complete: !headers,
        },
        body: Body::Unknown,
        span: Span::new(call.start_byte(), call.end_byte()),
        method: None,
        route: None,
        fix_plan: FixPlan {
            add_header: (!headers).then(|| HeaderInsert {
                at,
                style: HeaderStyle::Text {
                    before: format!("{separator}headers={{"),
                    between: ": ",
                    after: "}".to_string(),
                },
            }),
            status_style: (form == StatusForm::Number).then_some(StatusStyle::Number),
            ..FixPlan::default()
        },
        runtime: None,
        related: Vec::new(),
    })
}

/// A status written as a number (`401`) or a Starlette/FastAPI constant
/// (`status.HTTP_401_UNAUTHORIZED`).
fn status_of(node: Node<'_>, text: &str) -> Option<(u16, StatusForm)> {
    let written = text_of(node, text);
    match node.kind() {
        "integer" => Some((written.parse().ok()?, StatusForm::Number)),
        "attribute" | "identifier" => {
            let name = written.rsplit('.').next()?;
            let digits = name.strip_prefix("HTTP_")?.get(..3)?;
            Some((digits.parse().ok()?, StatusForm::Named))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests;
