//! Terminal colours (plain ANSI: a handful of codes does not need a dependency) and the stderr
//! messages every subcommand shares.

use std::io::{IsTerminal, Write};

use super::ColorChoice;
use crate::rules::Severity;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    color: bool,
}

impl Style {
    /// Colour follows `choice`; `auto` colours a terminal unless NO_COLOR is set (no-color.org).
    pub(crate) fn new(choice: ColorChoice, is_terminal: bool) -> Style {
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        Style { color }
    }

    pub(crate) fn for_stdout(choice: Option<ColorChoice>) -> Style {
        Style::new(
            choice.unwrap_or(ColorChoice::Auto),
            std::io::stdout().is_terminal(),
        )
    }

    pub(crate) fn for_stderr(choice: Option<ColorChoice>) -> Style {
        Style::new(
            choice.unwrap_or(ColorChoice::Auto),
            std::io::stderr().is_terminal(),
        )
    }

    fn paint(&self, codes: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{codes}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    pub(crate) fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }

    /// The gutter, line numbers and `=` notes.
    pub(crate) fn dim(&self, text: &str) -> String {
        self.paint("1;34", text)
    }

    pub(crate) fn severity(&self, severity: Severity, text: &str) -> String {
        let codes = match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;34",
            Severity::Hint => "1;36",
        };
        self.paint(codes, text)
    }

    pub(crate) fn good(&self, text: &str) -> String {
        self.paint("1;32", text)
    }

    /// `error: ...` on stderr. Failing to write to stderr is not worth a panic.
    pub(crate) fn error(&self, message: &str) {
        let label = self.paint("1;31", "error");
        let _ = writeln!(std::io::stderr(), "{label}: {message}");
    }

    pub(crate) fn warning(&self, message: &str) {
        let label = self.paint("1;33", "warning");
        let _ = writeln!(std::io::stderr(), "{label}: {message}");
    }

    pub(crate) fn note(&self, message: &str) {
        let _ = writeln!(std::io::stderr(), "{message}");
    }
}
