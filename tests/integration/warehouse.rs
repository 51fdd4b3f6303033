//! `kpi sql`: the query for each dialect (golden files), its refusals, and the proof
//! that matters: the same rows scored from a CSV export and summed by a real engine
//! from the generated SQL give the same scorecard, KPI by KPI, to the cent.
//!
//! The engines run here when they are installed: DuckDB through its Python package
//! (`KPI_PYTHON`, else `python3`, with `import duckdb`). Under `KPI_REQUIRE_ENGINES=1`
//! (what `.ci/run` sets) an absent engine fails the test instead of skipping it.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use super::{Fixture, kpi, kpi_in};

const FIXTURE: &str = "tests/fixtures/warehouse/campaign.yaml";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A deterministic event table: `rows` rows over March to May (the period is April),
/// five spellings of three listed creators and one unlisted, two campaigns by id and
/// name and one other, timestamps, cents, blanks.
fn events(rows: usize) -> String {
    let mut out = String::from(
        "event_ts,handle,channel,content_type,utm_campaign,cost_usd,link_clicks,impressions,order_value,signups,trial_starts,promo_code,conversions\n",
    );
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = |n: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % n
    };
    let handles = ["@ana", "ana", "@Ben", "@cy", "@dee"];
    let campaigns = ["wh-2026", "Warehouse test", "other-1"];
    for _ in 0..rows {
        let day = 1 + next(91); // day of 2026 from March 1 (60) .. May 30
        let date = chrono::NaiveDate::from_yo_opt(2026, 59 + day as u32).expect("day");
        let trial = if next(4) == 0 {
            String::new()
        } else {
            next(5).to_string()
        };
        let handle = handles[next(5) as usize];
        let code = match (handle, next(3)) {
            ("@ana" | "ana", 0) => "ANA10",
            ("@ana" | "ana", 1) => " ana10",
            (_, 0) => "OTHER5",
            _ => "",
        };
        out.push_str(&format!(
            "{date} {:02}:{:02}:00,{handle},{},{},{},{}.{:02},{},{},{}.{:02},{},{},{code},{}\n",
            next(24),
            next(60),
            ["instagram", "tiktok"][next(2) as usize],
            ["reel", "post"][next(2) as usize],
            campaigns[next(3) as usize],
            next(40),
            next(100),
            next(60),
            1000 + next(9000),
            next(200),
            next(100),
            next(8),
            trial,
            next(3)
        ));
    }
    out
}

/// The KPIs of a scorecard as JSON, for comparing two ways of reading the same rows.
fn kpis(card: &Value) -> Value {
    card["kpis"].clone()
}

fn score(dir: &Path, campaign: &Path, extra: &[&str]) -> Value {
    let mut args = vec![
        "score",
        campaign.to_str().expect("path"),
        "--as-of",
        "2026-04-20",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let run = kpi_in(dir, &args, None);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("JSON")
}

/// The fixture with its exports read from the engine's result instead of the raw rows.
fn result_campaign(dir: &Fixture) -> PathBuf {
    let text = std::fs::read_to_string(root().join(FIXTURE)).expect("fixture");
    let (head, tail) = text.split_once("metrics:\n").expect("a metrics section");
    let (_, rest) = tail
        .split_once("creators:\n")
        .expect("creators after metrics");
    let text = format!("{head}creators:\n{rest}").replace(
        "  table: main.events\n",
        "  table: main.events\n  result: result.csv\n",
    );
    dir.file("scored.yaml", &text)
}

/// Skips (or, under `KPI_REQUIRE_ENGINES=1`, fails) a test whose engine is absent.
fn absent(why: &str) {
    if std::env::var("KPI_REQUIRE_ENGINES").is_ok_and(|v| v == "1") {
        panic!("KPI_REQUIRE_ENGINES=1 and {why}");
    }
    eprintln!("skipped: {why}");
}

/// A Python that can `import module`, or `None` after saying why the test skips.
fn python_with(module: &str) -> Option<String> {
    let python = std::env::var("KPI_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let found = Command::new(&python)
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some(python);
    }
    absent(&format!(
        "no {module} (`{python} -c 'import {module}'` failed; pip install {module}, or set KPI_PYTHON)"
    ));
    None
}

/// Writes 1,000,000 generated events and the fixture, has `engine` sum them with the
/// query `kpi sql` writes for `dialect` (it gets the folder and writes `result.csv`
/// there), and checks that the result scores as the raw rows do, KPI by KPI.
fn round_trip(dialect: &str, engine: impl FnOnce(&Path)) {
    let dir = Fixture::new();
    dir.file(
        "campaign.yaml",
        &std::fs::read_to_string(root().join(FIXTURE)).expect("fixture"),
    );
    dir.file("events.csv", &events(1_000_000));
    let raw = score(dir.path(), &dir.path().join("campaign.yaml"), &[]);
    let sql = kpi_in(
        dir.path(),
        &[
            "sql",
            "campaign.yaml",
            "--dialect",
            dialect,
            "--as-of",
            "2026-04-20",
        ],
        None,
    );
    assert_eq!(sql.code, 0, "{}", sql.stderr);
    dir.file("query.sql", &sql.stdout);
    let started = std::time::Instant::now();
    engine(dir.path());
    eprintln!(
        "{dialect}: loaded and summed 1,000,000 events in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let result = std::fs::read_to_string(dir.path().join("result.csv")).expect("result");
    let header = result.lines().next().expect("a header");
    assert_eq!(
        header.replace('"', "").replace('\t', ","),
        "date,creator,campaign,platform,format,code,clicks,impressions,spend,revenue,signups,trial_starts,conversions",
        "{dialect}"
    );
    // Far fewer rows than the 1,000,000 events: one per day, creator spelling, campaign
    // spelling, platform, format and code (orders with @ana's code from March on).
    let rows = result.lines().count();
    assert!(rows < 10_000, "{dialect}: {rows} rows");
    let summed = score(dir.path(), &result_campaign(&dir), &[]);
    assert_eq!(kpis(&summed), kpis(&raw), "{dialect}");
    // The budget note reads the total spend to the cent: the same from both.
    let spend_note = |card: &Value| -> Vec<String> {
        card["notes"]
            .as_array()
            .expect("notes")
            .iter()
            .filter_map(Value::as_str)
            .filter(|n| n.starts_with("spend "))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(spend_note(&summed).len(), 1);
    assert_eq!(spend_note(&summed), spend_note(&raw), "{dialect}");
    // The same settlement: every line's kind, amount, status and due date (the number of
    // rows a line was decided on differs: the engine grouped them).
    let settle = |campaign: &Path| -> Value {
        let run = kpi_in(
            dir.path(),
            &[
                "settle",
                campaign.to_str().expect("path"),
                "--as-of",
                "2026-04-20",
                "--format",
                "json",
            ],
            None,
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let all: Value = serde_json::from_str(&run.stdout).expect("JSON");
        let lines: Vec<Value> = all["creators"]
            .as_array()
            .expect("creators")
            .iter()
            .flat_map(|c| c["lines"].as_array().expect("lines").clone())
            .map(|l| serde_json::json!([l["kind"], l["amount"], l["status"], l["due_on"]]))
            .collect();
        serde_json::json!({"lines": lines, "total": all["total"]})
    };
    let raw_pay = settle(&dir.path().join("campaign.yaml"));
    assert!(
        raw_pay["lines"].as_array().is_some_and(|l| l.len() >= 2),
        "{raw_pay}"
    );
    assert_eq!(settle(&result_campaign(&dir)), raw_pay, "{dialect}");
}

/// Runs `program args` in `dir`; its failure fails the test with what it said.
fn run_in(dir: &Path, program: &str, args: &[&str]) {
    let out = Command::new(program)
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn duckdb_sums_score_as_the_raw_rows_do() {
    let Some(python) = python_with("duckdb") else {
        return;
    };
    round_trip("duckdb", |dir| {
        run_in(
            dir,
            &python,
            &[
                "-c",
                "import duckdb; c = duckdb.connect(); \
             c.execute(\"CREATE TABLE events AS SELECT * FROM read_csv('events.csv', header = true)\"); \
             c.sql(open('query.sql').read()).write_csv('result.csv')",
            ],
        );
    });
}

#[test]
fn clickhouse_sums_score_as_the_raw_rows_do() {
    let Some(python) = python_with("chdb") else {
        return;
    };
    round_trip("clickhouse", |dir| {
        run_in(
            dir,
            &python,
            &[
                "-c",
                "import os; from chdb import session; s = session.Session(); \
             s.query('CREATE DATABASE IF NOT EXISTS main'); \
             s.query(\"CREATE TABLE main.events ENGINE = Memory AS SELECT * FROM file('\" + os.path.abspath('events.csv') + \"', CSVWithNames)\"); \
             open('result.csv', 'wb').write(s.query(open('query.sql').read(), 'CSVWithNames').bytes())",
            ],
        );
    });
}

/// The Spark table over the events (an external CSV table in the local metastore;
/// `EVENTS` stands for the file's absolute path).
const SPARK_TABLE: &str = "CREATE DATABASE IF NOT EXISTS main;
CREATE TABLE main.events (event_ts TIMESTAMP, handle STRING, channel STRING,
  content_type STRING, utm_campaign STRING, cost_usd DOUBLE, link_clicks INT,
  impressions INT, order_value DOUBLE, signups INT, trial_starts INT, promo_code STRING, conversions INT)
  USING csv OPTIONS (path 'EVENTS', header 'true');
";

/// Spark SQL in local mode, run as the README's recipe says: `spark-sql` (from the
/// pyspark package) with the query in a file, its tab-separated result read as is.
#[test]
fn spark_sums_score_as_the_raw_rows_do() {
    let Some(python) = python_with("pyspark") else {
        return;
    };
    let home = Command::new(&python)
        .args([
            "-c",
            "import os, pyspark; print(os.path.dirname(pyspark.__file__))",
        ])
        .output()
        .expect("pyspark's folder");
    let home = String::from_utf8_lossy(&home.stdout).trim().to_owned();
    let spark_sql = format!("{home}/bin/spark-sql");
    round_trip("spark", |dir| {
        let events = dir.join("events.csv");
        let table = SPARK_TABLE.replace("EVENTS", events.to_str().expect("path"));
        std::fs::write(dir.join("table.sql"), table).expect("table");
        let spark = |args: &[&str]| {
            let out = Command::new(&spark_sql)
                .current_dir(dir)
                .env("SPARK_HOME", &home)
                .args(["--master", "local[2]", "--conf", "spark.ui.enabled=false"])
                .args(args)
                .output()
                .expect("spark-sql");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            out.stdout
        };
        spark(&["-S", "-f", "table.sql"]);
        // The recipe: kpi sql … > q.sql && spark-sql -S --hiveconf
        // hive.cli.print.header=true -f q.sql > result.tsv
        let result = spark(&[
            "-S",
            "--hiveconf",
            "hive.cli.print.header=true",
            "-f",
            "query.sql",
        ]);
        std::fs::write(dir.join("result.csv"), result).expect("result");
    });
}

/// A PostgreSQL server `psql` reaches (`KPI_POSTGRES` names the database to connect
/// to, `postgres` by default), or `None` after saying why the test skips.
fn postgres() -> Option<String> {
    let database = std::env::var("KPI_POSTGRES").unwrap_or_else(|_| "postgres".to_owned());
    let reached = Command::new("psql")
        .args(["-d", &database, "-Atc", "select 1"])
        .output()
        .is_ok_and(|o| o.status.success());
    if reached {
        return Some(database);
    }
    absent(&format!(
        "no PostgreSQL server (`psql -d {database} -c 'select 1'` failed; .ci/run starts one, or set KPI_POSTGRES)"
    ));
    None
}

#[test]
fn postgres_sums_score_as_the_raw_rows_do() {
    let Some(database) = postgres() else {
        return;
    };
    let test_db = format!("kpi_test_{}", std::process::id());
    round_trip("postgres", |dir| {
        run_in(
            dir,
            "psql",
            &[
                "-d",
                &database,
                "-qc",
                &format!("CREATE DATABASE {test_db}"),
            ],
        );
        let load = "CREATE SCHEMA main; CREATE TABLE main.events (event_ts timestamp, handle text, channel text, content_type text, utm_campaign text, cost_usd numeric, link_clicks integer, impressions integer, order_value numeric, signups integer, trial_starts integer, promo_code text, conversions integer);";
        run_in(dir, "psql", &["-d", &test_db, "-qc", load]);
        run_in(
            dir,
            "psql",
            &[
                "-d",
                &test_db,
                "-qc",
                "\\copy main.events FROM 'events.csv' WITH (FORMAT csv, HEADER true)",
            ],
        );
        let out = Command::new("psql")
            .current_dir(dir)
            .args(["-d", &test_db, "--csv", "-f", "query.sql"])
            .output()
            .expect("psql");
        let _ = Command::new("psql")
            .args(["-d", &database, "-qc", &format!("DROP DATABASE {test_db}")])
            .output();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::write(dir.join("result.csv"), out.stdout).expect("result");
    });
}

const DIALECTS: [&str; 6] = [
    "duckdb",
    "postgres",
    "clickhouse",
    "spark",
    "bigquery",
    "snowflake",
];

const SAMPLES: [(&str, &str); 2] = [
    ("spring-glow", "2026-05-15"),
    ("trailhead-fall", "2026-10-20"),
];

/// The query `kpi sql` writes for a bundled campaign.
fn sample_sql(campaign: &str, as_of: &str, dialect: &str) -> String {
    let file = format!("campaigns/{campaign}.yaml");
    let run = kpi(&["sql", &file, "--dialect", dialect, "--as-of", as_of]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    run.stdout
}

/// Golden SQL per dialect for both bundled campaigns (reviewed: quoting, exact sums,
/// dates compared as dates, the filter, the comments naming who needs each column).
#[test]
fn golden_sql_for_the_bundled_campaigns() {
    for (campaign, as_of) in SAMPLES {
        for dialect in DIALECTS {
            insta::assert_snapshot!(
                format!("sql-{campaign}-{dialect}"),
                sample_sql(campaign, as_of, dialect)
            );
        }
    }
}

/// Every dialect's query parses as that dialect in sqlglot (BigQuery and Snowflake
/// cannot run here).
#[test]
fn every_dialect_parses_in_sqlglot() {
    let python = std::env::var("KPI_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let found = Command::new(&python)
        .args(["-c", "import sqlglot"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        let why = "no sqlglot (pip install sqlglot, or set KPI_PYTHON)";
        if std::env::var("KPI_REQUIRE_ENGINES").is_ok_and(|v| v == "1") {
            panic!("KPI_REQUIRE_ENGINES=1 and {why}");
        }
        eprintln!("skipped: {why}");
        return;
    }
    let dir = Fixture::new();
    for (campaign, as_of) in SAMPLES {
        for dialect in DIALECTS {
            let file = dir.file(
                &format!("{campaign}-{dialect}.sql"),
                &sample_sql(campaign, as_of, dialect),
            );
            let run = Command::new(&python)
                .args([
                    "-c",
                    "import sys, sqlglot; e = sqlglot.parse(open(sys.argv[1]).read(), read=sys.argv[2], error_level=sqlglot.ErrorLevel.RAISE); assert len(e) == 1 and e[0].key == 'select', e",
                    file.to_str().expect("path"),
                    dialect,
                ])
                .output()
                .expect("python");
            assert!(
                run.status.success(),
                "{campaign} {dialect}: {}",
                String::from_utf8_lossy(&run.stderr)
            );
        }
    }
}

/// Runs `kpi sql c.yaml --dialect duckdb` on a campaign whose warehouse section is
/// `warehouse`, and returns the exit code and stderr.
fn refused(warehouse: &str) -> (i32, String) {
    let dir = Fixture::new();
    dir.file(
        "c.yaml",
        &format!(
            "campaign: {{ id: c, period: {{ start: 2026-04-01, end: 2026-04-30 }} }}\nkpis:\n  - {{ id: cpc, formula: spend / clicks, unit: currency, better: lower }}\n{warehouse}"
        ),
    );
    let run = kpi_in(
        dir.path(),
        &[
            "sql",
            "c.yaml",
            "--dialect",
            "duckdb",
            "--as-of",
            "2026-04-30",
        ],
        None,
    );
    assert_eq!(run.stdout, "");
    (run.code, run.stderr)
}

#[test]
fn bad_warehouse_sections_are_located_errors() {
    assert_eq!(
        refused("warehouse:\n  table: t\n  columns: { spnd: cost }\n"),
        (
            2,
            "error: c.yaml:6:14: `spnd` in `warehouse.columns` is neither a dimension, a canonical counter nor a metric a KPI reads; did you mean `spend`? keys are kpi's names, values the table's columns\n  |\n6 |   columns: { spnd: cost }\n  |              ^\n"
                .to_owned()
        )
    );
    assert_eq!(
        refused("warehouse:\n  table: t\n  where: \"market = 'US'; drop table t\"\n"),
        (
            2,
            "error: c.yaml:6:10: `warehouse.where` is not a filter kpi can write: a filter is one condition; `;` has no place in it (at character 14 of `market = 'US'; drop table t`)\n  |\n6 |   where: \"market = 'US'; drop table t\"\n  |          ^\n"
                .to_owned()
        )
    );
    assert_eq!(
        refused("warehouse:\n  table: a.b.c.d\n"),
        (
            2,
            "error: c.yaml:5:10: `a.b.c.d` is not a table name; write `table`, `schema.table` or `project.schema.table`, each part letters, digits, `_`, `-` or `$` (and no schema named after a file format)\n  |\n5 |   table: a.b.c.d\n  |          ^\n"
                .to_owned()
        )
    );
    // Spark would read the file `/etc/passwd` for this "table".
    let (code, stderr) = refused("warehouse:\n  table: csv./etc/passwd\n");
    assert_eq!(code, 2);
    assert!(
        stderr.contains("`csv./etc/passwd` is not a table name"),
        "{stderr}"
    );
    let (code, stderr) = refused("warehouse:\n  table: csv.events\n");
    assert_eq!(code, 2, "{stderr}");
    // A name that would end the engine's quotes is refused, not escaped.
    assert_eq!(
        refused("warehouse:\n  table: t\n  columns: { spend: \"cost`) x\" }\n"),
        (
            2,
            "error: c.yaml:6:21: `warehouse.columns.spend` must name a column of the table, without quotes, backslashes or control characters\n  |\n6 |   columns: { spend: \"cost`) x\" }\n  |                     ^\n"
                .to_owned()
        )
    );
    let (code, stderr) = refused("");
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: c.yaml:1:1: the campaign has no `warehouse:` section"),
        "{stderr}"
    );
    let run = kpi(&["sql", "campaigns/spring-glow.yaml", "--dialect", "duckbd"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("invalid value 'duckbd' for '--dialect <DIALECT>'"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("a similar value exists: 'duckdb'"),
        "{}",
        run.stderr
    );
}
