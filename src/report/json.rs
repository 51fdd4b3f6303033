//! The JSON scorecard: one object, documented in the README ("JSON output").
//!
//! Numbers are rounded to six decimal places so ratios print as `1.8`, not
//! `1.7999999999999998`; `no data` and `n/a` values are `null`, never 0.

use std::io::{self, Write};

use serde_json::Value;

use super::Render;
use crate::Scorecard;

/// Renders the scorecard as pretty-printed JSON.
pub struct Json;

impl Render for Json {
    fn render(&self, card: &Scorecard, out: &mut dyn Write) -> io::Result<()> {
        let mut value = serde_json::to_value(card).map_err(io::Error::other)?;
        round(&mut value);
        super::safe_json::write(out, &value)
    }
}

fn round(value: &mut Value) {
    match value {
        Value::Number(n) if n.is_f64() => {
            if let Some(rounded) = n
                .as_f64()
                .map(|f| (f * 1e6).round() / 1e6)
                .and_then(serde_json::Number::from_f64)
            {
                *n = rounded;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(round),
        Value::Object(map) => map.values_mut().for_each(round),
        _ => {}
    }
}
