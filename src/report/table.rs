//! The scorecard for people: header, spend verdict, one table row per KPI (with a row
//! per creator for gate KPIs and per group with `--by`), then notes.

use std::io::{self, Write};

use comfy_table::{Cell, CellAlignment, Color, ContentArrangement, Table as Grid, presets};

use super::Render;
use super::format;
use crate::Scorecard;
use crate::kpi::scorecard::{GroupScore, Spend};
use crate::kpi::{Status, trend};
use crate::text::quote;

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
        match card.verdict.spend {
            Spend::Approved => writeln!(out, "Spend: {}", self.paint("APPROVED", Color::Green))?,
            Spend::Blocked => {
                writeln!(out, "Spend: {}", self.paint("BLOCKED", Color::Red))?;
                let blocking = &card.verdict.blocking;
                for b in blocking.iter().take(super::MAX_LISTED) {
                    let kpi = card.kpis.iter().find(|k| k.id == b.kpi);
                    let value = match (b.value, kpi) {
                        (Some(v), Some(k)) => {
                            format!(" ({})", format::value(v, k.unit, &c.currency))
                        }
                        _ => String::new(),
                    };
                    writeln!(
                        out,
                        "  {} — {}: {}{value}",
                        quote(&b.creator),
                        quote(&b.kpi),
                        b.band
                    )?;
                }
                if blocking.len() > super::MAX_LISTED {
                    writeln!(
                        out,
                        "  … and {} more (every one in --format json)",
                        blocking.len() - super::MAX_LISTED
                    )?;
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
                "Trend",
                "Action",
            ]);
        if self.color {
            grid.enforce_styling();
        } else if !self.wrap {
            grid.force_no_tty();
        }
        for kpi in &card.kpis {
            grid.add_row(vec![
                Cell::new(quote(&kpi.id)),
                Cell::new(kpi.tier.to_string()),
                Cell::new(format::shown(kpi.value, kpi.unit, &c.currency))
                    .set_alignment(CellAlignment::Right),
                Cell::new(format::criteria(kpi, &c.currency)),
                self.band_cell(Some(kpi.band)),
                Cell::new(format::pace(kpi, &c.currency)),
                Cell::new(format::trend(kpi)),
                Cell::new(crate::text::line(kpi.action.as_deref().unwrap_or(""))),
            ]);
            let groups: Vec<&GroupScore> = if card.by.is_some() {
                kpi.groups.iter().collect()
            } else {
                kpi.creators.iter().collect()
            };
            for group in groups {
                grid.add_row(vec![
                    Cell::new(format!("  └ {}", quote(&group.key))),
                    Cell::new(""),
                    Cell::new(format::shown(group.value, kpi.unit, &c.currency))
                        .set_alignment(CellAlignment::Right),
                    Cell::new(""),
                    self.band_cell(group.band),
                    Cell::new(""),
                    Cell::new(trend::sparkline(
                        &group.series.iter().map(|w| w.value).collect::<Vec<_>>(),
                    )),
                    Cell::new(""),
                ]);
            }
        }
        writeln!(out, "{grid}")?;
        if !card.notes.is_empty() {
            writeln!(out)?;
            for note in &card.notes {
                writeln!(out, "note: {}", crate::text::line(note))?;
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
            Status::NotStarted | Status::TooEarly | Status::Unrated => cell,
        }
    }
}
