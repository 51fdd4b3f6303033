//! The files a campaign file names (`metrics:`, `baseline.from`), opened inside its
//! project root (DESIGN §12, [`crate::project`]).

use std::fs::File;
use std::path::{Path, PathBuf};

use super::Campaign;
use crate::error::{Error, Result};
use crate::project::{Refusal, Root};
use crate::text::Quoted;

/// A file named in a campaign file, resolved inside the project root and open.
#[derive(Debug)]
pub struct Named {
    /// The path as messages show it: the campaign file's folder joined with the path
    /// as written.
    pub label: PathBuf,
    /// The file's canonical path.
    pub path: PathBuf,
    /// The open file.
    pub file: File,
}

impl Campaign {
    /// The project root: the one set when loading (`--root`), else the nearest folder
    /// above the campaign file holding `.git` or `kpi.yaml`, else the file's folder.
    pub fn project_root(&self) -> Result<Root> {
        match &self.root {
            Some(root) => Ok(root.clone()),
            None => Root::for_path(&self.source.path, None),
        }
    }

    /// The folder that paths in this campaign file are relative to.
    pub fn folder(&self) -> &Path {
        self.source.path.parent().unwrap_or(Path::new(""))
    }

    /// Opens the file that `written` (at `line:column`, a `what` such as "the export")
    /// names. A path that leaves the project root, or that is not a regular file, is
    /// refused with [`Error::Refused`] before anything is read.
    pub fn open_named(&self, written: &str, line: u64, column: u64, what: &str) -> Result<Named> {
        let place = || self.source.place(line, column);
        let root = self.project_root()?;
        let label = self.folder().join(written);
        match root.open(self.folder(), written) {
            Ok((path, file)) => Ok(Named { label, path, file }),
            Err(Refusal::Io(e)) => Err(Error::campaign(
                place(),
                format!(
                    "cannot read {what} `{}`: {}",
                    Quoted(written),
                    crate::error::describe_io(&e)
                ),
            )),
            Err(refusal) if refusal.is_about_place() => Err(Error::Refused {
                place: place(),
                message: format!(
                    "{what} `{}` {refusal}; kpi opens only files inside the project root ({root}) and did not open it — name a file from elsewhere on the command line, or widen the root with --root DIR",
                    Quoted(written)
                ),
            }),
            Err(refusal) => Err(Error::Refused {
                place: place(),
                message: format!(
                    "{what} `{}` {refusal}; kpi did not open it",
                    Quoted(written)
                ),
            }),
        }
    }
}

/// A path written in a campaign file, and where.
#[derive(Debug, Clone, Copy)]
pub struct NamedPath<'a> {
    /// The path as written.
    pub written: &'a str,
    /// 1-based line of the value (or of the section that holds it).
    pub line: u64,
    /// 1-based column.
    pub column: u64,
    /// What the file is, in a message: "the export", "the baseline history".
    pub what: &'static str,
}

impl Campaign {
    /// Every path the campaign file names, in file order: `metrics:` paths, then each
    /// KPI's `baseline.from`.
    pub fn named_paths(&self) -> Vec<NamedPath<'_>> {
        let mut out: Vec<NamedPath<'_>> = self
            .metrics
            .iter()
            .map(|m| NamedPath {
                written: &m.path,
                line: m.path.line,
                column: m.path.column,
                what: "the export",
            })
            .collect();
        for kpi in &self.kpis {
            if let Some(b) = &kpi.baseline
                && let super::Baseline::History(h) = &b.value
            {
                out.extend(h.from.paths().into_iter().map(|written| NamedPath {
                    written,
                    line: b.line,
                    column: b.column,
                    what: "the baseline history",
                }));
            }
        }
        out
    }

    /// The named paths that confinement refuses (not those that are merely missing),
    /// each as an [`Error::Refused`]; nothing is read.
    pub fn refused_paths(&self) -> Vec<Error> {
        self.named_paths()
            .into_iter()
            .filter_map(
                |p| match self.open_named(p.written, p.line, p.column, p.what) {
                    Err(e @ Error::Refused { .. }) => Some(e),
                    _ => None,
                },
            )
            .collect()
    }
}
