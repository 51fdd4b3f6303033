//! Finding campaign files: named files always count; folders are searched for `*.yaml`
//! / `*.yml` files with a top-level `campaign:` key.
//!
//! A folder may come from a stranger's pull request, so the walk stays inside the
//! project root ([`crate::project`]): a symlink that leads out of it is refused, not
//! followed; a folder already walked (a symlink loop, or two links to one folder) is
//! not walked again; anything named `*.yaml` that is not a regular file (a FIFO, a
//! device) is refused without being opened. The walk keeps its own stack, so a deep
//! tree cannot exhaust the call stack.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::project::{Refusal, Root};

/// The campaign files under some paths.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Files to lint, in order.
    pub campaigns: Vec<PathBuf>,
    /// YAML files in folders that were skipped because they have no `campaign:` key.
    pub skipped: Vec<PathBuf>,
    /// Paths that do not exist or cannot be read.
    pub unreadable: Vec<(PathBuf, std::io::Error)>,
    /// Entries of a walked folder that were not followed or opened, and why: symlinks
    /// out of the project root, `*.yaml` names that are not regular files.
    pub refused: Vec<(PathBuf, Refusal)>,
    /// Folders not walked twice and symlinks that lead nowhere, for `--verbose`.
    pub passed: Vec<(PathBuf, &'static str)>,
}

/// Files given by name are always linted; folders are searched recursively for
/// `*.yaml`/`*.yml` files with a top-level `campaign:` key, inside the project root
/// (`root`, else the one found above each folder).
pub fn discover(paths: &[PathBuf], root: Option<&Path>) -> Discovery {
    let mut found = Discovery::default();
    for path in paths {
        if let Err((_, refusal)) = crate::project::check_command_line(path, root) {
            found.refused.push((path.clone(), refusal));
            continue;
        }
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => match Root::for_path(path, root) {
                Ok(root) => walk(path, &root, &mut found),
                Err(crate::Error::Io { error, .. }) => found.unreadable.push((path.clone(), error)),
                Err(_) => found.unreadable.push((
                    path.clone(),
                    std::io::Error::other("the project root cannot be found"),
                )),
            },
            Ok(_) => found.campaigns.push(path.clone()),
            Err(e) => found.unreadable.push((path.clone(), e)),
        }
    }
    found
}

/// An entry to look at: the path as shown (under the folder the user named) and the
/// real path inside the root.
type Entry = (PathBuf, PathBuf);

fn walk(start: &Path, root: &Root, found: &mut Discovery) {
    // The folder named on the command line is the user's own; only `--root` elsewhere
    // can leave it outside the root.
    let real = match start.canonicalize() {
        Ok(real) if real.starts_with(root.dir()) => real,
        Ok(_) => {
            found
                .refused
                .push((start.to_path_buf(), Refusal::CampaignOutside));
            return;
        }
        Err(e) => {
            found.unreadable.push((start.to_path_buf(), e));
            return;
        }
    };
    let mut seen = HashSet::new();
    let mut stack: Vec<std::vec::IntoIter<Entry>> = Vec::new();
    if let Some(entries) = open_folder((start.to_path_buf(), real), &mut seen, found) {
        stack.push(entries);
    }
    while let Some(top) = stack.last_mut() {
        let Some((shown, real)) = top.next() else {
            stack.pop();
            continue;
        };
        let target = match std::fs::symlink_metadata(&real) {
            Ok(m) if m.file_type().is_symlink() => match locate(root, &real) {
                Ok(target) => target,
                Err(Refusal::Io(_)) => {
                    found.passed.push((shown, "a symlink to nothing"));
                    continue;
                }
                Err(Refusal::Loop) => {
                    found.passed.push((shown, "a symlink loop"));
                    continue;
                }
                Err(refusal) => {
                    found.refused.push((shown, refusal));
                    continue;
                }
            },
            Ok(m) => (real, m),
            Err(e) => {
                found.unreadable.push((shown, e));
                continue;
            }
        };
        let (real, metadata) = target;
        if metadata.is_dir() {
            if let Some(entries) = open_folder((shown, real), &mut seen, found) {
                stack.push(entries);
            }
            continue;
        }
        let name = shown.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if !(name.ends_with(".yaml") || name.ends_with(".yml")) {
            continue;
        }
        if !metadata.is_file() {
            let kind = crate::project::file_kind(&metadata).unwrap_or("not a regular file");
            found.refused.push((shown, Refusal::NotAFile(kind)));
            continue;
        }
        match read_head(&real) {
            Ok(text) if has_campaign_key(&text) => found.campaigns.push(shown),
            Ok(_) => found.skipped.push(shown),
            Err(e) => found.unreadable.push((shown, e)),
        }
    }
}

/// Where the symlink at `real` (in a folder inside the root) leads, inside the root.
fn locate(root: &Root, real: &Path) -> Result<(PathBuf, std::fs::Metadata), Refusal> {
    match (real.parent(), real.file_name()) {
        (Some(folder), Some(name)) => root.locate(folder, name),
        _ => Err(Refusal::Escapes),
    }
}

/// The sorted entries of a folder not walked yet; hidden folders, `target` and
/// `node_modules` left out.
fn open_folder(
    (shown, real): Entry,
    seen: &mut HashSet<FolderId>,
    found: &mut Discovery,
) -> Option<std::vec::IntoIter<Entry>> {
    match folder_id(&real) {
        Some(id) if !seen.insert(id) => {
            found.passed.push((shown, "a folder already walked"));
            return None;
        }
        _ => {}
    }
    let entries = match std::fs::read_dir(&real) {
        Ok(entries) => entries,
        Err(e) => {
            found.unreadable.push((shown, e));
            return None;
        }
    };
    let mut names: Vec<std::ffi::OsString> = entries
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .filter(|n| {
            let n = n.to_string_lossy();
            !(n.starts_with('.') || n == "target" || n == "node_modules")
        })
        .collect();
    names.sort();
    Some(
        names
            .into_iter()
            .map(|n| (shown.join(&n), real.join(&n)))
            .collect::<Vec<_>>()
            .into_iter(),
    )
}

/// What identifies a folder however it is reached.
#[cfg(unix)]
type FolderId = (u64, u64);
#[cfg(not(unix))]
type FolderId = PathBuf;

#[cfg(unix)]
fn folder_id(path: &Path) -> Option<FolderId> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn folder_id(path: &Path) -> Option<FolderId> {
    path.canonicalize().ok()
}

/// The start of a file, enough to see a top-level `campaign:` key in any campaign file
/// `kpi` would load.
fn read_head(path: &Path) -> std::io::Result<String> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(super::load::MAX_CAMPAIGN_BYTES + 1)
        .read_to_end(&mut bytes)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Whether YAML text has a top-level `campaign:` key.
pub fn has_campaign_key(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.strip_prefix('\u{feff}').unwrap_or(l);
        l.starts_with("campaign:") || l.starts_with("\"campaign\":") || l.starts_with("'campaign':")
    })
}
