//! How exports are read: separators, line numbers, filters and groups, exact sums.

use serde_json::{Value, json};

use super::{Fixture, kpi_in, score_json};

const CAMPAIGN: &str = "\
campaign:
  id: t-1
  period: { start: 2026-04-01, end: 2026-04-30 }
metrics:
  - path: ads.csv
kpis:
  - { id: ctr, use: ctr, bands: { green: \"1%\", yellow: \"0.5%\" } }
  - { id: spend, formula: spend, unit: currency }
";

fn card(campaign: &str, ads: &str, extra: &[&str]) -> Value {
    let f = Fixture::new();
    f.file("campaign.yaml", campaign);
    f.file("ads.csv", ads);
    let mut args = vec!["campaign.yaml", "--as-of", "2026-04-15"];
    args.extend_from_slice(extra);
    score_json(f.path(), &args)
}

fn value(card: &Value, id: &str) -> Value {
    card["kpis"]
        .as_array()
        .expect("kpis")
        .iter()
        .find(|k| k["id"] == id)
        .expect("kpi")["value"]
        .clone()
}

#[test]
fn decimal_comma_reads_dots_as_thousands() {
    let campaign = CAMPAIGN.replace(
        "  - path: ads.csv\n",
        "  - path: ads.csv\n    decimal_comma: true\n",
    );
    // `1.000` impressions is one thousand; `2.500,50` spend is 2,500.50.
    let c = card(
        &campaign,
        "date;impressions;clicks;spend\n2026-04-02;1.000;10;2.500,50\n",
        &[],
    );
    assert_eq!(value(&c, "ctr"), json!(0.01));
    assert_eq!(value(&c, "spend"), json!(2500.5));
}

#[test]
fn bom_semicolons_crlf_and_quoted_newlines() {
    let ads = "\u{feff}Date;Impressions;Clicks;Spend;Note\r\n2026-04-02;1 000;10;\"$1,200.00\";\"two\r\nlines\"\r\n2026-04-03;1000;10;0.10;-\r\n";
    let c = card(CAMPAIGN, ads, &[]);
    // 20 clicks / 2,000 impressions = 1%; spend 1,200.00 + 0.10.
    assert_eq!(value(&c, "ctr"), json!(0.01));
    assert_eq!(value(&c, "spend"), json!(1200.1));
}

#[test]
fn cents_add_up_exactly() {
    // 0.10 + 0.20 is 0.30 exactly, and 1,000 rows of 0.01 are 10.00, not 9.99999.
    let mut ads =
        String::from("date,impressions,clicks,spend\n2026-04-02,1,0,0.10\n2026-04-02,1,0,0.20\n");
    for _ in 0..1000 {
        ads.push_str("2026-04-03,1,0,0.01\n");
    }
    assert_eq!(value(&card(CAMPAIGN, &ads, &[]), "spend"), json!(10.3));
}

#[test]
fn rows_left_out_make_no_groups() {
    // The snapchat row is after --as-of and the other row belongs to another campaign:
    // neither may show up as a (no data) group.
    let ads = "date,platform,campaign,impressions,clicks,spend\n\
               2026-04-02,instagram,t-1,1000,10,5\n\
               2026-04-29,snapchat,t-1,1000,10,5\n\
               2026-04-03,tiktok,other,1000,10,5\n";
    let c = card(CAMPAIGN, ads, &["--by", "platform"]);
    let groups = &c["kpis"][0]["groups"];
    assert_eq!(
        groups,
        &json!([{"key": "instagram", "value": 0.01, "band": "green"}])
    );
}

/// The stderr of a run that must fail with exit code 2 on `ads`.
fn refused(ads: &str) -> String {
    let f = Fixture::new();
    f.file("campaign.yaml", CAMPAIGN);
    f.file("ads.csv", ads);
    let run = kpi_in(
        f.path(),
        &["score", "campaign.yaml", "--as-of", "2026-04-15"],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    run.stderr
}

#[test]
fn error_lines_are_true_after_crlf_and_blank_lines() {
    assert_eq!(
        refused("date,impressions,clicks,spend\n2026-04-02,1,1,1\n\n2026-04-03,1,1,x\n"),
        "error: ads.csv:4: column 4 (`spend`): `x` is not a number\n"
    );
    assert_eq!(
        refused("date,impressions,clicks,spend\r\n2026-04-02,1,1,1\r\n2026-04-03,1,1,x\r\n"),
        "error: ads.csv:3: column 4 (`spend`): `x` is not a number\n"
    );
}

#[test]
fn an_overflowing_sum_names_its_column() {
    // 32 nines fit once; the second row's sum passes the 1.7e32 limit.
    let huge = "9".repeat(32);
    assert_eq!(
        refused(&format!(
            "date,clicks,impressions\n2026-04-02,1,{huge}\n2026-04-02,1,{huge}\n"
        )),
        "error: ads.csv:3: the sum of `impressions` is too large to hold exactly\n"
    );
}

#[test]
fn gate_kpis_without_creators_block_spend() {
    let campaign = format!("{CAMPAIGN}  - {{ id: safety, use: safety_pass_rate }}\n");
    let c = card(
        &campaign,
        "date,impressions,clicks,spend\n2026-04-02,1000,10,5\n",
        &[],
    );
    assert_eq!(c["verdict"]["spend"], "blocked");
    assert_eq!(
        c["verdict"]["blocking"][0]["creator"],
        "(no creators listed)"
    );
}

#[test]
fn a_creator_without_gate_data_is_blocked_with_a_clear_action() {
    let campaign = format!(
        "{CAMPAIGN}  - {{ id: fit, use: brand_fit_score }}\ncreators:\n  - {{ handle: \"@zoe\", brand_fit: 80 }}\n  - {{ handle: \"@uni\" }}\n"
    );
    let c = card(
        &campaign,
        "date,impressions,clicks,spend\n2026-04-02,1000,10,5\n",
        &[],
    );
    let fit = c["kpis"]
        .as_array()
        .expect("kpis")
        .iter()
        .find(|k| k["id"] == "fit")
        .expect("fit")
        .clone();
    assert_eq!(fit["band"], "no data");
    assert_eq!(
        fit["action"],
        "block spend for @uni: no `brand_fit_score` yet"
    );
    assert_eq!(
        c["verdict"]["blocking"],
        json!([{"creator": "@uni", "kpi": "fit", "band": "no data", "value": null}])
    );
}

#[test]
fn inverted_bands_are_noted() {
    let campaign = CAMPAIGN.replace(
        "bands: { green: \"1%\", yellow: \"0.5%\" }",
        "bands: { green: \"0.5%\", yellow: \"1%\" }",
    );
    let c = card(
        &campaign,
        "date,impressions,clicks,spend\n2026-04-02,1000,10,5\n",
        &[],
    );
    let note = json!(
        "the bands of `ctr` are inverted: yellow (0.01) is better than green (0.005) with `better: higher`"
    );
    assert!(
        c["notes"].as_array().expect("notes").contains(&note),
        "{}",
        c["notes"]
    );
}

#[test]
fn an_unclosed_quote_is_named() {
    assert_eq!(
        refused("date,impressions,clicks,spend\n2026-04-02,1,1,\"12\n2026-04-03,1,1,3\n"),
        "error: ads.csv:2: a quoted cell opened on this line is never closed; the file ends inside it\n"
    );
}

#[test]
fn a_huge_single_line_is_refused() {
    // 100 MB on one line: refused with a clear message, without a panic.
    let f = Fixture::new();
    f.file("campaign.yaml", CAMPAIGN);
    let mut line = String::from("date,impressions,clicks,spend\n2026-04-02,1,1,");
    line.push_str(&"9".repeat(100 * 1024 * 1024));
    line.push('\n');
    f.file("ads.csv", &line);
    let run = kpi_in(
        f.path(),
        &["score", "campaign.yaml", "--as-of", "2026-04-15"],
        None,
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: ads.csv:2: this line runs past 1048576 bytes; rows are limited to 1048576 bytes (is the file really CSV?)\n"
    );
}

#[test]
fn a_quote_never_closed_is_refused_after_16_mib_not_at_the_end_of_the_file() {
    // The quote on line 2 swallows every later line; the parser would gather them all
    // into one row. Read from a file and from stdin, it stops at 16 MiB with the place.
    let f = Fixture::new();
    let mut text = String::from("date,creator,clicks\n2026-04-02,\"@a,1\n");
    let line = "2026-04-02,@b,1\n";
    text.push_str(&line.repeat(40 * 1024 * 1024 / line.len()));
    let path = f.file("open.csv", &text);
    let expected = "a quoted cell opened on this line runs past 16777216 bytes; a quote is probably not closed\n";
    let file = kpi_in(f.path(), &["metrics", "open.csv"], None);
    assert_eq!(
        (file.code, file.stderr.as_str()),
        (2, &*format!("error: open.csv:2: {expected}"))
    );
    let stdin = kpi_in(f.path(), &["metrics", "-"], Some(&text));
    assert_eq!(
        (stdin.code, stdin.stderr.as_str()),
        (2, &*format!("error: <stdin>:2: {expected}"))
    );
    assert!(path.exists());
}

#[test]
fn a_quoted_cell_over_a_few_lines_is_still_a_row() {
    // Quotes that close, however many line breaks they hold, never trip the guard.
    // Clicks cycle 0, 1, 2: 66,666 cycles (199,998) plus the last two rows (0 + 1).
    let f = Fixture::new();
    let mut text = String::from("date,creator,clicks\n");
    for i in 0..200_000 {
        text.push_str(&format!("2026-04-02,\"@a\nsecond line\",{}\n", i % 3));
    }
    f.file("quoted.csv", &text);
    let run = kpi_in(
        f.path(),
        &["metrics", "quoted.csv", "--format", "csv"],
        None,
    );
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "clicks\n199999\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn skipped_rows_in_the_second_half_of_a_large_file_keep_their_true_lines() {
    // 36 MB: read in two halves on two threads. The bad rows on lines 11 and 1,900,001
    // are named at those lines, the second not at its line within the second half.
    let f = Fixture::new();
    let mut text = String::with_capacity(36_000_000);
    text.push_str("date,creator,clicks\n");
    for i in 1..=2_000_000u32 {
        let clicks = if i == 10 || i == 1_900_000 {
            "x".to_owned()
        } else {
            (i % 7).to_string()
        };
        text.push_str(&format!("2026-03-01,@c{},{clicks}\n", i % 50));
    }
    assert!(text.len() > 32 * 1024 * 1024, "large enough to be split");
    f.file("big.csv", &text);
    let run = kpi_in(
        f.path(),
        &["metrics", "big.csv", "--skip-bad-rows", "--format", "csv"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "note: 2 rows skipped with --skip-bad-rows; the first: big.csv:11: column 3 (`clicks`): `x` is not a number; big.csv:1900001: column 3 (`clicks`): `x` is not a number\n"
    );
}
