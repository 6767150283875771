//! Where the app gets file names from: native dialogs on the desktop, a
//! queue of prepared answers in tests and scripts (so Open, Save As, the
//! imports and the exports can be exercised without a window system). Plans
//! and rosters ask through the same interface.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

/// Asks the user for files.
pub trait FileDialogs {
    /// A file to open, starting in `dir`, offering files ending in one of
    /// `exts` (shown as `filter_name`); `None` when cancelled.
    fn open_file(&mut self, dir: &Path, filter_name: &str, exts: &[&str]) -> Option<PathBuf>;

    /// A file to write, starting in `dir` with `file_name` proposed, offering
    /// files ending in `.{ext}` (shown as `filter_name`); `None` when cancelled.
    fn save_file(
        &mut self,
        dir: &Path,
        file_name: &str,
        filter_name: &str,
        ext: &str,
    ) -> Option<PathBuf>;
}

/// The operating system's file dialogs.
#[derive(Debug, Default, Clone, Copy)]
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn open_file(&mut self, dir: &Path, filter_name: &str, exts: &[&str]) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter(filter_name, exts)
            .set_directory(dir)
            .pick_file()
    }

    fn save_file(
        &mut self,
        dir: &Path,
        file_name: &str,
        filter_name: &str,
        ext: &str,
    ) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter(filter_name, &[ext])
            .set_directory(dir)
            .set_file_name(file_name)
            .save_file()
    }
}

/// Answers prepared in advance, used in order; an empty queue answers
/// "cancelled".
#[derive(Debug, Default, Clone)]
pub struct ScriptedDialogs {
    /// The answers still to give, first first.
    pub answers: VecDeque<Option<PathBuf>>,
}

impl ScriptedDialogs {
    /// Dialogs that answer with these paths, in order.
    #[must_use]
    pub fn new(answers: impl IntoIterator<Item = PathBuf>) -> Self {
        Self {
            answers: answers.into_iter().map(Some).collect(),
        }
    }

    fn next(&mut self) -> Option<PathBuf> {
        self.answers.pop_front().flatten()
    }
}

impl FileDialogs for ScriptedDialogs {
    fn open_file(&mut self, _dir: &Path, _filter_name: &str, _exts: &[&str]) -> Option<PathBuf> {
        self.next()
    }

    fn save_file(
        &mut self,
        _dir: &Path,
        _file_name: &str,
        _filter_name: &str,
        _ext: &str,
    ) -> Option<PathBuf> {
        self.next()
    }
}
