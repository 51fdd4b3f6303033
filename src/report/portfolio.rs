//! Renderers for a portfolio: one row per campaign, in table, JSON, CSV or Markdown.

use std::io::{self, Write};

use comfy_table::Color;

use super::ScoreFormat;
use super::Style;
use super::layout::{self, Column, Step};
use super::markdown::cell;
use crate::kpi::portfolio::{Portfolio, PortfolioRow};
use crate::kpi::scorecard::Spend;
use crate::text::quote;

const HEADER: [&str; 8] = [
    "campaign",
    "period",
    "elapsed",
    "spend",
    "green",
    "yellow",
    "red",
    "worst KPI → action",
];

/// How the portfolio table gives way on a narrow terminal, most dispensable first.
const STEPS: &[Step] = &[
    Step::Wrap("worst KPI → action", 40),
    Step::Fold("period", &[" → "]),
    Step::Wrap("worst KPI → action", 24),
    Step::Drop("elapsed"),
    Step::Drop("period"),
    Step::Wrap("worst KPI → action", 16),
];

fn cells(row: &PortfolioRow) -> [String; 8] {
    let period = match (row.start, row.end) {
        (Some(s), Some(e)) => format!("{s} → {e}"),
        _ => String::new(),
    };
    let verdict = match row.verdict {
        Some(Spend::Approved) => "APPROVED".to_owned(),
        Some(Spend::Blocked) => "BLOCKED".to_owned(),
        None => "ERROR".to_owned(),
    };
    let worst = match (&row.error, &row.worst) {
        (Some(error), _) => crate::text::line(error).into_owned(),
        (None, Some(w)) => match &w.action {
            Some(action) => format!(
                "{} ({}) → {}",
                quote(&w.kpi),
                w.band,
                crate::text::line(action)
            ),
            None => format!("{} ({})", quote(&w.kpi), w.band),
        },
        (None, None) => "all green".to_owned(),
    };
    [
        row.campaign
            .as_deref()
            .map_or_else(|| crate::text::path(&row.path), |c| quote(c).into_owned()),
        period,
        match row.elapsed_percent {
            _ if row.is_final => "final".to_owned(),
            Some(p) => format!("{p}%"),
            None => String::new(),
        },
        verdict,
        row.green.to_string(),
        row.yellow.to_string(),
        row.red.to_string(),
        worst,
    ]
}

/// Writes `portfolio` in `format`.
pub fn render(
    portfolio: &Portfolio,
    format: ScoreFormat,
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        ScoreFormat::Json => super::safe_json::write(out, portfolio),
        ScoreFormat::Html => super::html::portfolio(portfolio, style.refresh, out),
        ScoreFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record([
                "path",
                "campaign",
                "start",
                "end",
                "elapsed_percent",
                "spend",
                "green",
                "yellow",
                "red",
                "other",
                "worst_kpi",
                "worst_band",
                "action",
                "error",
            ])?;
            for r in &portfolio.rows {
                let row = [
                    r.path.display().to_string(),
                    r.campaign.clone().unwrap_or_default(),
                    r.start.map(|d| d.to_string()).unwrap_or_default(),
                    r.end.map(|d| d.to_string()).unwrap_or_default(),
                    r.elapsed_percent.map(|p| p.to_string()).unwrap_or_default(),
                    match r.verdict {
                        Some(Spend::Approved) => "approved".into(),
                        Some(Spend::Blocked) => "blocked".into(),
                        None => String::new(),
                    },
                    r.green.to_string(),
                    r.yellow.to_string(),
                    r.red.to_string(),
                    r.other.to_string(),
                    r.worst.as_ref().map(|w| w.kpi.clone()).unwrap_or_default(),
                    r.worst
                        .as_ref()
                        .map(|w| w.band.label().to_owned())
                        .unwrap_or_default(),
                    r.worst
                        .as_ref()
                        .and_then(|w| w.action.clone())
                        .unwrap_or_default(),
                    r.error.clone().unwrap_or_default(),
                ];
                w.write_record(
                    row.iter()
                        .map(|c| super::csv::cell(c, style.raw).into_owned()),
                )?;
            }
            w.flush()
        }
        ScoreFormat::Markdown => {
            writeln!(out, "## Portfolio as of {}\n", portfolio.as_of)?;
            writeln!(out, "| {} |", HEADER.join(" | "))?;
            writeln!(out, "|---|---|---:|---|---:|---:|---:|---|")?;
            for r in &portfolio.rows {
                let c: Vec<String> = cells(r).iter().map(|c| cell(c)).collect();
                writeln!(out, "| {} |", c.join(" | "))?;
            }
            Ok(())
        }
        ScoreFormat::Table => {
            let mut columns: Vec<Column> = HEADER.iter().map(|h| Column::new(*h)).collect();
            for (i, column) in columns.iter_mut().enumerate() {
                if (4..7).contains(&i) {
                    *column = std::mem::replace(column, Column::new(HEADER[i])).right();
                }
            }
            for r in &portfolio.rows {
                let paint = [
                    None,
                    None,
                    None,
                    Some(match r.verdict {
                        Some(Spend::Approved) => Color::Green,
                        _ => Color::Red,
                    }),
                    (r.green > 0).then_some(Color::Green),
                    (r.yellow > 0).then_some(Color::Yellow),
                    (r.red > 0).then_some(Color::Red),
                    None,
                ];
                for ((column, text), paint) in columns.iter_mut().zip(cells(r)).zip(paint) {
                    column.push(text, paint);
                }
            }
            let (t, dropped) = layout::fit(columns, STEPS, style.width, style.color);
            writeln!(
                out,
                "Portfolio as of {} · {} campaigns",
                portfolio.as_of,
                portfolio.rows.len()
            )?;
            writeln!(out, "{t}")?;
            if !dropped.is_empty() {
                let line = format!(
                    "(not shown at {} columns: {}; --wide shows them)",
                    style.width.unwrap_or_default(),
                    dropped.join(", ")
                );
                writeln!(
                    out,
                    "{}",
                    layout::hanging(&line, style.width.unwrap_or(80), 1)
                )?;
            }
            Ok(())
        }
    }
}
