//! Real-shaped platform exports: presets, Total and description rows, comment lines,
//! cell and date forms, `--skip-bad-rows`, `kpi metrics`. Fixtures are written by hand
//! in each platform's layout; expected sums are added up in the comments.

use serde_json::{Value, json};

use super::{Fixture, kpi_in};

fn metrics(f: &Fixture, args: &[&str]) -> (i32, Value, String) {
    let mut all = vec!["metrics"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let run = kpi_in(f.path(), &all, None);
    let value = serde_json::from_str(&run.stdout).unwrap_or(Value::Null);
    (run.code, value, run.stderr)
}

#[test]
fn youtube_studio_with_its_total_row() {
    let f = Fixture::new();
    // The Total row says 1,500 views but the videos add up to 1,200 + 250 = 1,450.
    f.file(
        "Table data.csv",
        "Content,Video title,Video publish time,Duration,Views,Watch time (hours),Subscribers,Impressions,Impressions click-through rate (%)\n\
         Total,,,,1500,40.5,12,20000,4.1\n\
         abc123,Glow routine,\"Apr 2, 2026\",612,1200,31.2,10,15000,4.5\n\
         def456,Serum review,\"Apr 9, 2026\",305,250,9.3,2,5000,3.2\n",
    );
    let (code, rows, stderr) = metrics(&f, &["Table data.csv"]);
    assert_eq!(code, 0, "{stderr}");
    // The CTR column is a rate: never summed. Watch time is; `Subscribers` is the net
    // change (gained less lost), summed under its own name, not as followers gained.
    assert_eq!(
        rows,
        json!([{"views": 1450, "watch_time_hours": 40.5, "subscribers_net": 12, "impressions": 20000}])
    );
    assert!(
        stderr.contains(
            "note: Table data.csv: read with the youtube-studio preset, recognised from its header"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("note: Table data.csv:2: the export's Total row says views = 1500 but its rows add up to 1450; the rows are used"), "{stderr}");
    assert!(
        stderr.contains("note: 1 row of export totals or column descriptions not counted"),
        "{stderr}"
    );
}

#[test]
fn youtube_studio_with_every_column_of_the_content_table() {
    // The column set of a recent "Table data.csv" (as read by public tools that parse
    // it): rates and averages — CTR, RPM, CPM, "Likes (vs. dislikes) (%)", average view
    // duration — are never summed, nor are unique viewers (the same person watches
    // several videos); counts the preset does not name (engaged views, dislikes,
    // subscribers lost…) become metrics of their own, and `Subscribers` (net) is
    // `subscribers_net`, apart from the subscribers gained.
    let f = Fixture::new();
    f.file(
        "Table data.csv",
        "Content,Video title,Video publish time,Duration,Views,Engaged views,Watch time (hours),Average view duration,Average percentage viewed (%),Impressions,Impressions click-through rate (%),Likes,Dislikes,Likes (vs. dislikes) (%),Comments added,Shares,Subscribers gained,Subscribers lost,Subscribers,YouTube Premium views,Unique viewers,Your estimated revenue (USD),RPM (USD),CPM (USD)\n\
         Total,,,,1450,900,40.5,0:01:41,38.2,20000,4.1,80,2,97.56,12,5,14,2,12,30,1100,10.50,7.24,15.10\n\
         abc123,Glow routine,\"Apr 2, 2026\",612,1200,750,31.2,0:01:33,36.1,15000,4.5,70,1,98.59,10,4,11,1,10,25,900,8.00,6.67,14.00\n\
         def456,Serum review,\"Apr 9, 2026\",305,250,150,9.3,0:02:14,44.0,5000,3.2,10,1,90.91,2,1,3,1,2,5,200,2.50,10.00,16.20\n",
    );
    let (code, rows, stderr) = metrics(&f, &["Table data.csv"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        rows,
        json!([{
            "views": 1450, "engaged_views": 900, "watch_time_hours": 40.5,
            "impressions": 20000, "likes": 80, "dislikes": 2, "comments": 12,
            "shares": 5, "followers_gained": 14, "subscribers_lost": 2,
            "subscribers_net": 12, "youtube_premium_views": 30, "revenue": 10.5
        }])
    );
    assert!(
        !stderr.contains("Total row says"),
        "the rows agree with the total: {stderr}"
    );
}

#[test]
fn google_analytics_comment_lines_and_compact_dates() {
    let f = Fixture::new();
    f.file(
        "ga.csv",
        "# ----------------------------------------\n\
         # Traffic acquisition: Session campaign\n\
         # Start date: 20260401\n\
         # End date: 20260430\n\
         # ----------------------------------------\n\
         \n\
         Date,Session campaign,Sessions,Engaged sessions,Engagement rate,Key events,Total revenue\n\
         20260406,spring-glow-2026,120,80,0.6667,6,240.00\n\
         20260414,spring-glow-2026,100,70,0.7,4,160.50\n",
    );
    let (code, rows, stderr) = metrics(&f, &["ga.csv", "--by", "week"]);
    assert_eq!(code, 0, "{stderr}");
    // 6 April is ISO week 15, 14 April week 16. Engagement rate is not summed.
    assert_eq!(
        rows,
        json!([
            {"week": "2026-W15", "landing_page_views": 120, "engaged_sessions": 80, "conversions": 6, "revenue": 240},
            {"week": "2026-W16", "landing_page_views": 100, "engaged_sessions": 70, "conversions": 4, "revenue": 160.5},
        ])
    );
}

#[test]
fn facebook_description_row_and_meta_ads_money() {
    let f = Fixture::new();
    f.file(
        "page.csv",
        "Date,Lifetime Total Likes,Daily New Likes,Daily Total Reach,Daily Total Impressions\n\
         ,Lifetime: The total number of people who have liked your Page. (Unique Users),Daily: The number of new people who have liked your Page. (Unique Users),Daily: The number of people who had any content from your Page. (Unique Users),Daily: The number of impressions seen of any content. (Total Count)\n\
         04/01/2026,10020,20,5000,9000\n\
         04/02/2026,10035,15,4000,7000\n",
    );
    let (code, rows, stderr) = metrics(&f, &["page.csv"]);
    assert_eq!(code, 0, "{stderr}");
    // The lifetime likes are a level: their latest value (04/02), never summed.
    assert_eq!(
        rows,
        json!([{"lifetime_total_likes": 10035, "followers_gained": 35, "reach": 9000, "impressions": 16000}])
    );

    f.file(
        "ads.csv",
        "Reporting starts,Reporting ends,Campaign name,Ad set name,Amount spent (USD),Impressions,Link clicks,CPC (cost per link click) (USD),Purchases,Purchases conversion value\n\
         2026-04-01,2026-04-01,spring-glow-2026,Maya reels,\"$1,200.50\",150000,1800,0.67,40,\"$2,000.00\"\n\
         2026-04-02,2026-04-02,spring-glow-2026,Maya reels,$799.49,100000,1200,0.67,-,\n",
    );
    let (code, rows, _) = metrics(&f, &["ads.csv", "--preset", "meta-ads"]);
    assert_eq!(code, 0);
    // Spend 1,200.50 + 799.49 = 1,999.99 exactly; `-` and blank purchases stay absent.
    assert_eq!(
        rows,
        json!([{"spend": 1999.99, "impressions": 250000, "clicks": 3000, "conversions": 40, "revenue": 2000}])
    );
}

#[test]
fn tiktok_suffixes_linkedin_dates_and_durations() {
    let f = Fixture::new();
    f.file(
        "tiktok.csv",
        "Date,Video views,Profile views,Likes,Comments,Shares\nApr 1,1.2K,300,150,12,7\nApr 2,2.5K,410,220,20,9\n",
    );
    let (code, _, stderr) = metrics(&f, &["tiktok.csv"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: tiktok.csv:2: column 1 (`Date`): `Apr 1` has no year; give it with --year\n"
    );
    let (code, rows, _) = metrics(&f, &["tiktok.csv", "--year", "2026"]);
    assert_eq!(code, 0);
    assert_eq!(
        rows,
        json!([{"views": 3700, "profile_views": 710, "likes": 370, "comments": 32, "shares": 16}])
    );

    f.file(
        "linkedin.csv",
        "Post title,Post link,Posted by,Created date,Impressions,Clicks,Click through rate (CTR),Likes,Comments,Reposts,Follows,Engagement rate\n\
         Glow launch,https://lnkd.in/x,Dana Ortiz,04/02/2026,5000,120,0.024,80,6,3,2,0.042\n\
         Serum facts,https://lnkd.in/y,Dana Ortiz,04/13/2026,3000,60,0.02,40,2,1,0,0.034\n",
    );
    let (code, rows, stderr) = metrics(&f, &["linkedin.csv", "--by", "creator,week"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        rows[1],
        json!({"creator": "Dana Ortiz", "week": "2026-W16", "impressions": 3000, "clicks": 60, "likes": 40, "comments": 2, "shares": 1, "followers_gained": 0})
    );
}

#[test]
fn bad_rows_stop_the_run_unless_skipped() {
    let f = Fixture::new();
    f.file(
        "a.csv",
        "date,creator,spend\n2026-04-01,@a,10.00\n2026-04-02,@a,ten\n2026-04-03,@b,5.50\n",
    );
    let run = kpi_in(f.path(), &["metrics", "a.csv"], None);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: a.csv:3: column 3 (`spend`): `ten` is not a number\n"
        )
    );
    let (code, rows, stderr) = metrics(&f, &["a.csv", "--skip-bad-rows"]);
    assert_eq!(code, 0);
    assert_eq!(rows, json!([{"spend": 15.5}]));
    assert_eq!(
        stderr,
        "note: 1 row skipped with --skip-bad-rows; the first: a.csv:3: column 3 (`spend`): `ten` is not a number\n"
    );
}

#[test]
fn metrics_csv_keeps_handles_as_written_and_neutralises_every_formula() {
    // Handles an analyst joins on, and the payloads of OWASP's "CSV Injection" page.
    // (Leading tabs and carriage returns are trimmed off keys on reading; the unit tests
    // of `report::csv::cell` cover them.)
    let handles = [
        "@glowwithmaya",
        "@priya.glows",
        "@dewy_dani",
        "@b",
        "-3.5",
        "b=c",
    ];
    let formulas = [
        "=cmd|' /C calc'!A0",
        "=HYPERLINK(\"http://x\",\"y\")",
        "+SUM(1;2)",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "+44creator",
        "-dash-",
    ];
    let mut csv = String::from("date,creator,spend\n");
    for (i, name) in handles.iter().chain(&formulas).enumerate() {
        let quoted = format!("\"{}\"", name.replace('"', "\"\""));
        csv.push_str(&format!("2026-04-0{},{quoted},{}\n", 1 + i % 9, i + 1));
    }
    let f = Fixture::new();
    f.file("a.csv", &csv);
    let run = kpi_in(
        f.path(),
        &["metrics", "a.csv", "--by", "creator", "--format", "csv"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let read: Vec<(String, String)> = ::csv::Reader::from_reader(run.stdout.as_bytes())
        .records()
        .map(|r| {
            let r = r.expect("a CSV record");
            (r[0].to_owned(), r[1].to_owned())
        })
        .collect();
    for (i, handle) in handles.iter().enumerate() {
        let spend = (i + 1).to_string();
        assert!(
            read.contains(&(handle.to_string(), spend)),
            "{handle} not byte-for-byte in {read:?}"
        );
    }
    for (i, formula) in formulas.iter().enumerate() {
        let spend = (handles.len() + i + 1).to_string();
        let (cell, _) = read
            .iter()
            .find(|(_, s)| *s == spend)
            .unwrap_or_else(|| panic!("no row for {formula:?}"));
        assert_eq!(cell, &format!("'{formula}"), "{formula:?}");
    }
}

#[test]
fn metrics_csv_is_spreadsheet_safe_unless_raw() {
    let f = Fixture::new();
    f.file(
        "a.csv",
        "date,creator,spend\n2026-04-01,=cmd|' /C calc'!A0,10\n2026-04-02,@b,-2.50\n",
    );
    let run = kpi_in(
        f.path(),
        &["metrics", "a.csv", "--by", "creator", "--format", "csv"],
        None,
    );
    assert_eq!(
        run.stdout,
        "creator,spend\n'=cmd|' /C calc'!A0,10\n@b,-2.5\n"
    );
    let run = kpi_in(
        f.path(),
        &[
            "metrics", "a.csv", "--by", "creator", "--format", "csv", "--raw",
        ],
        None,
    );
    assert_eq!(
        run.stdout,
        "creator,spend\n=cmd|' /C calc'!A0,10\n@b,-2.5\n"
    );
}

#[test]
fn utf16_and_binary_files_are_refused_clearly() {
    let f = Fixture::new();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("date,spend\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(f.path().join("u16.csv"), utf16).expect("write");
    let run = kpi_in(f.path(), &["metrics", "u16.csv"], None);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: u16.csv:1: the file is UTF-16 text or binary, not UTF-8; pass --encoding utf-16le (or utf-16be), or save it as UTF-8 (in Excel: CSV UTF-8)\n"
        )
    );
    // With the encoding named, it is read.
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "date,creator,spend\n2026-04-01,Zoë,12.50\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    std::fs::write(f.path().join("u16.csv"), utf16).expect("write");
    let (code, rows, stderr) = metrics(
        &f,
        &["u16.csv", "--encoding", "utf-16le", "--by", "creator"],
    );
    assert_eq!(
        (code, rows),
        (0, json!([{"creator": "Zoë", "spend": 12.5}])),
        "{stderr}"
    );
}

/// Found by attacking the HTML report: the refusal suggests `--encoding`, which an export
/// listed under `metrics:` ignored.
#[test]
fn encoding_on_the_command_line_reads_a_listed_export() {
    let f = Fixture::new();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "date,spend\n2026-04-02,12.50\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    std::fs::write(f.path().join("u16.csv"), utf16).expect("write");
    f.file(
        "c.yaml",
        "campaign: { id: c, period: { start: 2026-04-01, end: 2026-04-30 } }\nmetrics:\n  - path: u16.csv\nkpis:\n  - { id: spend, formula: spend, unit: currency }\n",
    );
    let args = [
        "score",
        "c.yaml",
        "--as-of",
        "2026-04-30",
        "--format",
        "csv",
    ];
    let run = kpi_in(f.path(), &args, None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("pass --encoding utf-16le"),
        "{}",
        run.stderr
    );
    let run = kpi_in(
        f.path(),
        &[&args[..], &["--encoding", "utf-16le"]].concat(),
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.lines().nth(1),
        Some(
            "c,2026-04-30,spend,,impact,currency,12.5,unrated,,,,,,set `bands:` or a `target:` so this KPI can be judged"
        )
    );
}

#[test]
fn windows_1252_is_an_error_until_named_never_mojibake() {
    let f = Fixture::new();
    // "Zoë" and "Café" in Windows-1252: ë = 0xEB, é = 0xE9.
    let bytes: Vec<u8> =
        b"date,creator,spend\n2026-04-01,Zo\xEB,12.50\n2026-04-02,Caf\xE9,1\n".to_vec();
    std::fs::write(f.path().join("w.csv"), bytes).expect("write");
    let run = kpi_in(f.path(), &["metrics", "w.csv", "--by", "creator"], None);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: w.csv:2: column 2 (`creator`): `Zo\u{fffd}` is not UTF-8 text; if the file is Windows-1252 or Latin-1, pass --encoding windows-1252\n"
        )
    );
    let (code, rows, _) = metrics(
        &f,
        &["w.csv", "--by", "creator", "--encoding", "windows-1252"],
    );
    assert_eq!(
        (code, rows),
        (
            0,
            json!([{"creator": "Café", "spend": 1}, {"creator": "Zoë", "spend": 12.5}])
        )
    );
}

#[test]
fn excel_sep_hint_and_semicolons() {
    let f = Fixture::new();
    f.file("eu.csv", "sep=;\ndate;creator;spend\n2026-04-01;@a;12.50\n");
    let (code, rows, stderr) = metrics(&f, &["eu.csv", "--preset", "canonical"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(rows, json!([{"spend": 12.5}]));
}

#[test]
fn many_groups_come_out_sorted_and_complete() {
    // 40,000 creators (more than two blocks of rows formatted on two cores), written in
    // a shuffled order, each twice with clicks i and 1: sorted by name on the way out.
    let f = Fixture::new();
    let n = 40_000u64;
    let mut csv = String::from("creator,platform,clicks\n");
    for pass in 0..2 {
        for k in 0..n {
            let i = (k * 7_919) % n; // 7,919 is prime to 40,000: every i once
            let clicks = if pass == 0 { i } else { 1 };
            csv.push_str(&format!("@c{i:05},tiktok,{clicks}\n"));
        }
    }
    f.file("many.csv", &csv);
    let run = kpi_in(
        f.path(),
        &[
            "metrics",
            "many.csv",
            "--by",
            "creator,platform",
            "--format",
            "csv",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut expected = String::from("creator,platform,clicks\n");
    for i in 0..n {
        expected.push_str(&format!("@c{i:05},tiktok,{}\n", i + 1));
    }
    assert!(
        run.stdout == expected,
        "rows differ from the sorted, summed list"
    );
}
