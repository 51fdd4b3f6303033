//! Reading CSV exports into a [`MetricTable`].
//!
//! One pass, streaming: each record is split into its dimensions (date, campaign,
//! creator, platform, format) and its numeric cells, filtered (rows after `--as-of`, rows
//! of other campaigns), and added to the overall sums and one group per dimension.
//! Headers are matched case-, space- and punctuation-insensitively; `columns:` maps the
//! rest. A cell that is not a number is an error naming file, line, column and cell.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;
use std::io::{BufRead, BufReader, Read};

pub use super::input::{
    ColumnKind, Creators, CsvInput, IngestOptions, IngestStats, NoProgress, PresetChoice, Progress,
};
pub(super) use super::input::{Key, Role, csv_error, read_error};
use super::kinds::{Judged, Kind};
use super::names::{self, fold};
use super::number::Fixed;
use super::presets::{Preset, Summary};
use super::records::{Record, Records};
use super::rows::{Rows, check_total};
use super::table::MetricTable;
use crate::error::{Error, Result};

struct Counting<'a, R> {
    inner: R,
    progress: &'a dyn Progress,
    quotes: Option<std::rc::Rc<std::cell::Cell<u64>>>,
    guard: RowGuard,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let chunk = &buf[..n];
        self.progress.advance(n as u64);
        let quotes = self.guard.check(chunk)?;
        match &self.quotes {
            Some(count) => count.set(count.get() + quotes),
            // The end of a whole input (not of the first part of a split file, whose
            // quotes are counted to check the split) inside a quoted cell.
            None if n == 0 && !buf.is_empty() => self.guard.finish()?,
            None => {}
        }
        Ok(n)
    }
}

use super::guard::RowGuard;
pub use super::guard::{MAX_OPEN_QUOTE_BYTES, MAX_RECORD_BYTES};

/// Reads one CSV input into `table`.
pub fn ingest<R: Read>(
    table: &mut MetricTable,
    input: &CsvInput,
    reader: R,
    options: &IngestOptions,
    progress: &dyn Progress,
) -> Result<IngestStats> {
    let io_error = |source| read_error(input, source);
    let reader: Box<dyn Read + '_> = match input.encoding {
        Some(encoding) => Box::new(
            encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding))
                .build(reader),
        ),
        None => Box::new(reader),
    };
    let quote_count = input
        .count_quotes
        .then(|| std::rc::Rc::new(std::cell::Cell::new(0u64)));
    let mut buffered = BufReader::with_capacity(
        256 * 1024,
        Counting {
            inner: reader,
            progress,
            quotes: quote_count.clone(),
            guard: RowGuard::default(),
        },
    );
    let head = buffered.fill_buf().map_err(io_error)?;
    if head.starts_with(b"\xFF\xFE")
        || head.starts_with(b"\xFE\xFF")
        || head.iter().take(4096).any(|b| *b == 0)
    {
        return Err(Error::Csv {
            path: input.label.clone(),
            line: 1,
            column: None,
            message: "the file is UTF-16 text or binary, not UTF-8; pass --encoding utf-16le (or utf-16be), or save it as UTF-8 (in Excel: CSV UTF-8)".into(),
        });
    }
    if input.continuation.is_none() && head.starts_with(b"\xEF\xBB\xBF") {
        buffered.consume(3);
    }
    let preamble = if input.continuation.is_none() {
        skip_preamble(&mut buffered).map_err(io_error)?
    } else {
        Preamble::default()
    };
    let head = buffered.fill_buf().map_err(io_error)?;
    let delimiter = input
        .continuation
        .as_ref()
        .map_or_else(|| sniff_delimiter(head), |(_, d)| *d);
    let mut csv = Records::new(buffered, delimiter);
    csv.get_mut().get_mut().guard.delimiter = Some(delimiter);
    let headers = header_row(&mut csv, input)?;
    let (preset, recognised_by) = choose_preset(input, &headers, preamble.analytics);
    // The preset maps what `columns:` does not.
    let mut effective = input.clone();
    if let Some(p) = preset {
        for (name, header) in p.mapping(&headers) {
            let taken = effective.columns.contains_key(&name)
                || effective.columns.values().any(|h| fold(h) == fold(&header));
            if !taken {
                effective.columns.insert(name, header);
            }
        }
    }
    let mut stats = IngestStats {
        layout: Some((headers.clone(), delimiter)),
        ..IngestStats::default()
    };
    let layout = Layout {
        input: &effective,
        user: &input.columns,
        preset,
    };
    let roles = assign_roles(table, &layout, &headers, &mut stats)?;
    if input.continuation.is_some() {
        // The first part of the file reports its columns.
        stats.columns.clear();
    }
    let accepted: Vec<String> = options.campaign.iter().map(|c| fold(c)).collect();

    if let (PresetChoice::Auto, Some(p), None) = (input.preset, preset, &input.continuation) {
        stats.warnings.push(format!(
            "{}: read with the {} preset, recognised from {}",
            crate::text::path(&input.label),
            p.id,
            crate::text::quote(recognised_by)
        ));
    }
    let before: Vec<(String, Fixed)> = table
        .names()
        .iter()
        .enumerate()
        .filter_map(|(i, name)| table.totals().get(i).map(|v| (name.clone(), v)))
        .collect();
    let line_of = |record: &Record| record.line() + preamble.lines;
    let summary = preset.map_or(Summary::Labelled, |p| p.summary);
    let mut rows = Rows::new(input, options, &headers, &accepted, roles, summary, stats);
    let (mut stats, total) = if input.pipeline {
        super::pipeline::read(&mut csv, table, rows, &line_of, input)?
    } else {
        let mut record = Record::default();
        loop {
            match csv.read_byte_record(&mut record) {
                Ok(true) if rows.table_ends(&record, &|| line_of(&record)) => break,
                Ok(true) => rows.read(table, &record, &|| line_of(&record))?,
                Ok(false) => break,
                Err(e) => return Err(csv_error(input, e)),
            }
        }
        rows.finish(table)?;
        (rows.stats, rows.total)
    };
    progress.end();
    refuse_mostly_skipped(&stats, input)?;
    stats.quotes = quote_count.map_or(0, |q| q.get());
    stats
        .warnings
        .extend(check_total(table, &before, total, &input.label));
    Ok(stats)
}

/// The lines before a header that are not data: `#` comments (Google Analytics), blank
/// lines, Excel's `sep=,` hint.
#[derive(Debug, Default)]
struct Preamble {
    lines: u64,
    /// Google Analytics heads its exports with `# ----` / `# Property:` / `# Start date:`.
    analytics: bool,
}

/// Reads past the [`Preamble`] of an input.
fn skip_preamble(buffered: &mut impl BufRead) -> std::io::Result<Preamble> {
    let mut preamble = Preamble::default();
    loop {
        let head = buffered.fill_buf()?;
        let end = head
            .iter()
            .position(|b| *b == b'\n')
            .map_or(head.len(), |i| i + 1);
        let line = &head[..end];
        let text = line.trim_ascii();
        let skipped = !line.is_empty()
            && (text.is_empty()
                || text.starts_with(b"#")
                || text.to_ascii_lowercase().starts_with(b"sep="));
        if !skipped || end == head.len() && !head.ends_with(b"\n") {
            return Ok(preamble);
        }
        preamble.analytics |= [
            &b"# ---"[..],
            b"# Property:",
            b"# Start date:",
            b"# All Web Site Data",
        ]
        .iter()
        .any(|mark| text.starts_with(mark));
        preamble.lines += 1;
        buffered.consume(end);
    }
}

/// The column names: the first record, or the first part's when this input continues
/// a split file. Refused when not UTF-8 or all blank.
fn header_row<B: BufRead>(csv: &mut Records<B>, input: &CsvInput) -> Result<Vec<String>> {
    let raw_headers = match &input.continuation {
        Some((headers, _)) => Record::from_cells(headers),
        None => {
            let mut headers = Record::default();
            csv.read_byte_record(&mut headers)
                .map_err(|e| csv_error(input, e))?;
            headers
        }
    };
    let mut headers = Vec::with_capacity(raw_headers.len());
    for (i, field) in raw_headers.iter().enumerate() {
        match std::str::from_utf8(field) {
            Ok(text) => headers.push(text.trim().to_owned()),
            Err(_) => {
                return Err(Error::Csv {
                    path: input.label.clone(),
                    line: 1,
                    column: Some((i + 1, String::from_utf8_lossy(field).into_owned())),
                    message: "the header is not UTF-8 text; pass --encoding windows-1252 (or the file's encoding), or save it as UTF-8".into(),
                });
            }
        }
    }
    if headers.iter().all(String::is_empty) {
        return Err(Error::Csv {
            path: input.label.clone(),
            line: 1,
            column: None,
            message: "the file is empty or has no header row; the first line must name the columns"
                .into(),
        });
    }
    Ok(headers)
}

/// The preset an input is read with, and what recognised it.
fn choose_preset(
    input: &CsvInput,
    headers: &[String],
    analytics: bool,
) -> (Option<&'static Preset>, &'static str) {
    let by_header = match input.preset {
        PresetChoice::Auto => super::presets::detect(headers),
        _ => None,
    };
    let preset = match input.preset {
        PresetChoice::Canonical => None,
        PresetChoice::Named(p) => Some(p),
        PresetChoice::Auto => by_header.or_else(|| {
            analytics
                .then(|| super::presets::find("google-analytics"))
                .flatten()
        }),
    };
    let recognised_by = if by_header.is_some() {
        "its header"
    } else {
        "its `#` lines"
    };
    (preset, recognised_by)
}

/// `--skip-bad-rows` is for the odd bad row: when it would skip more rows than it keeps
/// (and at least ten), the file is not what the reading assumes — most often a column
/// of text read as numbers — and an error says which column.
fn refuse_mostly_skipped(stats: &IngestStats, input: &CsvInput) -> Result<()> {
    if stats.bad_rows < 10 || stats.bad_rows <= stats.rows {
        return Ok(());
    }
    let worst = stats.bad_columns.iter().max_by_key(|(_, n)| **n);
    let cause = match worst {
        Some(((number, header), n)) => format!(
            "; {n} of them fail at column {number} (`{}`): if it is not a number column, say so with `kinds: {{ \"{}\": label }}` on its `metrics:` entry, or map another column under `columns:`",
            crate::text::quote(header),
            crate::text::quote(header)
        ),
        None => String::new(),
    };
    // Named at the first row skipped.
    let line = stats.bad_row_examples.first().map_or(1, |(line, _)| *line);
    Err(Error::Csv {
        path: input.label.clone(),
        line,
        column: None,
        message: format!(
            "--skip-bad-rows would skip {} rows and keep {}, so nothing is reported: the file is not read as it is written{cause}",
            stats.bad_rows, stats.rows
        ),
    })
}

/// Where a column's name and kind come from, for [`assign_roles`].
struct Layout<'a> {
    /// The input, with the preset's mapping merged into `columns`.
    input: &'a CsvInput,
    /// The columns the user mapped (`columns:`), without the preset's.
    user: &'a BTreeMap<String, String>,
    /// The export's preset.
    preset: Option<&'static super::presets::Preset>,
}

/// Decides what each header holds, and why (the reasons go to `reports`). Headers
/// repeated to the letter are read as `name`, `name_2` … with a note.
fn assign_roles(
    table: &mut MetricTable,
    layout: &Layout<'_>,
    headers: &[String],
    stats: &mut IngestStats,
) -> Result<Vec<Role>> {
    let input = layout.input;
    let mapped: HashMap<String, &str> = input
        .columns
        .iter()
        .map(|(name, header)| (fold(header), name.as_str()))
        .collect();
    named_columns_exist(input, headers)?;
    // A post-level export (a row per post) counts a post's lifetime in each row.
    let per_post = headers.iter().any(|h| {
        mapped
            .get(&fold(h))
            .copied()
            .or_else(|| names::canonical(h))
            == Some("post_id")
    });
    let mut seen: HashMap<String, usize> = HashMap::default();
    let mut repeated: Vec<(usize, String, String)> = Vec::new();
    let mut roles = Vec::with_capacity(headers.len());
    for (i, header) in headers.iter().enumerate() {
        let report = |name: &str, judged: Judged| ColumnKind::new(input, i, header, name, judged);
        let explicit = mapped.get(&fold(header)).copied();
        let canonical = names::canonical(header);
        // A dimension given to another column by `columns:` or the preset is read from
        // that column only (Meta Business Suite's `Date` says `Lifetime`; `Publish time`
        // is the date). Metrics are never dropped this way: two of them are an error.
        if explicit.is_none()
            && canonical.is_some_and(|c| names::is_dimension(c) && input.columns.contains_key(c))
        {
            let other = input
                .columns
                .get(canonical.unwrap_or_default())
                .cloned()
                .unwrap_or_default();
            stats.columns.push(report(
                "",
                Judged::new(
                    Kind::Label,
                    format!(
                        "`{}` is read from `{}`",
                        canonical.unwrap_or_default(),
                        crate::text::quote(&other)
                    ),
                ),
            ));
            roles.push(Role::Ignored);
            continue;
        }
        let mut name = match (explicit, canonical) {
            (Some(n), _) => n.to_owned(),
            (None, Some(c)) => c.to_owned(),
            (None, None) => names::snake(header),
        };
        if name.is_empty() {
            stats.columns.push(report(
                "",
                Judged::new(Kind::Label, "no name: the header is blank"),
            ));
            roles.push(Role::Ignored);
            continue;
        }
        if let Some(&first) = seen.get(&name) {
            if fold(&headers[first]) != fold(header) {
                return Err(Error::Csv {
                    path: input.label.clone(),
                    line: 1,
                    column: Some((i + 1, header.clone())),
                    message: format!(
                        "this column and column {} (`{}`) both give `{}`; map one of them to another name under `columns:`",
                        first + 1,
                        crate::text::quote(&headers[first]),
                        crate::text::quote(&name)
                    ),
                });
            }
            // The same header again (a page export repeats some): read under its own
            // name, `subscribers_2`; a mapping names the first.
            let base = names::snake(header);
            let n = (2..)
                .find(|n| !seen.contains_key(&format!("{base}_{n}")))
                .unwrap_or(2);
            name = format!("{base}_{n}");
            repeated.push((i, header.clone(), name.clone()));
        }
        seen.insert(name.clone(), i);
        let known = Known {
            explicit: explicit.is_some(),
            canonical: canonical.is_some(),
        };
        let (judged, hint) = judge(layout, i, header, &name, known, per_post);
        let (role, kind) = role_of(table, layout, header, name, judged, hint, known);
        stats
            .columns
            .extend(kind.map(|(name, judged)| report(&name, judged)));
        roles.push(role);
    }
    if input.continuation.is_none() {
        stats.repeated = repeated
            .into_iter()
            .map(|(i, _, name)| (input.label.clone(), i + 1, name))
            .collect();
    }
    Ok(roles)
}

/// Checks that every header the campaign file names (under `columns:` and `kinds:`) is
/// in the file.
fn named_columns_exist(input: &CsvInput, headers: &[String]) -> Result<()> {
    let no_column = |header: &str, what: String| Error::Csv {
        path: input.label.clone(),
        line: 1,
        column: None,
        message: format!(
            "no column `{}` ({what}); the headers are: {}",
            crate::text::quote(header),
            crate::text::quote_list(headers.iter().map(String::as_str))
        ),
    };
    for (name, header) in &input.columns {
        if !headers.iter().any(|h| fold(h) == fold(header)) {
            return Err(no_column(
                header,
                format!("mapped to `{}`", crate::text::quote(name)),
            ));
        }
    }
    for column in input.kinds.keys() {
        let named = |h: &String| fold(h) == fold(column) || names::snake(h) == names::snake(column);
        if !headers.iter().any(named) {
            return Err(no_column(column, "given a kind under `kinds:`".to_owned()));
        }
    }
    Ok(())
}

/// How a column's kind is known when its values are not looked at: `kinds:`, the preset,
/// or (for an unnamed column) the kinds decided by the first part of a split file; then
/// what its header's words hint, for the values to confirm.
fn judge(
    layout: &Layout<'_>,
    i: usize,
    header: &str,
    name: &str,
    known: Known,
    per_post: bool,
) -> (Option<Judged>, Option<Judged>) {
    let input = layout.input;
    let named = known.explicit || known.canonical;
    let user_kind = input
        .kinds
        .iter()
        .find(|(h, _)| fold(h) == fold(header) || names::snake(h) == name)
        .map(|(_, k)| *k);
    let judged = if let Some(kind) = user_kind {
        Some(Judged::new(kind, "`kinds:` says so"))
    } else if let Some(kind) = layout.preset.and_then(|p| p.kind_of(header)) {
        Some(Judged::new(
            kind,
            format!(
                "the {} preset knows this column",
                layout.preset.map_or("", |p| p.id)
            ),
        ))
    } else if names::is_dimension(name) || named {
        None
    } else {
        input
            .decided
            .as_ref()
            .and_then(|d| d.get(i).cloned().flatten())
    };
    // The header's word is a hint that the values confirm: `Source / Medium` reads
    // as a ratio but holds text.
    let hint = if judged.is_none() && !names::is_dimension(name) && !named {
        super::kinds::by_header(header).map(|j| match j.kind {
            Kind::Gauge if per_post && j.why.contains("lifetime") => {
                Judged::new(Kind::Counter, "a post's lifetime count, one row per post")
            }
            _ => j,
        })
    } else {
        None
    };
    (judged, hint)
}

/// Whether a column's name came from a mapping (`columns:` or the preset) or is canonical.
#[derive(Debug, Clone, Copy)]
struct Known {
    explicit: bool,
    canonical: bool,
}

/// The role of a column named `name`, and the kind it is listed with (under which name).
fn role_of(
    table: &mut MetricTable,
    layout: &Layout<'_>,
    header: &str,
    name: String,
    judged: Option<Judged>,
    hint: Option<Judged>,
    known: Known,
) -> (Role, Option<(String, Judged)>) {
    let listed = |name: &str, judged: Judged| Some((name.to_owned(), judged));
    match judged {
        None if matches!(
            name.as_str(),
            "date" | "campaign" | "creator" | "platform" | "format" | "code" | "currency"
        ) =>
        {
            let key = match name.as_str() {
                "date" => Key::Date,
                "campaign" => Key::Campaign,
                "creator" => Key::Creator,
                "platform" => Key::Platform,
                "code" => Key::Code,
                "currency" => Key::Currency,
                _ => Key::Format,
            };
            let why = match key {
                Key::Code => "an affiliate or discount code: orders are matched to contracts by it",
                Key::Currency => "the currency of the row's money, checked against the campaign's",
                _ => "a dimension rows are grouped by",
            };
            let kind = Judged::new(Kind::Label, why);
            (Role::Dimension(key), listed(&name, kind))
        }
        None if name == "post_id" => (
            Role::Ignored,
            listed(&name, Judged::new(Kind::Id, "the post's id")),
        ),
        Some(j) if j.kind == Kind::Counter => {
            (Role::Metric(table.metric_id(&name)), listed(&name, j))
        }
        Some(j) if j.kind == Kind::Gauge => (Role::Gauge(table.metric_id(&name)), listed(&name, j)),
        Some(j) => (Role::Ignored, listed("", j)),
        None if known.explicit || known.canonical => {
            let why = if layout.user.values().any(|h| fold(h) == fold(header)) {
                format!("`columns:` maps it to `{name}`")
            } else if known.explicit {
                format!(
                    "the {} preset reads it as `{name}`",
                    layout.preset.map_or("", |p| p.id)
                )
            } else {
                "a canonical metric".to_owned()
            };
            let kind = Judged::new(Kind::Counter, why);
            (Role::Metric(table.metric_id(&name)), listed(&name, kind))
        }
        None => (Role::Undecided(name, hint), None),
    }
}

/// The delimiter used most in the header line: `,`, `;`, tab or `|`.
fn sniff_delimiter(head: &[u8]) -> u8 {
    let line = head.split(|&b| b == b'\n').next().unwrap_or(head);
    let mut in_quotes = false;
    let mut counts = [0usize; 4];
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    for &b in line {
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if !in_quotes && let Some(i) = CANDIDATES.iter().position(|&c| c == b) {
            counts[i] += 1;
        }
    }
    let (best, count) = counts
        .iter()
        .enumerate()
        .max_by_key(|(i, c)| (**c, std::cmp::Reverse(*i)))
        .map_or((0, 0), |(i, c)| (i, *c));
    if count == 0 { b',' } else { CANDIDATES[best] }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_the_delimiter_from_the_header() {
        assert_eq!(sniff_delimiter(b"date,creator,spend\n1,2,3"), b',');
        assert_eq!(sniff_delimiter(b"date;creator;spend\n"), b';');
        assert_eq!(sniff_delimiter(b"date\tcreator\tspend"), b'\t');
        assert_eq!(sniff_delimiter(b"\"a;b\",c,d"), b',');
        assert_eq!(sniff_delimiter(b"single"), b',');
    }
}
