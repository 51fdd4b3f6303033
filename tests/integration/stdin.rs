//! Standard input is read on two workers in batches of records: whatever the batching,
//! the numbers, the notes and the first error must be the ones a file gives.

use crate::{Fixture, kpi_in};

/// `rows` data rows over a few creators and weeks; row `i` (1-based) has clicks `i`.
/// Every column is known from the header, so the workers take over from the first row.
fn export(rows: usize, row: impl Fn(usize) -> String) -> String {
    let mut text = String::from("date,creator,platform,clicks,spend\n");
    for i in 1..=rows {
        text.push_str(&row(i));
        text.push('\n');
    }
    text
}

fn plain(i: usize) -> String {
    format!(
        "2026-03-{:02},@c{},tiktok,{i},{}.{:02}",
        1 + i % 28,
        i % 7,
        i % 50,
        i % 100
    )
}

/// `kpi metrics` on the export as a file and from stdin: both outputs, which must agree.
fn both(text: &str, extra: &[&str]) -> (crate::Run, crate::Run) {
    let fx = Fixture::new();
    let path = fx.file("export.csv", text);
    let path = path.to_str().expect("utf-8 path");
    let mut file_args = vec!["metrics", path];
    file_args.extend_from_slice(extra);
    let mut stdin_args = vec!["metrics", "-"];
    stdin_args.extend_from_slice(extra);
    let file = kpi_in(fx.path(), &file_args, None);
    let stdin = kpi_in(fx.path(), &stdin_args, Some(text));
    (file, stdin)
}

/// Both runs succeed with the same output: the stdin run, for its notes.
fn agree(text: &str, extra: &[&str]) -> crate::Run {
    let (file, stdin) = both(text, extra);
    assert_eq!(
        (file.code, stdin.code),
        (0, 0),
        "{}{}",
        file.stderr,
        stdin.stderr
    );
    assert_eq!(stdin.stdout, file.stdout);
    stdin
}

#[test]
fn many_batches_sum_exactly_like_a_file() {
    // 20,000 rows: clicks sum to 20000·20001/2 = 200,010,000.
    let text = export(20_000, plain);
    agree(&text, &["--by", "creator,week", "--format", "csv"]);
    let (_, total) = both(&text, &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&total.stdout).expect("json");
    let clicks = &json[0]["clicks"];
    assert_eq!(clicks.as_f64(), Some(200_010_000.0), "{}", total.stdout);
}

#[test]
fn a_quoted_line_break_and_crlf_across_batches() {
    // Creators with a quoted line break on every 97th row, CRLF endings throughout.
    let text = export(5_000, |i| {
        if i % 97 == 0 {
            format!("2026-03-01,\"@two\r\nlines\",tiktok,{i},1.00")
        } else {
            plain(i)
        }
    })
    .replace('\n', "\r\n")
    .replace("\r\r\n", "\r\n");
    agree(&text, &["--by", "creator", "--format", "csv"]);
}

#[test]
fn the_first_bad_row_is_reported_whichever_worker_meets_it() {
    // Bad cells at rows 2,000 and 2,100 of 9,000: after the first row, batches of 512
    // rows go to the two workers in turn, so each worker meets one. The earlier (line
    // 2,001) is the error, whichever worker gets there first.
    let text = export(9_000, |i| match i {
        2_000 => "2026-03-01,@c1,tiktok,12x,1.00".to_owned(),
        2_100 => "2026-03-01,@c1,tiktok,oops,1.00".to_owned(),
        _ => plain(i),
    });
    let (file, stdin) = both(&text, &["--format", "csv"]);
    assert_eq!((file.code, stdin.code), (2, 2));
    assert_eq!(
        stdin.stderr,
        "error: <stdin>:2001: column 4 (`clicks`): `12x` is not a number\n"
    );
    assert_eq!(
        file.stderr.replace(&*file_label(&file.stderr), "<stdin>"),
        stdin.stderr
    );
}

/// The path part of a `error: PATH:LINE: …` message.
fn file_label(stderr: &str) -> String {
    let rest = stderr.trim_start_matches("error: ");
    rest[..rest.find(".csv").map_or(0, |i| i + 4)].to_owned()
}

#[test]
fn skipped_rows_are_the_first_ones_in_line_order() {
    // Seven bad rows spread over many batches: the note names the first five by line.
    let bad = [700, 1_500, 2_300, 4_100, 4_900, 6_000, 8_800];
    let text = export(9_000, |i| {
        if bad.contains(&i) {
            format!("2026-03-01,@c1,tiktok,n{i},1.00")
        } else {
            plain(i)
        }
    });
    let stdin = agree(&text, &["--skip-bad-rows", "--format", "csv"]);
    let lines: Vec<String> = bad[..5]
        .iter()
        .map(|i| format!("<stdin>:{}:", i + 1))
        .collect();
    let mut at = 0;
    for line in &lines {
        let found = stdin.stderr[at..].find(line.as_str());
        assert!(
            found.is_some(),
            "{line} missing or out of order in {}",
            stdin.stderr
        );
        at += found.unwrap_or(0);
    }
    assert!(stdin.stderr.contains("7 rows skipped"), "{}", stdin.stderr);
    assert!(!stdin.stderr.contains(":6001:"), "{}", stdin.stderr);
}

#[test]
fn a_column_decided_late_is_decided_once() {
    // `bonus` is empty for 3,000 rows, then numeric: a metric, summed like from a file.
    let mut text = String::from("date,creator,clicks,bonus\n");
    for i in 1..=6_000 {
        let bonus = if i > 3_000 { "2" } else { "" };
        text.push_str(&format!("2026-03-02,@a,{i},{bonus}\n"));
    }
    let stdin = agree(&text, &["--format", "csv"]);
    assert!(
        stdin.stdout.contains(",6000"),
        "bonus = 3000 × 2: {}",
        stdin.stdout
    );
}

#[test]
fn a_total_row_at_the_end_is_checked_against_every_row() {
    // Rows sum to 200,010,000 clicks; the export's Total row claims 5.
    let text = format!("{}Total,,,5,\n", export(20_000, plain));
    let stdin = agree(&text, &["--format", "csv"]);
    assert!(
        stdin.stderr.contains(
            "<stdin>:20002: the export's Total row says clicks = 5 but its rows add up to 200010000"
        ),
        "{}",
        stdin.stderr
    );
}

#[test]
fn a_creator_is_shown_as_the_input_first_spells_it() {
    // `@Alice` on row 100 (summed by the helper thread), `ALICE` on row 1,100 (summed by
    // the reading thread, which merges first): the first spelling by line is shown.
    let text = export(2_000, |i| match i {
        100 => "2026-03-01,@Alice,tiktok,1,1.00".to_owned(),
        1_100 => "2026-03-01,ALICE,tiktok,1,1.00".to_owned(),
        _ => plain(i),
    });
    let stdin = agree(&text, &["--by", "creator", "--format", "csv"]);
    assert!(stdin.stdout.contains("\n@Alice,2,"), "{}", stdin.stdout);
    assert!(!stdin.stdout.contains("ALICE"), "{}", stdin.stdout);
}
