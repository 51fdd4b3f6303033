//! Bands: where a value falls (green, yellow, red), and the statuses that are not a band.

use std::fmt;

use serde::Serialize;

use super::definition::Bands;
use crate::campaign::Better;

/// A KPI's judgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Status {
    /// On track.
    #[serde(rename = "green")]
    Green,
    /// Drifting: act before it turns red.
    #[serde(rename = "yellow")]
    Yellow,
    /// Off track.
    #[serde(rename = "red")]
    Red,
    /// A metric the formula needs has no value.
    #[serde(rename = "no data")]
    NoData,
    /// The formula divides by zero.
    #[serde(rename = "n/a")]
    NotApplicable,
    /// The pacing period has not begun.
    #[serde(rename = "not started")]
    NotStarted,
    /// Less than a week of data: too early to judge a target.
    #[serde(rename = "too early")]
    TooEarly,
    /// The KPI has neither bands nor a target.
    #[serde(rename = "unrated")]
    Unrated,
}

impl Status {
    /// How much attention it needs: higher is worse.
    pub fn severity(self) -> u8 {
        match self {
            Status::Green => 0,
            Status::NotStarted | Status::TooEarly => 1,
            Status::Unrated => 2,
            Status::Yellow => 3,
            Status::NoData | Status::NotApplicable => 4,
            Status::Red => 5,
        }
    }

    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Status::Green => "green",
            Status::Yellow => "yellow",
            Status::Red => "red",
            Status::NoData => "no data",
            Status::NotApplicable => "n/a",
            Status::NotStarted => "not started",
            Status::TooEarly => "too early",
            Status::Unrated => "unrated",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Whether `value` is at least as good as `threshold`.
pub fn meets(value: f64, threshold: f64, better: Better) -> bool {
    match better {
        Better::Higher => value >= threshold,
        Better::Lower => value <= threshold,
    }
}

/// The band of `value`: green at or better than `green`, yellow at or better than
/// `yellow`, red otherwise.
pub fn band(value: f64, bands: Bands, better: Better) -> Status {
    if meets(value, bands.green, better) {
        Status::Green
    } else if meets(value, bands.yellow, better) {
        Status::Yellow
    } else {
        Status::Red
    }
}

/// Bands implied by a target alone: green at the target, yellow within 10% of it.
pub fn bands_from_target(target: f64, better: Better) -> Bands {
    let slack = target.abs() * 0.1;
    Bands {
        green: target,
        yellow: match better {
            Better::Higher => target - slack,
            Better::Lower => target + slack,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_are_inclusive_in_the_better_direction() {
        let b = Bands {
            green: 75.0,
            yellow: 60.0,
        };
        assert_eq!(band(75.0, b, Better::Higher), Status::Green);
        assert_eq!(band(74.9, b, Better::Higher), Status::Yellow);
        assert_eq!(band(60.0, b, Better::Higher), Status::Yellow);
        assert_eq!(band(59.9, b, Better::Higher), Status::Red);
        let cost = Bands {
            green: 1.8,
            yellow: 2.25,
        };
        assert_eq!(band(1.8, cost, Better::Lower), Status::Green);
        assert_eq!(band(2.25, cost, Better::Lower), Status::Yellow);
        assert_eq!(band(2.26, cost, Better::Lower), Status::Red);
    }

    #[test]
    fn target_bands_allow_ten_percent() {
        assert_eq!(
            bands_from_target(4000.0, Better::Higher),
            Bands {
                green: 4000.0,
                yellow: 3600.0
            }
        );
        assert_eq!(
            bands_from_target(100.0, Better::Lower),
            Bands {
                green: 100.0,
                yellow: 110.0
            }
        );
    }
}
