//! statuslint: finds HTTP-semantics mistakes (RFC 9110) in web handler code.
//!
//! Layers (see ARCHITECTURE.md): `extract` (syntax -> `model` facts) -> `rules` (facts -> findings)
//! -> `lint` (the engine: findings -> diagnostics with rendered fixes) -> `cli` and `lsp` (the edges).

pub mod cli;
pub mod config;
pub mod extract;
pub mod index;
pub mod lint;
pub mod lsp;
pub mod model;
pub mod rules;
pub mod status;
pub mod suppress;
pub mod text;
