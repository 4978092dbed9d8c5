//! Hover on status codes and diagnostics, and reason-phrase inlay hints after numeric statuses.

use std::fmt::Write;

use tower_lsp_server::ls_types::{
    Hover, HoverContents, InlayHint, InlayHintLabel, InlayHintTooltip, MarkupContent, MarkupKind,
    Position, Range,
};

use crate::model::{Span, StatusForm};
use crate::status::{self, Registration};

use super::analysis::Analysis;
use super::convert::{related_text, RelatedStyle};

/// What RFC 9110 (and the RFCs it points to) requires of a response with this status, each with the
/// section that says so. The registry notes are shorter; this is what hover explains.
pub(crate) fn requirements(code: u16) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    if (100..200).contains(&code) {
        out.push((
            "cannot contain content or trailers: the response ends after its header section",
            "RFC 9110 §15.2",
        ));
        out.push(("MUST NOT be sent to an HTTP/1.0 client", "RFC 9110 §15.2"));
    }
    let specific: &[(&str, &str)] = match code {
        101 => &[(
            "MUST send an `Upgrade` header naming the protocol(s) switched to",
            "RFC 9110 §15.2.2",
        )],
        201 => &[(
            "`Location` is optional: without it the created resource is the target URI",
            "RFC 9110 §15.3.2",
        )],
        204 => &[
            (
                "cannot contain content or trailers",
                "RFC 9110 §15.3.5",
            ),
            ("MUST NOT send `Content-Length`", "RFC 9110 §8.6"),
        ],
        205 => &[("MUST NOT generate content", "RFC 9110 §15.3.6")],
        206 => &[(
            "MUST send `Content-Range` for a single part (several parts: `multipart/byteranges`)",
            "RFC 9110 §15.3.7",
        )],
        300 => &[(
            "SHOULD send `Location` when there is a preferred choice",
            "RFC 9110 §15.4.1",
        )],
        301 | 302 => &[
            ("SHOULD send `Location` with the target URI", "RFC 9110 §15.4"),
            (
                "user agents MAY change POST to GET when following it",
                "RFC 9110 §15.4",
            ),
        ],
        303 => &[(
            "redirects to the resource in `Location`, which the client GETs",
            "RFC 9110 §15.4.4",
        )],
        304 => &[
            (
                "cannot contain content or trailers",
                "RFC 9110 §15.4.5",
            ),
            (
                "MUST send the `ETag`, `Date`, `Vary`, `Cache-Control`, `Expires` and `Content-Location` a 200 would have",
                "RFC 9110 §15.4.5",
            ),
        ],
        305 => &[("deprecated for security reasons: do not send it", "RFC 9110 §15.4.6")],
        306 => &[("unused: the number is reserved", "RFC 9110 §15.4.7")],
        307 | 308 => &[
            ("SHOULD send `Location` with the target URI", "RFC 9110 §15.4"),
            ("the client keeps the method and content", "RFC 9110 §15.4"),
        ],
        401 => &[(
            "MUST send `WWW-Authenticate` with at least one challenge",
            "RFC 9110 §15.5.2",
        )],
        402 => &[("reserved for future use", "RFC 9110 §15.5.3")],
        405 => &[(
            "MUST send `Allow` listing the methods the resource supports",
            "RFC 9110 §15.5.6",
        )],
        407 => &[(
            "MUST send `Proxy-Authenticate` with at least one challenge",
            "RFC 9110 §15.5.8",
        )],
        413 => &[(
            "SHOULD send `Retry-After` if the condition is temporary",
            "RFC 9110 §15.5.14",
        )],
        416 => &[(
            "SHOULD send `Content-Range: bytes */<length>`",
            "RFC 9110 §15.5.17",
        )],
        418 => &[("unused: reserved, it has no HTTP semantics", "RFC 9110 §15.5.19")],
        421 => &[("proxies MUST NOT generate it", "RFC 9110 §15.5.20")],
        426 => &[(
            "MUST send `Upgrade` listing the acceptable protocols",
            "RFC 9110 §15.5.22",
        )],
        429 => &[("MAY send `Retry-After`", "RFC 6585 §4")],
        503 => &[("MAY send `Retry-After`", "RFC 9110 §15.6.4")],
        510 => &[(
            "obsolete: its extension framework (RFC 2774) is Historic",
            "IANA registry",
        )],
        _ => &[],
    };
    out.extend_from_slice(specific);
    out
}

/// Markdown describing one status code.
pub(crate) fn status_markdown(code: u16) -> String {
    let mut md = String::new();
    let info = status::info(code);
    if !(100..=599).contains(&code) {
        let _ = write!(
            md,
            "**{code}**: not an HTTP status code (RFC 9110 §15: valid codes are 100–599)"
        );
        return md;
    }
    let class = format!("{} ({}xx)", status::class_name(code), code / 100);
    match info {
        Some(info) => {
            let _ = write!(md, "**{code} {}**: {class}", info.reason);
            match info.registration {
                Registration::Obsolete => md.push_str(", obsolete"),
                Registration::ExpiredTemporary => md.push_str(", expired temporary registration"),
                Registration::Unused => md.push_str(", unused"),
                _ => {}
            }
        }
        None => {
            let _ = write!(
                md,
                "**{code}**: {class}, not in the IANA registry: clients treat it as {}",
                code / 100 * 100
            );
        }
    }
    md.push('\n');
    let reqs = requirements(code);
    if !reqs.is_empty() {
        md.push_str("\nRequirements:\n");
        for (text, cite) in reqs {
            let _ = writeln!(md, "- {text} ({cite})");
        }
    }
    if let Some(info) = info {
        if !info.notes.is_empty() {
            let _ = writeln!(md, "\nRegistry note: {}", info.notes);
        }
        if let Some(url) = status::reference_url(code) {
            let _ = writeln!(md, "\n[{}]({url})", info.reference);
        }
    }
    md
}

/// A rule's doc comment as Markdown: the comment's one leading space per line removed.
fn rule_docs(docs: &str) -> String {
    docs.lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// Hover at `offset`: the status code written there, and the docs of any diagnostic covering it.
pub(crate) fn hover(analysis: &Analysis, offset: usize) -> Option<Hover> {
    let pos = analysis.positions();
    let mention = analysis
        .mentions
        .iter()
        .filter(|m| m.span.start <= offset && offset <= m.span.end)
        .min_by_key(|m| m.span.end - m.span.start);
    let mut sections = Vec::new();
    let mut range: Option<Span> = None;
    if let Some(m) = mention {
        sections.push(status_markdown(m.code));
        range = Some(m.span);
    }
    let mut seen = Vec::new();
    for d in &analysis.diagnostics {
        if !(d.span.start <= offset && offset <= d.span.end) || seen.contains(&d.rule.name) {
            continue;
        }
        seen.push(d.rule.name);
        sections.push(format!(
            "**statuslint: `{}`** ({}, [{}]({}))\n\n{}",
            d.rule.name,
            d.severity.as_str(),
            d.citation,
            d.citation.url(),
            rule_docs(d.rule.docs)
        ));
        range.get_or_insert(d.span);
    }
    // Where a response is built when it is built elsewhere (a helper, an error type).
    let style = RelatedStyle {
        supported: false,
        uri: None,
        path: analysis.path.as_deref(),
        roots: &analysis.roots,
    };
    let mut built: Vec<String> = Vec::new();
    for (span, what, _) in &analysis.built {
        if span.start <= offset && offset <= span.end {
            let line = format!("Builds {what}.\n");
            if !built.contains(&line) {
                built.push(line);
            }
        }
    }
    let related = analysis
        .built
        .iter()
        .filter(|(span, _, _)| span.start <= offset && offset <= span.end)
        .flat_map(|(span, _, related)| related.iter().map(move |r| (*span, r)))
        .chain(
            analysis
                .diagnostics
                .iter()
                .filter(|d| d.span.start <= offset && offset <= d.span.end)
                .flat_map(|d| d.related.iter().map(move |r| (d.span, r))),
        );
    for (span, r) in related {
        let line = format!("- {}", related_text(r, pos, style));
        if !built.contains(&line) {
            built.push(line);
        }
        range.get_or_insert(span);
    }
    if !built.is_empty() {
        sections.push(format!(
            "**Response built elsewhere**\n\n{}",
            built.join("\n")
        ));
    }
    if sections.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range: range.map(|s| pos.range(s)),
    })
}

/// The reason phrase after each numeric status inside `range`.
pub(crate) fn inlay_hints(analysis: &Analysis, range: Range) -> Vec<InlayHint> {
    let pos = analysis.positions();
    let span = pos.span(range);
    analysis
        .mentions
        .iter()
        .filter(|m| m.form == StatusForm::Number)
        .filter(|m| m.span.end >= span.start && m.span.start <= span.end)
        .filter_map(|m| {
            let reason = status::reason(m.code)?;
            Some(InlayHint {
                position: pos.position(m.span.end),
                label: InlayHintLabel::String(reason.to_string()),
                kind: None,
                text_edits: None,
                tooltip: Some(InlayHintTooltip::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: status_markdown(m.code),
                })),
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
        })
        .collect()
}

/// `Position` helper for callers that only have a hover position.
pub(crate) fn offset_of(analysis: &Analysis, position: Position) -> usize {
    analysis.positions().offset(position)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explains_what_the_rfc_requires() {
        let md = status_markdown(401);
        assert!(
            md.starts_with("**401 Unauthorized**: client error (4xx)"),
            "{md}"
        );
        assert!(md.contains("MUST send `WWW-Authenticate`"), "{md}");
        assert!(md.contains("rfc9110#section-15.5.2"), "{md}");
        assert!(status_markdown(204).contains("cannot contain content"));
        assert!(status_markdown(101).contains("`Upgrade`"));
        assert!(status_markdown(510).contains("obsolete"));
        assert!(status_markdown(499).contains("not in the IANA registry: clients treat it as 400"));
        assert!(status_markdown(600).contains("not an HTTP status code"));
        for code in 100..=599 {
            for (text, cite) in requirements(code) {
                assert!(!text.is_empty() && !cite.is_empty());
            }
        }
    }
}
