//! Which `http` header-name constants a fix can use at a position: `header::WWW_AUTHENTICATE` when
//! the file imports the `header` module, `WWW_AUTHENTICATE` when it imports the constant. Read from
//! the text's `use` declarations that are certainly in scope there: those at the top of the file for
//! code outside `mod` blocks, those at the top of a `mod` block for code directly in it. Anything
//! less certain (a `#[cfg(..)]` import, a deeper module, a renamed import) gives no constant, and
//! the fix keeps its string literal, which always compiles.

/// Crates whose `header` module holds `http`'s header-name constants.
const HTTP_ROOTS: &[&str] = &[
    "axum",
    "actix_web",
    "http",
    "hyper",
    "poem",
    "salvo",
    "warp",
];

/// How the file can name `constant` (`WWW_AUTHENTICATE`) at `offset`: with the module path or
/// bare, or not at all.
pub(crate) fn header_constant(text: &str, offset: usize, constant: &str) -> Option<String> {
    let paths = uses_in_scope(text, offset)?;
    let from_http = |path: &str| {
        let root = path
            .trim_start_matches("::")
            .split("::")
            .next()
            .unwrap_or("");
        HTTP_ROOTS.contains(&root)
    };
    let bare = paths.iter().any(|p| {
        from_http(p)
            && (p.ends_with(&format!("::header::{constant}")) || p.ends_with("::header::*"))
    });
    if bare && !defines(text, constant) {
        return Some(constant.to_string());
    }
    let module = paths
        .iter()
        .any(|p| from_http(p) && p.ends_with("::header"));
    module.then(|| format!("header::{constant}"))
}

/// Whether the file defines a name itself (a local `const WWW_AUTHENTICATE` would shadow).
fn defines(text: &str, name: &str) -> bool {
    if let Some(Some(known)) = with_memo(text, |memo| memo.defines.get(name).copied()) {
        return known;
    }
    let found = scan_defines(text, name);
    with_memo(text, |memo| memo.defines.insert(name.to_string(), found));
    found
}

fn scan_defines(text: &str, name: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim_start();
        ["const ", "static ", "let ", "fn "]
            .iter()
            .any(|k| l.strip_prefix(k).is_some_and(|r| r.starts_with(name)))
    })
}

/// Memoized scans of one text, while `memoized` runs: rendering the fixes of a file's diagnostics
/// asks about the same text once per diagnostic, and each question would otherwise scan it whole.
struct Memo {
    /// The text's address and length: the memo is only set while that text is borrowed.
    key: (usize, usize),
    /// Per line start, the module state after that line (see `module_state`).
    lines: Vec<(usize, ModuleState)>,
    uses: std::collections::HashMap<Option<usize>, Option<Vec<String>>>,
    defines: std::collections::HashMap<String, bool>,
    /// Where each function's line starts (see `function_start`), found on first use.
    functions: Option<Vec<usize>>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ModuleState {
    /// Outside any `mod` block, or inside the top-level one starting at the offset.
    At(Option<usize>),
    /// Inside a module inside a module: not read.
    Nested,
}

thread_local! {
    static MEMO: std::cell::RefCell<Option<Memo>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` with the scans of `text` memoized (they are dropped when `f` returns).
pub(crate) fn memoized<T>(text: &str, f: impl FnOnce() -> T) -> T {
    let memo = Memo {
        key: (text.as_ptr() as usize, text.len()),
        lines: module_lines(text),
        uses: Default::default(),
        defines: Default::default(),
        functions: None,
    };
    let previous = MEMO.with(|m| m.replace(Some(memo)));
    let out = f();
    MEMO.with(|m| *m.borrow_mut() = previous);
    out
}

fn with_memo<T>(text: &str, f: impl FnOnce(&mut Memo) -> T) -> Option<T> {
    MEMO.with(|m| {
        let mut memo = m.borrow_mut();
        let memo = memo.as_mut()?;
        (memo.key == (text.as_ptr() as usize, text.len())).then(|| f(memo))
    })
}

/// One step of the module scan over a line (with its newline, if any).
fn module_step(state: ModuleState, line: &str, at: usize) -> ModuleState {
    let ModuleState::At(module_start) = state else {
        return state;
    };
    let trimmed = line.trim_end();
    if is_mod_opener(trimmed) {
        if line.starts_with(|c: char| !c.is_whitespace()) {
            return ModuleState::At(Some(at + line.len()));
        } else if module_start.is_some() {
            return ModuleState::Nested;
        }
    } else if trimmed == "}" {
        return ModuleState::At(None);
    }
    state
}

/// The module state after each whole line of `text`.
fn module_lines(text: &str) -> Vec<(usize, ModuleState)> {
    let mut out = Vec::new();
    let mut state = ModuleState::At(None);
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if !line.ends_with('\n') {
            break;
        }
        state = module_step(state, line, at);
        at += line.len();
        out.push((at, state));
    }
    out
}

/// The innermost `mod name {` still open at `offset`, judged by lines at column 0 and 4.
fn module_state(text: &str, offset: usize) -> ModuleState {
    let offset = offset.min(text.len());
    let known = with_memo(text, |memo| {
        // The state after the last whole line before `offset`, then the partial line.
        let i = memo.lines.partition_point(|(end, _)| *end <= offset);
        match i {
            0 => (0, ModuleState::At(None)),
            _ => memo.lines[i - 1],
        }
    });
    let (mut at, mut state) = known.unwrap_or((0, ModuleState::At(None)));
    for line in text[at..offset].split_inclusive('\n') {
        state = module_step(state, line, at);
        at += line.len();
    }
    state
}

/// The imported paths (`axum::http::header`) of the `use` declarations in scope at `offset`, or
/// `None` when that scope cannot be told from the text.
fn uses_in_scope(text: &str, offset: usize) -> Option<Vec<String>> {
    let ModuleState::At(module_start) = module_state(text, offset) else {
        return None;
    };
    if let Some(known) = with_memo(text, |memo| memo.uses.get(&module_start).cloned()).flatten() {
        return known;
    }
    let paths = uses_in_region(text, module_start);
    with_memo(text, |memo| memo.uses.insert(module_start, paths.clone()));
    paths
}

fn uses_in_region(text: &str, module_start: Option<usize>) -> Option<Vec<String>> {
    let (region, indent) = match module_start {
        None => (text, ""),
        Some(start) => {
            let end = text[start..]
                .find("\n}")
                .map_or(text.len(), |i| start + i + 1);
            (&text[start..end], "    ")
        }
    };
    let mut paths = Vec::new();
    let mut previous = "";
    let mut rest = region;
    while let Some(line_end) = rest
        .find('\n')
        .map(|i| i + 1)
        .or((!rest.is_empty()).then_some(rest.len()))
    {
        let line = &rest[..line_end];
        let declaration = line
            .strip_prefix(indent)
            .filter(|l| !l.starts_with(char::is_whitespace))
            .and_then(|l| l.strip_prefix("pub ").or(Some(l)))
            .and_then(|l| l.strip_prefix("use "));
        let conditional = previous.trim_start().starts_with("#[cfg");
        if let (Some(start), false) = (declaration, conditional) {
            let from = line.len() - start.len();
            let end = rest[from..].find(';').map(|i| from + i)?;
            expand("", &rest[from..end], &mut paths);
            rest = &rest[end..];
            previous = "";
            continue;
        }
        previous = line;
        rest = &rest[line_end..];
    }
    Some(paths)
}

fn is_mod_opener(line: &str) -> bool {
    let line = line.trim_start();
    let line = line.strip_prefix("pub ").unwrap_or(line);
    line.starts_with("mod ") && line.ends_with('{')
}

/// Flattens a use tree (`a::{b, c::{self, d}}`) into paths; renamed imports are left out.
fn expand(prefix: &str, tree: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    let join = |name: &str| {
        if prefix.is_empty() {
            name.to_string()
        } else if name == "self" {
            prefix.to_string()
        } else {
            format!("{prefix}::{name}")
        }
    };
    let Some(open) = tree.find('{') else {
        if !tree.contains(" as ") && !tree.is_empty() {
            out.push(join(tree));
        }
        return;
    };
    let head = tree[..open].trim().trim_end_matches("::");
    let inner = tree[open + 1..]
        .trim_end()
        .strip_suffix('}')
        .unwrap_or(&tree[open + 1..]);
    let prefix = if head.is_empty() {
        prefix.to_string()
    } else {
        join(head)
    };
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                expand(&prefix, &inner[start..i], out);
                start = i + 1;
            }
            _ => {}
        }
    }
    expand(&prefix, &inner[start..], out);
}

/// The `fn` looked for by `auth_scheme` is at most this far back, so that the cost per response is
/// bounded; a response further than this from its function's start gets the rule's own placeholder.
const FUNCTION_WINDOW: usize = 16 * 1024;

/// Whether the `fn ` at `i` starts a function's line (only modifiers before it).
fn starts_function(text: &str, i: usize) -> bool {
    let line_start = text[..i].rfind('\n').map_or(0, |j| j + 1);
    text[line_start..i]
        .split_whitespace()
        .all(|w| matches!(w, "pub" | "pub(crate)" | "async" | "const" | "unsafe"))
}

/// The start of the function line nearest before `offset`, within `FUNCTION_WINDOW`. While the text
/// is memoized the function lines are found once (a file with no `fn`, such as TypeScript, would
/// otherwise be scanned back for each of its responses).
fn function_start(text: &str, offset: usize) -> Option<usize> {
    let from = offset.saturating_sub(FUNCTION_WINDOW);
    let memoized = with_memo(text, |memo| {
        let starts = memo.functions.get_or_insert_with(|| {
            text.match_indices("fn ")
                .map(|(i, _)| i)
                .filter(|i| starts_function(text, *i))
                .collect()
        });
        let before = starts.partition_point(|i| i + 3 <= offset);
        before.checked_sub(1).map(|k| starts[k])
    });
    let found = match memoized {
        Some(found) => found,
        None => {
            let mut from = from;
            while !text.is_char_boundary(from) {
                from += 1;
            }
            text[from..offset]
                .rmatch_indices("fn ")
                .map(|(i, _)| from + i)
                .find(|i| starts_function(text, *i))
        }
    };
    found.filter(|start| *start >= from)
}

/// The end of the function whose line starts at `start`: the `}` that closes its first `{`
/// (braces in string literals and `'{'` are skipped), or `None` past the window.
fn function_end(text: &str, start: usize) -> Option<usize> {
    let limit = (start + 2 * FUNCTION_WINDOW).min(text.len());
    let bytes = &text.as_bytes()[..limit];
    let mut depth = 0usize;
    let mut i = start;
    let mut opened = false;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                // Skip the literal, with its escapes.
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'\'' if bytes.get(i + 2) == Some(&b'\'') => i += 2,
            b'{' => {
                depth += 1;
                opened = true;
            }
            b'}' if opened => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            // A declaration without a body (`fn f();` in a trait).
            b';' if !opened => return None,
            _ => {}
        }
        i += 1;
    }
    None
}

/// The text of the function around `offset` (from its `fn` line to its closing brace, or to the
/// end of `offset`'s line when the end is out of reach), and the bodies of the functions of the
/// same file it calls by name (`validate_token(..)`, `Self::check(..)`), one level deep.
fn function_texts(text: &str, offset: usize) -> Option<Vec<&str>> {
    let offset = offset.min(text.len());
    let start = function_start(text, offset)?;
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let end = function_end(text, start)
        .filter(|end| *end >= line_end)
        .unwrap_or(line_end);
    let function = &text[start..end];
    let mut out = vec![function];
    let mut seen: Vec<&str> = Vec::new();
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    for (at, _) in function.match_indices('(') {
        if seen.len() >= MAX_CALLEES {
            break;
        }
        let before = &function[..at];
        let name_start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| word(*c))
            .last()
            .map_or(at, |(i, _)| i);
        let name = &before[name_start..];
        let called = !name.is_empty()
            && name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && !before[..name_start].ends_with('.')
            && !seen.contains(&name);
        if !called {
            continue;
        }
        seen.push(name);
        let callee = [format!("fn {name}("), format!("fn {name}<")]
            .iter()
            .filter_map(|decl| text.find(decl.as_str()))
            .find(|i| starts_function(text, *i) && (*i < start || *i >= end));
        if let Some(callee_start) = callee {
            if let Some(callee_end) = function_end(text, callee_start) {
                out.push(&text[callee_start..callee_end]);
            }
        }
    }
    Some(out)
}

/// How many distinct names a function calls that `function_texts` looks up.
const MAX_CALLEES: usize = 32;

/// The authentication scheme the function around `offset` reads, when it reads exactly one:
/// `Basic` for `"Basic "` prefixes, `"Basic"` compared with the scheme word, `Authorization<Basic>`,
/// `BasicAuth`, `basic_auth`; `Bearer` alike. The whole function is read (a check after the
/// response counts) and the functions of the file it calls (a `validate(header)` that strips
/// `"Basic "`).
pub(crate) fn auth_scheme(text: &str, offset: usize) -> Option<&'static str> {
    let functions = function_texts(text, offset)?;
    let any = |tokens: &[&str]| {
        functions
            .iter()
            .any(|f| tokens.iter().any(|t| f.contains(t)))
    };
    let basic = any(&[
        "\"Basic ",
        "\"Basic\"",
        "\"basic ",
        "\"basic\"",
        "<Basic>",
        "BasicAuth",
        "basic_auth",
    ]);
    let bearer = any(&[
        "\"Bearer ",
        "\"Bearer\"",
        "\"bearer ",
        "\"bearer\"",
        "<Bearer>",
        "BearerAuth",
        "bearer_auth",
        "bearer_token",
    ]);
    match (basic, bearer) {
        (true, false) => Some("Basic"),
        (false, true) => Some("Bearer"),
        _ => None,
    }
}

/// Whether the function around `offset` (or a function of the file it calls) may read a `Range`
/// request header: any `range`, in any case, in its text (`header::RANGE`, `Range<..>`,
/// `parse_range(..)`). `None` when the function cannot be found.
pub(crate) fn mentions_range(text: &str, offset: usize) -> Option<bool> {
    let functions = function_texts(text, offset)?;
    // Line comments do not read headers (a `// 206: no range here` is not a read).
    let code = |f: &'_ str| -> bool {
        f.lines().any(|line| {
            let line = line.split("//").next().unwrap_or(line);
            line.as_bytes()
                .windows(5)
                .any(|w| w.eq_ignore_ascii_case(b"range"))
        })
    };
    Some(functions.iter().any(|f| code(f)))
}

/// The names imported by the file's `use` declarations that `edits` remove the last uses of
/// (`Json` and `json` after `Json(json!(..))` goes).
pub(crate) fn imports_left_unused(text: &str, edits: &[crate::model::Edit]) -> Vec<String> {
    let mut paths = Vec::new();
    let mut statement = String::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        let trimmed = trimmed.strip_prefix("pub ").unwrap_or(trimmed);
        if statement.is_empty() && !trimmed.starts_with("use ") {
            continue;
        }
        statement.push_str(trimmed);
        statement.push(' ');
        if let Some(end) = statement.find(';') {
            let tree = statement[..end].trim_start_matches("use ").to_string();
            expand("", &tree, &mut paths);
            statement.clear();
        }
    }
    let mut names: Vec<String> = paths
        .iter()
        .filter_map(|p| p.rsplit("::").next())
        .filter(|n| *n != "self" && n.chars().all(|c| c.is_alphanumeric() || c == '_'))
        .map(str::to_string)
        .collect();
    names.sort();
    names.dedup();
    let count = |hay: &str, name: &str| {
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        hay.match_indices(name)
            .filter(|(i, _)| {
                !word(hay[..*i].chars().next_back()) && !word(hay[i + name.len()..].chars().next())
            })
            .count()
    };
    names
        .into_iter()
        .filter(|name| {
            let removed: usize = edits
                .iter()
                .map(|e| {
                    let old = count(text.get(e.span.start..e.span.end).unwrap_or(""), name);
                    old.saturating_sub(count(&e.new_text, name))
                })
                .sum();
            // Every use but the import itself goes.
            removed > 0 && count(text, name) == removed + 1
        })
        .collect()
}

/// Edits that remove the imports of `names` (left unused by a fix) where that is certain, and the
/// names they remove. A `use` of one path loses its line; an entry of a flat `use p::{a, b}` list
/// goes, the rest written as rustfmt writes it (one line, no braces around one entry). Anything
/// else keeps its import: `pub use`, an attribute or comment on the `use`, nested or renamed
/// entries, a list that would not fit comfortably on one line.
pub(crate) fn remove_imports(
    text: &str,
    names: &[String],
) -> (Vec<crate::model::Edit>, Vec<String>) {
    let mut edits = Vec::new();
    let mut removed = Vec::new();
    if names.is_empty() {
        return (edits, removed);
    }
    let mut offset = 0;
    let mut previous = "";
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let indent = &line[..line.len() - line.trim_start().len()];
        // An attribute (`#[cfg(..)]`) on the `use` would pass to the next item.
        let after_attribute = previous.trim_start().starts_with("#[");
        if !line.trim().is_empty() {
            previous = line;
        }
        if !line.trim_start().starts_with("use ") {
            continue;
        }
        if after_attribute {
            continue;
        }
        // The statement may span lines: it ends at the first `;`, with nothing after it on its line.
        let Some(semi) = text[start..].find(';').map(|i| start + i) else {
            break;
        };
        let end = text[semi..].find('\n').map_or(text.len(), |i| semi + i + 1);
        if !text[semi + 1..end].trim().is_empty() {
            continue;
        }
        let tree_start = start + indent.len() + "use ".len();
        let tree = &text[tree_start..semi];
        if tree.contains("//") || tree.contains("/*") || tree.contains(" as ") {
            continue;
        }
        let Some((new_text, gone)) = without_entries(tree, names) else {
            continue;
        };
        let (mut from, mut to) = (start, end);
        let new_text = match new_text {
            Some(tree) => {
                let statement = format!("{indent}use {tree};");
                if statement.len() > 80 && text[start..semi].contains('\n') {
                    continue;
                }
                format!("{statement}\n")
            }
            None => {
                // No two blank lines where the line was, and none at the start of the file.
                let blank_before = from == 0 || text[..from].ends_with("\n\n");
                let blank_after = to == text.len() || text[to..].starts_with('\n');
                if blank_before && blank_after {
                    if to < text.len() {
                        to += 1;
                    } else {
                        from = from.saturating_sub(1);
                    }
                }
                String::new()
            }
        };
        edits.push(crate::model::Edit {
            span: crate::model::Span::new(from, to),
            new_text,
        });
        removed.extend(gone);
    }
    (edits, removed)
}

/// `tree` (a `use` statement's path tree) without the entries naming one of `names`: `Some(None)`
/// when nothing is left, `Some(Some(tree))` for the rest, `None` when no entry goes or it cannot
/// be done for certain.
fn without_entries(tree: &str, names: &[String]) -> Option<(Option<String>, Vec<String>)> {
    let tree = tree.trim();
    let last = |path: &str| path.rsplit("::").next().map(str::to_string);
    let simple = |path: &str| {
        path.split("::").all(|segment| {
            !segment.is_empty() && segment.chars().all(|c| c.is_alphanumeric() || c == '_')
        })
    };
    let Some(open) = tree.find('{') else {
        let name = last(tree)?;
        return (simple(tree) && names.contains(&name)).then(|| (None, vec![name]));
    };
    let prefix = &tree[..open];
    let inner = tree[open + 1..].strip_suffix('}')?;
    if !prefix.ends_with("::") || !simple(prefix.trim_end_matches("::")) {
        return None;
    }
    let mut entries = Vec::new();
    let (mut depth, mut from) = (0i32, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                entries.push(inner[from..i].trim());
                from = i + 1;
            }
            _ => {}
        }
    }
    entries.push(inner[from..].trim());
    entries.retain(|e| !e.is_empty());
    let (gone, kept): (Vec<&str>, Vec<&str>) = entries
        .iter()
        .partition(|e| simple(e) && last(e).is_some_and(|n| names.contains(&n)));
    if gone.is_empty() {
        return None;
    }
    let gone = gone.iter().filter_map(|e| last(e)).collect();
    let rest = match kept[..] {
        [] => None,
        // rustfmt drops the braces around one entry; it rewrites `self` and nested lists further.
        [one] if simple(one) && one != "self" => Some(format!("{prefix}{one}")),
        [_] => return None,
        _ => Some(format!("{prefix}{{{}}}", kept.join(", "))),
    };
    Some((rest, gone))
}

/// `WWW-Authenticate` -> `WWW_AUTHENTICATE`, the name of its constant in `http::header`.
pub(crate) fn constant_name(header: &str) -> String {
    header.to_ascii_uppercase().replace('-', "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unused_imports_removed_where_certain() {
        let names = vec!["Json".to_string(), "json".to_string()];
        let fixed = |text: &str| {
            let (edits, removed) = remove_imports(text, &names);
            let refs: Vec<&crate::model::Edit> = edits.iter().collect();
            (crate::lint::apply_edits(text, &refs).0, removed)
        };
        // A one-path `use` loses its line; a list entry goes, one left loses its braces.
        assert_eq!(
            fixed("use axum::{http::StatusCode, Json};\nuse serde_json::json;\n\nfn f() {}\n"),
            (
                "use axum::http::StatusCode;\n\nfn f() {}\n".to_string(),
                names.clone()
            )
        );
        assert_eq!(
            fixed("use a::b;\n\nuse serde_json::json;\n\nfn f() {}\n").0,
            "use a::b;\n\nfn f() {}\n"
        );
        assert_eq!(
            fixed("use axum::{\n    extract::Path,\n    Json,\n    Router,\n};\n").0,
            "use axum::{extract::Path, Router};\n"
        );
        // Kept: re-exported, under an attribute, renamed, nested, with a comment.
        for kept in [
            "pub use serde_json::json;\n",
            "#[cfg(test)]\nuse serde_json::json;\n",
            "use axum::Json as J;\n",
            "use axum::{response::{IntoResponse, Json}, Router};\n",
            "use axum::{Json, Router}; // the body type\n",
            "use axum::{Json, http::{header, StatusCode}};\n",
        ] {
            assert_eq!(fixed(kept), (kept.to_string(), Vec::new()), "{kept}");
        }
    }

    #[test]
    fn constants_in_scope() {
        let at_end = |text: &str| header_constant(text, text.len(), "WWW_AUTHENTICATE");
        assert_eq!(
            at_end("use axum::http::{header, StatusCode};\nfn f() {}\n").as_deref(),
            Some("header::WWW_AUTHENTICATE")
        );
        assert_eq!(
            at_end("use axum::http::header::{self, WWW_AUTHENTICATE};\n").as_deref(),
            Some("WWW_AUTHENTICATE")
        );
        assert_eq!(
            at_end("use actix_web::{http::header, HttpResponse};\n").as_deref(),
            Some("header::WWW_AUTHENTICATE")
        );
        // Not from `http`, renamed, conditional, or not in the module the code is in.
        assert_eq!(at_end("use crate::header;\n"), None);
        assert_eq!(at_end("use axum::http::header as h;\n"), None);
        assert_eq!(at_end("#[cfg(test)]\nuse axum::http::header;\n"), None);
        assert_eq!(
            at_end("use axum::http::header;\nmod api {\n    fn f() {}\n"),
            None
        );
        assert_eq!(
            at_end("mod api {\n    use http::header;\n    fn f() {}\n").as_deref(),
            Some("header::WWW_AUTHENTICATE")
        );
        assert_eq!(
            at_end("use http::header;\nmod api {\n    use x::y;\n}\nfn f() {}\n").as_deref(),
            Some("header::WWW_AUTHENTICATE")
        );
    }
}
