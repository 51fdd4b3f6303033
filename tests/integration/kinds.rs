//! Only counters are summed (DESIGN §5): each pattern real exports showed, in a
//! hand-made fixture of the real layout, with the totals added up by hand and the exact
//! notes and errors.

use super::{Fixture, Run, kpi_in};

/// `kpi metrics FILE… ARGS --format csv` in the fixture.
fn metrics(f: &Fixture, args: &[&str]) -> Run {
    let mut all = vec!["metrics"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "csv"]);
    kpi_in(f.path(), &all, None)
}

fn out(run: &Run) -> (i32, &str, &str) {
    (run.code, run.stdout.as_str(), run.stderr.as_str())
}

/// `kpi score CAMPAIGN --as-of 2026-04-30 ARGS` in the fixture, `stdin` piped in.
fn score(f: &Fixture, campaign: &str, args: &[&str], stdin: Option<&str>) -> Run {
    let mut all = vec!["score", campaign, "--as-of", "2026-04-30"];
    all.extend_from_slice(args);
    kpi_in(f.path(), &all, stdin)
}

/// Asserts that a scorecard in CSV gives the overall KPI `kpi` (a count) `value`.
fn assert_value(csv: &Run, kpi: &str, value: &str) {
    let row = format!(",{kpi},,impact,count,{value},");
    assert!(csv.stdout.contains(&row), "no {row} in:\n{}", csv.stdout);
}

#[test]
fn percent_of_total_columns_are_never_views_or_watch_time() {
    // A YouTube Studio audience table: shares of the channel's views per age group.
    let f = Fixture::new();
    f.file(
        "age.csv",
        "Viewer age,Views (%),Average view duration,Average percentage viewed (%),Watch time (hours) (%)\n\
         Total,,0:01:45,38.2,\n\
         age25-34,61.5,0:01:50,39.1,64.0\n\
         age18-24,38.5,0:01:40,37.0,36.0\n",
    );
    assert_eq!(
        out(&metrics(&f, &["age.csv"])),
        (
            0,
            "",
            "note: no column holds numbers to sum: the columns are dates, labels, ids, rates or averages\n\
             note: age.csv: not summed: `Views (%)` (rate), `Average view duration` (rate), `Average percentage viewed (%)` (rate) … and 1 more — `kpi metrics --kinds` says why\n\
             note: 1 row of export totals or column descriptions not counted\n"
        )
    );
}

#[test]
fn averages_named_in_german_are_not_summed_and_datum_is_the_date() {
    // A German Google Analytics e-commerce table. Sitzungen 100 + 120 = 220,
    // Transaktionen 3 + 4 = 7, Umsatz 135 + 200 = 335; the averages stay out; 1 and 2
    // April 2026 are in ISO week 14.
    let f = Fixture::new();
    f.file(
        "ga.csv",
        "Datum,Sitzungen,Durchschn. Sitzungsdauer,Durchschn. Preis,Durchschn. Bestellwert,Transaktionen,Umsatz\n\
         20260401,100,00:01:10,12.50,45.00,3,135.00\n\
         20260402,120,00:01:20,13.50,50.00,4,200.00\n",
    );
    assert_eq!(
        out(&metrics(&f, &["ga.csv", "--by", "week"])),
        (
            0,
            "week,sitzungen,transaktionen,umsatz\n2026-W14,220,7,335\n",
            "note: ga.csv: not summed: `Durchschn. Sitzungsdauer` (rate), `Durchschn. Preis` (rate), `Durchschn. Bestellwert` (rate) — `kpi metrics --kinds` says why\n"
        )
    );
    // French, Spanish, Italian, Dutch and Portuguese averages and rates alike.
    f.file(
        "intl.csv",
        "date,Durée moyenne,Tasa de rebote,Prezzo medio,Gem. sessieduur,Taxa de conversão,Sessions\n\
         2026-04-01,70,0.4,12,65,0.02,100\n\
         2026-04-02,80,0.5,14,75,0.03,50\n",
    );
    assert_eq!(
        out(&metrics(&f, &["intl.csv"])),
        (
            0,
            "sessions\n150\n",
            "note: intl.csv: not summed: `Durée moyenne` (rate), `Tasa de rebote` (rate), `Prezzo medio` (rate), `Gem. sessieduur` (rate) … and 1 more — `kpi metrics --kinds` says why\n"
        )
    );
}

#[test]
fn ids_years_coordinates_scores_and_ranks_in_a_list_of_creators_are_not_summed() {
    // A list of creators: one row each, no dates. The levels (followers, population) of
    // an undated list add up as one moment: 120,000 + 80,000 + 450,000 + 20,000 + 95,000
    // = 765,000 followers; 3.2M + 2.1M + 8.9M + 3.6M + 2.8M = 20.6M; posts 300 + 150 +
    // 900 + 40 + 210 = 1,600.
    let f = Fixture::new();
    f.file(
        "list.csv",
        "S.No,name,interest,created_year,latitude,longitude,cluster,Population,influence_score,rank,followers,posts\n\
         1,Ana,6003139266461,2015,40.41,-3.70,2,3200000,87,1,120000,300\n\
         2,Ben,6003020834693,2018,48.85,2.35,1,2100000,64,2,80000,150\n\
         3,Cy,6003139266461,2012,51.50,-0.12,2,8900000,92,3,450000,900\n\
         4,Di,6003384248805,2020,52.52,13.40,3,3600000,45,4,20000,40\n\
         5,Ed,6003020834693,2016,41.90,12.49,1,2800000,71,5,95000,210\n",
    );
    assert_eq!(
        out(&metrics(&f, &["list.csv"])),
        (
            0,
            "population,followers,posts\n20600000,765000,1600\n",
            "note: list.csv: not summed: `S.No` (id), `interest` (id), `created_year` (id), `latitude` (id), `longitude` (id), `cluster` (id) … and 2 more — `kpi metrics --kinds` says why\n\
             note: list.csv: levels in undated rows, added up across the rows as one moment: Population, followers\n"
        )
    );
    let kinds = metrics(&f, &["list.csv", "--kinds"]);
    assert_eq!(kinds.code, 0, "{}", kinds.stderr);
    assert_eq!(
        kinds.stdout,
        "file,column,header,read_as,kind,why\n\
         list.csv,1,S.No,,id,the header says `no`\n\
         list.csv,2,name,,label,text in 5 of the first 5 cells (`Ana`)\n\
         list.csv,3,interest,,id,the header says `interest`\n\
         list.csv,4,created_year,,id,the header says `year`\n\
         list.csv,5,latitude,,id,the header says `latitude`\n\
         list.csv,6,longitude,,id,the header says `longitude`\n\
         list.csv,7,cluster,,id,the header says `cluster`\n\
         list.csv,8,Population,population,gauge,\"a level of `population`, not a change\"\n\
         list.csv,9,influence_score,,id,the header says `score`\n\
         list.csv,10,rank,,id,the header says `rank`\n\
         list.csv,11,followers,followers,gauge,\"a level of `followers`, not a change\"\n\
         list.csv,12,posts,posts,counter,its values are numbers\n"
    );
}

#[test]
fn a_distribution_adding_up_to_one_is_a_share() {
    // 0.4 + 0.35 + 0.25 = 1: a territory share table, not a count.
    let f = Fixture::new();
    f.file("territory.csv", "Country,Share\nUS,0.4\nDE,0.35\nFR,0.25\n");
    assert_eq!(
        out(&metrics(&f, &["territory.csv"])),
        (
            0,
            "",
            "note: no column holds numbers to sum: the columns are dates, labels, ids, rates or averages\n\
             note: territory.csv: not summed: `Share` (share) — `kpi metrics --kinds` says why\n"
        )
    );
}

#[test]
fn hourly_active_followers_show_their_latest_value_not_a_sum() {
    // TikTok's hourly activity: the week's latest level is 2 April, hour 1: 1,250 (the
    // sum of the four would be 4,850). Video views add up: 50 + 40 + 60 + 70 = 220.
    let f = Fixture::new();
    f.file(
        "activity.csv",
        "Date,Hour,Active followers,Video views\n\
         2026-04-01,0,1200,50\n\
         2026-04-01,1,1100,40\n\
         2026-04-02,0,1300,60\n\
         2026-04-02,1,1250,70\n",
    );
    assert_eq!(
        out(&metrics(&f, &["activity.csv", "--by", "week"])),
        (
            0,
            "week,active_followers,views\n2026-W14,1250,220\n",
            "note: activity.csv: read with the tiktok-studio preset, recognised from its header\n\
             note: activity.csv: not summed: `Hour` (id) — `kpi metrics --kinds` says why\n\
             note: activity.csv: levels shown as their latest value, not summed: Active followers\n"
        )
    );
}

#[test]
fn a_level_word_whose_values_go_below_zero_is_a_daily_change() {
    // YouTube Studio's Totals.csv: `Subscribers` is the day's net change (it goes to -1),
    // so it adds up: 1 + 4 - 1 + 3 = 7. Views 331 + 605 + 400 + 500 = 1,836.
    let f = Fixture::new();
    f.file(
        "Totals.csv",
        "Date,Views,Subscribers
1/1/2022,331,1
1/2/2022,605,4
1/3/2022,400,-1
1/4/2022,500,3
",
    );
    assert_eq!(
        out(&metrics(&f, &["Totals.csv"])),
        (0, "views,subscribers\n1836,7\n", "")
    );
    let kinds = metrics(&f, &["Totals.csv", "--kinds"]);
    assert!(
        kinds.stdout.ends_with(
            "Totals.csv,3,Subscribers,subscribers,counter,\"a level's word, but its values go below zero: a change\"\n"
        ),
        "{}",
        kinds.stdout
    );
}

#[test]
fn rolling_weekly_28_day_and_lifetime_columns_are_levels_in_a_daily_export() {
    // A Facebook page's daily insights: daily engaged users 10 + 12 = 22 and new likes
    // 4 + 6 = 10 add up; the weekly, 28-day and lifetime columns are the last day's.
    let f = Fixture::new();
    f.file(
        "page.csv",
        "Date,Daily Page Engaged Users,Weekly Page Engaged Users,28 Days Page Engaged Users,Lifetime Total Likes,Daily New Likes\n\
         2026-04-01,10,70,300,5000,4\n\
         2026-04-02,12,72,305,5004,6\n",
    );
    assert_eq!(
        out(&metrics(&f, &["page.csv"])),
        (
            0,
            "engagements,lifetime_total_likes,followers_gained,weekly_page_engaged_users,28_days_page_engaged_users\n\
             22,5004,10,72,305\n",
            "note: page.csv: read with the facebook-page-insights preset, recognised from its header\n\
             note: page.csv: levels shown as their latest value, not summed: Weekly Page Engaged Users, 28 Days Page Engaged Users, Lifetime Total Likes\n"
        )
    );
}

#[test]
fn scientific_notation_is_read_exactly_in_canonical_and_other_columns() {
    // 2.28E+11 + 1.5e3 = 228,000,000,000 + 1,500.
    let f = Fixture::new();
    f.file(
        "sci.csv",
        "date,creator,views,Reach Estimate\n2026-04-01,@a,2.28E+11,2.28E+11\n2026-04-02,@a,1.5e3,1.5e3\n",
    );
    assert_eq!(
        out(&metrics(&f, &["sci.csv"])),
        (0, "views,reach_estimate\n228000001500,228000001500\n", "")
    );
}

#[test]
fn a_column_is_judged_on_its_first_thousand_rows_not_its_first() {
    // A creator list whose first handle looks like a number: the name column is text,
    // the followers add up: 100 + 200 + (3 + … + 1000) = 300 + 500,497 = 500,797.
    let mut text = String::from("rank,username,followers\n1,1234,100\n2,__youngbae__,200\n");
    for i in 3..=1000 {
        text.push_str(&format!("{i},user{i},{i}\n"));
    }
    let f = Fixture::new();
    f.file("creators.csv", &text);
    assert_eq!(
        out(&metrics(&f, &["creators.csv"])),
        (
            0,
            "followers\n500797\n",
            "note: creators.csv: not summed: `rank` (id) — `kpi metrics --kinds` says why\n\
             note: creators.csv: levels in undated rows, added up across the rows as one moment: followers\n"
        )
    );
}

#[test]
fn skip_bad_rows_that_would_skip_most_of_a_file_is_an_error_naming_the_column() {
    let mut text = String::from("date,creator,views\n2026-04-01,@a,100\n");
    for _ in 0..38 {
        text.push_str("2026-04-02,@b,12x\n");
    }
    let f = Fixture::new();
    f.file("mostly-bad.csv", &text);
    assert_eq!(
        out(&metrics(&f, &["mostly-bad.csv", "--skip-bad-rows"])),
        (
            2,
            "",
            "error: mostly-bad.csv:3: --skip-bad-rows would skip 38 rows and keep 1, so nothing is reported: the file is not read as it is written; 38 of them fail at column 3 (`views`): if it is not a number column, say so with `kinds: { \"views\": label }` on its `metrics:` entry, or map another column under `columns:`\n"
        )
    );
    // A few bad rows among many are skipped and counted: 100 + … + 700 = 2,800.
    let mut text = String::from("date,creator,views\n");
    for i in 1..=7 {
        text.push_str(&format!("2026-04-0{i},@a,{i}00\n"));
    }
    text.push_str("2026-04-08,@b,12x\n");
    f.file("few-bad.csv", &text);
    assert_eq!(
        out(&metrics(&f, &["few-bad.csv", "--skip-bad-rows"])),
        (
            0,
            "views\n2800\n",
            "note: 1 row skipped with --skip-bad-rows; the first: few-bad.csv:9: column 3 (`views`): `12x` is not a number\n"
        )
    );
}

#[test]
fn headers_repeated_to_the_letter_are_read_under_their_own_names() {
    let f = Fixture::new();
    f.file(
        "dup.csv",
        "Date,Subscribers,Subscribers,Views\n2026-04-01,5,7,100\n2026-04-02,3,1,50\n",
    );
    assert_eq!(
        out(&metrics(&f, &["dup.csv"])),
        (
            0,
            "views,subscribers,subscribers_2\n150,3,1\n",
            "note: dup.csv: headers repeated to the letter are read under their own names: `Subscribers` as `subscribers_2`\n\
             note: dup.csv: levels shown as their latest value, not summed: Subscribers (as subscribers), Subscribers (as subscribers_2)\n"
        )
    );
}

#[test]
fn the_kinds_table_is_one_table_per_file_under_its_name() {
    let f = Fixture::new();
    f.file(
        "dup.csv",
        "Date,Subscribers,Subscribers,Views\n2026-04-01,5,7,100\n2026-04-02,3,1,50\n",
    );
    let run = kpi_in(f.path(), &["metrics", "dup.csv", "--kinds"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "dup.csv\n\
         ┌────────┬─────────────┬───────────────┬─────────┬────────────────────────────────────────┐\n\
         │ column ┆ header      ┆ read as       ┆ kind    ┆ why                                    │\n\
         ╞════════╪═════════════╪═══════════════╪═════════╪════════════════════════════════════════╡\n\
         │ 1      ┆ Date        ┆ date          ┆ label   ┆ a dimension rows are grouped by        │\n\
         │ 2      ┆ Subscribers ┆ subscribers   ┆ gauge   ┆ a level of `subscribers`, not a change │\n\
         │ 3      ┆ Subscribers ┆ subscribers_2 ┆ gauge   ┆ a level of `subscribers`, not a change │\n\
         │ 4      ┆ Views       ┆ views         ┆ counter ┆ a canonical metric                     │\n\
         └────────┴─────────────┴───────────────┴─────────┴────────────────────────────────────────┘\n"
    );
}

#[test]
fn leading_zero_groups_double_minus_and_spaced_thousands() {
    let f = Fixture::new();
    f.file(
        "zero.csv",
        "date,spend\n2026-04-01,\"0,001\"\n2026-04-02,\"0,250\"\n",
    );
    assert_eq!(
        out(&metrics(&f, &["zero.csv"])),
        (
            2,
            "",
            "error: zero.csv:2: column 2 (`spend`): `0,001` is not a number: no thousands group follows a leading 0; if the file writes decimals with a comma, pass --decimal-comma\n"
        )
    );
    // With the decimal comma: 0.001 + 0.250.
    assert_eq!(
        out(&metrics(&f, &["zero.csv", "--decimal-comma"])),
        (0, "spend\n0.251\n", "")
    );
    f.file("minus.csv", "date,views\n2026-04-01,--5\n");
    assert_eq!(
        out(&metrics(&f, &["minus.csv"])),
        (
            2,
            "",
            "error: minus.csv:2: column 2 (`views`): `--5` is not a number\n"
        )
    );
    // `12 345` on the first row is data like any other: 12,345 + 1,000.
    f.file(
        "spaced.csv",
        "date,views\n2026-04-01,12 345\n2026-04-02,1 000\n",
    );
    assert_eq!(
        out(&metrics(&f, &["spaced.csv"])),
        (0, "views\n13345\n", "")
    );
}

#[test]
fn every_output_format_writes_exact_numbers() {
    // 12345678901234567890123 + 1; 123456789012345678901234567890 + 9223372036854.775807
    // = 123456789012345688124606604744.775807 (Python's decimal module agrees).
    let f = Fixture::new();
    f.file("kpi.yaml", "");
    f.file(
        "big.csv",
        "date,creator,views,spend\n\
         2026-04-01,@a,12345678901234567890123,123456789012345678901234567890\n\
         2026-04-02,@a,1,9223372036854.775807\n",
    );
    let views = "12345678901234567890124";
    let spend = "123456789012345688124606604744.775807";
    assert_eq!(
        out(&metrics(&f, &["big.csv"])),
        (0, format!("views,spend\n{views},{spend}\n").as_str(), "")
    );
    let json = kpi_in(f.path(), &["metrics", "big.csv", "--format", "json"], None);
    assert_eq!(
        json.stdout,
        format!("[\n  {{\n    \"views\": {views},\n    \"spend\": {spend}\n  }}\n]\n")
    );
    f.file(
        "big.yaml",
        "campaign:\n  id: big\n  period: { start: 2026-04-01, end: 2026-04-30 }\n\
         creators:\n  - { handle: \"@a\", platform: youtube }\n\
         metrics:\n  - path: big.csv\n\
         kpis:\n  - { id: views, formula: views, tier: impact }\n  - { id: spend, formula: spend, tier: impact }\n",
    );
    let card = score(
        &f,
        "big.yaml",
        &["--by", "creator", "--format", "json"],
        None,
    );
    assert_eq!(card.code, 0, "{}", card.stderr);
    // The KPI, its week (2026-W14), the creator's row, the creator's week and the
    // `--by creator` group all print every digit.
    for value in [views, spend] {
        let printed = card.stdout.matches(&format!("\"value\": {value}")).count();
        assert_eq!(printed, 5, "{value}:\n{}", card.stdout);
    }
    assert!(!card.stdout.contains("e+"), "{}", card.stdout);
    let csv = score(&f, "big.yaml", &["--format", "csv"], None);
    assert_value(&csv, "views", views);
    assert_value(&csv, "spend", spend);
}

#[test]
fn the_same_export_given_twice_is_read_once() {
    // 100 + 50 views once, however often the file is named.
    let f = Fixture::new();
    f.file("kpi.yaml", "");
    let text = "date,creator,views\n2026-04-01,@a,100\n2026-04-02,@a,50\n";
    f.file("a.csv", text);
    f.file("a (1).csv", text);
    assert_eq!(
        out(&metrics(&f, &["a.csv", "a.csv", "a (1).csv"])),
        (
            0,
            "views\n150\n",
            "note: a.csv is given more than once; its rows are counted once\n\
             note: a (1).csv holds the same bytes as a.csv; its rows are counted once\n"
        )
    );
    // Under `metrics:` and piped in again, as `cat export.csv | kpi score … --metrics -`.
    f.file(
        "c.yaml",
        "campaign:\n  id: c\n  period: { start: 2026-04-01, end: 2026-04-30 }\n\
         creators:\n  - { handle: \"@a\", platform: youtube }\n\
         metrics:\n  - path: a.csv\n\
         kpis:\n  - { id: views, formula: views, tier: impact }\n",
    );
    let run = score(
        &f,
        "c.yaml",
        &["--metrics", "-", "--format", "csv"],
        Some(text),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_value(&run, "views", "150");
    assert!(
        run.stderr
            .contains("note: <stdin> holds the same bytes as a.csv; its rows are counted once\n"),
        "{}",
        run.stderr
    );
    // Different bytes of the same length are a different export: 100 + 50 + 100 + 51.
    let other = "date,creator,views\n2026-04-01,@a,100\n2026-04-02,@a,51\n";
    let run = score(
        &f,
        "c.yaml",
        &["--metrics", "-", "--format", "csv"],
        Some(other),
    );
    assert_value(&run, "views", "301");
    assert!(!run.stderr.contains("counted once"), "{}", run.stderr);
}

#[test]
fn kinds_in_the_campaign_file_override_and_name_real_columns() {
    // `Reach Estimate` as a gauge: the latest, 700 (not 1,200); `Score` as a counter:
    // 7 + 9 = 16 (a header that says `score` is otherwise an id).
    let f = Fixture::new();
    f.file("kpi.yaml", "");
    f.file(
        "k.csv",
        "date,creator,Reach Estimate,Score\n2026-04-01,@a,500,7\n2026-04-02,@a,700,9\n",
    );
    let campaign = |kinds: &str| {
        format!(
            "campaign:\n  id: k\n  period: {{ start: 2026-04-01, end: 2026-04-30 }}\n\
             metrics:\n  - path: k.csv\n    kinds: {{ {kinds} }}\n\
             kpis:\n  - {{ id: score, formula: score, tier: impact }}\n  - {{ id: reach, formula: reach_estimate, tier: impact }}\n"
        )
    };
    f.file(
        "k.yaml",
        &campaign("\"Reach Estimate\": gauge, score: counter"),
    );
    let csv = ["--format", "csv"];
    let run = score(&f, "k.yaml", &csv, None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_value(&run, "score", "16");
    assert_value(&run, "reach", "700");
    f.file(
        "k.yaml",
        &campaign("\"Reach Estimate\": gauge, scroe: counter"),
    );
    assert_eq!(
        out(&score(&f, "k.yaml", &csv, None)),
        (
            2,
            "",
            "error: k.csv:1: no column `scroe` (given a kind under `kinds:`); the headers are: date, creator, Reach Estimate, Score\n"
        )
    );
    f.file(
        "k.yaml",
        &campaign("\"Reach Estimate\": gauge, score: countr"),
    );
    let run = score(&f, "k.yaml", &csv, None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: k.yaml:6:46: unknown value `countr` — did you mean `counter`?\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_campaign_baseline_from_a_daily_history_uses_complete_weeks() {
    // Daily CTR history from Saturday 4 April to Monday 27 April 2026, 1,000 impressions
    // a day and 10 clicks on the first day, one more each day after. Complete weeks:
    // W15 (6–12 Apr) 105 / 7,000 = 0.015, W16 154 / 7,000 = 0.022, W17 203 / 7,000 =
    // 0.029: median 0.022. W14 (Sat–Sun) and W18 (Mon) are left out; with them the
    // median is the same week's but p25 would fall to 0.015.
    let mut history = String::from("date,clicks,impressions\n");
    let start = chrono::NaiveDate::from_ymd_opt(2026, 4, 4).expect("date");
    for i in 0..24 {
        let day = start + chrono::Duration::days(i);
        history.push_str(&format!("{day},{},1000\n", 10 + i));
    }
    let f = Fixture::new();
    f.file("kpi.yaml", "");
    f.file("history.csv", &history);
    f.file("now.csv", "date,clicks,impressions\n2026-05-04,30,1000\n");
    f.file(
        "c.yaml",
        "campaign:\n  id: c\n  period: { start: 2026-05-04, end: 2026-05-31 }\n\
         metrics:\n  - path: now.csv\n\
         kpis:\n  - { id: ctr, use: ctr, baseline: { from: history.csv, stat: p25 }, bands: { green: baseline, yellow: \"baseline - 20%\" } }\n",
    );
    let card = super::score_json(f.path(), &["c.yaml", "--as-of", "2026-05-10"]);
    let ctr = &card["kpis"][0];
    // p25 of 0.015, 0.022, 0.029 = 0.015 + 0.5 × 0.007 = 0.0185.
    assert_eq!(ctr["baseline"], serde_json::json!(0.0185));
    let notes: Vec<&str> = card["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .filter_map(|n| n.as_str())
        .collect();
    assert!(
        notes.contains(
            &"baseline of `ctr`: partial weeks left out: 2026-W14 (Sat–Sun, 2 of 7 days), 2026-W18 (Mon, 1 of 7 days); only complete weeks make the baseline (`partial_weeks: true` keeps them)"
        ),
        "{notes:?}"
    );
}

#[test]
fn dates_without_a_year_that_cross_new_year_are_warned_about() {
    let f = Fixture::new();
    f.file(
        "tiktok.csv",
        "Date,Video Views,Likes\nDecember 30,100,5\nDecember 31,120,6\nJanuary 1,90,4\nJanuary 2,80,3\n",
    );
    assert_eq!(
        out(&metrics(
            &f,
            &["tiktok.csv", "--year", "2026", "--by", "week"]
        )),
        (
            0,
            "week,likes,video_views\n2026-W01,7,170\n2026-W53,11,220\n",
            "note: tiktok.csv:4: `January 1` follows `December 31`, and with --year 2026 that is 364 days earlier: dates without a year that cross New Year are put in one year; split the file at the new year and give each part its own --year\n"
        )
    );
}
