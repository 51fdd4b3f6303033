//! Any text as a band threshold or a number cell or a date cell.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = kpi::campaign::Threshold::parse(&text);
    let _ = kpi::metrics::cell::parse_cell(data, kpi::metrics::DecimalMark::Point);
    let _ = kpi::metrics::cell::parse_cell(data, kpi::metrics::DecimalMark::Comma);
    let _ = kpi::metrics::date::parse(data, kpi::metrics::date::DateOrder::MonthFirst, None);
});
