//! Metrics: CSV exports read into sums per creator, platform, format, ISO week and
//! overall ([`MetricTable`]), joined with facts derived from the campaign file.
//!
//! Rows are additive counters at any grain; the table only ever sums them. Formulas are
//! evaluated later on the sums, so a ratio is always a ratio of sums, never a mean of
//! per-row ratios. Memory grows with the number of groups, not the number of rows.

pub mod cell;
pub mod date;
pub mod facts;
mod guard;
pub mod ingest;
mod input;
pub mod kinds;
pub mod names;
pub mod number;
mod once;
pub mod others;
pub mod parallel;
mod pipeline;
pub mod presets;
mod records;
mod rows;
pub mod sources;
mod sums;
pub mod table;

pub use cell::DecimalMark;
pub use ingest::{Creators, CsvInput, IngestOptions, Progress};
pub use input::code_key;
pub use number::Fixed;
pub use sources::{MetricsArg, read_campaign_metrics};
pub use sums::{Sums, SumsView};
pub use table::{Dimension, MetricTable};

/// The key a creator handle is matched by: trimmed, without a leading `@`, lowercase.
pub fn creator_key(handle: &str) -> String {
    let mut key = String::new();
    creator_key_into(handle, &mut key);
    key
}

/// [`creator_key`] into `key`, reusing its memory (no allocation per row for handles
/// in ASCII, which is most of them).
pub(crate) fn creator_key_into(handle: &str, key: &mut String) {
    key.clear();
    let bare = handle.trim().trim_start_matches('@').trim();
    if bare.is_ascii() {
        key.extend(bare.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        key.push_str(&bare.to_lowercase());
    }
}
