//! The command line: `statuslint check`, `statuslint rule`, `statuslint lsp`.
//!
//! Only this module prints and chooses exit codes; what a diagnostic is comes from `lint`. Model and
//! rule types are converted to output records here (text, JSON, SARIF), at the edge.

mod check;
mod ci;
mod json;
mod packages;
mod report;
mod rule;
mod sarif;
mod show;
mod style;
mod summary;
mod walk;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use style::Style;

const ABOUT: &str =
    "Finds HTTP-semantics mistakes (RFC 9110) in Rust, TypeScript, JavaScript, Python and Go web handlers";

const LONG_ABOUT: &str = "\
Finds HTTP-semantics mistakes (RFC 9110) in Rust, TypeScript, JavaScript, Python and Go web handler code: a 401
without WWW-Authenticate, a body on a 204, a redirect without Location, an unregistered status code,
and more. Understands axum, actix-web, hyper/http, warp, Rocket, poem and salvo; Express, Fastify,
Koa, Hono, NestJS, node:http and the Fetch API (Next.js, Remix, Workers, Bun, Deno); FastAPI,
Starlette, Flask, Quart, Django and aiohttp; Go's net/http, gin, echo and fiber.

Run `statuslint check` in a project to lint every Rust, TypeScript, JavaScript, Python and Go file (.rs .ts .tsx
.mts .cts .js .jsx .mjs .cjs .py .go, honouring .gitignore), `statuslint rule --all` to list the rules, and
`statuslint lsp` to start the language server for an editor.";

const CHECK_AFTER_HELP: &str = "\
Exit status:
  0  no problem at warning or error level (info and hint findings do not fail)
  1  at least one warning or error
  2  usage error, missing path, broken configuration, a fix that could not be written,
     or no file could be read; with --strict also a file skipped because parsing it took
     longer than 2 s, or read with cross-file facts unknown because a name-resolution or
     settle budget ran out (each reported on stderr either way)

Configuration comes from the nearest folder above each file with a statuslint.toml, a pyproject.toml
with [tool.statuslint] or a package.json with a \"statuslint\" key (in one folder statuslint.toml wins,
then pyproject.toml); --show-settings FILE says which. Silence one finding with
`// statuslint-ignore: RULE` on its line or the line before.

Examples:
  statuslint check                       lint the current folder
  statuslint check src/ --format json    machine-readable findings
  statuslint check --fix                 apply safe fixes, then report what remains
  statuslint check --statistics          a count per rule instead of each finding
  statuslint check --format github       annotations in a GitHub Actions log
  cat h.rs | statuslint check - --stdin-filename src/h.rs";

#[derive(Parser)]
#[command(
    name = "statuslint",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    propagate_version = true,
    disable_help_subcommand = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check Rust, TypeScript, JavaScript, Python and Go files (default: the current folder) for HTTP-semantics mistakes
    #[command(after_help = CHECK_AFTER_HELP)]
    Check(CheckArgs),
    /// Show a rule's documentation, or list every rule with `--all`
    Rule(RuleArgs),
    /// Run the language server over stdin/stdout (editors start this)
    Lsp {
        /// Accepted for editor clients that always pass it; stdio is the only transport
        #[arg(long)]
        stdio: bool,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish or powershell) to stdout
    #[command(after_help = COMPLETIONS_AFTER_HELP)]
    Completions {
        /// The shell to complete in
        shell: clap_complete::Shell,
    },
}

const COMPLETIONS_AFTER_HELP: &str = "\
Install:
  bash  statuslint completions bash > ~/.local/share/bash-completion/completions/statuslint
  zsh   statuslint completions zsh > ~/.zfunc/_statuslint   (with fpath+=~/.zfunc before compinit)
  fish  statuslint completions fish > ~/.config/fish/completions/statuslint.fish";

#[derive(Args, Debug)]
pub(crate) struct CheckArgs {
    /// Files or folders to check (default: `.`); `-` reads stdin
    ///
    /// Folders are walked for Rust, TypeScript, JavaScript, Python and Go files (`.rs .ts .tsx .mts .cts .js .jsx
    /// .mjs .cjs .py .go`), honouring .gitignore and skipping node_modules and Python virtual environments; files named explicitly are checked
    /// whatever their extension.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Apply safe fixes in place (files with syntax errors are left untouched), then report what remains
    #[arg(long)]
    pub fix: bool,

    /// Also apply unsafe fixes (placeholder header values, changed statuses); implies --fix
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// The file name to report for stdin (`-`), also used to find statuslint.toml
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,

    /// Apply `exclude` globs from statuslint.toml even to files named on the command line
    #[arg(long)]
    pub force_exclude: bool,

    /// When to colour the output
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Exit with status 2 when a file is skipped because parsing it took longer than 2 s, or
    /// read with cross-file facts unknown because a resolution budget ran out
    #[arg(long)]
    pub strict: bool,
    /// Print a count per rule (and how many are fixable) instead of each finding
    #[arg(long)]
    pub statistics: bool,

    /// Print which config file configures FILE (statuslint.toml, pyproject.toml's [tool.statuslint]
    /// or package.json's "statuslint" key) and the settings it gets, then exit
    #[arg(long, value_name = "FILE")]
    pub show_settings: Option<PathBuf>,

    /// Number of threads (default: one per core)
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,

    /// Benchmarking aid: read and parse the files, run no rules
    #[arg(long, hide = true)]
    pub parse_only: bool,

    /// Benchmarking aid: lint every file, even those that cannot build a response
    #[arg(long, hide = true)]
    pub no_skip: bool,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// `path:line:col: severity[rule] message`, the source line and a marker, then a summary
    Text,
    /// One JSON array of findings (see docs/cli.md)
    Json,
    /// SARIF 2.1.0, for code-scanning upload
    Sarif,
    /// GitHub Actions workflow commands: each finding becomes an annotation
    Github,
    /// A GitLab Code Quality report (JSON, with stable fingerprints)
    Gitlab,
    /// A JUnit XML report: one test suite per file, a failing test case per warning or error
    Junit,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// Colour when the output is a terminal and NO_COLOR is not set
    Auto,
    Always,
    Never,
}

#[derive(Args, Debug)]
#[command(group = clap::ArgGroup::new("which").required(true).args(["name", "all"]))]
pub(crate) struct RuleArgs {
    /// The rule's name, e.g. missing-www-authenticate
    pub name: Option<String>,
    /// List every rule with its default severity and a one-line summary
    #[arg(long)]
    pub all: bool,
}

/// The exit codes: see `CHECK_AFTER_HELP`.
pub(crate) const EXIT_CLEAN: u8 = 0;
pub(crate) const EXIT_PROBLEMS: u8 = 1;
pub(crate) const EXIT_ERROR: u8 = 2;

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version are "errors" to clap with exit code 0; usage errors exit 2.
            let code = e.exit_code();
            let _ = e.print();
            return ExitCode::from(u8::try_from(code).unwrap_or(EXIT_ERROR));
        }
    };
    let err = Style::for_stderr(None);
    let code = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Rule(args) => rule::run(&args),
        Command::Completions { shell } => {
            let mut out = std::io::stdout().lock();
            clap_complete::generate(shell, &mut Cli::command(), "statuslint", &mut out);
            EXIT_CLEAN
        }
        Command::Lsp { stdio: _ } => match crate::lsp::run() {
            Ok(()) => EXIT_CLEAN,
            Err(e) => {
                err.error(&format!("{e:#}"));
                EXIT_ERROR
            }
        },
    };
    ExitCode::from(code)
}
