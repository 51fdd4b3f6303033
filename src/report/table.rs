//! The scorecard for people: header, spend verdict, one table row per KPI (with a row
//! per creator for gate KPIs and per group with `--by`), then notes.

use std::io::{self, Write};

use comfy_table::{Cell, CellAlignment, Color, ContentArrangement, Table as Grid, presets};

use super::Render;
use super::format;
use crate::Scorecard;
use crate::campaign::{Better, Unit};
use crate::kpi::Status;
use crate::kpi::scorecard::{GroupScore, KpiScore, Spend};

/// Renders the scorecard as a text table.
pub struct Table {
    /// Colour the bands (only on a terminal, never under `NO_COLOR`).
    pub color: bool,
    /// Wrap long cells to the terminal's width (only when writing to a terminal).
    pub wrap: bool,
}

impl Render for Table {
    fn render(&self, card: &Scorecard, out: &mut dyn Write) -> io::Result<()> {
        let c = &card.campaign;
        let title = match (&c.name, &c.brand) {
            (Some(name), Some(brand)) => format!("{name} ({}) · {brand}", c.id),
            (Some(name), None) => format!("{name} ({})", c.id),
            _ => c.id.clone(),
        };
        writeln!(out, "{title}")?;
        let p = &card.period;
        let share = if p.total_days > 0 {
            p.elapsed_days * 100 / p.total_days
        } else {
            0
        };
        writeln!(
            out,
            "Period {} → {} · as of {} · day {} of {} ({share}% elapsed)",
            p.start, p.end, card.as_of, p.elapsed_days, p.total_days
        )?;
        writeln!(out)?;
        match card.verdict.spend {
            Spend::Approved => writeln!(out, "Spend: {}", self.paint("APPROVED", Color::Green))?,
            Spend::Blocked => {
                writeln!(out, "Spend: {}", self.paint("BLOCKED", Color::Red))?;
                for b in &card.verdict.blocking {
                    let kpi = card.kpis.iter().find(|k| k.id == b.kpi);
                    let value = match (b.value, kpi) {
                        (Some(v), Some(k)) => {
                            format!(" ({})", format::value(v, k.unit, &c.currency))
                        }
                        _ => String::new(),
                    };
                    writeln!(out, "  {} — {}: {}{value}", b.creator, b.kpi, b.band)?;
                }
            }
        }
        writeln!(out)?;

        let mut grid = Grid::new();
        grid.load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(if self.wrap {
                ContentArrangement::Dynamic
            } else {
                ContentArrangement::Disabled
            })
            .set_header([
                "KPI",
                "Tier",
                "Value",
                "Target / bands",
                "Band",
                "Pace",
                "Action",
            ]);
        if self.color {
            grid.enforce_styling();
        } else if !self.wrap {
            grid.force_no_tty();
        }
        for kpi in &card.kpis {
            grid.add_row(vec![
                Cell::new(&kpi.id),
                Cell::new(kpi.tier.to_string()),
                Cell::new(shown(kpi.value, kpi.unit, &c.currency))
                    .set_alignment(CellAlignment::Right),
                Cell::new(criteria(kpi, &c.currency)),
                self.band_cell(Some(kpi.band)),
                Cell::new(pace(kpi, &c.currency)),
                Cell::new(kpi.action.as_deref().unwrap_or("")),
            ]);
            let groups: Vec<&GroupScore> = if card.by.is_some() {
                kpi.groups.iter().collect()
            } else {
                kpi.creators.iter().collect()
            };
            for group in groups {
                grid.add_row(vec![
                    Cell::new(format!("  └ {}", group.key)),
                    Cell::new(""),
                    Cell::new(shown(group.value, kpi.unit, &c.currency))
                        .set_alignment(CellAlignment::Right),
                    Cell::new(""),
                    self.band_cell(group.band),
                    Cell::new(""),
                    Cell::new(""),
                ]);
            }
        }
        writeln!(out, "{grid}")?;
        if !card.notes.is_empty() {
            writeln!(out)?;
            for note in &card.notes {
                writeln!(out, "note: {note}")?;
            }
        }
        Ok(())
    }
}

impl Table {
    fn paint(&self, text: &str, color: Color) -> String {
        if !self.color {
            return text.to_owned();
        }
        let code = match color {
            Color::Green => 32,
            Color::Yellow => 33,
            Color::Red => 31,
            _ => 39,
        };
        format!("\x1b[1;{code}m{text}\x1b[0m")
    }

    fn band_cell(&self, status: Option<Status>) -> Cell {
        let Some(status) = status else {
            return Cell::new("—");
        };
        let cell = Cell::new(status.label());
        if !self.color {
            return cell;
        }
        match status {
            Status::Green => cell.fg(Color::Green),
            Status::Yellow => cell.fg(Color::Yellow),
            Status::Red => cell.fg(Color::Red),
            Status::NoData | Status::NotApplicable => cell.fg(Color::Magenta),
            Status::NotStarted | Status::Unrated => cell,
        }
    }
}

fn shown(value: Option<f64>, unit: Unit, currency: &str) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format::value(v, unit, currency))
}

fn criteria(kpi: &KpiScore, currency: &str) -> String {
    let cmp = match kpi.better {
        Better::Higher => "≥",
        Better::Lower => "≤",
    };
    let mut parts = Vec::new();
    if let Some(target) = kpi.target {
        let by = kpi.by.map(|d| format!(" by {d}")).unwrap_or_default();
        parts.push(format!(
            "target {cmp} {}{by}",
            format::value(target, kpi.unit, currency)
        ));
    }
    if let Some(b) = kpi.bands {
        let green = format::value(b.green, kpi.unit, currency);
        let yellow = format::value(b.yellow, kpi.unit, currency);
        if kpi.target.is_none() || Some(b.green) != kpi.target {
            parts.push(if green == yellow {
                format!("green {cmp} {green}")
            } else {
                format!("green {cmp} {green}, yellow {cmp} {yellow}")
            });
        }
    }
    parts.join("; ")
}

fn pace(kpi: &KpiScore, currency: &str) -> String {
    let Some(p) = kpi.pace else {
        return String::new();
    };
    match (p.projected, p.ratio) {
        (Some(projected), Some(ratio)) if p.elapsed_days < p.total_days => format!(
            "{} · {:.0}% of plan → {}",
            p.status.label(),
            ratio * 100.0,
            format::value(projected, kpi.unit, currency)
        ),
        _ => p.status.label().to_owned(),
    }
}
