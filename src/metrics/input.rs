//! What reading an input takes and gives: the input and its reading options, the
//! roles of its columns, the stats of a reading, and the errors met on the way. Shared
//! by the stages that read ([`super::ingest`] opens an input and reads its header,
//! [`super::rows`] reads its rows, [`super::pipeline`] spreads them over two threads),
//! which import from here and not from each other.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;

use super::cell::DecimalMark;
use super::date::DateOrder;
use super::guard::RowTooLong;
use super::kinds::{Judged, Kind};
use super::table::Dimension;
use crate::error::Error;

/// Receives reading progress, for a progress bar; every method defaults to nothing.
/// Shared by the threads that read one file in parts.
pub trait Progress: Sync {
    /// A new input starts; `total` is its size in bytes when known.
    fn begin(&self, _label: &str, _total: Option<u64>) {}
    /// `bytes` more bytes were read.
    fn advance(&self, _bytes: u64) {}
    /// The input is done.
    fn end(&self) {}
}

/// A [`Progress`] that shows nothing.
pub struct NoProgress;

impl Progress for NoProgress {}

/// One CSV input and how to read it.
#[derive(Debug, Clone, Default)]
pub struct CsvInput {
    /// The path shown in messages (`-` for standard input).
    pub label: PathBuf,
    /// Metric or dimension name → the header that holds it.
    pub columns: BTreeMap<String, String>,
    /// How decimals are written.
    pub decimal: DecimalMark,
    /// Which part comes first in slashed dates (`08/26/2025`).
    pub date_order: DateOrder,
    /// The year of dates written without one (`Mar 15`).
    pub year: Option<i32>,
    /// Whose header layout to read the file with.
    pub preset: PresetChoice,
    /// The file's text encoding when it is not UTF-8 (`--encoding windows-1252`).
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// The input continues a file whose header was read elsewhere (a second part of a
    /// file split for reading on two cores): these headers and this delimiter.
    pub continuation: Option<(Vec<String>, u8)>,
    /// Count `"` characters read (to check that a split fell outside quotes).
    pub count_quotes: bool,
    /// Parse on this thread and sum on it and a helper thread (for standard input,
    /// which cannot be split like a file).
    pub pipeline: bool,
    /// Kinds decided elsewhere from the first rows of the same file, by column (the
    /// parts of a file read on two cores must read its columns alike).
    pub decided: Option<Vec<Option<Judged>>>,
    /// Kinds the user set for columns by header (`kinds:` in the campaign file).
    pub kinds: BTreeMap<String, Kind>,
}

/// How one column of an input is read, and why: what `kpi metrics --kinds` lists.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ColumnKind {
    /// The input.
    pub file: PathBuf,
    /// 1-based column number.
    pub column: usize,
    /// The header as written.
    pub header: String,
    /// The metric or dimension it is read as; empty when it is not read.
    pub name: String,
    /// Its kind (dimensions are labels).
    pub kind: Kind,
    /// Why.
    pub why: String,
}

impl ColumnKind {
    pub(super) fn new(
        input: &CsvInput,
        index: usize,
        header: &str,
        name: &str,
        judged: Judged,
    ) -> ColumnKind {
        ColumnKind {
            file: input.label.clone(),
            column: index + 1,
            header: header.to_owned(),
            name: name.to_owned(),
            kind: judged.kind,
            why: judged.why,
        }
    }
}

/// Which preset reads a file.
#[derive(Debug, Clone, Copy, Default)]
pub enum PresetChoice {
    /// Canonical headers (and `columns:`) only.
    #[default]
    Canonical,
    /// Recognise the platform from the header; canonical when none matches.
    Auto,
    /// This platform's layout.
    Named(&'static super::presets::Preset),
}

/// Which rows count.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Rows dated after this day are left out.
    pub as_of: Option<NaiveDate>,
    /// Rows dated before this day (the campaign period's first) are left out.
    pub from: Option<NaiveDate>,
    /// When set, rows whose `campaign` cell names another campaign are left out; the
    /// accepted spellings (id, name) are compared case- and punctuation-insensitively.
    pub campaign: Vec<String>,
    /// Skip (and count) rows with a cell that cannot be read, instead of stopping.
    pub skip_bad_rows: bool,
    /// Also sum per combination of these dimensions (for `kpi metrics --by`).
    pub combo: Vec<Dimension>,
    /// Keep only the total and the `combo` sums: no sums per creator, platform, format
    /// and week (`kpi metrics`, which shows nothing else).
    pub only_totals: bool,
    /// Which creators get sums of their own.
    pub creators: Creators,
    /// Also sum per ISO week for these creator keys (the campaign's creators), for their
    /// weekly series; other creators are not tracked week by week.
    pub creator_weeks: std::collections::HashSet<String>,
    /// Also sum per day the rows carrying these affiliate codes ([`code_key`]s), for
    /// settlement; rows with another code are counted in [`IngestStats::other_codes`].
    pub codes: std::collections::HashSet<String>,
    /// The campaign's currency: a row whose `currency` cell names another is an error.
    pub currency: Option<String>,
}

/// How an affiliate code is compared: trimmed, case-insensitive.
pub fn code_key(code: &str) -> String {
    code.trim().to_uppercase()
}

impl IngestOptions {
    /// Whether sums are kept per creator, platform, format and week (scoring), rather
    /// than per combination (`kpi metrics --by`) or not at all (`kpi metrics`).
    pub(crate) fn per_dimension(&self) -> bool {
        self.combo.is_empty() && !self.only_totals
    }

    /// Whether rows are grouped by `dimension`, alone or in a combination.
    pub(crate) fn wants(&self, dimension: Dimension) -> bool {
        self.per_dimension() || self.combo.contains(&dimension)
    }
}

/// Which creators a reading keeps sums for: memory follows the creators asked for, not
/// the creators an export happens to name (there can be millions).
#[derive(Debug, Clone, Default)]
pub enum Creators {
    /// Every creator the rows name (`kpi metrics --by creator`).
    #[default]
    Every,
    /// Every creator the rows name, counting in [`IngestStats::other_creators`] those
    /// not among these keys (`kpi score --by creator`).
    EveryCounting(std::collections::HashSet<String>),
    /// Only these creator keys (the campaign's); the others are counted, and a few
    /// named, in [`IngestStats::other_creators`].
    Named(std::collections::HashSet<String>),
    /// None (`kpi metrics` without `--by creator`).
    Unkept,
}

/// What reading one input did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestStats {
    /// Rows added to the sums.
    pub rows: u64,
    /// Rows left out because they are dated after `--as-of`.
    pub after_as_of: u64,
    /// Rows left out because they are dated before the campaign period.
    pub before_start: u64,
    /// Rows left out per other campaign named in the `campaign` column.
    pub other_campaigns: BTreeMap<String, u64>,
    /// Creators the rows name that the campaign does not list.
    pub other_creators: super::others::OtherCreators,
    /// Affiliate codes the rows carry that no contract holds (with `codes` tracked).
    pub other_codes: super::others::OtherCreators,
    /// Rows carrying a tracked code left out for being dated after `--as-of`, by code:
    /// how many, and the last date.
    pub codes_after: BTreeMap<String, (u64, NaiveDate)>,
    /// Rows skipped with `--skip-bad-rows`.
    pub bad_rows: u64,
    /// The first few reasons rows were skipped, with their place: (line, reason).
    pub bad_row_examples: Vec<(u64, String)>,
    /// Rows skipped per column (1-based number, header): which column most rows fail at.
    pub bad_columns: BTreeMap<(usize, String), u64>,
    /// Total rows and description rows of the exports, never summed.
    pub ignored_rows: u64,
    /// Things the reader should know (an export's Total row disagreeing with its rows).
    pub warnings: Vec<String>,
    /// `"` characters read, when counted.
    pub quotes: u64,
    /// The header row and delimiter, for reading a continuation of the same file.
    pub layout: Option<(Vec<String>, u8)>,
    /// Where a second table started and reading stopped: file, line, its first cells.
    pub tables_ended: Vec<(PathBuf, u64, String)>,
    /// Every column of every input and how it was read.
    pub columns: Vec<ColumnKind>,
    /// The kinds decided from the first rows, by column, when that was before the end
    /// of the input (so another part of the same file can read its columns alike).
    pub decided: Option<Vec<Option<Judged>>>,
    /// Whether some columns' kinds were decided from their values.
    pub sampled: bool,
    /// Columns whose header repeats an earlier one to the letter: file, 1-based column,
    /// the name they are read under.
    pub repeated: Vec<(PathBuf, usize, String)>,
}

/// How many skipped rows are quoted in the note about them.
pub(super) const BAD_ROW_EXAMPLES: usize = 5;

/// "1 row", "3 rows".
fn rows(count: u64) -> String {
    if count == 1 {
        "1 row".to_owned()
    } else {
        format!("{count} rows")
    }
}

impl IngestStats {
    /// What a reader should know about these inputs, one sentence each: warnings, rows
    /// skipped or not counted, and (with `as_of`) rows left out by date or campaign.
    pub fn notes(&self, as_of: Option<NaiveDate>) -> Vec<String> {
        let mut notes = self.warnings.clone();
        notes.extend(self.kind_notes());
        for (path, line, start) in &self.tables_ended {
            notes.push(format!(
                "{}:{line}: another table starts here (`{}`); only the table under the first header is read",
                crate::text::path(path),
                crate::text::quote(start)
            ));
        }
        if self.bad_rows > 0 {
            notes.push(format!(
                "{} skipped with --skip-bad-rows; the first: {}",
                rows(self.bad_rows),
                self.bad_row_examples
                    .iter()
                    .map(|(_, reason)| reason.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            ));
        }
        if self.ignored_rows > 0 {
            notes.push(format!(
                "{} of export totals or column descriptions not counted",
                rows(self.ignored_rows)
            ));
        }
        if self.before_start > 0 {
            notes.push(format!(
                "{} dated before the campaign period left out of the sums",
                rows(self.before_start)
            ));
        }
        if let Some(as_of) = as_of.filter(|_| self.after_as_of > 0) {
            notes.push(format!(
                "{} dated after {as_of} left out",
                rows(self.after_as_of)
            ));
        }
        for (name, count) in &self.other_campaigns {
            notes.push(format!(
                "{} of campaign `{}` left out",
                rows(*count),
                crate::text::quote(name)
            ));
        }
        notes
    }

    /// Per input, the numeric columns that were not summed and the levels shown as
    /// their latest value (text columns go unsaid); `kpi metrics --kinds` says why.
    fn kind_notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        let mut files: Vec<&PathBuf> = self.columns.iter().map(|c| &c.file).collect();
        files.dedup();
        for file in files {
            let of_file = || self.columns.iter().filter(move |c| &c.file == file);
            // Only the repeats that are read need saying (a preset may know them as labels).
            let repeats: Vec<String> = of_file()
                .filter(|c| {
                    !c.name.is_empty()
                        && self
                            .repeated
                            .iter()
                            .any(|(f, n, name)| f == file && *n == c.column && *name == c.name)
                })
                .map(|c| format!("`{}` as `{}`", c.header, c.name))
                .collect();
            if !repeats.is_empty() {
                notes.push(format!(
                    "{}: headers repeated to the letter are read under their own names: {}",
                    crate::text::path(file),
                    crate::text::quote_list(repeats.iter().map(String::as_str))
                ));
            }
            let unsummed: Vec<String> = of_file()
                .filter(|c| {
                    matches!(c.kind, Kind::Rate | Kind::Share | Kind::Id) && c.name.is_empty()
                })
                .map(|c| format!("`{}` ({})", c.header, c.kind))
                .collect();
            if !unsummed.is_empty() {
                notes.push(format!(
                    "{}: not summed: {} — `kpi metrics --kinds` says why",
                    crate::text::path(file),
                    crate::text::quote_list(unsummed.iter().map(String::as_str))
                ));
            }
            let levels: Vec<String> = of_file()
                .filter(|c| c.kind == Kind::Gauge && !c.name.is_empty())
                .map(|c| {
                    if of_file().filter(|o| o.header == c.header).count() > 1 {
                        format!("{} (as {})", c.header, c.name)
                    } else {
                        c.header.clone()
                    }
                })
                .collect();
            if !levels.is_empty() {
                // Without dates the rows are one moment: a list whose rows each hold a level.
                let dated = of_file().any(|c| c.name == "date");
                notes.push(format!(
                    "{}: {}: {}",
                    crate::text::path(file),
                    if dated {
                        "levels shown as their latest value, not summed"
                    } else {
                        "levels in undated rows, added up across the rows as one moment"
                    },
                    crate::text::quote_list(levels.iter().map(String::as_str))
                ));
            }
        }
        notes
    }

    /// Counts a skipped bad row and keeps its reason when it is one of the first few.
    pub(super) fn skip(&mut self, error: &Error) {
        self.bad_rows += 1;
        if let Error::Csv {
            column: Some(column),
            ..
        } = error
        {
            *self.bad_columns.entry(column.clone()).or_default() += 1;
        }
        if self.bad_row_examples.len() < BAD_ROW_EXAMPLES {
            let line = match error {
                Error::Csv { line, .. } => *line,
                _ => 0,
            };
            self.bad_row_examples.push((line, error.to_string()));
        }
    }

    /// Adds another input's counts.
    pub fn absorb(&mut self, other: IngestStats) {
        self.rows += other.rows;
        self.after_as_of += other.after_as_of;
        self.before_start += other.before_start;
        for (k, v) in other.other_campaigns {
            *self.other_campaigns.entry(k).or_default() += v;
        }
        self.other_creators.absorb(other.other_creators);
        self.other_codes.absorb(other.other_codes);
        for (code, (rows, last)) in other.codes_after {
            let held = self.codes_after.entry(code).or_insert((0, last));
            held.0 += rows;
            held.1 = held.1.max(last);
        }
        self.bad_rows += other.bad_rows;
        for (column, n) in other.bad_columns {
            *self.bad_columns.entry(column).or_default() += n;
        }
        self.bad_row_examples.extend(other.bad_row_examples);
        self.bad_row_examples.truncate(BAD_ROW_EXAMPLES);
        self.ignored_rows += other.ignored_rows;
        self.warnings.extend(other.warnings);
        self.tables_ended.extend(other.tables_ended);
        self.columns.extend(other.columns);
        self.repeated.extend(other.repeated);
        self.quotes += other.quotes;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Key {
    Date,
    Campaign,
    Creator,
    Platform,
    Format,
    /// The affiliate or discount code an order used.
    Code,
    /// The currency of the row's money cells.
    Currency,
}

#[derive(Debug, Clone)]
pub(super) enum Role {
    Dimension(Key),
    Metric(usize),
    /// A level (follower totals): its latest value per series, never summed across days.
    Gauge(usize),
    /// A column outside the canonical names: a metric if its first value is a number.
    Undecided(String, Option<Judged>),
    Ignored,
}

/// An error met while reading bytes: a row the guard refused keeps its place.
pub(super) fn read_error(input: &CsvInput, error: std::io::Error) -> Error {
    match error.get_ref().and_then(|e| e.downcast_ref::<RowTooLong>()) {
        Some(refused) => Error::Csv {
            path: input.label.clone(),
            line: refused.line,
            column: None,
            message: refused.message.clone(),
        },
        None => Error::Io {
            path: input.label.clone(),
            error,
        },
    }
}

/// `field` without the ASCII spaces around it.
pub(super) fn trim(field: &[u8]) -> &[u8] {
    let start = field
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(field.len());
    let end = field
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &field[start..end]
}

pub(super) fn csv_error(input: &CsvInput, error: csv::Error) -> Error {
    let line = error.position().map_or(0, csv::Position::line);
    match error.into_kind() {
        csv::ErrorKind::Io(source) => read_error(input, source),
        other => Error::Csv {
            path: input.label.clone(),
            line,
            column: None,
            message: format!("malformed CSV: {}", describe_csv_error(&other)),
        },
    }
}

fn describe_csv_error(kind: &csv::ErrorKind) -> String {
    match kind {
        csv::ErrorKind::Utf8 { err, .. } => format!("field {} is not UTF-8 text", err.field() + 1),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("this row has {len} cells but the header has {expected_len}")
        }
        _ => "the file could not be parsed as CSV".to_owned(),
    }
}
