//! Reading a stream that cannot be split like a file (standard input) on two cores:
//! this thread reads and splits records — the CSV parser finds record boundaries
//! exactly, quoted line breaks included — and hands them in batches to a helper thread
//! that does the rest of the work (cells, dates, groups, sums) into a table of its own;
//! one batch in [`SHARE`] this thread sums itself, into another table. The tables are
//! merged at the end. Sums are order-free, so the result is the one a single reader
//! would get, and which thread sums which batch is fixed, so every run is the same.
//!
//! The first rows are read here, one by one, until nothing is left that later rows could
//! decide differently in each table (a column whose role depends on its first value, a
//! row of column descriptions). A thread that meets a bad row stops summing, reading
//! stops, and the earliest error by line is the one reported: every batch before it has
//! been summed by one of the two threads.

use std::io::BufRead;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use super::input::{CsvInput, IngestStats, csv_error};
use super::records::{Record, Records};
use super::rows::{Rows, TotalRow};
use super::table::MetricTable;
use crate::error::{Error, Result};

/// Records per batch: large enough that handing over costs nothing, small enough that a
/// batch is still in cache when it is summed and little is held in memory.
const BATCH: usize = 512;
/// Batches queued for the helper thread.
const QUEUE: usize = 4;
/// One batch in `SHARE` is summed by the reading thread, the rest by the helper: parsing
/// (csv_core, ~475 MB/s) is about 40% of the work of a row, so the reader sums a fifth and
/// both cores stay about equally busy (1 in 3 left the reader the bottleneck: 12% slower).
const SHARE: u64 = 5;

/// A batch is also closed once its rows hold this many bytes (cells and their bounds), so
/// what is in flight stays small whatever the rows: a few batches of 1 MiB.
const BATCH_BYTES: usize = 1024 * 1024;
/// A record buffer that grew past this for one row is dropped rather than reused.
const SLOT_BYTES: usize = 16 * 1024;

/// Records read, with the line each starts on.
#[derive(Default)]
struct Batch {
    records: Vec<Record>,
    lines: Vec<u64>,
}

/// What a summing thread hands back: its reader, its table, and the error it stopped at.
type Part<'a> = (Rows<'a>, MetricTable, Option<Error>);

/// Reads every remaining record of `csv` into `table` with `rows`, on two threads once
/// the rows are settled; returns what was read and the input's Total row.
pub(super) fn read<'a, B: BufRead>(
    csv: &mut Records<B>,
    table: &mut MetricTable,
    mut rows: Rows<'a>,
    line_of: &dyn Fn(&Record) -> u64,
    input: &CsvInput,
) -> Result<(IngestStats, Option<TotalRow>)> {
    // Everything goes into fresh tables with `table`'s metric ids (so the roles stay
    // valid), merged into `table` at the end — taken over whole when it holds no sums.
    let mut first = MetricTable::with_metrics(table.names());
    let mut record = Record::default();
    while !rows.settled() {
        match csv.read_byte_record(&mut record) {
            Ok(true) if rows.table_ends(&record, &|| line_of(&record)) => {
                rows.finish(&mut first)?;
                return finish(table, vec![(rows, first, None)], None, input);
            }
            Ok(true) => rows.read(&mut first, &record, &|| line_of(&record))?,
            Ok(false) => {
                rows.finish(&mut first)?;
                return finish(table, vec![(rows, first, None)], None, input);
            }
            Err(e) => return Err(csv_error(input, e)),
        }
    }

    let (mut helper_rows, mut helper_part) =
        (rows.fork(), MetricTable::with_metrics(first.names()));
    let stop = AtomicBool::new(false);
    let (recycle, recycled) = mpsc::channel::<Batch>();
    let (queue, batches) = mpsc::sync_channel::<Batch>(QUEUE);
    std::thread::scope(|scope| {
        let stop = &stop;
        let helper = scope.spawn(move || -> Part<'a> {
            let mut failure = None;
            for batch in batches {
                // After an error the batches still queued are only handed back.
                if failure.is_none() {
                    failure = sum(&mut helper_rows, &mut helper_part, &batch).err();
                    if failure.is_some() {
                        stop.store(true, Ordering::Relaxed);
                    }
                }
                // The reader may be gone already; then the batch is simply dropped.
                let _ = recycle.send(batch);
            }
            (helper_rows, helper_part, failure)
        });

        let mut failure = None;
        let mut unreadable = None;
        let mut batch = Batch::default();
        for next in 0u64.. {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            batch.lines.clear();
            let mut bytes = 0;
            let mut ended = false;
            while batch.lines.len() < BATCH && bytes < BATCH_BYTES {
                // A helper that failed is not kept waiting on more input.
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let i = batch.lines.len();
                if batch.records.len() == i {
                    batch.records.push(Record::default());
                }
                let slot = &mut batch.records[i];
                // A slot that once held a huge row gives its memory back.
                if slot.weight() > SLOT_BYTES {
                    *slot = Record::default();
                }
                match csv.read_byte_record(slot) {
                    Ok(true) if rows.table_ends(slot, &|| line_of(slot)) => {
                        ended = true;
                        break;
                    }
                    Ok(true) => {
                        bytes += slot.weight();
                        batch.lines.push(line_of(slot));
                    }
                    Ok(false) => {
                        ended = true;
                        break;
                    }
                    Err(e) => {
                        unreadable = Some(csv_error(input, e));
                        ended = true;
                        break;
                    }
                }
            }
            if next % SHARE == SHARE - 1 {
                // This thread's share of the summing, in its own batch.
                failure = sum(&mut rows, &mut first, &batch).err();
                if failure.is_some() {
                    break;
                }
            } else {
                let spare = recycled.try_recv().unwrap_or_default();
                if queue.send(std::mem::replace(&mut batch, spare)).is_err() {
                    break;
                }
            }
            if ended {
                break;
            }
        }
        drop(queue);
        let Ok(helped) = helper.join() else {
            return Err(Error::Csv {
                path: input.label.clone(),
                line: 0,
                column: None,
                message: "internal error: the summing thread stopped unexpectedly".into(),
            });
        };
        finish(
            table,
            vec![(rows, first, failure), helped],
            unreadable,
            input,
        )
    })
}

/// Reads the records of `batch` into `part`, stopping at the first error.
fn sum(rows: &mut Rows<'_>, part: &mut MetricTable, batch: &Batch) -> Result<()> {
    for (record, line) in batch.records.iter().zip(&batch.lines) {
        rows.read(part, record, &|| *line)?;
    }
    Ok(())
}

/// Merges the threads' tables into `table` and their counts, or reports the earliest
/// error: the threads' (by line), else the parser's, which lies after every record read.
fn finish(
    table: &mut MetricTable,
    parts: Vec<Part<'_>>,
    unreadable: Option<Error>,
    input: &CsvInput,
) -> Result<(IngestStats, Option<TotalRow>)> {
    let mut parts = parts;
    let earliest = parts
        .iter_mut()
        .filter_map(|(_, _, failure)| failure.take())
        .min_by_key(line_of_error);
    if let Some(first) = earliest.or(unreadable) {
        return Err(first);
    }
    let too_large = || Error::Csv {
        path: input.label.clone(),
        line: 0,
        column: None,
        message: "a sum is too large to hold exactly".into(),
    };
    let mut merged: Option<(MetricTable, IngestStats)> = None;
    let mut total: Option<TotalRow> = None;
    let mut skipped = Vec::new();
    for (mut rows, part, _) in parts {
        // The last Total row of the input, as a single reader would keep.
        if let Some(t) = rows.total
            && total.as_ref().is_none_or(|(line, _)| t.0 > *line)
        {
            total = Some(t);
        }
        skipped.append(&mut rows.stats.bad_row_examples);
        merged = Some(match merged {
            None => (part, rows.stats),
            Some((mut m, mut stats)) => {
                m.adopt_earlier_names(&part);
                m.absorb(part).map_err(|_| too_large())?;
                stats.absorb(rows.stats);
                (m, stats)
            }
        });
    }
    let (part, mut stats) = merged.unwrap_or_default();
    // Each thread kept its first few skipped rows: in line order, they hold the first few.
    skipped.sort_by_key(|(line, _)| *line);
    skipped.truncate(super::input::BAD_ROW_EXAMPLES);
    stats.bad_row_examples = skipped;
    table.absorb(part).map_err(|_| too_large())?;
    Ok((stats, total))
}

fn line_of_error(error: &Error) -> u64 {
    match error {
        Error::Csv { line, .. } => *line,
        _ => u64::MAX,
    }
}
