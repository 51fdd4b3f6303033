//! Weekly series (ISO weeks), sparklines and "worse N weeks in a row".
//!
//! A week's value is the KPI formula on that week's sums (for a cumulative KPI, what the
//! week added). Weeks cut by the period start or by `--as-of` are marked partial and
//! left out of the week-over-week comparisons, which would otherwise always look worse.

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use crate::campaign::Better;

/// One ISO week of a series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekValue {
    /// ISO week, `2026-W15`.
    pub week: String,
    /// The KPI's value that week; `null` when it has none.
    pub value: Option<f64>,
    /// The same value exactly, when the formula is a sum (JSON prints it).
    #[serde(skip)]
    pub exact: Option<crate::metrics::Fixed>,
    /// The week is cut by the period start or by `--as-of`.
    pub partial: bool,
}

/// A KPI's weekly series and what it says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    /// Every week from the period start to `--as-of`.
    pub weeks: Vec<WeekValue>,
    /// The series drawn with ▁▂▃▄▅▆▇█ (a space for a week without value).
    pub sparkline: String,
    /// Change of the last complete week over the one before, as a fraction (0.12 = +12%).
    pub change: Option<f64>,
    /// Complete weeks in a row, up to the last, each worse than the week before.
    pub worse_weeks: u32,
}

impl Trend {
    /// The weeks of the run that [`Trend::worse_weeks`] counts: the last complete weeks
    /// with a value, each worse than the one before, oldest first.
    pub fn worse_run(&self) -> Vec<&str> {
        let mut run: Vec<&str> = self
            .weeks
            .iter()
            .rev()
            .filter(|w| !w.partial && w.value.is_some())
            .take(self.worse_weeks as usize)
            .map(|w| w.week.as_str())
            .collect();
        run.reverse();
        run
    }
}

/// The ISO week label of a day.
pub fn week_label(day: NaiveDate) -> String {
    let w = day.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// The Monday of the ISO week `day` falls in.
pub fn monday(day: NaiveDate) -> NaiveDate {
    day - Days::new(u64::from(day.weekday().num_days_from_monday()))
}

/// The ISO weeks touching `start..=last`, each with whether it is cut by either end.
pub fn weeks(start: NaiveDate, last: NaiveDate) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    if last < start {
        return out;
    }
    let mut week_start = monday(start);
    while week_start <= last {
        let week_end = week_start + Days::new(6);
        let partial = week_start < start || week_end > last;
        out.push((week_label(week_start), partial));
        week_start = week_start + Days::new(7);
    }
    out
}

/// Draws values from the lowest (▁) to the highest (█).
pub fn sparkline(values: &[Option<f64>]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let known: Vec<f64> = values.iter().flatten().copied().collect();
    let (min, max) = known
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(*v), hi.max(*v))
        });
    values
        .iter()
        .map(|v| match v {
            None => ' ',
            Some(_) if max <= min => BARS[3],
            Some(v) => BARS[(((v - min) / (max - min)) * 7.0).round().clamp(0.0, 7.0) as usize],
        })
        .collect()
}

/// Reads a series: sparkline, last change, and the run of worsening complete weeks.
pub fn read(weeks: Vec<WeekValue>, better: Better) -> Trend {
    let sparkline = sparkline(&weeks.iter().map(|w| w.value).collect::<Vec<_>>());
    let complete: Vec<f64> = weeks
        .iter()
        .filter(|w| !w.partial)
        .filter_map(|w| w.value)
        .collect();
    let change = match complete.as_slice() {
        [.., prev, last] if *prev != 0.0 => Some((last - prev) / prev.abs()),
        _ => None,
    };
    let worse = |prev: f64, next: f64| match better {
        Better::Higher => next < prev,
        Better::Lower => next > prev,
    };
    let worse_weeks = complete
        .windows(2)
        .rev()
        .take_while(|w| worse(w[0], w[1]))
        .count() as u32;
    Trend {
        weeks,
        sparkline,
        change,
        worse_weeks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn series(values: &[f64]) -> Vec<WeekValue> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| WeekValue {
                week: format!("W{i}"),
                value: Some(*v),
                exact: None,
                partial: false,
            })
            .collect()
    }

    #[test]
    fn weeks_are_iso_and_cut_weeks_are_partial() {
        // 1 April 2026 is a Wednesday (W14); 15 April a Wednesday (W16).
        assert_eq!(
            weeks(d(2026, 4, 1), d(2026, 4, 15)),
            vec![
                ("2026-W14".to_owned(), true),
                ("2026-W15".to_owned(), false),
                ("2026-W16".to_owned(), true),
            ]
        );
        assert_eq!(
            weeks(d(2026, 4, 6), d(2026, 4, 19)),
            vec![
                ("2026-W15".to_owned(), false),
                ("2026-W16".to_owned(), false)
            ]
        );
        assert!(weeks(d(2026, 4, 6), d(2026, 4, 5)).is_empty());
        assert_eq!(week_label(d(2026, 12, 31)), "2026-W53");
    }

    #[test]
    fn worsening_runs_count_complete_weeks_only() {
        // 1.2% → 1.1% → 1.0% → 0.9%: three weeks worse in a row; change -10%.
        let t = read(series(&[0.012, 0.011, 0.010, 0.009]), Better::Higher);
        assert_eq!(t.worse_weeks, 3);
        assert!((t.change.expect("change") - (-0.1)).abs() < 1e-9);
        // One better week breaks the run.
        assert_eq!(
            read(series(&[5.0, 4.0, 6.0, 5.0]), Better::Higher).worse_weeks,
            1
        );
        // Lower is better: rising costs are worse.
        assert_eq!(read(series(&[1.0, 1.2, 1.5]), Better::Lower).worse_weeks, 2);
        // A partial last week is not compared.
        let mut s = series(&[3.0, 2.0, 1.0]);
        s.push(WeekValue {
            week: "W3".into(),
            value: Some(0.1),
            exact: None,
            partial: true,
        });
        assert_eq!(read(s.clone(), Better::Higher).worse_weeks, 2);
        assert_eq!(read(s, Better::Higher).worse_run(), vec!["W1", "W2"]);
        // A week without rows is skipped, not a break: 9 → 7 → (none) → 4 is W1 and W3.
        let mut s = series(&[9.0, 7.0, 0.0, 4.0]);
        s[2].value = None;
        let t = read(s, Better::Higher);
        assert_eq!((t.worse_weeks, t.worse_run()), (2, vec!["W1", "W3"]));
    }

    #[test]
    fn sparklines_span_lowest_to_highest() {
        assert_eq!(sparkline(&[Some(1.0), Some(8.0), None, Some(4.5)]), "▁█ ▅");
        assert_eq!(sparkline(&[Some(2.0), Some(2.0)]), "▄▄");
        assert_eq!(sparkline(&[]), "");
    }
}
