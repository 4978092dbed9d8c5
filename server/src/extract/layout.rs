//! Lays out a rewritten list (a tuple's elements, an array's pairs) the way rustfmt's default
//! settings do, so that a fixed file stays formatted: on one line when the list's contents fit in
//! 60 columns (`fn_call_width`, `array_width`) and the line in 100 (`max_width`), else one item per
//! line with a trailing comma. A method chain continuing after a list that goes vertical moves to
//! its own line, as rustfmt moves it.

use crate::model::Edit;
use crate::model::Span;

use super::rust::indent_at;

const MAX_WIDTH: usize = 100;
const LIST_WIDTH: usize = 60;

/// The edits that put `item` into the list at `span` (between `open` and `close`, its elements at
/// `elements`) before element `index` (or last). `indent` is that of the line the list starts on.
/// A list written over several lines, or with comments between its elements, keeps all its text:
/// the item goes in on a line of its own.
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_item(
    text: &str,
    span: Span,
    open: &str,
    close: &str,
    elements: &[Span],
    item: &str,
    index: usize,
    indent: &str,
) -> Vec<Edit> {
    let slice = |s: Span| text.get(s.start..s.end).unwrap_or("");
    let mut gaps = String::new();
    let mut previous = span.start + open.len();
    for element in elements {
        gaps.push_str(text.get(previous..element.start).unwrap_or(""));
        previous = element.end;
    }
    gaps.push_str(
        text.get(previous..span.end.saturating_sub(close.len()))
            .unwrap_or(""),
    );
    if slice(span).contains('\n') || gaps.contains("/*") || gaps.contains("//") {
        return match elements.get(index) {
            Some(next) => {
                let own_indent = indent_at(text, next.start);
                vec![replace(
                    Span::new(next.start, next.start),
                    format!("{item},\n{own_indent}"),
                )]
            }
            None => {
                let Some(last) = elements.last() else {
                    return Vec::new();
                };
                let own_indent = indent_at(text, last.start);
                let comma = text[last.end..].trim_start().starts_with(',');
                let at = if comma {
                    last.end + text[last.end..].find(',').unwrap_or(0) + 1
                } else {
                    last.end
                };
                let lead = if comma { "" } else { "," };
                vec![replace(
                    Span::new(at, at),
                    format!("{lead}\n{own_indent}{item},"),
                )]
            }
        };
    }
    let mut items: Vec<&str> = elements.iter().map(|e| slice(*e)).collect();
    items.insert(index.min(items.len()), item);
    list(text, span, open, close, &items, indent)
}

/// The edits that replace the list at `span` with `items` between `open` and `close`; `indent` is
/// that of the line the list starts on.
fn list(
    text: &str,
    span: Span,
    open: &str,
    close: &str,
    items: &[&str],
    indent: &str,
) -> Vec<Edit> {
    let one_line = format!("{open}{}{close}", items.join(", "));
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    let line = text[line_start..span.start].chars().count()
        + one_line.chars().count()
        + text[span.end..line_end].chars().count();
    let fits =
        one_line.chars().count() - open.len() - close.len() <= LIST_WIDTH && line <= MAX_WIDTH;
    if fits {
        return vec![replace(span, one_line)];
    }
    let inner = format!("{indent}    ");
    let mut vertical = format!("{open}\n");
    for item in items {
        vertical.push_str(&format!("{inner}{item},\n"));
    }
    vertical.push_str(&format!("{indent}{close}"));
    let mut edits = vec![replace(span, vertical)];
    if text[span.end..].starts_with('.') {
        edits.push(replace(Span::new(span.end, span.end), format!("\n{inner}")));
    }
    edits
}

fn replace(span: Span, new_text: String) -> Edit {
    Edit { span, new_text }
}

/// A statement `root.call().call();` laid out as rustfmt lays out a method chain: on one line when
/// it fits in 60 columns (`chain_width`), else one call per line, the first kept on the root's line
/// when the root is no wider than an indent (`res.headers_mut()`).
pub(crate) fn chain_statement(indent: &str, root: &str, calls: &[String]) -> String {
    let one_line = format!("{root}{}", calls.concat());
    if calls.len() < 2
        || one_line.chars().count() <= LIST_WIDTH
            && indent.len() + one_line.chars().count() < MAX_WIDTH
    {
        return format!("{one_line};");
    }
    let (first, rest) = if root.chars().count() <= 4 {
        (format!("{root}{}", calls[0]), &calls[1..])
    } else {
        (root.to_string(), calls)
    };
    let mut out = first;
    for call in rest {
        out.push_str(&format!("\n{indent}    {call}"));
    }
    out.push(';');
    out
}

/// The edits that insert the method call `call` (`.insert_header(..)`) into a method chain at `at`.
/// In a chain over several lines the call gets a line of its own, at the chain's indent. A chain on
/// one line that the call makes longer than 60 columns (`chain_width`) is laid out one call per line,
/// as rustfmt does; when the chain's extent on its line cannot be told, the call goes in as it is.
pub(crate) fn insert_call(text: &str, at: usize, call: &str) -> Vec<Edit> {
    let insert = |new_text: String| vec![replace(Span::new(at, at), new_text)];
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let rest = &text[at..line_end];
    if rest.trim().is_empty() {
        let next = text[line_end..].trim_start_matches('\n');
        if next.trim_start().starts_with('.') {
            let indent = indent_at(text, line_end + 1);
            return insert(format!("\n{indent}{call}"));
        }
    } else if !rest.starts_with('.') {
        return insert(call.to_string());
    }
    let indent = indent_at(text, at);
    // The chain: from the start of the line's expression to its end (a `;` or `,` may follow).
    let start = expression_start(text, line_start, at);
    let end =
        line_end - (text[..line_end].len() - text[..line_end].trim_end_matches([';', ',']).len());
    let chain = &text[start..end];
    if top_level_find(chain, ";").is_some() || !balanced(chain) {
        return insert(call.to_string());
    }
    let new_chain = format!("{}{call}{}", &text[start..at], &text[at..end]);
    if new_chain.chars().count() <= LIST_WIDTH
        && (line_end - line_start) + call.chars().count() <= MAX_WIDTH
    {
        return insert(call.to_string());
    }
    let elements = split_chain(&new_chain);
    let Some((root, calls)) = elements.split_first() else {
        return insert(call.to_string());
    };
    let (mut out, calls) = match calls.split_first() {
        Some((first, others)) if root.chars().count() <= 4 => (format!("{root}{first}"), others),
        _ => (root.to_string(), calls),
    };
    for element in calls {
        out.push_str(&format!("\n{indent}    {element}"));
    }
    vec![replace(Span::new(start, end), out)]
}

/// The edits that wrap the expression at `at..end` in a call, `{open}<expression>, {args..})`
/// (warp's `with_header(reply, name, value)`), as rustfmt lays it out: on the line when the
/// arguments fit in 60 columns and the line in 100, else one argument per line, the closing
/// parenthesis at the line's indent. A wrapped expression over several lines, or one followed on
/// its line by more than closing punctuation, is wrapped in place.
pub(crate) fn wrap_call(
    text: &str,
    at: usize,
    end: usize,
    open: &str,
    args: &[String],
) -> Vec<Edit> {
    let in_place = || {
        vec![
            replace(Span::new(at, at), open.to_string()),
            replace(Span::new(end, end), format!(", {})", args.join(", "))),
        ]
    };
    let Some(wrapped) = text.get(at..end).and_then(joined) else {
        return in_place();
    };
    let wrapped = wrapped.as_str();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let after = &text[end..line_end];
    let mut all = vec![wrapped.to_string()];
    all.extend(args.iter().cloned());
    let one_line = all.join(", ");
    let width = (line_end - line_start) + open.chars().count() + one_line.chars().count()
        - wrapped.chars().count()
        + 1;
    if one_line.chars().count() <= LIST_WIDTH && width <= MAX_WIDTH {
        return in_place();
    }
    let indent = indent_at(text, at);
    let inner = format!("{indent}    ");
    let fits = all
        .iter()
        .all(|a| inner.len() + a.chars().count() < MAX_WIDTH);
    if !after.chars().all(|c| matches!(c, ')' | ';' | ',')) || !fits {
        return in_place();
    }
    let mut out = open.to_string();
    for arg in &all {
        out.push_str(&format!("\n{inner}{arg},"));
    }
    out.push_str(&format!("\n{indent})"));
    vec![replace(Span::new(at, end), out)]
}

/// A call rustfmt laid out over several lines (`f(\n    a,\n    b,\n)`) on one line, `f(a, b)`,
/// if its arguments fit in 60 columns there. Text with comments, or a string that may span lines,
/// is not joined.
fn joined(expression: &str) -> Option<String> {
    if !expression.contains('\n') {
        return Some(expression.to_string());
    }
    if expression.contains("//") || expression.contains("/*") {
        return None;
    }
    let mut out = String::new();
    for line in expression.lines() {
        let line = line.trim();
        if line.matches('"').count() % 2 != 0 {
            return None;
        }
        let tight = out.ends_with(['(', '[']) || line.starts_with([')', ']', '.']);
        if !out.is_empty() && !tight {
            out.push(' ');
        }
        out.push_str(line);
    }
    let out = out.replace(",)", ")").replace(",]", "]");
    let args = out.find('(').map_or(0, |open| out.len() - open - 2);
    (args <= LIST_WIDTH).then_some(out)
}

/// Where the expression on the line starting at `line_start` begins, before `upto`: after the
/// indent, a `return`, a `let .. =` or a match arm's `=>`.
fn expression_start(text: &str, line_start: usize, upto: usize) -> usize {
    let line = &text[line_start..];
    let mut start = line_start + (line.len() - line.trim_start().len());
    if text[start..].starts_with("return ") {
        start += "return ".len();
    }
    for marker in [" => ", " = "] {
        if let Some(i) = top_level_find(&text[start..upto.max(start)], marker) {
            start += i + marker.len();
        }
    }
    start
}

/// Where `needle` first occurs in `s` outside brackets and string literals.
fn top_level_find(s: &str, needle: &str) -> Option<usize> {
    top_level_find_after(s, needle, 0)
}

/// Like `top_level_find`, for matches at `from` or later (the scan still starts at 0, so string
/// literals before `from` are known as such).
fn top_level_find_after(s: &str, needle: &str, from: usize) -> Option<usize> {
    let mut depth = 0i32;
    let mut in_string = false;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            if b == b'\\' {
                i += 1;
            } else if b == b'"' {
                in_string = false;
            }
        } else {
            match b {
                b'"' => in_string = true,
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth -= 1,
                _ if depth == 0 && i >= from && s[i..].starts_with(needle) => return Some(i),
                _ => {}
            }
        }
        i += 1;
    }
    None
}

fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    let mut in_string = false;
    let mut escaped = false;
    for c in s.chars() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0 && !in_string
}

/// `a::b().c(x).d()` -> [`a::b()`, `.c(x)`, `.d()`]: splits at `.` outside brackets and strings.
fn split_chain(chain: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = chain;
    while let Some(i) = top_level_find_after(rest, ".", 1) {
        out.push(rest[..i].to_string());
        rest = &rest[i..];
    }
    out.push(rest.to_string());
    out
}

/// Body-removal edits in a method chain, laid out as rustfmt would lay out the result: a call that
/// replaces one on a line of its own (`\n    .body(x)` -> `.finish()`) keeps that line, unless the
/// whole chain now fits on one line (60 columns), which rustfmt would join.
pub(crate) fn keep_chain_layout(text: &str, edits: Vec<Edit>) -> Vec<Edit> {
    edits
        .into_iter()
        .map(|edit| relayout_removal(text, &edit).unwrap_or(edit))
        .collect()
}

fn relayout_removal(text: &str, edit: &Edit) -> Option<Edit> {
    let removed = text.get(edit.span.start..edit.span.end)?;
    let own_line = removed.starts_with('\n') && removed.trim_start().starts_with('.');
    if !edit.new_text.starts_with('.') || !own_line {
        return None;
    }
    let continues = |line: &str| line.trim_start().starts_with('.');
    // The chain's first line (its root) and its last.
    let mut root_start = text[..edit.span.start].rfind('\n').map_or(0, |i| i + 1);
    while continues(&text[root_start..]) && root_start > 0 {
        root_start = text[..root_start - 1].rfind('\n').map_or(0, |i| i + 1);
    }
    let mut end = edit.span.end;
    loop {
        let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
        if line_end < text.len() && continues(&text[line_end + 1..]) {
            end = text[line_end + 1..]
                .find('\n')
                .map_or(text.len(), |i| line_end + 1 + i);
        } else {
            end = line_end;
            break;
        }
    }
    let end = text[..end].trim_end_matches([';', ',']).len();
    let start = expression_start(text, root_start, edit.span.start);
    let new_chain = format!(
        "{}{}{}",
        &text[start..edit.span.start],
        edit.new_text,
        &text[edit.span.end..end]
    );
    let joined: String = new_chain.lines().map(str::trim).collect();
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let width = (start - root_start) + joined.chars().count() + (line_end - end);
    // Comments in the chain stay where they are: the chain is not joined then.
    let plain = !new_chain.contains("//") && !new_chain.contains("/*") && !continues(&new_chain);
    if plain && joined.chars().count() <= LIST_WIDTH && width <= MAX_WIDTH && balanced(&joined) {
        return Some(replace(Span::new(start, end), joined));
    }
    let indent: String = removed[1..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    Some(replace(edit.span, format!("\n{indent}{}", edit.new_text)))
}
