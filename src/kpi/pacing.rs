//! Pacing a target: the share of the target expected by `--as-of`, and the value
//! projected at the due date if the current rate holds.
//!
//! Days count with both ends included: 1 June to 15 July of a 1 June – 31 August period
//! is 45 of 92 days. Linear pacing: expected = target × elapsed share; projected =
//! actual ÷ elapsed share.

use chrono::NaiveDate;
use serde::Serialize;

use super::band::meets;
use crate::campaign::Better;

/// Where a paced KPI stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PaceStatus {
    /// `--as-of` is before the pacing period.
    NotStarted,
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
) -> Pace {
    let total_days = days_inclusive(start, by).max(1);
    let elapsed_days = days_inclusive(start, as_of.min(by)).min(total_days);
    let share = elapsed_days as f64 / total_days as f64;
    let expected = target * share;
    let ratio = (expected != 0.0).then(|| actual / expected);
    let (projected, status) = if as_of < start {
        (None, PaceStatus::NotStarted)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
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
        );
        assert_eq!((p.elapsed_days, p.total_days), (45, 92));
        // expected = 920 × 45/92 = 450; on pace exactly; projected = 450 ÷ (45/92) = 920.
        assert_eq!(p.expected, 450.0);
        assert_eq!(p.ratio, Some(1.0));
        assert_eq!(p.projected, Some(920.0));
        assert_eq!(p.status, PaceStatus::OnPace);
    }

    #[test]
    fn behind_ahead_before_and_after() {
        let (start, by) = (d(2026, 4, 1), d(2026, 6, 30)); // 91 days
        // 45 days in: 1,700 signups → projected 1,700 × 91/45 = 3,437.8 < 4,000.
        let p = pace(1700.0, 4000.0, start, by, d(2026, 5, 15), Better::Higher);
        assert_eq!(p.status, PaceStatus::Behind);
        assert!((p.projected.expect("projected") - 3_437.777_777).abs() < 1e-3);
        let p = pace(2500.0, 4000.0, start, by, d(2026, 5, 15), Better::Higher);
        assert_eq!(p.status, PaceStatus::Ahead); // ratio 2500 / 1978.02 = 1.26
        let p = pace(0.0, 4000.0, start, by, d(2026, 3, 31), Better::Higher);
        assert_eq!(
            (p.status, p.elapsed_days, p.projected),
            (PaceStatus::NotStarted, 0, None)
        );
        let p = pace(3900.0, 4000.0, start, by, d(2026, 7, 31), Better::Higher);
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
        );
        assert_eq!(p.status, PaceStatus::Behind); // projected 182,000 > 120,000 budget
    }
}
