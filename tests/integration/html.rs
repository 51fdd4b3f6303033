//! `--format html`: the page's bytes (self-contained, deterministic, escaped) and the
//! page as a real headless Chromium renders it (the verdict, one chart per KPI, the
//! band of each, no console message, no request but the page itself, no overflow at
//! 390 px, and screenshots against reference images).

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::chromium::{self, Browser};
use super::{Fixture, kpi, kpi_in, score_json};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `kpi ARGS --format html -o DIR/NAME` and returns the page's path and text.
fn page(dir: &Path, name: &str, args: &[&str]) -> (PathBuf, String) {
    let out = dir.join(name);
    let mut all: Vec<&str> = args.to_vec();
    let out_text = out.to_str().expect("a UTF-8 path").to_owned();
    all.extend_from_slice(&["--format", "html", "-o", &out_text]);
    let run = kpi_in(root(), &all, None);
    assert!(run.code == 0 || run.code == 1, "{all:?}: {}", run.stderr);
    assert_eq!(run.stdout, "", "-o leaves stdout empty");
    let text = std::fs::read_to_string(&out).expect("the page");
    (out, text)
}

const SPRING: &[&str] = &[
    "score",
    "campaigns/spring-glow.yaml",
    "--as-of",
    "2026-05-15",
];
const TRAILHEAD: &[&str] = &[
    "score",
    "campaigns/trailhead-fall.yaml",
    "--as-of",
    "2026-10-20",
];

/// The markup every page must not hold: anything that loads, runs or leaves the page.
const ACTIVE: &[&str] = &[
    "<script",
    "<img",
    "<iframe",
    "<object",
    "<embed",
    "<link",
    "<base",
    "<form",
    "<use",
    "<foreignObject",
    " src=\"",
    " href=\"http",
    "onerror=\"",
    "onload=\"",
];

#[test]
fn the_page_is_self_contained_and_the_same_every_run() {
    let dir = Fixture::new();
    let (_, first) = page(dir.path(), "a.html", SPRING);
    let (_, second) = page(dir.path(), "b.html", SPRING);
    assert_eq!(first, second, "the same input gives the same bytes");
    assert!(first.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n"));
    let csp = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        kpi::report::html::csp().replace('\'', "&#39;")
    );
    assert!(first.contains(&csp), "the policy is in the page");
    assert!(kpi::report::html::csp().starts_with("default-src 'none'; style-src 'sha256-"));
    for active in ACTIVE {
        assert!(!first.contains(active), "{active} in the page");
    }
    // Links go to the page's own sections only.
    for link in first.split(" href=\"").skip(1) {
        assert!(
            link.starts_with("#kpi-"),
            "a link out: {}",
            &link[..40.min(link.len())]
        );
    }
    assert!(
        !first.contains("http-equiv=\"refresh\""),
        "no reload without --watch"
    );
    // stdout gets the same page when there is no -o.
    let run = kpi(&[SPRING, &["--format", "html"]].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, first);
}

#[test]
fn every_kpi_has_its_section_chart_and_band() {
    let dir = Fixture::new();
    let (_, html) = page(dir.path(), "r.html", SPRING);
    let card = score_json(root(), &SPRING[1..]);
    let kpis = card["kpis"].as_array().expect("kpis");
    assert_eq!(html.matches("<section class=\"kpi\"").count(), kpis.len());
    assert_eq!(
        html.matches("<svg class=\"chart bullet\"").count(),
        kpis.len()
    );
    for k in kpis {
        let section = format!(
            "data-kpi=\"{}\" data-band=\"{}\"",
            k["id"].as_str().expect("id"),
            k["band"].as_str().expect("band")
        );
        assert!(html.contains(&section), "{section}");
    }
    // CTR escalated (3 weeks worse in a row): its three weeks are marked on its trend.
    let ctr = html
        .split("<section class=\"kpi\"")
        .find(|s| s.contains("data-kpi=\"ctr\""))
        .expect("the ctr section");
    assert_eq!(ctr.matches("<text class=\"worse\"").count(), 3);
    assert!(ctr.contains("▼ escalated: 3 weeks worse in a row"));
    // Signups is paced: a plan, a running total and a dashed projection.
    let signups = html
        .split("<section class=\"kpi\"")
        .find(|s| s.contains("data-kpi=\"signups\""))
        .expect("the signups section");
    assert!(signups.contains("<svg class=\"chart pacing\""));
    assert!(signups.contains("<line class=\"projection\""));
    assert!(signups.contains("target 4,000"));
}

/// A campaign whose every text is markup, in the name, brand, handles, KPI names,
/// actions and an export's creator cells.
fn hostile(dir: &Fixture) -> PathBuf {
    dir.file(
        "exports/a.csv",
        "date,creator,platform,impressions,clicks,spend\n\
         2026-01-05,\"@x</svg><script>alert(1)</script>\",instagram,1000,10,5.00\n\
         2026-01-05,@ok,instagram,1000,30,5.00\n\
         2026-01-06,\"<img src=x onerror=alert(2)>\",tiktok,10,1,1.00\n\
         2026-01-06,@שלום,tiktok,1000,10,1.00\n",
    );
    dir.file(
        "c.yaml",
        r##"campaign:
  id: "x\"><script>alert(3)</script>"
  name: "</title><script>alert(4)</script>"
  brand: "<style>body{display:none}</style>"
  objective: conversions
  period: { start: 2026-01-01, end: 2026-01-31 }
  currency: USD
metrics:
  - path: exports/a.csv
creators:
  - handle: "@x</svg><script>alert(1)</script>"
  - handle: "@שלום"
  - handle: "@ok"
    contract:
      offered_on: 2026-01-01
      signed_on: 2026-01-02
      compensation:
        flat_fee: 100
        bonus: [{ when: "clicks >= 10", pay: 50 }]
    deliverables:
      - id: "d1</td><script>alert(6)</script>"
        format: reel
        due: 2026-01-10
        delivered_on: 2026-01-09
        caption: "#ad </p><script>alert(7)</script><svg onload=alert(8)>"
kpis:
  - id: ctr
    name: "</svg><img src=x onerror=alert(5)>"
    formula: clicks / impressions
    unit: percent
    tier: gate
    bands: { green: 0.02, yellow: 0.015 }
    actions: { red: "<a href='https://evil.example'>click</a>" }
"##,
    )
}

/// Runs `kpi COMMAND TARGET --as-of 2026-01-31 --format html` in `dir`: the page, which
/// holds none of the markup that loads, runs or leaves a page.
fn inert_page(dir: &Fixture, command: &str, target: &str) -> String {
    let run = kpi_in(
        dir.path(),
        &[command, target, "--as-of", "2026-01-31", "--format", "html"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for active in ACTIVE {
        assert!(!run.stdout.contains(active), "{command} {target}: {active}");
    }
    run.stdout
}

#[test]
fn text_from_files_is_text_in_the_page() {
    let dir = Fixture::new();
    let campaign = hostile(&dir);
    let campaign = campaign.to_str().expect("path");
    let html = inert_page(&dir, "score", campaign);
    assert!(!html.contains("<style>body"), "a <style> from the file");
    assert_eq!(html.matches("<style>").count(), 1, "one style sheet, ours");
    assert_eq!(html.matches("</svg>").count(), html.matches("<svg").count());
    assert!(html.contains("&#60;/title&#62;&#60;script&#62;alert(4)&#60;/script&#62;"));
    assert!(html.contains("@x&#60;/svg&#62;&#60;script&#62;alert(1)&#60;/script&#62;"));
    assert!(html.contains("&#60;a href=&#39;https://evil.example&#39;&#62;click&#60;/a&#62;"));
    // The portfolio and settle pages escape the same way.
    let portfolio = inert_page(&dir, "score", ".");
    assert!(portfolio.contains("&#60;/title&#62;&#60;script&#62;"));
    let settle = inert_page(&dir, "settle", campaign);
    assert!(
        settle.contains("d1&#60;/td&#62;&#60;script&#62;alert(6)&#60;/script&#62;"),
        "the deliverable's id is text in its fee line"
    );
}

#[test]
fn settle_writes_a_page_of_statements() {
    let dir = Fixture::new();
    let (_, html) = page(
        dir.path(),
        "s.html",
        &[
            "settle",
            "campaigns/spring-glow.yaml",
            "--as-of",
            "2026-07-31",
        ],
    );
    let json = kpi(&[
        "settle",
        "campaigns/spring-glow.yaml",
        "--as-of",
        "2026-07-31",
        "--format",
        "json",
    ]);
    let settlement: Value = serde_json::from_str(&json.stdout).expect("JSON");
    let creators = settlement["creators"].as_array().expect("creators");
    assert_eq!(
        html.matches("<section class=\"panel statement\"").count(),
        creators.len()
    );
    let payable = settlement["total"]["payable"].as_str().expect("payable");
    assert!(html.contains(&format!("<h2>Payable now: {payable} USD</h2>")));
    for active in ACTIVE {
        assert!(!html.contains(active), "{active}");
    }
}

/// The run the watch test watches, and then runs once without watching.
const WATCHED: [&str; 6] = [
    "score",
    "c.yaml",
    "--as-of",
    "2026-05-15",
    "--format",
    "html",
];

#[test]
fn watch_rewrites_the_page_when_the_campaign_changes() {
    let dir = Fixture::new();
    std::fs::copy(
        root().join("campaigns/spring-glow.yaml"),
        dir.path().join("c.yaml"),
    )
    .expect("copy");
    let exports = root().join("campaigns/spring-glow/exports");
    std::fs::create_dir_all(dir.path().join("spring-glow/exports")).expect("folder");
    for entry in std::fs::read_dir(&exports).expect("exports") {
        let name = entry.expect("entry").file_name();
        std::fs::copy(
            exports.join(&name),
            dir.path().join("spring-glow/exports").join(&name),
        )
        .expect("copy");
    }
    // One export is missing at the start: the run fails, and the export is watched
    // until it appears.
    let tiktok = dir.path().join("spring-glow/exports/tiktok-videos.csv");
    std::fs::rename(&tiktok, dir.path().join("aside.csv")).expect("move aside");
    let out = dir.path().join("r.html");
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_kpi"))
        .current_dir(dir.path())
        .args(WATCHED)
        .args(["-o", "r.html", "--watch"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("kpi --watch");
    let read_when = |what: &str, test: &dyn Fn(&str) -> bool| -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            if let Ok(text) = std::fs::read_to_string(&out)
                && test(&text)
            {
                return text;
            }
            assert!(std::time::Instant::now() < deadline, "{what} within 30 s");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    };
    std::thread::sleep(std::time::Duration::from_millis(600));
    assert!(!out.exists(), "no page while an export is missing");
    std::fs::rename(dir.path().join("aside.csv"), &tiktok).expect("move back");
    let first = read_when("the first page", &|t| t.contains("</html>"));
    assert!(first.contains("<meta http-equiv=\"refresh\" content=\"3\">"));
    assert!(first.contains("Spring Glow Serum launch"));
    let campaign = std::fs::read_to_string(dir.path().join("c.yaml")).expect("campaign");
    std::fs::write(
        dir.path().join("c.yaml"),
        campaign.replace("Spring Glow Serum launch", "Spring Glow, renamed"),
    )
    .expect("edit");
    read_when("the page after the edit", &|t| {
        t.contains("Spring Glow, renamed")
    });
    // A broken edit keeps the last page and says why; fixing it writes again.
    std::fs::write(dir.path().join("c.yaml"), "campaign: [").expect("break");
    std::thread::sleep(std::time::Duration::from_millis(800));
    assert!(
        std::fs::read_to_string(&out)
            .expect("page")
            .contains("Spring Glow, renamed")
    );
    std::fs::write(
        dir.path().join("c.yaml"),
        campaign.replace("Spring Glow Serum launch", "Spring Glow, fixed"),
    )
    .expect("fix");
    let watched = read_when("the page after the fix", &|t| {
        t.contains("Spring Glow, fixed")
    });
    assert!(watched.contains("watches its inputs"));
    // Ctrl-C puts the page back as an ordinary run writes it: no reload, no words
    // about watching.
    let stopped = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill -INT");
    assert!(stopped.success());
    let output = child.wait_with_output().expect("stderr");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("wrote r.html; watching 5 files"),
        "{stderr}"
    );
    assert!(stderr.contains("kept the last r.html"), "{stderr}");
    assert!(
        stderr.contains("r.html not written yet; watching 5 files"),
        "{stderr}"
    );
    let plain = kpi_in(dir.path(), &WATCHED, None);
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    assert_eq!(std::fs::read_to_string(&out).expect("page"), plain.stdout);
    assert_eq!(
        kpi::report::html::without_reload(&watched).as_deref(),
        Some(plain.stdout.as_str())
    );
}

#[test]
fn watch_needs_a_file_and_a_named_export() {
    let run = kpi(&[SPRING, &["--format", "html", "--watch"]].concat());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--output <FILE>"), "{}", run.stderr);
    let run = kpi(&[SPRING, &["--metrics", "-", "-o", "/tmp/x.html", "--watch"]].concat());
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: --watch reads its inputs again after every change, and standard input (`--metrics -`) can be read once; name the export's file\n"
    );
}

// ---------------------------------------------------------------------------------
// In a real browser.

/// Where the reference screenshots are, and the Chromium they were made with.
fn screenshots() -> PathBuf {
    root().join("tests/integration/screenshots")
}

/// Compares `png` with the reference `name`: at most 1% of pixels may differ by more
/// than 16 levels (anti-aliasing differs between machines; layout and the pale band
/// zones may not). The
/// references are made by one Chromium major version; another version is told and the
/// comparison skipped. `KPI_UPDATE_SCREENSHOTS=1` writes new references.
fn compare(browser: &Browser, name: &str, png: &[u8]) {
    let reference = screenshots().join(name);
    let actual = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&actual, png).expect("write the screenshot");
    let version_file = screenshots().join("chromium-version");
    let major = |v: &str| {
        v.split('/')
            .nth(1)
            .and_then(|v| v.split('.').next())
            .map(str::to_owned)
    };
    if std::env::var("KPI_UPDATE_SCREENSHOTS").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(screenshots()).expect("folder");
        std::fs::write(&reference, png).expect("write the reference");
        std::fs::write(&version_file, format!("{}\n", browser.version)).expect("version");
        return;
    }
    let made_with = std::fs::read_to_string(&version_file).expect("the references' version");
    if major(made_with.trim()) != major(&browser.version) {
        eprintln!(
            "skipped the image comparison of {name}: the references were made with {}, this is {} (KPI_UPDATE_SCREENSHOTS=1 remakes them; the DOM checks ran)",
            made_with.trim(),
            browser.version
        );
        return;
    }
    let expected = std::fs::read(&reference).expect("the reference screenshot");
    let share = chromium::difference(&expected, png, 16);
    assert!(
        share <= 0.01,
        "{name}: {:.2}% of pixels differ from the reference (see {})",
        share * 100.0,
        actual.display()
    );
}

/// What a test reads off the rendered page.
const READ: &str = r#"JSON.stringify({
  verdict: document.querySelector('#verdict h2')?.textContent,
  todo: [...document.querySelectorAll('#todo li')].map(li => li.textContent),
  kpis: [...document.querySelectorAll('section.kpi')].map(s => ({
    id: s.dataset.kpi,
    band: s.dataset.band,
    badge: s.querySelector('h3 .badge')?.textContent,
    bullets: s.querySelectorAll('svg.bullet:not(.empty)').length,
    bulletWidth: s.querySelector('svg.bullet:not(.empty)')?.getBoundingClientRect().width,
  })),
  width: document.documentElement.scrollWidth,
  sheets: document.styleSheets.length,
  rules: document.styleSheets[0]?.cssRules.length ?? 0,
  active: document.querySelectorAll('script,img,iframe,object,embed,link,base,form').length,
})"#;

fn read(browser: &mut Browser) -> Value {
    serde_json::from_str(browser.eval(READ).as_str().expect("a string")).expect("JSON")
}

#[test]
fn spring_glow_renders_in_chromium() {
    let Some(binary) = chromium::find() else {
        return;
    };
    let dir = Fixture::new();
    let (file, _) = page(dir.path(), "spring-glow.html", SPRING);
    let card = score_json(root(), &SPRING[1..]);
    let mut browser = Browser::start(&binary);
    for (width, height) in [(1280, 900), (390, 844)] {
        let activity = browser.open(&file, width, height);
        assert_eq!(activity.messages, Vec::<String>::new(), "at {width} px");
        let url = format!("file://{}", file.canonicalize().expect("file").display());
        assert_eq!(
            activity.requests,
            vec![url],
            "only the page itself, at {width} px"
        );
        let seen = read(&mut browser);
        assert_eq!(seen["verdict"], "✓ Spend: APPROVED");
        assert_eq!(
            seen["sheets"], 1,
            "the style sheet applies (its hash matches)"
        );
        assert!(seen["rules"].as_u64().expect("rules") > 50);
        assert_eq!(seen["active"], 0);
        assert!(
            seen["width"].as_u64().expect("width") <= u64::from(width),
            "nothing wider than {width} px: {}",
            seen["width"]
        );
        let kpis = seen["kpis"].as_array().expect("kpis");
        let expected = card["kpis"].as_array().expect("kpis");
        assert_eq!(kpis.len(), expected.len());
        for (shown, k) in kpis.iter().zip(expected) {
            assert_eq!(shown["id"], k["id"]);
            assert_eq!(shown["band"], k["band"], "{}", k["id"]);
            assert_eq!(shown["bullets"], 1, "{}", k["id"]);
            assert!(shown["bulletWidth"].as_f64().expect("width") > 200.0);
            let symbol = match k["band"].as_str().expect("band") {
                "green" => "●",
                "yellow" => "▲",
                "red" => "■",
                _ => "",
            };
            assert_eq!(
                shown["badge"],
                format!("{symbol} {}", k["band"].as_str().expect("band")).trim()
            );
        }
        let todo = seen["todo"].as_array().expect("todo");
        assert_eq!(
            todo.iter()
                .map(|t| t.as_str().expect("text"))
                .collect::<Vec<_>>(),
            // Both yellow: in the file's order, as the terminal lists them.
            vec![
                "▲ yellow Click-through rate: re-brief the call to action (3 weeks worse in a row)",
                "▲ yellow Trial signups: extend paid amplification on the two best-converting reels; add a trial-code story per creator",
            ]
        );
        let png = browser.screenshot();
        compare(&browser, &format!("spring-glow-{width}.png"), &png);
    }
    // Dark when the reader asks for it; light on paper, colours kept.
    let colours = "JSON.stringify([getComputedStyle(document.body).backgroundColor, getComputedStyle(document.querySelector('.zone.green')).fill, getComputedStyle(document.body).printColorAdjust])";
    browser.emulate("screen", "dark");
    assert_eq!(
        browser.eval(colours),
        "[\"rgb(13, 17, 23)\",\"rgb(18, 54, 31)\",\"economy\"]"
    );
    browser.emulate("print", "dark");
    assert_eq!(
        browser.eval(colours),
        "[\"rgb(255, 255, 255)\",\"rgb(210, 244, 220)\",\"exact\"]"
    );
}

#[test]
fn trailhead_portfolio_and_settle_render_in_chromium() {
    let Some(binary) = chromium::find() else {
        return;
    };
    let dir = Fixture::new();
    let mut browser = Browser::start(&binary);

    let (file, _) = page(dir.path(), "trailhead.html", TRAILHEAD);
    let activity = browser.open(&file, 390, 844);
    assert_eq!(activity.messages, Vec::<String>::new());
    assert_eq!(activity.requests.len(), 1);
    let seen = read(&mut browser);
    assert_eq!(seen["verdict"], "✕ Spend: BLOCKED — 2 creators held back");
    assert!(
        seen["width"].as_u64().expect("width") <= 390,
        "{}",
        seen["width"]
    );
    let first = seen["todo"][0].as_str().expect("the first action");
    assert!(
        first.starts_with("■ red Safety Screen Pass Rate:"),
        "{first}"
    );
    let png = browser.screenshot();
    compare(&browser, "trailhead-390.png", &png);

    let (file, _) = page(
        dir.path(),
        "portfolio.html",
        &["score", "campaigns", "--as-of", "2026-10-20"],
    );
    let activity = browser.open(&file, 1280, 900);
    assert_eq!(activity.messages, Vec::<String>::new());
    assert_eq!(activity.requests.len(), 1);
    let rows = browser.eval(
        "JSON.stringify([...document.querySelectorAll('tr.campaign')].map(r => r.querySelector('[data-verdict]')?.dataset.verdict))",
    );
    assert_eq!(rows, "[\"✓ APPROVED\",\"✕ BLOCKED\"]");
    let wide = browser.eval("document.documentElement.scrollWidth");
    assert!(wide.as_u64().expect("width") <= 1280, "{wide}");

    let (file, _) = page(
        dir.path(),
        "settle.html",
        &[
            "settle",
            "campaigns/spring-glow.yaml",
            "--as-of",
            "2026-07-31",
        ],
    );
    for width in [1280, 390] {
        let activity = browser.open(&file, width, 844);
        assert_eq!(activity.messages, Vec::<String>::new());
        assert_eq!(activity.requests.len(), 1);
        let wide = browser.eval("document.documentElement.scrollWidth");
        assert!(
            wide.as_u64().expect("width") <= u64::from(width),
            "settle at {width} px: {wide}"
        );
        let statements = browser.eval("document.querySelectorAll('section.statement').length");
        assert_eq!(statements, 4);
    }
}

#[test]
fn hostile_text_stays_text_in_chromium() {
    let Some(binary) = chromium::find() else {
        return;
    };
    let dir = Fixture::new();
    let campaign = hostile(&dir);
    let out = dir.path().join("h.html");
    let run = kpi_in(
        dir.path(),
        &[
            "score",
            campaign.to_str().expect("path"),
            "--as-of",
            "2026-01-31",
            "--format",
            "html",
            "-o",
            out.to_str().expect("path"),
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut browser = Browser::start(&binary);
    let activity = browser.open(&out, 1280, 900);
    assert_eq!(activity.messages, Vec::<String>::new());
    assert_eq!(activity.requests.len(), 1);
    let seen = read(&mut browser);
    assert_eq!(seen["active"], 0);
    assert_eq!(seen["sheets"], 1);
    assert_eq!(
        browser.eval("document.querySelector('h1').textContent"),
        "</title><script>alert(4)</script> · <style>body{display:none}</style>"
    );
    assert_eq!(
        browser.eval("document.title"),
        "</title><script>alert(4)</script> · <style>body{display:none}</style> — scorecard"
    );
    assert_eq!(
        browser.eval("document.querySelector('section.kpi h3').firstChild.textContent.trim()"),
        "</svg><img src=x onerror=alert(5)>"
    );
    let handles = browser.eval(
        "JSON.stringify([...document.querySelectorAll('.bars .key')].map(k => k.textContent))",
    );
    assert_eq!(
        handles,
        "[\"@x</svg><script>alert(1)</script>\",\"@שלום\",\"@ok\"]"
    );
    // Right-to-left text is isolated: the creators held back read left to right in
    // their order, each with its own value, after the KPI's name.
    let held = browser.eval(
        "JSON.stringify([...document.querySelectorAll('#verdict li bdi')].map(b => [b.textContent, Math.round(b.getBoundingClientRect().left)]))",
    );
    let held: Vec<(String, i64)> =
        serde_json::from_str(held.as_str().expect("text")).expect("JSON");
    let texts: Vec<&str> = held.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "</svg><img src=x onerror=alert(5)>",
            "@x</svg><script>alert(1)</script> (1.00%)",
            "@שלום (1.00%)"
        ]
    );
    assert!(held[0].1 < held[1].1 && held[1].1 < held[2].1, "{held:?}");
}
