//! `statuslint rule NAME` and `statuslint rule --all`.

use std::io::Write;

use super::sarif::docs_text;
use super::style::Style;
use super::{RuleArgs, EXIT_CLEAN, EXIT_ERROR};
use crate::rules::{self, Rule};

pub(crate) fn run(args: &RuleArgs) -> u8 {
    let out = Style::for_stdout(None);
    let err = Style::for_stderr(None);
    let text = if args.all {
        list()
    } else {
        let name = args.name.as_deref().unwrap_or_default();
        match rules::by_name(name) {
            Some(rule) => describe(rule, &out),
            None => {
                let mut message = format!("unknown rule `{name}`");
                if let Some(near) = rules::closest(name) {
                    message.push_str(&format!("; did you mean `{near}`?"));
                }
                err.error(&message);
                err.note("Run `statuslint rule --all` to list the rules.");
                return EXIT_ERROR;
            }
        }
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = stdout.write_all(text.as_bytes());
    EXIT_CLEAN
}

fn default_level(rule: &Rule) -> &'static str {
    rule.default_severity.map_or("off", |s| s.as_str())
}

fn list() -> String {
    let width = rules::ALL.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut text = format!("{:width$}  {:8} SUMMARY\n", "RULE", "DEFAULT");
    for rule in rules::ALL {
        text.push_str(&format!(
            "{:width$}  {:8} {}\n",
            rule.name,
            default_level(rule),
            rule.summary
        ));
    }
    text
}

fn describe(rule: &Rule, style: &Style) -> String {
    let default = match rule.default_severity {
        Some(s) => s.as_str().to_string(),
        None => format!(
            "off (enable in statuslint.toml: [rules] {} = \"{}\")",
            rule.name,
            rule.enabled_severity.as_str()
        ),
    };
    format!(
        "{}\n\n{}\nDefault severity: {default}\nCitation: {} ({})\n\n{}\n",
        style.bold(rule.name),
        rule.summary,
        rule.citation,
        rule.citation.url(),
        docs_text(rule)
    )
}
