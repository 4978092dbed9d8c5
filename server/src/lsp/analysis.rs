//! One analysis run: incremental parse, extraction, rules, conversion to LSP diagnostics. Runs on a
//! blocking thread from an immutable `Snapshot`; the caller catches panics.

use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex, OnceLock};
use std::time::Instant;

use tower_lsp_server::ls_types as lsp;
use tracing::{debug, error};
use tree_sitter::{Parser, Tree};

use crate::config::Settings;
use crate::extract::{parse_range, Language, Segments};
use crate::index::{Index, View};
use crate::lint;
use crate::model::{FileFacts, Related, Span, StatusMention};
use crate::text::{Encoding, LineIndex};

use super::convert::{self, Positions, RelatedStyle};
use super::document::{point, Snapshot};

/// Documents larger than this are kept in sync but not analyzed: parsing 10 MB takes seconds on this
/// kind of machine and every keystroke would pay for extraction over the whole file.
pub(crate) const MAX_ANALYZED_BYTES: usize = 4 * 1024 * 1024;

/// Why a document got no analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Skipped {
    TooLarge,
    /// Parsing ran out of its budget (`lint::parse_budget`): nothing new is published for this
    /// version.
    TooSlow(lint::ParseTimeout),
}

pub(crate) struct Analysis {
    pub version: i32,
    /// The document's refresh count it was computed at (see `Document::refresh`).
    pub refresh: u64,
    pub text: Arc<String>,
    pub index: Arc<LineIndex>,
    pub language: Language,
    pub encoding: Encoding,
    pub settings: Arc<Settings>,
    /// The parse of `text`, when the whole file was parsed (not when only the edited item was).
    pub tree: Option<Tree>,
    /// The facts per top-level item, seeding the next analysis; `None` when skipped.
    pub segments: Option<Arc<Segments>>,
    pub diagnostics: Vec<lint::Diagnostic>,
    /// `diagnostics` converted, in the same order.
    pub lsp: Vec<lsp::Diagnostic>,
    pub mentions: Vec<StatusMention>,
    /// Responses built elsewhere (by a helper, an error type): the status written here and where
    /// the response is built, for hover.
    pub built: Vec<(Span, String, Vec<Related>)>,
    /// How related places are shown (the client's support, the workspace folders for messages).
    pub related_supported: bool,
    pub roots: Arc<Vec<std::path::PathBuf>>,
    /// The document's canonical path (its key in the index), if it has one.
    pub path: Option<std::path::PathBuf>,
    pub skipped: Option<Skipped>,
    /// Why the folder's `statuslint.toml` was not used, shown as a diagnostic on the document.
    pub config_warning: Option<String>,
}

impl Analysis {
    /// What the client is shown: the rule diagnostics, then the config file's problem if any.
    pub fn published(&self) -> Vec<lsp::Diagnostic> {
        let mut all = self.lsp.clone();
        if let Some(warning) = &self.config_warning {
            all.push(lsp::Diagnostic {
                range: lsp::Range::default(),
                severity: Some(lsp::DiagnosticSeverity::WARNING),
                code: Some(lsp::NumberOrString::String("config".to_string())),
                source: Some("statuslint".to_string()),
                message: warning
                    .strip_prefix("statuslint: ")
                    .unwrap_or(warning)
                    .to_string(),
                ..lsp::Diagnostic::default()
            });
        }
        all
    }

    pub fn positions(&self) -> Positions<'_> {
        Positions {
            text: &self.text,
            index: &self.index,
            encoding: self.encoding,
        }
    }

    /// A tree covering `offset`: the whole file's parse when there is one, else a parse of just the
    /// top-level item around `offset` (its nodes carry file offsets), else a fresh full parse.
    pub fn tree_at(&self, offset: usize) -> Option<Tree> {
        if self.tree.is_some() || self.skipped.is_some() {
            return self.tree.clone();
        }
        let mut parser = self.language.parser();
        let text = self.text.as_str();
        match self.segments.as_ref().and_then(|s| s.item_range(offset)) {
            Some(range) => parse_range(&mut parser, text, range, |o| point(&self.index, text, o)),
            None => lint::parse(&mut parser, text, None).ok(),
        }
    }
}

thread_local! {
    // The analysis thread's parsers, reused across runs, per language: one for whole files, one
    // restricted to the edited item's range.
    static PARSERS: RefCell<Vec<(Language, Parser, Parser)>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with the whole-file and the item parser of `language`.
fn with_parsers<T>(language: Language, f: impl FnOnce(&mut Parser, &mut Parser) -> T) -> T {
    PARSERS.with(|parsers| {
        let mut parsers = parsers.borrow_mut();
        let index = match parsers.iter().position(|(l, _, _)| *l == language) {
            Some(i) => i,
            None => {
                parsers.push((language, language.parser(), language.parser()));
                parsers.len() - 1
            }
        };
        let (_, whole, item) = &mut parsers[index];
        f(whole, item)
    })
}

/// Fault injection for the protocol tests: when `STATUSLINT_LSP_PANIC_MARKER` is set, analysing a
/// text that contains its value panics, so the tests can check that a panic is contained.
fn panic_marker() -> Option<&'static str> {
    static MARKER: OnceLock<Option<String>> = OnceLock::new();
    MARKER
        .get_or_init(|| {
            std::env::var("STATUSLINT_LSP_PANIC_MARKER")
                .ok()
                .filter(|m| !m.is_empty())
        })
        .as_deref()
}

/// The thread analyses run on. One thread keeps one parser warm and one allocator arena for trees
/// (blocking-pool threads each grew their own and held on to freed memory); per-document
/// coalescing keeps at most one job per document queued. While that thread is busy, a job runs on
/// a blocking-pool thread instead, so one document's analysis (a slow parse can take up to
/// `lint::PARSE_BUDGET`) never makes another document's wait.
pub(crate) struct Worker {
    jobs: Mutex<mpsc::Sender<Job>>,
    /// Jobs given to the analysis thread and not yet finished.
    busy: Arc<AtomicUsize>,
    /// Jobs running on blocking-pool threads.
    overflow: Arc<AtomicUsize>,
}

/// At most this many jobs run beside the analysis thread; more wait for it.
const MAX_OVERFLOW: usize = 8;

type Job = Box<dyn FnOnce() + Send>;

/// Decrements a job counter when the job ends, panicking or not.
struct Finished(Arc<AtomicUsize>);

impl Drop for Finished {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Worker {
    pub fn start() -> std::io::Result<Worker> {
        let (tx, rx) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("statuslint-analysis".to_string())
            .spawn(move || {
                while let Ok(job) = rx.recv() {
                    job();
                }
            })?;
        Ok(Worker {
            jobs: Mutex::new(tx),
            busy: Arc::new(AtomicUsize::new(0)),
            overflow: Arc::new(AtomicUsize::new(0)),
        })
    }

    fn send(&self, job: Job) -> bool {
        self.jobs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .send(job)
            .is_ok()
    }

    /// Returns once no job runs (or after `limit`): background work (the index build) calls it
    /// between files, so an open document's analysis never shares the CPU with it for long.
    pub fn wait_idle(&self, limit: std::time::Duration) {
        let deadline = Instant::now() + limit;
        while (self.busy.load(Ordering::SeqCst) > 0 || self.overflow.load(Ordering::SeqCst) > 0)
            && Instant::now() < deadline
        {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }

    /// Drops `value` on the analysis thread (see `lint_loop`).
    pub fn discard<T: Send + 'static>(&self, value: T) {
        self.send(Box::new(move || drop(value)));
    }

    /// Runs `f` on the analysis thread, or beside it while it is busy; `None` if it panicked
    /// (logged here).
    pub async fn run<T: Send + 'static>(
        &self,
        what: &'static str,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Option<T> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job = move |finished: Finished| {
            let result = catch_unwind(AssertUnwindSafe(f));
            drop(finished);
            if result.is_err() {
                error!("panic in {what}; its result is dropped");
            }
            let _ = tx.send(result.ok());
        };
        let idle = self.busy.fetch_add(1, Ordering::SeqCst) == 0;
        if !idle {
            self.busy.fetch_sub(1, Ordering::SeqCst);
            if self.overflow.fetch_add(1, Ordering::SeqCst) < MAX_OVERFLOW {
                let finished = Finished(self.overflow.clone());
                tokio::task::spawn_blocking(move || job(finished));
                return rx.await.ok().flatten();
            }
            self.overflow.fetch_sub(1, Ordering::SeqCst);
            self.busy.fetch_add(1, Ordering::SeqCst);
        }
        let finished = Finished(self.busy.clone());
        if !self.send(Box::new(move || job(finished))) {
            error!("the analysis thread is gone");
            return None;
        }
        rx.await.ok().flatten()
    }
}

/// Every status written in the file: the extractor's mentions plus the status of each response it
/// found (helper forms such as `HttpResponse::NoContent()` are known only as responses), by position.
fn mentions(facts: &FileFacts) -> Vec<StatusMention> {
    let mut all = facts.mentions.clone();
    all.extend(facts.responses.iter().map(|r| StatusMention {
        code: r.status.code,
        span: r.status.span,
        form: r.status.form,
    }));
    all.sort_by_key(|m| (m.span.start, m.span.end));
    all.dedup_by_key(|m| m.span);
    all
}

/// What an analysis reads besides the document: the workspace index and how to show related places.
#[derive(Clone, Copy)]
pub(crate) struct Context<'a> {
    pub index: &'a Index,
    pub related_supported: bool,
    pub roots: &'a Arc<Vec<std::path::PathBuf>>,
}

/// Analyses `snapshot`; also returns its facts (for the index) unless analysis was skipped.
pub(crate) fn analyze(
    snapshot: &Snapshot,
    settings: Arc<Settings>,
    encoding: Encoding,
    ctx: Context<'_>,
) -> (Analysis, Option<FileFacts>) {
    let mut analysis = Analysis {
        version: snapshot.version,
        refresh: snapshot.refresh,
        text: snapshot.text.clone(),
        index: snapshot.index.clone(),
        language: snapshot.language,
        encoding,
        settings,
        tree: None,
        segments: None,
        diagnostics: Vec::new(),
        lsp: Vec::new(),
        mentions: Vec::new(),
        built: Vec::new(),
        related_supported: ctx.related_supported,
        roots: ctx.roots.clone(),
        path: snapshot.key.clone(),
        skipped: None,
        config_warning: None,
    };
    if snapshot.text.len() > MAX_ANALYZED_BYTES {
        analysis.skipped = Some(Skipped::TooLarge);
        return (analysis, None);
    }
    if let Some(marker) = panic_marker() {
        if snapshot.text.contains(marker) {
            panic!("statuslint test hook: analysis panics on the marker `{marker}`");
        }
    }
    let text = snapshot.text.as_str();
    let started = Instant::now();
    // Names resolve through the workspace index; an unsaved document (no path) reads only itself.
    let view = snapshot.key.as_deref().map(|path| View {
        index: ctx.index,
        path,
    });
    // An edit inside one top-level item re-reads that item alone; anything else reads the file.
    // After the index changed under the document, every item is read again (`reread_all`).
    let language = snapshot.language;
    let updated = snapshot
        .segments
        .as_ref()
        .filter(|_| !snapshot.reread_all)
        .and_then(|segments| {
            with_parsers(language, |_, item| {
                segments.update_with(
                    text,
                    &snapshot.edits,
                    item,
                    |offset| point(&snapshot.index, text, offset),
                    view,
                )
            })
        });
    let item_only = updated.is_some();
    let (segments, parsed) = match updated {
        Some(segments) => (segments, Instant::now()),
        None => {
            let tree = match with_parsers(language, |whole, _| {
                lint::parse(whole, text, snapshot.tree.as_ref())
            }) {
                Ok(tree) => tree,
                Err(timeout) => {
                    analysis.skipped = Some(Skipped::TooSlow(timeout));
                    return (analysis, None);
                }
            };
            let parsed = Instant::now();
            let segments = match snapshot.segments.as_ref().filter(|_| !snapshot.reread_all) {
                Some(old) => old.reread_with(text, &tree, &snapshot.edits, view),
                None => Segments::read_with(language, text, &tree, view),
            };
            analysis.tree = Some(tree);
            (segments, parsed)
        }
    };
    let facts = segments.facts();
    analysis.segments = Some(Arc::new(segments));
    let analysis = finish(analysis, snapshot, &facts, (started, parsed), item_only);
    (analysis, Some(facts))
}

/// Runs the rules over the facts and converts the diagnostics.
fn finish(
    mut analysis: Analysis,
    snapshot: &Snapshot,
    facts: &FileFacts,
    (started, parsed): (Instant, Instant),
    item_only: bool,
) -> Analysis {
    let text = snapshot.text.as_str();
    let extracted = Instant::now();
    let excluded = snapshot
        .path
        .as_deref()
        .is_some_and(|p| analysis.settings.is_excluded(p));
    if !excluded {
        analysis.diagnostics =
            lint::check_facts(analysis.language, text, facts, &analysis.settings);
    }
    let checked = Instant::now();
    let pos = analysis.positions();
    let style = RelatedStyle {
        supported: analysis.related_supported,
        uri: snapshot.uri.as_ref(),
        path: snapshot.key.as_deref(),
        roots: &analysis.roots,
    };
    analysis.lsp = analysis
        .diagnostics
        .iter()
        .map(|d| convert::diagnostic(d, snapshot.version, pos, style))
        .collect();
    debug!(
        version = snapshot.version,
        item_only,
        incremental = snapshot.tree.is_some(),
        parse_us = (parsed - started).as_micros() as u64,
        extract_us = (extracted - parsed).as_micros() as u64,
        rules_us = (checked - extracted).as_micros() as u64,
        convert_us = checked.elapsed().as_micros() as u64,
        diagnostics = analysis.lsp.len(),
        "analysed"
    );
    analysis.mentions = mentions(facts);
    analysis.built = facts
        .responses
        .iter()
        .filter(|r| !r.related.is_empty())
        .map(|r| (r.status.span, r.describe(), r.related.clone()))
        .collect();
    analysis
}
