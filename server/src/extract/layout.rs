//! Lays out a rewritten list (a tuple's elements, an array's pairs) the way rustfmt's default
//! settings do, so that a fixed file stays formatted: on one line when the list's contents fit in
//! 60 columns (`fn_call_width`, `array_width`) and the line in 100 (`max_width`), else one item per
//! line with a trailing comma. A method chain continuing after a list that goes vertical moves to
//! its own line, as rustfmt moves it.

use crate::lint::Edit;
use crate::model::Span;

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
/// when the root is shorter than an indent (`res.headers_mut()`).
pub(crate) fn chain_statement(indent: &str, root: &str, calls: &[String]) -> String {
    let one_line = format!("{root}{}", calls.concat());
    if calls.len() < 2
        || one_line.chars().count() <= LIST_WIDTH
            && indent.len() + one_line.chars().count() < MAX_WIDTH
    {
        return format!("{one_line};");
    }
    let (first, rest) = if root.chars().count() < 4 {
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

/// The indentation of the line `offset` is on.
fn indent_at(text: &str, offset: usize) -> String {
    let line_start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    text[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}
