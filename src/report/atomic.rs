//! Writing an output file atomically: a temporary file in the same folder, flushed to
//! disk, then renamed over the target. A failure leaves the old file as it was and no
//! half-written file behind.
//!
//! Only a regular file (or a path where nothing is yet) is replaced (DESIGN §12): a
//! symlink, device, FIFO, socket or folder at the path is refused — renaming over a
//! symlink would replace the link, and a device or FIFO is not a file to replace. The
//! new file keeps the mode (and, where permitted, the owner) of the file it replaces; a
//! new file gets the usual `0666` less the umask. Ctrl-C, SIGTERM or SIGHUP during the
//! write removes the temporary file before the process ends as the signal says.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};

/// Temporary files being written, removed if a signal ends the process.
static TEMPORARY: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Replaces `path` with `bytes`, or leaves it untouched on any error.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    write_with(path, |out| out.write_all(bytes))
}

/// Replaces `path` with what `render` writes, streamed to the temporary file as it is
/// made (a large output is never held in memory whole), or leaves it untouched on any
/// error, `render`'s included.
pub fn write_with(
    path: &Path,
    render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let shown = crate::text::path(path);
    let fail = |error: std::io::Error| Error::Usage {
        message: format!(
            "cannot write {shown}: {}",
            crate::error::describe_io(&error)
        ),
    };
    let existing = match std::fs::symlink_metadata(path) {
        Ok(metadata) => Some(metadata),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(fail(e)),
    };
    if let Some(kind) = existing.as_ref().and_then(crate::project::file_kind) {
        return Err(Error::Usage {
            message: format!(
                "cannot write {shown}: it is {kind}, and -o replaces only regular files (leave out -o to write to standard output)"
            ),
        });
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    if let Some(link) = symlinked_folder(path) {
        return Err(Error::Usage {
            message: format!(
                "cannot write {shown}: its folder {} is a symlink; write to the folder itself",
                crate::text::path(&link)
            ),
        });
    }
    let (pending, file) = temporary(dir, &name, existing.as_ref()).map_err(fail)?;
    let result = (|| {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        render(&mut out)?;
        let file = out
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        file.sync_all()?;
        drop(file);
        hold_for_tests();
        std::fs::rename(&pending.path, path)
    })();
    match result {
        Ok(()) => {
            pending.renamed();
            Ok(())
        }
        Err(e) => Err(fail(e)),
    }
}

/// In debug builds, `KPI_TEST_HOLD_OUTPUT_MS` keeps the temporary file that long before
/// the rename, so tests can signal the process mid-write.
fn hold_for_tests() {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("KPI_TEST_HOLD_OUTPUT_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// The first folder of a relative `path` that is a symlink. A relative `-o` path is
/// written inside the working folder, which in CI is a checkout the pull request
/// controls: a committed `reports -> /elsewhere` must not carry the write out of it.
fn symlinked_folder(path: &Path) -> Option<PathBuf> {
    if path.is_absolute() {
        return None;
    }
    let mut folder = PathBuf::new();
    let parent = path.parent()?;
    for component in parent.components() {
        folder.push(component);
        if matches!(component, std::path::Component::Normal(_))
            && std::fs::symlink_metadata(&folder).is_ok_and(|m| m.file_type().is_symlink())
        {
            return Some(folder);
        }
    }
    None
}

/// A new temporary file beside the target: `.NAME.PID.kpi-tmp`, or with a counter when
/// that name is taken (a name planted in advance is never opened, only passed over).
fn temporary(
    dir: &Path,
    name: &str,
    replaced: Option<&std::fs::Metadata>,
) -> std::io::Result<(Pending, std::fs::File)> {
    let pid = std::process::id();
    let mut last = None;
    for attempt in 0..100 {
        let temp = if attempt == 0 {
            dir.join(format!(".{name}.{pid}.kpi-tmp"))
        } else {
            dir.join(format!(".{name}.{pid}.{attempt}.kpi-tmp"))
        };
        // Registered before it exists, so a signal right after creation still removes it.
        let pending = Pending::register(temp.clone());
        match create_new(&temp, replaced) {
            Ok(file) => return Ok((pending, file)),
            Err(e) => {
                // Not ours: whatever is at that name stays.
                pending.renamed();
                if e.kind() != std::io::ErrorKind::AlreadyExists {
                    return Err(e);
                }
                last = Some(e);
            }
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::from(std::io::ErrorKind::AlreadyExists)))
}

/// Creates the temporary file, never through a symlink, with the mode and owner of the
/// file it will replace.
fn create_new(temp: &Path, replaced: Option<&std::fs::Metadata>) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
        options.custom_flags(libc::O_NOFOLLOW);
        // Readable by nobody else until its mode is set.
        options.mode(if replaced.is_some() { 0o600 } else { 0o666 });
        let file = options.open(temp)?;
        if let Some(old) = replaced {
            // As root, keep the owner too; otherwise the file is ours, as any new file.
            let _ = std::os::unix::fs::fchown(&file, Some(old.uid()), Some(old.gid()));
            file.set_permissions(std::fs::Permissions::from_mode(old.mode() & 0o7777))?;
        }
        Ok(file)
    }
    #[cfg(not(unix))]
    {
        let file = options.open(temp)?;
        if let Some(old) = replaced {
            file.set_permissions(old.permissions())?;
        }
        Ok(file)
    }
}

/// A temporary file that is removed unless it was renamed into place, also when a
/// signal ends the process while it is being written.
struct Pending {
    path: PathBuf,
    renamed: bool,
}

impl Pending {
    fn register(path: PathBuf) -> Pending {
        on_signal_remove_temporary_files();
        if let Ok(mut list) = TEMPORARY.lock() {
            list.push(path.clone());
        }
        Pending {
            path,
            renamed: false,
        }
    }

    fn renamed(mut self) {
        self.renamed = true;
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Ok(mut list) = TEMPORARY.lock() {
            list.retain(|p| *p != self.path);
        }
        if !self.renamed {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// What runs first when a signal ends the process (`--watch` puts its output back as an
/// ordinary run would have written it).
type LastWords = Box<dyn Fn() + Send>;
static LAST_WORDS: Mutex<Option<LastWords>> = Mutex::new(None);

/// Sets what runs when Ctrl-C, SIGTERM or SIGHUP ends the process, before any temporary
/// file being written is removed; replaces what was set before.
pub fn on_signal(last_words: impl Fn() + Send + 'static) {
    on_signal_remove_temporary_files();
    if let Ok(mut slot) = LAST_WORDS.lock() {
        *slot = Some(Box::new(last_words));
    }
}

/// Installs, once, a thread that removes the temporary files on SIGINT, SIGTERM or
/// SIGHUP and then lets the signal end the process as it would have.
fn on_signal_remove_temporary_files() {
    #[cfg(unix)]
    {
        static INSTALLED: std::sync::Once = std::sync::Once::new();
        INSTALLED.call_once(|| {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            else {
                return;
            };
            std::thread::spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    if let Ok(Some(last_words)) = LAST_WORDS.lock().map(|mut s| s.take()) {
                        last_words();
                    }
                    if let Ok(list) = TEMPORARY.lock() {
                        for path in list.iter() {
                            let _ = std::fs::remove_file(path);
                        }
                    }
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                    std::process::exit(128 + signal);
                }
            });
        });
    }
}
