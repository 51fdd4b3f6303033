//! Pacing a target: the share of the target expected by `--as-of`, and the value
//! projected at the due date if the current rate holds.
//!
//! Days count with both ends included: 1 June to 15 July of a 1 June – 31 August period
//! is 45 of 92 days. The share of the target due by a day follows a [`Curve`] (linear
//! unless `pacing:` says otherwise): expected = target × share; projected = actual ÷
//! share. In the first week there is too little data to extrapolate: the pace is
//! "too early" and nothing is projected.

use chrono::NaiveDate;
use serde::Serialize;

use super::band::meets;
use crate::campaign::Better;

/// Days of data before a projection is made.
pub const MIN_DAYS: i64 = 7;

/// How the target accrues over the pacing period.
#[derive(Debug, Clone, PartialEq)]
pub enum Curve {
    /// Evenly.
    Linear,
    /// Mostly early: share = 1 - (1 - t)².
    FrontLoaded,
    /// Mostly late: share = t².
    BackLoaded,
    /// Relative weights of consecutive 7-day weeks from the start; weeks past the list weigh 0.
    Weights(Vec<f64>),
}

impl Curve {
    /// The share of the target due after `day` of `total` days (both counted from 1).
    pub fn share(&self, day: i64, total: i64) -> f64 {
        let t = (day.clamp(0, total) as f64) / (total.max(1) as f64);
        match self {
            Curve::Linear => t,
            Curve::FrontLoaded => 1.0 - (1.0 - t).powi(2),
            Curve::BackLoaded => t * t,
            Curve::Weights(weights) => {
                let total_weight: f64 = weights.iter().filter(|w| **w > 0.0).sum();
                if total_weight <= 0.0 {
                    return t;
                }
                let day = day.clamp(0, total);
                let week = usize::try_from(day / 7).unwrap_or(0);
                let done: f64 = weights.iter().take(week).filter(|w| **w > 0.0).sum();
                let partial =
                    weights.get(week).copied().unwrap_or(0.0).max(0.0) * (day % 7) as f64 / 7.0;
                ((done + partial) / total_weight).min(1.0)
            }
        }
    }
}

/// Where a paced KPI stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PaceStatus {
    /// `--as-of` is before the pacing period.
    NotStarted,
    /// Fewer than seven days of data: no projection yet.
    TooEarly,
    /// Projected to beat the target by 10% or more.
    Ahead,
    /// Projected to reach the target.
    OnPace,
    /// Projected to miss the target.
    Behind,
    /// The due date has passed and the target was reached.
    Met,
    /// The due date has passed and the target was missed.
    Missed,
}

impl PaceStatus {
    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            PaceStatus::NotStarted => "not started",
            PaceStatus::TooEarly => "too early",
            PaceStatus::Ahead => "ahead",
            PaceStatus::OnPace => "on pace",
            PaceStatus::Behind => "behind",
            PaceStatus::Met => "met",
            PaceStatus::Missed => "missed",
        }
    }
}

/// A paced target at `--as-of`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Pace {
    /// Days elapsed, both ends included (0 before the start).
    pub elapsed_days: i64,
    /// Days from start to due date, both ends included.
    pub total_days: i64,
    /// The part of the target expected by now.
    pub expected: f64,
    /// Actual ÷ expected, when something is expected.
    pub ratio: Option<f64>,
    /// The value projected at the due date.
    pub projected: Option<f64>,
    /// The verdict.
    pub status: PaceStatus,
}

/// Days from `start` to `end`, both included; 0 when `end` is before `start`.
pub fn days_inclusive(start: NaiveDate, end: NaiveDate) -> i64 {
    ((end - start).num_days() + 1).max(0)
}

/// Paces `actual` against `target` due on `by`, for a period starting on `start`.
pub fn pace(
    actual: f64,
    target: f64,
    start: NaiveDate,
    by: NaiveDate,
    as_of: NaiveDate,
    better: Better,
    curve: &Curve,
) -> Pace {
    let total_days = days_inclusive(start, by).max(1);
    let elapsed_days = days_inclusive(start, as_of.min(by)).min(total_days);
    let share = curve.share(elapsed_days, total_days);
    let expected = target * share;
    let ratio = (expected != 0.0).then(|| actual / expected);
    let (projected, status) = if as_of < start {
        (None, PaceStatus::NotStarted)
    } else if as_of < by && (elapsed_days < MIN_DAYS || share <= 0.0) {
        (None, PaceStatus::TooEarly)
    } else if as_of >= by {
        let status = if meets(actual, target, better) {
            PaceStatus::Met
        } else {
            PaceStatus::Missed
        };
        (Some(actual), status)
    } else {
        let projected = actual / share;
        let status = match (meets(projected, target, better), ratio) {
            (false, _) => PaceStatus::Behind,
            (true, Some(r))
                if (better == Better::Higher && r >= 1.1)
                    || (better == Better::Lower && r <= 0.9) =>
            {
                PaceStatus::Ahead
            }
            (true, _) => PaceStatus::OnPace,
        };
        (Some(projected), status)
    };
    Pace {
        elapsed_days,
        total_days,
        expected,
        ratio,
        projected,
        status,
    }
}

/// The part of `target` due at the end of every seventh day from `start` to `by`, and at
/// `by`: the plan a paced KPI is measured against, as points to draw (day 0 is nothing).
pub fn plan(target: f64, start: NaiveDate, by: NaiveDate, curve: &Curve) -> Vec<(i64, f64)> {
    let total = days_inclusive(start, by).max(1);
    let mut points: Vec<(i64, f64)> = (0..total)
        .step_by(7)
        .map(|day| (day, target * curve.share(day, total)))
        .collect();
    points.push((total, target * curve.share(total, total)));
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn the_plan_is_due_every_seventh_day_and_whole_at_the_due_date() {
        // 10 days, linear: day 0 nothing, day 7 seven tenths of 50, day 10 all of it.
        let points = plan(50.0, d(2026, 6, 1), d(2026, 6, 10), &Curve::Linear);
        assert_eq!(points, vec![(0, 0.0), (7, 35.0), (10, 50.0)]);
        // Back-loaded over 14 days: day 7 is a quarter.
        let points = plan(8.0, d(2026, 6, 1), d(2026, 6, 14), &Curve::BackLoaded);
        assert_eq!(points, vec![(0, 0.0), (7, 2.0), (14, 8.0)]);
    }

    #[test]
    fn design_example_counts_both_ends() {
        // 1 June – 15 July of a 1 June – 31 August period: 45 of 92 days.
        let p = pace(
            450.0,
            920.0,
            d(2026, 6, 1),
            d(2026, 8, 31),
            d(2026, 7, 15),
            Better::Higher,
            &Curve::Linear,
        );
        assert_eq!((p.elapsed_days, p.total_days), (45, 92));
        // expected = 920 × 45/92 = 450; on pace exactly; projected = 450 ÷ (45/92) = 920.
        assert_eq!(p.expected, 450.0);
        assert_eq!(p.ratio, Some(1.0));
        assert_eq!(p.projected, Some(920.0));
        assert_eq!(p.status, PaceStatus::OnPace);
    }

    #[test]
    fn curves_and_the_first_week() {
        // Front-loaded, day 45 of 90: share = 1 - (1 - 0.5)² = 0.75.
        assert_eq!(Curve::FrontLoaded.share(45, 90), 0.75);
        assert_eq!(Curve::BackLoaded.share(45, 90), 0.25);
        // Weights [1, 3]: after day 7 a quarter is due; day 10 adds 3 × 3/7 of 4.
        let w = Curve::Weights(vec![1.0, 3.0]);
        assert_eq!(w.share(7, 14), 0.25);
        assert!((w.share(10, 14) - (1.0 + 3.0 * 3.0 / 7.0) / 4.0).abs() < 1e-12);
        let (start, by) = (d(2026, 4, 1), d(2026, 6, 30));
        // Day 6: too early to project.
        let p = pace(
            300.0,
            4000.0,
            start,
            by,
            d(2026, 4, 6),
            Better::Higher,
            &Curve::Linear,
        );
        assert_eq!((p.status, p.projected), (PaceStatus::TooEarly, None));
        // Day 7 (7 April): 300 × 91/7 = 3,900 projected: behind.
        let p = pace(
            300.0,
            4000.0,
            start,
            by,
            d(2026, 4, 7),
            Better::Higher,
            &Curve::Linear,
        );
        assert_eq!((p.status, p.projected), (PaceStatus::Behind, Some(3900.0)));
        // Back-loaded, 45 of 91 days: share = (45/91)² = 0.2445; 1,700 → 6,952 projected: ahead.
        let p = pace(
            1700.0,
            4000.0,
            start,
            by,
            d(2026, 5, 15),
            Better::Higher,
            &Curve::BackLoaded,
        );
        assert!((p.projected.expect("projected") - 1700.0 / (45.0f64 / 91.0).powi(2)).abs() < 1e-9);
        assert_eq!(p.status, PaceStatus::Ahead);
    }

    #[test]
    fn behind_ahead_before_and_after() {
        let (start, by) = (d(2026, 4, 1), d(2026, 6, 30)); // 91 days
        // 45 days in: 1,700 signups → projected 1,700 × 91/45 = 3,437.8 < 4,000.
        let p = pace(
            1700.0,
            4000.0,
            start,
            by,
            d(2026, 5, 15),
            Better::Higher,
            &Curve::Linear,
        );
        assert_eq!(p.status, PaceStatus::Behind);
        assert!((p.projected.expect("projected") - 3_437.777_777).abs() < 1e-3);
        let p = pace(
            2500.0,
            4000.0,
            start,
            by,
            d(2026, 5, 15),
            Better::Higher,
            &Curve::Linear,
        );
        assert_eq!(p.status, PaceStatus::Ahead); // ratio 2500 / 1978.02 = 1.26
        let p = pace(
            0.0,
            4000.0,
            start,
            by,
            d(2026, 3, 31),
            Better::Higher,
            &Curve::Linear,
        );
        assert_eq!(
            (p.status, p.elapsed_days, p.projected),
            (PaceStatus::NotStarted, 0, None)
        );
        let p = pace(
            3900.0,
            4000.0,
            start,
            by,
            d(2026, 7, 31),
            Better::Higher,
            &Curve::Linear,
        );
        assert_eq!(
            (p.status, p.elapsed_days, p.projected),
            (PaceStatus::Missed, 91, Some(3900.0))
        );
        let p = pace(
            90_000.0,
            120_000.0,
            start,
            by,
            d(2026, 5, 15),
            Better::Lower,
            &Curve::Linear,
        );
        assert_eq!(p.status, PaceStatus::Behind); // projected 182,000 > 120,000 budget
    }
}
