//! The scorecard for people: header, spend verdict, one table row per KPI (with a row
//! per creator for gate KPIs and per group with `--by`), then notes.

use std::io::{self, Write};

use comfy_table::Color;

use super::Render;
use super::format;
use super::layout::{self, Column, Step};
use crate::Scorecard;
use crate::kpi::scorecard::{KpiScore, Spend};
use crate::kpi::{Status, trend};
use crate::text::quote;

/// Renders the scorecard as a text table.
pub struct Table {
    /// Colour the bands (only on a terminal, never under `NO_COLOR`).
    pub color: bool,
    /// The terminal's width to fit (only when writing to a terminal, and not `--wide`).
    pub width: Option<usize>,
}

/// How the scorecard table gives way on a narrow terminal, most dispensable first (the
/// action list above the table already holds every action).
const STEPS: &[Step] = &[
    Step::Wrap("Action", 36),
    Step::Drop("Action"),
    Step::Drop("Tier"),
    Step::Fold("Pace", &["; ", " · "]),
    Step::Fold("Target / bands", &[", ", "; ", " by "]),
    Step::Wrap("KPI", 24),
    Step::Drop("Pace"),
    Step::Drop("Trend"),
    Step::Wrap("KPI", 16),
    Step::Drop("Target / bands"),
];

impl Render for Table {
    fn render(&self, card: &Scorecard, out: &mut dyn Write) -> io::Result<()> {
        let c = &card.campaign;
        let id = quote(&c.id);
        let title = match (&c.name, &c.brand) {
            (Some(name), Some(brand)) => format!("{} ({id}) · {}", quote(name), quote(brand)),
            (Some(name), None) => format!("{} ({id})", quote(name)),
            _ => id.into_owned(),
        };
        writeln!(out, "{title}")?;
        let p = &card.period;
        writeln!(
            out,
            "Period {} → {} · {}",
            p.start,
            p.end,
            format::progress(card)
        )?;
        writeln!(out)?;
        self.verdict(card, out)?;
        self.actions(card, out)?;
        let (grid, dropped) = layout::fit(self.columns(card), STEPS, self.width, self.color);
        writeln!(out, "{grid}")?;
        if !dropped.is_empty() {
            let line = format!(
                "(not shown at {} columns: {}; --wide shows them)",
                self.width.unwrap_or_default(),
                dropped.join(", ")
            );
            writeln!(out, "{}", self.wrapped(&line, 1))?;
        }
        if !card.notes.is_empty() {
            writeln!(out)?;
            for note in &card.notes {
                let note = format!("note: {}", crate::text::line(note));
                writeln!(out, "{}", self.wrapped(&note, 6))?;
            }
        }
        Ok(())
    }
}

/// A KPI's name as the file gives it (or the built-in's), for people.
fn name(kpi: &KpiScore) -> String {
    quote(&kpi.name).into_owned()
}

impl Table {
    /// `text` wrapped to the terminal at spaces, later lines indented by `indent`.
    fn wrapped(&self, text: &str, indent: usize) -> String {
        match self.width {
            Some(width) => layout::hanging(text, width, indent),
            None => text.to_owned(),
        }
    }

    /// The spend verdict, and each gate KPI with the creators it holds back.
    fn verdict(&self, card: &Scorecard, out: &mut dyn Write) -> io::Result<()> {
        let c = &card.campaign;
        if card.verdict.spend == Spend::Approved {
            writeln!(out, "Spend: {}", self.paint("APPROVED", Color::Green))?;
            return writeln!(out);
        }
        let held = format::held_back(card.creators_held_back());
        writeln!(out, "Spend: {} — {held}", self.paint("BLOCKED", Color::Red))?;
        let (gates, more) = card.blocked_by(super::MAX_LISTED);
        for (kpi, here) in gates {
            let shown: Vec<String> = here
                .iter()
                .map(|b| format::blocker(b, kpi.unit, &c.currency))
                .collect();
            let band = self.paint(here[0].band.label(), color_of(here[0].band));
            let line = format!("  {} {band}: {}", name(kpi), shown.join(", "));
            writeln!(out, "{}", self.wrapped(&line, 4))?;
        }
        if more > 0 {
            writeln!(out, "  … and {more} more (every one in --format json)")?;
        }
        writeln!(out)
    }

    /// What to do first ([`Scorecard::first_actions`]).
    fn actions(&self, card: &Scorecard, out: &mut dyn Write) -> io::Result<()> {
        let todo = card.first_actions();
        if todo.is_empty() {
            return Ok(());
        }
        writeln!(out, "What to do first:")?;
        for kpi in todo {
            let action = crate::text::line(kpi.action.as_deref().unwrap_or_default());
            let band = format!("{:<7}", kpi.band.label());
            let line = format!("  {band} {}: {action}", name(kpi));
            // Colour after wrapping: escape codes have no width.
            let wrapped = self.wrapped(&line, 10);
            let painted = wrapped.replacen(&band, &self.paint(&band, color_of(kpi.band)), 1);
            writeln!(out, "{painted}")?;
        }
        writeln!(out)
    }

    /// The table's columns: a row per KPI, and per creator (gates) or `--by` group.
    fn columns(&self, card: &Scorecard) -> Vec<Column> {
        let currency = &card.campaign.currency;
        let mut cols = [
            Column::new("KPI"),
            Column::new("Tier"),
            Column::new("Value").right(),
            Column::new("Target / bands"),
            Column::new("Band"),
            Column::new("Pace"),
            Column::new("Trend"),
            Column::new("Action"),
        ];
        for kpi in &card.kpis {
            let row = [
                (name(kpi), None),
                (kpi.tier.to_string(), None),
                (format::shown(kpi.value, kpi.unit, currency), None),
                (format::criteria(kpi, currency), None),
                self.band(Some(kpi.band)),
                (format::pace(kpi, currency), None),
                (format::trend(kpi), None),
                (
                    crate::text::line(kpi.action.as_deref().unwrap_or("")).into_owned(),
                    None,
                ),
            ];
            for (col, (text, paint)) in cols.iter_mut().zip(row) {
                col.push(text, paint);
            }
            let groups = if card.by.is_some() {
                &kpi.groups
            } else {
                &kpi.creators
            };
            for group in groups {
                let series: Vec<Option<f64>> = group.series.iter().map(|w| w.value).collect();
                let row = [
                    // No-break spaces: the mark stays with its handle when names wrap.
                    (format!("\u{a0}\u{a0}└\u{a0}{}", quote(&group.key)), None),
                    (String::new(), None),
                    (format::shown(group.value, kpi.unit, currency), None),
                    (String::new(), None),
                    self.band(group.band),
                    (String::new(), None),
                    (trend::sparkline(&series), None),
                    (String::new(), None),
                ];
                for (col, (text, paint)) in cols.iter_mut().zip(row) {
                    col.push(text, paint);
                }
            }
        }
        cols.into()
    }

    fn paint(&self, text: &str, color: Color) -> String {
        if !self.color {
            return text.to_owned();
        }
        let code = match color {
            Color::Green => 32,
            Color::Yellow => 33,
            Color::Red => 31,
            Color::Magenta => 35,
            _ => 39,
        };
        format!("\x1b[1;{code}m{text}\x1b[0m")
    }

    fn band(&self, status: Option<Status>) -> (String, Option<Color>) {
        match status {
            None => ("—".to_owned(), None),
            Some(status) => (status.label().to_owned(), Some(color_of(status))),
        }
    }
}

/// The colour of a band.
fn color_of(status: Status) -> Color {
    match status {
        Status::Green => Color::Green,
        Status::Yellow => Color::Yellow,
        Status::Red => Color::Red,
        Status::NoData | Status::NotApplicable => Color::Magenta,
        Status::NotStarted | Status::TooEarly | Status::Unrated => Color::Reset,
    }
}
