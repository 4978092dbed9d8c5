//! `statuslint check`: find the files, lint them in parallel, apply fixes, print the findings.
//!
//! Files are linted in sorted chunks: each chunk runs on every core, then its results are printed in
//! path order and dropped. Output is deterministic and memory does not grow with the number of files.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashSet};
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use dashmap::DashMap;
use rayon::prelude::*;

use super::ci::{self, Fingerprints, JunitWriter};
use super::json::{self, ArrayWriter};
use super::packages;
use super::report::{self, NotFixed, OutRelated, Record, Totals};
use super::sarif::SarifWriter;
use super::style::Style;
use super::summary::{self, SkipReason, Skipped, Statistics};
use super::walk::{self, ConfigCache, ConfigFailure, Input};
use super::{CheckArgs, Format, EXIT_CLEAN, EXIT_ERROR, EXIT_PROBLEMS};
use crate::config::Settings;
use crate::extract::{self, Language};
use crate::index::{self, Index, Round, View};
use crate::lint::{self, Diagnostic};
use crate::model::FileFacts;
use crate::rules::Applicability;

/// Files linted in parallel before their results are printed. Large enough to keep every core busy,
/// small enough that held results stay small.
const CHUNK: usize = 256;

thread_local! {
    /// One parser per worker thread and language, reused across files.
    static PARSERS: RefCell<Vec<(Language, tree_sitter::Parser)>> = const { RefCell::new(Vec::new()) };
}

fn parse(language: Language, text: &str) -> Result<tree_sitter::Tree, lint::ParseTimeout> {
    PARSERS.with(|parsers| {
        let mut parsers = parsers.borrow_mut();
        let index = match parsers.iter().position(|(l, _)| *l == language) {
            Some(i) => i,
            None => {
                parsers.push((language, language.parser()));
                parsers.len() - 1
            }
        };
        lint::parse(&mut parsers[index].1, text, None)
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FixMode {
    Off,
    Safe,
    Unsafe,
}

impl FixMode {
    fn applies(self, applicability: Applicability) -> bool {
        match self {
            FixMode::Off => false,
            FixMode::Safe => applicability == Applicability::Safe,
            FixMode::Unsafe => true,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Job {
    fix: FixMode,
    parse_only: bool,
    /// Skip files that provably build no response (`extract::may_build_response`).
    skip: bool,
    force_exclude: bool,
}

/// The outcome of linting one text.
#[derive(Default)]
struct Linted {
    records: Vec<Record>,
    fixed: usize,
    /// The text after fixes, when they changed it.
    fixed_text: Option<String>,
    /// Why fixes that would apply were not applied ("has syntax errors"), and how many.
    fix_blocked: Option<&'static str>,
    not_fixed: usize,
    /// Rule names in suppression comments that are no rule: (line, name).
    unknown_suppressions: Vec<(usize, String)>,
    /// Parsing ran out of its time budget: nothing was checked.
    timed_out: Option<lint::ParseTimeout>,
}

/// Lints one text completely: with the index when `view` is given, fixes included. Pass 2, stdin,
/// and the files of a `--parse-only` run.
fn lint_text(
    language: Language,
    text: &str,
    settings: &Settings,
    job: Job,
    view: Option<View>,
) -> Linted {
    if job.skip && !job.parse_only && !extract::may_build_response(language, text) {
        return Linted::default();
    }
    let tree = match parse(language, text) {
        Ok(tree) => tree,
        Err(timeout) => {
            return Linted {
                timed_out: Some(timeout),
                ..Linted::default()
            }
        }
    };
    if job.parse_only {
        return Linted::default();
    }
    let diagnostics = lint::check_tree_with(language, text, &tree, settings, view);
    let fixable = |d: &Diagnostic| {
        d.fix
            .as_ref()
            .is_some_and(|f| job.fix.applies(f.applicability))
    };
    let mut linted = Linted {
        unknown_suppressions: unknown_suppressions(text),
        ..Linted::default()
    };
    if diagnostics.iter().any(fixable) {
        linted.not_fixed = diagnostics.iter().filter(|d| fixable(d)).count();
        if tree.root_node().has_error() {
            linted.fix_blocked = Some("has syntax errors");
        } else {
            match lint::fix_all_with(language, text, settings, job.fix == FixMode::Unsafe, view) {
                None => linted.fix_blocked = Some("would not parse after its fixes"),
                Some(outcome) if outcome.text != text => {
                    let remaining =
                        lint::check_source_with(language, &outcome.text, settings, view);
                    linted.records = report::records(&outcome.text, &remaining);
                    linted.fixed = outcome.applied;
                    linted.fixed_text = Some(outcome.text);
                    linted.not_fixed = 0;
                    return linted;
                }
                Some(_) => linted.not_fixed = 0,
            }
        }
    }
    linted.records = report::records(text, &diagnostics);
    linted
}

/// Pass 1 of a reported file: its facts without the index (stored in `index` when the file is in a
/// package, at `place`), and the diagnostics they give. Applies no fix: fixes come from the final
/// diagnostics, known only once every file is in the index.
fn first_lint(
    language: Language,
    text: &str,
    settings: &Settings,
    job: Job,
    place: Option<(&Index, &Path)>,
    kept: Option<&Kept>,
) -> First {
    if job.skip && !extract::may_build_response(language, text) {
        if let Some((index, path)) = place {
            packages::index_unparsed(index, language, path, text);
        }
        return First::Done(Outcome::Linted {
            linted: Linted::default(),
            write_error: None,
        });
    }
    let tree = match parse(language, text) {
        Ok(tree) => tree,
        Err(timeout) => {
            return First::Done(Outcome::Linted {
                linted: Linted {
                    timed_out: Some(timeout),
                    ..Linted::default()
                },
                write_error: None,
            })
        }
    };
    let (segments, facts) = first_read(language, text, &tree);
    if let Some((index, path)) = place {
        index.update(path, text, &facts);
        if let Some(kept) = kept {
            kept.offer(path, language, text, tree, segments, &facts);
        }
    }
    let diagnostics = lint::check_facts(language, text, &facts, settings);
    let fixable = diagnostics.iter().any(|d| {
        d.fix
            .as_ref()
            .is_some_and(|f| job.fix.applies(f.applicability))
    });
    let linted = Linted {
        unknown_suppressions: unknown_suppressions(text),
        records: report::records(text, &diagnostics),
        ..Linted::default()
    };
    First::Linted {
        linted,
        pending: place.map(|_| Box::new(pending_part(facts))),
        fixable,
    }
}

/// What `Index::resolves_pending` reads of a file's facts (what the index keeps of it), kept from
/// pass 1 to pass 2; the responses are dropped so memory stays flat.
fn pending_part(facts: FileFacts) -> FileFacts {
    FileFacts {
        index: facts.index,
        ..FileFacts::default()
    }
}

/// Source bytes whose syntax trees pass 1 may keep for settle (a tree takes about 25 bytes per
/// byte of source: 1 MiB of source is about 25 MiB of trees).
const KEEP_SOURCE_BYTES: usize = 1 << 20;

/// The texts and trees of files pass 1 read that settle will likely read again (their lookups
/// were left open), up to `KEEP_SOURCE_BYTES`: settle reads them without parsing them again, and
/// without reading again the items whose lookups find what they found in the file's last read
/// (`KeptFile::read_again`). Beyond the budget a file is parsed and read again whole, as before.
#[derive(Default)]
struct Kept {
    trees: DashMap<PathBuf, KeptFile>,
    bytes: AtomicUsize,
}

struct KeptFile {
    language: Language,
    text: String,
    tree: tree_sitter::Tree,
    /// The file's last read: pass 1's (`None`), or that of the settle round numbered.
    segments: Option<(extract::Segments, Option<usize>)>,
}

impl Kept {
    /// Keeps `text` and its `tree` for `path` when its lookups were left open and the budget allows.
    fn offer(
        &self,
        path: &Path,
        language: Language,
        text: &str,
        tree: tree_sitter::Tree,
        segments: extract::Segments,
        facts: &FileFacts,
    ) {
        if facts.index.unresolved.is_empty() {
            return;
        }
        let before = self.bytes.fetch_add(text.len(), Ordering::Relaxed);
        if before + text.len() > KEEP_SOURCE_BYTES {
            self.bytes.fetch_sub(text.len(), Ordering::Relaxed);
            return;
        }
        let file = KeptFile::new(language, text.to_string(), tree, segments);
        self.trees.insert(path.to_path_buf(), file);
    }
}

impl KeptFile {
    /// A file pass 1 read as `segments`.
    fn new(
        language: Language,
        text: String,
        tree: tree_sitter::Tree,
        segments: extract::Segments,
    ) -> KeptFile {
        KeptFile {
            language,
            text,
            tree,
            segments: Some((segments, None)),
        }
    }

    /// Settle's read of the file through `view` in `round`, keeping the items whose lookups find
    /// what they found: after pass 1, what the package finds that the file alone did not; after
    /// the round before, what changed in it.
    fn read_again(&mut self, view: View, round: &Round) -> extract::Segments {
        let last = self.segments.take();
        let again = match (last, round.finds_changed()) {
            (Some((last, None)), _) if round.number == 0 => {
                let finds = view.index.finds_otherwise(view.path);
                last.read_again_with(&self.text, &self.tree, view, &finds)
            }
            (Some((last, Some(n))), Some(finds)) if n + 1 == round.number => {
                last.read_again_with(&self.text, &self.tree, view, &finds)
            }
            _ => None,
        };
        let segments = again.unwrap_or_else(|| {
            extract::Segments::read_with(self.language, &self.text, &self.tree, Some(view))
        });
        self.segments = Some((segments.clone(), Some(round.number)));
        segments
    }
}

/// Pass 1's read of a file: its segments (kept for settle) and their facts.
fn first_read(
    language: Language,
    text: &str,
    tree: &tree_sitter::Tree,
) -> (extract::Segments, FileFacts) {
    let segments = extract::Segments::read(language, text, tree);
    let facts = segments.facts();
    (segments, facts)
}

/// Replaces `view`'s own entry in the index by `text`'s.
fn reindex(view: View, language: Language, text: &str) {
    if let Ok(tree) = parse(language, text) {
        let facts = extract::extract_with(language, text, &tree, None);
        view.index.update(view.path, text, &facts);
    }
}

/// Pass 1 of a file of a checked package that is not reported: into the index only.
fn index_file(index: &Index, path: &Path, job: Job, kept: Option<&Kept>) {
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    let language = Language::from_path(path).unwrap_or_default();
    if job.skip && !extract::may_build_response(language, &text) {
        packages::index_unparsed(index, language, path, &text);
        return;
    }
    let Ok(tree) = parse(language, &text) else {
        return;
    };
    let (segments, facts) = first_read(language, &text, &tree);
    index.update(path, &text, &facts);
    if let Some(kept) = kept {
        kept.offer(path, language, &text, tree, segments, &facts);
    }
}

fn unknown_suppressions(text: &str) -> Vec<(usize, String)> {
    crate::suppress::Suppressions::scan(text)
        .unknown_rules()
        .into_iter()
        .map(|(line, name)| (line, name.to_string()))
        .collect()
}

enum Outcome {
    Linted {
        linted: Linted,
        write_error: Option<String>,
    },
    Excluded,
    Unreadable(String),
    Config(ConfigFailure),
}

/// Why a reported file is not linted.
enum NotRead {
    Excluded,
    Unreadable(String),
    Config(ConfigFailure),
}

impl From<NotRead> for Outcome {
    fn from(not: NotRead) -> Outcome {
        match not {
            NotRead::Excluded => Outcome::Excluded,
            NotRead::Unreadable(message) => Outcome::Unreadable(message),
            NotRead::Config(failure) => Outcome::Config(failure),
        }
    }
}

/// A reported file's text and settings.
fn read_input(
    input: &Input,
    cache: &ConfigCache,
    job: Job,
) -> Result<(String, Arc<Settings>), NotRead> {
    let dir = input.absolute.parent().unwrap_or(Path::new("/"));
    let settings = cache.for_dir(dir).map_err(NotRead::Config)?;
    if (!input.explicit || job.force_exclude) && settings.is_excluded(&input.absolute) {
        return Err(NotRead::Excluded);
    }
    let bytes = std::fs::read(&input.path)
        .map_err(|e| NotRead::Unreadable(format!("cannot read the file: {e}; not checked")))?;
    let text = String::from_utf8(bytes).map_err(|e| NotRead::Unreadable(not_utf8(&e)))?;
    if !input.explicit && input.language.is_bundle_text(&text) {
        return Err(NotRead::Excluded);
    }
    Ok((text, settings))
}

/// Lints a reported file completely (with the index when `view` is given) and writes its fixes.
fn process_file(input: &Input, cache: &ConfigCache, job: Job, view: Option<View>) -> Outcome {
    let (text, settings) = match read_input(input, cache, job) {
        Ok(read) => read,
        Err(not) => return not.into(),
    };
    let shown = input.path.display();
    let mut linted = lint_text(input.language, &text, &settings, job, view);
    let mut write_error = None;
    if let Some(fixed) = linted.fixed_text.take() {
        if let Err(e) = write_atomically(&input.path, fixed.as_bytes()) {
            write_error = Some(format!("cannot write fixes to {shown}: {e}"));
            // The index holds the fixed text (`fix_all_with`); the file is still the old one.
            if let Some(view) = view {
                reindex(view, input.language, &text);
            }
            // Report the file as it still is on disk.
            linted = lint_text(
                input.language,
                &text,
                &settings,
                Job {
                    fix: FixMode::Off,
                    ..job
                },
                view,
            );
        }
    }
    Outcome::Linted {
        linted,
        write_error,
    }
}

/// What pass 1 left of a reported file.
enum First {
    /// Final: not linted (excluded, unreadable), or nothing to read again.
    Done(Outcome),
    /// Linted from its own facts. Pass 2 lints it again, with the index, when the index resolves a
    /// call those facts left open, or when a fix applies (fixes come from the final diagnostics).
    Linted {
        linted: Linted,
        /// For `Index::resolves_pending`; `None` outside any package. Boxed: the facts are large.
        pending: Option<Box<FileFacts>>,
        fixable: bool,
    },
}

fn first_pass(
    input: &Input,
    place: Option<&Path>,
    index: &Index,
    kept: &Kept,
    cache: &ConfigCache,
    job: Job,
) -> First {
    match read_input(input, cache, job) {
        Ok((text, settings)) => first_lint(
            input.language,
            &text,
            &settings,
            job,
            place.map(|path| (index, path)),
            Some(kept),
        ),
        Err(not) => First::Done(not.into()),
    }
}

fn second_pass(
    input: &Input,
    place: Option<&Path>,
    first: First,
    settled: Option<FileFacts>,
    index: &Index,
    cache: &ConfigCache,
    job: Job,
) -> Outcome {
    let (linted, pending, fixable) = match first {
        First::Done(outcome) => return outcome,
        First::Linted {
            linted,
            pending,
            fixable,
        } => (linted, pending, fixable),
    };
    if let Some(outcome) = place
        .zip(settled)
        .and_then(|(path, facts)| lint_settled(input, path, &facts, index, cache, job))
    {
        return outcome;
    }
    let resolves = place
        .zip(pending.as_deref())
        .is_some_and(|(path, facts)| index.resolves_pending(path, facts));
    if !resolves && !fixable {
        return Outcome::Linted {
            linted,
            write_error: None,
        };
    }
    drop(linted);
    let view = place.map(|path| View { index, path });
    process_file(input, cache, job, view)
}

/// Pass 2 from the facts settle last read for the file. They are final: settle reads a file again
/// whenever what it looked up changes, until nothing changes, so a read now would give the same
/// facts; unless a budget ran out for the file, or a fix applies (fixes re-read the file).
/// `None`: read it again.
fn lint_settled(
    input: &Input,
    path: &Path,
    facts: &FileFacts,
    index: &Index,
    cache: &ConfigCache,
    job: Job,
) -> Option<Outcome> {
    if index.ran_out_for(path) {
        return None;
    }
    let (text, settings) = match read_input(input, cache, job) {
        Ok(read) => read,
        Err(not) => return Some(not.into()),
    };
    let diagnostics = lint::check_facts(input.language, &text, facts, &settings);
    let fixable = diagnostics.iter().any(|d| {
        d.fix
            .as_ref()
            .is_some_and(|f| job.fix.applies(f.applicability))
    });
    if fixable {
        return None;
    }
    Some(Outcome::Linted {
        linted: Linted {
            unknown_suppressions: unknown_suppressions(&text),
            records: report::records(&text, &diagnostics),
            ..Linted::default()
        },
        write_error: None,
    })
}

fn not_utf8(e: &std::string::FromUtf8Error) -> String {
    format!(
        "not UTF-8 text (invalid byte at offset {}); not checked",
        e.utf8_error().valid_up_to()
    )
}

/// Replaces `path`'s contents via a temporary file in the same folder and a rename, so a reader
/// never sees half a file; keeps the permissions, and writes through a symlink to its target.
fn write_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let target = std::fs::canonicalize(path)?;
    let permissions = std::fs::metadata(&target)?.permissions();
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let temp = dir.join(format!(".{name}.statuslint-{}-{n}.tmp", std::process::id()));
        let mut file = match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
        {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        };
        let written = file
            .write_all(contents)
            .and_then(|()| file.set_permissions(permissions.clone()))
            .and_then(|()| file.sync_all());
        drop(file);
        let result = written.and_then(|()| std::fs::rename(&temp, &target));
        if result.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        return result;
    }
}

/// Where findings go, in the chosen format.
enum Emitter {
    Text,
    Json(ArrayWriter),
    Sarif(SarifWriter),
    Github,
    Gitlab(ArrayWriter),
    Junit(JunitWriter),
    /// `--statistics` (text or JSON): counts per rule instead of the findings.
    Statistics {
        json: bool,
        stats: Statistics,
    },
}

struct Printer {
    out: Box<dyn Write>,
    style: Style,
    emitter: Emitter,
    cwd: PathBuf,
    /// `cwd` with symlinks resolved: related locations in other files carry canonical paths.
    canonical_cwd: PathBuf,
}

impl Printer {
    fn start(
        format: Format,
        statistics: bool,
        mut out: Box<dyn Write>,
        style: Style,
        cwd: PathBuf,
    ) -> io::Result<Printer> {
        let emitter = match format {
            _ if statistics => Emitter::Statistics {
                json: format == Format::Json,
                stats: Statistics::default(),
            },
            Format::Text => Emitter::Text,
            Format::Json => Emitter::Json(ArrayWriter::new(0)),
            Format::Sarif => Emitter::Sarif(SarifWriter::start(&mut out)?),
            Format::Github => Emitter::Github,
            Format::Gitlab => Emitter::Gitlab(ArrayWriter::new(0)),
            Format::Junit => Emitter::Junit(JunitWriter::default()),
        };
        let canonical_cwd = std::fs::canonicalize(&cwd).unwrap_or_else(|_| cwd.clone());
        Ok(Printer {
            out,
            style,
            emitter,
            cwd,
            canonical_cwd,
        })
    }

    /// A related location's path as the text and JSON formats show it: like the record's own path
    /// (`shown`): relative to the working folder when that one is (with `..` if needed), else absolute.
    fn shown_related(&self, shown: &str, related: &OutRelated) -> String {
        match &related.path {
            None => shown.to_string(),
            Some(path) if Path::new(shown).is_absolute() => path.to_string_lossy().into_owned(),
            Some(path) => walk::relative_from(path, &self.canonical_cwd)
                .to_string_lossy()
                .into_owned(),
        }
    }

    /// A related location's path as SARIF and the CI formats want it: relative to the working folder,
    /// absolute outside it (`relative` is the record's own).
    fn relative_related(&self, relative: &Path, related: &OutRelated) -> String {
        match &related.path {
            None => relative.to_string_lossy().into_owned(),
            Some(path) => walk::relative_to(path, &self.canonical_cwd)
                .to_string_lossy()
                .into_owned(),
        }
    }

    /// One checked file's findings (called for clean files too: JUnit lists them). `absolute` is
    /// the lexically normalised path: the formats that want a path relative to the working folder
    /// (SARIF, GitHub, GitLab) use it, so `../x.rs` becomes an absolute path, never `../`.
    fn file(&mut self, path: &Path, absolute: &Path, records: &[Record]) -> io::Result<()> {
        let shown = path.to_string_lossy();
        let relative = walk::relative_to(absolute, &self.cwd);
        let relative_text = relative.to_string_lossy();
        let mut fingerprints = Fingerprints::default();
        // Text and JSON show related paths like the record's own; the others relative to the cwd.
        let like_shown = matches!(self.emitter, Emitter::Text | Emitter::Json(_));
        let related: Vec<Vec<String>> = records
            .iter()
            .map(|record| {
                record
                    .related
                    .iter()
                    .map(|r| match like_shown {
                        true => self.shown_related(&shown, r),
                        false => self.relative_related(&relative, r),
                    })
                    .collect()
            })
            .collect();
        if let Emitter::Junit(junit) = &mut self.emitter {
            junit.file(&relative_text, records, &related);
        }
        for (record, related) in records.iter().zip(&related) {
            match &mut self.emitter {
                Emitter::Text => {
                    report::write_text(&mut self.out, &shown, record, related, &self.style)?
                }
                Emitter::Json(array) => {
                    array.push(&mut self.out, &json::element(&shown, record, related))?
                }
                Emitter::Sarif(sarif) => sarif.push(&mut self.out, &relative, record, related)?,
                Emitter::Github => writeln!(
                    self.out,
                    "{}",
                    ci::github_line(&relative_text, record, related)
                )?,
                Emitter::Gitlab(array) => array.push(
                    &mut self.out,
                    &fingerprints.issue(&relative_text, record, related),
                )?,
                Emitter::Junit(_) => {}
                Emitter::Statistics { stats, .. } => stats.add(record),
            }
        }
        Ok(())
    }

    fn finish(self, state: &State, unsafe_fixes: bool, err: &Style) -> io::Result<()> {
        let Printer {
            mut out,
            style,
            emitter,
            ..
        } = self;
        let fixed = report::fixed_line(&state.totals);
        // The summary a person reads: on stdout for the text formats, after the findings.
        let human = matches!(
            emitter,
            Emitter::Text | Emitter::Github | Emitter::Statistics { json: false, .. }
        );
        match emitter {
            Emitter::Text | Emitter::Github => {}
            Emitter::Statistics { json: false, stats } => {
                out.write_all(stats.table().as_bytes())?
            }
            Emitter::Statistics { json: true, stats } => {
                json::write_indented(&mut out, &stats.json(), 0)?;
                writeln!(out)?;
            }
            Emitter::Json(array) | Emitter::Gitlab(array) => {
                array.finish(&mut out)?;
                writeln!(out)?;
            }
            Emitter::Sarif(sarif) => {
                sarif.finish(&mut out, !state.hard_error, &state.notifications)?
            }
            Emitter::Junit(junit) => junit.finish(&mut out)?,
        }
        if !human {
            if let Some(line) = fixed {
                err.note(&line);
            }
            return out.flush();
        }
        if let Some(line) = fixed {
            writeln!(out, "{line}")?;
        }
        if state.parse_only {
            writeln!(out, "Parsed {} files.", state.read_ok)?;
        } else if state.read_ok > 0 || state.totals.problems() > 0 {
            // With nothing checked at all (a broken config) the errors on stderr say why.
            writeln!(
                out,
                "{}",
                summary::checked_line(state.read_ok, &state.skipped, state.budgeted)
            )?;
            writeln!(
                out,
                "{}",
                report::summary_line(
                    &state.totals,
                    &style,
                    unsafe_fixes,
                    state.skipped.complete() && state.read_failed == 0,
                    &state.not_fixed
                )
            )?;
        }
        out.flush()
    }
}

/// What the run has seen so far.
#[derive(Default)]
struct State {
    totals: Totals,
    read_ok: usize,
    read_failed: usize,
    /// A missing path, a broken config file or a failed write: exit 2.
    hard_error: bool,
    /// Messages that also go into SARIF's invocation.
    notifications: Vec<String>,
    reported_configs: HashSet<PathBuf>,
    parse_only: bool,
    skipped: Skipped,
    not_fixed: NotFixed,
    /// Files skipped because parsing took too long; they fail the run only with `--strict`.
    timed_out: usize,
    /// Files read with some cross-file facts unknown because a budget ran out (`index::Exhausted`);
    /// they fail the run only with `--strict`.
    budgeted: usize,
    strict: bool,
}

impl State {
    fn error(&mut self, err: &Style, message: String, hard: bool) {
        err.error(&message);
        self.hard_error |= hard;
        self.notifications.push(message);
    }

    fn config_failure(&mut self, err: &Style, failure: ConfigFailure) {
        self.read_failed += 1;
        self.skipped.add(SkipReason::BrokenConfig, 1);
        if self.reported_configs.insert(failure.path.clone()) {
            self.error(err, failure.message, true);
        }
    }

    fn linted(&mut self, err: &Style, path: &Path, linted: &Linted) {
        if let Some(timeout) = linted.timed_out {
            let message = format!("statuslint: {}: {timeout}", path.display());
            err.note(&message);
            self.notifications.push(message);
            self.timed_out += 1;
            self.skipped.add(SkipReason::TooSlow, 1);
            return;
        }
        self.read_ok += 1;
        for record in &linted.records {
            self.totals.add(record);
        }
        if linted.fixed > 0 {
            self.totals.fixed += linted.fixed;
            self.totals.files_fixed += 1;
        }
        if let Some(reason) = linted.fix_blocked {
            err.warning(&format!("{}: not fixed: the file {reason}", path.display()));
            self.not_fixed.findings += linted.not_fixed;
            self.not_fixed
                .files
                .push((path.display().to_string(), reason));
        }
        for (line, name) in &linted.unknown_suppressions {
            let mut message = format!(
                "{}:{line}: unknown rule `{name}` in a statuslint-ignore comment (it silences nothing)",
                path.display()
            );
            if let Some(near) = crate::rules::closest(name) {
                message.push_str(&format!("; did you mean `{near}`?"));
            }
            err.warning(&message);
        }
    }

    /// A file whose cross-file facts are partly unknown because a budget ran out while reading it.
    fn budget_ran_out(&mut self, err: &Style, path: &Path, why: &index::Exhausted) {
        let message = format!("statuslint: {}: {why}", path.display());
        err.note(&message);
        self.notifications.push(message);
        self.budgeted += 1;
    }

    /// A file that could not be checked: an `io-error` finding, so the run fails.
    fn unreadable(&mut self, record: Record) {
        self.skipped.add(SkipReason::Unreadable, 1);
        self.notifications.push(record.message.clone());
        self.totals.add(&record);
    }

    fn exit_code(&self) -> u8 {
        let nothing_read = self.read_ok == 0 && self.read_failed > 0;
        let incomplete = self.timed_out > 0 || self.budgeted > 0;
        if self.hard_error || nothing_read || (self.strict && incomplete) {
            EXIT_ERROR
        } else if self.totals.failing() {
            EXIT_PROBLEMS
        } else {
            EXIT_CLEAN
        }
    }
}

pub(crate) fn run(args: &CheckArgs) -> u8 {
    let err = Style::for_stderr(Some(args.color));
    if let Some(threads) = args.threads {
        if threads == 0 {
            err.error("--threads must be at least 1");
            return EXIT_ERROR;
        }
        // Fails only if the pool already exists, which cannot happen before the first parallel call.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global();
    }
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(e) => {
            err.error(&format!("cannot determine the current folder: {e}"));
            return EXIT_ERROR;
        }
    };
    if let Some(file) = &args.show_settings {
        return super::show::run(file, &cwd, &err);
    }
    let fix = if args.unsafe_fixes {
        FixMode::Unsafe
    } else if args.fix {
        FixMode::Safe
    } else {
        FixMode::Off
    };
    let job = Job {
        fix,
        parse_only: args.parse_only,
        skip: !args.no_skip,
        force_exclude: args.force_exclude,
    };
    let mut paths = args.paths.clone();
    if paths.is_empty() {
        // `--stdin-filename` alone means "read stdin", as in ruff.
        paths.push(PathBuf::from(if args.stdin_filename.is_some() {
            "-"
        } else {
            "."
        }));
    }
    let stdin_count = paths.iter().filter(|p| p.as_os_str() == "-").count();
    if stdin_count > 1 {
        err.error("`-` (stdin) can be given only once");
        return EXIT_ERROR;
    }
    let uses_stdin = stdin_count == 1;
    // With `--fix`, stdout carries the fixed stdin source, so the report goes to stderr.
    let report_to_stderr = uses_stdin && fix != FixMode::Off;
    let (out, style): (Box<dyn Write>, Style) = if report_to_stderr {
        (
            Box::new(BufWriter::new(io::stderr())),
            Style::for_stderr(Some(args.color)),
        )
    } else {
        (
            Box::new(BufWriter::new(io::stdout().lock())),
            Style::for_stdout(Some(args.color)),
        )
    };
    if args.statistics && !matches!(args.format, Format::Text | Format::Json) {
        err.error("--statistics works with --format text or json");
        return EXIT_ERROR;
    }
    let mut printer = match Printer::start(args.format, args.statistics, out, style, cwd.clone()) {
        Ok(printer) => printer,
        Err(e) => return write_failed(&err, &e, EXIT_ERROR),
    };
    let cache = Arc::new(ConfigCache::new(cwd.clone()));
    let mut state = State {
        parse_only: job.parse_only,
        strict: args.strict,
        ..State::default()
    };

    if uses_stdin {
        if let Err(e) = check_stdin(args, job, &cwd, &cache, &mut printer, &mut state, &err) {
            return write_failed(&err, &e, state.exit_code());
        }
    }
    let file_paths: Vec<PathBuf> = paths.into_iter().filter(|p| p.as_os_str() != "-").collect();
    if !file_paths.is_empty() {
        let found = walk::discover(&file_paths, &cwd, &cache, args.force_exclude);
        for message in found.missing {
            state.error(&err, message, true);
        }
        for message in found.walk_errors {
            state.read_failed += 1;
            state.error(&err, message, false);
        }
        state
            .skipped
            .add(SkipReason::Excluded, found.excluded_files);
        state
            .skipped
            .add(SkipReason::ExcludedFolder, found.excluded_folders);
        if let Err(e) = check_files(&found.inputs, job, &cache, &mut printer, &mut state, &err) {
            return write_failed(&err, &e, state.exit_code());
        }
        if found.inputs.is_empty() && !state.hard_error && state.read_failed == 0 {
            err.warning("no Rust, TypeScript, JavaScript, Python or Go files to check (none found, or all ignored or excluded)");
        }
    }
    if let Err(e) = printer.finish(&state, fix == FixMode::Unsafe, &err) {
        return write_failed(&err, &e, state.exit_code());
    }
    state.exit_code()
}

/// A closed pipe (`statuslint check | head`) ends the run quietly; other write errors are reported.
fn write_failed(err: &Style, e: &io::Error, code: u8) -> u8 {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return code;
    }
    err.error(&format!("cannot write the report: {e}"));
    EXIT_ERROR
}

/// Lints `inputs` in two passes. Pass 1 reads every reported file and every other `.rs` file of
/// their Cargo packages into the index, and lints the reported ones from their own facts. Pass 2
/// goes through the reported files in order, in chunks: a file whose open calls the index now
/// resolves, or that has a fix to apply, is read and linted again with the index; the others keep
/// their pass-1 findings. Output streams chunk by chunk in path order, as a single pass did.
fn check_files(
    inputs: &[Input],
    job: Job,
    cache: &Arc<ConfigCache>,
    printer: &mut Printer,
    state: &mut State,
    err: &Style,
) -> io::Result<()> {
    if job.parse_only {
        for chunk in inputs.chunks(CHUNK) {
            let outcomes: Vec<Outcome> = chunk
                .par_iter()
                .map(|input| process_file(input, cache, job, None))
                .collect();
            report_chunk(chunk, outcomes, printer, state, err)?;
        }
        return Ok(());
    }
    // Where each reported file is in the index: its canonical path, when it is in a package.
    let places: Vec<Option<PathBuf>> = inputs.par_iter().map(index_place).collect();
    let roots: BTreeSet<PathBuf> = places
        .iter()
        .flatten()
        .filter_map(|path| index::package_root(path))
        .collect();
    let roots = packages::with_path_dependencies(roots, &printer.canonical_cwd);
    let known: HashSet<PathBuf> = places.iter().flatten().cloned().collect();
    let others = packages::other_files(&roots, &known);
    let index = Index::new();
    let kept = Kept::default();
    others
        .par_iter()
        .for_each(|path| index_file(&index, path, job, Some(&kept)));
    let firsts: Vec<First> = inputs
        .par_iter()
        .zip(&places)
        .map(|(input, place)| first_pass(input, place.as_deref(), &index, &kept, cache, job))
        .collect();
    // Helpers calling helpers in other files: read again with the index until their summaries
    // settle, as the language server does after building its index.
    // The last facts settle read of each reported file: once settled, they are what pass 2
    // would read again, so pass 2 lints them without parsing the file a third time.
    let settled: DashMap<PathBuf, FileFacts> = DashMap::new();
    index.settle_with(|view, round| {
        let language = Language::from_path(view.path)?;
        let facts_of = |text: &str, tree: &tree_sitter::Tree| {
            extract::extract_with(language, text, tree, Some(view))
        };
        // The language `check` reads it as here (a file named on the command line may differ).
        let kept = kept
            .trees
            .get_mut(view.path)
            .filter(|k| k.language == language);
        let (text, facts) = match kept {
            Some(mut k) => {
                let facts = k.read_again(view, round).facts();
                (k.text.clone(), facts)
            }
            None => {
                let text = std::fs::read_to_string(view.path).ok()?;
                let tree = parse(language, &text).ok()?;
                let facts = facts_of(&text, &tree);
                (text, facts)
            }
        };
        if known.contains(view.path) {
            settled.insert(view.path.to_path_buf(), facts.clone());
        }
        Some((text, facts))
    });
    drop(kept);
    let mut firsts = firsts.into_iter();
    for (chunk, places) in inputs.chunks(CHUNK).zip(places.chunks(CHUNK)) {
        let batch: Vec<First> = firsts.by_ref().take(chunk.len()).collect();
        let outcomes: Vec<Outcome> = chunk
            .par_iter()
            .zip(places)
            .zip(batch)
            .map(|((input, place), first)| {
                let settled = place
                    .as_deref()
                    .and_then(|p| settled.remove(p))
                    .map(|e| e.1);
                second_pass(input, place.as_deref(), first, settled, &index, cache, job)
            })
            .collect();
        report_chunk(chunk, outcomes, printer, state, err)?;
    }
    for (path, why) in index.exhausted() {
        let shown = walk::relative_from(&path, &printer.canonical_cwd);
        state.budget_ran_out(err, &shown, &why);
    }
    Ok(())
}

/// Where stdin's `--stdin-filename` (absolute) is in the index, and its package's root: the file need
/// not exist, its folder must.
fn stdin_place(absolute: &Path) -> Option<(PathBuf, PathBuf)> {
    let dir = std::fs::canonicalize(absolute.parent()?).ok()?;
    let path = dir.join(absolute.file_name()?);
    let root = index::package_root(&path)?;
    Some((path, root))
}

/// A reported file's path in the index (canonical), when it belongs to a Cargo package.
fn index_place(input: &Input) -> Option<PathBuf> {
    let canonical = std::fs::canonicalize(&input.path).ok()?;
    index::package_root(&canonical)?;
    Some(canonical)
}

fn report_chunk(
    chunk: &[Input],
    outcomes: Vec<Outcome>,
    printer: &mut Printer,
    state: &mut State,
    err: &Style,
) -> io::Result<()> {
    for (input, outcome) in chunk.iter().zip(outcomes) {
        match outcome {
            Outcome::Excluded => state.skipped.add(SkipReason::Excluded, 1),
            Outcome::Config(failure) => state.config_failure(err, failure),
            Outcome::Unreadable(message) => {
                let record = Record::io_error(message);
                printer.file(&input.path, &input.absolute, std::slice::from_ref(&record))?;
                state.unreadable(record);
            }
            Outcome::Linted {
                linted,
                write_error,
            } => {
                if let Some(message) = write_error {
                    state.error(err, message, true);
                }
                state.linted(err, &input.path, &linted);
                printer.file(&input.path, &input.absolute, &linted.records)?;
            }
        }
    }
    Ok(())
}

/// `-`: lint stdin under `--stdin-filename`'s name and config. With `--fix`, the (fixed or
/// untouched) source is echoed to stdout so a pipeline never loses the text.
fn check_stdin(
    args: &CheckArgs,
    job: Job,
    cwd: &Path,
    cache: &ConfigCache,
    printer: &mut Printer,
    state: &mut State,
    err: &Style,
) -> io::Result<()> {
    let name = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| PathBuf::from("-"));
    let shown = walk::display_path(&name);
    let mut bytes = Vec::new();
    let absolute = walk::absolute(cwd, &name);
    if let Err(e) = io::stdin().lock().read_to_end(&mut bytes) {
        let record = Record::io_error(format!("cannot read stdin: {e}; not checked"));
        printer.file(&shown, &absolute, std::slice::from_ref(&record))?;
        state.unreadable(record);
        return Ok(());
    }
    let echo = |text: &[u8]| -> io::Result<()> {
        if job.fix == FixMode::Off {
            return Ok(());
        }
        let mut stdout = io::stdout().lock();
        stdout.write_all(text)?;
        stdout.flush()
    };
    let dir = if args.stdin_filename.is_some() {
        absolute.parent().unwrap_or(cwd).to_path_buf()
    } else {
        cwd.to_path_buf()
    };
    let settings = match cache.for_dir(&dir) {
        Ok(settings) => settings,
        Err(failure) => {
            state.config_failure(err, failure);
            return echo(&bytes);
        }
    };
    if job.force_exclude && args.stdin_filename.is_some() && settings.is_excluded(&absolute) {
        state.skipped.add(SkipReason::Excluded, 1);
        return echo(&bytes);
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let record = Record::io_error(not_utf8(&e));
            printer.file(&shown, &absolute, std::slice::from_ref(&record))?;
            state.unreadable(record);
            return echo(e.as_bytes());
        }
    };
    let language = Language::from_path(&name).unwrap_or_default();
    // Named as a file of a package: the package's other files (from disk) and stdin's text (in place
    // of the file on disk) make the index.
    let index = Index::new();
    let place = args
        .stdin_filename
        .as_ref()
        .filter(|_| !job.parse_only)
        .and_then(|_| stdin_place(&absolute));
    if let Some((path, root)) = &place {
        let known = HashSet::from([path.clone()]);
        packages::other_files(&BTreeSet::from([root.clone()]), &known)
            .par_iter()
            .for_each(|other| index_file(&index, other, job, None));
        if job.skip && !extract::may_build_response(language, &text) {
            packages::index_unparsed(&index, language, path, &text);
        } else {
            if let Ok(tree) = parse(language, &text) {
                index.update(
                    path,
                    &text,
                    &extract::extract_with(language, &text, &tree, None),
                );
            }
        }
    }
    let view = place.as_ref().map(|(path, _)| View {
        index: &index,
        path,
    });
    let linted = lint_text(language, &text, &settings, job, view);
    state.linted(err, &shown, &linted);
    echo(linted.fixed_text.as_deref().unwrap_or(&text).as_bytes())?;
    printer.file(&shown, &absolute, &linted.records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::segments::testing::{files_under, KEPT_AGAIN};

    /// Every file of the repository's test crates, projects and examples, read as pass 1 reads it
    /// into an index of its package, then settled as `check` settles it: each read that keeps the
    /// items whose lookups find what they found (after pass 1, or after the round before) gives
    /// what a whole read gives, and some items are kept.
    #[test]
    fn settle_reads_that_keep_items_equal_whole_reads() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut packages = Vec::new();
        for dir in ["tests/crates", "tests/projects", "examples"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap().flatten() {
                if entry.path().is_dir() {
                    packages.push(entry.path().canonicalize().unwrap());
                }
            }
        }
        assert!(packages.len() >= 20, "{packages:?}");
        let before = KEPT_AGAIN.load(Ordering::Relaxed);
        let (compared, later) = (AtomicUsize::new(0), AtomicUsize::new(0));
        for package in packages {
            let index = Index::new();
            let mut read = Vec::new();
            for path in files_under(vec![package]) {
                let Some(language) = Language::from_path(&path) else {
                    continue;
                };
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let Ok(tree) = parse(language, &text) else {
                    continue;
                };
                let (segments, facts) = first_read(language, &text, &tree);
                index.update(&path, &text, &facts);
                read.push((path, language, text, tree, segments));
            }
            // Settle as `check` does, each kept read checked against a whole one.
            let files: DashMap<PathBuf, KeptFile> = read
                .into_iter()
                .map(|(path, language, text, tree, segments)| {
                    (path, KeptFile::new(language, text, tree, segments))
                })
                .collect();
            index.settle_with(|view, round| {
                let mut file = files.get_mut(view.path)?;
                let again = file.read_again(view, round).facts();
                let whole =
                    extract::extract_with(file.language, &file.text, &file.tree, Some(view));
                // `FileFacts` has no `PartialEq`; its `Debug` shows every field.
                assert_eq!(
                    format!("{again:#?}"),
                    format!("{whole:#?}"),
                    "{} in round {}",
                    view.path.display(),
                    round.number
                );
                compared.fetch_add(1, Ordering::Relaxed);
                if round.number > 0 {
                    later.fetch_add(1, Ordering::Relaxed);
                }
                Some((file.text.clone(), again))
            });
        }
        let (compared, later) = (compared.into_inner(), later.into_inner());
        assert!(later >= 3, "{later} reads in later rounds");
        assert!(compared >= 30, "{compared} files compared");
        assert!(KEPT_AGAIN.load(Ordering::Relaxed) > before, "no item kept");
    }
}
