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
    match kpi::campaign::load_in(file, root) {
        Ok(campaign) => inputs_of(file, &campaign),
        Err(_) => vec![file.to_path_buf()],
    }
}

/// The files a loaded campaign reads: its file and every file it names, a missing one
/// included (watched until it appears); a path that confinement refuses is left out, as
/// nothing outside the project is looked at.
pub(crate) fn inputs_of(file: &Path, campaign: &Campaign) -> Vec<PathBuf> {
    let named = campaign.named_paths().into_iter().filter_map(|p| {
        match campaign.open_named(p.written, p.line, p.column, p.what) {
            Ok(named) => Some(named.label),
            Err(kpi::Error::Refused { .. }) => None,
            Err(_) => Some(campaign.folder().join(p.written)),
        }
    });
    std::iter::once(file.to_path_buf()).chain(named).collect()
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

/// How often the list of inputs is made again (a campaign may name a new export, a
/// folder may gain a campaign).
const RELIST: u32 = 8;

/// Runs `write` now and again after every change to the files `inputs` lists (asked
/// again every few polls: a campaign may name new exports, a folder gain campaigns),
/// until a signal stops the process; then an HTML page is put back as an ordinary run
/// writes it, without the reload. A run that fails says why on standard error and
/// leaves the last output in place.
pub(crate) fn watch(
    output: &Path,
    mut inputs: impl FnMut() -> Vec<PathBuf>,
    mut write: impl FnMut() -> anyhow::Result<()>,
) -> anyhow::Result<ExitCode> {
    let shown = kpi::text::path(output);
    let last = output.to_path_buf();
    kpi::report::atomic::on_signal(move || {
        if let Some(page) = std::fs::read_to_string(&last)
            .ok()
            .and_then(|page| kpi::report::html::without_reload(&page))
        {
            let _ = kpi::report::atomic::write(&last, page.as_bytes());
        }
    });
    loop {
        let files = inputs();
        let before = stamps(&files);
        let watching = format!("watching {} files for changes (Ctrl-C stops)", files.len());
        match write() {
            Ok(()) => super::say(&format!("wrote {shown}; {watching}")),
            Err(e) => {
                super::print_error(&e);
                let kept = if output.exists() {
                    format!("kept the last {shown}")
                } else {
                    format!("{shown} not written yet")
                };
                super::say(&format!("{kept}; {watching}"));
            }
        }
        let mut polls = 0;
        loop {
            std::thread::sleep(POLL);
            polls += 1;
            if stamps(&files) != before || (polls % RELIST == 0 && inputs() != files) {
                break;
            }
        }
    }
}
