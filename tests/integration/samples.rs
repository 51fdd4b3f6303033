//! The bundled sample campaigns tell the stories their comments promise, and the README
//! stays true to the code.

use serde_json::Value;

use super::{kpi, score_json};

fn bands(card: &Value) -> Vec<(String, String)> {
    card["kpis"]
        .as_array()
        .expect("kpis")
        .iter()
        .map(|k| {
            (
                k["id"].as_str().expect("id").to_owned(),
                k["band"].as_str().expect("band").to_owned(),
            )
        })
        .collect()
}

fn root() -> &'static std::path::Path {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn spring_glow_is_green_but_pacing_behind_on_signups() {
    let card = score_json(
        root(),
        &["campaigns/spring-glow.yaml", "--as-of", "2026-05-15"],
    );
    assert_eq!(card["verdict"]["spend"], "approved");
    for (id, band) in bands(&card) {
        let expected = if id == "signups" || id == "ctr" {
            "yellow"
        } else {
            "green"
        };
        assert_eq!(band, expected, "{id}");
    }
    let signups = card["kpis"]
        .as_array()
        .expect("kpis")
        .iter()
        .find(|k| k["id"] == "signups")
        .expect("signups");
    // 1,876 signups by day 45 of 91 → projected 1,876 × 91 / 45 = 3,793.69 of 4,000.
    assert_eq!(signups["value"], 1876.0);
    assert_eq!(signups["projected"], 3793.688889);
    assert_eq!(signups["pace"]["status"], "behind");
    assert!(signups["action"].is_string());
    // CTR is green on its value (1.30% ≥ 1.2%) but fell three complete weeks in a row
    // (W16 → W17 → W18 → W19), so it escalates one band and says why.
    let ctr = card["kpis"]
        .as_array()
        .expect("kpis")
        .iter()
        .find(|k| k["id"] == "ctr")
        .expect("ctr");
    assert_eq!(ctr["escalation"], "3 weeks worse in a row");
    assert_eq!(ctr["trend"]["worse_weeks"], 3);
    assert_eq!(
        ctr["action"],
        "re-brief the call to action (3 weeks worse in a row)"
    ); // its own `actions: { yellow }`
}

#[test]
fn trailhead_fall_is_blocked_with_red_impact_kpis() {
    let card = score_json(
        root(),
        &["campaigns/trailhead-fall.yaml", "--as-of", "2026-10-20"],
    );
    assert_eq!(card["verdict"]["spend"], "blocked");
    let blockers: Vec<(&str, &str)> = card["verdict"]["blocking"]
        .as_array()
        .expect("blocking")
        .iter()
        .map(|b| {
            (
                b["creator"].as_str().expect("creator"),
                b["kpi"].as_str().expect("kpi"),
            )
        })
        .collect();
    assert!(blockers.contains(&("@ultra.kai", "safety")), "{blockers:?}");
    assert!(
        blockers.contains(&("@trailmix.tess", "safety")),
        "{blockers:?}"
    );
    let bands = bands(&card);
    for red in ["cpqc", "roas"] {
        assert!(
            bands.contains(&(red.to_owned(), "red".to_owned())),
            "{red}: {bands:?}"
        );
    }
    // Every KPI that is not green says what to do.
    for k in card["kpis"].as_array().expect("kpis") {
        assert_eq!(k["action"].is_string(), k["band"] != "green", "{}", k["id"]);
    }
}

#[test]
fn samples_spend_matches_the_exports_to_the_cent() {
    // campaigns/tools/expected-totals.txt: spring-glow spend to 2026-05-15 is 27,969.86.
    let card = score_json(
        root(),
        &[
            "campaigns/spring-glow.yaml",
            "--as-of",
            "2026-05-15",
            "--by",
            "platform",
        ],
    );
    let cpqc = card["kpis"]
        .as_array()
        .expect("kpis")
        .iter()
        .find(|k| k["id"] == "cpqc")
        .expect("cpqc");
    // cpqc = 27,969.86 / 19,192 qualified clicks.
    assert_eq!(
        cpqc["value"],
        ((27_969.86f64 / 19_192.0) * 1e6).round() / 1e6
    );
}

#[test]
fn readme_lists_every_builtin_kpi_with_its_formula() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    for b in kpi::kpi::builtin::BUILTINS {
        let row = format!("| `{}` | `{}` |", b.id, b.formula);
        assert!(
            readme.contains(&row),
            "README is missing the catalogue row {row}"
        );
    }
}

#[test]
fn readme_lists_every_lint_rule() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    for r in kpi::lint::catalogue() {
        let row = format!(
            "| {} | `{}` | {} | {} |",
            r.id, r.name, r.severity, r.summary
        );
        assert!(
            readme.contains(&row),
            "README is missing the rule row {row}"
        );
    }
}

#[test]
fn readme_set_up_commands_are_the_ones_that_work() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    assert!(readme.contains(
        "cargo run --release -- score campaigns/spring-glow.yaml --as-of 2026-05-15\ncargo test\n"
    ));
}

#[test]
fn help_and_version() {
    let help = kpi(&["--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("score"), "{}", help.stdout);
    let version = kpi(&["--version"]);
    assert_eq!(
        (version.code, version.stdout.trim()),
        (0, concat!("kpi ", env!("CARGO_PKG_VERSION")))
    );
}

#[test]
fn readme_shows_the_scorecard_the_run_command_prints() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let run = kpi(&[
        "score",
        "campaigns/spring-glow.yaml",
        "--as-of",
        "2026-05-15",
        "--width",
        "80",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let shown = format!(
        "$ kpi score campaigns/spring-glow.yaml --as-of 2026-05-15   # a terminal 80 columns wide\n{}```",
        run.stdout
    );
    assert!(
        readme.contains(&shown),
        "the README's sample scorecard is out of date:\n{}",
        run.stdout
    );
}

#[test]
fn readme_shows_the_kinds_of_a_bundled_export_as_kpi_prints_them() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let command =
        "kpi metrics campaigns/trailhead-fall/exports/store-orders.csv --kinds --format csv";
    let run = super::kpi(&command.split(' ').skip(1).collect::<Vec<_>>());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let block = format!("$ {command}\n{}```", run.stdout);
    assert!(
        readme.contains(&block),
        "README's --kinds example is not what kpi prints:\n{block}"
    );
}
