//! Any bytes as a CSV export, read with each preset (chosen by the first byte); then read
//! again the way standard input is (parsed on one thread, summed on two), which must give
//! exactly the same sums, notes or error.
#![no_main]

use kpi::metrics::ingest::{NoProgress, PresetChoice, ingest};
use kpi::metrics::presets::PRESETS;
use kpi::metrics::{CsvInput, Dimension, IngestOptions, MetricTable};
use kpi::report::metrics::{MetricsFormat, render};
use libfuzzer_sys::fuzz_target;

fn read(input: &CsvInput, options: &IngestOptions, data: &[u8]) -> Result<(String, Vec<String>), String> {
    let mut table = MetricTable::new();
    let stats = ingest(&mut table, input, data, options, &NoProgress).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    render(&table, &options.combo, MetricsFormat::Csv, true, &mut out).map_err(|e| e.to_string())?;
    Ok((String::from_utf8_lossy(&out).into_owned(), stats.notes(None)))
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
    let piped = read(&CsvInput { pipeline: true, ..input }, &options, rest);
    assert_eq!(serial, piped, "reading like stdin changed the result");
});
