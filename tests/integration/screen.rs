//! The first screen a marketer reads, at 80, 120 and 200 columns: the verdict and what to
//! do first within the first 20 lines, every line within the width, and no word or
//! number split to get there (every token of a narrow screen is a token of the wide one).

use std::collections::HashSet;

use super::kpi;

const SCREENS: &[(&str, &[&str])] = &[
    (
        "spring-glow",
        &[
            "score",
            "campaigns/spring-glow.yaml",
            "--as-of",
            "2026-05-15",
        ],
    ),
    (
        "trailhead-fall",
        &[
            "score",
            "campaigns/trailhead-fall.yaml",
            "--as-of",
            "2026-10-20",
        ],
    ),
    (
        "portfolio",
        &["score", "campaigns/", "--as-of", "2026-10-20"],
    ),
];

fn width_of(line: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(line)
}

/// The words and numbers of a screen: not the table's rules, not the line saying
/// which columns were left out.
fn tokens(text: &str) -> HashSet<&str> {
    text.lines()
        .filter(|l| !l.starts_with("(not shown at"))
        .flat_map(str::split_whitespace)
        .filter(|t| !t.chars().all(|c| ('\u{2500}'..='\u{257f}').contains(&c)))
        .collect()
}

#[test]
fn the_first_screen_fits_80_120_and_200_columns() {
    for (name, args) in SCREENS {
        let wide = kpi(&[args, &["--wide"][..]].concat());
        assert_eq!(wide.code, 0, "{name}: {}", wide.stderr);
        let whole = tokens(&wide.stdout);
        for width in [80, 120, 200] {
            let w = width.to_string();
            let run = kpi(&[args, &["--width", &w][..]].concat());
            assert_eq!(run.code, 0, "{name} at {width}: {}", run.stderr);
            let screen = &run.stdout;
            for line in screen.lines() {
                assert!(width_of(line) <= width, "{name} at {width}: {line}");
            }
            let split: Vec<&str> = tokens(screen).difference(&whole).copied().collect();
            assert!(split.is_empty(), "{name} at {width}: split into {split:?}");
            if *name != "portfolio" {
                // The verdict, then the action list, end before line 20.
                let lines: Vec<&str> = screen.lines().collect();
                let table = lines
                    .iter()
                    .position(|l| l.starts_with('┌'))
                    .expect("a table");
                assert!(
                    table <= 20,
                    "{name} at {width}: the table starts at line {table}"
                );
                assert!(lines[3].starts_with("Spend: "), "{name}: {}", lines[3]);
                assert!(screen.contains("What to do first:"), "{name} at {width}");
            }
            insta::assert_snapshot!(format!("{name}-{width}"), screen);
        }
    }
}

/// On a real terminal the width is the terminal's: under a pseudo-terminal (`script`)
/// 80 columns wide, the screen is the `--width 80` one.
#[test]
fn a_terminal_gets_its_own_width() {
    let bin = assert_cmd::cargo::cargo_bin("kpi");
    let command = format!(
        "stty cols 80 2>/dev/null; '{}' score campaigns/spring-glow.yaml --as-of 2026-05-15",
        bin.display()
    );
    let run = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .stdin(std::process::Stdio::null())
        .output();
    let Some(run) = run.ok().filter(|r| r.status.success()) else {
        assert!(
            std::env::var_os("KPI_REQUIRE_ENGINES").is_none(),
            "`script` (util-linux) is needed for the pseudo-terminal test"
        );
        eprintln!("skipped: `script` (util-linux) is not installed, no pseudo-terminal");
        return;
    };
    let seen = String::from_utf8_lossy(&run.stdout).replace("\r\n", "\n");
    let expected = kpi(&[
        "score",
        "campaigns/spring-glow.yaml",
        "--as-of",
        "2026-05-15",
        "--width",
        "80",
    ]);
    assert_eq!(seen, expected.stdout);
}

#[test]
fn a_wide_metrics_table_becomes_several_that_fit() {
    let args = [
        "metrics",
        "campaigns/spring-glow/exports/instagram-posts.csv",
        "campaigns/spring-glow/exports/shop-orders.csv",
        "--by",
        "creator",
    ];
    let wide = kpi(&[&args[..], &["--wide"]].concat());
    let narrow = kpi(&[&args[..], &["--width", "80"]].concat());
    assert_eq!((wide.code, narrow.code), (0, 0), "{}", narrow.stderr);
    assert!(
        wide.stdout.lines().any(|l| width_of(l) > 80),
        "the test needs a wide table"
    );
    for line in narrow.stdout.lines() {
        assert!(width_of(line) <= 80, "{line}");
    }
    // Every metric and every number is still there, whole; each table keeps the creators.
    assert_eq!(
        tokens(&narrow.stdout)
            .difference(&tokens(&wide.stdout))
            .count(),
        0
    );
    assert_eq!(
        tokens(&wide.stdout)
            .difference(&tokens(&narrow.stdout))
            .count(),
        0
    );
    let tables = narrow.stdout.matches('┌').count();
    assert!(tables > 1, "{}", narrow.stdout);
    assert_eq!(narrow.stdout.matches("@glowwithmaya").count(), tables);
}

/// Lint's help on a terminal 80 columns wide wraps at spaces, under its own start.
#[test]
fn lint_help_wraps_at_the_terminal_width() {
    let bin = assert_cmd::cargo::cargo_bin("kpi");
    let command = format!(
        "stty cols 80 2>/dev/null; '{}' lint campaigns/",
        bin.display()
    );
    let run = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .stdin(std::process::Stdio::null())
        .output();
    let Some(run) = run.ok().filter(|r| !r.stdout.is_empty()) else {
        assert!(
            std::env::var_os("KPI_REQUIRE_ENGINES").is_none(),
            "`script` (util-linux) is needed for the pseudo-terminal test"
        );
        eprintln!("skipped: `script` (util-linux) is not installed, no pseudo-terminal");
        return;
    };
    let seen = String::from_utf8_lossy(&run.stdout).replace("\r\n", "\n");
    let piped = kpi(&["lint", "campaigns/"]);
    let helps = |text: &str| -> Vec<String> {
        // Each help, with its continuation lines joined back.
        let mut out: Vec<String> = Vec::new();
        let mut open = false;
        for line in text.lines() {
            if let Some((_, help)) = line.split_once(" = help: ") {
                out.push(help.to_owned());
                open = true;
            } else if open && line.starts_with("            ") {
                let last = out.last_mut().expect("a help");
                last.push(' ');
                last.push_str(line.trim_start());
            } else {
                open = false;
            }
        }
        out
    };
    let wrapped = helps(&seen);
    assert!(!wrapped.is_empty(), "{seen}");
    assert_eq!(
        wrapped,
        helps(&piped.stdout),
        "the words of every help, unchanged"
    );
    let mut in_help = false;
    for line in seen.lines() {
        in_help = line.contains(" = help: ") || (in_help && line.starts_with("            "));
        if in_help {
            assert!(width_of(line) <= 80, "{line}");
        }
    }
}
