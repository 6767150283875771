//! Where the app gets file names from: native dialogs on the desktop, a
//! queue of prepared answers in tests and scripts (so Open, Save As, the
//! imports and the exports can be exercised without a window system). Plans
//! and rosters ask through the same interface.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

/// Asks the user for files.
///
/// A dialog may answer at once (the scripted answers of tests) or later
/// (the native dialogs, which run on their own thread so that the window
/// keeps drawing while one is open). A later answer is given by the same
/// call made again: the app replays the command that asked once
/// [`FileDialogs::poll`] says the dialog has closed, and the call then
/// returns the answer (see `TalentApp::apply_confirmed`).
pub trait FileDialogs {
    /// A file to open, starting in `dir`, offering files ending in one of
    /// `exts` (shown as `filter_name`); `None` when cancelled, or while the
    /// dialog is still open ([`FileDialogs::waiting`]).
    fn open_file(&mut self, dir: &Path, filter_name: &str, exts: &[&str]) -> Option<PathBuf>;

    /// A file to write, starting in `dir` with `file_name` proposed, offering
    /// files ending in `.{ext}` (shown as `filter_name`); `None` when
    /// cancelled, or while the dialog is still open.
    fn save_file(
        &mut self,
        dir: &Path,
        file_name: &str,
        filter_name: &str,
        ext: &str,
    ) -> Option<PathBuf>;

    /// True while a dialog is open (its answer is not in yet).
    fn waiting(&self) -> bool {
        false
    }

    /// Once, when an open dialog has closed: its answer is kept for the
    /// next call, which the caller makes by replaying the command that
    /// asked. `None` while nothing has closed.
    fn poll(&mut self) -> Option<()> {
        None
    }

    /// Drops an answer the replayed command did not take.
    fn forget(&mut self) {}
}

/// What a dialog asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// A file to open.
    Open {
        /// Folder to start in.
        dir: PathBuf,
        /// Name of the filter.
        filter_name: String,
        /// File endings offered.
        exts: Vec<String>,
    },
    /// A file to write.
    Save {
        /// Folder to start in.
        dir: PathBuf,
        /// Name proposed.
        file_name: String,
        /// Name of the filter.
        filter_name: String,
        /// File ending offered.
        ext: String,
    },
}

/// Shows a dialog and waits for its answer (runs on the dialog's thread).
type Picker = dyn Fn(Request) -> Option<PathBuf> + Send + Sync;

/// The operating system's file dialogs, each on its own thread so that the
/// window keeps drawing while it is open. One dialog at a time: a request
/// while one is open is answered "cancelled".
pub struct NativeDialogs {
    picker: std::sync::Arc<Picker>,
    /// The open dialog's answer, when it comes.
    pending: Option<std::sync::mpsc::Receiver<Option<PathBuf>>>,
    /// A closed dialog's answer, for the replayed call.
    ready: Option<Option<PathBuf>>,
}

impl std::fmt::Debug for NativeDialogs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NativeDialogs")
            .field("waiting", &self.pending.is_some())
            .field("ready", &self.ready)
            .finish_non_exhaustive()
    }
}

impl Default for NativeDialogs {
    fn default() -> Self {
        Self::with_picker(native_picker)
    }
}

/// The operating system's dialog for a request (blocks until it closes).
fn native_picker(request: Request) -> Option<PathBuf> {
    match request {
        Request::Open {
            dir,
            filter_name,
            exts,
        } => rfd::FileDialog::new()
            .add_filter(&filter_name, &exts)
            .set_directory(dir)
            .pick_file(),
        Request::Save {
            dir,
            file_name,
            filter_name,
            ext,
        } => rfd::FileDialog::new()
            .add_filter(&filter_name, &[ext])
            .set_directory(dir)
            .set_file_name(file_name)
            .save_file(),
    }
}

impl NativeDialogs {
    /// Dialogs shown by `picker` on their own thread (the native ones by
    /// default; tests give a picker of their own).
    pub fn with_picker(
        picker: impl Fn(Request) -> Option<PathBuf> + Send + Sync + 'static,
    ) -> Self {
        Self {
            picker: std::sync::Arc::new(picker),
            pending: None,
            ready: None,
        }
    }

    /// The answer of a closed dialog, or a new dialog for `request`.
    fn ask(&mut self, request: Request) -> Option<PathBuf> {
        if let Some(answer) = self.ready.take() {
            return answer;
        }
        if self.pending.is_some() {
            return None;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let picker = std::sync::Arc::clone(&self.picker);
        let spawned = std::thread::Builder::new()
            .name("file-dialog".into())
            .spawn(move || {
                // The app may have quit meanwhile; nobody then reads the answer.
                let _ = tx.send(picker(request));
            });
        // Without a thread the dialog is not shown: as if cancelled.
        if spawned.is_ok() {
            self.pending = Some(rx);
        }
        None
    }
}

impl FileDialogs for NativeDialogs {
    fn open_file(&mut self, dir: &Path, filter_name: &str, exts: &[&str]) -> Option<PathBuf> {
        self.ask(Request::Open {
            dir: dir.to_path_buf(),
            filter_name: filter_name.to_string(),
            exts: exts.iter().map(|e| (*e).to_string()).collect(),
        })
    }

    fn save_file(
        &mut self,
        dir: &Path,
        file_name: &str,
        filter_name: &str,
        ext: &str,
    ) -> Option<PathBuf> {
        self.ask(Request::Save {
            dir: dir.to_path_buf(),
            file_name: file_name.to_string(),
            filter_name: filter_name.to_string(),
            ext: ext.to_string(),
        })
    }

    fn waiting(&self) -> bool {
        self.pending.is_some()
    }

    fn poll(&mut self) -> Option<()> {
        let answer = match self.pending.as_ref()?.try_recv() {
            Ok(answer) => answer,
            Err(std::sync::mpsc::TryRecvError::Empty) => return None,
            // The dialog's thread ended without an answer: cancelled.
            Err(std::sync::mpsc::TryRecvError::Disconnected) => None,
        };
        self.pending = None;
        self.ready = Some(answer);
        Some(())
    }

    fn forget(&mut self) {
        self.ready = None;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_native_dialog_answers_the_replayed_call_and_one_is_open_at_a_time() {
        let (go, wait) = std::sync::mpsc::channel::<()>();
        let wait = std::sync::Mutex::new(wait);
        let mut d = NativeDialogs::with_picker(move |r| {
            let _ = wait.lock().map(|w| w.recv());
            match r {
                Request::Save { file_name, .. } => Some(PathBuf::from(file_name)),
                Request::Open { .. } => None,
            }
        });
        assert_eq!(d.save_file(Path::new("."), "plan.ron", "RON", "ron"), None);
        assert!(d.waiting());
        // A second request while the first is open is not shown.
        assert_eq!(d.open_file(Path::new("."), "RON", &["ron"]), None);
        assert_eq!(d.poll(), None);
        go.send(()).unwrap();
        while d.poll().is_none() {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        assert!(!d.waiting());
        // The replayed call takes the answer, once.
        assert_eq!(
            d.save_file(Path::new("."), "plan.ron", "RON", "ron"),
            Some(PathBuf::from("plan.ron"))
        );
        assert_eq!(d.poll(), None);
        // A cancelled dialog answers None to its replayed call.
        assert_eq!(d.open_file(Path::new("."), "RON", &["ron"]), None);
        go.send(()).unwrap();
        while d.poll().is_none() {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        assert_eq!(d.open_file(Path::new("."), "RON", &["ron"]), None);
        assert!(!d.waiting());
        d.forget();
    }
}
