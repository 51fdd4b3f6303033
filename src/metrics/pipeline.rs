//! Reading a stream that cannot be split like a file (standard input) on two cores:
//! this thread reads and splits records — the CSV parser finds record boundaries
//! exactly, quoted line breaks included — and hands them in batches, alternately, to two
//! workers that do the rest of the work (cells, dates, groups, sums) into tables of their
//! own, merged at the end. Sums are order-free, so the result is the one a single reader
//! would get.
//!
//! The first rows are read here, one by one, until nothing is left that later rows could
//! decide differently on each worker (a column whose role depends on its first value, a
//! row of column descriptions). A worker that meets a bad row stops reading, this thread
//! stops sending, and the earliest error by line is the one reported.

use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use super::ingest::{CsvInput, IngestStats, csv_error};
use super::rows::{Rows, TotalRow};
use super::table::MetricTable;
use crate::error::{Error, Result};

/// Records per batch: large enough that handing over costs nothing, small enough that
/// both workers stay busy and little is held in memory (a few MB in flight).
const BATCH: usize = 512;
/// Batches queued per worker.
const QUEUE: usize = 4;

/// Records read, with the line each starts on.
#[derive(Default)]
struct Batch {
    records: Vec<csv::ByteRecord>,
    lines: Vec<u64>,
}

/// What a worker hands back: its reader, its table, and the error it stopped at.
type Part<'a> = (Rows<'a>, MetricTable, Option<Error>);

/// Reads every remaining record of `csv` into `table` with `rows`, on two workers once
/// the rows are settled; returns what was read and the input's Total row.
pub(super) fn read<'a, R: Read>(
    csv: &mut csv::Reader<R>,
    table: &mut MetricTable,
    mut rows: Rows<'a>,
    line_of: &dyn Fn(&csv::ByteRecord) -> u64,
    input: &CsvInput,
) -> Result<(IngestStats, Option<TotalRow>)> {
    // Everything goes into a fresh table that is taken over whole at the end (no copy
    // when `table` is still empty), with `table`'s metric ids so the roles stay valid.
    let mut first = MetricTable::with_metrics(table.names());
    let mut record = csv::ByteRecord::new();
    while !rows.settled() {
        match csv.read_byte_record(&mut record) {
            Ok(true) => rows.read(&mut first, &record, &|| line_of(&record))?,
            Ok(false) => return finish(table, vec![(rows, first, None)], None, input),
            Err(e) => return Err(csv_error(input, e)),
        }
    }

    let second = (rows.fork(), MetricTable::with_metrics(first.names()));
    let stop = AtomicBool::new(false);
    let (recycle, recycled) = mpsc::channel::<Batch>();
    std::thread::scope(|scope| {
        let mut queues = Vec::new();
        let mut workers = Vec::new();
        for (mut rows, mut part) in [(rows, first), second] {
            let (queue, batches) = mpsc::sync_channel::<Batch>(QUEUE);
            let (recycle, stop) = (recycle.clone(), &stop);
            workers.push(scope.spawn(move || -> Part<'a> {
                let mut failure = None;
                for batch in batches {
                    // After an error the batches still queued are only handed back.
                    if failure.is_none() {
                        for (record, line) in batch.records.iter().zip(&batch.lines) {
                            if let Err(e) = rows.read(&mut part, record, &|| *line) {
                                failure = Some(e);
                                stop.store(true, Ordering::Relaxed);
                                break;
                            }
                        }
                    }
                    // The reader may be gone already; then the batch is simply dropped.
                    let _ = recycle.send(batch);
                }
                (rows, part, failure)
            }));
            queues.push(queue);
        }
        drop(recycle);

        let mut unreadable = None;
        let mut next = 0;
        'read: while !stop.load(Ordering::Relaxed) {
            let mut batch = recycled.try_recv().unwrap_or_default();
            batch.lines.clear();
            while batch.lines.len() < BATCH {
                let i = batch.lines.len();
                if batch.records.len() == i {
                    batch.records.push(csv::ByteRecord::new());
                }
                match csv.read_byte_record(&mut batch.records[i]) {
                    Ok(true) => batch.lines.push(line_of(&batch.records[i])),
                    Ok(false) => break,
                    Err(e) => {
                        unreadable = Some(csv_error(input, e));
                        break;
                    }
                }
            }
            let full = batch.lines.len() == BATCH;
            if !batch.lines.is_empty() && queues[next % 2].send(batch).is_err() {
                break 'read;
            }
            next += 1;
            if !full {
                break;
            }
        }
        drop(queues);
        let parts: Vec<Part<'a>> = workers.into_iter().filter_map(|w| w.join().ok()).collect();
        if parts.len() < 2 {
            return Err(Error::Csv {
                path: input.label.clone(),
                line: 0,
                column: None,
                message: "internal error: a reading thread stopped unexpectedly".into(),
            });
        }
        finish(table, parts, unreadable, input)
    })
}

/// Merges the workers' tables into `table` and their counts, or reports the earliest
/// error: the workers' (by line), else the parser's, which lies after every record read.
fn finish(
    table: &mut MetricTable,
    parts: Vec<Part<'_>>,
    unreadable: Option<Error>,
    input: &CsvInput,
) -> Result<(IngestStats, Option<TotalRow>)> {
    let too_large = || Error::Csv {
        path: input.label.clone(),
        line: 0,
        column: None,
        message: "a sum is too large to hold exactly".into(),
    };
    let mut failures: Vec<Error> = Vec::new();
    let mut merged: Option<(MetricTable, IngestStats)> = None;
    let mut total: Option<TotalRow> = None;
    for (rows, part, failure) in parts {
        failures.extend(failure);
        // The last Total row of the input, as a single reader would keep.
        if let Some(t) = rows.total
            && total.as_ref().is_none_or(|(line, _)| t.0 > *line)
        {
            total = Some(t);
        }
        merged = Some(match merged {
            None => (part, rows.stats),
            Some((mut m, mut stats)) => {
                m.merge(&part).map_err(|_| too_large())?;
                stats.absorb(rows.stats);
                (m, stats)
            }
        });
    }
    if let Some(first) = failures.into_iter().min_by_key(line_of_error) {
        return Err(first);
    }
    if let Some(e) = unreadable {
        return Err(e);
    }
    let (part, stats) = merged.unwrap_or_default();
    table.absorb(part).map_err(|_| too_large())?;
    Ok((stats, total))
}

fn line_of_error(error: &Error) -> u64 {
    match error {
        Error::Csv { line, .. } => *line,
        _ => u64::MAX,
    }
}
