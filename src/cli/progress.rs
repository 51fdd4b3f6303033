//! The progress bar on stderr for large inputs (indicatif), shown only on a terminal.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use kpi::metrics::Progress;

/// Inputs smaller than this finish too fast for a bar to help.
const MIN_BYTES: u64 = 50 * 1024 * 1024;

/// A byte-counting bar per input.
pub(crate) struct Bar {
    enabled: bool,
    bar: std::sync::Mutex<Option<ProgressBar>>,
}

impl Bar {
    pub(crate) fn new(enabled: bool) -> Bar {
        Bar {
            enabled,
            bar: std::sync::Mutex::new(None),
        }
    }
}

impl Progress for Bar {
    fn begin(&self, label: &str, total: Option<u64>) {
        self.end();
        if !self.enabled || total.is_some_and(|t| t < MIN_BYTES) {
            return;
        }
        let bar = match total {
            Some(total) => ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr()),
            None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
        };
        let template = if total.is_some() {
            "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} ETA {eta}"
        } else {
            "{msg} {bytes} {bytes_per_sec}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(label.to_owned());
        if let Ok(mut slot) = self.bar.lock() {
            *slot = Some(bar);
        }
    }

    fn advance(&self, bytes: u64) {
        if let Ok(slot) = self.bar.lock()
            && let Some(bar) = slot.as_ref()
        {
            bar.inc(bytes);
        }
    }

    fn end(&self) {
        if let Some(bar) = self.bar.lock().ok().and_then(|mut slot| slot.take()) {
            bar.finish_and_clear();
        }
    }
}
