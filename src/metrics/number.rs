//! [`Fixed`]: the exact decimal every metric is summed in.
//!
//! Money must add up to the cent over millions of rows, so sums never run in `f64`.
//! A value is an `i128` count of millionths: exact for every cell with up to six
//! decimal places (cells with more are rounded half away from zero at the sixth), and
//! far beyond any realistic total before it could overflow — an overflow is an error,
//! not a wrapped or infinite number. Formulas convert sums to `f64` only at the end.

use std::fmt;

/// Millionths per unit.
const SCALE: i128 = 1_000_000;
/// Fractional digits kept.
const DIGITS: u32 = 6;

/// An exact decimal with six fractional digits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fixed(i128);

impl Fixed {
    /// Zero.
    pub const ZERO: Fixed = Fixed(0);

    /// A whole number.
    pub fn from_int(value: i64) -> Fixed {
        Fixed(i128::from(value) * SCALE)
    }

    /// The nearest fixed value to `value`, or `None` when it is not finite or too large.
    pub fn from_f64(value: f64) -> Option<Fixed> {
        if !value.is_finite() || value.abs() > 1e30 {
            return None;
        }
        // Go through the shortest decimal representation so 1250.1 stays 1250.100000.
        Fixed::parse(&format!("{value}"))
    }

    /// The value as a float, for formula arithmetic.
    pub fn to_f64(self) -> f64 {
        // Split so neither half loses precision for realistic magnitudes.
        let whole = (self.0 / SCALE) as f64;
        let frac = (self.0 % SCALE) as f64 / SCALE as f64;
        whole + frac
    }

    /// The value in millionths.
    pub(crate) fn raw(self) -> i128 {
        self.0
    }

    /// The value of `raw` millionths.
    pub(crate) fn from_raw(raw: i128) -> Fixed {
        Fixed(raw)
    }

    /// The sum, or `None` on overflow.
    pub fn checked_add(self, other: Fixed) -> Option<Fixed> {
        self.0.checked_add(other.0).map(Fixed)
    }

    /// The value divided by 100 (for `12.5%` cells), rounded at the sixth digit.
    pub fn percent(self) -> Fixed {
        Fixed(div_round(self.0, 100))
    }

    /// The value times a whole factor (for `1.2k` cells), or `None` on overflow.
    pub fn times(self, factor: i128) -> Option<Fixed> {
        self.0.checked_mul(factor).map(Fixed)
    }

    /// The negated value.
    pub fn negate(self) -> Fixed {
        Fixed(-self.0)
    }

    /// Parses a plain decimal: an optional sign, digits, an optional `.` and digits.
    pub fn parse(text: &str) -> Option<Fixed> {
        let bytes = text.as_bytes();
        let (negative, rest) = match bytes.first()? {
            b'-' => (true, &bytes[1..]),
            b'+' => (false, &bytes[1..]),
            _ => (false, bytes),
        };
        let magnitude = parse_unsigned(rest)?;
        Some(if negative {
            magnitude.negate()
        } else {
            magnitude
        })
    }
}

/// Parses `digits[.digits]` (no sign, no separators) into millionths.
pub(crate) fn parse_unsigned(bytes: &[u8]) -> Option<Fixed> {
    let mut whole: i128 = 0;
    let mut i = 0;
    let mut seen_digit = false;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        whole = whole
            .checked_mul(10)?
            .checked_add(i128::from(bytes[i] - b'0'))?;
        seen_digit = true;
        i += 1;
    }
    let mut frac: i128 = 0;
    let mut frac_digits = 0u32;
    let mut round_up = false;
    if i < bytes.len() && bytes[i] == b'.' {
        i += 1;
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            let digit = i128::from(bytes[i] - b'0');
            if frac_digits < DIGITS {
                frac = frac * 10 + digit;
                frac_digits += 1;
            } else if frac_digits == DIGITS {
                round_up = digit >= 5;
                frac_digits += 1;
            }
            i += 1;
        }
        seen_digit |= i > start;
    }
    if i != bytes.len() || !seen_digit {
        return None;
    }
    let frac = frac * 10i128.pow(DIGITS - frac_digits.min(DIGITS)) + i128::from(round_up);
    whole.checked_mul(SCALE)?.checked_add(frac).map(Fixed)
}

fn div_round(value: i128, divisor: i128) -> i128 {
    let quotient = value / divisor;
    let remainder = value % divisor;
    if remainder.abs() * 2 >= divisor {
        quotient + value.signum()
    } else {
        quotient
    }
}

impl Fixed {
    /// Appends the value as [`fmt::Display`] writes it, without the formatting machinery
    /// (`kpi metrics` writes millions of sums).
    pub fn write_to(self, out: &mut Vec<u8>) {
        if self.0 < 0 {
            out.push(b'-');
        }
        let abs = self.0.unsigned_abs();
        let scale = SCALE.unsigned_abs();
        // Sums that fit 64 bits (all realistic ones) are written without 128-bit division.
        let mut digits = itoa::Buffer::new();
        let (whole, frac) = match u64::try_from(abs) {
            Ok(small) => {
                let scale = scale as u64;
                (digits.format(small / scale), (small % scale) as u32)
            }
            Err(_) => (digits.format(abs / scale), (abs % scale) as u32),
        };
        out.extend_from_slice(whole.as_bytes());
        if frac != 0 {
            let mut places = [0u8; 6];
            let mut f = frac;
            for slot in places.iter_mut().rev() {
                *slot = b'0' + (f % 10) as u8;
                f /= 10;
            }
            let end = places.iter().rposition(|d| *d != b'0').map_or(0, |i| i + 1);
            out.push(b'.');
            out.extend_from_slice(&places[..end]);
        }
    }
}

impl fmt::Display for Fixed {
    /// The exact decimal, without trailing zeros (`1250.5`, `-3`, `0.000001`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let whole = abs / SCALE.unsigned_abs();
        let mut frac = u32::try_from(abs % SCALE.unsigned_abs()).unwrap_or(0);
        // Whole parts that fit 64 bits (all realistic ones) print without 128-bit division.
        match u64::try_from(whole) {
            Ok(whole) => write!(f, "{sign}{whole}")?,
            Err(_) => write!(f, "{sign}{whole}")?,
        }
        if frac == 0 {
            return Ok(());
        }
        let mut width = 6;
        while frac % 10 == 0 {
            frac /= 10;
            width -= 1;
        }
        write!(f, ".{frac:0width$}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_bytes_as_it_displays() {
        let mut values = vec![
            0,
            1,
            -1,
            999_999,
            -1_000_000,
            1_500_000,
            10_000_001,
            i128::MAX,
            i128::MIN + 1,
        ];
        let mut x: i128 = 12_345;
        for _ in 0..2_000 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407)
                % (1 << 90);
            values.push(x);
            values.push(x / 1_000);
            values.push(-(x % 10_000_000));
        }
        for v in values {
            let mut bytes = Vec::new();
            Fixed::from_raw(v).write_to(&mut bytes);
            assert_eq!(
                String::from_utf8(bytes).as_deref(),
                Ok(Fixed::from_raw(v).to_string().as_str()),
                "{v}"
            );
        }
    }

    #[test]
    fn parses_and_prints_exactly() {
        for (text, shown) in [
            ("0", "0"),
            ("1250.50", "1250.5"),
            ("-3", "-3"),
            ("+0.000001", "0.000001"),
            (".5", "0.5"),
            ("7.", "7"),
            ("0.0000005", "0.000001"),
            ("0.0000004", "0"),
        ] {
            assert_eq!(
                Fixed::parse(text).map(|v| v.to_string()).as_deref(),
                Some(shown),
                "{text}"
            );
        }
    }

    #[test]
    fn rejects_what_is_not_a_plain_decimal() {
        for text in ["", "-", ".", "1.2.3", "1,000", "1e5", "abc", "12%"] {
            assert_eq!(Fixed::parse(text), None, "{text}");
        }
    }

    #[test]
    fn overflow_is_none_not_a_wrapped_number() {
        assert_eq!(Fixed::parse(&"9".repeat(40)), None);
        let big = Fixed::parse(&"9".repeat(32)).expect("fits");
        assert_eq!(
            big.checked_add(big)
                .and_then(|b| b.checked_add(big))
                .and_then(|b| b.checked_add(big))
                .and_then(|b| b.checked_add(big)),
            None
        );
    }

    #[test]
    fn cents_add_up_exactly_where_floats_drift() {
        // 0.10 added ten million times is exactly 1,000,000.00.
        let dime = Fixed::parse("0.10").expect("valid");
        let mut sum = Fixed::ZERO;
        for _ in 0..10_000_000 {
            sum = sum.checked_add(dime).expect("no overflow");
        }
        assert_eq!(sum.to_string(), "1000000");
        let mut float = 0.0f64;
        for _ in 0..10_000_000 {
            float += 0.10;
        }
        assert_ne!(
            float, 1_000_000.0,
            "the float sum drifts; that is why Fixed exists"
        );
    }

    #[test]
    fn percent_divides_by_one_hundred() {
        assert_eq!(
            Fixed::parse("12.5")
                .map(|v| v.percent().to_string())
                .as_deref(),
            Some("0.125")
        );
        assert_eq!(
            Fixed::parse("-0.00005")
                .map(|v| v.percent().to_string())
                .as_deref(),
            Some("-0.000001")
        );
    }
}
