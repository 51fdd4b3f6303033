//! The scorecard as CSV for spreadsheets: one row per KPI and per group, raw numbers.
//!
//! Cells arrive as written (handles keep their `@`), except those a spreadsheet would
//! run as a formula, which get a leading `'` (OWASP, "CSV Injection",
//! <https://owasp.org/www-community/attacks/CSV_Injection>): starting with `=`; with `+`
//! or `-` and not a number; with `@` and holding a call (`@SUM(A1)`); with a tab or a
//! carriage return. `--raw` leaves even those as written. Every CSV that `kpi` writes
//! goes through [`cell`].

use std::io::{self, Write};

use super::Render;
use crate::Scorecard;
use crate::kpi::scorecard::GroupScore;

/// Renders the scorecard as CSV.
pub struct Csv {
    /// Cells exactly as written: no formula neutralising.
    pub raw: bool,
}

/// Whether a spreadsheet opening `text` as a cell would run it as a formula.
pub fn is_formula(text: &str) -> bool {
    match text.as_bytes().first() {
        Some(b'=' | b'\t' | b'\r') => true,
        Some(b'+' | b'-') => text.parse::<f64>().is_err(),
        Some(b'@') => text.contains('('),
        _ => false,
    }
}

/// A CSV cell: neutralised with a leading `'` when it is a formula (unless `raw`), and
/// made safe to print ([`crate::text::clean`]).
pub fn cell(text: &str, raw: bool) -> std::borrow::Cow<'_, str> {
    if !raw && is_formula(text) {
        std::borrow::Cow::Owned(crate::text::clean(&format!("'{text}")).into_owned())
    } else {
        crate::text::clean(text)
    }
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
            w.write_record(row.iter().map(|c| cell(c, self.raw).into_owned()))?;
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
                w.write_record(row.iter().map(|c| cell(c, self.raw).into_owned()))?;
            }
        }
        w.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_handles_and_numbers_are_not() {
        let neutralise = |text| cell(text, false).into_owned();
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+1+2"), "'+1+2");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("-cmd"), "'-cmd");
        assert_eq!(neutralise("\tx"), "'\\tx");
        assert_eq!(neutralise("\rx"), "'\\rx");
        assert_eq!(neutralise("::add-mask::x"), "\\::add-mask::x");
        assert_eq!(neutralise("a\u{1b}[2Jb"), "a\\x1b[2Jb");
        assert_eq!(neutralise("-3.5"), "-3.5");
        assert_eq!(neutralise("+44"), "+44");
        assert_eq!(neutralise("@maya"), "@maya");
        assert_eq!(neutralise("@priya.glows"), "@priya.glows");
        assert_eq!(neutralise("pause spend"), "pause spend");
        assert_eq!(cell("=1+1", true), "=1+1");
        assert_eq!(cell("a\u{1b}b", true), "a\\x1bb");
    }
}
