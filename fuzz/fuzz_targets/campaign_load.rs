//! Any text as a campaign file: loading, then linting and scoring what loads, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    if let Ok(campaign) = kpi::campaign::parse(kpi::source::SourceFile::new("fuzz.yaml", text)) {
        let _ = kpi::lint::lint(&campaign, None, &kpi::lint::LintOptions::default());
        let table = kpi::metrics::MetricTable::new();
        if let Ok(kpis) = kpi::kpi::definition::resolve(&campaign, &table) {
            let options = kpi::kpi::scorecard::ScoreOptions { trend: true, ..Default::default() };
            let _ = kpi::kpi::scorecard::evaluate(&campaign, &kpis, &table, &Default::default(), &options);
        }
    }
});
