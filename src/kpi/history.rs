//! Baselines from history: `baseline: { from: q1.csv, stat: median, window: 12w }`.
//!
//! The KPI's own formula is evaluated per ISO week on the history exports (a ratio of
//! weekly sums), then the statistic is taken across those weekly values.

use std::fs::File;
use std::io::Read;
use std::path::PathBuf;

use super::formula::{Expr, Outcome};
use crate::campaign::{Campaign, HistoryBaseline, Stat};
use crate::metrics::ingest::{IngestStats, NoProgress, ingest};
use crate::metrics::table::UNATTRIBUTED;
use crate::metrics::{CsvInput, Dimension, IngestOptions, MetricTable};

/// The baseline value and a note on the partial weeks left out, or why it cannot be
/// computed. The history files are the ones `spec` names, opened inside the campaign's
/// project root; `place` is where the `baseline:` is written.
pub fn baseline(
    campaign: &Campaign,
    formula: &Expr,
    spec: &HistoryBaseline,
    place: (u64, u64),
) -> Result<(f64, Option<String>), String> {
    // Past exports come as downloaded: the platform is recognised from the header.
    let input = CsvInput {
        preset: crate::metrics::ingest::PresetChoice::Auto,
        ..CsvInput::default()
    };
    let mut sources: Vec<(PathBuf, Box<dyn Read>)> = Vec::new();
    for written in spec.from.paths() {
        let named = campaign
            .open_named(written, place.0, place.1, "the baseline history")
            .map_err(|e| match e {
                crate::Error::Campaign { message, .. } | crate::Error::Refused { message, .. } => {
                    message
                }
                other => other.to_string(),
            })?;
        sources.push((named.label, Box::new(named.file)));
    }
    let (table, _) = read_sources(sources, &input, &IngestOptions::default())?;
    let weekly = weekly_values(
        &table,
        formula,
        spec.window.as_deref(),
        spec.partial_weeks.unwrap_or(false),
    )?;
    let values = &weekly.values;
    if values.is_empty() {
        let names: Vec<String> = spec
            .from
            .paths()
            .into_iter()
            .map(|p| crate::text::quote(p).into_owned())
            .collect();
        return Err(format!(
            "no dated week in {} gives a value for `{formula}`",
            names.join(", ")
        ));
    }
    let numbers: Vec<f64> = values.iter().map(|(_, v)| *v).collect();
    Ok((
        statistic(&numbers, spec.stat.unwrap_or(Stat::Median)),
        weekly.note("`partial_weeks: true`"),
    ))
}

/// Reads history exports named on the command line (`-` is standard input), each as
/// `input` and `options` say, into one table with weekly sums; the counts say what
/// was left out and why.
pub fn read_history(
    paths: &[PathBuf],
    input: &CsvInput,
    options: &IngestOptions,
) -> Result<(MetricTable, IngestStats), String> {
    let mut sources: Vec<(PathBuf, Box<dyn Read>)> = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            sources.push((PathBuf::from("<stdin>"), Box::new(std::io::stdin().lock())));
        } else {
            let file = File::open(path).map_err(|e| {
                format!(
                    "cannot read {}: {}",
                    crate::text::path(path),
                    crate::error::describe_io(&e)
                )
            })?;
            sources.push((path.clone(), Box::new(file)));
        }
    }
    read_sources(sources, input, options)
}

/// Reads open history sources, each named by its label in messages.
fn read_sources(
    sources: Vec<(PathBuf, Box<dyn Read>)>,
    input: &CsvInput,
    options: &IngestOptions,
) -> Result<(MetricTable, IngestStats), String> {
    let mut table = MetricTable::new();
    let mut stats = IngestStats::default();
    for (label, reader) in sources {
        let input = CsvInput {
            label,
            ..input.clone()
        };
        stats.absorb(
            ingest(&mut table, &input, reader, options, &NoProgress).map_err(|e| e.to_string())?,
        );
    }
    table
        .settle_gauges()
        .map_err(|_| "the latest values of a gauge column are too large to add up".to_owned())?;
    Ok((table, stats))
}

/// The weekly values of a formula, and the partial weeks left out of them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Weekly {
    /// ISO week and value, oldest first.
    pub values: Vec<(String, f64)>,
    /// The history's first or last week when its rows cover only part of it, with the
    /// days they cover (`2026-W14 (Sat–Sun, 2 of 7 days)`).
    pub partial: Vec<String>,
    /// Whether the partial weeks are among `values` (asked for, or nothing else).
    pub kept_partial: bool,
}

impl Weekly {
    /// The note that says which weeks were left out or kept though partial; `keep` says
    /// how to keep them.
    pub fn note(&self, keep: &str) -> Option<String> {
        if self.partial.is_empty() {
            return None;
        }
        let weeks = self.partial.join(", ");
        Some(if self.kept_partial {
            format!("partial weeks used: {weeks}")
        } else {
            format!(
                "partial weeks left out: {weeks}; only complete weeks make the baseline ({keep} keeps them)"
            )
        })
    }
}

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// The first or last dated week of a history when its rows start later in the week, or
/// end earlier, than the other weeks' rows do (a daily export cut mid-week, not a
/// twice-weekly one): the week and the days it covers.
fn partial_weeks(table: &MetricTable, weeks: &[&str]) -> Vec<(usize, String)> {
    let days: Vec<u8> = weeks.iter().map(|w| table.week_days(w)).collect();
    // A weekly or monthly export dates each row once per week: every week is whole.
    if days.len() < 2 || days.iter().all(|d| d.count_ones() <= 1) {
        return Vec::new();
    }
    let describe = |from: u32, to: u32| {
        let n = to.saturating_sub(from) + 1;
        if from >= to {
            format!("{}, 1 of 7 days", DAYS[from as usize])
        } else {
            format!(
                "{}–{}, {n} of 7 days",
                DAYS[from as usize], DAYS[to as usize]
            )
        }
    };
    // The days of the week the other weeks hold: the middle weeks when there are any
    // (the two ends may both be cut), else the one other week.
    let end = days.len() - 1;
    let others = |i: usize| {
        let middle = if end >= 2 {
            &days[1..end]
        } else {
            &days[end - i..=end - i]
        };
        middle.iter().fold(0u8, |all, d| all | d)
    };
    // First day seen, and last (0 = Monday).
    let first = |mask: u8| mask.trailing_zeros();
    let last = |mask: u8| 7 - mask.leading_zeros();
    let mut partial = Vec::new();
    for i in [0, end] {
        let mask = days[i];
        if mask == 0 {
            continue;
        }
        let pattern = others(i);
        let cut_start = i == 0 && first(mask) > first(pattern);
        let cut_end = i == end && last(mask) < last(pattern);
        if cut_start || cut_end {
            // The span the week's rows stand for: its own first (last) day, and the
            // pattern's other end, never reversed.
            let from = if cut_start {
                first(mask)
            } else {
                first(pattern).min(last(mask))
            };
            let to = if cut_end {
                last(mask)
            } else {
                last(pattern).max(first(mask))
            };
            partial.push((i, format!("{} ({})", weeks[i], describe(from, to))));
        }
    }
    partial
}

/// The formula's value in each dated ISO week of `table`, oldest first, keeping the last
/// `window` weeks (`12w`) when given; weeks where it has no value are skipped. The
/// history's first and last weeks, when partial, are left out unless `keep_partial` (or
/// unless no other week is left).
pub fn weekly_values(
    table: &MetricTable,
    formula: &Expr,
    window: Option<&str>,
    keep_partial: bool,
) -> Result<Weekly, String> {
    let mut weeks: Vec<&str> = table
        .keys(Dimension::Week)
        .into_iter()
        .filter(|k| *k != UNATTRIBUTED)
        .collect();
    let partial = partial_weeks(table, &weeks);
    let kept_partial = keep_partial || partial.len() >= weeks.len();
    if !kept_partial {
        let drop: Vec<usize> = partial.iter().map(|(i, _)| *i).collect();
        weeks = weeks
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !drop.contains(i))
            .map(|(_, w)| w)
            .collect();
    }
    if let Some(window) = window {
        let n = parse_weeks(window)?;
        let skip = weeks.len().saturating_sub(n);
        weeks.drain(..skip);
    }
    let values = weeks
        .iter()
        .filter_map(|week| {
            let lookup = |name: &str| {
                table
                    .group_value(Dimension::Week, week, name)
                    .map(|v| v.to_f64())
            };
            match formula.eval(&lookup) {
                Outcome::Value(v) => Some(((*week).to_owned(), v)),
                _ => None,
            }
        })
        .collect();
    Ok(Weekly {
        values,
        partial: partial.into_iter().map(|(_, text)| text).collect(),
        kept_partial,
    })
}

/// `12w` or `12` → 12 weeks.
pub fn parse_weeks(text: &str) -> Result<usize, String> {
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
    fn a_history_cut_mid_week_leaves_out_its_partial_ends_whatever_the_pattern() {
        use crate::metrics::{
            IngestOptions,
            ingest::{NoProgress, ingest},
        };
        let read = |text: &str| {
            let mut table = MetricTable::new();
            ingest(
                &mut table,
                &CsvInput::default(),
                text.as_bytes(),
                &IngestOptions::default(),
                &NoProgress,
            )
            .expect("read");
            table
        };
        let formula = Expr::parse("clicks").expect("formula");
        // Twice weekly (Mon, Wed), the first week holding only a Sunday and the last only
        // a Monday: W14 (Sun) and W18 (Mon) are cut; W15–W17 follow the pattern.
        let table = read(
            "date,clicks\n2026-04-05,1\n2026-04-06,2\n2026-04-08,2\n2026-04-13,3\n2026-04-15,3\n\
             2026-04-20,4\n2026-04-22,4\n2026-04-27,5\n",
        );
        let weekly = weekly_values(&table, &formula, None, false).expect("weeks");
        assert_eq!(
            weekly.values,
            vec![
                ("2026-W15".to_owned(), 4.0),
                ("2026-W16".to_owned(), 6.0),
                ("2026-W17".to_owned(), 8.0)
            ]
        );
        assert_eq!(
            weekly.partial,
            vec![
                "2026-W14 (Sun, 1 of 7 days)".to_owned(),
                "2026-W18 (Mon, 1 of 7 days)".to_owned()
            ]
        );
        // Thursday to Sunday, the last week only a Monday: the span never runs backwards.
        let table = read(
            "date,clicks\n2026-04-09,1\n2026-04-12,1\n2026-04-16,1\n2026-04-19,1\n2026-04-20,1\n",
        );
        let weekly = weekly_values(&table, &formula, None, false).expect("weeks");
        assert_eq!(
            weekly.partial,
            vec!["2026-W17 (Mon, 1 of 7 days)".to_owned()]
        );
        // A weekly export (one date a week) has no partial week.
        let table = read("date,clicks\n2026-04-06,1\n2026-04-13,1\n2026-04-20,1\n");
        let weekly = weekly_values(&table, &formula, None, false).expect("weeks");
        assert!(weekly.partial.is_empty());
        assert_eq!(weekly.values.len(), 3);
    }

    #[test]
    fn windows_are_weeks() {
        assert_eq!(parse_weeks("12w"), Ok(12));
        assert_eq!(parse_weeks("4"), Ok(4));
        assert!(parse_weeks("0w").is_err());
        assert!(parse_weeks("3m").is_err());
    }
}

/// A baseline and bands suggested from weekly history.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// The weekly values it was computed from, oldest first.
    pub weeks: Vec<(String, f64)>,
    /// The statistic used for the baseline.
    pub stat: Stat,
    /// The baseline.
    pub baseline: f64,
    /// Green threshold: the median.
    pub green: f64,
    /// Yellow threshold: the 25th percentile when higher is better, the 75th when lower is.
    pub yellow: f64,
}

/// Suggests a baseline (`stat` of the weekly values) and bands: green at the median,
/// yellow at the quartile on the worse side. `None` without weekly values.
pub fn suggest(
    weeks: Vec<(String, f64)>,
    stat: Stat,
    better: crate::campaign::Better,
) -> Option<Suggestion> {
    if weeks.is_empty() {
        return None;
    }
    let values: Vec<f64> = weeks.iter().map(|(_, v)| *v).collect();
    let yellow = match better {
        crate::campaign::Better::Higher => statistic(&values, Stat::P25),
        crate::campaign::Better::Lower => statistic(&values, Stat::P75),
    };
    Some(Suggestion {
        baseline: statistic(&values, stat),
        green: statistic(&values, Stat::Median),
        yellow,
        stat,
        weeks,
    })
}

impl Suggestion {
    /// The suggestion as YAML to paste under a KPI, with the evidence in comments.
    pub fn to_yaml(&self, formula: &str, better: crate::campaign::Better) -> String {
        let values: Vec<f64> = self.weeks.iter().map(|(_, v)| *v).collect();
        let round = |v: f64| format!("{}", (v * 1e6).round() / 1e6);
        let (first, last) = (&self.weeks[0].0, &self.weeks[self.weeks.len() - 1].0);
        let stat = match self.stat {
            Stat::Median => "median",
            Stat::Mean => "mean",
            Stat::P25 => "25th percentile",
            Stat::P75 => "75th percentile",
        };
        let (side, quartile) = match better {
            crate::campaign::Better::Higher => ("higher is better", "25th"),
            crate::campaign::Better::Lower => ("lower is better", "75th"),
        };
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        format!(
            "# `{formula}` over {n} ISO week{s} with data, {first} to {last}\n\
             # weekly values: min {min}, p25 {p25}, median {median}, p75 {p75}, max {max}\n\
             baseline: {baseline}   # {stat} of the weekly values\n\
             bands: {{ green: {green}, yellow: {yellow} }}   # green at the median, yellow at the {quartile} percentile ({side})\n",
            n = self.weeks.len(),
            s = if self.weeks.len() == 1 { "" } else { "s" },
            min = round(min),
            p25 = round(statistic(&values, Stat::P25)),
            median = round(statistic(&values, Stat::Median)),
            p75 = round(statistic(&values, Stat::P75)),
            max = round(max),
            baseline = round(self.baseline),
            green = round(self.green),
            yellow = round(self.yellow),
        )
    }
}
