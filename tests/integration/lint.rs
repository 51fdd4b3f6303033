//! `kpi lint` and `kpi rules`: every rule fires on a campaign that breaks it, at the
//! offending value, and stays silent on the clean base campaign.

use serde_json::Value;

use super::{Fixture, Run, kpi, kpi_in};

const BASE: &str = include_str!("lint_fixture.yaml");

/// A rule case: the edits that break the rule, and the text whose first character the
/// finding must point at (searched in the edited campaign).
struct Case {
    rule: &'static str,
    edits: &'static [(&'static str, &'static str)],
    at: &'static str,
    csv: Option<&'static str>,
}

const fn case(
    rule: &'static str,
    edits: &'static [(&'static str, &'static str)],
    at: &'static str,
) -> Case {
    Case {
        rule,
        edits,
        at,
        csv: None,
    }
}

const ADS_KPIS: (&str, &str) = ("kpis:\n", "metrics:\n  - path: ads.csv\nkpis:\n");

const CASES: &[Case] = &[
    case(
        "K001",
        &[(
            "  - { id: utm, use: utm_rate, bands: { green: \"100%\", yellow: \"90%\" } }",
            "  - { id: ctr, formula: clicks / impressions }",
        )],
        "ctr, formula",
    ),
    case(
        "K002",
        &[("target: 4000, by: 2026-06-30", "target: 4000")],
        "4000",
    ),
    case(
        "K003",
        &[("spend / qualified_clicks", "spend / qualifed_clicks")],
        "spend / qualifed",
    ),
    case(
        "K004",
        &[
            ("formula: spend / qualified_clicks", "formula: impressions"),
            (
                "{ id: signups, formula: signups,",
                "{ id: signups, formula: reach,",
            ),
        ],
        "conversions",
    ),
    case(
        "K005",
        &[
            ("tier: gate", "tier: flow"),
            (
                "{ id: safety, use: safety_pass_rate }",
                "{ id: safety, use: safety_pass_rate, tier: flow }",
            ),
        ],
        "base-1",
    ),
    case(
        "K006",
        &[(
            "bands: { green: 75, yellow: 60 }",
            "bands: { green: 60, yellow: 75 }",
        )],
        "{ green: 60",
    ),
    case(
        "K007",
        &[("checkpoints: [2026-05-15]", "checkpoints: [2026-07-15]")],
        "2026-07-15",
    ),
    case(
        "K008",
        &[("spend / qualified_clicks", "spend / / qualified_clicks")],
        "spend / /",
    ),
    case(
        "K009",
        &[("use: safety_pass_rate", "use: safety_pass_rat")],
        "safety_pass_rat ",
    ),
    case(
        "K010",
        &[("by: 2026-06-30 }", "by: 2026-07-30 }")],
        "2026-07-30",
    ),
    case("K011", &[("    baseline: 1.80\n", "")], "baseline, yellow"),
    case(
        "K012",
        &[("green: \"100%\", yellow: \"90%\"", "green: 100, yellow: 90")],
        "100, yellow",
    ),
    case("C001", &[("        due: 2026-04-20\n", "")], "maya-story-1"),
    case(
        "C002",
        &[(
            "      compensation: { flat_fee: 6000, affiliate: { code: MAYA15, commission: \"10%\" }, payment_terms: net-30 }\n",
            "",
        )],
        "offered_on",
    ),
    case("C003", &[("      disclosure: \"#ad\"\n", "")], "offered_on"),
    case(
        "C004",
        &[(
            "usage_rights: { channels: [organic, paid], days: 90 }",
            "usage_rights: { channels: [organic, paid] }",
        )],
        "{ channels",
    ),
    case(
        "C005",
        &[(
            "declined:\n",
            "  - handle: \"@noah\"\n    brand_fit: 80\n    safety_screen: { result: pass }\n    deliverables: [{ id: noah-1, due: 2026-05-01, supports: [signups] }]\ndeclined:\n",
        )],
        "\"@noah\"",
    ),
    case(
        "C006",
        &[(
            "product_shipped_on: 2026-03-18",
            "product_shipped_on: 2026-03-12",
        )],
        "2026-03-12",
    ),
    case(
        "C007",
        &[(
            "      escalation: { contact: pr@lumen.example, response_hours: 24 }\n",
            "",
        )],
        "offered_on",
    ),
    case(
        "C008",
        &[("      approval: { rounds: 2, sla_hours: 48 }\n", "")],
        "offered_on",
    ),
    Case {
        rule: "C009",
        edits: &[
            ADS_KPIS,
            (
                "paid_amplification: { allowed: true, max_spend: 5000 }",
                "paid_amplification: { allowed: false }",
            ),
        ],
        at: "{ allowed: false }",
        csv: Some("date,creator,spend\n2026-04-12,@maya,120.50\n"),
    },
    case(
        "C010",
        &[(
            "      renewal:",
            "      penalties: [{ when: \"views < 10000\", deduct: \"50%\" }]\n      renewal:",
        )],
        "{ when",
    ),
    case(
        "C011",
        &[("      renewal: { review_on: 2026-06-30 }\n", "")],
        "offered_on",
    ),
    case(
        "C012",
        &[(
            "exclusivity: { category: skincare, days: 30 }",
            "exclusivity: { category: skincare }",
        )],
        "{ category: skincare }",
    ),
    case(
        "C013",
        &[("      signed_on: 2026-03-15\n", "")],
        "offered_on",
    ),
    Case {
        rule: "C014",
        edits: &[ADS_KPIS],
        at: "5000 }",
        csv: Some("date,creator,spend\n2026-04-12,maya,3000\n2026-04-19,maya,3200.00\n"),
    },
    case(
        "C015",
        &[("signed_on: 2026-03-15", "signed_on: 2026-03-01")],
        "2026-03-01",
    ),
    case(
        "C016",
        &[(
            "compensation: { flat_fee: 6000, affiliate:",
            "compensation: { flat_fee: 6000, bonus: [{ when: \"qualifed_clicks >= 100\", pay: 500 }], affiliate:",
        )],
        "\"qualifed_clicks",
    ),
    case(
        "B001",
        &[("  voice: warm, expert\n", "")],
        "key_messages: [\"visible",
    ),
    case(
        "B002",
        &[("\"#ad Three weeks", "\"Three weeks")],
        "\"Three weeks",
    ),
    case(
        "B003",
        &[(
            "\"#ad Three weeks with Spring Glow Serum and my skin has never looked calmer\"",
            "\"Three weeks with Spring Glow Serum and my skin\\n#ad\"",
        )],
        "\"Three weeks",
    ),
    case(
        "B004",
        &[(
            "\"#ad Three weeks with Spring Glow Serum and my skin has never looked calmer\"",
            "\"My Spring Glow Serum routine #skincare #ad #glow #serum\"",
        )],
        "\"My Spring",
    ),
    case(
        "B005",
        &[(
            "\"#ad Three weeks with Spring Glow Serum and my skin has never looked calmer\"",
            "\"Loving my morning routine with Spring Glow Serum, glowing skin all day long #ad\"",
        )],
        "\"Loving",
    ),
    case(
        "B006",
        &[("\"#ad Three weeks", "\"#sp Three weeks")],
        "\"#sp Three",
    ),
    case(
        "B007",
        &[(
            "\"#ad Three weeks with Spring Glow Serum and my skin has never looked calmer\"",
            "\"#ad Spring Glow Serum is a miracle\"",
        )],
        "\"#ad Spring Glow Serum is a miracle",
    ),
    case(
        "B008",
        &[(
            "\"#ad Three weeks with Spring Glow Serum and my skin has never looked calmer\"",
            "\"#ad Three weeks with my new serum\"",
        )],
        "\"#ad Three weeks with my new",
    ),
    case("B009", &[("format: story", "format: carousel")], "carousel"),
    case(
        "B010",
        &[(
            "        spoken_disclosure: true\n        on_screen_disclosure: true\n",
            "",
        )],
        "reel\n",
    ),
    case(
        "B011",
        &[(
            "disclosure: [\"#ad\", \"Paid partnership\"]",
            "disclosure: [\"#sp\", \"Paid partnership\"]",
        )],
        "\"#sp\"",
    ),
    case(
        "B012",
        &[
            ("markets: [US]", "markets: [UK]"),
            (
                "\"#ad Three weeks with Spring Glow Serum and my skin has never looked calmer\"",
                "\"Sponsored: three weeks with Spring Glow Serum\"",
            ),
        ],
        "\"Sponsored",
    ),
    case(
        "T001",
        &[(
            "glow?utm_source=instagram&utm_medium=influencer&utm_campaign=base-1&utm_content=maya-reel-1",
            "glow?utm_source=instagram&utm_campaign=base-1&utm_content=maya-reel-1",
        )],
        "\"https://lumen.example/glow?utm_source=instagram&utm_campaign",
    ),
    case(
        "T002",
        &[(
            "utm_campaign=base-1&utm_content=maya-reel-1",
            "utm_campaign=spring&utm_content=maya-reel-1",
        )],
        "\"https://lumen.example/glow?utm_source=instagram&utm_medium=influencer&utm_campaign=spring",
    ),
    case(
        "T003",
        &[(
            "glow?utm_source=instagram&utm_medium=influencer&utm_campaign=base-1&utm_content=maya-story-1",
            "story?utm_source=instagram&utm_medium=influencer&utm_campaign=base-1&utm_content=maya-reel-1",
        )],
        "\"https://lumen.example/story",
    ),
    case(
        "T004",
        &[("supports: [signups]", "supports: [signup]")],
        "signup]",
    ),
    case(
        "T005",
        &[(
            "flat_fee: 6000, affiliate: { code: MAYA15, commission: \"10%\" }, ",
            "flat_fee: 6000, ",
        )],
        "\"@maya\"",
    ),
    case(
        "T006",
        &[(
            "        link: \"https://lumen.example/glow?utm_source=instagram&utm_medium=influencer&utm_campaign=base-1&utm_content=maya-story-1\"\n",
            "",
        )],
        "maya-story-1",
    ),
    case(
        "T007",
        &[(
            "\"https://lumen.example/glow?utm_source=instagram&utm_medium=influencer&utm_campaign=base-1&utm_content=maya-story-1\"",
            "\"lumen.example/glow?utm_source=instagram&utm_medium=influencer&utm_campaign=base-1&utm_content=maya-story-1\"",
        )],
        "\"lumen.example",
    ),
    case(
        "T008",
        &[(
            "audience: {",
            "warehouse:\n  table: analytics.daily\n  where: \"market = 'US'; drop table t\"\naudience: {",
        )],
        "\"market = 'US'; drop",
    ),
    case(
        "S001",
        &[(
            "    safety_screen: { result: pass, on: 2026-03-10, incidents: 0, expires_on: 2026-09-10 }\n",
            "",
        )],
        "\"@maya\"",
    ),
    case(
        "S002",
        &[("result: pass", "result: fail")],
        "{ result: fail",
    ),
    case(
        "S003",
        &[("expires_on: 2026-09-10", "expires_on: 2026-04-15")],
        "2026-04-15",
    ),
    case("S004", &[("brand_fit: 82", "brand_fit: 52")], "52"),
    case(
        "S005",
        &[(
            "{ handle: \"@nightowl.skin\", reason: audience_mismatch }",
            "{ handle: \"@nightowl.skin\" }",
        )],
        "\"@nightowl.skin\"",
    ),
    case("S006", &[("\"@nightowl.skin\"", "\"@Maya\"")], "\"@Maya\""),
    case(
        "D001",
        &[(
            "posting_window: { from: 2026-04-21, to: 2026-04-25 }",
            "posting_window: { from: 2026-06-28, to: 2026-07-03 }",
        )],
        "{ from: 2026-06-28",
    ),
    case(
        "D002",
        &[("due: 2026-04-20", "due: 2026-07-20")],
        "2026-07-20",
    ),
    case(
        "D003",
        &[("delivered_on: 2026-04-07", "delivered_on: 2026-04-09")],
        "2026-04-09",
    ),
    case(
        "D004",
        &[(
            "{ from: 2026-04-10, to: 2026-04-14 }",
            "{ from: 2026-04-14, to: 2026-04-10 }",
        )],
        "{ from: 2026-04-14",
    ),
    case(
        "D005",
        &[("posted_on: 2026-04-12", "posted_on: 2026-04-18")],
        "2026-04-18",
    ),
    case(
        "D006",
        &[("due: 2026-04-20", "due: 2026-04-26")],
        "2026-04-26",
    ),
    case(
        "X001",
        &[("and my skin has never looked calmer", "and my potion")],
        "\"#ad Three weeks with Spring Glow Serum and my potion",
    ),
];

fn apply(edits: &[(&str, &str)]) -> String {
    let mut text = BASE.to_owned();
    for (from, to) in edits {
        assert!(
            text.contains(from),
            "edit target not in the base campaign: {from:?}"
        );
        text = text.replacen(from, to, 1);
    }
    text
}

/// The 1-based line and column (in characters) of the first occurrence of `needle`.
fn position(text: &str, needle: &str) -> (u64, u64) {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the campaign"));
    let before = &text[..offset];
    let line = before.matches('\n').count() as u64 + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
    (line, column)
}

fn lint_json(campaign: &str, csv: Option<&str>, extra: &[&str]) -> (Run, Vec<Value>) {
    let f = Fixture::new();
    f.file("campaign.yaml", campaign);
    if let Some(csv) = csv {
        f.file("ads.csv", csv);
    }
    let mut args = vec!["lint", "campaign.yaml", "--format", "json"];
    args.extend_from_slice(extra);
    let run = kpi_in(f.path(), &args, None);
    let findings: Vec<Value> = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", run.stdout, run.stderr));
    (run, findings)
}

#[test]
fn the_base_campaign_is_clean() {
    let (run, findings) = lint_json(BASE, None, &[]);
    assert_eq!(findings, Vec::<Value>::new());
    assert_eq!(run.code, 0);
}

#[test]
fn every_rule_fires_at_the_offending_value() {
    let mut failures = Vec::new();
    for c in CASES {
        let campaign = apply(c.edits);
        let (line, column) = position(&campaign, c.at);
        let (_, findings) = lint_json(&campaign, c.csv, &[]);
        let hit = findings.iter().any(|f| {
            f["rule"] == c.rule
                && f["line"] == line
                && f["column"] == column
                && f["path"] == "campaign.yaml"
        });
        if !hit {
            let got: Vec<String> = findings
                .iter()
                .map(|f| format!("{}@{}:{}", f["rule"], f["line"], f["column"]))
                .collect();
            failures.push(format!(
                "{} expected at {line}:{column}, got {}",
                c.rule,
                got.join(" ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_catalogue_rule_has_a_case() {
    for rule in kpi::lint::catalogue() {
        assert!(
            CASES.iter().any(|c| c.rule == rule.id),
            "no test case for {}",
            rule.id
        );
    }
}

#[test]
fn exit_codes_follow_the_deny_level() {
    // C011 (no review date) is info and D003 (delivered late) is a warning.
    let info = apply(&[("      renewal: { review_on: 2026-06-30 }\n", "")]);
    assert_eq!(lint_json(&info, None, &[]).0.code, 0);
    assert_eq!(lint_json(&info, None, &["--deny", "warnings"]).0.code, 0);
    let warning = apply(&[("delivered_on: 2026-04-07", "delivered_on: 2026-04-09")]);
    assert_eq!(lint_json(&warning, None, &[]).0.code, 0);
    assert_eq!(lint_json(&warning, None, &["--deny", "warnings"]).0.code, 1);
    let error = apply(&[(
        "product_shipped_on: 2026-03-18",
        "product_shipped_on: 2026-03-12",
    )]);
    assert_eq!(lint_json(&error, None, &[]).0.code, 1);
    assert_eq!(lint_json(&error, None, &["--ignore", "C006"]).0.code, 0);
    assert_eq!(lint_json(&error, None, &["--rule", "D003"]).0.code, 0);
}

#[test]
fn levels_come_from_guidelines_and_kpi_yaml() {
    let error = apply(&[(
        "product_shipped_on: 2026-03-18",
        "product_shipped_on: 2026-03-12",
    )]);
    let off = error.replace("guidelines:\n", "guidelines:\n  rules: { C006: off }\n");
    assert_eq!(lint_json(&off, None, &[]).1, Vec::<Value>::new());
    let f = Fixture::new();
    f.file("team/kpi.yaml", "rules: { C006: warning, D003: error }\n");
    f.file("team/q2/campaign.yaml", &error);
    let run = kpi_in(f.path(), &["lint", "team", "--format", "json"], None);
    let findings: Vec<Value> = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(findings.len(), 1);
    assert_eq!(
        (
            findings[0]["rule"].as_str(),
            findings[0]["severity"].as_str()
        ),
        (Some("C006"), Some("warning"))
    );
    assert_eq!(run.code, 0);
}

#[test]
fn folders_are_searched_and_broken_files_are_findings() {
    let f = Fixture::new();
    f.file("c/good.yaml", BASE);
    f.file("c/nested/notes.yml", "title: not a campaign\n");
    f.file("c/nested/broken.yaml", "campaign:\n  id: [x\n");
    let run = kpi_in(f.path(), &["lint", "c", "--verbose"], None);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("skipped c/nested/notes.yml: no top-level `campaign:` key"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout
            .starts_with("c/nested/broken.yaml:2:7: error[E001] invalid-campaign: "),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .ends_with("1 error, 0 warnings, 0 infos in 2 files\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn nothing_to_lint_or_a_bad_flag_is_exit_2() {
    let f = Fixture::new();
    f.file("empty/readme.yaml", "title: nothing here\n");
    let run = kpi_in(f.path(), &["lint", "empty"], None);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: no campaign files (*.yaml or *.yml with a `campaign:` key) under empty\n"
        )
    );
    let run = kpi_in(f.path(), &["lint", "missing"], None);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (2, "error: cannot read missing: the file does not exist\n")
    );
    // A multi-byte first character once panicked the id check.
    let run = kpi_in(f.path(), &["lint", "empty", "--rule", "é12"], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let run = kpi_in(f.path(), &["lint", "empty", "--rule", "C066"], None);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: there is no rule C066 — did you mean C016?; `kpi rules` lists them\n"
        )
    );
}

#[test]
fn human_output_is_compiler_style() {
    let f = Fixture::new();
    f.file(
        "campaign.yaml",
        &apply(&[(
            "product_shipped_on: 2026-03-18",
            "product_shipped_on: 2026-03-12",
        )]),
    );
    let run = kpi_in(f.path(), &["lint", "campaign.yaml"], None);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn github_output_is_workflow_commands() {
    let f = Fixture::new();
    f.file(
        "campaign.yaml",
        &apply(&[(
            "product_shipped_on: 2026-03-18",
            "product_shipped_on: 2026-03-12",
        )]),
    );
    let run = kpi_in(
        f.path(),
        &["lint", "campaign.yaml", "--format", "github"],
        None,
    );
    assert_eq!(
        run.stdout,
        "::error file=campaign.yaml,line=32,col=27,title=C006 shipped-before-signed::product shipped to @maya on 2026-03-12 before the contract was signed on 2026-03-15 (help: Ship product only after signature: until then scope, disclosure and rights are not agreed, and a gifted product is already a material connection.)\n"
    );
}

#[test]
fn sarif_names_every_rule_and_locates_results() {
    let f = Fixture::new();
    f.file(
        "campaign.yaml",
        &apply(&[(
            "product_shipped_on: 2026-03-18",
            "product_shipped_on: 2026-03-12",
        )]),
    );
    let run = kpi_in(
        f.path(),
        &["lint", "campaign.yaml", "--format", "sarif"],
        None,
    );
    let log: Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(log["version"], "2.1.0");
    let run0 = &log["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), kpi::lint::catalogue().len());
    let result = &run0["results"][0];
    assert_eq!(result["ruleId"], "C006");
    assert_eq!(
        rules[result["ruleIndex"].as_u64().expect("index") as usize]["id"],
        "C006"
    );
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({"startLine": 32, "startColumn": 27})
    );
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    // The published schema has a typo in one pattern (`…{2}]?$`, an unbalanced bracket)
    // that strict validators refuse; later schema releases write it as below.
    let text = include_str!("../fixtures/sarif-2.1.0-rtm.5.json").replace(
        "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
        "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$",
    );
    let schema: Value = serde_json::from_str(&text).expect("schema");
    let validator = jsonschema::draft4::new(&schema).expect("the SARIF schema compiles");
    // Findings of every kind: catalogue rules, a custom rule, and an unreadable file.
    let f = Fixture::new();
    f.file(
        "a/campaign.yaml",
        &apply(&[
            (
                "product_shipped_on: 2026-03-18",
                "product_shipped_on: 2026-03-12",
            ),
            ("and my skin has never looked calmer", "and my potion"),
        ]),
    );
    f.file("a/broken.yaml", "campaign:\n  id: [x\n");
    let run = kpi_in(f.path(), &["lint", "a", "--format", "sarif"], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let log: Value = serde_json::from_str(&run.stdout).expect("json");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    assert_eq!(log["runs"][0]["results"].as_array().map(Vec::len), Some(3));
    // The validator does catch a broken log.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn rules_lists_and_explains() {
    let list = kpi(&["rules"]);
    assert_eq!(list.code, 0);
    assert_eq!(list.stdout.lines().count(), kpi::lint::catalogue().len());
    assert!(
        list.stdout.contains("C006  shipped-before-signed"),
        "{}",
        list.stdout
    );
    let one = kpi(&["rules", "C006"]);
    assert_eq!(one.code, 0);
    insta::assert_snapshot!(one.stdout);
    let by_name = kpi(&["rules", "shipped-before-signed"]);
    assert_eq!(by_name.stdout, one.stdout);
    let unknown = kpi(&["rules", "shipped-before-sign"]);
    assert_eq!(
        (unknown.code, unknown.stderr.as_str()),
        (
            2,
            "error: there is no rule `shipped-before-sign` — did you mean shipped-before-signed?; `kpi rules` lists them\n"
        )
    );
}

#[test]
fn bundled_samples_show_only_the_findings_they_mean_to() {
    let run = kpi(&["lint", "campaigns/spring-glow.yaml"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "no findings in 1 file\n")
    );
    let run = kpi(&["lint", "campaigns/trailhead-fall.yaml", "--format", "json"]);
    let findings: Vec<Value> = serde_json::from_str(&run.stdout).expect("json");
    let rules: Vec<&str> = findings.iter().filter_map(|f| f["rule"].as_str()).collect();
    assert_eq!(rules, ["C010", "T001", "S002", "S001", "S004"]);
}
