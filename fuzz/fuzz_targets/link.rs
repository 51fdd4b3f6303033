//! Any text as a tracked link.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let url = String::from_utf8_lossy(data);
    let _ = kpi::campaign::link::query_params(&url);
    let _ = kpi::campaign::link::is_tagged(&url);
    let _ = kpi::campaign::link::param(&url, "utm_campaign");
});
