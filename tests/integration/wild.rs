//! Export quirks seen in real files downloaded from the platforms (found in public
//! repositories): Meta Ads' summary row, Google Analytics' several tables and totals
//! row, Business Suite's `Date` column that says `Lifetime`, Facebook's post-level
//! layout with repeated headers and half-empty descriptions, decimal-comma locales, ids
//! and running totals. The fixtures are written by hand in those layouts; expected sums
//! are added up in the comments.

use serde_json::{Value, json};

use super::{Fixture, kpi_in};

fn metrics(f: &Fixture, args: &[&str], stdin: Option<&str>) -> (i32, Value, String) {
    let mut all = vec!["metrics"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let run = kpi_in(f.path(), &all, stdin);
    let value = serde_json::from_str(&run.stdout).unwrap_or(Value::Null);
    (run.code, value, run.stderr)
}

const META_ADS: &str = "\"Reporting starts\",\"Reporting ends\",\"Campaign name\",\"Campaign delivery\",\"Amount spent (IDR)\",Impressions,\"Link clicks\",\"Landing page views\"\n\
    2026-08-02,2026-08-02,,0,314467,93675,,\n\
    2026-08-02,2026-08-02,spring-glow,active,13254,3268,920,218\n\
    2026-08-02,2026-08-02,summer-sun,inactive,301213,90407,16298,4112\n";

#[test]
fn meta_ads_summary_row_is_checked_not_summed() {
    let f = Fixture::new();
    f.file("ads.csv", META_ADS);
    let (code, rows, stderr) = metrics(&f, &["ads.csv"], None);
    assert_eq!(code, 0, "{stderr}");
    // 13,254 + 301,213 = 314,467 (the summary row's spend, not added again);
    // 3,268 + 90,407 = 93,675. `Campaign delivery` is text, never a metric.
    assert_eq!(
        rows,
        json!([{"spend": 314467, "impressions": 93675, "clicks": 17218, "landing_page_views": 4330}])
    );
    assert_eq!(
        stderr,
        "note: ads.csv: read with the meta-ads preset, recognised from its header\n\
         note: 1 row of export totals or column descriptions not counted\n"
    );
}

#[test]
fn meta_ads_summary_row_that_disagrees_is_reported() {
    let f = Fixture::new();
    f.file("ads.csv", &META_ADS.replace(",314467,", ",400000,"));
    let (code, rows, stderr) = metrics(&f, &["ads.csv"], None);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(rows[0]["spend"], json!(314467));
    assert!(
        stderr.contains("note: ads.csv:2: the export's Total row says spend = 400000 but its rows add up to 314467; the rows are used"),
        "{stderr}"
    );
}

const ANALYTICS: &str = "# ----------------------------------------\n\
    # All Web Site Data\n\
    # Acquisition Overview\n\
    # 20260401-20260430\n\
    # ----------------------------------------\n\
    \n\
    Source / Medium,Sessions,% New Sessions,Bounce Rate\n\
    instagram / influencer,120,80.00%,41.67%\n\
    (direct) / (none),80,75.00%,50.00%\n\
    ,200,78.00%,45.00%\n\
    \n\
    Day Index,Sessions\n\
    4/1/26,7\n\
    4/2/26,193\n\
    ,200\n";

#[test]
fn google_analytics_reads_the_first_table_and_checks_its_totals_row() {
    let f = Fixture::new();
    f.file("ga.csv", ANALYTICS);
    let (code, rows, stderr) = metrics(&f, &["ga.csv"], None);
    assert_eq!(code, 0, "{stderr}");
    // 120 + 80 = 200 sessions; the totals row and the day table are not added.
    assert_eq!(rows, json!([{"landing_page_views": 200}]));
    assert_eq!(
        stderr,
        "note: ga.csv: read with the google-analytics preset, recognised from its `#` lines\n\
         note: ga.csv: not summed: `% New Sessions` (rate), `Bounce Rate` (rate) — `kpi metrics --kinds` says why\n\
         note: ga.csv:12: another table starts here (`Day Index,Sessions`); only the table under the first header is read\n\
         note: 1 row of export totals or column descriptions not counted\n"
    );
}

#[test]
fn google_analytics_from_stdin_stops_at_the_same_line() {
    let f = Fixture::new();
    let (code, rows, stderr) = metrics(&f, &["-"], Some(ANALYTICS));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(rows, json!([{"landing_page_views": 200}]));
    assert!(
        stderr.contains("note: <stdin>:12: another table starts here (`Day Index,Sessions`)"),
        "{stderr}"
    );
}

#[test]
fn a_row_in_another_delimiter_is_still_an_error_not_a_table() {
    let f = Fixture::new();
    f.file(
        "ads.csv",
        "date,clicks,spend\n2026-04-02,10,5\n2026-04-03;10;5\n",
    );
    let (code, _, stderr) = metrics(&f, &["ads.csv"], None);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: ads.csv:3: this row has 1 cell but the header has 3; is it written with another delimiter than the header?\n"
    );
}

#[test]
fn decimal_comma_exports_are_refused_until_named() {
    let f = Fixture::new();
    // A Dutch Google Analytics table: `2.546` sessions is 2546, `1,15` pages per session.
    f.file(
        "ga.csv",
        "Browser,Sessies,% nieuwe sessies,Pagina's/sessie,Bouncepercentage\n\
         Chrome,2.546,\"99,88%\",\"1,15\",\"85,98%\"\n\
         Safari,449,\"73,05%\",\"2,16\",\"57,91%\"\n",
    );
    let (code, _, stderr) = metrics(&f, &["ga.csv"], None);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: ga.csv:2: column 3 (`% nieuwe sessies`): `99,88%` is written with a decimal comma; pass --decimal-comma (or `decimal_comma: true` on its `metrics:` entry) so that `1.234` reads as 1234 and `1,5` as 1.5\n"
    );
    let (code, rows, stderr) = metrics(&f, &["ga.csv", "--decimal-comma"], None);
    assert_eq!(code, 0, "{stderr}");
    // 2,546 + 449 = 2,995; the shares (a `%` header, or `%` values under a Dutch header)
    // and the pages-per-session ratio are never summed.
    assert_eq!(rows, json!([{"sessies": 2995}]));
}

#[test]
fn business_suite_instagram_posts_are_dated_by_publish_time() {
    let f = Fixture::new();
    // `Date` says `Lifetime`; the description runs over a line break inside quotes.
    f.file(
        "ig.csv",
        "\"Post ID\",\"Account ID\",\"Account username\",\"Account name\",Description,\"Duration (sec)\",\"Publish time\",Permalink,\"Post type\",\"Data comment\",Date,Views,Reach,Likes,Shares,Follows,Comments,Saves\n\
         1001,2002,maya.glow,\"Maya\",\"Back to the shore.\nThe sound of the water.\",0,\"04/06/2026 15:30\",https://www.instagram.com/p/x1/,\"IG carousel\",,Lifetime,99,40,4,0,0,1,2\n\
         1002,2002,maya.glow,\"Maya\",\"Serum day\",31,\"04/14/2026 09:00\",https://www.instagram.com/p/x2/,\"IG reel\",,Lifetime,250,120,30,5,2,4,9\n",
    );
    let (code, rows, stderr) = metrics(&f, &["ig.csv", "--by", "creator,week"], None);
    assert_eq!(code, 0, "{stderr}");
    // Account and post ids and the video length are never summed.
    assert_eq!(
        rows,
        json!([
            {"creator": "maya.glow", "week": "2026-W15", "views": 99, "reach": 40, "likes": 4, "shares": 0, "followers_gained": 0, "comments": 1, "saves": 2},
            {"creator": "maya.glow", "week": "2026-W16", "views": 250, "reach": 120, "likes": 30, "shares": 5, "followers_gained": 2, "comments": 4, "saves": 9}
        ])
    );
}

#[test]
fn facebook_post_level_export_with_repeated_headers_and_half_empty_descriptions() {
    let f = Fixture::new();
    f.file(
        "fb.csv",
        "Post ID,Permalink,Post Message,Type,Posted,Lifetime Post Total Reach,Lifetime Post Total Impressions,Lifetime Engaged Users,Lifetime Organic Video Views,Lifetime Organic Video Views,Lifetime Post Stories by action type - comment,Lifetime Post Stories by action type - like\n\
         ,,,,,Lifetime: The total number of people your Page post was served to. (Unique Users),Lifetime: The number of impressions of your Page post. (Total Count),Lifetime: The number of people who clicked anywhere in your posts. (Unique Users),Lifetime: Number of times your video was viewed for more than 3 seconds without any paid promotion. (Total Count),Lifetime: Number of times your video was viewed for more than 3 seconds without any paid promotion. (Unique Users),Lifetime: The number of stories created about your Page post by action type. (Total Count),\n\
         1_1,https://www.facebook.com/1,Try the serum,Link,04/19/2026 09:03:47 AM,35,60,2,0,0,1,3\n\
         1_2,https://www.facebook.com/2,Glow week,Video,04/21/2026 10:00:00 AM,100,140,8,40,30,2,5\n",
    );
    let (code, rows, stderr) = metrics(&f, &["fb.csv"], None);
    assert_eq!(code, 0, "{stderr}");
    // 35 + 100 reach, 60 + 140 impressions. The description row tells the repeated
    // video-view headers apart: the first is a `(Total Count)`, 0 + 40; the second, and
    // the engaged users, are `(Unique Users)`: people, not additive across posts. The
    // `like` stories share the description of the `comment` ones, their group.
    assert_eq!(
        rows,
        json!([{
            "reach": 135, "impressions": 200, "lifetime_organic_video_views": 40,
            "lifetime_post_stories_by_action_type_comment": 3,
            "lifetime_post_stories_by_action_type_like": 8
        }])
    );
    assert_eq!(
        stderr,
        "note: fb.csv: read with the facebook-page-insights preset, recognised from its header\n\
         note: fb.csv: not summed: `Lifetime Engaged Users` (rate), `Lifetime Organic Video Views` (rate) — `kpi metrics --kinds` says why\n\
         note: 1 row of export totals or column descriptions not counted\n"
    );
    // Without the preset the same: the repeated header's second column is people.
    let (code, rows, stderr) = metrics(&f, &["fb.csv", "--preset", "canonical"], None);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(rows[0]["lifetime_organic_video_views"], json!(40));
    assert_eq!(rows[0].get("lifetime_organic_video_views_2"), None);
    assert_eq!(
        stderr,
        "note: fb.csv: not summed: `Lifetime Post Total Reach` (rate), `Lifetime Engaged Users` (rate), `Lifetime Organic Video Views` (rate) — `kpi metrics --kinds` says why\n\
         note: 1 row of export totals or column descriptions not counted\n"
    );
}

#[test]
fn ids_hours_and_running_totals_are_never_summed() {
    let f = Fixture::new();
    f.file(
        "tiktok.csv",
        "Date,Hour,Page ID,Followers,Active followers\n\
         2026-02-21,0,555,40000,491\n\
         2026-02-21,1,555,40010,300\n",
    );
    let (code, rows, stderr) = metrics(&f, &["tiktok.csv"], None);
    assert_eq!(code, 0, "{stderr}");
    // Followers and active followers are levels: the latest row's value (hour 1), not
    // 80,010 and 791. The hour and the page id are never summed.
    assert_eq!(rows, json!([{"followers": 40010, "active_followers": 300}]));
}

#[test]
fn a_file_with_nothing_to_sum_says_so_and_prints_no_empty_table() {
    let f = Fixture::new();
    f.file(
        "Totals.csv",
        "Date,Stayed to watch (%)\n2026-04-04,0\n2026-04-05,12.5\n",
    );
    let run = kpi_in(
        f.path(),
        &["metrics", "Totals.csv", "--format", "csv"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "note: no column holds numbers to sum: the columns are dates, labels, ids, rates or averages\n\
         note: Totals.csv: not summed: `Stayed to watch (%)` (rate) — `kpi metrics --kinds` says why\n"
    );
}

#[test]
fn a_first_row_of_titles_is_data_and_a_lone_bad_cell_is_an_error() {
    let f = Fixture::new();
    // Titles and dates under the header are data, not column descriptions.
    f.file(
        "chart.csv",
        "Date,Video title,Video publish time,Views\n\
         2026-04-04,Is PHP the new JavaScript?,\"Sep 27, 2025\",\n\
         2026-04-05,Is PHP the new JavaScript?,\"Sep 27, 2025\",12\n",
    );
    let (code, rows, stderr) = metrics(&f, &["chart.csv"], None);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(rows, json!([{"views": 12}]));
    assert!(!stderr.contains("not counted"), "{stderr}");
    f.file("bad.csv", "date,clicks\n2026-01-01,12x\n2026-01-02,5\n");
    let (code, _, stderr) = metrics(&f, &["bad.csv"], None);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: bad.csv:2: column 2 (`clicks`): `12x` is not a number\n"
    );
}
