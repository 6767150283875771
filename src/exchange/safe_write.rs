//! The one way every file is written: whole or not at all.
//!
//! [`write_file`] writes into a temporary file created exclusively beside the
//! target (`O_CREAT | O_EXCL`, so a planted link at the temporary name is
//! never followed), flushes it to disk, and renames it over the target. A
//! reader, or a process killed at any moment, sees either the previous file
//! or the complete new one, never a part. A temporary file left by a killed
//! writer is removed the next time the same target is written.
//!
//! The temporary name is `.NAME.PID.RANDOM.part` in the target's folder: the
//! process id tells the next writer whether the file belongs to a process
//! that is still running.

use std::ffi::OsString;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Ending of every temporary file of this module.
const PART_SUFFIX: &str = ".part";

/// Leftovers whose process cannot be told alive or dead are removed once
/// they are this old.
const STALE_AFTER_SECS: u64 = 3_600;

/// Writes `path` through `write`, atomically: the target is replaced only
/// when `write` succeeded and the data is on disk; on any failure the
/// temporary file is removed and the target is as it was.
pub fn write_file<E>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<(), E>
where
    E: From<io::Error>,
{
    let dir = folder_of(path);
    let name = file_name(path)?;
    remove_leftovers(&dir, &name);
    let mut prefix = OsString::from(".");
    prefix.push(&name);
    prefix.push(format!(".{}.", std::process::id()));
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(PART_SUFFIX).rand_bytes(8);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Like any new file: readable by others as the umask allows
        // (the temporary file's own default is owner-only).
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let temp = builder.tempfile_in(&dir)?;
    let mut out = BufWriter::new(temp);
    write(&mut out)?;
    let temp = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    temp.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(path)
        && meta.is_file()
    {
        // Keep the permissions a replaced file had.
        let _ = temp.as_file().set_permissions(meta.permissions());
    }
    temp.persist(path).map_err(|e| e.error)?;
    sync_folder(&dir);
    Ok(())
}

/// [`write_file`] of a byte slice.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_file(path, |w| w.write_all(bytes))
}

/// Copies `from` to `to` through [`write_file`], so a backup is whole too.
/// Nothing happens when `from` does not exist.
pub fn copy_whole(from: &Path, to: &Path) -> io::Result<()> {
    let mut source = match std::fs::File::open(from) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    write_file(to, |w| io::copy(&mut source, w).map(drop))
}

/// The folder a path is in (the current one for a bare name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn file_name(path: &Path) -> io::Result<OsString> {
    path.file_name().map(OsString::from).ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("not a file name: {}", path.display()),
        )
    })
}

/// Removes temporary files of `name` in `dir` left by writers that are gone,
/// and the `NAME.part` / `NAME.tmp` files older versions wrote beside it.
/// Failures are ignored: a leftover is untidy, not harmful.
pub fn remove_leftovers(dir: &Path, name: &std::ffi::OsStr) {
    let name = name.to_string_lossy();
    let mut old_names = vec![format!("{name}.part")];
    if name.ends_with(".ron") {
        // Scenario and roster saves wrote `NAME.ron.tmp`.
        old_names.push(format!("{name}.tmp"));
    }
    for old in old_names {
        let p = dir.join(old);
        if std::fs::symlink_metadata(&p).is_ok_and(|m| m.is_file()) {
            let _ = std::fs::remove_file(p);
        }
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let own = format!(".{name}.");
    for entry in entries.flatten() {
        let file = entry.file_name();
        let file = file.to_string_lossy();
        let Some(rest) = file
            .strip_prefix(&own)
            .and_then(|r| r.strip_suffix(PART_SUFFIX))
        else {
            continue;
        };
        // rest = PID.RANDOM
        let Some(pid) = rest.split('.').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if writer_gone(pid, &entry) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether the process that created a temporary file is gone.
fn writer_gone(pid: u32, entry: &std::fs::DirEntry) -> bool {
    if pid == std::process::id() {
        // One of this process's own writes may be in progress (an autosave
        // thread): only an old one is a leftover.
        return older_than(entry, STALE_AFTER_SECS);
    }
    if cfg!(target_os = "linux") && Path::new("/proc/self").exists() {
        return !Path::new(&format!("/proc/{pid}")).exists();
    }
    older_than(entry, STALE_AFTER_SECS)
}

fn older_than(entry: &std::fs::DirEntry, secs: u64) -> bool {
    entry
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age.as_secs() >= secs)
}

/// Makes the rename itself durable (Unix; elsewhere the rename is enough).
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// A file name made from a plan's or a person's name, as a save dialog
/// proposes it: characters no file name may hold on Windows or Linux
/// (`/ \ : * ? " < > |` and control characters) become `-`, runs of them
/// and of spaces around them are one `-`, and leading or trailing dots and
/// spaces go (Windows drops them). An empty result is `plan`.
#[must_use]
pub fn file_name_from(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_dash = false;
    for c in name.chars() {
        let bad =
            c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|');
        if bad {
            pending_dash = true;
            continue;
        }
        if pending_dash {
            let trimmed = out.trim_end().len();
            out.truncate(trimmed);
            if !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            if c == ' ' {
                continue;
            }
        }
        if c == ' ' && out.ends_with('-') {
            continue;
        }
        out.push(c);
    }
    let out = out.trim_matches(|c: char| c == '.' || c == ' ' || c == '-');
    if out.is_empty() {
        "plan".to_string()
    } else {
        out.to_string()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn file_names_from_plan_names_hold_no_separator() {
        assert_eq!(
            file_name_from("一个典型农村县 / a typical rural county"),
            "一个典型农村县-a typical rural county"
        );
        assert_eq!(file_name_from("a:b*c?"), "a-b-c");
        assert_eq!(file_name_from(" ..plan.. "), "plan");
        assert_eq!(file_name_from("///"), "plan");
        assert_eq!(file_name_from("县\\乡\n镇"), "县-乡-镇");
    }

    fn parts(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".part") || n.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn a_write_replaces_the_file_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        write_bytes(&target, b"old").unwrap();
        write_bytes(&target, b"new").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        assert!(parts(dir.path()).is_empty());
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        write_bytes(&target, b"old").unwrap();
        let r: io::Result<()> = write_file(&target, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("stopped"))
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read(&target).unwrap(), b"old");
        assert!(parts(dir.path()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_link_at_the_old_temporary_names_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, b"precious").unwrap();
        let target = dir.path().join("out.json");
        for name in ["out.json.part", "out.json.tmp"] {
            std::os::unix::fs::symlink(&victim, dir.path().join(name)).unwrap();
        }
        write_bytes(&target, b"{}").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
        assert_eq!(std::fs::read(&target).unwrap(), b"{}");
    }

    #[test]
    fn leftovers_of_a_dead_writer_are_removed_by_the_next_write() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("roster.ron");
        // A process id that cannot be running (above the Linux maximum).
        let dead = dir.path().join(".roster.ron.4294967294.abcdefgh.part");
        std::fs::write(&dead, b"torn").unwrap();
        std::fs::write(dir.path().join("roster.ron.tmp"), b"old style").unwrap();
        let other = dir.path().join(".other.ron.4294967294.abcdefgh.part");
        std::fs::write(&other, b"not ours").unwrap();
        write_bytes(&target, b"whole").unwrap();
        if cfg!(target_os = "linux") {
            assert!(!dead.exists());
        }
        assert!(!dir.path().join("roster.ron.tmp").exists());
        assert!(other.exists(), "another target's file is left alone");
    }

    #[test]
    fn a_backup_copy_is_whole_and_missing_sources_are_fine() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.ron");
        let b = dir.path().join("a.ron.bak");
        copy_whole(&a, &b).unwrap();
        assert!(!b.exists());
        std::fs::write(&a, b"data").unwrap();
        copy_whole(&a, &b).unwrap();
        assert_eq!(std::fs::read(&b).unwrap(), b"data");
    }
}
