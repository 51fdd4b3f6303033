//! Any bytes as a CSV export, read with each preset (chosen by the first byte); then read
//! again the way standard input is (parsed on one thread, summed on two), which must give
//! exactly the same sums, notes or error. Whatever the bytes, every line of every
//! `kpi metrics` format, of the notes and of the error is safe to print.
#![no_main]

use clap::ValueEnum;
use kpi::metrics::ingest::{NoProgress, PresetChoice, ingest};
use kpi::metrics::presets::PRESETS;
use kpi::metrics::{CsvInput, Dimension, IngestOptions, MetricTable};
use kpi::report::metrics::{MetricsFormat, render};
use kpi::text::is_safe_line;
use libfuzzer_sys::fuzz_target;

fn assert_safe(what: &str, text: &str) {
    for line in text.lines() {
        assert!(is_safe_line(line, false, false), "{what}: unsafe line {line:?}");
    }
}

fn read(input: &CsvInput, options: &IngestOptions, data: &[u8]) -> Result<(String, Vec<String>), String> {
    let mut table = MetricTable::new();
    let stats = ingest(&mut table, input, data, options, &NoProgress).map_err(|e| e.to_string())?;
    let mut csv = String::new();
    for format in MetricsFormat::value_variants() {
        for raw in [false, true] {
            let mut out = Vec::new();
            render(&table, &options.combo, *format, raw, &mut out).map_err(|e| e.to_string())?;
            let text = String::from_utf8_lossy(&out).into_owned();
            assert_safe(&format!("metrics {format:?}"), &text);
            if *format == MetricsFormat::Csv && raw {
                csv = text;
            }
        }
    }
    let notes = stats.notes(None);
    for note in &notes {
        assert_safe("note", note);
    }
    Ok((csv, notes))
}

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else { return };
    let preset = match usize::from(choice) % (PRESETS.len() + 2) {
        0 => PresetChoice::Canonical,
        1 => PresetChoice::Auto,
        n => PresetChoice::Named(&PRESETS[n - 2]),
    };
    let input = CsvInput { preset, year: Some(2026), ..CsvInput::default() };
    let options = IngestOptions { skip_bad_rows: choice & 1 == 1, combo: vec![Dimension::Creator, Dimension::Week], ..IngestOptions::default() };
    let serial = read(&input, &options, rest);
    if let Err(e) = &serial {
        assert_safe("error", &format!("error: {e}"));
    }
    let piped = read(&CsvInput { pipeline: true, ..input }, &options, rest);
    assert_eq!(serial, piped, "reading like stdin changed the result");
});
