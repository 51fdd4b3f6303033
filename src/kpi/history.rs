//! Baselines from history: `baseline: { from: q1.csv, stat: median, window: 12w }`.
//!
//! The KPI's own formula is evaluated per ISO week on the history exports (a ratio of
//! weekly sums), then the statistic is taken across those weekly values.

use std::fs::File;
use std::path::Path;

use super::formula::{Expr, Outcome};
use crate::campaign::{Campaign, HistoryBaseline, Stat};
use crate::metrics::ingest::{NoProgress, ingest};
use crate::metrics::table::UNATTRIBUTED;
use crate::metrics::{CsvInput, Dimension, IngestOptions, MetricTable};

/// The baseline value, or why it cannot be computed.
pub fn baseline(
    campaign: &Campaign,
    formula: &Expr,
    spec: &HistoryBaseline,
) -> Result<f64, String> {
    let base = campaign.source.path.parent().unwrap_or(Path::new(""));
    let mut table = MetricTable::new();
    for path in spec.from.paths() {
        let full = base.join(path);
        let file = File::open(&full).map_err(|e| format!("cannot read {}: {e}", full.display()))?;
        let input = CsvInput {
            label: full.clone(),
            ..CsvInput::default()
        };
        ingest(
            &mut table,
            &input,
            file,
            &IngestOptions::default(),
            &NoProgress,
        )
        .map_err(|e| e.to_string())?;
    }
    let mut weeks: Vec<&str> = table
        .keys(Dimension::Week)
        .into_iter()
        .filter(|k| *k != UNATTRIBUTED)
        .collect();
    if let Some(window) = &spec.window {
        let n = parse_weeks(window)?;
        let skip = weeks.len().saturating_sub(n);
        weeks.drain(..skip);
    }
    let values: Vec<f64> = weeks
        .iter()
        .filter_map(|week| {
            let lookup = |name: &str| {
                table
                    .group_value(Dimension::Week, week, name)
                    .map(|v| v.to_f64())
            };
            match formula.eval(&lookup) {
                Outcome::Value(v) => Some(v),
                _ => None,
            }
        })
        .collect();
    if values.is_empty() {
        return Err(format!(
            "no dated week in {} gives a value for `{formula}`",
            spec.from.paths().join(", ")
        ));
    }
    Ok(statistic(&values, spec.stat.unwrap_or(Stat::Median)))
}

/// `12w` or `12` → 12 weeks.
fn parse_weeks(text: &str) -> Result<usize, String> {
    let t = text.trim().to_ascii_lowercase();
    t.strip_suffix('w')
        .unwrap_or(&t)
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("window `{text}` is not a number of weeks such as `12w`"))
}

/// The statistic of `values` (not empty). Percentiles interpolate linearly between the
/// closest ranks, as spreadsheets' PERCENTILE.INC and numpy's default do.
pub fn statistic(values: &[f64], stat: Stat) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match stat {
        Stat::Mean => sorted.iter().sum::<f64>() / sorted.len() as f64,
        Stat::Median => percentile(&sorted, 0.5),
        Stat::P25 => percentile(&sorted, 0.25),
        Stat::P75 => percentile(&sorted, 0.75),
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = p * (sorted.len() - 1) as f64;
    let low = rank.floor() as usize;
    let high = rank.ceil() as usize;
    sorted[low] + (sorted[high] - sorted[low]) * (rank - low as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_match_spreadsheet_definitions() {
        let v = [4.0, 1.0, 3.0, 2.0];
        assert_eq!(statistic(&v, Stat::Median), 2.5);
        assert_eq!(statistic(&v, Stat::Mean), 2.5);
        // PERCENTILE.INC({1,2,3,4}, 0.25) = 1.75; 0.75 → 3.25.
        assert_eq!(statistic(&v, Stat::P25), 1.75);
        assert_eq!(statistic(&v, Stat::P75), 3.25);
        assert_eq!(statistic(&[7.0], Stat::P75), 7.0);
    }

    #[test]
    fn windows_are_weeks() {
        assert_eq!(parse_weeks("12w"), Ok(12));
        assert_eq!(parse_weeks("4"), Ok(4));
        assert!(parse_weeks("0w").is_err());
        assert!(parse_weeks("3m").is_err());
    }
}
