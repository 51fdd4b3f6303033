//! Leaf value types of compensation terms: commissions, deductions and payment terms.
//!
//! Each is read strictly when the campaign file is loaded, so a contract that says
//! `commission: "ten percent"` fails with its place, before any money is worked out.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use super::value::Money;
use crate::metrics::Fixed;

/// A share written `"10%"` (also `"12.5%"`): the percentage itself, exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Percent(pub Fixed);

impl Percent {
    /// Reads `10%` / `12.5%`: digits, an optional fraction, then `%` with no space.
    fn parse(text: &str) -> Option<Percent> {
        let number = text.trim().strip_suffix('%')?;
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            return None;
        }
        let value = Fixed::parse(number)?;
        (value <= Fixed::from_int(100)).then_some(Percent(value))
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.0)
    }
}

/// How an affiliate is paid: a share of the revenue their code brings, or an amount per
/// conversion.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Commission {
    /// `"10%"` of the revenue, net of refunds.
    Share(Percent),
    /// A plain amount paid per conversion (`2.50`).
    PerConversion(Money),
}

/// How much a penalty takes: a share of the flat fee, or an amount.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Deduction {
    /// `"50%"` of the flat fee.
    Share(Percent),
    /// A plain amount (`500`).
    Amount(Money),
}

impl fmt::Display for Deduction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Deduction::Share(p) => write!(f, "{p} of the flat fee"),
            Deduction::Amount(m) => write!(f, "{}", m.0),
        }
    }
}

/// When an earned amount is due: `net-30` is 30 days after it was earned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaymentTerms {
    /// Days after delivery (or the month's end, for commission).
    pub days: u32,
}

impl PaymentTerms {
    /// Reads `net-30`, `net 30`, `Net30`, or `on delivery` (net-0).
    fn parse(text: &str) -> Option<PaymentTerms> {
        let lower = text.trim().to_ascii_lowercase();
        if matches!(
            lower.as_str(),
            "on delivery" | "due on delivery" | "immediate"
        ) {
            return Some(PaymentTerms { days: 0 });
        }
        let days = lower.strip_prefix("net")?.trim_start_matches(['-', ' ']);
        if days.is_empty() || !days.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let days: u32 = days.parse().ok()?;
        (days <= 366).then_some(PaymentTerms { days })
    }
}

impl fmt::Display for PaymentTerms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "net-{}", self.days)
    }
}

/// A visitor for a value written as text, or as a plain number (an amount).
struct TextOrAmount<T> {
    expecting: &'static str,
    text: fn(&str) -> Option<T>,
    amount: fn(Money) -> Option<T>,
}

impl<T> TextOrAmount<T> {
    fn amount<E: de::Error>(&self, money: Money, shown: &str) -> Result<T, E> {
        (self.amount)(money).ok_or_else(|| {
            E::custom(format!(
                "`{}` is not usable here; write {}",
                crate::text::quote(shown),
                self.expecting
            ))
        })
    }
}

impl<T> Visitor<'_> for TextOrAmount<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        self.amount(Money(Fixed::from_int(v)), &v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        let money = i64::try_from(v)
            .map(|v| Money(Fixed::from_int(v)))
            .map_err(|_| E::custom(format!("{v} is too large for an amount")))?;
        self.amount(money, &v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        let money = Fixed::from_f64(v)
            .map(Money)
            .ok_or_else(|| E::custom(format!("{v} is not a usable amount")))?;
        self.amount(money, &v.to_string())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        if let Some(value) = (self.text)(v) {
            return Ok(value);
        }
        let plain = Fixed::parse(v.trim()).filter(|_| !v.trim().is_empty());
        match plain {
            Some(amount) => self.amount(Money(amount), v),
            None => Err(E::custom(format!(
                "`{}` is not understood; write {}",
                crate::text::quote(v),
                self.expecting
            ))),
        }
    }
}

/// A non-negative amount.
fn non_negative(money: Money) -> Option<Money> {
    (money.0 >= Fixed::ZERO).then_some(money)
}

impl<'de> Deserialize<'de> for Commission {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TextOrAmount {
            expecting: "a share of revenue such as \"10%\" (no space before %), or an amount per conversion such as 2.50",
            text: |t| Percent::parse(t).map(Commission::Share),
            amount: |m| non_negative(m).map(Commission::PerConversion),
        })
    }
}

impl<'de> Deserialize<'de> for Deduction {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TextOrAmount {
            expecting: "a share of the flat fee such as \"50%\", or an amount such as 500",
            text: |t| Percent::parse(t).map(Deduction::Share),
            amount: |m| non_negative(m).map(Deduction::Amount),
        })
    }
}

impl<'de> Deserialize<'de> for PaymentTerms {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TextOrAmount {
            expecting: "net-N, the days after delivery payment is due (net-30), or `on delivery`",
            text: PaymentTerms::parse,
            amount: |_| None,
        })
    }
}

impl Serialize for Commission {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Commission::Share(p) => serializer.collect_str(p),
            Commission::PerConversion(m) => m.serialize(serializer),
        }
    }
}

macro_rules! text_schema {
    ($type:ty, $name:literal, $schema:tt) => {
        impl schemars::JsonSchema for $type {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                $name.into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!($schema)
            }
        }
    };
}

text_schema!(Commission, "Commission", {
    "description": "A share of revenue such as \"10%\", or an amount per conversion such as 2.50",
    "oneOf": [ { "type": "number", "minimum": 0 }, { "type": "string", "pattern": "^\\s*[0-9]+(\\.[0-9]+)?%\\s*$" } ]
});
text_schema!(Deduction, "Deduction", {
    "description": "A share of the flat fee such as \"50%\", or an amount such as 500",
    "oneOf": [ { "type": "number", "minimum": 0 }, { "type": "string", "pattern": "^\\s*[0-9]+(\\.[0-9]+)?%\\s*$" } ]
});
text_schema!(PaymentTerms, "PaymentTerms", {
    "description": "net-N: payment is due N days after delivery (net-30), or `on delivery`",
    "type": "string",
    "pattern": "^(?i)\\s*(net[- ]?[0-9]+|on delivery|due on delivery|immediate)\\s*$"
});

#[cfg(test)]
mod tests {
    use super::*;

    fn commission(yaml: &str) -> Result<Commission, String> {
        serde_saphyr::from_str::<Commission>(yaml).map_err(|e| e.to_string())
    }

    #[test]
    fn commissions_are_a_share_or_an_amount_per_conversion() {
        assert_eq!(
            commission("\"10%\""),
            Ok(Commission::Share(Percent(Fixed::from_int(10))))
        );
        assert_eq!(
            commission("12.5%"),
            Ok(Commission::Share(Percent(
                Fixed::parse("12.5").expect("fixed")
            )))
        );
        assert_eq!(
            commission("2.5"),
            Ok(Commission::PerConversion(Money(
                Fixed::parse("2.5").expect("fixed")
            )))
        );
        for bad in ["\"10 %\"", "ten percent", "\"150%\"", "-2", "\"$5\""] {
            let error = commission(bad).expect_err(bad);
            assert!(
                error.contains("\"10%\" (no space before %)"),
                "{bad}: {error}"
            );
        }
    }

    #[test]
    fn payment_terms_are_days_after_delivery() {
        let terms = |t: &str| PaymentTerms::parse(t).map(|p| p.days);
        assert_eq!(terms("net-30"), Some(30));
        assert_eq!(terms("Net 45"), Some(45));
        assert_eq!(terms("NET15"), Some(15));
        assert_eq!(terms("on delivery"), Some(0));
        assert_eq!(terms("net-thirty"), None);
        assert_eq!(terms("30"), None);
        assert_eq!(terms("net-400"), None);
    }

    #[test]
    fn deductions_are_a_share_of_the_fee_or_an_amount() {
        let parse = |y: &str| serde_saphyr::from_str::<Deduction>(y).map_err(|e| e.to_string());
        assert_eq!(
            parse("\"50%\""),
            Ok(Deduction::Share(Percent(Fixed::from_int(50))))
        );
        assert_eq!(
            parse("500"),
            Ok(Deduction::Amount(Money(Fixed::from_int(500))))
        );
        assert!(parse("half").is_err());
    }
}
