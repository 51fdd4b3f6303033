//! Finding campaign files under the paths given, their `kpi.yaml` rule levels, and
//! linting each one; a file that cannot be read becomes a finding, not a stop.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

use super::{Finding, LintOptions, Severity, lint, refused, unreadable};
pub use crate::campaign::files::{Discovery, discover, has_campaign_key};
use crate::campaign::{self, Level};
use crate::error::{Error, Result};
use crate::metrics::ingest::NoProgress;

/// A `kpi.yaml` next to campaign files: rule levels for every campaign below it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LintConfig {
    /// Rule id → level.
    #[serde(default)]
    pub rules: BTreeMap<String, Level>,
}

/// Reads and caches the nearest `kpi.yaml` of each folder.
#[derive(Debug, Default)]
pub struct Configs {
    cache: HashMap<PathBuf, Option<BTreeMap<String, Level>>>,
}

impl Configs {
    /// The levels of the `kpi.yaml` in `file`'s folder or the nearest parent, up to the
    /// project root (`root` when given, else found): a `kpi.yaml` above the project
    /// is not the project's.
    pub fn levels_for(
        &mut self,
        file: &Path,
        root: Option<&Path>,
    ) -> Result<BTreeMap<String, Level>> {
        let root = crate::project::Root::for_path(file, root)?;
        let folder = file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let Ok(start) = folder.canonicalize() else {
            return Ok(BTreeMap::new());
        };
        for dir in start.ancestors().take_while(|d| d.starts_with(root.dir())) {
            if let Some(levels) = self.levels_in(dir, &root)? {
                return Ok(levels);
            }
        }
        Ok(BTreeMap::new())
    }

    /// The levels of `dir/kpi.yaml`, read inside the project root: a `kpi.yaml` that is
    /// a symlink out of it, not a regular file, or over 1 MiB is refused unread.
    fn levels_in(
        &mut self,
        dir: &Path,
        root: &crate::project::Root,
    ) -> Result<Option<BTreeMap<String, Level>>> {
        if let Some(cached) = self.cache.get(dir) {
            return Ok(cached.clone());
        }
        let path = dir.join("kpi.yaml");
        let bytes = root
            .read_small(dir, "kpi.yaml", 1 << 20)
            .map_err(|refusal| match refusal {
                crate::project::Refusal::Io(error) => Error::Io {
                    path: path.clone(),
                    error,
                },
                refusal => Error::Usage {
                    message: format!(
                        "{} {refusal}; kpi did not read it (a kpi.yaml is a regular file inside the project root, {root})",
                        crate::text::path(&path)
                    ),
                },
            })?;
        let levels = if let Some(bytes) = bytes {
            let text = String::from_utf8(bytes).map_err(|_| Error::Usage {
                message: format!(
                    "{} is not UTF-8 text; save it as UTF-8",
                    crate::text::path(&path)
                ),
            })?;
            let config: LintConfig = serde_saphyr::from_str(&text).map_err(|e| {
                let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
                let source = crate::source::SourceFile::new(path.clone(), text.clone());
                Error::campaign(
                    source.place(line, column),
                    format!(
                        "invalid kpi.yaml: {}",
                        e.without_snippet()
                            .render_with_formatter(&serde_saphyr::UserMessageFormatter)
                    ),
                )
            })?;
            Some(
                config
                    .rules
                    .into_iter()
                    .map(|(k, v)| (k.to_ascii_uppercase(), v))
                    .collect(),
            )
        } else {
            None
        };
        self.cache.insert(dir.to_path_buf(), levels.clone());
        Ok(levels)
    }
}

/// Lints one file: a load failure is an `E001` finding; exports that cannot be read are
/// an `E002` warning and the rules that need them are skipped.
///
/// Paths the campaign names that leave the project root are `E003` errors; when there
/// is one, no export of that campaign is read.
pub fn lint_file(path: &Path, options: &LintOptions) -> Vec<Finding> {
    let campaign = match campaign::load_in(path, options.root.as_deref()) {
        Ok(c) => c,
        Err(e @ Error::Refused { .. }) => return vec![refused(path, &e)],
        Err(e) => return vec![unreadable(path, &e)],
    };
    let mut findings: Vec<Finding> = campaign
        .refused_paths()
        .iter()
        .map(|e| refused(path, e))
        .collect();
    let metrics = if campaign.metrics.is_empty() || !findings.is_empty() {
        None
    } else {
        match crate::metrics::read_campaign_metrics(
            &campaign,
            &[],
            &crate::metrics::sources::Reading {
                as_of: NaiveDate::MAX,
                ..Default::default()
            },
            &NoProgress,
        ) {
            Ok((table, _)) => Some(table),
            Err(e) => {
                let mut f = unreadable(path, &e);
                f.rule = "E002".into();
                f.name = "unreadable-metrics".into();
                f.severity = Severity::Warning;
                f.help = "fix the export so paid spend can be checked against the contracts".into();
                findings.push(f);
                None
            }
        }
    };
    findings.extend(lint(&campaign, metrics.as_ref(), options));
    findings
}

/// Lints every file with its options, on all cores; results keep the input order.
pub fn lint_files(jobs: &[(PathBuf, LintOptions)]) -> Vec<Vec<Finding>> {
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(jobs.len())
        .max(1);
    if workers == 1 {
        return jobs
            .iter()
            .map(|(path, options)| lint_file(path, options))
            .collect();
    }
    // Files are handed out one at a time so a large file does not hold up a whole share.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<(usize, Vec<Finding>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((path, options)) = jobs.get(i) else {
                            break;
                        };
                        done.push((i, lint_file(path, options)));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, f)| f).collect()
}
