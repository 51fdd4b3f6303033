//! The exact text of every user-facing error of `kpi score` on bad input.
//!
//! Each test builds a small fixture (a minimal valid campaign and export), breaks one
//! thing, runs `kpi score campaign.yaml --as-of 2026-04-15` in the fixture folder and
//! checks: exit code 2, nothing on stdout, and stderr exactly as a marketer should read it
//! (DESIGN §4, §5, §10). Tests marked `#[ignore = "message to fix: …"]` hold the message
//! kpi SHOULD print; the reason says what it prints now.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::{Fixture, Run, kpi_in};

/// The smallest valid campaign: one KPI over one export.
const CAMPAIGN: &str = "\
campaign:
  id: t-1
  period: { start: 2026-04-01, end: 2026-04-30 }
kpis:
  - id: cpc
    formula: spend / clicks
    unit: currency
    better: lower
    bands: { green: 2, yellow: 3 }
metrics:
  - path: exports/ads.csv
";

/// The export `CAMPAIGN` reads.
const ADS: &str = "\
date,spend,clicks
2026-04-02,100,50
2026-04-03,80,40
";

/// A fixture with `campaign` as `campaign.yaml` and `ads` as `exports/ads.csv`.
fn fixture(campaign: &str, ads: &str) -> Fixture {
    let fixture = Fixture::new();
    fixture.file("campaign.yaml", campaign);
    fixture.file("exports/ads.csv", ads);
    fixture
}

/// `CAMPAIGN` with `from` (which must occur exactly once) replaced by `to`.
fn campaign_with(from: &str, to: &str) -> String {
    assert_eq!(
        CAMPAIGN.matches(from).count(),
        1,
        "`{from}` must occur exactly once in the campaign"
    );
    CAMPAIGN.replacen(from, to, 1)
}

/// Runs `kpi score campaign.yaml --as-of 2026-04-15` plus `extra` in `dir`.
fn score_in(dir: &Path, extra: &[&str], stdin: Option<&str>) -> Run {
    let mut args = vec!["score", "campaign.yaml", "--as-of", "2026-04-15"];
    args.extend_from_slice(extra);
    kpi_in(dir, &args, stdin)
}

/// The run did not crash: no panic message and not Rust's panic exit code.
fn assert_no_panic(run: &Run) {
    assert!(
        !run.stderr.contains("panicked"),
        "kpi panicked:\n{}",
        run.stderr
    );
    assert_ne!(run.code, 101, "kpi panicked:\n{}", run.stderr);
}

/// The run refused its input: exit code 2, nothing on stdout, no panic.
fn assert_refused(run: &Run) {
    assert_no_panic(run);
    assert_eq!(run.code, 2, "exit code; stderr:\n{}", run.stderr);
    assert_eq!(run.stdout, "", "stdout should be empty");
}

/// The run refused its input with exactly `expected` on stderr.
fn assert_error(run: &Run, expected: &str) {
    assert_refused(run);
    assert_eq!(
        run.stderr, expected,
        "\n--- stderr ---\n{}\n--- expected ---\n{expected}",
        run.stderr
    );
}

/// Scores `campaign` (with the usual export) and expects exactly `expected`.
fn campaign_error(campaign: &str, expected: &str) {
    let fixture = fixture(campaign, ADS);
    assert_error(&score_in(fixture.path(), &[], None), expected);
}

/// Scores the usual campaign with `ads` as its export and expects exactly `expected`.
fn csv_error(ads: &str, expected: &str) {
    let fixture = fixture(CAMPAIGN, ads);
    assert_error(&score_in(fixture.path(), &[], None), expected);
}

/// The fixture itself scores cleanly, so each test breaks exactly one thing.
#[test]
fn fixture_is_valid() {
    let fixture = fixture(CAMPAIGN, ADS);
    let run = score_in(fixture.path(), &[], None);
    assert_no_panic(&run);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
}

// ---------------------------------------------------------------------------------------
// The campaign file: YAML syntax
// ---------------------------------------------------------------------------------------

#[test]
fn yaml_unclosed_list_at_end_of_file() {
    campaign_error(
        "\
campaign:
  id: t-1
  period: { start: 2026-04-01, end: 2026-04-30 }
  markets: [US, CA
",
        "\
error: campaign.yaml:4:12: unclosed bracket '['
  |
4 |   markets: [US, CA
  |            ^
",
    );
}

#[test]
#[ignore = "message to fix: prints `campaign.yaml:4:9: illegal placement of ':' indicator` \
            pointing at `period:`; the problem is the `[` on line 3 that is never closed"]
fn yaml_unclosed_list_before_the_next_key() {
    campaign_error(
        &campaign_with("  id: t-1\n", "  id: t-1\n  markets: [US, CA\n"),
        "\
error: campaign.yaml:3:12: unclosed bracket '['
  |
3 |   markets: [US, CA
  |            ^
",
    );
}

#[test]
#[ignore = "message to fix: prints ``2026-04-30 kpis` is not a date` at 3:37; the problem \
            is the `{` on line 3 that is never closed"]
fn yaml_unclosed_brace_before_the_next_key() {
    campaign_error(
        &campaign_with("end: 2026-04-30 }", "end: 2026-04-30"),
        "\
error: campaign.yaml:3:11: unclosed brace '{'
  |
3 |   period: { start: 2026-04-01, end: 2026-04-30
  |           ^
",
    );
}

#[test]
fn yaml_unclosed_quote() {
    campaign_error(
        &campaign_with("id: t-1", "id: \"t-1"),
        "\
error: campaign.yaml:2:7: unclosed quote
  |
2 |   id: \"t-1
  |       ^
",
    );
}

#[test]
fn yaml_tab_indentation() {
    // The parser points just after the tab; the caret line keeps the tab so it lines up.
    campaign_error(
        &campaign_with("  id: t-1", "\tid: t-1"),
        "\
error: campaign.yaml:2:2: this line is indented with a tab; indent with spaces instead
  |
2 | \tid: t-1
  | \t^
",
    );
}

#[test]
fn yaml_duplicate_key() {
    campaign_error(
        &campaign_with("  id: t-1\n", "  id: t-1\n  id: t-2\n"),
        "\
error: campaign.yaml:3:3: duplicate mapping key `id` is not allowed here
  |
3 |   id: t-2
  |   ^
",
    );
}

#[test]
fn yaml_undefined_alias() {
    campaign_error(
        &campaign_with("  id: t-1\n", "  id: t-1\n  markets: [*us]\n"),
        "\
error: campaign.yaml:3:13: this alias (`*name`) refers to an anchor (`&name`) that is not defined before it
  |
3 |   markets: [*us]
  |             ^
",
    );
}

#[test]
fn yaml_two_documents() {
    campaign_error(
        &format!("{CAMPAIGN}---\n{CAMPAIGN}"),
        "\
error: campaign.yaml:12:1: the file holds more than one YAML document; keep one campaign per file and remove the extra `---`
   |
12 | ---
   | ^
",
    );
}

// ---------------------------------------------------------------------------------------
// The campaign file: keys, types and values
// ---------------------------------------------------------------------------------------

#[test]
fn yaml_unknown_key_with_a_close_match() {
    campaign_error(
        &campaign_with("  id: t-1\n", "  id: t-1\n  budgett: 5000\n"),
        "\
error: campaign.yaml:3:3: unknown key `budgett` — did you mean `budget`?
  |
3 |   budgett: 5000
  |   ^
",
    );
}

#[test]
fn yaml_unknown_key_lists_the_expected_keys() {
    campaign_error(
        &campaign_with("  id: t-1\n", "  id: t-1\n  flavour: vanilla\n"),
        "\
error: campaign.yaml:3:3: unknown key `flavour`; expected one of: id, name, brand, objective, okr, period, currency, budget, reporting, owner, markets
  |
3 |   flavour: vanilla
  |   ^
",
    );
}

#[test]
fn yaml_amount_is_not_a_number() {
    campaign_error(
        &campaign_with("  id: t-1\n", "  id: t-1\n  budget: lots\n"),
        "\
error: campaign.yaml:3:11: `lots` is not an amount; write a number such as 6000 or 1250.50
  |
3 |   budget: lots
  |           ^
",
    );
}

#[test]
fn yaml_count_is_not_a_number() {
    campaign_error(
        &format!("{CAMPAIGN}creators:\n  - handle: \"@maya\"\n    followers: lots\n"),
        "\
error: campaign.yaml:14:16: expected a whole number here, such as 182000
   |
14 |     followers: lots
   |                ^
",
    );
}

#[test]
fn yaml_list_where_text_is_expected() {
    campaign_error(
        &campaign_with("  id: t-1\n", "  id: t-1\n  name: [Spring, Glow]\n"),
        "\
error: campaign.yaml:3:9: expected text here
  |
3 |   name: [Spring, Glow]
  |         ^
",
    );
}

#[test]
fn yaml_text_where_keys_are_expected() {
    campaign_error(
        &campaign_with("  - path: exports/ads.csv", "  - exports/ads.csv"),
        "\
error: campaign.yaml:11:5: expected `key: value` pairs here
   |
11 |   - exports/ads.csv
   |     ^
",
    );
}

#[test]
fn yaml_boolean_is_not_true_or_false() {
    campaign_error(
        &campaign_with(
            "  - path: exports/ads.csv\n",
            "  - path: exports/ads.csv\n    decimal_comma: maybe\n",
        ),
        "\
error: campaign.yaml:12:20: expected `true` or `false` here
   |
12 |     decimal_comma: maybe
   |                    ^
",
    );
}

#[test]
fn yaml_date_in_another_format() {
    campaign_error(
        &campaign_with("start: 2026-04-01", "start: 04/01/2026"),
        "\
error: campaign.yaml:3:20: `04/01/2026` is not a date; write it as YYYY-MM-DD, e.g. 2026-04-01
  |
3 |   period: { start: 04/01/2026, end: 2026-04-30 }
  |                    ^
",
    );
}

#[test]
fn yaml_date_with_an_impossible_month() {
    campaign_error(
        &campaign_with("start: 2026-04-01", "start: 2026-13-01"),
        "\
error: campaign.yaml:3:20: `2026-13-01` is not a calendar date: check the month (01-12) and the day of the month
  |
3 |   period: { start: 2026-13-01, end: 2026-04-30 }
  |                    ^
",
    );
}

#[test]
fn yaml_unknown_value() {
    campaign_error(
        &campaign_with("better: lower", "better: sideways"),
        "\
error: campaign.yaml:8:13: unknown value `sideways`; expected one of: higher, lower
  |
8 |     better: sideways
  |             ^
",
    );
}

#[test]
fn yaml_unknown_value_with_a_close_match() {
    campaign_error(
        &campaign_with("better: lower", "better: hgher"),
        "\
error: campaign.yaml:8:13: unknown value `hgher` — did you mean `higher`?
  |
8 |     better: hgher
  |             ^
",
    );
}

#[test]
fn yaml_missing_required_key() {
    campaign_error(
        &campaign_with(
            "  period: { start: 2026-04-01, end: 2026-04-30 }\n",
            "  name: Test\n  budget: 500\n",
        ),
        "\
error: campaign.yaml:1:1: `campaign:` is missing the required key `period`
  |
1 | campaign:
  | ^
",
    );
}

#[test]
fn yaml_missing_required_key_in_a_list_entry() {
    campaign_error(
        &campaign_with("  - id: cpc", "  - name: cpc"),
        "\
error: campaign.yaml:5:5: this entry of `kpis:` is missing the required key `id`
  |
5 |   - name: cpc
  |     ^
",
    );
}

#[test]
fn yaml_empty_file() {
    campaign_error(
        "",
        "error: campaign.yaml:1:1: the campaign file is empty; it needs at least a `campaign:` \
         section with `id` and `period`\n  |\n1 | \n  | ^\n",
    );
}

#[test]
fn yaml_empty_campaign_id() {
    campaign_error(
        &campaign_with("  id: t-1", "  id: \"\""),
        "\
error: campaign.yaml:2:7: the campaign id is empty; give the id used in `utm_campaign`
  |
2 |   id: \"\"
  |       ^
",
    );
}

#[test]
fn yaml_duplicate_kpi_id() {
    campaign_error(
        &campaign_with(
            "metrics:\n",
            "  - id: cpc\n    formula: spend / clicks\nmetrics:\n",
        ),
        "\
error: campaign.yaml:10:9: KPI id `cpc` is already used on line 5; ids must be unique
   |
10 |   - id: cpc
   |         ^
",
    );
}

#[test]
fn yaml_period_ends_before_it_starts() {
    campaign_error(
        &campaign_with("end: 2026-04-30", "end: 2026-03-30"),
        "\
error: campaign.yaml:3:11: the period ends (2026-03-30) before it starts (2026-04-01)
  |
3 |   period: { start: 2026-04-01, end: 2026-03-30 }
  |           ^
",
    );
}

/// A currency is a code: a long one was repeated in every money label of every page.
#[test]
fn yaml_currency_that_is_not_a_code() {
    campaign_error(
        &campaign_with(
            "period: { start: 2026-04-01, end: 2026-04-30 }",
            "period: { start: 2026-04-01, end: 2026-04-30 }\n  currency: US dollars",
        ),
        "\
error: campaign.yaml:4:13: `US dollars` is not a currency code; write the three-letter ISO 4217 code, such as USD or EUR
  |
4 |   currency: US dollars
  |             ^
",
    );
}

/// Found by attacking the HTML report: 26,000 KPIs made a 109 MB page.
#[test]
fn yaml_too_many_kpis() {
    let many: String = (0..201)
        .map(|i| format!("  - {{ id: k{i}, formula: clicks }}\n"))
        .collect();
    let campaign = campaign_with(
        "kpis:\n  - id: cpc\n    formula: spend / clicks\n    unit: currency\n    better: lower\n    bands: { green: 2, yellow: 3 }\n",
        &format!("kpis:\n{many}"),
    );
    campaign_error(
        &campaign,
        "\
error: campaign.yaml:205:11: the campaign defines 201 KPIs; at most 200 — a scorecard is read by people, so keep the KPIs that decide something, or split the campaign
    |
205 |   - { id: k200, formula: clicks }
    |           ^
",
    );
}

/// Found by attacking the HTML report: `-o` named the campaign file and replaced it with
/// the report (and with `--watch` would have written again forever).
#[test]
fn output_that_is_an_input_is_refused() {
    let f = fixture(CAMPAIGN, ADS);
    for (args, named) in [
        (&["-o", "campaign.yaml"][..], "campaign.yaml"),
        (
            &["-o", "./exports/ads.csv", "--format", "html"][..],
            "./exports/ads.csv",
        ),
    ] {
        let run = score_in(f.path(), args, None);
        assert_refused(&run);
        let input = if named.ends_with(".csv") {
            "exports/ads.csv"
        } else {
            "campaign.yaml"
        };
        assert_eq!(
            run.stderr,
            format!(
                "error: -o {named} would replace {input}, an input of this run; write the output to another file\n"
            )
        );
    }
    assert_eq!(
        std::fs::read_to_string(f.path().join("campaign.yaml")).expect("campaign"),
        CAMPAIGN
    );
    assert_eq!(
        std::fs::read_to_string(f.path().join("exports/ads.csv")).expect("export"),
        ADS
    );
    let run = kpi_in(
        f.path(),
        &["metrics", "exports/ads.csv", "-o", "exports/ads.csv"],
        None,
    );
    assert_refused(&run);
}

/// Found by fuzzing: a period of a thousand years made the weekly series of every KPI
/// and creator take seconds and hundreds of megabytes. 1013-05-01 to 2026-04-30, both
/// included, is 369,991 days (Python's `date` agrees).
#[test]
fn yaml_period_longer_than_ten_years() {
    campaign_error(
        &campaign_with("start: 2026-04-01", "start: 1013-05-01"),
        "\
error: campaign.yaml:3:11: the period runs 369991 days (1013-05-01 to 2026-04-30); a campaign lasts at most 10 years — split a longer programme into campaigns
  |
3 |   period: { start: 1013-05-01, end: 2026-04-30 }
  |           ^
",
    );
}

#[test]
fn yaml_not_utf8() {
    let fixture = fixture(CAMPAIGN, ADS);
    let mut bytes = b"campaign:\n  id: t-1\n  name: Caf\xe9 launch\n".to_vec();
    bytes.extend_from_slice(
        CAMPAIGN
            .split_once("  id: t-1\n")
            .expect("id line")
            .1
            .as_bytes(),
    );
    std::fs::write(fixture.path().join("campaign.yaml"), bytes).expect("write campaign");
    assert_error(
        &score_in(fixture.path(), &[], None),
        "\
error: campaign.yaml:3:12: the file is not UTF-8 text; save it as UTF-8
  |
3 |   name: Caf
  |            ^
",
    );
}

/// The nested anchors of the billion-laughs attack: 9^9 strings once expanded.
fn billion_laughs() -> String {
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    let mut lines = vec![format!("lol: &a [{}]", ["\"lol\""; 9].join(","))];
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 9].join(",");
        lines.push(format!("{0}: &{0} [{refs}]", pair[1]));
    }
    lines.join("\n") + "\n"
}

/// The same bomb, its anchors on keys the campaign file knows.
const BILLION_LAUGHS_IN_KNOWN_KEYS: &str = "\
campaign:
  id: t-1
  period: { start: 2026-04-01, end: 2026-04-30 }
  markets: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]
  name: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
  brand: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
  okr: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
  currency: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
audience:
  interests: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
  geo: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
  age: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
declined: [*h, *h, *h, *h, *h, *h, *h, *h, *h]
";

#[test]
fn yaml_billion_laughs_fails_fast() {
    for campaign in [billion_laughs(), BILLION_LAUGHS_IN_KNOWN_KEYS.to_owned()] {
        let fixture = fixture(&campaign, ADS);
        let started = Instant::now();
        let run = score_in(fixture.path(), &[], None);
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "took {:?}",
            started.elapsed()
        );
        assert_refused(&run);
        assert!(
            run.stderr.starts_with("error: campaign.yaml:"),
            "stderr:\n{}",
            run.stderr
        );
    }
}

/// `CAMPAIGN` with a list of 1,001 aliases: one more than the input budget allows.
fn too_many_aliases() -> String {
    let aliases = "    - *us\n".repeat(1_001);
    campaign_with(
        "  id: t-1\n",
        &format!("  id: t-1\n  currency: &us USD\n  markets:\n{aliases}"),
    )
}

#[test]
fn yaml_alias_budget_fails_fast() {
    let fixture = fixture(&too_many_aliases(), ADS);
    let started = Instant::now();
    let run = score_in(fixture.path(), &[], None);
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_refused(&run);
    assert!(
        run.stderr.starts_with("error: campaign.yaml:1005:7: "),
        "stderr:\n{}",
        run.stderr
    );
}

#[test]
fn yaml_alias_budget_message() {
    campaign_error(
        &too_many_aliases(),
        "\
error: campaign.yaml:1005:7: the file uses more than 1000 aliases (`*name`); write the values out instead
     |
1005 |     - *us
     |       ^
",
    );
}

#[test]
fn campaign_folder_without_campaigns() {
    let fixture = fixture(CAMPAIGN, ADS);
    std::fs::create_dir(fixture.path().join("campaigns")).expect("create folder");
    let run = kpi_in(
        fixture.path(),
        &["score", "campaigns", "--as-of", "2026-04-15"],
        None,
    );
    assert_error(
        &run,
        "error: no campaign files (*.yaml or *.yml with a `campaign:` key) under campaigns\n",
    );
}

#[test]
fn campaign_file_missing() {
    let fixture = Fixture::new();
    assert_error(
        &score_in(fixture.path(), &[], None),
        "error: cannot read campaign.yaml: the file does not exist\n",
    );
}

// ---------------------------------------------------------------------------------------
// KPIs and formulas
// ---------------------------------------------------------------------------------------

#[test]
fn formula_unknown_metric_with_a_close_match() {
    campaign_error(
        &campaign_with("spend / clicks", "spend / qualifed_clicks"),
        "\
error: campaign.yaml:6:22: unknown metric `qualifed_clicks` in the formula of `cpc` — did you mean `qualified_clicks`?
  |
6 |     formula: spend / qualifed_clicks
  |                      ^
",
    );
}

#[test]
fn formula_unknown_metric_lists_the_known_metrics() {
    let fixture = fixture(
        &campaign_with("spend / clicks", "spend / zebras"),
        "date,spend,clicks,Story taps\n2026-04-02,100,50,3\n",
    );
    let run = score_in(fixture.path(), &[], None);
    assert_refused(&run);
    let stderr = &run.stderr;
    assert!(
        stderr.starts_with(
            "error: campaign.yaml:6:22: unknown metric `zebras` in the formula of `cpc`; \
             known metrics: "
        ),
        "stderr:\n{stderr}"
    );
    // Canonical columns, campaign facts and the export's own columns are all offered.
    for name in [
        " clicks,",
        " qualified_clicks,",
        " delivered_on_time,",
        "; the exports also have: story_taps\n",
    ] {
        assert!(stderr.contains(name), "`{name}` missing from:\n{stderr}");
    }
    assert!(
        stderr.ends_with("\n  |\n6 |     formula: spend / zebras\n  |                      ^\n"),
        "stderr:\n{stderr}"
    );
}

#[test]
fn formula_syntax_error_points_at_the_operator() {
    campaign_error(
        &campaign_with("spend / clicks", "spend / / clicks"),
        "\
error: campaign.yaml:6:22: in the formula of `cpc`: `/` needs a value before it
  |
6 |     formula: spend / / clicks
  |                      ^
",
    );
}

#[test]
fn formula_syntax_error_in_a_quoted_formula() {
    campaign_error(
        &campaign_with("spend / clicks", "\"spend / / clicks\""),
        "\
error: campaign.yaml:6:23: in the formula of `cpc`: `/` needs a value before it
  |
6 |     formula: \"spend / / clicks\"
  |                       ^
",
    );
}

#[test]
fn formula_missing_closing_parenthesis() {
    campaign_error(
        &campaign_with("spend / clicks", "(spend / clicks"),
        "\
error: campaign.yaml:6:29: in the formula of `cpc`: missing `)`
  |
6 |     formula: (spend / clicks
  |                             ^
",
    );
}

#[test]
fn several_problems_are_each_an_error() {
    campaign_error(
        &campaign_with("spend / clicks", "spnd / clickz"),
        "\
error: campaign.yaml:6:14: unknown metric `spnd` in the formula of `cpc` — did you mean `spend`?
  |
6 |     formula: spnd / clickz
  |              ^
error: campaign.yaml:6:21: unknown metric `clickz` in the formula of `cpc` — did you mean `clicks`?
  |
6 |     formula: spnd / clickz
  |                     ^
",
    );
}

#[test]
fn kpi_unknown_builtin() {
    campaign_error(
        &campaign_with("formula: spend / clicks", "use: ctrr"),
        "\
error: campaign.yaml:6:10: unknown built-in KPI `ctrr` — did you mean `ctr`?
  |
6 |     use: ctrr
  |          ^
",
    );
}

#[test]
fn kpi_without_formula_or_builtin() {
    campaign_error(
        &campaign_with("    formula: spend / clicks\n", ""),
        "\
error: campaign.yaml:5:9: KPI `cpc` needs a `formula:` or a built-in (`use:`)
  |
5 |   - id: cpc
  |         ^
",
    );
}

#[test]
fn band_relative_to_a_missing_baseline() {
    campaign_error(
        &campaign_with("yellow: 3", "yellow: \"baseline + 25%\""),
        "\
error: campaign.yaml:9:32: the yellow band of `cpc` is relative to `baseline`, but the KPI has no `baseline:`
  |
9 |     bands: { green: 2, yellow: \"baseline + 25%\" }
  |                                ^
",
    );
}

#[test]
fn threshold_text_not_understood() {
    campaign_error(
        &campaign_with("green: 2", "green: \"lots\""),
        "\
error: campaign.yaml:9:21: `lots` is not a threshold; write a number, a percentage (\"98%\"), `baseline`, \"baseline + 25%\" or \"baseline * 1.1\"
  |
9 |     bands: { green: \"lots\", yellow: 3 }
  |                     ^
",
    );
}

// ---------------------------------------------------------------------------------------
// CSV exports
// ---------------------------------------------------------------------------------------

#[test]
fn csv_cell_is_not_a_number() {
    csv_error(
        "date,spend,clicks\n2026-04-02,100,50\n2026-04-03,12.5.3,40\n",
        "error: exports/ads.csv:3: column 2 (`spend`): `12.5.3` is not a number\n",
    );
}

#[test]
fn csv_cell_is_not_a_number_in_a_crlf_file() {
    csv_error(
        "date,spend,clicks\r\n2026-04-02,100,50\r\n2026-04-03,80,40\r\n2026-04-04,12.5.3,40\r\n",
        "error: exports/ads.csv:4: column 2 (`spend`): `12.5.3` is not a number\n",
    );
}

#[test]
fn csv_cell_is_not_a_date() {
    csv_error(
        "date,spend,clicks\n2026-04-02,100,50\nyesterday,80,40\n",
        "error: exports/ads.csv:3: column 1 (`date`): `yesterday` is not a date; write it as \
         YYYY-MM-DD, e.g. 2026-04-01\n",
    );
}

#[test]
fn csv_cell_is_an_impossible_date() {
    csv_error(
        "date,spend,clicks\n2026-04-02,100,50\n2026-04-31,80,40\n",
        "error: exports/ads.csv:3: column 1 (`date`): `2026-04-31` is not a calendar date: check \
         the month (01-12) and the day of the month\n",
    );
}

#[test]
fn csv_row_with_too_many_cells() {
    csv_error(
        "date,spend,clicks\n2026-04-02,100,50\n2026-04-03,80,40,7\n",
        "error: exports/ads.csv:3: this row has 4 cells but the header has 3; check for a \
         delimiter inside an unquoted cell\n",
    );
}

#[test]
fn csv_row_with_too_few_cells() {
    csv_error(
        "date,spend,clicks\n2026-04-02,100,50\n2026-04-03,80\n",
        "error: exports/ads.csv:3: this row has 2 cells but the header has 3; check for a missing \
         cell or a quote that is not closed\n",
    );
}

#[test]
fn csv_columns_maps_a_missing_header() {
    let fixture = fixture(
        &campaign_with(
            "  - path: exports/ads.csv\n",
            "  - path: exports/ads.csv\n    columns: { clicks: \"Link clicks\" }\n",
        ),
        ADS,
    );
    assert_error(
        &score_in(fixture.path(), &[], None),
        "error: exports/ads.csv:1: no column `Link clicks` (mapped to `clicks`); the headers are: \
         date, spend, clicks\n",
    );
}

#[test]
fn csv_two_headers_give_the_same_metric() {
    csv_error(
        "date,Spend,Amount spent,clicks\n2026-04-02,100,100,50\n",
        "error: exports/ads.csv:1: column 3 (`Amount spent`): this column and column 2 \
         (`Spend`) both give `spend`; map one of them to another name under `columns:`\n",
    );
}

#[test]
fn csv_empty_file() {
    csv_error(
        "",
        "error: exports/ads.csv:1: the file is empty or has no header row; the first line must \
         name the columns\n",
    );
}

#[test]
fn csv_header_not_utf8() {
    let fixture = fixture(CAMPAIGN, ADS);
    std::fs::write(
        fixture.path().join("exports/ads.csv"),
        b"date,sp\xe9nd,clicks\n2026-04-02,100,50\n",
    )
    .expect("write export");
    assert_error(
        &score_in(fixture.path(), &[], None),
        "error: exports/ads.csv:1: column 2 (`sp\u{fffd}nd`): the header is not UTF-8 text; pass --encoding windows-1252 (or the file's encoding), or save it as UTF-8\n",
    );
}

#[test]
fn csv_unknown_preset() {
    campaign_error(
        &campaign_with(
            "  - path: exports/ads.csv\n",
            "  - path: exports/ads.csv\n    preset: instagramm\n",
        ),
        "\
error: campaign.yaml:12:13: unknown preset `instagramm`; presets are: auto, canonical, youtube-studio, tiktok-studio, instagram, facebook-page-insights, meta-ads, google-analytics, x, linkedin
   |
12 |     preset: instagramm
   |             ^
",
    );
}

#[test]
fn csv_listed_under_metrics_is_missing() {
    let fixture = Fixture::new();
    fixture.file("campaign.yaml", CAMPAIGN);
    assert_error(
        &score_in(fixture.path(), &[], None),
        "\
error: campaign.yaml:11:11: cannot read the export `exports/ads.csv`: the file does not exist
   |
11 |   - path: exports/ads.csv
   |           ^
",
    );
}

#[test]
fn metrics_flag_file_missing() {
    let fixture = fixture(CAMPAIGN, ADS);
    assert_error(
        &score_in(fixture.path(), &["--metrics", "exports/nope.csv"], None),
        "error: cannot read exports/nope.csv: the file does not exist\n",
    );
}

#[test]
fn metrics_from_stdin_with_a_bad_cell() {
    let fixture = fixture(CAMPAIGN, ADS);
    assert_error(
        &score_in(
            fixture.path(),
            &["--metrics", "-"],
            Some("date,spend,clicks\n2026-04-05,10,5\n2026-04-06,12.5.3,5\n"),
        ),
        "error: <stdin>:3: column 2 (`spend`): `12.5.3` is not a number\n",
    );
}

#[test]
fn metrics_stdin_twice() {
    let fixture = fixture(CAMPAIGN, ADS);
    assert_error(
        &score_in(
            fixture.path(),
            &["--metrics", "-", "--metrics", "-"],
            Some("date,spend,clicks\n2026-04-05,10,5\n"),
        ),
        "error: `--metrics -` is given twice; standard input can be read once\n",
    );
}

#[test]
fn metrics_stdin_twice_is_refused_before_reading() {
    let fixture = fixture(CAMPAIGN, ADS);
    assert_error(
        &score_in(fixture.path(), &["--metrics", "-", "--metrics", "-"], None),
        "error: `--metrics -` is given twice; standard input can be read once\n",
    );
}

// ---------------------------------------------------------------------------------------
// The command line
// ---------------------------------------------------------------------------------------

#[test]
fn cli_unknown_flag() {
    let fixture = fixture(CAMPAIGN, ADS);
    let run = score_in(fixture.path(), &["--frobnicate"], None);
    assert_refused(&run);
    assert!(
        run.stderr
            .starts_with("error: unexpected argument '--frobnicate' found"),
        "stderr:\n{}",
        run.stderr
    );
}

#[test]
fn cli_as_of_is_not_a_date() {
    let fixture = fixture(CAMPAIGN, ADS);
    let run = kpi_in(
        fixture.path(),
        &["score", "campaign.yaml", "--as-of", "tomorrow"],
        None,
    );
    assert_error(
        &run,
        "\
error: invalid value 'tomorrow' for '--as-of <DATE>': `tomorrow` is not a date; write it as YYYY-MM-DD, e.g. 2026-04-01

For more information, try '--help'.
",
    );
}

#[test]
fn cli_as_of_is_an_impossible_date() {
    let fixture = fixture(CAMPAIGN, ADS);
    let run = kpi_in(
        fixture.path(),
        &["score", "campaign.yaml", "--as-of", "2026-02-30"],
        None,
    );
    assert_error(
        &run,
        "\
error: invalid value '2026-02-30' for '--as-of <DATE>': `2026-02-30` is not a calendar date: check the month (01-12) and the day of the month

For more information, try '--help'.
",
    );
}

#[test]
fn cli_by_unknown_value() {
    let fixture = fixture(CAMPAIGN, ADS);
    assert_error(
        &score_in(fixture.path(), &["--by", "nonsense"], None),
        "\
error: invalid value 'nonsense' for '--by <BY>'
  [possible values: creator, platform, format, week]

For more information, try '--help'.
",
    );
}

// ---------------------------------------------------------------------------------------
// No input makes kpi panic
// ---------------------------------------------------------------------------------------

#[test]
fn odd_inputs_are_refused_without_a_panic() {
    let campaigns = [
        campaign_with("bands: { green: 2, yellow: 3 }", "bands: 5"),
        campaign_with("    unit: currency\n", "    checkpoints: 2026-05-01\n"),
        campaign_with("    unit: currency\n", "    target: .nan\n"),
        campaign_with("    unit: currency\n", "    target: 1e400\n"),
        campaign_with("    unit: currency\n", "    by: 2026-02-30\n"),
        campaign_with(
            "    unit: currency\n",
            "    baseline: { from: [], stat: median }\n",
        ),
        campaign_with(
            "    unit: currency\n",
            "    baseline: { from: exports/ads.csv, window: 12x }\n",
        ),
        campaign_with("spend / clicks", "\"\""),
        campaign_with("spend / clicks", &format!("\"{}spend\"", "(".repeat(200))),
        campaign_with("spend / clicks", &format!("\"{}spend\"", "-".repeat(200))),
        campaign_with("spend / clicks", "\"spend ^ clicks\""),
        campaign_with("spend / clicks", "\"1e999 * spend\""),
        campaign_with("spend / clicks", "\"é\""),
        format!("{CAMPAIGN}creators:\n  - handle: \"@\"\n"),
        format!("{CAMPAIGN}creators:\n  - handle: \"@a\"\n  - handle: \"@A\"\n"),
        "- campaign: x\n".to_owned(),
        "hello\n".to_owned(),
        "campaign: [\n".repeat(100),
        "\u{feff}\n\n".to_owned(),
    ];
    for campaign in &campaigns {
        let fixture = fixture(campaign, ADS);
        let run = score_in(fixture.path(), &[], None);
        assert_refused(&run);
        assert!(
            run.stderr.starts_with("error: "),
            "campaign:\n{campaign}\nstderr:\n{}",
            run.stderr
        );
    }
    let exports = [
        "date,spend,clicks\n2026-04-02,\"100,50\n",
        "\n\n\n",
        "\u{feff}",
        ",,\n1,2,3\n",
        "date,spend,clicks\n2026-04-02,\0,50\n",
        "date,spend,clicks\n2026-04-02,\"1\n2\",50\n",
        "date,spend,clicks\n2026-04-02,999999999999999999999999999999999999999999,50\n",
    ];
    for ads in exports {
        let fixture = fixture(CAMPAIGN, ads);
        let run = score_in(fixture.path(), &[], None);
        assert_refused(&run);
        assert!(
            run.stderr.starts_with("error: exports/ads.csv:"),
            "export:\n{ads}\nstderr:\n{}",
            run.stderr
        );
    }
}
