//! The language server (placeholder).
