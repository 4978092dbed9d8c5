//! Suppression comments: `// statuslint-ignore: rule-a, rule-b` on the diagnostic's line or the line
//! before it; a bare `// statuslint-ignore` silences every rule there.

const MARKER: &str = "statuslint-ignore";

/// One suppression comment: the bytes of its line and the next one, and the rules it names (empty:
/// all).
struct Suppression {
    covers: std::ops::RangeInclusive<usize>,
    /// 1-based line of the comment.
    line: usize,
    rules: Vec<String>,
}

pub struct Suppressions {
    entries: Vec<Suppression>,
}

impl Suppressions {
    /// Finds suppression comments by scanning `//` comments line by line (cheap: most files have none).
    pub fn scan(text: &str) -> Suppressions {
        let mut entries = Vec::new();
        if !text.contains(MARKER) {
            return Suppressions { entries };
        }
        let mut line_start = 0;
        for (number, line) in text.split_inclusive('\n').enumerate() {
            let start = line_start;
            line_start += line.len();
            let content = line.trim_end_matches(['\n', '\r']);
            let Some(at) = content.find(MARKER) else {
                continue;
            };
            // Only a marker that starts a `//` comment counts (`// statuslint-ignore`, `/// ...` too).
            if !content[..at].trim_end().ends_with("//") {
                continue;
            }
            let rest = content[at + MARKER.len()..].trim_start();
            let rules = match rest.strip_prefix(':') {
                Some(list) => list
                    .split(',')
                    .map(|r| r.split_whitespace().next().unwrap_or("").to_string())
                    .filter(|r| !r.is_empty())
                    .collect(),
                None => Vec::new(),
            };
            // Up to the newline that ends the next line (offsets on a newline belong to its line).
            let next_end = text[line_start..]
                .find('\n')
                .map_or(text.len(), |i| line_start + i);
            entries.push(Suppression {
                covers: start..=next_end,
                line: number + 1,
                rules,
            });
        }
        Suppressions { entries }
    }

    /// Whether a diagnostic of `rule` at byte `offset` is suppressed: by a comment on its line or on
    /// the line before.
    pub fn is_suppressed(&self, offset: usize, rule: &str) -> bool {
        self.entries.iter().any(|s| {
            s.covers.contains(&offset) && (s.rules.is_empty() || s.rules.iter().any(|r| r == rule))
        })
    }
}

impl Suppressions {
    /// Rule names in suppression comments that are no rule (a typo silences nothing), with the
    /// comment's 1-based line.
    pub fn unknown_rules(&self) -> Vec<(usize, &str)> {
        self.entries
            .iter()
            .flat_map(|s| s.rules.iter().map(move |r| (s.line, r.as_str())))
            .filter(|(_, r)| crate::rules::by_name(r).is_none())
            .collect()
    }
}

/// The comment text that suppresses `rule` (what the editor's "ignore" action inserts).
pub fn comment_for(rule: &str) -> String {
    format!("// {MARKER}: {rule}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_line_and_line_before() {
        let text = "a // statuslint-ignore: missing-allow\n// statuslint-ignore\nb\nc\n";
        let s = Suppressions::scan(text);
        assert!(s.is_suppressed(0, "missing-allow"));
        assert!(!s.is_suppressed(0, "body-not-allowed"));
        let b = text.find("b\n").unwrap();
        assert!(s.is_suppressed(b, "anything"));
        let c = text.find("c\n").unwrap();
        assert!(!s.is_suppressed(c, "anything"));
        // The newline ending the line after a comment is still on that line; the next byte is not.
        assert!(s.is_suppressed(c - 1, "anything"));
        let crlf = "x\r\n// statuslint-ignore\r\ny\r\nz";
        let s = Suppressions::scan(crlf);
        assert!(!s.is_suppressed(0, "r"));
        assert!(s.is_suppressed(crlf.find('y').unwrap(), "r"));
        assert!(!s.is_suppressed(crlf.find('z').unwrap(), "r"));
    }

    #[test]
    fn unknown_rule_names_are_listed_with_their_line() {
        let text =
            "a\n// statuslint-ignore: missing-locaton, missing-allow\nb // statuslint-ignore\n";
        let s = Suppressions::scan(text);
        assert_eq!(s.unknown_rules(), vec![(2, "missing-locaton")]);
    }

    #[test]
    fn marker_must_start_the_comment() {
        let text = "x // see statuslint-ignore docs\n";
        assert!(!Suppressions::scan(text).is_suppressed(0, "missing-allow"));
    }
}
