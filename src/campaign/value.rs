//! Leaf value types of the campaign file: located values, dates and money.

use std::fmt;
use std::ops::Deref;

use chrono::NaiveDate;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use crate::metrics::number::Fixed;

/// A value with the 1-based line and column of the YAML node it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// 1-based line of the node.
    pub line: u64,
    /// 1-based column of the node.
    pub column: u64,
}

impl<T> Located<T> {
    /// A value with no known place (built in code rather than read from a file).
    pub fn unplaced(value: T) -> Located<T> {
        Located {
            value,
            line: 0,
            column: 0,
        }
    }
}

impl<T> Deref for Located<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        Ok(Located {
            value: spanned.value,
            line: spanned.referenced.line(),
            column: spanned.referenced.column(),
        })
    }
}

impl<T: Serialize> Serialize for Located<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// A calendar date written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl Deref for Date {
    type Target = NaiveDate;
    fn deref(&self) -> &NaiveDate {
        &self.0
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.format("%Y-%m-%d").fmt(f)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_iso_date(&text)
            .map(Date)
            .ok_or_else(|| de::Error::custom(date_problem(&text)))
    }
}

/// Why `text` is not a `YYYY-MM-DD` date, in one sentence.
pub fn date_problem(text: &str) -> String {
    let b = text.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    let shown = crate::text::quote(text);
    if shaped {
        format!(
            "`{shown}` is not a calendar date: check the month (01-12) and the day of the month"
        )
    } else {
        format!("`{shown}` is not a date; write it as YYYY-MM-DD, e.g. 2026-04-01")
    }
}

/// Parses a strict ISO `YYYY-MM-DD` date.
pub fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// An amount of money (or any exact quantity) written as a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Money(pub Fixed);

impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.0.to_f64())
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MoneyVisitor;
        impl Visitor<'_> for MoneyVisitor {
            type Value = Money;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an amount such as 6000 or 1250.50")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Money, E> {
                Ok(Money(Fixed::from_int(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Money, E> {
                i64::try_from(v)
                    .map(|v| Money(Fixed::from_int(v)))
                    .map_err(|_| E::custom(format!("{v} is too large for an amount")))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Money, E> {
                Fixed::from_f64(v)
                    .map(Money)
                    .ok_or_else(|| E::custom(format!("{v} is not a usable amount")))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Money, E> {
                let cleaned: String = v.chars().filter(|c| *c != ',' && *c != '_').collect();
                Fixed::parse(cleaned.trim()).map(Money).ok_or_else(|| {
                    E::custom(format!(
                        "`{}` is not an amount; write a number such as 6000 or 1250.50",
                        crate::text::quote(v)
                    ))
                })
            }
        }
        deserializer.deserialize_any(MoneyVisitor)
    }
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for Located<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "date", "description": "A date written YYYY-MM-DD" })
    }
}

impl schemars::JsonSchema for Money {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Money".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An amount such as 6000 or 1250.50",
            "oneOf": [ { "type": "number" }, { "type": "string", "pattern": "^\\s*-?[0-9][0-9,_]*(\\.[0-9]+)?\\s*$" } ]
        })
    }
}
