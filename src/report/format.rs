//! Numbers as people read them: `$1,234.56`, `1.23%`, `3.20×`, `4,012`.

use crate::campaign::Unit;

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
