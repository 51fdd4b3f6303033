//! Fitting into other tools: markdown and CSV scorecards, atomic `-o`, portfolios,
//! `kpi init`, the JSON Schema, completions, the man page and colour rules.

use assert_cmd::Command;
use serde_json::Value;

use super::score::fixture;
use super::{Fixture, kpi, kpi_in};

const AS_OF: [&str; 2] = ["--as-of", "2026-04-15"];

fn score(f: &Fixture, extra: &[&str]) -> super::Run {
    let mut args = vec!["score", "campaign.yaml", AS_OF[0], AS_OF[1]];
    args.extend_from_slice(extra);
    kpi_in(f.path(), &args, None)
}

#[test]
fn markdown_puts_the_verdict_first() {
    let run = score(&fixture(), &["--format", "markdown"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("## Demo — ⛔ **Spend: BLOCKED**\n"),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn csv_is_raw_numbers_and_spreadsheet_safe() {
    let f = fixture();
    let text = std::fs::read_to_string(f.path().join("campaign.yaml")).expect("campaign");
    // An action a spreadsheet would run as a formula must arrive as text.
    f.file(
        "campaign.yaml",
        &text.replace(
            "baseline: 2.00",
            "baseline: 2.00\n    actions: { yellow: \"=HYPERLINK(\\\"http://x\\\")\" }",
        ),
    );
    let run = score(&f, &["--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut rows = csv::Reader::from_reader(run.stdout.as_bytes());
    let records: Vec<csv::StringRecord> = rows.records().collect::<Result<_, _>>().expect("csv");
    let cpc = records
        .iter()
        .find(|r| &r[2] == "cpc" && r[3].is_empty())
        .expect("cpc row");
    assert_eq!(
        (&cpc[6], &cpc[7], &cpc[13]),
        ("2.12", "yellow", "'=HYPERLINK(\"http://x\")")
    );
    // Per-creator rows of gate KPIs follow their KPI; the handle arrives as written.
    let ana = records
        .iter()
        .find(|r| &r[2] == "fit" && &r[3] == "@ana")
        .expect("creator row");
    assert_eq!(&ana[6], "62");
    // --raw: the action as written, for a reader that is no spreadsheet.
    let raw = score(&f, &["--format", "csv", "--raw"]);
    assert_eq!(raw.code, 0, "{}", raw.stderr);
    assert!(
        raw.stdout.contains(",\"=HYPERLINK(\"\"http://x\"\")\"\n"),
        "{}",
        raw.stdout
    );
}

#[test]
fn output_files_are_written_atomically() {
    let f = fixture();
    let out = f.path().join("card.json");
    let run = score(&f, &["--format", "json", "-o", "card.json"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
    let first: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("written")).expect("json");
    assert_eq!(first["campaign"]["id"], "demo-1");
    // A run that fails leaves the old file exactly as it was, and no temporary file.
    f.file("campaign.yaml", "campaign:\n  id: [broken\n");
    let run = score(&f, &["--format", "json", "-o", "card.json"]);
    assert_eq!(run.code, 2);
    let after: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("still there")).expect("json");
    assert_eq!(after, first);
    // A target that cannot be replaced (a folder) is an error that leaves nothing behind.
    let f = fixture();
    std::fs::create_dir(f.path().join("taken")).expect("dir");
    let run = score(&f, &["-o", "taken"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("error: cannot write taken: "),
        "{}",
        run.stderr
    );
    let leftovers: Vec<_> = std::fs::read_dir(f.path())
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("kpi-tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn a_portfolio_has_a_row_per_campaign_and_survives_a_broken_one() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let f = Fixture::new();
    // The bundled samples with their exports (paths in a campaign stay inside its project).
    for name in ["spring-glow", "trailhead-fall"] {
        let yaml = format!("{name}.yaml");
        let text = std::fs::read_to_string(root.join("campaigns").join(&yaml)).expect("sample");
        f.file(&format!("book/{yaml}"), &text);
        let exports = root.join("campaigns").join(name).join("exports");
        for entry in std::fs::read_dir(&exports).expect("exports") {
            let path = entry.expect("entry").path();
            let csv = std::fs::read_to_string(&path).expect("export");
            let file = path.file_name().expect("name").to_string_lossy();
            f.file(&format!("book/{name}/exports/{file}"), &csv);
        }
    }
    f.file("book/zz-broken.yaml", "campaign:\n  id: x\n  budgett: 5\n");
    let run = kpi_in(
        f.path(),
        &["score", "book", "--as-of", "2026-05-15", "--format", "json"],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let book: Value = serde_json::from_str(&run.stdout).expect("json");
    let rows = book["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 3);
    assert_eq!(
        (
            rows[0]["campaign"].as_str(),
            rows[0]["verdict"].as_str(),
            rows[0]["yellow"].as_u64()
        ),
        (Some("spring-glow-2026"), Some("approved"), Some(2))
    );
    assert_eq!(rows[0]["worst"]["kpi"], "signups");
    assert_eq!(rows[1]["campaign"], "trailhead-fall-2026");
    assert_eq!(rows[1]["elapsed_percent"], 0); // 15 May is before its September start
    assert_eq!(
        rows[2]["error"],
        "book/zz-broken.yaml:3:3: unknown key `budgett` — did you mean `budget`?"
    );
    let table = kpi_in(f.path(), &["score", "book", "--as-of", "2026-05-15"], None);
    assert!(
        table.stdout.contains("spring-glow-2026"),
        "{}",
        table.stdout
    );
    assert!(
        table
            .stdout
            .contains("signups (yellow) → extend paid amplification"),
        "{}",
        table.stdout
    );
    let md = kpi_in(
        f.path(),
        &[
            "score",
            "book",
            "--as-of",
            "2026-05-15",
            "--format",
            "markdown",
        ],
        None,
    );
    assert!(
        md.stdout
            .contains("| trailhead-fall-2026 | 2026-09-01 → 2026-11-30 | 0% | BLOCKED |"),
        "{}",
        md.stdout
    );
    let csv = kpi_in(
        f.path(),
        &["score", "book", "--as-of", "2026-05-15", "--format", "csv"],
        None,
    );
    assert_eq!(csv.stdout.lines().count(), 4);
}

#[test]
fn init_writes_a_campaign_that_lints_clean_and_never_overwrites() {
    let f = Fixture::new();
    let run = kpi_in(
        f.path(),
        &[
            "init",
            "summer-launch",
            "--objective",
            "awareness",
            "--start",
            "2026-06-01",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(f.path().join("summer-launch.yaml")).expect("written");
    assert!(text.contains("  id: summer-launch "), "{text}");
    assert!(
        text.contains("period: { start: 2026-06-01, end: 2026-08-30 }"),
        "{text}"
    );
    let lint = kpi_in(f.path(), &["lint", "summer-launch.yaml"], None);
    assert_eq!(
        (lint.code, lint.stdout.as_str()),
        (0, "no findings in 1 file\n")
    );
    std::fs::write(f.path().join("summer-launch.yaml"), "mine").expect("edit");
    let again = kpi_in(f.path(), &["init", "summer-launch"], None);
    assert_eq!(
        (again.code, again.stderr.as_str()),
        (
            2,
            "error: summer-launch.yaml already exists; use --force to overwrite it\n"
        )
    );
    assert_eq!(
        std::fs::read_to_string(f.path().join("summer-launch.yaml")).expect("kept"),
        "mine"
    );
    let forced = kpi_in(
        f.path(),
        &["init", "summer-launch", "--force", "--quiet"],
        None,
    );
    assert_eq!((forced.code, forced.stderr.as_str()), (0, ""));
}

/// A YAML file as JSON, for schema validation.
fn as_json(path: &std::path::Path) -> Value {
    serde_saphyr::from_str(&std::fs::read_to_string(path).expect("read")).expect("yaml")
}

#[test]
fn every_sample_validates_against_the_schema() {
    let run = kpi(&["schema"]);
    assert_eq!(run.code, 0);
    let schema: Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let validator = jsonschema::draft202012::new(&schema).expect("schema compiles");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![
        root.join("campaigns/spring-glow.yaml"),
        root.join("campaigns/trailhead-fall.yaml"),
        root.join("tests/integration/lint_fixture.yaml"),
        root.join("bench/campaign.yaml"),
    ];
    let f = Fixture::new();
    for objective in ["awareness", "consideration", "conversions", "retention"] {
        kpi_in(
            f.path(),
            &["init", objective, "--objective", objective, "--quiet"],
            None,
        );
        files.push(f.path().join(format!("{objective}.yaml")));
    }
    for file in &files {
        let errors: Vec<String> = validator
            .iter_errors(&as_json(file))
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{}: {}",
            file.display(),
            errors.join("; ")
        );
    }
    // And the schema does refuse what the loader refuses.
    let mut bad = as_json(&files[0]);
    bad["campaign"]["budgett"] = Value::from(5);
    assert!(!validator.is_valid(&bad));
    bad = as_json(&files[0]);
    bad["kpis"][0]["bands"]["green"] = Value::from("lots");
    assert!(!validator.is_valid(&bad));
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = kpi(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}");
        assert!(
            run.stdout.contains("score") && run.stdout.contains("lint"),
            "{shell}"
        );
    }
    assert_eq!(kpi(&["completions", "tcsh"]).code, 2);
    // `kpi rules <TAB>` offers every rule id, `--preset <TAB>` every preset.
    let bash = kpi(&["completions", "bash"]).stdout;
    assert!(bash.contains("B001 B002 B003"), "rule ids");
    assert!(
        bash.contains("auto canonical youtube-studio tiktok-studio"),
        "presets"
    );
    // Offering them does not make clap check them: the command's own message stays.
    let unknown = kpi(&["rules", "B99"]);
    assert_eq!(
        (unknown.code, unknown.stderr.as_str()),
        (2, "error: there is no rule `B99`; `kpi rules` lists them\n")
    );

    // One page holds every command, with its options; no reference to pages that do
    // not exist.
    let man = kpi(&["man"]);
    assert_eq!(man.code, 0);
    assert!(man.stdout.contains(".TH kpi 1"), "{}", man.stdout);
    for command in [
        "SCORE", "LINT", "RULES", "INIT", "METRICS", "PRESETS", "BASELINE",
    ] {
        assert!(
            man.stdout.contains(&format!(".SH \"KPI {command}\"")),
            "{command}"
        );
    }
    assert!(man.stdout.contains("\\-\\-fail\\-on"), "score's flags");
    assert!(
        !man.stdout.contains("kpi\\-score(1)"),
        "a page that does not exist"
    );
    for command in ["score", "lint", "metrics"] {
        let help = kpi(&[command, "--help"]);
        assert!(
            help.stdout.contains("\nExamples:\n  kpi "),
            "{command} --help"
        );
    }
}

#[test]
fn colour_only_when_asked_and_never_under_no_color() {
    let f = fixture();
    let run = |envs: &[(&str, &str)]| {
        let mut cmd = Command::cargo_bin("kpi").expect("kpi");
        cmd.current_dir(f.path())
            .args(["score", "campaign.yaml", AS_OF[0], AS_OF[1]])
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE");
        for (k, v) in envs {
            cmd.env(k, v);
        }
        String::from_utf8(cmd.output().expect("run").stdout).expect("utf-8")
    };
    assert!(!run(&[]).contains('\u{1b}'), "a pipe gets no colour");
    assert!(
        run(&[("CLICOLOR_FORCE", "1")]).contains("\u{1b}["),
        "CLICOLOR_FORCE colours a pipe"
    );
    assert!(
        !run(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]).contains('\u{1b}'),
        "NO_COLOR wins"
    );
}
