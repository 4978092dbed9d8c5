//! Python packages: not resolved across files yet, so every file is read on its own.

use std::path::Path;

use crate::extract::Module;

/// A file's place in its package: none yet (each file is its own namespace).
pub(crate) fn module_of(_root: &Path, _path: &Path) -> Option<Module> {
    None
}
