//! Numbers as people read them: `$1,234.56`, `1.23%`, `3.20×`, `4,012`.

use crate::campaign::{Better, Unit};
use crate::kpi::scorecard::KpiScore;

/// Where the scorecard stands in the period, after its dates: "as of 2026-05-01 · day 31
/// of 91 (34% elapsed)" while it runs, "final: ended 2026-06-30, judged on its period ·
/// as of 2026-10-01" once it is over.
pub fn progress(card: &crate::Scorecard) -> String {
    let p = &card.period;
    if p.is_final {
        return format!(
            "final: ended {}, judged on its period · as of {}",
            p.end, card.as_of
        );
    }
    let share = if p.total_days > 0 {
        p.elapsed_days * 100 / p.total_days
    } else {
        0
    };
    format!(
        "as of {} · day {} of {} ({share}% elapsed)",
        card.as_of, p.elapsed_days, p.total_days
    )
}

/// `value` in `unit`, with money in `currency`.
pub fn value(value: f64, unit: Unit, currency: &str) -> String {
    match unit {
        // Counts projected or averaged are fractional; whole numbers read better above 100.
        Unit::Count if value.fract() == 0.0 || value.abs() >= 100.0 => grouped(value, 0),
        Unit::Count => grouped(value, 2),
        Unit::Currency => money(value, currency),
        Unit::Percent => format!("{}%", grouped(value * 100.0, 2)),
        Unit::Ratio => format!("{}×", grouped(value, 2)),
        Unit::Days => format!("{} days", grouped(value, 1)),
        Unit::Score => grouped(value, 1),
    }
}

fn money(value: f64, currency: &str) -> String {
    let sign = if value < 0.0 { "-" } else { "" };
    let amount = grouped(value.abs(), 2);
    match currency.to_ascii_uppercase().as_str() {
        "USD" => format!("{sign}${amount}"),
        "EUR" => format!("{sign}€{amount}"),
        "GBP" => format!("{sign}£{amount}"),
        "JPY" => format!("{sign}¥{}", grouped(value.abs(), 0)),
        other => format!("{sign}{amount} {other}"),
    }
}

/// `value` with `decimals` places and `,` between thousands.
pub fn grouped(value: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let mut out = String::with_capacity(text.len() + int.len() / 3 + 1);
    let negative = value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
    if negative {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// A creator held back, with its value: `@handle (62.0)`.
pub fn blocker(b: &crate::kpi::scorecard::Blocker, unit: Unit, currency: &str) -> String {
    let handle = crate::text::quote(&b.creator);
    match b.value {
        Some(v) => format!("{handle} ({})", value(v, unit, currency)),
        None => handle.into_owned(),
    }
}

/// How many creators a verdict holds back, in words; empty for none.
pub fn held_back(creators: usize) -> String {
    match creators {
        0 => String::new(),
        1 => "1 creator held back".to_owned(),
        n => format!("{n} creators held back"),
    }
}

/// A value, or `—` when there is none.
pub fn shown(number: Option<f64>, unit: Unit, currency: &str) -> String {
    number.map_or_else(|| "—".to_owned(), |v| value(v, unit, currency))
}

/// The target and thresholds in force, in words: `target ≥ 4,000 by …; green ≥ …`.
pub fn criteria(kpi: &KpiScore, currency: &str) -> String {
    let cmp = match kpi.better {
        Better::Higher => "≥",
        Better::Lower => "≤",
    };
    let mut parts = Vec::new();
    if let Some(target) = kpi.target {
        let by = kpi.by.map(|d| format!(" by {d}")).unwrap_or_default();
        parts.push(format!(
            "target {cmp} {}{by}",
            value(target, kpi.unit, currency)
        ));
    }
    if let Some(b) = kpi.bands {
        let green = value(b.green, kpi.unit, currency);
        let yellow = value(b.yellow, kpi.unit, currency);
        if kpi.target.is_none() || Some(b.green) != kpi.target {
            parts.push(if green == yellow {
                format!("green {cmp} {green}")
            } else {
                format!("green {cmp} {green}, yellow {cmp} {yellow}")
            });
        }
    }
    parts.join("; ")
}

/// The weekly trend: sparkline and last week's change, `▃█▄▃▁▇ ▼10%`.
pub fn trend(kpi: &KpiScore) -> String {
    let Some(t) = &kpi.trend else {
        return String::new();
    };
    if t.weeks.iter().all(|w| w.value.is_none()) {
        return String::new();
    }
    match t.change {
        Some(c) if c > 0.0 => format!("{} ▲{:.0}%", t.sparkline, c * 100.0),
        Some(c) if c < 0.0 => format!("{} ▼{:.0}%", t.sparkline, -c * 100.0),
        Some(_) => format!("{} ±0%", t.sparkline),
        None => t.sparkline.clone(),
    }
}

/// Pace in words: `behind · 95% of plan → 3,794`.
pub fn pace(kpi: &KpiScore, currency: &str) -> String {
    let checkpoint = kpi.checkpoint.as_ref().map(|c| match c.projected {
        Some(v) => format!("checkpoint {}: {}", c.date, value(v, kpi.unit, currency)),
        None => format!("checkpoint {}", c.date),
    });
    let paced = pace_only(kpi, currency);
    match (paced.is_empty(), checkpoint) {
        (_, None) => paced,
        (true, Some(c)) => c,
        (false, Some(c)) => format!("{paced}; {c}"),
    }
}

fn pace_only(kpi: &KpiScore, currency: &str) -> String {
    let Some(p) = kpi.pace else {
        return String::new();
    };
    match (p.projected, p.ratio) {
        (Some(projected), Some(ratio)) if p.elapsed_days < p.total_days => format!(
            "{} · {:.0}% of plan → {}",
            p.status.label(),
            ratio * 100.0,
            value(projected, kpi.unit, currency)
        ),
        _ => p.status.label().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_each_unit() {
        assert_eq!(value(4012.0, Unit::Count, "USD"), "4,012");
        assert_eq!(value(1234567.891, Unit::Currency, "USD"), "$1,234,567.89");
        assert_eq!(value(-3.0, Unit::Currency, "EUR"), "-€3.00");
        assert_eq!(value(12.5, Unit::Currency, "CHF"), "12.50 CHF");
        assert_eq!(value(0.01234, Unit::Percent, "USD"), "1.23%");
        assert_eq!(value(3.2, Unit::Ratio, "USD"), "3.20×");
        assert_eq!(value(4.25, Unit::Days, "USD"), "4.2 days");
        assert_eq!(value(78.25, Unit::Score, "USD"), "78.2");
        assert_eq!(grouped(-0.001, 2), "0.00");
        assert_eq!(grouped(999.999, 2), "1,000.00");
    }
}
