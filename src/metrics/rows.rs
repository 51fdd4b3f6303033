//! One data row at a time: its dimensions, the filters, its numeric cells, the sums.
//!
//! [`Rows`] holds everything reading a row needs besides the table: the columns' roles
//! and the caches that make a row cheap. A reader of the same input on another thread
//! is a [`Rows::fork`] summing into a table of its own; the tables are merged after.

use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap as HashMap;

use super::cell::{CellError, DecimalMark, parse_cell, plain_millionths};
use super::creator_key_into;
use super::date::{self, DateError};
use super::guard::MAX_RECORD_BYTES;
use super::input::{Creators, CsvInput, IngestOptions, IngestStats, Key, Role, trim};
use super::kinds::{Judged, Kind};
use super::names::fold;
use super::number::Fixed;
use super::presets::{Summary, matches};
use super::records::Record;
use super::table::{Cells, Dimension, MetricTable, Overflow, Recent, Row, UNATTRIBUTED};
use crate::error::{Error, Result};

/// The export's own Total row: its line and its cells by metric name.
pub(super) type TotalRow = (u64, Vec<(String, Fixed)>);

/// Reads the data rows of one input into a table.
pub(super) struct Rows<'a> {
    input: &'a CsvInput,
    options: &'a IngestOptions,
    headers: &'a [String],
    /// Accepted spellings of the campaign (folded), when rows are filtered by campaign.
    accepted: &'a [String],
    roles: Vec<Role>,
    /// The dimension columns and what each holds.
    dims: Vec<(usize, Key)>,
    /// The columns that are, or may become, metrics.
    cells: Vec<usize>,
    /// Whether a row of column descriptions may still come (only before the first data
    /// row of the input, so never in a fork).
    may_describe: bool,
    /// Columns all empty on the export's own summary row (empty: no such rule).
    summary: Vec<usize>,
    /// What was read so far.
    pub(super) stats: IngestStats,
    /// The last Total row seen.
    pub(super) total: Option<TotalRow>,
    row: Row,
    /// The gauge cells of the row being read.
    levels: smallvec::SmallVec<[(usize, Fixed); 4]>,
    /// The last creator cell too long to pack read, and its group.
    last_creator: Option<(Vec<u8>, usize)>,
    /// Creator cells met lately, packed ([`pack`]), and their groups (2^14 slots, 384
    /// KiB: it stays in a core's cache).
    recent_creators: Recent<14>,
    /// The short creator cells met (the first 2^20), packed, and their groups: one probe
    /// finds a creator met long ago, when there are more than the recent ones hold,
    /// without making its key.
    creator_cells: Cells,
    /// A creator key being made (no allocation per row).
    key: String,
    /// Creator cells met that the campaign does not list.
    unlisted: Unlisted,
    platform_ids: Interner,
    format_ids: Interner,
    /// Exports are sorted or clustered by date: the last date cell read is the likely next.
    last_date: Option<(u128, NaiveDate)>,
    /// The last date read that had no year of its own (`--year` gave it), and its cell;
    /// `None` again once a jump across New Year has been reported.
    yearless: Yearless,
    week_ids: HashMap<i32, usize>,
    last_week: Option<(Option<NaiveDate>, usize)>,
    creator_week_ids: HashMap<(usize, usize), usize>,
    tracked_creators: Vec<Option<bool>>,
    /// Per creator group, whether the campaign lists it (`Creators::EveryCounting`).
    listed_creators: Vec<Option<bool>>,
    campaign_ok: HashMap<Vec<u8>, bool>,
    /// Rows held back while the kinds of some columns are decided from their values:
    /// each record and its line, replayed once the sample is complete.
    pending: Vec<(Record, u64)>,
    /// Whether the sample of the first rows has been taken.
    sampled: bool,
}

impl<'a> Rows<'a> {
    /// A reader of rows with these columns (`roles` name metric ids of the table read into).
    pub(super) fn new(
        input: &'a CsvInput,
        options: &'a IngestOptions,
        headers: &'a [String],
        accepted: &'a [String],
        roles: Vec<Role>,
        summary: Summary,
        stats: IngestStats,
    ) -> Rows<'a> {
        let summary = match summary {
            Summary::Labelled => Vec::new(),
            Summary::BlankFirst if headers.len() > 1 => vec![0],
            Summary::BlankFirst => Vec::new(),
            Summary::BlankIn(names) => (0..headers.len())
                .filter(|&i| names.iter().any(|n| matches(n, &headers[i])))
                .collect(),
        };
        let dims = roles
            .iter()
            .enumerate()
            .filter_map(|(i, role)| match role {
                Role::Dimension(key) => Some((i, *key)),
                _ => None,
            })
            .collect();
        let cells = metric_columns(&roles);
        Rows {
            input,
            options,
            headers,
            accepted,
            roles,
            dims,
            cells,
            may_describe: input.continuation.is_none(),
            summary,
            stats,
            total: None,
            row: Row::default(),
            levels: smallvec::SmallVec::new(),
            last_creator: None,
            recent_creators: Recent::default(),
            creator_cells: Cells::default(),
            key: String::new(),
            unlisted: Unlisted::default(),
            platform_ids: Interner::default(),
            format_ids: Interner::default(),
            last_date: None,
            yearless: Yearless::default(),
            week_ids: HashMap::default(),
            last_week: None,
            creator_week_ids: HashMap::default(),
            tracked_creators: Vec::new(),
            listed_creators: Vec::new(),
            campaign_ok: HashMap::default(),
            pending: Vec::new(),
            sampled: false,
        }
    }

    /// A reader of later rows of the same input, for a table that starts with the same
    /// metric names as this one's.
    pub(super) fn fork(&self) -> Rows<'a> {
        let mut fork = Rows::new(
            self.input,
            self.options,
            self.headers,
            self.accepted,
            self.roles.clone(),
            Summary::Labelled,
            IngestStats::default(),
        );
        fork.may_describe = false;
        fork.summary.clone_from(&self.summary);
        fork
    }

    /// Whether `record` starts another table under this one (Google Analytics exports
    /// hold several, each under its own `#` lines and header): after data, a `#` line,
    /// or a row of labels with another number of cells than the header. Notes it.
    pub(super) fn table_ends(&mut self, record: &Record, line: &dyn Fn() -> u64) -> bool {
        if record.len() == self.headers.len() || self.stats.rows == 0 && self.pending.is_empty() {
            return false;
        }
        let comment = record.get(0).is_some_and(|f| trim(f).starts_with(b"#"));
        // A header: two cells or more, each a name (a letter, not a number).
        let labels = record.len() >= 2
            && record.iter().all(|f| {
                trim(f).iter().any(u8::is_ascii_alphabetic)
                    && !matches!(parse_cell(f, self.input.decimal), Ok(Some(_)))
            });
        if !(comment || labels) {
            return false;
        }
        let mut start: String = record
            .iter()
            .map(|f| String::from_utf8_lossy(trim(f)).into_owned())
            .collect::<Vec<_>>()
            .join(",")
            .chars()
            .take(60)
            .collect();
        if start.len() < record.iter().map(|f| f.len() + 1).sum::<usize>() - 1 {
            start.push('…');
        }
        self.stats
            .tables_ended
            .push((self.input.label.clone(), line(), start));
        true
    }

    /// Whether the rows so far leave nothing to decide that later rows could decide
    /// differently on another thread: every column's role is known and the row of
    /// column descriptions, if any, is behind.
    pub(super) fn settled(&self) -> bool {
        self.stats.rows > 0 && !self.roles.iter().any(|r| matches!(r, Role::Undecided(..)))
    }

    /// Whether rows are still held back to decide the kinds of some columns.
    fn sampling(&self) -> bool {
        !self.sampled && self.roles.iter().any(|r| matches!(r, Role::Undecided(..)))
    }

    /// The input has ended (or its table has): decides what the sample left undecided,
    /// from every row there was, and adds the rows held back.
    pub(super) fn finish(&mut self, table: &mut MetricTable) -> Result<()> {
        if self.sampling() {
            self.decide(table, true)?;
        }
        Ok(())
    }

    /// Decides the kind of each undecided column from the rows held back (`whole`: they
    /// are all the input's rows), then adds those rows.
    fn decide(&mut self, table: &mut MetricTable, whole: bool) -> Result<()> {
        self.sampled = true;
        self.stats.sampled = true;
        let mut decided = vec![None; self.roles.len()];
        for (i, slot) in decided.iter_mut().enumerate() {
            let Role::Undecided(..) = &self.roles[i] else {
                continue;
            };
            let cells: Vec<&[u8]> = self
                .pending
                .iter()
                .filter_map(|(record, _)| record.get(i))
                .collect();
            // Empty in every sampled row: its first value will decide (a counter that
            // starts late, a comment column).
            if !whole && cells.iter().all(|c| c.trim_ascii().is_empty()) {
                continue;
            }
            // A level's word (`Subscribers`) over values that go below zero: a change.
            if let Role::Undecided(_, hint @ Some(_)) = &mut self.roles[i]
                && hint.as_ref().is_some_and(|h| h.kind == Kind::Gauge)
                && cells.iter().any(|c| {
                    super::cell::parse_cell(c.trim_ascii(), self.input.decimal)
                        .is_ok_and(|v| v.is_some_and(|v| v.raw() < 0))
                })
            {
                *hint = Some(Judged::new(
                    Kind::Counter,
                    "a level's word, but its values go below zero: a change",
                ));
            }
            let values =
                super::kinds::by_values(&self.headers[i], &cells, self.input.decimal, whole);
            let (role, report) = resolve(&mut self.roles[i], values, table, |j| j);
            *slot = Some(report.clone());
            self.take_role(table, i, role, report);
        }
        if !whole && self.settled_kinds() {
            self.stats.decided = Some(decided);
        }
        self.stats.columns.sort_by_key(|c| c.column);
        self.cells = metric_columns(&self.roles);
        for (record, line) in std::mem::take(&mut self.pending) {
            self.add(table, &record, &|| line)?;
        }
        Ok(())
    }

    /// Whether every column's kind is known.
    fn settled_kinds(&self) -> bool {
        !self.roles.iter().any(|r| matches!(r, Role::Undecided(..)))
    }

    /// Reads one record found at `line`, adding it to `table` unless it is filtered out
    /// or not data; while the kinds of some columns are being decided, it is held back.
    pub(super) fn read(
        &mut self,
        table: &mut MetricTable,
        record: &Record,
        line: &dyn Fn() -> u64,
    ) -> Result<()> {
        if !self.is_data(table, record, line)? {
            return Ok(());
        }
        if self.sampling() {
            self.pending.push((record.clone(), line()));
            if self.pending.len() >= super::kinds::SAMPLE_ROWS {
                self.decide(table, false)?;
            }
            return Ok(());
        }
        self.add(table, record, line)
    }

    /// Whether `record` is a data row: not blank, as many cells as the header, not the
    /// export's Total row (kept to check the sum) nor a row of column descriptions.
    fn is_data(
        &mut self,
        table: &MetricTable,
        record: &Record,
        line: &dyn Fn() -> u64,
    ) -> Result<bool> {
        let Rows {
            input,
            headers,
            roles,
            may_describe,
            summary,
            stats,
            total,
            ..
        } = self;
        if record.cell_bytes() > MAX_RECORD_BYTES {
            return Err(Error::Csv {
                path: input.label.clone(),
                line: line(),
                column: None,
                message: format!(
                    "this row holds {} bytes; rows are limited to {MAX_RECORD_BYTES} bytes (is the file really CSV?)",
                    record.cell_bytes()
                ),
            });
        }
        if record.iter().all(|f| trim(f).is_empty()) {
            return Ok(false);
        }
        if record.len() != headers.len() {
            return Err(Error::Csv {
                path: input.label.clone(),
                line: line(),
                column: None,
                message: if record.len() == 1 {
                    format!(
                        "this row has 1 cell but the header has {}; is it written with another delimiter than the header?",
                        headers.len()
                    )
                } else if record.len() > headers.len() {
                    format!(
                        "this row has {} cells but the header has {}; check for a delimiter inside an unquoted cell",
                        record.len(),
                        headers.len()
                    )
                } else {
                    format!(
                        "this row has {} cells but the header has {}; check for a missing cell or a quote that is not closed",
                        record.len(),
                        headers.len()
                    )
                },
            });
        }

        // An export's own Total row is not data: keep it to check the sum, never add it.
        if record.get(0).is_some_and(is_total_label) || is_summary_row(record, roles, summary) {
            let cells = metric_cells(record, roles, input.decimal)
                .into_iter()
                .map(|(id, value)| (table.names()[id].clone(), value))
                .collect();
            *total = Some((line(), cells));
            stats.ignored_rows += 1;
            return Ok(false);
        }
        // A second header row describing the metrics ("Lifetime: the number of …"): only
        // ever the first row under the header.
        if std::mem::take(may_describe) {
            if is_description_row(record, roles, input.decimal) {
                stats.ignored_rows += 1;
                described(record, headers, roles);
                return Ok(false);
            }
            if let Some((i, cell)) = decimal_comma_cell(record, input.decimal) {
                return Err(Error::Csv {
                    path: input.label.clone(),
                    line: line(),
                    column: Some((i + 1, headers[i].clone())),
                    message: format!(
                        "`{}` is written with a decimal comma; pass --decimal-comma (or `decimal_comma: true` on its `metrics:` entry) so that `1.234` reads as 1234 and `1,5` as 1.5",
                        crate::text::quote(&cell)
                    ),
                });
            }
        }
        Ok(true)
    }

    /// Adds a data row to `table` unless the filters leave it out (another campaign,
    /// dated after `--as-of`) or, with `--skip-bad-rows`, a cell cannot be read.
    fn add(
        &mut self,
        table: &mut MetricTable,
        record: &Record,
        line: &dyn Fn() -> u64,
    ) -> Result<()> {
        // Dimensions first: a row that is filtered out is not parsed any further.
        let Some(keys) = self.keys_of(record, line)? else {
            return Ok(());
        };
        if !self.read_cells(table, record, line)? {
            return Ok(());
        }
        if keys.before_period {
            let input = self.input;
            return self
                .sum_code(table, &keys)
                .map_err(|Overflow(m)| overflow(input, line(), &table.names()[m]));
        }
        self.sum(table, &keys, line)
    }

    /// What a row is about: its date, creator, platform and format cells; `None` when
    /// it belongs to another campaign, is dated after `--as-of` or (skipped) is unreadable.
    fn keys_of<'r>(
        &mut self,
        record: &'r Record,
        line: &dyn Fn() -> u64,
    ) -> Result<Option<RowKeys<'r>>> {
        let mut keys = RowKeys::default();
        for d in 0..self.dims.len() {
            let (i, key) = self.dims[d];
            let Some(field) = record.get(i) else {
                continue;
            };
            let text = trim(field);
            if text.iter().any(|b| *b >= 0x80) && std::str::from_utf8(text).is_err() {
                return Err(self.cell_error(i, line(), format!(
                    "`{}` is not UTF-8 text; if the file is Windows-1252 or Latin-1, pass --encoding windows-1252",
                    crate::text::quote(&String::from_utf8_lossy(text))
                )));
            }
            match key {
                Key::Date => match self.date(i, text, line) {
                    Ok(date) => keys.date = date,
                    Err(e) => {
                        self.skip_or_fail(e)?;
                        return Ok(None);
                    }
                },
                Key::Campaign => {
                    if !self.is_this_campaign(text) {
                        return Ok(None);
                    }
                }
                Key::Creator => keys.creator = text,
                Key::Platform => keys.platform = text,
                Key::Format => keys.format = text,
                Key::Code => keys.code = text,
                Key::Currency => self.check_currency(i, text, line)?,
            }
        }
        if let (Some(d), Some(from)) = (keys.date, self.options.from)
            && d < from
        {
            // Before the period: out of the sums; an order a contract's code carries
            // still counts for its commission, which runs from the signing.
            self.stats.before_start += 1;
            let tracked = !keys.code.is_empty()
                && self
                    .options
                    .codes
                    .contains(&super::input::code_key(&String::from_utf8_lossy(keys.code)));
            if !tracked {
                return Ok(None);
            }
            keys.before_period = true;
        }
        if let (Some(d), Some(as_of)) = (keys.date, self.options.as_of)
            && d > as_of
        {
            self.stats.after_as_of += 1;
            if !keys.code.is_empty() && !self.options.codes.is_empty() {
                let code = super::input::code_key(&String::from_utf8_lossy(keys.code));
                if self.options.codes.contains(&code) {
                    let held = self.stats.codes_after.entry(code).or_insert((0, d));
                    held.0 += 1;
                    held.1 = held.1.max(d);
                }
            }
            return Ok(None);
        }
        Ok(Some(keys))
    }

    /// A `currency` cell naming another currency than the campaign's is an error: sums
    /// in two currencies mean nothing, and no rate is guessed.
    fn check_currency(&self, i: usize, text: &[u8], line: &dyn Fn() -> u64) -> Result<()> {
        let Some(wanted) = &self.options.currency else {
            return Ok(());
        };
        if text.is_empty() || text.eq_ignore_ascii_case(wanted.as_bytes()) {
            return Ok(());
        }
        Err(self.cell_error(
            i,
            line(),
            format!(
                "this row is in `{}` but the campaign's currency is {wanted}; convert the export, or leave such rows out",
                crate::text::quote(&String::from_utf8_lossy(text))
            ),
        ))
    }

    /// The date in cell `text` of column `i` (`None` when blank); the last one read is
    /// remembered, as exports are sorted or clustered by date.
    fn date(&mut self, i: usize, text: &[u8], line: &dyn Fn() -> u64) -> Result<Option<NaiveDate>> {
        let packed = pack(text);
        if let (Some((last, d)), Some(key)) = (self.last_date, packed)
            && key == last
        {
            return Ok(Some(d));
        }
        if text.is_empty() {
            return Ok(None);
        }
        match date::parse(text, self.input.date_order, self.input.year) {
            Ok(d) => {
                self.last_date = packed.map(|key| (key, d));
                if self.input.year.is_some() {
                    self.yearless
                        .check(self.input, text, d, line(), &mut self.stats);
                }
                Ok(Some(d))
            }
            Err(kind) => {
                let cell = String::from_utf8_lossy(text);
                let message = match kind {
                    DateError::NoYear => {
                        format!(
                            "`{}` has no year; give it with --year",
                            crate::text::quote(&cell)
                        )
                    }
                    DateError::Unreadable => crate::campaign::value::date_problem(&cell),
                };
                Err(self.cell_error(i, line(), message))
            }
        }
    }

    /// Whether a `campaign` cell names this campaign (a blank one does, and any does
    /// when rows are not filtered by campaign); counts the rows of the others.
    fn is_this_campaign(&mut self, text: &[u8]) -> bool {
        if self.accepted.is_empty() || text.is_empty() {
            return true;
        }
        let accepted = self.accepted;
        let ok = *self
            .campaign_ok
            .entry(text.to_vec())
            .or_insert_with(|| accepted.contains(&fold(&String::from_utf8_lossy(text))));
        if !ok {
            *self
                .stats
                .other_campaigns
                .entry(String::from_utf8_lossy(text).into_owned())
                .or_default() += 1;
        }
        ok
    }

    /// With `--skip-bad-rows`, counts the row `error` is about as skipped; else the error.
    fn skip_or_fail(&mut self, error: Error) -> Result<()> {
        if self.options.skip_bad_rows {
            self.stats.skip(&error);
            Ok(())
        } else {
            Err(error)
        }
    }

    /// An error in the cell of column `i` on `line`.
    fn cell_error(&self, i: usize, line: u64, message: String) -> Error {
        Error::Csv {
            path: self.input.label.clone(),
            line,
            column: Some((i + 1, self.headers[i].clone())),
            message,
        }
    }

    /// Reads the row's metric cells into `self.row` (counters) and `self.levels`
    /// (gauges), deciding the kind of a column met empty so far by its first value.
    /// `false` when a cell cannot be read and the row is skipped.
    fn read_cells(
        &mut self,
        table: &mut MetricTable,
        record: &Record,
        line: &dyn Fn() -> u64,
    ) -> Result<bool> {
        self.row.clear();
        self.levels.clear();
        let mut decided = false;
        for c in 0..self.cells.len() {
            let i = self.cells[c];
            let Some(field) = record.get(i) else {
                continue;
            };
            if let Role::Undecided(..) = &self.roles[i] {
                // A column empty in every sampled row is decided by its first value.
                if trim(field).is_empty() {
                    continue;
                }
                self.decide_on(table, i, field, line());
                decided = true;
            }
            let (id, gauge) = match &self.roles[i] {
                Role::Metric(id) => (*id, false),
                Role::Gauge(id) => (*id, true),
                _ => continue,
            };
            let point = self.input.decimal == DecimalMark::Point;
            if !gauge && let Some(raw) = plain_millionths(field, point) {
                self.row.push_raw(id, raw);
                continue;
            }
            match parse_cell(field, self.input.decimal) {
                Ok(Some(value)) if gauge => self.levels.push((id, value)),
                Ok(Some(value)) => self.row.push(id, value),
                Ok(None) => {}
                Err(kind) => {
                    self.skip_or_fail(self.cell_error(i, line(), cell_problem(field, kind)))?;
                    return Ok(false);
                }
            }
        }
        if decided {
            self.cells = metric_columns(&self.roles);
            self.stats.columns.sort_by_key(|c| c.column);
        }
        Ok(true)
    }

    /// Decides the kind of column `i`, empty in every sampled row, from `field` on `line`.
    fn decide_on(&mut self, table: &mut MetricTable, i: usize, field: &[u8], line: u64) {
        let values = super::kinds::by_values(&self.headers[i], &[field], self.input.decimal, false);
        let (role, report) = resolve(&mut self.roles[i], values, table, |j| {
            Judged::new(
                j.kind,
                format!("empty in the first rows; decided on line {line}: {}", j.why),
            )
        });
        self.take_role(table, i, role, report);
    }

    /// Column `i` is read as `role` from now on, for the reason in `report` (listed by
    /// `kpi metrics --kinds`, once per input: not again by a later part of it).
    fn take_role(&mut self, table: &MetricTable, i: usize, role: Role, report: Judged) {
        if self.input.continuation.is_none() {
            self.stats.columns.push(super::input::ColumnKind::new(
                self.input,
                i,
                &self.headers[i],
                name_of(&role, table),
                report,
            ));
        }
        self.roles[i] = role;
    }

    /// Adds the row read to the total and to the groups asked for.
    fn sum(
        &mut self,
        table: &mut MetricTable,
        keys: &RowKeys<'_>,
        line: &dyn Fn() -> u64,
    ) -> Result<()> {
        let input = self.input;
        let too_large =
            |table: &MetricTable, Overflow(metric)| overflow(input, line(), &table.names()[metric]);
        table
            .total_mut()
            .add_row(&self.row)
            .map_err(|o| too_large(table, o))?;
        let week = self.week_id(table, keys.date);
        // A gauge is the latest value of each series (creator × platform × format), so
        // a row with one needs its series whatever was asked for.
        let series = !self.levels.is_empty();
        let creator = self.creator_id(table, keys.creator, series, line);
        let options = self.options;
        let wanted = |d: Dimension| series || options.wants(d);
        let platform = wanted(Dimension::Platform).then(|| {
            intern_id(
                table,
                Dimension::Platform,
                &mut self.platform_ids,
                keys.platform,
            )
        });
        let format = wanted(Dimension::Format)
            .then(|| intern_id(table, Dimension::Format, &mut self.format_ids, keys.format));
        let id = |x: Option<usize>| x.unwrap_or(usize::MAX);
        for &(metric, value) in &self.levels {
            let ids = [id(creator), id(platform), id(format), week];
            table
                .observe_gauge(ids, metric, keys.date, line(), value)
                .map_err(|o| too_large(table, o))?;
        }
        let mut groups: smallvec::SmallVec<[(Dimension, usize); 4]> = smallvec::SmallVec::new();
        if self.options.per_dimension() {
            // Scoring reads every dimension; `kpi metrics --by` only the combinations.
            groups.extend(creator.map(|c| (Dimension::Creator, c)));
            groups.extend(platform.map(|p| (Dimension::Platform, p)));
            groups.extend(format.map(|f| (Dimension::Format, f)));
            groups.push((Dimension::Week, week));
        }
        for &(dimension, gid) in &groups {
            table
                .groups_mut(dimension)
                .sums_mut(gid)
                .add_row(&self.row)
                .map_err(|o| too_large(table, o))?;
        }
        if !self.options.combo.is_empty() {
            let mut ids = [usize::MAX; 4];
            for (slot, d) in ids.iter_mut().zip(&self.options.combo) {
                *slot = match d {
                    Dimension::Creator => id(creator),
                    Dimension::Platform => id(platform),
                    Dimension::Format => id(format),
                    Dimension::Week => week,
                };
            }
            let gid = table.combo_id(&self.options.combo, ids);
            table
                .add_to_combo(gid, &self.row)
                .map_err(|o| too_large(table, o))?;
        }
        if let Some(c) = creator.filter(|&c| self.tracks_weeks(table, c)) {
            let gid = match self.creator_week_ids.get(&(c, week)) {
                Some(&gid) => gid,
                None => {
                    let gid = table.creator_week_id(c, week);
                    self.creator_week_ids.insert((c, week), gid);
                    gid
                }
            };
            table
                .creator_weeks_mut()
                .sums_mut(gid)
                .add_row(&self.row)
                .map_err(|o| too_large(table, o))?;
        }
        if !keys.code.is_empty() && !self.options.codes.is_empty() {
            self.sum_code(table, keys)
                .map_err(|o| too_large(table, o))?;
        }
        self.stats.rows += 1;
        Ok(())
    }

    /// Adds the row to its affiliate code's day, when a contract holds the code; counts
    /// it among the other codes when none does.
    fn sum_code(&mut self, table: &mut MetricTable, keys: &RowKeys<'_>) -> Result<(), Overflow> {
        let shown = String::from_utf8_lossy(keys.code);
        let code = super::input::code_key(&shown);
        if self.options.codes.contains(&code) {
            table.add_code_row(&code, keys.date, &self.row)
        } else {
            self.stats.other_codes.record(&code, shown.trim());
            Ok(())
        }
    }

    /// The week group of `date` (the last one is remembered: rows come in date order).
    fn week_id(&mut self, table: &mut MetricTable, date: Option<NaiveDate>) -> usize {
        if let Some((d, id)) = self.last_week
            && d == date
        {
            return id;
        }
        let key = date.map_or(i32::MIN, |d| {
            let w = d.iso_week();
            w.year() * 100 + i32::try_from(w.week()).unwrap_or(0)
        });
        let id = *self.week_ids.entry(key).or_insert_with(|| {
            let label = date.map_or_else(
                || UNATTRIBUTED.to_owned(),
                |d| {
                    let w = d.iso_week();
                    format!("{}-W{:02}", w.year(), w.week())
                },
            );
            table.groups_mut(Dimension::Week).id(&label)
        });
        if let Some(d) = date {
            table.mark_day(id, d.weekday().num_days_from_monday());
        }
        self.last_week = Some((date, id));
        id
    }

    /// The creator group of a row's creator cell, when its creator is kept (every one,
    /// or one the campaign lists) or `series` needs it; a creator the campaign does not
    /// list is counted in the stats instead.
    fn creator_id(
        &mut self,
        table: &mut MetricTable,
        raw: &[u8],
        series: bool,
        line: &dyn Fn() -> u64,
    ) -> Option<usize> {
        let options = self.options;
        let kept = match &options.creators {
            Creators::Every => true,
            Creators::EveryCounting(listed) => {
                let id = self.creator_group(table, raw, line);
                self.count_unlisted(table, id, listed);
                return Some(id);
            }
            Creators::Unkept => false,
            Creators::Named(named) => {
                raw.is_empty()
                    || self.unlisted.is_listed(
                        raw,
                        named,
                        &mut self.key,
                        &mut self.stats.other_creators,
                    )
            }
        };
        (kept || series).then(|| self.creator_group(table, raw, line))
    }

    /// The creator group of creator cell `raw` (added when new, with the cell's
    /// spelling and line); the last cell is remembered, as rows come clustered.
    fn creator_group(
        &mut self,
        table: &mut MetricTable,
        raw: &[u8],
        line: &dyn Fn() -> u64,
    ) -> usize {
        // Short cells (most handles) are remembered by their bytes, so that a creator
        // met lately is found without making its key again.
        let packed = pack(raw);
        match packed {
            Some(key) => {
                if let Some(id) = self.recent_creators.get(key) {
                    return id;
                }
                if let Some(id) = self.creator_cells.get(key) {
                    self.recent_creators.put(key, id);
                    return id;
                }
            }
            None => {
                if let Some((last, id)) = &self.last_creator
                    && last == raw
                {
                    return *id;
                }
            }
        }
        creator_key_into(&String::from_utf8_lossy(raw), &mut self.key);
        let creators = table.groups_mut(Dimension::Creator);
        let id = if self.key.is_empty() {
            creators.id(UNATTRIBUTED)
        } else {
            let before = creators.len();
            let id = creators.id(&self.key);
            // Spelled as first met (groups are only made here while rows are read).
            if id == before {
                creators.spell(id, String::from_utf8_lossy(raw).trim(), line());
            }
            id
        };
        match packed {
            Some(key) => {
                self.recent_creators.put(key, id);
                self.creator_cells.insert(key, id);
            }
            None => {
                let (last, last_id) = self.last_creator.get_or_insert_default();
                last.clear();
                last.extend_from_slice(raw);
                *last_id = id;
            }
        }
        id
    }

    /// Counts a row of creator group `creator` in the stats when `listed` lacks it.
    fn count_unlisted(
        &mut self,
        table: &MetricTable,
        creator: usize,
        listed: &std::collections::HashSet<String>,
    ) {
        if creator >= self.listed_creators.len() {
            self.listed_creators.resize(creator + 1, None);
        }
        let key = table.group_key(Dimension::Creator, creator);
        let others = &mut self.stats.other_creators;
        match self.listed_creators[creator] {
            Some(true) => {}
            Some(false) => others.again(),
            None if key == UNATTRIBUTED || listed.contains(key) => {
                self.listed_creators[creator] = Some(true);
            }
            None => {
                others.record(key, table.creator_name(key));
                self.listed_creators[creator] = Some(false);
            }
        }
    }

    /// Whether creator group `creator` is one whose weekly sums are kept.
    fn tracks_weeks(&mut self, table: &MetricTable, creator: usize) -> bool {
        if self.options.creator_weeks.is_empty() {
            return false;
        }
        if creator >= self.tracked_creators.len() {
            self.tracked_creators.resize(creator + 1, None);
        }
        let weeks = &self.options.creator_weeks;
        *self.tracked_creators[creator]
            .get_or_insert_with(|| weeks.contains(table.group_key(Dimension::Creator, creator)))
    }
}

/// The cells of a row that say what it is about (empty when the export has no such
/// column or leaves it blank).
#[derive(Default)]
struct RowKeys<'r> {
    date: Option<NaiveDate>,
    creator: &'r [u8],
    platform: &'r [u8],
    format: &'r [u8],
    code: &'r [u8],
    /// Dated before the campaign period: only its affiliate code's day is kept.
    before_period: bool,
}

/// What is wrong with a metric cell.
fn cell_problem(field: &[u8], kind: CellError) -> String {
    let cell = String::from_utf8_lossy(field);
    let quoted = crate::text::quote(&cell);
    match kind {
        CellError::NotANumber if cell.contains(['\n', '\r']) => format!(
            "`{quoted}` is not a number; it runs over a line break, so a quote is probably not closed"
        ),
        CellError::NotANumber => format!("`{quoted}` is not a number"),
        CellError::TooLarge => format!("`{quoted}` is too large"),
        CellError::LeadingZeroGroup => format!(
            "`{quoted}` is not a number: no thousands group follows a leading 0; if the file writes decimals with a comma, pass --decimal-comma"
        ),
    }
}

/// What a row of column descriptions says of how each column counts: Facebook writes
/// `(Unique Users)` — people counted once per post, not additive — or `(Total Count)`,
/// once for a group of columns (`… by action type - comment`, `- like`). It settles the
/// kind of a column whose header did not (an `Average` header stays a rate).
fn described(record: &Record, headers: &[String], roles: &mut [Role]) {
    let group = |header: &str| header.split_once(" - ").map(|(g, _)| g.to_owned());
    let mut last: Option<(Option<String>, String)> = None;
    for ((field, header), role) in record.iter().zip(headers).zip(roles.iter_mut()) {
        let own = String::from_utf8_lossy(field).to_lowercase();
        let text = if own.trim().is_empty() {
            // A grouped column shares the first column's description.
            match &last {
                Some((Some(g), text)) if group(header).as_ref() == Some(g) => text.clone(),
                _ => own,
            }
        } else {
            last = Some((group(header), own.clone()));
            own
        };
        let Role::Undecided(_, hint) = role else {
            continue;
        };
        let counted =
            !matches!(hint, Some(j) if matches!(j.kind, Kind::Rate | Kind::Share | Kind::Id));
        if text.contains("(unique users)") {
            *hint = Some(Judged::new(
                Kind::Rate,
                "described as `(Unique Users)`: people counted once per row, not additive",
            ));
        } else if text.contains("(total count)") && counted {
            *hint = Some(Judged::new(Kind::Counter, "described as `(Total Count)`"));
        }
    }
}

/// The role of an undecided column once its values are known: what the header hinted,
/// unless the values are text (a label); `explain` words the reason.
fn resolve(
    role: &mut Role,
    values: Judged,
    table: &mut MetricTable,
    explain: impl Fn(Judged) -> Judged,
) -> (Role, Judged) {
    let Role::Undecided(name, hint) = role else {
        return (role.clone(), values);
    };
    let judged = explain(match hint.take() {
        Some(hint) if values.kind != Kind::Label => hint,
        _ => values,
    });
    let name = std::mem::take(name);
    let role = match judged.kind {
        Kind::Counter => Role::Metric(table.metric_id(&name)),
        Kind::Gauge => Role::Gauge(table.metric_id(&name)),
        _ => Role::Ignored,
    };
    (role, judged)
}

/// The metric a role reads into, for the column report; empty when none.
fn name_of<'t>(role: &Role, table: &'t MetricTable) -> &'t str {
    match role {
        Role::Metric(id) | Role::Gauge(id) => &table.names()[*id],
        _ => "",
    }
}

/// The columns that are, or may become, metrics.
fn metric_columns(roles: &[Role]) -> Vec<usize> {
    roles
        .iter()
        .enumerate()
        .filter(|(_, role)| matches!(role, Role::Metric(_) | Role::Gauge(_) | Role::Undecided(..)))
        .map(|(i, _)| i)
        .collect()
}

fn overflow(input: &CsvInput, line: u64, name: &str) -> Error {
    Error::Csv {
        path: input.label.clone(),
        line,
        column: None,
        message: format!(
            "the sum of `{}` is too large to hold exactly",
            crate::text::quote(name)
        ),
    }
}

/// Warnings for the metrics where an export's own Total row disagrees with the sum of its
/// rows (exports do, through rounding or late data); `before` holds each metric's total
/// before this input was read.
pub(super) fn check_total(
    table: &MetricTable,
    before: &[(String, Fixed)],
    total: Option<TotalRow>,
    label: &std::path::Path,
) -> Vec<String> {
    let Some((line, cells)) = total else {
        return Vec::new();
    };
    cells
        .into_iter()
        .filter_map(|(name, stated)| {
            let earlier = before
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(0.0, |(_, v)| v.to_f64());
            let sum = table.total(&name).unwrap_or_default().to_f64() - earlier;
            let stated = stated.to_f64();
            ((sum - stated).abs() > (stated.abs() * 0.01).max(1.0)).then(|| {
                format!(
                    "{}:{line}: the export's Total row says {} = {stated} but its rows add up to {sum}; the rows are used",
                    crate::text::path(label),
                    crate::text::quote(&name)
                )
            })
        })
        .collect()
}

/// A row empty in every column of the preset's summary rule, with a number in a metric
/// column: Meta Ads Manager's summary row, Google Analytics' totals.
fn is_summary_row(record: &Record, roles: &[Role], blank: &[usize]) -> bool {
    !blank.is_empty()
        && blank
            .iter()
            .all(|&i| record.get(i).is_none_or(|f| trim(f).is_empty()))
        && record.iter().zip(roles).any(|(f, role)| {
            matches!(role, Role::Metric(_) | Role::Gauge(_) | Role::Undecided(..))
                && !trim(f).is_empty()
        })
}

/// The first cell that can only be a number with a decimal comma (`99,88%`, `1,15`,
/// `US$ 0,00`), when decimals are read with a point: the export is in a comma locale,
/// and its `2.546` means 2546, not 2.546.
fn decimal_comma_cell(record: &Record, mark: DecimalMark) -> Option<(usize, String)> {
    if mark != DecimalMark::Point {
        return None;
    }
    record.iter().enumerate().find_map(|(i, field)| {
        let text = std::str::from_utf8(trim(field)).ok()?;
        let number = text
            .trim_end_matches(['%', '€', ' ', '\u{a0}'])
            .trim_start_matches(|c: char| !c.is_ascii_digit() && c != '-');
        let (whole, fraction) = number.trim_start_matches('-').split_once(',')?;
        let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
            n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        };
        (digits(whole, 1..=3) && digits(fraction, 1..=2) && whole.len() + fraction.len() < 6)
            .then(|| (i, text.to_owned()))
    })
}

/// Labels of an export's own total row.
fn is_total_label(cell: &[u8]) -> bool {
    let cell = trim(cell);
    // Cheap refusal first: this runs on every row.
    if !matches!(cell.first(), Some(b't' | b'T' | b'g' | b'G' | b's' | b'S')) || cell.len() > 16 {
        return false;
    }
    let text = String::from_utf8_lossy(cell).to_lowercase();
    text == "total"
        || text == "totals"
        || text == "grand total"
        || text.starts_with("total ")
        || text == "summe"
        || text == "gesamt"
        || text == "total général"
}

/// The numeric cells of a row in metric columns (unreadable cells are left out).
fn metric_cells(record: &Record, roles: &[Role], mark: DecimalMark) -> Vec<(usize, Fixed)> {
    record
        .iter()
        .zip(roles)
        .filter_map(|(field, role)| match role {
            Role::Metric(id) => parse_cell(field, mark).ok().flatten().map(|v| (*id, v)),
            _ => None,
        })
        .collect()
}

/// A row of column descriptions under the header: no number in any metric column, and
/// sentences there (`Lifetime: The total number of people …`) — in a known metric column
/// if there is one, else in two columns; cells of grouped columns may be empty. A lone
/// unreadable cell such as `12x` is not a description but an error, and a first row of
/// titles and dates is data.
fn is_description_row(record: &Record, roles: &[Role], mark: DecimalMark) -> bool {
    let (mut in_metrics, mut in_others, mut metrics) = (0, 0, 0);
    for (field, role) in record.iter().zip(roles) {
        let known = match role {
            Role::Metric(_) => true,
            Role::Undecided(..) => false,
            _ => continue,
        };
        metrics += usize::from(known);
        let text = trim(field);
        match parse_cell(field, mark) {
            Ok(Some(_)) => return false,
            Ok(None) => {}
            Err(_) => {
                // Words, not a number with spaces between its groups (`12 345,67`).
                let sentence = text
                    .split(u8::is_ascii_whitespace)
                    .filter(|w| !w.is_empty())
                    .count()
                    >= 2
                    && text.iter().any(u8::is_ascii_alphabetic)
                    && date::parse(text, date::DateOrder::MonthFirst, Some(2000)).is_err();
                if sentence && known {
                    in_metrics += 1;
                } else if sentence {
                    in_others += 1;
                }
            }
        }
    }
    if metrics > 0 {
        in_metrics > 0
    } else {
        in_others >= 2
    }
}

/// A cell of up to 15 bytes as one number (bytes and length): short cells — handles,
/// platforms, formats, dates — are compared and hashed as a word pair instead of bytes.
fn pack(raw: &[u8]) -> Option<u128> {
    let len = raw.len();
    let (low, high) = match len {
        0..8 => (
            raw.iter()
                .enumerate()
                .fold(0u64, |key, (i, b)| key | u64::from(*b) << (8 * i)),
            0,
        ),
        8..16 => {
            // Two overlapping loads: the first eight bytes, and the bytes past them.
            let first = u64::from_le_bytes(raw.get(..8)?.try_into().ok()?);
            let last = u64::from_le_bytes(raw.get(len - 8..)?.try_into().ok()?);
            (first, last.checked_shr(8 * (16 - len) as u32).unwrap_or(0))
        }
        _ => return None,
    };
    Some(u128::from(low) | u128::from(high) << 64 | (len as u128) << 120)
}

/// Raw platform or format cell → group id, remembering the last cell (they repeat).
#[derive(Default)]
struct Interner {
    short: HashMap<u128, usize>,
    long: HashMap<Vec<u8>, usize>,
    last: Option<(u128, usize)>,
}

/// Creator cells the campaign does not list, remembered (a bounded number of them) so
/// that their next rows are counted without reading the cell again.
#[derive(Default)]
struct Unlisted {
    cells: rustc_hash::FxHashSet<Vec<u8>>,
}

impl Unlisted {
    /// How many cells are remembered.
    const REMEMBERED: usize = 1 << 16;

    /// Whether creator cell `raw` names a creator in `listed`; counts it in `others`
    /// when not.
    fn is_listed(
        &mut self,
        raw: &[u8],
        listed: &std::collections::HashSet<String>,
        key: &mut String,
        others: &mut super::others::OtherCreators,
    ) -> bool {
        if self.cells.contains(raw) {
            others.again();
            return false;
        }
        creator_key_into(&String::from_utf8_lossy(raw), key);
        if key.is_empty() || listed.contains(key.as_str()) {
            return true;
        }
        others.record(key, String::from_utf8_lossy(raw).trim());
        if self.cells.len() < Self::REMEMBERED {
            self.cells.insert(raw.to_vec());
        }
        false
    }
}

fn intern_id(
    table: &mut MetricTable,
    dimension: Dimension,
    cache: &mut Interner,
    raw: &[u8],
) -> usize {
    let packed = pack(raw);
    if let (Some(key), Some((last, id))) = (packed, cache.last)
        && key == last
    {
        return id;
    }
    let known = match packed {
        Some(key) => cache.short.get(&key),
        None => cache.long.get(raw),
    };
    let id = match known {
        Some(&id) => id,
        None => {
            let key = if raw.is_empty() {
                UNATTRIBUTED.to_owned()
            } else {
                normalise_label(&String::from_utf8_lossy(raw))
            };
            let id = table.groups_mut(dimension).id(&key);
            match packed {
                Some(key) => cache.short.insert(key, id),
                None => cache.long.insert(raw.to_vec(), id),
            };
            id
        }
    };
    if let Some(key) = packed {
        cache.last = Some((key, id));
    }
    id
}

fn normalise_label(text: &str) -> String {
    text.trim().to_lowercase()
}

/// Dates written without a year, which `--year` dates all in one year: a file that
/// crosses New Year jumps back (or forward) most of a year between two rows.
#[derive(Default)]
struct Yearless {
    last: Option<(NaiveDate, String)>,
    reported: bool,
}

/// Consecutive dates further apart than this, both without a year, cross New Year.
const YEAR_JUMP_DAYS: i64 = 180;

impl Yearless {
    /// Notes (once per input) a date without a year far from the last one without a year.
    fn check(
        &mut self,
        input: &CsvInput,
        text: &[u8],
        date: NaiveDate,
        line: u64,
        stats: &mut IngestStats,
    ) {
        if self.reported
            || super::date::parse(text, input.date_order, None)
                != Err(super::date::DateError::NoYear)
        {
            return;
        }
        let cell = String::from_utf8_lossy(text).trim().to_owned();
        if let Some((last, last_cell)) = &self.last
            && (date - *last).num_days().abs() > YEAR_JUMP_DAYS
        {
            stats.warnings.push(format!(
                "{}:{line}: `{}` follows `{}`, and with --year {} that is {} days {}: dates without a year that cross New Year are put in one year; split the file at the new year and give each part its own --year",
                crate::text::path(&input.label),
                crate::text::quote(&cell),
                crate::text::quote(last_cell),
                input.year.unwrap_or_default(),
                (date - *last).num_days().abs(),
                if date < *last { "earlier" } else { "later" }
            ));
            self.reported = true;
            return;
        }
        self.last = Some((date, cell));
    }
}

#[cfg(test)]
mod tests {
    use super::pack;

    #[test]
    fn packed_cells_differ_when_their_bytes_do() {
        let mut seen = std::collections::HashMap::new();
        let mut cells: Vec<Vec<u8>> = Vec::new();
        for len in 0..=15 {
            for fill in [0u8, b'a', 0xff] {
                let base = vec![fill; len];
                cells.push(base.clone());
                for i in 0..len {
                    let mut changed = base.clone();
                    changed[i] ^= 1;
                    cells.push(changed);
                }
            }
        }
        cells.push(b"@creator1006".to_vec());
        cells.push(b"@creator1007".to_vec());
        cells.push(b"2026-03-01".to_vec());
        for cell in cells {
            let Some(key) = pack(&cell) else {
                panic!("{cell:?} is short enough to pack");
            };
            if let Some(other) = seen.insert(key, cell.clone()) {
                assert_eq!(other, cell, "two cells share key {key:#x}");
            }
        }
        assert_eq!(pack(&[b'x'; 16]), None);
    }
}
