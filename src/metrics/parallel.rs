//! Reading one large file on two cores: the file is split at a line break near its
//! middle, each half is read into its own table, and the tables are merged (sums are
//! order-free). The split is checked afterwards: if it fell inside a quoted field (an
//! odd number of `"` before it), the file is read again on one core.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use super::ingest::{IngestStats, MAX_RECORD_BYTES, NoProgress, Progress, ingest};
use super::{CsvInput, IngestOptions, MetricTable};
use crate::error::{Error, Result};

/// The starts of a large file read first for its layout and the kinds of its columns,
/// shortest first: a longer one only when the sample of [`super::kinds::SAMPLE_ROWS`]
/// rows does not fit (the last allows rows of up to 8 KiB). The prefix is read twice, so
/// it is kept short: 64 KiB settles a file whose columns need no sample.
const PREFIX_BYTES: [u64; 3] = [1 << 16, 1 << 20, 8 << 20];

/// Files smaller than this are read on one core.
pub const PARALLEL_MIN_BYTES: u64 = 32 * 1024 * 1024;

/// Reads an open CSV file (named `input.label` in messages) into `table`, on two cores
/// when it is large. The file is never opened again: both halves read it by offset.
pub fn ingest_file(
    table: &mut MetricTable,
    input: &CsvInput,
    file: File,
    options: &IngestOptions,
    progress: &dyn Progress,
) -> Result<IngestStats> {
    let io = |error| Error::Io {
        path: input.label.clone(),
        error,
    };
    let size = file.metadata().map_err(io)?.len();
    let label = crate::text::path(&input.label);
    progress.begin(&label, Some(size));
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    if size < PARALLEL_MIN_BYTES || cores < 2 || input.encoding.is_some() {
        return ingest(table, input, file, options, progress);
    }
    match split_read(&file, size, input, options, progress) {
        Some(Ok((a, b, mut stats, stats_b))) => {
            table.absorb(a).map_err(|_| overflow(&input.label))?;
            table.absorb(b).map_err(|_| overflow(&input.label))?;
            stats.absorb(stats_b);
            progress.end();
            Ok(stats)
        }
        Some(Err(e)) => Err(e),
        // The split could not be made safely: read on one core, the bar from the start.
        None => {
            progress.begin(&label, Some(size));
            ingest(table, input, At::new(&file, 0, size), options, progress)
        }
    }
}

/// The bytes `pos..end` of a file, read by offset: several readers share one open file.
struct At<'a> {
    file: &'a File,
    pos: u64,
    end: u64,
}

impl<'a> At<'a> {
    fn new(file: &'a File, pos: u64, end: u64) -> At<'a> {
        At { file, pos, end }
    }
}

impl Read for At<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = usize::try_from(self.end.saturating_sub(self.pos)).unwrap_or(usize::MAX);
        let want = buf.len().min(left);
        if want == 0 {
            return Ok(0);
        }
        let n = read_at(self.file, &mut buf[..want], self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, offset)
}

type Halves = (MetricTable, MetricTable, IngestStats, IngestStats);

/// Passes on the bytes read by each half; the bar starts and ends around both.
struct Advance<'a>(&'a dyn Progress);

impl Progress for Advance<'_> {
    fn advance(&self, bytes: u64) {
        self.0.advance(bytes);
    }
}

fn split_read(
    file: &File,
    size: u64,
    input: &CsvInput,
    options: &IngestOptions,
    progress: &dyn Progress,
) -> Option<Result<Halves>> {
    let progress = Advance(progress);
    // The layout (header row, delimiter) from the first lines. Columns whose kind their
    // values decide must be read alike in both halves: from the same first rows a
    // single reader would look at, all inside the prefix.
    let head = PREFIX_BYTES.iter().find_map(|&bytes| {
        let mut prefix = Vec::new();
        At::new(file, 0, size.min(bytes))
            .read_to_end(&mut prefix)
            .ok()?;
        let cut = prefix.iter().rposition(|b| *b == b'\n')? + 1;
        let mut scratch = MetricTable::new();
        let head = ingest(&mut scratch, input, &prefix[..cut], options, &NoProgress).ok()?;
        (!head.sampled || head.decided.is_some()).then_some(head)
    })?;
    let decided = head.decided;
    let layout = head.layout?;
    // The split: just after the first line break past the middle.
    // (No line break within a row's length: not a file to split; one core will say why.)
    let mut reader = BufReader::new(At::new(
        file,
        size / 2,
        size.min(size / 2 + MAX_RECORD_BYTES as u64 + 1),
    ));
    let mut rest = Vec::new();
    let skipped = reader.read_until(b'\n', &mut rest).ok()? as u64;
    let split = size / 2 + skipped;
    if split >= size || !rest.ends_with(b"\n") {
        return None;
    }
    let first = CsvInput {
        count_quotes: true,
        decided: decided.clone(),
        ..input.clone()
    };
    let second = CsvInput {
        continuation: Some(layout),
        decided,
        ..input.clone()
    };
    let (a, b) = std::thread::scope(|scope| {
        let a = scope.spawn(|| -> Result<(MetricTable, IngestStats)> {
            let mut table = MetricTable::new();
            let half = At::new(file, 0, split);
            let stats = ingest(&mut table, &first, half, options, &progress)?;
            Ok((table, stats))
        });
        let b = scope.spawn(|| -> Result<(MetricTable, IngestStats)> {
            let mut table = MetricTable::new();
            let half = At::new(file, split, size);
            let stats = ingest(&mut table, &second, half, options, &progress)?;
            Ok((table, stats))
        });
        (a.join(), b.join())
    });
    let (a, b) = (a.ok()?, b.ok()?);
    let (table_a, stats_a) = match a {
        Ok(x) => x,
        Err(e) => return Some(Err(e)),
    };
    // The table ended in the first half: the rest of the file is other tables.
    if !stats_a.tables_ended.is_empty() {
        return Some(Ok((
            table_a,
            MetricTable::new(),
            stats_a,
            IngestStats::default(),
        )));
    }
    if stats_a.quotes % 2 == 1 {
        return None;
    }
    match b {
        Ok((table_b, mut stats_b)) => {
            // The second half numbers its lines from the split: so do its skipped rows.
            if !stats_b.bad_row_examples.is_empty() || !stats_b.tables_ended.is_empty() {
                let before = count_lines(file, split).unwrap_or(0);
                for (_, line, _) in &mut stats_b.tables_ended {
                    *line += before;
                }
                for (line, reason) in &mut stats_b.bad_row_examples {
                    let label = crate::text::path(&input.label);
                    let place = format!("{label}:{line}:");
                    if let Some(rest) = reason.strip_prefix(&place) {
                        *reason = format!("{label}:{}:{rest}", *line + before);
                    }
                    *line += before;
                }
            }
            Some(Ok((table_a, table_b, stats_a, stats_b)))
        }
        Err(Error::Csv {
            path,
            line,
            column,
            message,
        }) => {
            // The second half numbers its lines from the split: add the lines before it.
            let before = count_lines(file, split).unwrap_or(0);
            Some(Err(Error::Csv {
                path,
                line: line + before,
                column,
                message,
            }))
        }
        Err(e) => Some(Err(e)),
    }
}

fn count_lines(file: &File, upto: u64) -> Option<u64> {
    let mut reader = BufReader::with_capacity(1 << 20, At::new(file, 0, upto));
    let mut lines = 0u64;
    loop {
        let buf = reader.fill_buf().ok()?;
        if buf.is_empty() {
            return Some(lines);
        }
        lines += buf.iter().filter(|b| **b == b'\n').count() as u64;
        let n = buf.len();
        reader.consume(n);
    }
}

fn overflow(path: &Path) -> Error {
    Error::Csv {
        path: path.to_path_buf(),
        line: 0,
        column: None,
        message: "a sum is too large to hold exactly".into(),
    }
}
