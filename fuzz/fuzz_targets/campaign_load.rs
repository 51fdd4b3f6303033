//! Any text as a campaign file: loading, linting and scoring what loads never panics, and
//! nothing the file holds reaches an output as control: every line of every lint and
//! scorecard format, and of every error message, is safe to print (no raw control
//! character, no `##[`, no line that starts a CI workflow command).
#![no_main]

use clap::ValueEnum;
use kpi::report::ScoreFormat;
use kpi::report::findings::{FindingsFormat, LintReport};
use kpi::text::is_safe_line;
use libfuzzer_sys::fuzz_target;

fn assert_safe(what: &str, text: &str, commands: bool) {
    for line in text.lines() {
        assert!(is_safe_line(line, false, commands), "{what}: unsafe line {line:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let campaign = match kpi::campaign::parse(kpi::source::SourceFile::new("fuzz.yaml", text)) {
        Ok(campaign) => campaign,
        Err(e) => return assert_safe("error", &format!("error: {e}"), false),
    };
    let report = LintReport {
        findings: kpi::lint::lint(&campaign, None, &kpi::lint::LintOptions::default()),
        files: 1,
    };
    for format in FindingsFormat::value_variants() {
        let mut out = Vec::new();
        format.renderer(false).render(&report, &mut out).expect("render to memory");
        assert_safe(&format!("lint {format:?}"), &String::from_utf8_lossy(&out), format.writes_commands());
    }
    let table = kpi::metrics::MetricTable::new();
    match kpi::kpi::definition::resolve(&campaign, &table) {
        Ok(kpis) => {
            let options = kpi::kpi::scorecard::ScoreOptions { trend: true, ..Default::default() };
            let card = kpi::kpi::scorecard::evaluate(&campaign, &kpis, &table, &Default::default(), &options);
            for format in ScoreFormat::value_variants() {
                let mut out = Vec::new();
                format.renderer(false, false).render(&card, &mut out).expect("render to memory");
                assert_safe(&format!("score {format:?}"), &String::from_utf8_lossy(&out), false);
            }
        }
        Err(e) => assert_safe("resolve error", &format!("error: {e}"), false),
    }
});
