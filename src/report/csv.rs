//! The scorecard as CSV for spreadsheets: one row per KPI and per group, raw numbers.
//!
//! Text cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
//! `@`, a tab or a carriage return) are neutralised with a leading `'`; cells that are
//! plain numbers are left as numbers.

use std::io::{self, Write};

use super::Render;
use crate::Scorecard;
use crate::kpi::scorecard::GroupScore;

/// Renders the scorecard as CSV.
pub struct Csv;

/// A cell made safe to open in a spreadsheet, and to print ([`crate::text::clean`]).
pub fn neutralise(text: &str) -> String {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let text = if risky && text.parse::<f64>().is_err() {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    crate::text::clean(&text).into_owned()
}

/// A value as its decimal: the exact one when there is one, else rounded to six decimals.
fn number(value: Option<f64>) -> String {
    value
        .map(|v| {
            crate::metrics::Fixed::from_f64(v).map_or_else(|| format!("{v}"), |f| f.to_string())
        })
        .unwrap_or_default()
}

fn exact_or(exact: Option<crate::metrics::Fixed>, value: Option<f64>) -> String {
    exact.map_or_else(|| number(value), |e| e.to_string())
}

impl Render for Csv {
    fn render(&self, card: &Scorecard, out: &mut dyn Write) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        let header = [
            "campaign",
            "as_of",
            "kpi",
            "group",
            "tier",
            "unit",
            "value",
            "band",
            "target",
            "green",
            "yellow",
            "pace",
            "projected",
            "action",
        ];
        w.write_record(header)?;
        for k in &card.kpis {
            let row = [
                card.campaign.id.clone(),
                card.as_of.to_string(),
                k.id.clone(),
                String::new(),
                k.tier.to_string(),
                format!("{:?}", k.unit).to_lowercase(),
                exact_or(k.exact, k.value),
                k.band.label().to_owned(),
                number(k.target),
                number(k.bands.map(|b| b.green)),
                number(k.bands.map(|b| b.yellow)),
                k.pace
                    .map(|p| p.status.label().to_owned())
                    .unwrap_or_default(),
                number(k.projected),
                k.action.clone().unwrap_or_default(),
            ];
            w.write_record(row.iter().map(|c| neutralise(c)))?;
            let groups: &[GroupScore] = if card.by.is_some() {
                &k.groups
            } else {
                &k.creators
            };
            for g in groups {
                let row = [
                    card.campaign.id.clone(),
                    card.as_of.to_string(),
                    k.id.clone(),
                    g.key.clone(),
                    k.tier.to_string(),
                    format!("{:?}", k.unit).to_lowercase(),
                    exact_or(g.exact, g.value),
                    g.band.map(|b| b.label().to_owned()).unwrap_or_default(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                ];
                w.write_record(row.iter().map(|c| neutralise(c)))?;
            }
        }
        w.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_numbers_are_not() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+1+2"), "'+1+2");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("-cmd"), "'-cmd");
        assert_eq!(neutralise("\tx"), "'\\tx");
        assert_eq!(neutralise("\rx"), "'\\rx");
        assert_eq!(neutralise("::add-mask::x"), "\\::add-mask::x");
        assert_eq!(neutralise("a\u{1b}[2Jb"), "a\\x1b[2Jb");
        assert_eq!(neutralise("-3.5"), "-3.5");
        assert_eq!(neutralise("@maya"), "'@maya");
        assert_eq!(neutralise("pause spend"), "pause spend");
    }
}
