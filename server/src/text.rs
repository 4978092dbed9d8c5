//! Byte offsets <-> (line, column) in UTF-8 bytes, UTF-16 code units or characters. The one place that
//! converts positions (rust-analyzer's line index: ASCII lines convert without looking at characters).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    /// Unicode scalar values: the CLI's 1-based "columns counted in characters".
    Chars,
}

/// A 0-based line and column in some encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset where each line starts; `line_starts[0] == 0`.
    line_starts: Vec<usize>,
    /// Lines that contain non-ASCII characters (sorted), so ASCII lines skip character counting.
    non_ascii_lines: Vec<u32>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        let mut non_ascii_lines = Vec::new();
        let mut line_has_non_ascii = false;
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                if line_has_non_ascii {
                    non_ascii_lines.push((line_starts.len() - 1) as u32);
                }
                line_has_non_ascii = false;
                line_starts.push(i + 1);
            } else if b >= 0x80 {
                line_has_non_ascii = true;
            }
        }
        if line_has_non_ascii {
            non_ascii_lines.push((line_starts.len() - 1) as u32);
        }
        LineIndex {
            line_starts,
            non_ascii_lines,
            len: text.len(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    fn is_ascii_line(&self, line: u32) -> bool {
        self.non_ascii_lines.binary_search(&line).is_err()
    }

    /// The line and column of a byte offset (clamped to the text; rounded down to a char boundary).
    pub fn line_col(&self, text: &str, offset: usize, enc: Encoding) -> LineCol {
        let mut offset = offset.min(self.len);
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = if enc == Encoding::Utf8 || self.is_ascii_line(line as u32) {
            offset - start
        } else {
            let slice = &text[start..offset];
            match enc {
                Encoding::Utf16 => slice.encode_utf16().count(),
                _ => slice.chars().count(),
            }
        };
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// The byte offset of a line and column. A column past the end of its line clamps to the line's
    /// end; a line past the end clamps to the end of the text; a column inside a character rounds down.
    pub fn offset(&self, text: &str, pos: LineCol, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.line_starts.len() {
            return self.len;
        }
        let start = self.line_starts[line];
        let end = self
            .line_starts
            .get(line + 1)
            .map(|&next| next - 1)
            .unwrap_or(self.len);
        let want = pos.col as usize;
        if enc == Encoding::Utf8 || self.is_ascii_line(pos.line) {
            let mut offset = (start + want).min(end);
            while !text.is_char_boundary(offset) {
                offset -= 1;
            }
            return offset;
        }
        let mut units = 0;
        for (i, ch) in text[start..end].char_indices() {
            if units >= want {
                return start + i;
            }
            units += match enc {
                Encoding::Utf16 => ch.len_utf16(),
                _ => 1,
            };
            if units > want {
                // The column falls inside a surrogate pair: round down to the character's start.
                return start + i;
            }
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_and_non_ascii_lines() {
        let text = "ab\n😀x é\n\nlast";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(
            idx.line_col(text, x, Encoding::Utf8),
            LineCol { line: 1, col: 4 }
        );
        assert_eq!(
            idx.line_col(text, x, Encoding::Utf16),
            LineCol { line: 1, col: 2 }
        );
        assert_eq!(
            idx.line_col(text, x, Encoding::Chars),
            LineCol { line: 1, col: 1 }
        );
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Chars] {
            for (off, _) in text.char_indices() {
                let lc = idx.line_col(text, off, enc);
                assert_eq!(idx.offset(text, lc, enc), off, "{enc:?} {off}");
            }
        }
        let l = text.find("last").unwrap();
        assert_eq!(
            idx.line_col(text, l + 2, Encoding::Utf16),
            LineCol { line: 3, col: 2 }
        );
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let text = "ab\ncd";
        let idx = LineIndex::new(text);
        assert_eq!(
            idx.offset(text, LineCol { line: 0, col: 99 }, Encoding::Utf16),
            2
        );
        assert_eq!(
            idx.offset(text, LineCol { line: 9, col: 0 }, Encoding::Utf16),
            5
        );
        assert_eq!(
            idx.line_col(text, 99, Encoding::Utf8),
            LineCol { line: 1, col: 2 }
        );
        let emoji = "😀";
        let idx = LineIndex::new(emoji);
        assert_eq!(
            idx.offset(emoji, LineCol { line: 0, col: 1 }, Encoding::Utf16),
            0
        );
    }
}
