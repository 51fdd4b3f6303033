//! `kpi score` on a small campaign whose every number is worked out by hand below.

use serde_json::{Value, json};

use super::{Fixture, kpi_in, score_json};

const CAMPAIGN: &str = r#"
campaign:
  id: demo-1
  name: Demo
  brand: Acme
  objective: conversions
  period: { start: 2026-04-01, end: 2026-04-30 }
  currency: USD
  owner: { name: Dana, email: dana@acme.example }
audience: { age: ["25-34"], geo: [US], interests: [skincare, running] }
metrics:
  - path: exports/ads.csv
kpis:
  - { id: fit, use: brand_fit_score, bands: { green: 60, yellow: 50 } }
  - { id: safety, use: safety_pass_rate }
  - { id: sla, use: contract_sla_days }
  - { id: utm, use: utm_rate }
  - { id: on_time, use: on_time_rate }
  - id: cpc
    formula: spend / clicks
    unit: currency
    better: lower
    baseline: 2.00
    bands: { green: baseline, yellow: "baseline + 25%" }
  - { id: ctr, use: ctr, bands: { green: "2%", yellow: "1%" } }
  - { id: signups, formula: signups, target: 300, by: 2026-04-30 }
  - { id: spend, formula: spend, unit: currency, better: lower, target: 2000 }
  - { id: roas, use: roas, bands: { green: 3, yellow: 2 } }
  - { id: broken, formula: spend / (clicks - clicks), bands: { green: 1, yellow: 0 } }
creators:
  - handle: "@ana"
    platform: instagram
    audience: { age: { "25-34": 0.5 }, geo: { US: 0.8 }, interests: [skincare] }
    safety_screen: { result: pass, on: 2026-03-20 }
    contract: { offered_on: 2026-03-01, signed_on: 2026-03-05 }
    deliverables:
      - { id: d1, due: 2026-04-05, delivered_on: 2026-04-04, link: "https://a.example/?utm_source=ig&utm_medium=influencer&utm_campaign=demo-1" }
      - { id: d2, due: 2026-04-12, delivered_on: 2026-04-14, link: "https://a.example/?utm_source=ig&utm_medium=influencer" }
      - { id: d3, due: 2026-04-20 }
  - handle: "@ben"
    platform: tiktok
    brand_fit: 90
    contract: { offered_on: 2026-03-01, signed_on: 2026-03-11 }
    deliverables:
      - { id: b1, due: 2026-04-10, delivered_on: 2026-04-10, link: "https://a.example/?utm_source=tt&utm_medium=influencer&utm_campaign=demo-1" }
"#;

const ADS: &str = "date,campaign,creator,platform,impressions,clicks,spend,signups
2026-04-02,demo-1,@ana,instagram,10000,150,300.10,40
2026-04-09,demo-1,ana,instagram,12000,180,\"$410.25\",55
2026-04-10,demo-1,@BEN,tiktok,8000,100,199.65,30
2026-04-14,demo-1,@ben,tiktok,5000,70,150.00,
2026-04-16,demo-1,@ana,instagram,9000,200,500.00,60
2026-04-03,other-campaign,@ana,instagram,99999,999,999.99,99
";

pub(crate) fn fixture() -> Fixture {
    let f = Fixture::new();
    f.file("campaign.yaml", CAMPAIGN);
    f.file("exports/ads.csv", ADS);
    f
}

fn kpi<'a>(card: &'a Value, id: &str) -> &'a Value {
    card["kpis"]
        .as_array()
        .expect("kpis")
        .iter()
        .find(|k| k["id"] == id)
        .expect("kpi present")
}

#[test]
fn rows_before_the_period_are_left_out_and_counted() {
    let f = fixture();
    // Two rows on 31 March: out of every sum (spend 1,060.00 stays), in a note.
    let before = ADS.replacen(
        "\n",
        "\n2026-03-31,demo-1,@ana,instagram,1000,100,50.00,5\n2026-03-31,demo-1,@ben,tiktok,1000,100,50.00,5\n",
        1,
    );
    f.file("exports/ads.csv", &before);
    let card = score_json(f.path(), &["campaign.yaml", "--as-of", "2026-04-15"]);
    assert_eq!(
        card["rows"],
        json!({"read": 4, "after_as_of": 1, "before_start": 2, "other_campaigns": 1})
    );
    let plain = score_json(
        fixture().path(),
        &["campaign.yaml", "--as-of", "2026-04-15"],
    );
    assert_eq!(card["kpis"], plain["kpis"]);
    assert!(
        card["notes"].as_array().expect("notes").contains(&json!(
            "2 rows dated before the campaign period left out of the sums"
        )),
        "{}",
        card["notes"]
    );
}

#[test]
fn every_kpi_matches_the_hand_computation() {
    let f = fixture();
    let card = score_json(f.path(), &["campaign.yaml", "--as-of", "2026-04-15"]);

    // As of 15 April: day 15 of 30 (both ends counted).
    assert_eq!(
        card["period"],
        json!({"start": "2026-04-01", "end": "2026-04-30", "elapsed_days": 15, "total_days": 30, "final": false})
    );
    // Rows counted: the four demo-1 rows up to 15 April; 16 April is after --as-of and
    // the other-campaign row is left out.
    assert_eq!(
        card["rows"],
        json!({"read": 4, "after_as_of": 1, "before_start": 0, "other_campaigns": 1})
    );

    // Brand fit. @ana computed: 100 × (0.35×0.5 + 0.40×0.8 + 0.25×(1 of 2 interests))
    // = 100 × (0.175 + 0.32 + 0.125) = 62.0; @ben given 90. Overall mean 76.
    let fit = kpi(&card, "fit");
    assert_eq!(fit["value"], json!(76));
    assert_eq!(fit["band"], "green");
    assert_eq!(
        fit["creators"],
        json!([
            {"key": "@ana", "value": 62, "band": "green"},
            {"key": "@ben", "value": 90, "band": "green"},
        ])
    );

    // Safety: @ana passed (1/1), @ben has no screen (0/1): 1/2 = 50%, red; @ben blocks.
    let safety = kpi(&card, "safety");
    assert_eq!(
        (safety["value"].clone(), safety["band"].clone()),
        (json!(0.5), json!("red"))
    );
    assert_eq!(safety["action"], "block spend for @ben");
    assert_eq!(
        card["verdict"],
        json!({
            "spend": "blocked",
            "blocking": [{"creator": "@ben", "kpi": "safety", "band": "red", "value": 0}],
        })
    );

    // Contract SLA: (4 + 10) / 2 = 7.0 days; green at ≤ 7.
    let sla = kpi(&card, "sla");
    assert_eq!(
        (sla["value"].clone(), sla["band"].clone()),
        (json!(7), json!("green"))
    );
    assert_eq!(sla["action"], Value::Null);

    // UTM: 3 links (d1, d2, b1), 2 tagged (d2 lacks utm_campaign): 66.67%; red below 90%.
    // Flow red escalates to the owner; @ana (1/2) is weaker than @ben (1/1).
    let utm = kpi(&card, "utm");
    assert_eq!(
        (utm["value"].clone(), utm["band"].clone()),
        (json!(0.666667), json!("red"))
    );
    assert_eq!(
        utm["action"],
        "escalate to Dana <dana@acme.example> (weakest: @ana)"
    );

    // On time: due by 15 April are d1, d2, b1; on time d1 and b1 (d2 came 14 April,
    // due 12 April): 2/3, red below 80%.
    let on_time = kpi(&card, "on_time");
    assert_eq!(
        (on_time["value"].clone(), on_time["band"].clone()),
        (json!(0.666667), json!("red"))
    );

    // CPC: spend 300.10 + 410.25 + 199.65 + 150.00 = 1,060.00 over clicks 150 + 180 +
    // 100 + 70 = 500 → 2.12. Bands: green ≤ 2.00 (baseline), yellow ≤ 2.50 (+25%).
    // Per creator: @ana 710.35 / 330 = 2.1526, @ben 349.65 / 170 = 2.0568 → @ana weakest.
    let cpc = kpi(&card, "cpc");
    assert_eq!(cpc["value"], json!(2.12));
    assert_eq!(cpc["bands"], json!({"green": 2, "yellow": 2.5}));
    assert_eq!(cpc["baseline"], json!(2));
    assert_eq!(cpc["band"], "yellow");
    assert_eq!(cpc["action"], "swap creator (weakest: @ana)");

    // CTR: 500 / (10,000 + 12,000 + 8,000 + 5,000) = 500 / 35,000 = 1.428571%: yellow.
    let ctr = kpi(&card, "ctr");
    assert_eq!(
        (ctr["value"].clone(), ctr["band"].clone()),
        (json!(0.014286), json!("yellow"))
    );

    // Signups (cumulative): 40 + 55 + 30 = 125 (the blank cell is absent, not 0).
    // Expected by day 15 of 30: 300 × 15/30 = 150; pace 125/150 = 83.3%; projected
    // 125 ÷ 0.5 = 250 < 270 (90% of 300): red, behind. @ben (30) trails @ana (95).
    let signups = kpi(&card, "signups");
    assert_eq!(signups["value"], json!(125));
    assert_eq!(signups["projected"], json!(250));
    assert_eq!(
        signups["pace"],
        json!({
            "elapsed_days": 15, "total_days": 30, "expected": 150, "ratio": 0.833333,
            "projected": 250, "status": "behind",
        })
    );
    assert_eq!(signups["band"], "red");
    assert_eq!(signups["action"], "pause spend (weakest: @ben)");

    // Spend (cumulative, lower is better, due at the period end by default): 1,060.00
    // exactly; projected 2,120 > 2,000 target but ≤ 2,200 (target + 10%): yellow.
    let spend = kpi(&card, "spend");
    assert_eq!(spend["value"], json!(1060));
    assert_eq!(spend["by"], "2026-04-30");
    assert_eq!(spend["projected"], json!(2120));
    assert_eq!(spend["band"], "yellow");

    // ROAS needs revenue, which no export has: no data, never 0.
    let roas = kpi(&card, "roas");
    assert_eq!(
        (roas["value"].clone(), roas["band"].clone()),
        (Value::Null, json!("no data"))
    );
    assert_eq!(roas["action"], "add `revenue` to the exports or `metrics:`");

    // Division by zero: n/a, never inf.
    let broken = kpi(&card, "broken");
    assert_eq!(
        (broken["value"].clone(), broken["band"].clone()),
        (Value::Null, json!("n/a"))
    );
}

#[test]
fn pacing_before_during_and_after_the_period() {
    let f = fixture();
    let signups = |as_of: &str| {
        let card = score_json(f.path(), &["campaign.yaml", "--as-of", as_of]);
        kpi(&card, "signups").clone()
    };
    // Before the start: nothing is projected.
    let before = signups("2026-03-31");
    assert_eq!(before["band"], "not started");
    assert_eq!(before["value"], Value::Null); // no row is dated by then
    // First day: the first signups are dated 2 April, so there is no value yet.
    assert_eq!(signups("2026-04-01")["band"], "no data");
    // 2 April: 40 signups on day 2 of 30; a 15× extrapolation would be wild: too early.
    let early = signups("2026-04-02");
    assert_eq!(
        (early["projected"].clone(), early["band"].clone()),
        (Value::Null, json!("too early"))
    );
    assert_eq!(early["pace"]["status"], "too_early");
    // 7 April, day 7: 40 signups → projected 40 × 30/7 = 171.43 < 270 (90% of 300): red.
    let week = signups("2026-04-07");
    assert_eq!(
        (week["projected"].clone(), week["band"].clone()),
        (json!(171.428571), json!("red"))
    );
    assert_eq!(week["pace"]["status"], "behind");
    // 30 April, the due date: 125 + 60 = 185 of 300 counted; the target is missed.
    let end = signups("2026-04-30");
    assert_eq!(
        (
            end["value"].clone(),
            end["pace"]["status"].clone(),
            end["band"].clone()
        ),
        (json!(185), json!("missed"), json!("red"))
    );
    // After the end: all 185 signups (125 + 60 on 16 April) against 300: missed, red.
    let after = signups("2026-05-31");
    assert_eq!(after["value"], json!(185));
    assert_eq!(after["pace"]["status"], "missed");
    assert_eq!(after["band"], "red");
}

#[test]
fn stdin_gives_the_same_numbers_as_the_file() {
    let f = Fixture::new();
    f.file(
        "campaign.yaml",
        &CAMPAIGN.replace("metrics:\n  - path: exports/ads.csv\n", ""),
    );
    let piped = kpi_in(
        f.path(),
        &[
            "score",
            "campaign.yaml",
            "--as-of",
            "2026-04-15",
            "--metrics",
            "-",
            "--format",
            "json",
        ],
        Some(ADS),
    );
    assert_eq!(piped.code, 0, "{}", piped.stderr);
    let piped: Value = serde_json::from_str(&piped.stdout).expect("json");
    let from_file = score_json(
        fixture().path(),
        &["campaign.yaml", "--as-of", "2026-04-15"],
    );
    assert_eq!(piped["kpis"], from_file["kpis"]);
}

#[test]
fn by_creator_adds_a_row_per_creator() {
    let f = fixture();
    let card = score_json(
        f.path(),
        &["campaign.yaml", "--as-of", "2026-04-15", "--by", "creator"],
    );
    assert_eq!(
        kpi(&card, "cpc")["groups"],
        json!([
            {"key": "@ana", "value": 2.152576, "band": "yellow"},
            {"key": "@ben", "value": 2.056765, "band": "yellow"},
        ])
    );
    // Parts of a cumulative target are shown but not banded.
    assert_eq!(
        kpi(&card, "signups")["groups"],
        json!([
            {"key": "@ana", "value": 95, "band": null},
            {"key": "@ben", "value": 30, "band": null},
        ])
    );
}

#[test]
fn fail_on_sets_the_exit_code() {
    let f = fixture();
    let run = |extra: &[&str]| {
        let mut args = vec!["score", "campaign.yaml", "--as-of", "2026-04-15"];
        args.extend_from_slice(extra);
        kpi_in(f.path(), &args, None).code
    };
    assert_eq!(run(&[]), 0);
    assert_eq!(run(&["--fail-on", "red"]), 1);
    assert_eq!(run(&["--fail-on", "yellow"]), 1);
}

#[test]
fn table_shows_verdict_bands_and_actions() {
    let f = fixture();
    let run = kpi_in(
        f.path(),
        &["score", "campaign.yaml", "--as-of", "2026-04-15"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn a_campaign_past_its_end_gets_a_final_scorecard_judged_on_its_period() {
    // The screen was valid through the period (it expired on 10 May, after the 30 April
    // end): read on 15 June, the campaign is judged on its period, not blocked by an
    // expiry that came later; the 5 May row, after the end, is left out.
    let f = Fixture::new();
    f.file(
        "c.yaml",
        r#"
campaign:
  id: done-1
  period: { start: 2026-04-01, end: 2026-04-30 }
metrics:
  - path: ads.csv
kpis:
  - { id: safety, use: safety_pass_rate }
  - { id: signups, formula: signups, target: 100, by: 2026-04-30 }
creators:
  - handle: "@ana"
    safety_screen: { result: pass, on: 2026-03-20, expires_on: 2026-05-10 }
"#,
    );
    f.file(
        "ads.csv",
        "date,creator,signups\n2026-04-02,@ana,120\n2026-05-05,@ana,7\n",
    );
    let card = score_json(f.path(), &["c.yaml", "--as-of", "2026-06-15"]);
    assert_eq!(card["as_of"], "2026-06-15");
    assert_eq!(
        card["period"],
        json!({"start": "2026-04-01", "end": "2026-04-30", "elapsed_days": 30, "total_days": 30, "final": true})
    );
    assert_eq!(card["verdict"]["spend"], "approved");
    assert_eq!(kpi(&card, "safety")["band"], "green");
    assert_eq!(kpi(&card, "signups")["value"], json!(120));
    assert_eq!(card["rows"]["after_as_of"], json!(1));
    // On the last day the campaign is running, and the same figures hold.
    let last_day = score_json(f.path(), &["c.yaml", "--as-of", "2026-04-30"]);
    assert_eq!(last_day["period"]["final"], json!(false));
    assert_eq!(last_day["verdict"]["spend"], "approved");

    let table = kpi_in(
        f.path(),
        &["score", "c.yaml", "--as-of", "2026-06-15"],
        None,
    );
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert_eq!(
        table.stdout.lines().take(4).collect::<Vec<_>>(),
        [
            "done-1",
            "Period 2026-04-01 → 2026-04-30 · final: ended 2026-04-30, judged on its period · as of 2026-06-15",
            "",
            "Spend: APPROVED",
        ]
    );
    let book = kpi_in(
        f.path(),
        &["score", ".", "--as-of", "2026-06-15", "--format", "json"],
        None,
    );
    let book: Value = serde_json::from_str(&book.stdout).expect("portfolio json");
    assert_eq!(book["rows"][0]["final"], json!(true));
    assert_eq!(book["rows"][0]["verdict"], "approved");
}

#[test]
fn a_ratio_with_nothing_to_divide_by_says_what_that_means() {
    // Nothing is due yet (the one deliverable is due after --as-of): the on-time rate
    // has no value, and that is early days, not broken tracking. Clicks at 0 in the
    // export are a tracking question.
    let f = Fixture::new();
    f.file(
        "c.yaml",
        r#"
campaign:
  id: early-1
  period: { start: 2026-04-01, end: 2026-04-30 }
metrics:
  - path: ads.csv
kpis:
  - { id: on_time, use: on_time_rate }
  - { id: cpc, formula: spend / clicks, unit: currency, better: lower, bands: { green: 2, yellow: 3 } }
creators:
  - handle: "@ana"
    deliverables:
      - { id: d1, due: 2026-04-20 }
"#,
    );
    f.file(
        "ads.csv",
        "date,creator,spend,clicks\n2026-04-02,@ana,50,0\n",
    );
    let card = score_json(f.path(), &["c.yaml", "--as-of", "2026-04-05"]);
    let on_time = kpi(&card, "on_time");
    assert_eq!(on_time["band"], "n/a");
    assert_eq!(
        on_time["action"],
        "none yet: nothing is due yet (`deliverables_due` is 0)"
    );
    assert_eq!(
        kpi(&card, "cpc")["action"],
        "check tracking: no `clicks` recorded yet, so `spend / clicks` has nothing to divide by"
    );
}

#[test]
fn by_week_has_rows_only_for_kpis_with_weekly_data() {
    let f = fixture();
    let card = score_json(
        f.path(),
        &["campaign.yaml", "--as-of", "2026-04-15", "--by", "week"],
    );
    // W14: 300.10 / 150; W15: (410.25 + 199.65) / (180 + 100); W16 (to the 15th): 150 / 70.
    // Green is at most the 2.00 baseline, so even W14's 2.000667 is yellow.
    assert_eq!(
        kpi(&card, "cpc")["groups"],
        json!([
            {"key": "2026-W14", "value": 2.000667, "band": "yellow"},
            {"key": "2026-W15", "value": 2.178214, "band": "yellow"},
            {"key": "2026-W16", "value": 2.142857, "band": "yellow"},
        ])
    );
    // A gap in a KPI that has weeks stays visible: the 14th's row has no signups.
    assert_eq!(
        kpi(&card, "signups")["groups"],
        json!([
            {"key": "2026-W14", "value": 40, "band": null},
            {"key": "2026-W15", "value": 85, "band": null},
            {"key": "2026-W16", "value": null, "band": "no data"},
        ])
    );
    // KPIs computed from the campaign file have no weeks, so no rows of "no data".
    for id in ["fit", "safety", "sla", "utm", "on_time"] {
        assert_eq!(kpi(&card, id)["groups"], json!([]), "{id}");
    }
}

#[test]
fn creators_not_in_the_campaign_are_counted_and_a_few_named() {
    let f = fixture();
    let mut extra = String::from("date,creator,platform,clicks,spend\n");
    // 25 creators the campaign does not list, 2 rows each; the campaign's @ana once more.
    for i in (0..25).rev() {
        for _ in 0..2 {
            extra.push_str(&format!("2026-04-03,@Stranger{i:02},tiktok,1,1.00\n"));
        }
    }
    extra.push_str("2026-04-03,@ana,instagram,10,5.00\n");
    f.file("more.csv", &extra);
    let card = score_json(
        f.path(),
        &[
            "campaign.yaml",
            "--as-of",
            "2026-04-15",
            "--metrics",
            "more.csv",
        ],
    );
    let notes: Vec<&str> = card["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .filter_map(Value::as_str)
        .filter(|n| n.contains("not in the campaign file"))
        .collect();
    assert_eq!(
        notes,
        [
            "the exports name 25 creators not in the campaign file (50 rows, counted in totals, not gated), among them @Stranger00, @Stranger01, @Stranger02, @Stranger03, @Stranger04, @Stranger05, @Stranger06, @Stranger07, @Stranger08, @Stranger09"
        ]
    );
    // Their rows still count in the totals: 150 + 180 + 100 + 70 (to the 15th) + 10 + 50.
    let clicks_total = 150 + 180 + 100 + 70 + 10 + 50;
    let spend_total = 300.10 + 410.25 + 199.65 + 150.00 + 5.00 + 50.0;
    let cpc = kpi(&card, "cpc")["value"].as_f64().expect("cpc");
    assert!(
        (cpc - spend_total / f64::from(clicks_total)).abs() < 1e-6,
        "{cpc}"
    );
}
