//! [`Amount`]: money in a currency's minor unit (cents), and the one rounding settlement
//! does — half-up, once per line, from an exact fraction.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::metrics::Fixed;

/// Millionths in a unit: the scale of [`Fixed`].
const FIXED_SCALE: i128 = 1_000_000;

/// Digits after the decimal point of a currency's minor unit (ISO 4217): 2 unless listed.
pub fn minor_digits(currency: &str) -> u32 {
    match currency.trim().to_ascii_uppercase().as_str() {
        "BIF" | "CLP" | "DJF" | "GNF" | "ISK" | "JPY" | "KMF" | "KRW" | "PYG" | "RWF" | "UGX"
        | "UYI" | "VND" | "VUV" | "XAF" | "XOF" | "XPF" => 0,
        "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
        _ => 2,
    }
}

/// An amount of money: a whole number of minor units (cents) of a currency with
/// `digits` decimals. Exact; written with exactly `digits` decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount {
    minor: i128,
    digits: u32,
}

impl Amount {
    /// Zero in a currency of `digits` decimals.
    pub fn zero(digits: u32) -> Amount {
        Amount { minor: 0, digits }
    }

    /// `minor` minor units (cents) of a currency with `digits` decimals.
    pub fn from_minor(minor: i128, digits: u32) -> Amount {
        Amount { minor, digits }
    }

    /// `numerator / denominator` units, rounded half-up (half away from zero for a
    /// negative amount) to the minor unit: the one rounding of a line.
    pub fn from_fraction(numerator: i128, denominator: i128, digits: u32) -> Option<Amount> {
        if denominator == 0 {
            return None;
        }
        let scaled = numerator.checked_mul(10i128.checked_pow(digits)?)?;
        let (n, d) = if denominator < 0 {
            (scaled.checked_neg()?, -denominator)
        } else {
            (scaled, denominator)
        };
        let (q, r) = (n / d, n % d);
        let up = r.unsigned_abs() * 2 >= d.unsigned_abs();
        let minor = if up { q + n.signum() } else { q };
        Some(Amount { minor, digits })
    }

    /// An exact value rounded half-up to the minor unit.
    pub fn from_fixed(value: Fixed, digits: u32) -> Option<Amount> {
        Amount::from_fraction(value.raw(), FIXED_SCALE, digits)
    }

    /// The amount as an exact [`Fixed`].
    pub fn to_fixed(self) -> Fixed {
        let scale = 10i128.pow(6u32.saturating_sub(self.digits));
        Fixed::from_raw(self.minor * scale)
    }

    /// Decimals of the currency's minor unit.
    pub fn digits(self) -> u32 {
        self.digits
    }

    /// The amount in minor units (cents).
    pub fn minor(self) -> i128 {
        self.minor
    }

    /// The sum, or `None` on overflow.
    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        Some(Amount {
            minor: self.minor.checked_add(other.minor)?,
            digits: self.digits,
        })
    }

    /// The difference, or `None` on overflow.
    pub fn checked_sub(self, other: Amount) -> Option<Amount> {
        self.checked_add(other.negate())
    }

    /// The amount with its sign turned.
    pub fn negate(self) -> Amount {
        Amount {
            minor: -self.minor,
            digits: self.digits,
        }
    }

    /// Whether the amount is below zero.
    pub fn is_negative(self) -> bool {
        self.minor < 0
    }

    /// Whether the amount is zero.
    pub fn is_zero(self) -> bool {
        self.minor == 0
    }
}

impl fmt::Display for Amount {
    /// `1500.00`, `-0.05`, `1200` (no decimals for a currency without a minor unit).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.minor < 0 { "-" } else { "" };
        let magnitude = self.minor.unsigned_abs();
        if self.digits == 0 {
            return write!(f, "{sign}{magnitude}");
        }
        let scale = 10u128.pow(self.digits);
        write!(
            f,
            "{sign}{}.{:0width$}",
            magnitude / scale,
            magnitude % scale,
            width = self.digits as usize
        )
    }
}

impl Serialize for Amount {
    /// A decimal string (`"1500.00"`): JSON numbers would pass through floating point.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cents(numerator: i128, denominator: i128) -> String {
        Amount::from_fraction(numerator, denominator, 2)
            .expect("fits")
            .to_string()
    }

    #[test]
    fn a_line_is_rounded_once_half_up_to_the_cent() {
        // 10% of 123.45 is 12.345: half a cent rounds up.
        assert_eq!(cents(12345, 1000), "12.35");
        assert_eq!(cents(12344, 1000), "12.34");
        // 1000 / 3 = 333.333…
        assert_eq!(cents(1000, 3), "333.33");
        assert_eq!(cents(2000, 3), "666.67");
        // A deduction of half a cent rounds away from zero.
        assert_eq!(cents(-12345, 1000), "-12.35");
        assert_eq!(cents(-1, 1000), "0.00");
        assert_eq!(cents(-1, 100), "-0.01");
        assert_eq!(cents(5, 1), "5.00");
        assert_eq!(Amount::from_fraction(1, 0, 2), None);
    }

    #[test]
    fn currencies_have_their_minor_units() {
        assert_eq!(minor_digits("usd"), 2);
        assert_eq!(minor_digits("JPY"), 0);
        assert_eq!(minor_digits("KWD"), 3);
        let yen = Amount::from_fraction(12345, 10, 0).expect("fits");
        assert_eq!(yen.to_string(), "1235");
        let dinar = Amount::from_fraction(1, 3, 3).expect("fits");
        assert_eq!(dinar.to_string(), "0.333");
        assert_eq!(dinar.to_fixed(), Fixed::parse("0.333").expect("fixed"));
    }
}
