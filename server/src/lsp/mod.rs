//! The language server: `statuslint lsp` speaks LSP over stdio.
//!
//! - `server`: the `LanguageServer` implementation, document sync and analysis scheduling.
//! - `document`: one open document (text, line index, version, the tree for incremental parsing).
//! - `analysis`: parse + extract + rules for one snapshot, converted to LSP diagnostics.
//! - `convert`: engine values -> LSP values (positions via `text::LineIndex` only).
//! - `actions`, `hover`, `settings`: code actions, hover and inlay hints, editor settings.
//! - `transport`: framing filter that keeps one malformed message from stopping the server.
//!
//! Only this module knows LSP types. Logs go to stderr (stdout carries the protocol).

mod actions;
mod analysis;
mod convert;
mod document;
mod hover;
mod server;
mod settings;
mod transport;
mod workspace;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tower_lsp_server::{LspService, Server};

/// Runs the server on stdin/stdout until `exit` (or until stdin closes, or the editor process dies).
/// Ends the process: exit code 0 after `shutdown` then `exit`, 1 otherwise (LSP's rule).
pub fn run() -> anyhow::Result<()> {
    init_logging();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let shutdown_requested = Arc::new(AtomicBool::new(false));
    let flag = shutdown_requested.clone();
    let worker = analysis::Worker::start()?;
    runtime.block_on(async move {
        let (service, socket) =
            LspService::build(move |client| server::Server::new(client, flag, worker))
                .custom_method("statuslint/documentText", server::Server::document_text)
                .custom_method(
                    transport::MALFORMED_METHOD,
                    server::Server::malformed_message,
                )
                .finish();
        // The crate stops reading at the first undecodable message; the filter keeps it fed.
        let (reader, writer) = tokio::io::duplex(256 * 1024);
        tokio::spawn(transport::pump(tokio::io::stdin(), writer));
        Server::new(reader, tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
    let code = if shutdown_requested.load(Ordering::SeqCst) {
        0
    } else {
        1
    };
    tracing::info!("exiting with code {code}");
    // A blocking thread may still sit in a read on stdin (the client can keep it open after `exit`);
    // waiting for the runtime to drop would wait for that read, so end the process here.
    std::process::exit(code)
}

/// Logs to stderr, filtered by `STATUSLINT_LOG` or else `RUST_LOG` (default: warnings).
fn init_logging() {
    let filter = std::env::var("STATUSLINT_LOG")
        .or_else(|_| std::env::var("RUST_LOG"))
        .unwrap_or_else(|_| "warn".to_string());
    let filter = tracing_subscriber::EnvFilter::try_new(&filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}
