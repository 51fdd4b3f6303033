//! Drift: history baselines, `kpi baseline`, weekly series, escalation, pacing curves,
//! checkpoints and the budget burn — every figure worked out by hand below.

use chrono::{Datelike, NaiveDate};
use serde_json::{Value, json};

use super::{Fixture, kpi, kpi_in, score_json};

/// Four complete ISO weeks, Monday 6 April (W15) to Sunday 3 May (W18), two rows a week.
///
/// | week | clicks | impressions | CTR   | spend  | signups |
/// | W15  | 120    | 10,000      | 1.20% | 100.00 | 30      |
/// | W16  | 110    | 10,000      | 1.10% | 110.00 | 28      |
/// | W17  | 100    | 10,000      | 1.00% | 130.00 | 25      |
/// | W18  | 90     | 10,000      | 0.90% | 160.00 | 20      |
const ADS: &str = "date,clicks,impressions,spend,signups
2026-04-06,60,5000,50.00,15
2026-04-08,60,5000,50.00,15
2026-04-13,55,5000,55.00,14
2026-04-15,55,5000,55.00,14
2026-04-20,50,5000,65.00,12
2026-04-22,50,5000,65.00,13
2026-04-27,45,5000,80.00,10
2026-04-29,45,5000,80.00,10
";

fn campaign(kpis: &str) -> String {
    format!(
        "campaign:\n  id: drift-1\n  period: {{ start: 2026-04-06, end: 2026-05-31 }}\n  budget: 800\nmetrics:\n  - path: ads.csv\nkpis:\n{kpis}"
    )
}

fn card(kpis: &str, as_of: &str, extra: &[&str]) -> Value {
    let f = Fixture::new();
    f.file("campaign.yaml", &campaign(kpis));
    f.file("ads.csv", ADS);
    f.file("history.csv", ADS);
    let mut args = vec!["campaign.yaml", "--as-of", as_of];
    args.extend_from_slice(extra);
    score_json(f.path(), &args)
}

fn first(card: &Value) -> &Value {
    &card["kpis"][0]
}

#[test]
fn three_worse_weeks_escalate_a_green_kpi() {
    // CTR over the four weeks: 1.2 / 1.1 / 1.0 / 0.9%; overall 420 / 40,000 = 1.05% is
    // green (≥ 1%), but W15→W16→W17→W18 is three weeks worse in a row: yellow.
    let ctr = "  - { id: ctr, use: ctr, bands: { green: \"1%\", yellow: \"0.5%\" } }\n";
    let c = card(ctr, "2026-05-03", &[]);
    let k = first(&c);
    assert_eq!(k["value"], json!(0.0105));
    assert_eq!(k["band"], "yellow");
    assert_eq!(k["escalation"], "3 weeks worse in a row");
    assert_eq!(k["trend"]["worse_weeks"], 3);
    // Last week's change: (0.9 - 1.0) / 1.0 = -10%.
    assert_eq!(k["trend"]["change"], json!(-0.1));
    assert_eq!(k["trend"]["sparkline"], "█▆▃▁");
    assert_eq!(
        k["trend"]["weeks"][3],
        json!({"week": "2026-W18", "value": 0.009, "partial": false})
    );
    assert_eq!(k["action"], "swap creator (3 weeks worse in a row)");
    // escalate_after: 4 needs a fourth worse week.
    let patient = "  - { id: ctr, use: ctr, bands: { green: \"1%\", yellow: \"0.5%\" }, escalate_after: 4 }\n";
    assert_eq!(first(&card(patient, "2026-05-03", &[]))["band"], "green");
    // On 29 April, W18 is still partial: only two complete worse weeks, no escalation.
    let k = card(ctr, "2026-04-29", &[]);
    assert_eq!(
        (
            first(&k)["trend"]["worse_weeks"].clone(),
            first(&k)["band"].clone()
        ),
        (json!(2), json!("green"))
    );
    // --no-trend skips series and escalation.
    let k = card(ctr, "2026-05-03", &["--no-trend"]);
    assert_eq!(
        (first(&k)["trend"].clone(), first(&k)["band"].clone()),
        (Value::Null, json!("green"))
    );
}

#[test]
fn rising_costs_and_overspending_escalate() {
    // Spend by 3 May: 100 + 110 + 130 + 160 = 500, day 28 of 56 (6 April – 31 May).
    // Target 1,000: projected 500 × 56/28 = 1,000 = target → green on pace, but weekly
    // spend rose three weeks in a row (lower is better): yellow.
    let spend = |rest: &str| {
        format!("  - {{ id: spend, formula: spend, unit: currency, better: lower{rest} }}\n")
    };
    let k = card(&spend(", target: 1000"), "2026-05-03", &[]);
    assert_eq!(
        (first(&k)["projected"].clone(), first(&k)["band"].clone()),
        (json!(1000), json!("yellow"))
    );
    assert_eq!(first(&k)["escalation"], "3 weeks worse in a row");
    // Target 900 with looser bands (green ≤ 1,100): the projection 1,000 is green on the
    // bands, capped at yellow for missing the target, and the pace 500 / 450 = 1.11 is
    // over the planned pace by more than 10%: red.
    let k = card(
        &spend(", target: 900, bands: { green: 1100, yellow: 1300 }"),
        "2026-05-03",
        &["--no-trend"],
    );
    assert_eq!(first(&k)["band"], "red");
    assert_eq!(
        first(&k)["escalation"],
        "spending 11% ahead of the planned pace"
    );
    // The budget note: 500 of 800 by day 28 of 56 → on pace for 1,000, 25% over.
    let note = json!(
        "spend $500.00 of the $800.00 budget by day 28 of 56: on pace for $1,000.00, 25% over budget"
    );
    assert!(
        k["notes"].as_array().expect("notes").contains(&note),
        "{}",
        k["notes"]
    );
}

#[test]
fn pacing_curves_change_what_is_expected() {
    // Signups by 3 May: 30 + 28 + 25 + 20 = 103, day 28 of 56.
    // Linear: share 0.5 → projected 206. Back-loaded: share 0.25 → 412.
    // Front-loaded: share 1 - 0.5² = 0.75 → 137.33.
    let kpi = |pacing: &str| {
        format!("  - {{ id: signups, formula: signups, target: 200, by: 2026-05-31{pacing} }}\n")
    };
    let projected =
        |pacing: &str| first(&card(&kpi(pacing), "2026-05-03", &[]))["projected"].clone();
    assert_eq!(projected(""), json!(206));
    assert_eq!(projected(", pacing: back-loaded"), json!(412));
    assert_eq!(projected(", pacing: front-loaded"), json!(137.333333));
    // Weekly weights [1, 1, 1, 1, 2, 2, 2, 2] (8 weeks): after 4 weeks 4/12 is due → 309.
    assert_eq!(projected(", pacing: [1, 1, 1, 1, 2, 2, 2, 2]"), json!(309));
    // Front-loaded 137.33 < 180 (90% of 200): red.
    assert_eq!(
        first(&card(&kpi(", pacing: front-loaded"), "2026-05-03", &[]))["band"],
        "red"
    );
}

#[test]
fn the_next_checkpoint_and_its_projection() {
    // 103 signups at day 28 of 56; checkpoint 17 May is day 42: 103 / 28 × 42 = 154.5.
    let kpi = "  - { id: signups, formula: signups, target: 200, by: 2026-05-31, checkpoints: [2026-04-19, 2026-05-17, 2026-05-31] }\n";
    let c = card(kpi, "2026-05-03", &[]);
    assert_eq!(
        first(&c)["checkpoint"],
        json!({"date": "2026-05-17", "projected": 154.5})
    );
    // A rate is expected to hold: CTR 1.05% at the 17 May checkpoint.
    let ctr = "  - { id: ctr, use: ctr, bands: { green: \"1%\", yellow: \"0.5%\" }, checkpoints: [2026-05-17] }\n";
    assert_eq!(
        first(&card(ctr, "2026-05-03", &[]))["checkpoint"],
        json!({"date": "2026-05-17", "projected": 0.0105})
    );
}

#[test]
fn baselines_from_history_use_the_kpi_formula_per_week() {
    // Weekly CPC (spend / clicks): 100/120 = 0.8333, 110/110 = 1, 130/100 = 1.3, 160/90 = 1.7778.
    // Median = (1 + 1.3) / 2 = 1.15; p75 over the last 2 weeks = 1.3 + 0.75 × 0.4778 = 1.6583.
    let kpi = |baseline: &str| {
        format!(
            "  - {{ id: cpc, use: cpc, baseline: {baseline}, bands: {{ green: baseline, yellow: \"baseline + 20%\" }} }}\n"
        )
    };
    let c = card(&kpi("{ from: history.csv }"), "2026-05-03", &[]);
    assert_eq!(first(&c)["baseline"], json!(1.15));
    assert_eq!(first(&c)["bands"], json!({"green": 1.15, "yellow": 1.38}));
    let c = card(
        &kpi("{ from: [history.csv], stat: p75, window: 2w }"),
        "2026-05-03",
        &[],
    );
    assert_eq!(first(&c)["baseline"], json!(1.658333));
}

#[test]
fn kpi_baseline_prints_yaml_to_paste() {
    let f = Fixture::new();
    f.file("history.csv", ADS);
    let run = kpi_in(
        f.path(),
        &[
            "baseline",
            "history.csv",
            "--formula",
            "spend / clicks",
            "--better",
            "lower",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Sorted weekly values 0.8333, 1, 1.3, 1.7778: p25 = 0.8333 + 0.75 × 0.1667 = 0.9583,
    // median 1.15, p75 = 1.3 + 0.25 × 0.4778 = 1.419444. Lower is better: yellow at p75.
    assert_eq!(
        run.stdout,
        "# `spend / clicks` over 4 ISO weeks with data, 2026-W15 to 2026-W18\n\
         # weekly values: min 0.833333, p25 0.958333, median 1.15, p75 1.419444, max 1.777778\n\
         baseline: 1.15   # median of the weekly values\n\
         bands: { green: 1.15, yellow: 1.419444 }   # green at the median, yellow at the 75th percentile (lower is better)\n"
    );
    let run = kpi_in(
        f.path(),
        &["baseline", "history.csv", "--formula", "spend / clicks"],
        None,
    );
    assert!(
        run.stdout
            .contains("bands: { green: 1.15, yellow: 0.958333 }"),
        "{}",
        run.stdout
    );
    let bad = kpi_in(
        f.path(),
        &["baseline", "history.csv", "--formula", "spend / clickz"],
        None,
    );
    assert_eq!(
        (bad.code, bad.stderr.as_str()),
        (
            2,
            "error: the history exports have no column `clickz` — did you mean `clicks`?\n"
        )
    );
}

/// An independent computation of a weekly median ratio, straight from the CSV, over
/// complete weeks: the first week is left out when its first day is later in the week
/// than the other weeks' first days, the last when its last day is earlier.
fn weekly_median(path: &std::path::Path, num: &str, den: &str) -> f64 {
    let mut reader = csv::Reader::from_path(path).expect("csv");
    let headers = reader.headers().expect("headers").clone();
    let col = |name: &str| headers.iter().position(|h| h == name).expect("column");
    let (d, n, q) = (col("date"), col(num), col(den));
    let mut weeks: std::collections::BTreeMap<(i32, u32), (f64, f64, Vec<u32>)> =
        Default::default();
    for row in reader.records() {
        let row = row.expect("row");
        let day = NaiveDate::parse_from_str(&row[d][..10], "%Y-%m-%d").expect("date");
        let key = (day.iso_week().year(), day.iso_week().week());
        let entry = weeks.entry(key).or_default();
        entry.0 += row[n].parse::<f64>().unwrap_or(0.0);
        entry.1 += row[q].parse::<f64>().unwrap_or(0.0);
        entry.2.push(day.weekday().num_days_from_monday());
    }
    let mut weeks: Vec<(f64, f64, Vec<u32>)> = weeks.into_values().collect();
    let all_days = |w: &[(f64, f64, Vec<u32>)]| -> Vec<u32> {
        w.iter().flat_map(|(_, _, d)| d.iter().copied()).collect()
    };
    // Each end is compared with the middle weeks (with the other end when there are two).
    let k = weeks.len();
    let middle = |end: usize| -> Vec<u32> {
        if k > 2 {
            all_days(&weeks[1..k - 1])
        } else {
            all_days(&weeks[k - 1 - end..k - end])
        }
    };
    let last_partial = k > 1 && weeks[k - 1].2.iter().max() < middle(k - 1).iter().max();
    let first_partial = k > 1 && weeks[0].2.iter().min() > middle(0).iter().min();
    if usize::from(first_partial) + usize::from(last_partial) < k {
        if last_partial {
            weeks.pop();
        }
        if first_partial {
            weeks.remove(0);
        }
    }
    let mut ratios: Vec<(f64, f64)> = weeks.iter().map(|(a, b, _)| (*a, *b)).collect();
    let mut ratios: Vec<f64> = ratios
        .drain(..)
        .filter(|(_, b)| *b > 0.0)
        .map(|(a, b)| a / b)
        .collect();
    ratios.sort_by(f64::total_cmp);
    let m = ratios.len();
    if m % 2 == 1 {
        ratios[m / 2]
    } else {
        (ratios[m / 2 - 1] + ratios[m / 2]) / 2.0
    }
}

#[test]
fn kpi_baseline_matches_an_independent_computation_on_real_exports() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for (file, num, den) in [
        (
            "campaigns/spring-glow/exports/instagram-posts.csv",
            "spend",
            "qualified_clicks",
        ),
        (
            "campaigns/spring-glow/exports/tiktok-videos.csv",
            "clicks",
            "impressions",
        ),
        (
            "campaigns/trailhead-fall/exports/youtube.csv",
            "clicks",
            "impressions",
        ),
    ] {
        let expected = weekly_median(&root.join(file), num, den);
        let run = kpi(&["baseline", file, "--formula", &format!("{num} / {den}")]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let line = run
            .stdout
            .lines()
            .find(|l| l.starts_with("baseline: "))
            .expect("baseline line");
        let got: f64 = line["baseline: ".len()..]
            .split_whitespace()
            .next()
            .expect("number")
            .parse()
            .expect("float");
        assert!(
            (got - expected).abs() < 1e-6,
            "{file}: kpi {got} vs independent {expected}"
        );
    }
}

#[test]
fn kpi_baseline_reads_a_platform_export_as_downloaded() {
    // An X account overview, newest day first, as X exports it. Weekly engagement rate:
    // 2025-W35 (Aug 25–31): (30 + 10) / (1000 + 1000) = 0.02;
    // 2025-W34 (Aug 18–24): 90 / 2000 = 0.045; 2025-W33 (Aug 17): 10 / 1000 = 0.01.
    // Median 0.02; 25th percentile 0.01 + (0.02 - 0.01) × 0.5 = 0.015. W33 holds only a
    // Sunday, but so does W34 (the middle week): the export is read as Sunday-dated, whole.
    let f = Fixture::new();
    f.file(
        "account_overview_analytics.csv",
        "Date,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Unfollows,Replies,Reposts,Profile visits,Create Post,Video views,Media views\n\
         \"Mon, Aug 25, 2025\",1000,5,30,0,0,1,0,2,0,4,1,0,0\n\
         \"Sun, Aug 31, 2025\",1000,2,10,0,0,0,0,1,0,1,0,0,0\n\
         \"Sun, Aug 24, 2025\",2000,9,90,1,0,2,1,3,1,8,1,0,0\n\
         \"Sun, Aug 17, 2025\",1000,1,10,0,0,0,0,0,0,1,0,0,0\n",
    );
    let run = kpi_in(
        f.path(),
        &[
            "baseline",
            "account_overview_analytics.csv",
            "--formula",
            "engagements / impressions",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "# `engagements / impressions` over 3 ISO weeks with data, 2025-W33 to 2025-W35\n\
         # weekly values: min 0.01, p25 0.015, median 0.02, p75 0.0325, max 0.045\n\
         baseline: 0.02   # median of the weekly values\n\
         bands: { green: 0.02, yellow: 0.015 }   # green at the median, yellow at the 25th percentile (higher is better)\n"
    );
}

#[test]
fn kpi_baseline_takes_the_reading_flags() {
    // TikTok writes dates without a year: refused until --year gives it. Weekly
    // likes / views: 2026-W09 (Feb 23–Mar 1) 20 / 1000 = 0.02; 2026-W10 10 / 1000 = 0.01.
    let f = Fixture::new();
    f.file(
        "Overview.csv",
        "\"Date\",\"Video Views\",\"Profile Views\",\"Likes\",\"Comments\",\"Shares\"\n\
         \"February 28\",\"1000\",\"5\",\"20\",\"1\",\"0\"\n\
         \"March 2\",\"1000\",\"3\",\"10\",\"0\",\"1\"\n",
    );
    let args = ["baseline", "Overview.csv", "--formula", "likes / views"];
    let run = kpi_in(f.path(), &args, None);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: Overview.csv:2: column 1 (`Date`): `February 28` has no year; give it with --year\n"
    );
    let run = kpi_in(f.path(), &[&args[..], &["--year", "2026"]].concat(), None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("over 2 ISO weeks with data, 2026-W09 to 2026-W10"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("baseline: 0.015   # median"),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stderr,
        "note: Overview.csv: read with the tiktok-studio preset, recognised from its header\n"
    );
}
