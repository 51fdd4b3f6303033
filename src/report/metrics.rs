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

/// Rows formatted per block, two blocks at a time on two cores.
const CSV_BLOCK_ROWS: usize = 16_384;

/// Writes the CSV rows of `table` (after its header): the combinations of `by` in
/// order, or the one row of totals. Formatting is spread over two cores, block by block,
/// and the blocks written in order: memory stays at two blocks of text.
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
    let block = |ids: &[usize]| csv_rows(table, raw, ids.iter().map(|&i| table.combo(i)));
    for pair in order.chunks(2 * CSV_BLOCK_ROWS) {
        let (first, second) = pair.split_at(pair.len().min(CSV_BLOCK_ROWS));
        let (first, second) = std::thread::scope(|scope| {
            let later = scope.spawn(|| block(second));
            (block(first), later.join())
        });
        out.write_all(&first?)?;
        let second = second.map_err(|_| io::Error::other("formatting rows failed"))?;
        out.write_all(&second?)?;
    }
    Ok(())
}

/// CSV text of `rows` (key parts, sums): keys made spreadsheet-safe unless `raw`, sums
/// written as they are (numbers never need neutralising).
fn csv_rows<'a, K: IntoIterator<Item = &'a str>>(
    table: &MetricTable,
    raw: bool,
    rows: impl IntoIterator<Item = (K, SumsView<'a>)>,
) -> io::Result<Vec<u8>> {
    let metrics = table.names().len();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut cell = Vec::new();
    for (keys, sums) in rows {
        for key in keys {
            w.write_field(csv_cell(key, raw).as_bytes())?;
        }
        for i in 0..metrics {
            cell.clear();
            if let Some(value) = sums.get(i) {
                value.write_to(&mut cell);
            }
            w.write_field(&cell)?;
        }
        w.write_record(None::<&[u8]>)?;
    }
    w.into_inner().map_err(|e| io::Error::other(e.to_string()))
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
