//! Lint never panics on any generated campaign: well-typed models built from random
//! parts (dates in any order, odd links, captions in any script, clauses present or not)
//! are loaded, linted, scored and rendered in every format. Whatever fails to load must
//! fail with a located error; whatever loads must lint the same way twice, with findings
//! that point inside the file.

use chrono::{Days, NaiveDate};
use kpi::lint::{LintOptions, lint};
use kpi::metrics::ingest::{NoProgress, ingest};
use kpi::metrics::{CsvInput, IngestOptions, MetricTable};
use kpi::report::findings::{LintReport, RenderFindings, github, human, json, sarif};
use kpi::source::SourceFile;
use proptest::prelude::*;

/// A YAML double-quoted scalar (JSON string syntax is valid YAML).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

fn date() -> impl Strategy<Value = String> {
    (0u64..540).prop_map(|days| {
        let start = NaiveDate::from_ymd_opt(2025, 12, 1).unwrap_or_default();
        start
            .checked_add_days(Days::new(days))
            .unwrap_or(start)
            .to_string()
    })
}

/// First and last day; now and then the wrong way round.
fn period() -> impl Strategy<Value = (String, String)> {
    (date(), prop_oneof![1 => -30i64..0, 15 => 0i64..200]).prop_map(|(start, length)| {
        let end = start
            .parse::<NaiveDate>()
            .ok()
            .and_then(|d| d.checked_add_signed(chrono::Duration::days(length)))
            .map_or_else(|| start.clone(), |d| d.to_string());
        (start, end)
    })
}

fn maybe<T: std::fmt::Debug + Clone>(
    inner: impl Strategy<Value = T>,
) -> impl Strategy<Value = Option<T>> {
    prop::option::weighted(0.7, inner)
}

/// Free text: samples that trigger rules, plus anything.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => Just(String::new()),
        1 => Just("#ad Three weeks with Spring Glow Serum".to_owned()),
        1 => Just("Paid partnership with Lumen".to_owned()),
        1 => Just("This miracle potion will cure acne #sponsored".to_owned()),
        1 => Just("#AD\u{200b} #Werbung Anzeige 広告 إعلان".to_owned()),
        1 => Just("link in bio ".repeat(400)),
        1 => Just("#ad".to_owned()),
        4 => "\\PC{0,60}",
        1 => ".{0,20}",
    ]
}

fn handle() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("@maya".to_owned()),
        Just("Maya".to_owned()),
        Just("@@x".to_owned()),
        Just("@ünïcode.ß".to_owned()),
        "[@a-zA-Z0-9._ ]{1,16}",
    ]
}

fn link() -> impl Strategy<Value = String> {
    let scheme = prop_oneof![
        Just("https://"),
        Just("http://"),
        Just(""),
        Just("ftp://"),
        Just("HTTPS://")
    ];
    let host = prop_oneof![
        Just("lumen.example"),
        Just("bit.ly"),
        Just("LUMEN.EXAMPLE:8080"),
        Just(""),
        Just("[::1]"),
        Just("xn--lmen-0ra.example"),
    ];
    let key = prop_oneof![
        Just("utm_source"),
        Just("utm_medium"),
        Just("utm_campaign"),
        Just("utm_content"),
        Just("UTM_Source"),
        Just("utm_term"),
        Just(""),
    ];
    let value = prop_oneof![
        Just("instagram".to_owned()),
        Just("influencer".to_owned()),
        Just("base-1".to_owned()),
        Just("%ZZ".to_owned()),
        Just("%E2%9C%93".to_owned()),
        Just(String::new()),
        "[a-z0-9%+=&#-]{0,12}",
    ];
    let params = prop::collection::vec((key, value), 0..6);
    let tail = prop_oneof![
        Just(""),
        Just("#frag"),
        Just("?"),
        Just("&&"),
        Just("/path")
    ];
    (scheme, host, params, tail).prop_map(|(scheme, host, params, tail)| {
        let query: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let query = if query.is_empty() {
            String::new()
        } else {
            format!("/glow?{}", query.join("&"))
        };
        format!("{scheme}{host}{query}{tail}")
    })
}

fn money() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => (0u64..2_000_000).prop_map(|c| format!("{}.{:02}", c / 100, c % 100)),
        2 => Just("0".to_owned()),
        1 => Just("1e15".to_owned()),
        1 => Just("-50".to_owned()),
    ]
}

fn threshold() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..200).prop_map(|n| n.to_string()),
        (0u32..200).prop_map(|n| format!("\"{n}%\"")),
        Just("baseline".to_owned()),
        Just("\"baseline + 25%\"".to_owned()),
        Just("\"baseline - 10%\"".to_owned()),
        Just("-3.5".to_owned()),
        Just("1e300".to_owned()),
    ]
}

/// A KPI line and its id.
fn kpi() -> impl Strategy<Value = (&'static str, String)> {
    let id = prop_oneof![Just("a"), Just("b"), Just("c"), Just("fit"), Just("")];
    let body = prop_oneof![
        Just("use: brand_fit_score".to_owned()),
        Just("use: safety_pass_rate".to_owned()),
        Just("use: utm_rate".to_owned()),
        Just("use: no_such_builtin".to_owned()),
        Just("formula: spend / qualified_clicks, unit: currency, better: lower".to_owned()),
        Just("formula: signups".to_owned()),
        Just("formula: \"(clicks + 1) / (impressions - impressions)\"".to_owned()),
        Just("formula: \"clicks / \"".to_owned()),
    ];
    let extras = (
        maybe((threshold(), threshold())),
        maybe(threshold()),
        maybe(date()),
        prop::collection::vec(date(), 0..3),
        maybe(money()),
        maybe(prop_oneof![Just("gate"), Just("impact"), Just("flow")]),
    );
    (id, body, extras).prop_map(
        |(id, body, (bands, target, by, checkpoints, baseline, tier))| {
            let mut line = format!("  - {{ id: {}, {body}", quoted(id));
            if let Some((g, y)) = bands {
                line.push_str(&format!(", bands: {{ green: {g}, yellow: {y} }}"));
            }
            if let Some(t) = target {
                line.push_str(&format!(", target: {t}"));
            }
            if let Some(by) = by {
                line.push_str(&format!(", by: {by}"));
            }
            if !checkpoints.is_empty() {
                line.push_str(&format!(", checkpoints: [{}]", checkpoints.join(", ")));
            }
            if let Some(b) = baseline {
                line.push_str(&format!(", baseline: {b}"));
            }
            if let Some(t) = tier {
                line.push_str(&format!(", tier: {t}"));
            }
            line.push_str(" }\n");
            (id, line)
        },
    )
}

fn deliverable(n: usize) -> impl Strategy<Value = String> {
    (
        prop_oneof![Just("reel"), Just("story"), Just("short"), Just("podcast")],
        (maybe(date()), maybe(date()), maybe(date())),
        maybe((date(), date())),
        maybe(link()),
        maybe(text()),
        (maybe(any::<bool>()), maybe(any::<bool>())),
        prop::collection::vec(prop_oneof![Just("a"), Just("b"), Just("zzz")], 0..3),
    )
        .prop_map(
            move |(
                format,
                (due, delivered, posted),
                window,
                link,
                caption,
                (spoken, screen),
                supports,
            )| {
                let mut d = format!("      - id: d{n}\n        format: {format}\n");
                for (key, value) in [
                    ("due", due),
                    ("delivered_on", delivered),
                    ("posted_on", posted),
                ] {
                    if let Some(value) = value {
                        d.push_str(&format!("        {key}: {value}\n"));
                    }
                }
                if let Some((from, to)) = window {
                    d.push_str(&format!(
                        "        posting_window: {{ from: {from}, to: {to} }}\n"
                    ));
                }
                if let Some(link) = link {
                    d.push_str(&format!("        link: {}\n", quoted(&link)));
                }
                if let Some(caption) = caption {
                    d.push_str(&format!("        caption: {}\n", quoted(&caption)));
                }
                if let Some(spoken) = spoken {
                    d.push_str(&format!("        spoken_disclosure: {spoken}\n"));
                }
                if let Some(screen) = screen {
                    d.push_str(&format!("        on_screen_disclosure: {screen}\n"));
                }
                if !supports.is_empty() {
                    d.push_str(&format!("        supports: [{}]\n", supports.join(", ")));
                }
                d
            },
        )
}

fn contract() -> impl Strategy<Value = String> {
    (
        (maybe(date()), maybe(date()), maybe(date())),
        (maybe(money()), maybe(text())),
        maybe((prop::collection::vec(prop_oneof![Just("organic"), Just("paid"), Just("whitelisting")], 0..3), 0u32..400)),
        maybe((any::<bool>(), money())),
        (maybe(0u32..400), maybe(0u32..5), maybe(date()), maybe(0u32..100)),
    )
        .prop_map(
            |((offered, signed, shipped), (fee, disclosure), usage, paid, (exclusive, rounds, renewal, hours))| {
                let mut c = String::from("    contract:\n");
                for (key, value) in [("offered_on", offered), ("signed_on", signed), ("product_shipped_on", shipped)] {
                    if let Some(value) = value {
                        c.push_str(&format!("      {key}: {value}\n"));
                    }
                }
                if let Some(fee) = fee {
                    c.push_str(&format!("      compensation: {{ flat_fee: {fee}, payment_terms: net-30 }}\n"));
                }
                if let Some(d) = disclosure {
                    c.push_str(&format!("      disclosure: {}\n", quoted(&d)));
                }
                if let Some((channels, days)) = usage {
                    c.push_str(&format!("      usage_rights: {{ channels: [{}], days: {days} }}\n", channels.join(", ")));
                }
                if let Some((allowed, max)) = paid {
                    c.push_str(&format!("      paid_amplification: {{ allowed: {allowed}, max_spend: {max} }}\n"));
                }
                if let Some(days) = exclusive {
                    c.push_str(&format!("      exclusivity: {{ category: skincare, days: {days} }}\n"));
                }
                if let Some(rounds) = rounds {
                    c.push_str(&format!("      approval: {{ rounds: {rounds}, sla_hours: 48 }}\n"));
                }
                if let Some(on) = renewal {
                    c.push_str(&format!("      renewal: {{ review_on: {on} }}\n"));
                }
                if let Some(hours) = hours {
                    c.push_str(&format!("      escalation: {{ contact: pr@lumen.example, response_hours: {hours} }}\n"));
                }
                c
            },
        )
}

fn creator() -> impl Strategy<Value = (String, String)> {
    (
        handle(),
        maybe(prop_oneof![
            Just("instagram"),
            Just("tiktok"),
            Just("youtube"),
            Just("myspace")
        ]),
        maybe(-20.0f64..120.0),
        maybe((
            prop_oneof![Just("pass"), Just("fail"), Just("pending")],
            maybe(date()),
            maybe(0u32..5),
            maybe(date()),
        )),
        maybe(contract()),
        prop::collection::vec(deliverable(0), 0..1),
        prop::collection::vec(deliverable(1), 0..2),
    )
        .prop_map(|(handle, platform, fit, screen, contract, first, more)| {
            let mut c = format!("  - handle: {}\n", quoted(&handle));
            if let Some(p) = platform {
                c.push_str(&format!("    platform: {p}\n"));
            }
            if let Some(fit) = fit {
                c.push_str(&format!("    brand_fit: {fit}\n"));
            }
            if let Some((result, on, incidents, expires)) = screen {
                c.push_str(&format!("    safety_screen: {{ result: {result}"));
                if let Some(on) = on {
                    c.push_str(&format!(", on: {on}"));
                }
                if let Some(n) = incidents {
                    c.push_str(&format!(", incidents: {n}"));
                }
                if let Some(e) = expires {
                    c.push_str(&format!(", expires_on: {e}"));
                }
                c.push_str(" }\n");
            }
            if let Some(contract) = contract {
                c.push_str(&contract);
            }
            let deliverables: Vec<String> = first.into_iter().chain(more).collect();
            if !deliverables.is_empty() {
                c.push_str("    deliverables:\n");
                c.push_str(&deliverables.concat());
            }
            (handle, c)
        })
}

fn brief() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(text(), 0..3),
        prop::collection::vec(prop_oneof![Just("#ad".to_owned()), Just("Paid partnership".to_owned()), text()], 0..3),
        prop::collection::vec(prop_oneof![Just("cure".to_owned()), Just("miracle".to_owned()), text()], 0..3),
        prop::collection::vec(prop_oneof![Just("reel"), Just("story"), Just("carousel")], 0..3),
        maybe(prop_oneof![Just("US"), Just("UK"), Just("DE"), Just("ZZ")]),
    )
        .prop_map(|(must, disclosure, banned, formats, jurisdiction)| {
            let list = |items: &[String]| items.iter().map(|s| quoted(s)).collect::<Vec<_>>().join(", ");
            let mut b = format!(
                "brief:\n  must_include: [{}]\n  disclosure: [{}]\n  banned_claims: [{}]\n  formats: [{}]\n",
                list(&must),
                list(&disclosure),
                list(&banned),
                formats.join(", ")
            );
            if let Some(j) = jurisdiction {
                b.push_str(&format!("  jurisdiction: {j}\n"));
            }
            b
        })
}

fn guidelines() -> impl Strategy<Value = String> {
    (
        prop::collection::btree_map(
            prop_oneof![Just("C001"), Just("t002"), Just("D001"), Just("Z999")],
            prop_oneof![Just("error"), Just("warning"), Just("info"), Just("off")],
            0..3,
        ),
        prop::collection::vec(
            (
                prop_oneof![
                    Just("caption"),
                    Just("link"),
                    Just("handle"),
                    Just("nowhere")
                ],
                prop_oneof![
                    Just("(?i)potion"),
                    Just("["),
                    Just("^$"),
                    Just("(a*)*b"),
                    Just("\\p{Han}")
                ],
                any::<bool>(),
            ),
            0..3,
        ),
    )
        .prop_map(|(rules, custom)| {
            let mut g = String::from("guidelines:\n  rules: {");
            g.push_str(
                &rules
                    .iter()
                    .map(|(id, level)| format!("{id}: {level}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
            g.push_str("}\n  custom:\n");
            if custom.is_empty() {
                g.push_str("    []\n");
            }
            for (i, (field, pattern, forbid)) in custom.iter().enumerate() {
                let key = if *forbid { "forbid" } else { "require" };
                g.push_str(&format!(
                    "    - {{ id: X{i:03}, message: m, in: {field}, {key}: {} }}\n",
                    quoted(pattern)
                ));
            }
            g
        })
}

/// A whole campaign file, and the day to score it at.
fn campaign() -> impl Strategy<Value = (String, String)> {
    (
        (
            period(),
            maybe(prop_oneof![19 => money(), 1 => Just("\"$1,200.00\"".to_owned())]),
            maybe(prop_oneof![Just("USD"), Just("EUR"), Just("XYZ")]),
        ),
        prop::collection::vec(kpi(), 0..4),
        prop::collection::vec(creator(), 0..4),
        maybe(brief()),
        maybe(guidelines()),
        prop::collection::vec(handle(), 0..2),
        date(),
    )
        .prop_map(
            |(
                ((start, end), budget, currency),
                kpis,
                creators,
                brief,
                guidelines,
                declined,
                as_of,
            )| {
                let mut y = format!(
                    "campaign:\n  id: base-1\n  period: {{ start: {start}, end: {end} }}\n"
                );
                if let Some(b) = budget {
                    y.push_str(&format!("  budget: {b}\n"));
                }
                if let Some(c) = currency {
                    y.push_str(&format!("  currency: {c}\n"));
                }
                if !kpis.is_empty() {
                    y.push_str("kpis:\n");
                    let mut seen = std::collections::HashSet::new();
                    for (id, line) in &kpis {
                        if seen.insert(*id) {
                            y.push_str(line);
                        }
                    }
                }
                if !creators.is_empty() {
                    y.push_str("creators:\n");
                    let mut seen = std::collections::HashSet::new();
                    for (handle, c) in &creators {
                        if seen.insert(kpi::metrics::creator_key(handle)) {
                            y.push_str(c);
                        }
                    }
                }
                if !declined.is_empty() {
                    y.push_str("declined:\n");
                    for h in &declined {
                        y.push_str(&format!(
                            "  - {{ handle: {}, reason: audience_mismatch }}\n",
                            quoted(h)
                        ));
                    }
                }
                if let Some(b) = brief {
                    y.push_str(&b);
                }
                if let Some(g) = guidelines {
                    y.push_str(&g);
                }
                (y, as_of)
            },
        )
}

/// A small export whose creators may or may not be the campaign's.
fn metrics() -> MetricTable {
    let csv = "date,creator,platform,impressions,clicks,qualified_clicks,spend,signups\n\
               2026-04-02,@maya,instagram,1000,40,20,120.50,3\n\
               2026-04-09,Maya,instagram,900,0,0,0,0\n\
               2026-05-01,@stranger,tiktok,10,1,1,1.00,1\n";
    let mut table = MetricTable::new();
    let read = ingest(
        &mut table,
        &CsvInput::default(),
        csv.as_bytes(),
        &IngestOptions::default(),
        &NoProgress,
    );
    assert!(read.is_ok(), "{read:?}");
    table
}

fn render_all(report: &LintReport) -> Result<(), String> {
    let renderers: [(&str, &dyn RenderFindings); 4] = [
        (
            "human",
            &human::Human {
                color: false,
                width: None,
            },
        ),
        ("github", &github::Github),
        ("json", &json::Json),
        ("sarif", &sarif::Sarif),
    ];
    for (name, renderer) in renderers {
        let mut out = Vec::new();
        renderer
            .render(report, &mut out)
            .map_err(|e| format!("{name}: {e}"))?;
        if name == "json" || name == "sarif" {
            serde_json::from_slice::<serde_json::Value>(&out)
                .map_err(|e| format!("{name} is not JSON: {e}"))?;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn lint_never_panics_on_a_generated_model((yaml, as_of) in campaign(), with_metrics in any::<bool>()) {
        let lines = yaml.lines().count() as u64;
        match kpi::campaign::parse(SourceFile::new("gen.yaml", yaml.clone())) {
            Err(error) => {
                let text = error.to_string();
                prop_assert!(text.starts_with("gen.yaml:"), "unlocated load error: {text}\n{yaml}");
            }
            Ok(campaign) => {
                let table = metrics();
                let table = with_metrics.then_some(&table);
                let options = LintOptions::default();
                let findings = lint(&campaign, table, &options);
                let again = lint(&campaign, table, &options);
                prop_assert_eq!(format!("{findings:?}"), format!("{again:?}"), "lint is not deterministic");
                for f in &findings {
                    prop_assert!(f.line >= 1 && f.line <= lines + 1 && f.column >= 1, "{f:?} points outside the file\n{yaml}");
                    prop_assert!(!f.rule.is_empty() && !f.message.is_empty() && !f.help.is_empty(), "{f:?}");
                }
                let report = LintReport { findings, files: 1 };
                prop_assert_eq!(render_all(&report), Ok(()));
                let empty = MetricTable::new();
                if let Ok(kpis) = kpi::kpi::definition::resolve(&campaign, table.unwrap_or(&empty)) {
                    let options = kpi::kpi::scorecard::ScoreOptions {
                        trend: true,
                        as_of: as_of.parse().unwrap_or_default(),
                        ..Default::default()
                    };
                    let _ = kpi::kpi::scorecard::evaluate(&campaign, &kpis, table.unwrap_or(&empty), &Default::default(), &options);
                }
            }
        }
    }
}
