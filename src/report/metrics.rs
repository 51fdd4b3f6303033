//! `kpi metrics` output: the normalised, aggregated metrics as a table, CSV or JSON.

use std::io::{self, Write};

use comfy_table::{Table, presets};
use serde_json::{Map, Value};

use super::Style;
use super::csv::cell as csv_cell;
use super::layout::{self, Column};
use crate::metrics::{Dimension, MetricTable, SumsView};

/// An output format of `kpi metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MetricsFormat {
    /// A text table.
    Table,
    /// CSV, spreadsheet-safe unless `raw`.
    Csv,
    /// A JSON array of objects.
    Json,
}

/// One row per combination of `by` (or one overall row): the keys, then each metric.
fn rows<'a>(table: &'a MetricTable, by: &[Dimension]) -> Vec<(Vec<&'a str>, SumsView<'a>)> {
    if by.is_empty() {
        return vec![(Vec::new(), table.totals().into())];
    }
    table
        .sorted_combos()
        .into_iter()
        .map(|i| {
            let (parts, sums) = table.combo(i);
            (parts.collect(), sums)
        })
        .collect()
}

/// Rows formatted per block, on two cores.
const CSV_BLOCK_ROWS: usize = 16_384;

/// Writes the CSV rows of `table` (after its header): the combinations of `by` in
/// order, or the one row of totals. Two threads format alternate blocks while this one
/// writes the blocks in order as they come: writing overlaps formatting, and memory
/// stays at a few blocks of text.
fn write_csv_rows(
    table: &MetricTable,
    by: &[Dimension],
    raw: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    if by.is_empty() {
        return out.write_all(&csv_rows(
            table,
            raw,
            [(Vec::new(), table.totals().into())],
        )?);
    }
    let order = table.sorted_combos();
    let blocks: Vec<&[usize]> = order.chunks(CSV_BLOCK_ROWS).collect();
    let block = |ids: &[usize]| csv_rows(table, raw, ids.iter().map(|&i| table.combo(i)));
    std::thread::scope(|scope| {
        // Formatter `f` makes blocks f, f + 2, …, one ahead of the writer at most; it
        // stops when the writer hangs up (a write failed).
        let formatters: Vec<_> = (0..2)
            .map(|first| {
                let (sender, receiver) = std::sync::mpsc::sync_channel(1);
                let mine: Vec<&[usize]> = blocks.iter().skip(first).step_by(2).copied().collect();
                scope.spawn(move || {
                    for ids in mine {
                        if sender.send(block(ids)).is_err() {
                            break;
                        }
                    }
                });
                receiver
            })
            .collect();
        for n in 0..blocks.len() {
            let text = formatters[n % 2]
                .recv()
                .map_err(|_| io::Error::other("formatting rows failed"))?;
            out.write_all(&text?)?;
        }
        Ok(())
    })
}

/// CSV text of `rows` (key parts, sums): keys made spreadsheet-safe unless `raw`, sums
/// written as they are (numbers never need neutralising or quoting). The bytes are
/// those of the `csv` crate's writer (see the test), without its per-field machinery:
/// there can be millions of rows.
fn csv_rows<'a, K: IntoIterator<Item = &'a str>>(
    table: &MetricTable,
    raw: bool,
    rows: impl IntoIterator<Item = (K, SumsView<'a>)>,
) -> io::Result<Vec<u8>> {
    let metrics = table.names().len();
    let mut out = Vec::new();
    for (keys, sums) in rows {
        let start = out.len();
        for key in keys {
            push_csv_field(&mut out, csv_cell(key, raw).as_bytes());
            out.push(b',');
        }
        for i in 0..metrics {
            if let Some(value) = sums.get(i) {
                value.write_to(&mut out);
            }
            out.push(b',');
        }
        out.pop();
        if out.len() == start {
            // A record of one empty field is written `""`, not as an empty line.
            out.extend_from_slice(b"\"\"");
        }
        out.push(b'\n');
    }
    Ok(out)
}

/// Appends `field` as a CSV field: quoted (with inner quotes doubled) when it holds a
/// comma, a quote or a line break, as written otherwise.
fn push_csv_field(out: &mut Vec<u8>, field: &[u8]) {
    if !field
        .iter()
        .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
    {
        out.extend_from_slice(field);
        return;
    }
    out.push(b'"');
    for &b in field {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

/// Writes the metrics of `table`.
pub fn render(
    table: &MetricTable,
    by: &[Dimension],
    format: MetricsFormat,
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let raw = style.raw;
    let names = table.names();
    // Nothing to show (the note says why): no empty header line, no `""`.
    if names.is_empty() && format != MetricsFormat::Json {
        return Ok(());
    }
    let header: Vec<String> = by
        .iter()
        .map(ToString::to_string)
        .chain(names.iter().cloned())
        .collect();
    let cells = |keys: &[&str], sums: SumsView<'_>| -> Vec<String> {
        keys.iter()
            .map(|k| crate::text::quote(k).into_owned())
            .chain((0..names.len()).map(|i| sums.get(i).map(|v| v.to_string()).unwrap_or_default()))
            .collect()
    };
    match format {
        MetricsFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record(header.iter().map(|h| crate::text::clean(h).into_owned()))?;
            w.flush()?;
            drop(w);
            write_csv_rows(table, by, raw, out)?;
            out.flush()
        }
        MetricsFormat::Json => {
            let list: Vec<Value> = rows(table, by)
                .into_iter()
                .map(|(keys, sums)| {
                    let mut object = Map::new();
                    for (d, k) in by.iter().zip(keys) {
                        object.insert(d.to_string(), Value::from(k));
                    }
                    for (i, name) in names.iter().enumerate() {
                        let v = sums.get(i).map_or(Value::Null, super::json::number);
                        object.insert(name.clone(), v);
                    }
                    Value::Object(object)
                })
                .collect();
            super::safe_json::write(out, &list)
        }
        MetricsFormat::Table => {
            // Too wide for the terminal: several tables under each other, each with the
            // group columns; no metric is left out.
            let mut columns: Vec<Column> = header
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    let column = Column::new(crate::text::quote(h).into_owned());
                    if i < by.len() { column } else { column.right() }
                })
                .collect();
            for (keys, sums) in rows(table, by) {
                for (column, cell) in columns.iter_mut().zip(cells(&keys, sums)) {
                    column.push(cell, None);
                }
            }
            for (n, t) in layout::chunked(columns, by.len(), style.width, false)
                .into_iter()
                .enumerate()
            {
                let gap = if n == 0 { "" } else { "\n" };
                writeln!(out, "{gap}{t}")?;
            }
            Ok(())
        }
    }
}

/// Writes how every column of the inputs was read (`kpi metrics --kinds`): file,
/// column, header, the metric it is read as, its kind and why.
pub fn render_kinds(
    columns: &[crate::metrics::ingest::ColumnKind],
    format: MetricsFormat,
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let header = ["file", "column", "header", "read as", "kind", "why"];
    let cells = |c: &crate::metrics::ingest::ColumnKind| {
        [
            crate::text::path(&c.file),
            c.column.to_string(),
            crate::text::quote(&c.header).into_owned(),
            crate::text::quote(&c.name).into_owned(),
            c.kind.to_string(),
            crate::text::line(&c.why).into_owned(),
        ]
    };
    match format {
        MetricsFormat::Json => super::safe_json::write(out, columns),
        MetricsFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(["file", "column", "header", "read_as", "kind", "why"])?;
            for c in columns {
                w.write_record(cells(c).iter().map(|x| csv_cell(x, style.raw).into_owned()))?;
            }
            w.flush()
        }
        MetricsFormat::Table => {
            // One table per file, under its name: the path would take most of a row.
            let mut files: Vec<&std::path::Path> =
                columns.iter().map(|c| c.file.as_path()).collect();
            files.dedup();
            for (n, file) in files.into_iter().enumerate() {
                let mut t = Table::new();
                t.load_style(presets::UTF8_FULL_CONDENSED)
                    .set_header(&header[1..]);
                // On a terminal the reasons wrap to its width; elsewhere rows stay whole.
                if style.width.is_some() {
                    t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
                } else {
                    t.force_no_tty();
                }
                for c in columns.iter().filter(|c| c.file == file) {
                    t.add_row(cells(c)[1..].to_vec());
                }
                let gap = if n == 0 { "" } else { "\n" };
                writeln!(out, "{gap}{}\n{t}", crate::text::path(file))?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `csv` crate's bytes for one record of `fields`.
    fn by_csv_crate(fields: &[&[u8]]) -> Vec<u8> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(fields).expect("a Vec takes any record");
        w.into_inner().expect("a Vec is never full")
    }

    #[test]
    fn fields_are_written_as_the_csv_crate_writes_them() {
        let fields: [&[u8]; 16] = [
            b"",
            b"plain",
            b"@ana",
            b"a,b",
            b"say \"hi\"",
            b"\"",
            b"line\nbreak",
            b"cr\rhere",
            b" padded ",
            b"#hash",
            b"tab\there",
            b"'=1+1",
            "caf\u{e9} \u{5d0}\u{5d1}".as_bytes(),
            b"12.5",
            b"-3",
            b";semi",
        ];
        for first in fields {
            for second in fields {
                let mut ours = Vec::new();
                push_csv_field(&mut ours, first);
                ours.push(b',');
                push_csv_field(&mut ours, second);
                ours.push(b'\n');
                assert_eq!(
                    String::from_utf8_lossy(&ours),
                    String::from_utf8_lossy(&by_csv_crate(&[first, second])),
                    "{first:?}, {second:?}"
                );
            }
        }
    }

    #[test]
    fn a_row_of_one_empty_sum_is_written_as_the_csv_crate_writes_it() {
        let table = MetricTable::with_metrics(&["clicks".to_string()]);
        let rows = [(Vec::<&str>::new(), table.totals().into())];
        let ours = csv_rows(&table, false, rows).expect("a Vec takes any row");
        assert_eq!(ours, b"\"\"\n");
        assert_eq!(ours, by_csv_crate(&[b""]));
    }
}
