//! The project root, and the paths a campaign file may name inside it (DESIGN §12).
//!
//! A campaign file may come from a stranger's pull request, so the files it names are
//! confined: they resolve inside the project root — the nearest folder above the
//! campaign file that holds `.git` or `kpi.yaml`, or the folder given with `--root`.
//! Absolute paths, `~`, URLs, Windows-style paths, `..` that climbs out of the root,
//! symlinks whose target leaves it, hidden files and folders (`.git/config` holds the
//! CI checkout's token), names that are not `.csv`, `.tsv` or `.txt`, and anything that
//! is not a regular file (folders, FIFOs, devices, sockets, `/proc`) are refused before
//! a byte is read.
//!
//! Resolution follows the path one component at a time from a folder inside the root,
//! reading each symlink itself, so nothing outside the root is ever looked at: a
//! refusal says the same thing whether or not the outside file exists. Paths given on
//! the command line are the user's own and do not come through here.
//!
//! Not covered: a second process that swaps a checked folder for a symlink while `kpi`
//! runs. In CI the files under review are fixed before `kpi` starts.

use std::collections::VecDeque;
use std::ffi::OsString;
use std::fmt;
use std::fs::{File, Metadata};
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// Files that mark a project root.
pub const MARKERS: [&str; 2] = [".git", "kpi.yaml"];

/// Symlinks followed while resolving one path, at most (as Linux's `ELOOP` limit).
const MAX_LINKS: usize = 40;

/// Folders whose files are never data, whatever the root.
const SYSTEM: [&str; 3] = ["/proc", "/sys", "/dev"];

/// What made a folder the project root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `--root DIR`.
    Flag,
    /// The nearest folder holding `.git` or `kpi.yaml`.
    Marker(&'static str),
    /// No marker above the campaign file: its own folder.
    CampaignFolder,
}

/// The folder that every path named in a campaign file must stay inside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Root {
    /// The folder, canonical (absolute, no symlinks).
    dir: PathBuf,
    /// Why it is the root.
    origin: Origin,
}

/// Why a path named in a campaign file was not opened.
#[derive(Debug)]
pub enum Refusal {
    /// The path is empty.
    Empty,
    /// It holds a NUL character.
    Nul,
    /// It is absolute.
    Absolute,
    /// It starts with `~`.
    Home,
    /// It is a URL (`file://…`).
    Url,
    /// It is written with `\` or a drive letter.
    Windows,
    /// Its `..` climb out of the root.
    Escapes,
    /// A symlink on the way leads out of the root.
    LinkOutside,
    /// Too many symlinks (a loop).
    Loop,
    /// It names something that is not a regular file: a folder, a FIFO, a device …
    NotAFile(&'static str),
    /// It is under `/proc`, `/sys` or `/dev`.
    System,
    /// It goes through a hidden file or folder (`.git`, `.env` …).
    Hidden,
    /// It is not a `.csv`, `.tsv` or `.txt` file.
    NotData,
    /// It is larger than this many bytes.
    TooLarge(u64),
    /// The campaign file itself is outside the root given with `--root`.
    CampaignOutside,
    /// It does not exist or cannot be looked at.
    Io(std::io::Error),
}

impl Refusal {
    /// Whether the path was refused for where it leads (out of the root), as opposed to
    /// what it names (a FIFO, a hidden file, a file that is not data).
    pub fn is_about_place(&self) -> bool {
        matches!(
            self,
            Refusal::Absolute
                | Refusal::Home
                | Refusal::Url
                | Refusal::Windows
                | Refusal::Escapes
                | Refusal::LinkOutside
                | Refusal::CampaignOutside
        )
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Refusal::Empty => "is empty",
            Refusal::Nul => "holds a NUL character",
            Refusal::Absolute => "is an absolute path",
            Refusal::Home => "starts with `~`, which kpi does not expand",
            Refusal::Url => "is a URL, not a path",
            Refusal::Windows => {
                "is written Windows-style (with `\\` or a drive letter), not with `/`"
            }
            Refusal::Escapes => "climbs out of the project root with `..`",
            Refusal::LinkOutside => "goes through a symlink that leads out of the project root",
            Refusal::Loop => "goes through too many symlinks (a symlink loop)",
            Refusal::NotAFile(kind) => return write!(f, "is {kind}, not a regular file"),
            Refusal::System => "is a system file, not an export",
            Refusal::Hidden => {
                "goes through a hidden file or folder (such as `.git`, which holds the checkout's credentials)"
            }
            Refusal::NotData => "is not a .csv, .tsv or .txt file",
            Refusal::TooLarge(max) => return write!(f, "is larger than {max} bytes"),
            Refusal::CampaignOutside => "is outside the project root given with --root",
            Refusal::Io(e) => return f.write_str(&crate::error::describe_io(e)),
        })
    }
}

impl Root {
    /// The root given on the command line (`--root DIR`).
    pub fn given(dir: &Path) -> Result<Root> {
        let canonical = dir.canonicalize().map_err(|error| Error::Usage {
            message: format!(
                "--root {}: {}",
                crate::text::path(dir),
                crate::error::describe_io(&error)
            ),
        })?;
        if !canonical.is_dir() {
            return Err(Error::Usage {
                message: format!("--root {} is not a folder", crate::text::path(dir)),
            });
        }
        Ok(Root {
            dir: canonical,
            origin: Origin::Flag,
        })
    }

    /// The root for a campaign file (or a folder of them): `flag` when given, else the
    /// nearest folder at or above the one that holds `path` with a [`MARKERS`] entry,
    /// else that folder itself.
    pub fn for_path(path: &Path, flag: Option<&Path>) -> Result<Root> {
        if let Some(dir) = flag {
            return Root::given(dir);
        }
        let folder = if path.is_dir() {
            path
        } else {
            path.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
        };
        let start = folder.canonicalize().map_err(|error| Error::Io {
            path: folder.to_path_buf(),
            error,
        })?;
        for dir in start.ancestors() {
            for marker in MARKERS {
                if std::fs::symlink_metadata(dir.join(marker)).is_ok() {
                    return Ok(Root {
                        dir: dir.to_path_buf(),
                        origin: Origin::Marker(marker),
                    });
                }
            }
        }
        Ok(Root {
            dir: start,
            origin: Origin::CampaignFolder,
        })
    }

    /// The root folder (canonical).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Why this folder is the root.
    pub fn origin(&self) -> Origin {
        self.origin
    }

    /// The regular file that `written` names, relative to the folder `base`, confined
    /// to the root; nothing outside the root is looked at.
    pub fn resolve(&self, base: &Path, written: &str) -> Result<PathBuf, Refusal> {
        check_spelling(written)?;
        let start = self.inside(base)?;
        self.check_climb(&start, Path::new(written))?;
        let (path, metadata) = self.follow(start, Path::new(written))?;
        if SYSTEM.iter().any(|s| path.starts_with(s)) {
            return Err(Refusal::System);
        }
        if let Some(kind) = file_kind(&metadata) {
            return Err(Refusal::NotAFile(kind));
        }
        if !is_data_name(Path::new(written)) || !is_data_name(&path) {
            return Err(Refusal::NotData);
        }
        Ok(path)
    }

    /// [`Root::resolve`], then the file opened without following a symlink or waiting
    /// on a FIFO, and checked to be the file that was resolved.
    pub fn open(&self, base: &Path, written: &str) -> Result<(PathBuf, File), Refusal> {
        let path = self.resolve(base, written)?;
        let file = open_no_follow(&path).map_err(Refusal::Io)?;
        let metadata = file.metadata().map_err(Refusal::Io)?;
        if let Some(kind) = file_kind(&metadata) {
            return Err(Refusal::NotAFile(kind));
        }
        Ok((path, file))
    }

    /// What the entry `name` of `folder` (canonical, inside the root) is, following
    /// symlinks without leaving the root or looking at anything outside it: its resolved
    /// path and metadata.
    pub fn locate(
        &self,
        folder: &Path,
        name: &std::ffi::OsStr,
    ) -> Result<(PathBuf, Metadata), Refusal> {
        if !folder.starts_with(&self.dir) {
            return Err(Refusal::CampaignOutside);
        }
        self.follow(folder.to_path_buf(), Path::new(name))
    }

    /// Refuses a path whose `..` climb above the root as written, before any of its
    /// folders is looked at (a missing folder would otherwise hide the reason).
    fn check_climb(&self, start: &Path, written: &Path) -> Result<(), Refusal> {
        let mut depth = start
            .strip_prefix(&self.dir)
            .map_or(0, |r| r.components().count());
        for component in written.components() {
            match component {
                Component::ParentDir if depth == 0 => return Err(Refusal::Escapes),
                Component::ParentDir => depth -= 1,
                Component::Normal(_) => depth += 1,
                _ => {}
            }
        }
        Ok(())
    }

    /// The bytes of the file `name` in `folder` (canonical, inside the root), resolved
    /// as [`Root::locate`] does, when it is a regular file of at most `max` bytes;
    /// `None` when there is no such entry. For configuration such as `kpi.yaml`.
    pub fn read_small(
        &self,
        folder: &Path,
        name: &str,
        max: u64,
    ) -> Result<Option<Vec<u8>>, Refusal> {
        let (path, metadata) = match self.locate(folder, std::ffi::OsStr::new(name)) {
            Err(Refusal::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(refusal) => return Err(refusal),
            Ok(found) => found,
        };
        if let Some(kind) = file_kind(&metadata) {
            return Err(Refusal::NotAFile(kind));
        }
        if SYSTEM.iter().any(|s| path.starts_with(s)) {
            return Err(Refusal::System);
        }
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(
            &mut std::io::Read::take(open_no_follow(&path).map_err(Refusal::Io)?, max + 1),
            &mut bytes,
        )
        .map_err(Refusal::Io)?;
        if bytes.len() as u64 > max {
            return Err(Refusal::TooLarge(max));
        }
        Ok(Some(bytes))
    }

    /// `base` as a canonical folder inside the root.
    fn inside(&self, base: &Path) -> Result<PathBuf, Refusal> {
        let base = if base.as_os_str().is_empty() {
            Path::new(".")
        } else {
            base
        };
        let canonical = base.canonicalize().map_err(Refusal::Io)?;
        if canonical.starts_with(&self.dir) {
            Ok(canonical)
        } else {
            Err(Refusal::CampaignOutside)
        }
    }

    /// Walks `relative` from `start` (canonical, inside the root) one component at a
    /// time, reading symlinks as it meets them and never leaving the root.
    fn follow(&self, start: PathBuf, relative: &Path) -> Result<(PathBuf, Metadata), Refusal> {
        self.follow_with(start, relative, false)
    }

    /// [`Root::follow`]; with `typed`, the hidden folders that `relative` itself names
    /// are allowed (the user typed them) — those a symlink leads to never are.
    fn follow_with(
        &self,
        start: PathBuf,
        relative: &Path,
        typed: bool,
    ) -> Result<(PathBuf, Metadata), Refusal> {
        let mut current = start;
        let mut pending: VecDeque<OsString> = parts(relative)?;
        // Components that came from `relative` itself, not from a link.
        let mut own = if typed { pending.len() } else { 0 };
        let mut links = 0;
        let mut metadata = std::fs::symlink_metadata(&current).map_err(Refusal::Io)?;
        while let Some(part) = pending.pop_front() {
            let typed_here = own > 0;
            own = own.saturating_sub(1);
            if part == ".." {
                if current == self.dir {
                    // After a symlink, it is the link that leads out.
                    return Err(if links > 0 {
                        Refusal::LinkOutside
                    } else {
                        Refusal::Escapes
                    });
                }
                current.pop();
                metadata = std::fs::symlink_metadata(&current).map_err(Refusal::Io)?;
                continue;
            }
            if !metadata.is_dir() {
                return Err(Refusal::Io(std::io::Error::from(
                    std::io::ErrorKind::NotFound,
                )));
            }
            // Hidden files and folders hold what no export should: `.git/config` has the
            // CI checkout's token, `.env` a project's secrets.
            if part.to_string_lossy().starts_with('.') && !typed_here {
                return Err(Refusal::Hidden);
            }
            let next = current.join(&part);
            let meta = std::fs::symlink_metadata(&next).map_err(Refusal::Io)?;
            if !meta.file_type().is_symlink() {
                current = next;
                metadata = meta;
                continue;
            }
            links += 1;
            if links > MAX_LINKS {
                return Err(Refusal::Loop);
            }
            let target = std::fs::read_link(&next).map_err(Refusal::Io)?;
            let mut ahead = if target.is_absolute() {
                // Only a target spelled inside the root is followed, from the root.
                let inside = target
                    .strip_prefix(&self.dir)
                    .map_err(|_| Refusal::LinkOutside)?;
                current = self.dir.clone();
                metadata = std::fs::symlink_metadata(&current).map_err(Refusal::Io)?;
                parts(inside).map_err(|_| Refusal::LinkOutside)?
            } else {
                parts(&target).map_err(|_| Refusal::LinkOutside)?
            };
            // What the link leads to is the link's, not the user's.
            own = 0;
            ahead.extend(pending);
            pending = ahead;
        }
        Ok((current, metadata))
    }
}

/// Checks a path named on the command line (a campaign file or a folder of them)
/// against the project it is in, before anything is read through it.
///
/// The path is the user's, but below the working folder the files are the project's —
/// in CI, a stranger's pull request: `campaigns/spring.yaml` may be a committed
/// symlink to `/proc/self/environ`, `campaigns/` a symlink to a folder elsewhere. So the
/// part of a relative path after its leading `..` is followed one component at a time
/// inside the root found from where it starts (or `--root`), as named paths are; hidden
/// folders the user typed are allowed. An absolute path is taken as it is.
pub fn check_command_line(path: &Path, flag: Option<&Path>) -> Result<(), (Root, Refusal)> {
    if path.is_absolute() {
        return Ok(());
    }
    let mut lead = PathBuf::from(".");
    let mut rest = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir | Component::CurDir if rest.as_os_str().is_empty() => {
                lead.push(component);
            }
            other => rest.push(other),
        }
    }
    let Ok(start) = lead.canonicalize() else {
        return Ok(());
    };
    let Ok(root) = Root::for_path(&start, flag) else {
        return Ok(());
    };
    if !start.starts_with(&root.dir) {
        return Err((root, Refusal::CampaignOutside));
    }
    match root.follow_with(start, &rest, true) {
        // Missing files and the like are the loader's to report.
        Ok(_) | Err(Refusal::Io(_)) => Ok(()),
        Err(refusal) => Err((root, refusal)),
    }
}

impl fmt::Display for Root {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::text::path(&self.dir))
    }
}

/// The path's components as names and `..`; `.` dropped; anything rooted refused.
fn parts(path: &Path) -> Result<VecDeque<OsString>, Refusal> {
    let mut out = VecDeque::new();
    for component in path.components() {
        match component {
            Component::Normal(name) => out.push_back(name.to_os_string()),
            Component::ParentDir => out.push_back(OsString::from("..")),
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return Err(Refusal::Absolute),
        }
    }
    Ok(out)
}

/// File names a campaign file may name: data, as exports are (`.csv`, `.tsv`, `.txt`).
pub const DATA_EXTENSIONS: [&str; 3] = ["csv", "tsv", "txt"];

/// Whether the file name ends in one of [`DATA_EXTENSIONS`], in any case.
fn is_data_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| DATA_EXTENSIONS.iter().any(|d| e.eq_ignore_ascii_case(d)))
}

/// Refusals decided from the text alone, before the file system is asked anything.
fn check_spelling(written: &str) -> Result<(), Refusal> {
    let trimmed = written.trim();
    let drive = {
        let b = trimmed.as_bytes();
        b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':'
    };
    if trimmed.is_empty() {
        Err(Refusal::Empty)
    } else if written.contains('\0') {
        Err(Refusal::Nul)
    } else if trimmed.contains("://") || trimmed.to_ascii_lowercase().starts_with("file:") {
        Err(Refusal::Url)
    } else if trimmed.starts_with('/') {
        Err(Refusal::Absolute)
    } else if trimmed.starts_with('~') {
        Err(Refusal::Home)
    } else if drive || trimmed.contains('\\') {
        Err(Refusal::Windows)
    } else {
        Ok(())
    }
}

/// What a file is when it is not a regular file (`Some("a folder")`, `Some("a FIFO
/// (named pipe)")` …); `None` for a regular file.
pub fn file_kind(metadata: &Metadata) -> Option<&'static str> {
    let t = metadata.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    if t.is_symlink() {
        return Some("a symlink");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
    }
    Some("something other than a file")
}

/// Opens `path` for reading; on Unix without following a final symlink and without
/// blocking on a FIFO that took its place.
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_refused_before_any_file_is_looked_at() {
        let refused = |p: &str| check_spelling(p).expect_err(p).to_string();
        assert_eq!(refused("/etc/passwd"), "is an absolute path");
        assert_eq!(
            refused("~/secret.csv"),
            "starts with `~`, which kpi does not expand"
        );
        assert_eq!(refused("file:///etc/passwd"), "is a URL, not a path");
        assert_eq!(refused("https://example.com/a.csv"), "is a URL, not a path");
        assert_eq!(
            refused("C:\\Users\\a.csv"),
            "is written Windows-style (with `\\` or a drive letter), not with `/`"
        );
        assert_eq!(
            refused("..\\..\\a.csv"),
            "is written Windows-style (with `\\` or a drive letter), not with `/`"
        );
        assert_eq!(refused("c:a.csv"), refused("C:\\a.csv"));
        assert_eq!(refused(""), "is empty");
        assert_eq!(refused("a\0b"), "holds a NUL character");
        assert!(check_spelling("exports/a.csv").is_ok());
        assert!(check_spelling("../exports/a.csv").is_ok());
    }
}
