//! Finding campaign files: named files always count; folders are searched recursively
//! for `*.yaml` / `*.yml` files with a top-level `campaign:` key.

use std::path::{Path, PathBuf};

/// The campaign files under some paths.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Files to lint, in order.
    pub campaigns: Vec<PathBuf>,
    /// YAML files in folders that were skipped because they have no `campaign:` key.
    pub skipped: Vec<PathBuf>,
    /// Paths that do not exist or cannot be read.
    pub unreadable: Vec<(PathBuf, std::io::Error)>,
}

/// Files given by name are always linted; folders are searched recursively for
/// `*.yaml`/`*.yml` files with a top-level `campaign:` key.
pub fn discover(paths: &[PathBuf]) -> Discovery {
    let mut found = Discovery::default();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => walk(path, &mut found),
            Ok(_) => found.campaigns.push(path.clone()),
            Err(e) => found.unreadable.push((path.clone(), e)),
        }
    }
    found
}

fn walk(dir: &Path, found: &mut Discovery) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            found.unreadable.push((dir.to_path_buf(), e));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || name == "target" || name == "node_modules" {
            continue;
        }
        if path.is_dir() {
            walk(&path, found);
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            match std::fs::read_to_string(&path) {
                Ok(text) if has_campaign_key(&text) => found.campaigns.push(path),
                Ok(_) => found.skipped.push(path),
                Err(e) => found.unreadable.push((path, e)),
            }
        }
    }
}

/// Whether YAML text has a top-level `campaign:` key.
pub fn has_campaign_key(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.strip_prefix('\u{feff}').unwrap_or(l);
        l.starts_with("campaign:") || l.starts_with("\"campaign\":") || l.starts_with("'campaign':")
    })
}
