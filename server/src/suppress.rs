//! Suppression comments: `// statuslint-ignore: rule-a, rule-b` on the diagnostic's line or the line
//! before it; a bare `// statuslint-ignore` silences every rule there.

const MARKER: &str = "statuslint-ignore";

/// One suppression comment: the line it is on and the rules it names (empty: all).
struct Suppression {
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
        for (line, content) in text.lines().enumerate() {
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
            entries.push(Suppression { line, rules });
        }
        Suppressions { entries }
    }

    pub fn is_suppressed(&self, text: &str, offset: usize, rule: &str) -> bool {
        if self.entries.is_empty() {
            return false;
        }
        let line = text[..offset.min(text.len())].matches('\n').count();
        self.entries.iter().any(|s| {
            (s.line == line || s.line + 1 == line)
                && (s.rules.is_empty() || s.rules.iter().any(|r| r == rule))
        })
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
        assert!(s.is_suppressed(text, 0, "missing-allow"));
        assert!(!s.is_suppressed(text, 0, "body-not-allowed"));
        let b = text.find("b\n").unwrap();
        assert!(s.is_suppressed(text, b, "anything"));
        let c = text.find("c\n").unwrap();
        assert!(!s.is_suppressed(text, c, "anything"));
    }

    #[test]
    fn marker_must_start_the_comment() {
        let text = "x // see statuslint-ignore docs\n";
        assert!(!Suppressions::scan(text).is_suppressed(text, 0, "missing-allow"));
    }
}
