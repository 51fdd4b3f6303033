//! Properties that must hold for any input: sums do not depend on row order or file
//! splits, ratios are ratios of sums, bands are monotone, formulas round-trip, and no
//! parser panics on arbitrary text.

use kpi::campaign::Better;
use kpi::kpi::Status;
use kpi::kpi::band::band;
use kpi::kpi::definition::Bands;
use kpi::kpi::formula::{Expr, Op, Outcome};
use kpi::metrics::ingest::{NoProgress, ingest};
use kpi::metrics::{CsvInput, Dimension, IngestOptions, MetricTable};
use proptest::prelude::*;

/// Rows of (creator index, clicks, spend in cents).
fn rows() -> impl Strategy<Value = Vec<(u8, u32, u32)>> {
    prop::collection::vec((0u8..5, 0u32..10_000, 0u32..1_000_000), 1..60)
}

fn csv_of(rows: &[(u8, u32, u32)]) -> String {
    let mut text = String::from("date,creator,clicks,spend\n");
    for (c, clicks, cents) in rows {
        text.push_str(&format!(
            "2026-04-0{},@c{c},{clicks},{}.{:02}\n",
            1 + c % 7,
            cents / 100,
            cents % 100
        ));
    }
    text
}

fn read(files: &[String]) -> MetricTable {
    let mut table = MetricTable::new();
    for (i, text) in files.iter().enumerate() {
        let input = CsvInput {
            label: format!("f{i}.csv").into(),
            ..CsvInput::default()
        };
        ingest(
            &mut table,
            &input,
            text.as_bytes(),
            &IngestOptions::default(),
            &NoProgress,
        )
        .expect("valid CSV");
    }
    table
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn row_order_and_file_splits_never_change_a_sum(rows in rows(), cut in 0usize..60, seed in any::<u64>()) {
        let whole = read(&[csv_of(&rows)]);
        let cut = cut.min(rows.len());
        let split = read(&[csv_of(&rows[..cut]), csv_of(&rows[cut..])]);
        let mut shuffled = rows.clone();
        let n = shuffled.len();
        for i in (1..n).rev() {
            shuffled.swap(i, (seed as usize ^ i.wrapping_mul(2654435761)) % (i + 1));
        }
        let reordered = read(&[csv_of(&shuffled)]);
        let expected_cents: u64 = rows.iter().map(|r| u64::from(r.2)).sum();
        for table in [&whole, &split, &reordered] {
            prop_assert_eq!(table.total("spend").map(|v| v.to_string()), Some(format_cents(expected_cents)));
            for creator in whole.keys(Dimension::Creator) {
                prop_assert_eq!(table.group_value(Dimension::Creator, creator, "clicks"), whole.group_value(Dimension::Creator, creator, "clicks"));
            }
        }
    }

    #[test]
    fn a_ratio_is_the_ratio_of_sums(rows in rows()) {
        let table = read(&[csv_of(&rows)]);
        let clicks: u64 = rows.iter().map(|r| u64::from(r.1)).sum();
        let cents: u64 = rows.iter().map(|r| u64::from(r.2)).sum();
        let cpc = Expr::parse("spend / clicks").expect("formula");
        let lookup = |name: &str| table.total(name).map(|v| v.to_f64());
        let outcome = cpc.eval(&lookup);
        if clicks == 0 {
            prop_assert_eq!(outcome, Outcome::DivisionByZero);
        } else {
            let expected = cents as f64 / 100.0 / clicks as f64;
            match outcome {
                Outcome::Value(v) => prop_assert!((v - expected).abs() <= expected.abs() * 1e-12),
                other => prop_assert!(false, "{other:?}"),
            }
        }
    }

    #[test]
    fn a_better_value_never_gets_a_worse_band(a in -1e6f64..1e6, b in -1e6f64..1e6, g in -1e6f64..1e6, y in -1e6f64..1e6, higher in any::<bool>()) {
        let better = if higher { Better::Higher } else { Better::Lower };
        let bands = Bands { green: g, yellow: y };
        let (best, worst) = match better {
            Better::Higher => (a.max(b), a.min(b)),
            Better::Lower => (a.min(b), a.max(b)),
        };
        let rank = |s: Status| s.severity();
        prop_assert!(rank(band(best, bands, better)) <= rank(band(worst, bands, better)));
    }

    #[test]
    fn formulas_print_and_parse_back(expr in formula()) {
        let text = expr.to_string();
        prop_assert_eq!(Expr::parse(&text).expect("printed formulas parse"), expr);
    }

    #[test]
    fn parsers_never_panic_on_arbitrary_text(text in ".{0,200}", bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let _ = Expr::parse(&text);
        let _ = kpi::metrics::cell::parse_cell(&bytes, kpi::metrics::DecimalMark::Point);
        let _ = kpi::metrics::cell::parse_cell(text.as_bytes(), kpi::metrics::DecimalMark::Comma);
        let _ = kpi::metrics::date::parse(&bytes, kpi::metrics::date::DateOrder::DayFirst, Some(2026));
        let _ = kpi::campaign::link::query_params(&text);
        let _ = kpi::lint::disclosure::analyse(&text, &[kpi::lint::disclosure::Jurisdiction::Us, kpi::lint::disclosure::Jurisdiction::Uk]);
        let _ = kpi::campaign::parse(kpi::source::SourceFile::new("x.yaml", text.clone()));
        let mut table = MetricTable::new();
        let _ = ingest(&mut table, &CsvInput::default(), bytes.as_slice(), &IngestOptions::default(), &NoProgress);
    }
}

fn format_cents(cents: u64) -> String {
    kpi::metrics::Fixed::parse(&format!("{}.{:02}", cents / 100, cents % 100))
        .expect("decimal")
        .to_string()
}

/// Formula trees over a few metric names and whole numbers.
fn formula() -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![
        (0u32..1000).prop_map(|n| Expr::Number(f64::from(n))),
        prop::sample::select(vec!["spend", "clicks", "signups", "reach"])
            .prop_map(|n| Expr::Metric(n.to_owned())),
    ];
    leaf.prop_recursive(4, 32, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|e| Expr::Neg(Box::new(e))),
            (
                inner.clone(),
                inner,
                prop::sample::select(vec![Op::Add, Op::Sub, Op::Mul, Op::Div])
            )
                .prop_map(|(l, r, op)| Expr::Binary(op, Box::new(l), Box::new(r))),
        ]
    })
}
