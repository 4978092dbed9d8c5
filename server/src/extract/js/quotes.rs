//! The quote a TypeScript or JavaScript file writes its strings with, so an inserted header reads
//! `'Allow'` in a single-quoted file (Prettier's and ESLint's `quotes` choice) and `"Allow"` elsewhere.

/// How much of the file is read to decide: enough for every import and most handlers, and a fix
/// renders in constant time however long the file is.
const SCAN_LIMIT: usize = 64 * 1024;

/// `'` when the file's string literals mostly use single quotes, else `"`. Comments and template
/// literals are skipped (an apostrophe in a comment is not a string).
pub fn preferred_quote(text: &str) -> char {
    let bytes = &text.as_bytes()[..text.len().min(SCAN_LIMIT)];
    let (mut single, mut double) = (0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = skip_to(bytes, i + 2, |b| b == b'\n');
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = bytes[i + 2..]
                    .windows(2)
                    .position(|w| w == b"*/")
                    .map_or(bytes.len(), |p| i + 2 + p + 2);
            }
            q @ (b'\'' | b'"' | b'`') => {
                // A string ends at its unescaped quote (or, for an unterminated one, the line).
                let mut j = i + 1;
                let mut closed = false;
                while j < bytes.len() {
                    match bytes[j] {
                        b'\\' => j += 1,
                        b'\n' if q != b'`' => break,
                        b if b == q => {
                            closed = true;
                            break;
                        }
                        _ => {}
                    }
                    j += 1;
                }
                if closed {
                    match q {
                        b'\'' => single += 1,
                        b'"' => double += 1,
                        _ => {}
                    }
                }
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    if single > double {
        '\''
    } else {
        '"'
    }
}

fn skip_to(bytes: &[u8], from: usize, stop: impl Fn(u8) -> bool) -> usize {
    bytes[from.min(bytes.len())..]
        .iter()
        .position(|b| stop(*b))
        .map_or(bytes.len(), |p| from + p)
}

/// The TypeScript and JavaScript fix renderer: the shared one, with strings in the file's quote.
pub(crate) fn render(
    intent: &crate::model::FixIntent,
    response: &crate::model::Response,
    text: &str,
) -> Option<Vec<crate::model::Edit>> {
    crate::extract::fix::render_quoted(intent, response, text, preferred_quote(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_majority_quote_wins() {
        assert_eq!(
            preferred_quote("import x from 'x';\nconst a = 'b';\n"),
            '\''
        );
        assert_eq!(
            preferred_quote("import x from \"x\";\nconst a = \"b\";\n"),
            '"'
        );
        // A tie, and a file with no strings: double quotes (what the fixes wrote before).
        assert_eq!(preferred_quote("f('a', \"b\")"), '"');
        assert_eq!(preferred_quote("const a = 1;"), '"');
    }

    #[test]
    fn comments_templates_and_escapes_are_not_strings() {
        // Apostrophes in comments, quotes inside a template and an escaped quote do not count.
        let text = "// don't, won't, can't\n/* it's */\nconst a = `it's ${\"x\"}`;\nconst b = \"say \\\"hi\\\"\";\n";
        assert_eq!(preferred_quote(text), '"');
        let text = "const a = 'it\\'s';\nconst b = 'c'; // \"quoted\" \"words\" \"here\"\n";
        assert_eq!(preferred_quote(text), '\'');
    }

    #[test]
    fn unterminated_strings_stop_at_the_line_end() {
        assert_eq!(preferred_quote("const a = 'oops\nconst b = \"x\";\n"), '"');
    }
}
