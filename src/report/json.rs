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
        // A KPI that is a sum is written from its exact value, to the last digit: the
        // serialised KPIs, creators, groups and weeks are in the scorecard's order.
        if let Some(kpis) = value.get_mut("kpis").and_then(Value::as_array_mut) {
            for (json, kpi) in kpis.iter_mut().zip(&card.kpis) {
                set_exact(json, kpi.exact);
                if let (Some(trend), Some(weeks)) = (&kpi.trend, json.pointer_mut("/trend/weeks")) {
                    set_series(weeks, &trend.weeks);
                }
                set_groups(json.get_mut("creators"), &kpi.creators);
                set_groups(json.get_mut("groups"), &kpi.groups);
            }
        }
        super::safe_json::write(out, &value)
    }
}

fn set_groups(json: Option<&mut Value>, groups: &[crate::kpi::scorecard::GroupScore]) {
    let Some(items) = json.and_then(Value::as_array_mut) else {
        return;
    };
    for (item, group) in items.iter_mut().zip(groups) {
        set_exact(item, group.exact);
        if let Some(series) = item.get_mut("series") {
            set_series(series, &group.series);
        }
    }
}

fn set_series(json: &mut Value, weeks: &[crate::kpi::trend::WeekValue]) {
    if let Some(items) = json.as_array_mut() {
        for (item, week) in items.iter_mut().zip(weeks) {
            set_exact(item, week.exact);
        }
    }
}

fn set_exact(json: &mut Value, exact: Option<crate::metrics::Fixed>) {
    if let (Some(exact), Some(slot)) = (exact, json.get_mut("value")) {
        *slot = number(exact);
    }
}

/// A JSON number written from an exact decimal (`1450`, `1999.99`,
/// `123456789012345678901234`), never through a float.
pub fn number(value: crate::metrics::Fixed) -> Value {
    value
        .to_string()
        .parse::<serde_json::Number>()
        .map_or(Value::Null, Value::Number)
}

/// Every float of `value` rounded to six decimals and written as that decimal: ratios
/// print as `1.8`, not `1.7999999999999998`, and whole values as `4000`.
fn round(value: &mut Value) {
    match value {
        Value::Number(n) if n.is_f64() => {
            if let Some(rounded) = n.as_f64().and_then(crate::metrics::Fixed::from_f64)
                && let Value::Number(exact) = number(rounded)
            {
                *n = exact;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(round),
        Value::Object(map) => map.values_mut().for_each(round),
        _ => {}
    }
}
