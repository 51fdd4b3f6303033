//! A reader that goes away (`kpi … | head -1`) is no error: every command and format
//! stays quiet on standard error and exits as it would have with the whole output read.

use std::process::{Command, Stdio};

/// Runs `kpi args` from the repository root with the reading end of its standard
/// output closed before it writes: exit code and standard error.
fn with_reader_gone(args: &[&str]) -> (i32, String) {
    with_reader_gone_in(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn with_reader_gone_in(dir: &std::path::Path, args: &[&str]) -> (i32, String) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("kpi"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run kpi");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("wait for kpi");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

const SCORE: &[&str] = &[
    "score",
    "campaigns/spring-glow.yaml",
    "--as-of",
    "2026-05-01",
];

#[test]
fn score_in_every_format_exits_0_quietly() {
    for format in ["table", "json", "csv", "markdown"] {
        let (code, stderr) = with_reader_gone(&[SCORE, &["--format", format]].concat());
        assert_eq!(code, 0, "{format}: {stderr}");
        assert!(!stderr.contains("error"), "{format}: {stderr}");
    }
}

#[test]
fn score_keeps_its_fail_on_exit_code() {
    // Red bands at --fail-on red are exit 1 whether or not anyone read the table.
    let args = [SCORE, &["--fail-on", "red"]].concat();
    assert_eq!(super::kpi(&args).code, 1);
    let (code, stderr) = with_reader_gone(&args);
    assert_eq!((code, stderr.contains("error")), (1, false), "{stderr}");
}

#[test]
fn metrics_in_every_format_exits_0_quietly() {
    // 4,000 groups: far more than the writers buffer, so the CSV and JSON writers meet
    // the closed pipe themselves (they wrap the error; a bare check missed it).
    let f = super::Fixture::new();
    let mut csv = String::from("date,creator,platform,format,views,clicks\n");
    for i in 0..4_000 {
        csv.push_str(&format!(
            "2026-04-{:02},@creator{i},tiktok,video,{i},1\n",
            1 + i % 28
        ));
    }
    f.file("big.csv", &csv);
    for format in ["table", "json", "csv"] {
        let args = [
            "metrics",
            "big.csv",
            "--by",
            "creator,week",
            "--format",
            format,
        ];
        let (code, stderr) = with_reader_gone_in(f.path(), &args);
        assert_eq!(code, 0, "{format}: {stderr}");
        assert_eq!(stderr, "", "{format}");
    }
}

#[test]
fn lint_keeps_its_findings_exit_code_in_every_format() {
    // The bundled campaigns break error rules: exit 1, every run, read or not.
    assert_eq!(super::kpi(&["lint", "campaigns/"]).code, 1);
    for format in ["human", "json", "sarif", "github"] {
        for _ in 0..3 {
            let (code, stderr) = with_reader_gone(&["lint", "campaigns/", "--format", format]);
            assert_eq!(code, 1, "{format}: {stderr}");
            assert!(!stderr.contains("error"), "{format}: {stderr}");
        }
    }
}
