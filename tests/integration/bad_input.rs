//! The hostile and broken inputs under `tests/bad_input/`: each folder holds a
//! `campaign.yaml` (and an `ads.csv` where the export is the problem) and `expected.txt`
//! — the exit code and the exact error. `kpi score campaign.yaml --as-of 2026-04-15` runs
//! in each folder; a case passes when both match and nothing panics.

use std::path::Path;

use super::kpi_in;

#[test]
fn every_bad_input_gets_its_exact_error() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_input");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .expect("bad_input folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 8, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let expected = std::fs::read_to_string(case.join("expected.txt")).expect("expected.txt");
        let (code_line, stderr) = expected.split_once('\n').expect("exit line");
        let code: i32 = code_line
            .trim_start_matches("exit: ")
            .parse()
            .expect("exit code");
        let run = kpi_in(
            case,
            &["score", "campaign.yaml", "--as-of", "2026-04-15"],
            None,
        );
        if run.code != code || run.stderr != stderr || run.stderr.contains("panicked") {
            failures.push(format!(
                "{}: exit {} (expected {code})\n{}",
                case.display(),
                run.code,
                run.stderr
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
