//! `--watch`: write the output again whenever an input changes, for a report left open
//! on a screen. Inputs are polled (size and modification time), which works the same on
//! every file system, network shares included; the output is replaced atomically, so a
//! browser reloading the page never reads half of it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use kpi::campaign::Campaign;

/// Seconds after which a watched HTML page reloads itself.
pub(crate) const RELOAD_SECONDS: u32 = 3;

/// How often the inputs are looked at.
const POLL: Duration = Duration::from_millis(250);

/// What a file looked like: size and modification time; `None` while it is missing.
type Stamp = Option<(u64, SystemTime)>;

fn stamps(files: &[PathBuf]) -> Vec<Stamp> {
    files
        .iter()
        .map(|f| {
            let m = std::fs::metadata(f).ok()?;
            Some((m.len(), m.modified().ok()?))
        })
        .collect()
}

/// The files a campaign reads: the campaign file and every file it names that opens
/// inside the project root (a refused or missing one is reported by the run itself).
pub(crate) fn campaign_inputs(file: &Path, root: Option<&Path>) -> Vec<PathBuf> {
    let mut files = vec![file.to_path_buf()];
    if let Ok(campaign) = kpi::campaign::load_in(file, root) {
        files.extend(named(&campaign));
    }
    files
}

fn named(campaign: &Campaign) -> Vec<PathBuf> {
    campaign
        .named_paths()
        .into_iter()
        .filter_map(|p| {
            campaign
                .open_named(p.written, p.line, p.column, p.what)
                .ok()
                .map(|n| n.label)
        })
        .collect()
}

/// Refuses an output file that is one of `inputs`: writing it would replace the campaign
/// file or an export with the report (and, watching, write again forever).
pub(crate) fn refuse_overwriting(output: &Path, inputs: &[PathBuf]) -> anyhow::Result<()> {
    let Ok(target) = output.canonicalize() else {
        return Ok(()); // not there yet: not an input
    };
    if let Some(input) = inputs
        .iter()
        .find(|i| i.canonicalize().is_ok_and(|i| i == target))
    {
        anyhow::bail!(
            "-o {} would replace {}, an input of this run; write the output to another file",
            kpi::text::path(output),
            kpi::text::path(input)
        );
    }
    Ok(())
}

/// Runs `write` now and again after every change to the files `inputs` lists (asked
/// again each time: a campaign may name new exports), until the process is interrupted.
/// A run that fails says why on standard error and leaves the last output in place.
pub(crate) fn watch(
    output: &Path,
    mut inputs: impl FnMut() -> Vec<PathBuf>,
    mut write: impl FnMut() -> anyhow::Result<()>,
) -> anyhow::Result<ExitCode> {
    let shown = kpi::text::path(output);
    loop {
        let files = inputs();
        let before = stamps(&files);
        match write() {
            Ok(()) => super::say(&format!(
                "wrote {shown}; watching {} files for changes (Ctrl-C stops)",
                files.len()
            )),
            Err(e) => {
                super::print_error(&e);
                super::say(&format!(
                    "kept the last {shown}; watching {} files for changes (Ctrl-C stops)",
                    files.len()
                ));
            }
        }
        while stamps(&files) == before {
            std::thread::sleep(POLL);
        }
    }
}
