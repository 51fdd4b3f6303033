//! A portfolio: one row per campaign — period, % elapsed, verdict, band counts, and the
//! worst KPI with its action. A campaign that cannot be scored gets a row with its error
//! and does not hide the others.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use super::Status;
use super::scorecard::{ScoreOptions, Scorecard, Spend, score};
use crate::campaign::files::discover;
use crate::metrics::Progress;

/// Every campaign under some paths, scored at one date.
#[derive(Debug, Clone, Serialize)]
pub struct Portfolio {
    /// The day described.
    pub as_of: NaiveDate,
    /// One row per campaign file, in path order.
    pub rows: Vec<PortfolioRow>,
}

/// One campaign of a portfolio.
#[derive(Debug, Clone, Serialize)]
pub struct PortfolioRow {
    /// The campaign file.
    pub path: PathBuf,
    /// Campaign id, when the file could be read.
    pub campaign: Option<String>,
    /// Campaign name.
    pub name: Option<String>,
    /// First day of the period.
    pub start: Option<NaiveDate>,
    /// Last day of the period.
    pub end: Option<NaiveDate>,
    /// Share of the period elapsed at `as_of`, in percent.
    pub elapsed_percent: Option<i64>,
    /// The period is over: the row is the final scorecard's.
    #[serde(rename = "final")]
    pub is_final: bool,
    /// The spend verdict.
    pub verdict: Option<Spend>,
    /// KPIs that are green.
    pub green: usize,
    /// KPIs that are yellow.
    pub yellow: usize,
    /// KPIs that are red.
    pub red: usize,
    /// KPIs with no data, n/a, not started or unrated.
    pub other: usize,
    /// The KPI that needs attention most.
    pub worst: Option<Worst>,
    /// Why the campaign could not be scored.
    pub error: Option<String>,
}

/// The worst KPI of a campaign.
#[derive(Debug, Clone, Serialize)]
pub struct Worst {
    /// KPI id.
    pub kpi: String,
    /// Its band.
    pub band: Status,
    /// What to do.
    pub action: Option<String>,
}

/// Scores every campaign under `paths`, with `root` (`--root`) as the project root when
/// given; `options.metrics` must be empty (exports given on the command line belong to
/// one campaign).
pub fn portfolio(
    paths: &[PathBuf],
    root: Option<&Path>,
    options: &ScoreOptions,
    progress: &dyn Progress,
) -> Portfolio {
    let found = discover(paths, root);
    let mut rows: Vec<PortfolioRow> = found
        .campaigns
        .iter()
        .map(|path| {
            match crate::campaign::load_in(path, root).and_then(|c| score(&c, options, progress)) {
                Ok(card) => row(path, &card),
                Err(e) => failed(path, e.one_line()),
            }
        })
        .collect();
    rows.extend(found.unreadable.iter().map(|(path, e)| {
        failed(
            path,
            format!(
                "cannot read {}: {}",
                crate::text::path(path),
                crate::error::describe_io(e)
            ),
        )
    }));
    rows.extend(found.refused.iter().map(|(path, refusal)| {
        failed(
            path,
            format!(
                "{} {refusal}; kpi did not follow it (campaigns are read inside the project root)",
                crate::text::path(path)
            ),
        )
    }));
    Portfolio {
        as_of: options.as_of,
        rows,
    }
}

fn row(path: &Path, card: &Scorecard) -> PortfolioRow {
    let count = |s: Status| card.kpis.iter().filter(|k| k.band == s).count();
    let (green, yellow, red) = (
        count(Status::Green),
        count(Status::Yellow),
        count(Status::Red),
    );
    let worst = card
        .kpis
        .iter()
        .filter(|k| k.band != Status::Green)
        .max_by_key(|k| (k.band.severity(), std::cmp::Reverse(k.tier)))
        .map(|k| Worst {
            kpi: k.id.clone(),
            band: k.band,
            action: k.action.clone(),
        });
    let p = &card.period;
    PortfolioRow {
        path: path.to_path_buf(),
        campaign: Some(card.campaign.id.clone()),
        name: card.campaign.name.clone(),
        start: Some(p.start),
        end: Some(p.end),
        elapsed_percent: Some(if p.total_days > 0 {
            p.elapsed_days * 100 / p.total_days
        } else {
            0
        }),
        is_final: p.is_final,
        verdict: Some(card.verdict.spend),
        green,
        yellow,
        red,
        other: card.kpis.len() - green - yellow - red,
        worst,
        error: None,
    }
}

fn failed(path: &Path, error: String) -> PortfolioRow {
    PortfolioRow {
        path: path.to_path_buf(),
        campaign: None,
        name: None,
        start: None,
        end: None,
        elapsed_percent: None,
        is_final: false,
        verdict: None,
        green: 0,
        yellow: 0,
        red: 0,
        other: 0,
        worst: None,
        error: Some(error),
    }
}
