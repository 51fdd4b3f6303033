//! The trust boundary (DESIGN §12), tried as an attacker would.
//!
//! Each folder under `tests/attack/` is a project that a stranger's pull request could
//! hold: a `case.txt` says what it tries and how `kpi` is run on it, `expected.txt` holds
//! the exit code and the exact output. The harness copies the folder into a fresh
//! project (a `.git` marks its root) next to a folder `outside/` of secret files — the
//! same secret in UTF-8, UTF-16LE, UTF-16BE and Latin-1 — and runs `kpi` with the secret
//! in its environment too. Every case is then run again in every output format of its
//! command, and no output may hold any part of the secret, a raw control character, or
//! a line that a CI runner would take for a workflow command.
//!
//! `case.txt` lines: `run: ARGS` (the command, in the project folder), `link: PATH ->
//! TARGET` (a symlink made at setup), `fifo: PATH` (a named pipe), `dir: PATH` (an empty
//! folder), `rename: PATH -> NAME` (a file renamed at setup, `\n` for a line break: names
//! git should not hold), `marker: kpi.yaml` (mark the root with a `kpi.yaml` instead of
//! `.git`), `#` comments. `{outside}` in any file of the case and in `link:` targets is the secret
//! folder's path; `{tmp}` in `expected.txt` is the temporary folder holding both.
//! `KPI_BLESS=1 cargo test trust` rewrites `expected.txt` from the current output — then
//! read every one of them before committing.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The secret: in the environment of every run and in every file under `outside/`.
const CANARY: &str = "kpi-canary-7f3a9e2b";

/// Formats per command, as `--format` takes them.
const LINT_FORMATS: [&str; 4] = ["human", "json", "sarif", "github"];
const SCORE_FORMATS: [&str; 4] = ["table", "json", "csv", "markdown"];
const METRICS_FORMATS: [&str; 3] = ["table", "csv", "json"];

struct Case {
    name: String,
    dir: PathBuf,
    run: Vec<String>,
    links: Vec<(String, String)>,
    fifos: Vec<String>,
    dirs: Vec<String>,
    renames: Vec<(String, String)>,
    marker: String,
}

fn cases() -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/attack");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/attack")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| {
            let text = std::fs::read_to_string(dir.join("case.txt")).expect("case.txt");
            let mut case = Case {
                name: dir
                    .file_name()
                    .expect("name")
                    .to_string_lossy()
                    .into_owned(),
                dir: dir.clone(),
                run: Vec::new(),
                links: Vec::new(),
                fifos: Vec::new(),
                dirs: Vec::new(),
                renames: Vec::new(),
                marker: ".git".into(),
            };
            for line in text
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            {
                let (key, value) = line.split_once(": ").expect("key: value");
                match key {
                    "run" => case.run = value.split_whitespace().map(str::to_owned).collect(),
                    "link" => {
                        let (from, to) = value.split_once(" -> ").expect("link: A -> B");
                        case.links.push((from.to_owned(), to.to_owned()));
                    }
                    "fifo" => case.fifos.push(value.to_owned()),
                    "dir" => case.dirs.push(value.to_owned()),
                    "rename" => {
                        let (from, to) = value.split_once(" -> ").expect("rename: A -> B");
                        case.renames
                            .push((from.to_owned(), to.replace("\\n", "\n")));
                    }
                    "marker" => case.marker = value.to_owned(),
                    other => panic!("{}: unknown key `{other}` in case.txt", dir.display()),
                }
            }
            assert!(!case.run.is_empty(), "{}: no `run:`", dir.display());
            case
        })
        .collect()
}

/// The secret as each encoding `kpi` can decode writes it.
fn secret_files(outside: &Path) {
    let text =
        format!("SECRET_TOKEN={CANARY},spend,clicks\n2026-01-05,{CANARY},1\nHOME=/root {CANARY}\n");
    std::fs::create_dir_all(outside.join("deep")).expect("outside");
    std::fs::write(outside.join("secret.csv"), &text).expect("secret");
    std::fs::write(outside.join("deep/secret.csv"), &text).expect("secret");
    let utf16le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let utf16be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    std::fs::write(outside.join("secret-utf16le.csv"), utf16le).expect("secret");
    std::fs::write(outside.join("secret-utf16be.csv"), utf16be).expect("secret");
    // ASCII is Latin-1 too; a non-ASCII byte makes the file need the encoding.
    let mut latin1 = text.clone().into_bytes();
    latin1.extend(b"caf\xe9\n");
    std::fs::write(outside.join("secret-latin1.csv"), latin1).expect("secret");
    // Secrets shaped like campaign files, for symlinks to campaigns and campaign folders.
    std::fs::write(
        outside.join("secret.yaml"),
        format!("campaign:\n  id: x\n  token: {CANARY}\n"),
    )
    .expect("secret");
    std::fs::create_dir_all(outside.join("yaml")).expect("outside yaml");
    std::fs::write(
        outside.join("yaml/c.yaml"),
        format!("campaign:\n  id: {CANARY}\n  period: {{ start: 2026-01-01, end: 2026-03-31 }}\n"),
    )
    .expect("secret");
    // Not a secret: what `--root ..` may read on purpose.
    std::fs::write(
        outside.join("ok.csv"),
        "date,creator,spend,clicks\n2026-01-05,@a,10,20\n",
    )
    .expect("ok.csv");
}

fn copy_case(from: &Path, to: &Path, outside: &Path) {
    std::fs::create_dir_all(to).expect("project");
    for entry in std::fs::read_dir(from).expect("case folder") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        if name == "case.txt" || name == "expected.txt" {
            continue;
        }
        if path.is_dir() {
            copy_case(&path, &to.join(&name), outside);
        } else {
            let bytes = std::fs::read(&path).expect("case file");
            let bytes = match String::from_utf8(bytes) {
                Ok(text) => text
                    .replace("{outside}", &outside.display().to_string())
                    .into_bytes(),
                Err(e) => e.into_bytes(),
            };
            std::fs::write(to.join(&name), bytes).expect("copy");
        }
    }
}

/// A fresh project for `case`: (temporary folder, project folder).
fn setup(case: &Case) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tmp");
    let base = tmp.path().canonicalize().expect("canonical tmp");
    let outside = base.join("outside");
    secret_files(&outside);
    let project = base.join("project");
    copy_case(&case.dir, &project, &outside);
    if case.marker == ".git" {
        std::fs::create_dir_all(project.join(".git")).expect(".git");
    } else if !project.join(&case.marker).exists() {
        std::fs::write(project.join(&case.marker), "").expect("marker");
    }
    for (from, to) in &case.renames {
        std::fs::rename(project.join(from), project.join(to)).expect("rename");
    }
    for dir in &case.dirs {
        std::fs::create_dir_all(project.join(dir)).expect("dir");
    }
    for (from, to) in &case.links {
        let link = project.join(from);
        if let Some(parent) = link.parent() {
            std::fs::create_dir_all(parent).expect("link parent");
        }
        let to = to.replace("{outside}", &outside.display().to_string());
        std::os::unix::fs::symlink(&to, &link).expect("symlink");
    }
    for fifo in &case.fifos {
        let status = std::process::Command::new("mkfifo")
            .arg(project.join(fifo))
            .status()
            .expect("mkfifo");
        assert!(status.success(), "mkfifo {fifo}");
    }
    (tmp, project)
}

struct Output {
    code: i32,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

fn run(project: &Path, args: &[String]) -> Output {
    let mut cmd = Command::cargo_bin("kpi").expect("kpi binary");
    cmd.current_dir(project)
        .args(args)
        .env("NO_COLOR", "1")
        .env("SECRET_TOKEN", CANARY)
        .timeout(std::time::Duration::from_secs(20))
        .write_stdin(Vec::<u8>::new());
    let output = cmd.output().expect("run kpi");
    Output {
        code: output.status.code().unwrap_or(-1),
        stdout: output.stdout,
        stderr: output.stderr,
    }
}

/// What in `bytes` betrays the secret: any 8 characters of it, in UTF-8, UTF-16 or
/// escaped by `kpi` itself.
fn leaks(bytes: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    let chars: Vec<char> = CANARY.chars().collect();
    for window in chars.windows(8) {
        let piece: String = window.iter().collect();
        let forms: [Vec<u8>; 3] = [
            piece.clone().into_bytes(),
            piece.encode_utf16().flat_map(u16::to_le_bytes).collect(),
            piece.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        ];
        for form in forms {
            if bytes.windows(form.len()).any(|w| w == form.as_slice()) {
                found.push(piece.clone());
            }
        }
    }
    // The secret decoded as UTF-16 from its UTF-8 bytes (what `encoding: utf-16le` of
    // the UTF-8 file would show): pairs of its bytes as code units.
    let units: Vec<u16> = CANARY
        .as_bytes()
        .chunks(2)
        .filter(|c| c.len() == 2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let cjk: String = char::decode_utf16(units).filter_map(Result::ok).collect();
    let text = String::from_utf8_lossy(bytes);
    if cjk.chars().count() >= 4 && text.contains(&cjk.chars().take(4).collect::<String>()) {
        found.push(format!("UTF-16 reading of the secret: {cjk}"));
    }
    found
}

/// The lines of `bytes` that are not safe to print (raw controls, workflow commands).
fn unsafe_lines(bytes: &[u8], commands: bool) -> Vec<String> {
    String::from_utf8_lossy(bytes)
        .lines()
        .filter(|l| !kpi::text::is_safe_line(l, false, commands))
        .map(|l| format!("{l:?}"))
        .collect()
}

fn formats(command: &str) -> &'static [&'static str] {
    match command {
        "lint" => &LINT_FORMATS,
        "score" => &SCORE_FORMATS,
        "metrics" => &METRICS_FORMATS,
        _ => &[],
    }
}

/// `args` with `--format` set to `format`.
fn with_format(args: &[String], format: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut skip = false;
    for a in args {
        if skip {
            skip = false;
            continue;
        }
        if a == "--format" {
            skip = true;
            continue;
        }
        out.push(a.clone());
    }
    out.extend(["--format".to_owned(), format.to_owned()]);
    out
}

fn shown(output: &Output, tmp: &Path) -> String {
    let tmp = tmp.canonicalize().expect("tmp").display().to_string();
    let text = |b: &[u8]| String::from_utf8_lossy(b).replace(&tmp, "{tmp}");
    format!(
        "exit: {}\nstdout:\n{}stderr:\n{}",
        output.code,
        text(&output.stdout),
        text(&output.stderr)
    )
}

#[test]
fn attack_fixtures_get_their_exact_output_and_leak_nothing() {
    let cases = cases();
    assert!(cases.len() >= 20, "{} attack cases", cases.len());
    let bless = std::env::var_os("KPI_BLESS").is_some();
    let mut failures = Vec::new();
    for case in &cases {
        let (tmp, project) = setup(case);
        let output = run(&project, &case.run);
        let actual = shown(&output, tmp.path());
        let expected_path = case.dir.join("expected.txt");
        if bless {
            std::fs::write(&expected_path, &actual).expect("bless");
        } else {
            let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
            if actual != expected {
                failures.push(format!(
                    "{}: output differs\n--- expected\n{expected}\n--- actual\n{actual}",
                    case.name
                ));
            }
        }
        let mut runs = vec![(None, output)];
        for format in formats(&case.run[0]) {
            runs.push((
                Some(*format),
                run(&project, &with_format(&case.run, format)),
            ));
        }
        for (format, output) in &runs {
            let label = format!("{} (--format {})", case.name, format.unwrap_or("as run"));
            for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
                let leaked = leaks(bytes);
                if !leaked.is_empty() {
                    failures.push(format!("{label}: {stream} leaks the secret: {leaked:?}"));
                }
                let commands = stream == "stdout"
                    && (*format == Some("github")
                        || format.is_none() && case.run.iter().any(|a| a == "github"));
                let bad = unsafe_lines(bytes, commands);
                if !bad.is_empty() {
                    failures.push(format!("{label}: {stream} has unsafe lines: {bad:?}"));
                }
            }
            if output.code != 0 && output.code != 1 && output.code != 2 {
                failures.push(format!("{label}: exit {} (a crash?)", output.code));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

// ---------------------------------------------------------------------------------
// Every renderer, straight from the library (no Guard behind it): a renderer added to
// one of the format tables is tested here without anyone listing it.

/// A campaign whose every echoed string carries escapes, newlines and workflow commands.
const HOSTILE: &str = r#"campaign:
  id: "x\n::add-mask::id ##[add-mask]z"
  name: "\e[2J\e]0;title\a name \u009b31m \u202e"
  brand: "\e]8;;https://evil.example\aclick"
  period: { start: 2026-01-01, end: 2026-03-31 }
  owner: { name: "Dana\n::error::o", email: "<img src=x>" }
metrics:
  - path: exports/a.csv
kpis:
  - { id: "::warning::k\r\nx", formula: spend / clicks, better: lower, bands: { green: 1, yellow: 2 }, actions: { red: "\e[31m\n::add-mask::act" } }
  - { id: gate, use: safety_pass_rate, tier: gate }
creators:
  - handle: "@a\n::stop-commands::tok"
    deliverables:
      - { id: "d\u0085\u2028::x", format: reel, due: 2026-01-10, caption: "serum \e[2J\n::error::c ##[set-output]x" }
guidelines:
  custom:
    - { id: X001, message: "\n::add-mask::m\e[2J", in: caption, forbid: "serum" }
"#;

/// An export whose keys and headers carry the same.
const HOSTILE_CSV: &str = "date,creator,spend,clicks,\"Views\x1b[2J\n::x\"\n2026-01-05,\"@a\n::stop-commands::tok\",10,2,1\n2026-01-06,\"\x1b]0;t\x07::add-mask::g\u{9b}\",5,5,1\n";

fn assert_safe(what: &str, bytes: &[u8], commands: bool) {
    let bad = unsafe_lines(bytes, commands);
    assert!(bad.is_empty(), "{what}: unsafe lines {bad:?}");
    assert!(!bytes.is_empty(), "{what}: nothing rendered");
}

#[test]
fn every_renderer_escapes_what_it_quotes() {
    use clap::ValueEnum;
    use kpi::report::ScoreFormat;
    use kpi::report::findings::{FindingsFormat, LintReport};
    use kpi::report::metrics::MetricsFormat;

    let dir = tempfile::tempdir().expect("tmp");
    std::fs::create_dir_all(dir.path().join(".git")).expect(".git");
    std::fs::create_dir_all(dir.path().join("exports")).expect("exports");
    let campaign_path = dir.path().join("c.yaml");
    std::fs::write(&campaign_path, HOSTILE).expect("campaign");
    std::fs::write(dir.path().join("exports/a.csv"), HOSTILE_CSV).expect("export");
    let campaign = kpi::campaign::load(&campaign_path).expect("the hostile campaign loads");

    let report = LintReport {
        findings: kpi::lint::workspace::lint_file(&campaign_path, &Default::default()),
        files: 1,
    };
    assert!(report.findings.len() >= 5, "{:?}", report.findings);
    for format in FindingsFormat::value_variants() {
        for color in [false, true] {
            let mut out = Vec::new();
            format
                .renderer(color, color.then_some(60))
                .render(&report, &mut out)
                .expect("render");
            let text = String::from_utf8_lossy(&out);
            let bad: Vec<&str> = text
                .lines()
                .filter(|l| !kpi::text::is_safe_line(l, color, format.writes_commands()))
                .collect();
            assert!(bad.is_empty(), "lint --format {format:?}: {bad:?}");
        }
    }

    let options = kpi::kpi::scorecard::ScoreOptions {
        as_of: "2026-02-01".parse().expect("date"),
        by: Some(kpi::metrics::Dimension::Creator),
        trend: true,
        ..Default::default()
    };
    let card = kpi::score(&campaign, &options, &kpi::metrics::ingest::NoProgress).expect("score");
    for format in ScoreFormat::value_variants() {
        for (color, wrap) in [(false, false), (true, true)] {
            let mut out = Vec::new();
            let style = kpi::report::Style {
                color,
                width: wrap.then_some(80),
                raw: false,
                refresh: None,
            };
            format
                .renderer(style)
                .render(&card, &mut out)
                .expect("render");
            let text = String::from_utf8_lossy(&out);
            let bad: Vec<&str> = text
                .lines()
                .filter(|l| !kpi::text::is_safe_line(l, color, false))
                .collect();
            assert!(bad.is_empty(), "score --format {format:?}: {bad:?}");
        }
    }

    let book = kpi::kpi::portfolio::portfolio(
        &[dir.path().to_path_buf()],
        None,
        &options,
        &kpi::metrics::ingest::NoProgress,
    );
    for format in ScoreFormat::value_variants() {
        let mut out = Vec::new();
        kpi::report::portfolio::render(&book, *format, Default::default(), &mut out)
            .expect("render");
        assert_safe(&format!("portfolio --format {format:?}"), &out, false);
    }

    let (table, _) = kpi::metrics::sources::read_exports(
        &[kpi::metrics::MetricsArg::Path(
            dir.path().join("exports/a.csv"),
        )],
        &[kpi::metrics::Dimension::Creator],
        &Default::default(),
        &kpi::metrics::ingest::NoProgress,
    )
    .expect("read");
    for format in MetricsFormat::value_variants() {
        for (raw, width) in [(false, None), (true, Some(40))] {
            let mut out = Vec::new();
            let style = kpi::report::Style {
                color: false,
                width,
                raw,
                refresh: None,
            };
            kpi::report::metrics::render(
                &table,
                &[kpi::metrics::Dimension::Creator],
                *format,
                style,
                &mut out,
            )
            .expect("render");
            assert_safe(
                &format!("metrics --format {format:?} raw {raw}"),
                &out,
                false,
            );
        }
    }
}

// ---------------------------------------------------------------------------------
// Attacks that need generated input or a process to signal.

fn project_with(campaign: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::create_dir_all(dir.path().join(".git")).expect(".git");
    std::fs::write(dir.path().join("c.yaml"), campaign).expect("campaign");
    dir
}

fn kpi_run(dir: &Path, args: &[&str]) -> Output {
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    run(dir, &args)
}

#[test]
fn a_formula_of_150000_terms_fails_cleanly_in_lint_and_score() {
    // 0.9 MB, inside the 8 MiB budget: this overflowed the stack (SIGABRT, exit 134).
    let formula = "spend+".repeat(150_000) + "spend";
    let dir = project_with(&format!(
        "campaign:\n  id: x\n  period: {{ start: 2026-01-01, end: 2026-03-31 }}\nkpis:\n  - id: big\n    formula: {formula}\n    target: 10\n    by: 2026-03-31\n"
    ));
    let score = kpi_run(dir.path(), &["score", "c.yaml", "--as-of", "2026-02-01"]);
    assert_eq!(score.code, 2);
    let stderr = String::from_utf8_lossy(&score.stderr);
    assert!(
        stderr.starts_with(&format!(
            "error: c.yaml:6:{}: in the formula of `big`: the formula has more than 256 operators; split it into several KPIs\n",
            14 + 256 * 6 + 5
        )),
        "{stderr}"
    );
    let lint = kpi_run(dir.path(), &["lint", "c.yaml"]);
    assert_eq!(lint.code, 1);
    let stdout = String::from_utf8_lossy(&lint.stdout);
    assert!(
        stdout.contains("c.yaml:6:14: error[K008] invalid-formula: the formula of `big` does not parse: the formula has more than 256 operators; split it into several KPIs\n"),
        "{stdout}"
    );
    // The quoted source line is a window, not 0.9 MB.
    assert!(
        stdout.lines().all(|l| l.chars().count() < 600),
        "a line is too long"
    );
}

#[test]
fn output_files_replace_only_regular_files_and_keep_their_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir =
        project_with("campaign:\n  id: x\n  period: { start: 2026-01-01, end: 2026-03-31 }\n");
    let p = dir.path();
    std::os::unix::fs::symlink(p.join("target.txt"), p.join("link.txt")).expect("symlink");
    let status = std::process::Command::new("mkfifo")
        .arg(p.join("pipe"))
        .status()
        .expect("mkfifo");
    assert!(status.success());
    for (target, kind) in [
        ("link.txt", "a symlink"),
        ("pipe", "a FIFO (named pipe)"),
        ("/dev/null", "a device"),
        (".git", "a folder"),
    ] {
        let out = kpi_run(p, &["lint", "c.yaml", "-o", target]);
        assert_eq!(out.code, 2, "{target}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!(
                "error: cannot write {target}: it is {kind}, and -o replaces only regular files (leave out -o to write to standard output)\n"
            )
        );
    }
    assert!(
        !p.join("target.txt").exists(),
        "written through the symlink"
    );
    // A private file stays private when replaced; a new file gets the usual mode.
    std::fs::write(p.join("private.txt"), "old").expect("write");
    std::fs::set_permissions(
        p.join("private.txt"),
        std::fs::Permissions::from_mode(0o600),
    )
    .expect("chmod");
    let out = kpi_run(p, &["lint", "c.yaml", "-o", "private.txt"]);
    assert_eq!(out.code, 0, "{}", String::from_utf8_lossy(&out.stderr));
    let mode = std::fs::metadata(p.join("private.txt"))
        .expect("meta")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    assert!(
        std::fs::read_to_string(p.join("private.txt"))
            .expect("read")
            .contains("no-gate-kpi")
    );
    let leftovers: Vec<_> = std::fs::read_dir(p)
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".kpi-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_signal_during_the_write_leaves_no_temporary_file() {
    let dir =
        project_with("campaign:\n  id: x\n  period: { start: 2026-01-01, end: 2026-03-31 }\n");
    let p = dir.path();
    std::fs::write(p.join("out.txt"), "before").expect("write");
    for signal in ["-TERM", "-INT"] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("kpi"))
            .current_dir(p)
            .args(["lint", "c.yaml", "-o", "out.txt"])
            .env("KPI_TEST_HOLD_OUTPUT_MS", "5000")
            .stdin(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        // Wait until the temporary file is there, then signal.
        let temp = p.join(format!(".out.txt.{}.kpi-tmp", child.id()));
        let started = std::time::Instant::now();
        while !temp.exists() && started.elapsed().as_secs() < 10 {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(temp.exists(), "no temporary file appeared");
        let killed = std::process::Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .expect("kill");
        assert!(killed.success());
        let status = child.wait().expect("wait");
        assert!(!status.success(), "{signal}: {status:?}");
        assert!(
            !temp.exists(),
            "{signal}: the temporary file is left behind"
        );
        assert_eq!(
            std::fs::read_to_string(p.join("out.txt")).expect("read"),
            "before"
        );
    }
}

#[test]
fn a_closed_standard_output_is_an_error_not_a_silent_success() {
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' score campaigns/spring-glow.yaml --as-of 2026-05-01 >&- 2>err.txt; echo $? > code.txt",
            assert_cmd::cargo::cargo_bin("kpi").display()
        ))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("sh");
    assert!(status.success());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let code = std::fs::read_to_string(root.join("code.txt")).expect("code");
    let err = std::fs::read_to_string(root.join("err.txt")).expect("err");
    let _ = std::fs::remove_file(root.join("code.txt"));
    let _ = std::fs::remove_file(root.join("err.txt"));
    assert_eq!(code.trim(), "2");
    assert_eq!(
        err,
        "error: standard output is closed, so there is nowhere to write the result; run without `>&-`, or write a file with -o FILE\n"
    );
}

#[test]
fn custom_rules_stop_at_their_scan_budget() {
    // A 60,000-character caption reused by 99 aliases is 6 MB of captions from a
    // 60 KB file; 5,000 rules over it took 86 s and 2.9 GB before the limits. Twelve
    // rules read 72 MB: the twelfth is past the 64 MiB budget.
    let caption = "word ".repeat(12_000);
    let mut yaml = format!(
        "campaign:\n  id: x\n  period: {{ start: 2026-01-01, end: 2026-03-31 }}\ncreators:\n  - handle: \"@a\"\n    deliverables:\n      - {{ id: d0, caption: &c \"{caption}\" }}\n"
    );
    for i in 1..100 {
        yaml.push_str(&format!("      - {{ id: d{i}, caption: *c }}\n"));
    }
    yaml.push_str("guidelines:\n  custom:\n");
    for i in 0..12 {
        yaml.push_str(&format!(
            "    - {{ id: R{i}, message: m, in: caption, forbid: \"potion\" }}\n"
        ));
    }
    let dir = project_with(&yaml);
    let started = std::time::Instant::now();
    let out = kpi_run(dir.path(), &["lint", "c.yaml", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let custom: Vec<(&str, &str)> = json
        .as_array()
        .expect("array")
        .iter()
        .filter(|f| f["name"] == "custom")
        .filter_map(|f| Some((f["rule"].as_str()?, f["message"].as_str()?)))
        .collect();
    assert_eq!(
        custom,
        [(
            "R11",
            "custom rule `R11` and those after it were not run: together they would read more than 64 MiB of text"
        )]
    );
    assert_eq!(out.code, 1);
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn output_files_never_go_through_a_symlinked_folder_or_a_planted_name() {
    let dir =
        project_with("campaign:\n  id: x\n  period: { start: 2026-01-01, end: 2026-03-31 }\n");
    let p = dir.path();
    let elsewhere = tempfile::tempdir().expect("elsewhere");
    std::os::unix::fs::symlink(elsewhere.path(), p.join("reports")).expect("symlink");
    let out = kpi_run(p, &["lint", "c.yaml", "-o", "reports/kpi.sarif"]);
    assert_eq!(out.code, 2);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: cannot write reports/kpi.sarif: its folder reports is a symlink; write to the folder itself\n"
    );
    assert_eq!(std::fs::read_dir(elsewhere.path()).expect("dir").count(), 0);
    // Temporary names planted in advance as symlinks are passed over, never written.
    let target = elsewhere.path().join("pwned.txt");
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("kpi"))
        .current_dir(p)
        .args(["lint", "c.yaml", "-o", "out.txt"])
        .env("KPI_TEST_HOLD_OUTPUT_MS", "300")
        .stdin(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let pid = child.id();
    std::os::unix::fs::symlink(&target, p.join(format!(".out.txt.{pid}.kpi-tmp"))).ok();
    let output = child.wait_with_output().expect("wait");
    assert!(output.status.success(), "{output:?}");
    assert!(!target.exists(), "wrote through a planted symlink");
    assert!(
        std::fs::symlink_metadata(p.join("out.txt"))
            .expect("out")
            .is_file()
    );
}

#[test]
fn a_usage_error_quoting_a_file_name_cannot_start_a_workflow_command() {
    // File names from a repository can reach the command line (pre-commit, shell globs).
    let dir =
        project_with("campaign:\n  id: x\n  period: { start: 2026-01-01, end: 2026-03-31 }\n");
    let out = kpi_run(
        dir.path(),
        &["lint", "--x\n::error::Injected\n::add-mask::kpi\n.yaml"],
    );
    assert_eq!(out.code, 2);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("error: unexpected argument '--x\n\\::error::Injected\n\\::add-mask::kpi\n.yaml' found\n"), "{stderr}");
    assert!(unsafe_lines(&out.stderr, false).is_empty(), "{stderr}");
}
