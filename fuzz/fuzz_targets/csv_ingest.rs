//! Any bytes as a CSV export, read with each preset (chosen by the first byte).
#![no_main]

use kpi::metrics::ingest::{NoProgress, PresetChoice, ingest};
use kpi::metrics::presets::PRESETS;
use kpi::metrics::{CsvInput, Dimension, IngestOptions, MetricTable};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else { return };
    let preset = match usize::from(choice) % (PRESETS.len() + 2) {
        0 => PresetChoice::Canonical,
        1 => PresetChoice::Auto,
        n => PresetChoice::Named(&PRESETS[n - 2]),
    };
    let input = CsvInput { preset, year: Some(2026), ..CsvInput::default() };
    let options = IngestOptions { skip_bad_rows: choice & 1 == 1, combo: vec![Dimension::Creator, Dimension::Week], ..IngestOptions::default() };
    let mut table = MetricTable::new();
    let _ = ingest(&mut table, &input, rest, &options, &NoProgress);
});
