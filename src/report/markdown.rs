//! The scorecard as Markdown for a pull-request comment or a chat message: the verdict
//! first, then the table, then the actions.

use std::io::{self, Write};

use super::Render;
use super::format;
use crate::Scorecard;
use crate::kpi::Status;
use crate::kpi::scorecard::Spend;

/// Renders the scorecard as GitHub-flavoured Markdown.
pub struct Markdown;

fn badge(status: Status) -> String {
    let dot = match status {
        Status::Green => "🟢",
        Status::Yellow => "🟡",
        Status::Red => "🔴",
        Status::NoData | Status::NotApplicable => "⚪",
        Status::NotStarted | Status::TooEarly | Status::Unrated => "⚫",
    };
    format!("{dot} {}", status.label())
}

/// Escapes a table cell: pipes and line breaks would end it.
pub fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

impl Render for Markdown {
    fn render(&self, card: &Scorecard, out: &mut dyn Write) -> io::Result<()> {
        let c = &card.campaign;
        let name = c.name.as_deref().unwrap_or(&c.id);
        let verdict = match card.verdict.spend {
            Spend::Approved => "✅ **Spend: APPROVED**",
            Spend::Blocked => "⛔ **Spend: BLOCKED**",
        };
        writeln!(out, "## {} — {verdict}\n", cell(name))?;
        let p = &card.period;
        let share = if p.total_days > 0 {
            p.elapsed_days * 100 / p.total_days
        } else {
            0
        };
        writeln!(
            out,
            "`{}` · {} → {} · as of {} · day {} of {} ({share}% elapsed)\n",
            c.id, p.start, p.end, card.as_of, p.elapsed_days, p.total_days
        )?;
        for b in &card.verdict.blocking {
            writeln!(
                out,
                "- blocked: **{}** on `{}` ({})",
                cell(&b.creator),
                b.kpi,
                b.band
            )?;
        }
        if !card.verdict.blocking.is_empty() {
            writeln!(out)?;
        }
        writeln!(out, "| KPI | Tier | Value | Target / bands | Band | Pace |")?;
        writeln!(out, "|---|---|---:|---|---|---|")?;
        for k in &card.kpis {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                cell(&k.id),
                k.tier,
                cell(&format::shown(k.value, k.unit, &c.currency)),
                cell(&format::criteria(k, &c.currency)),
                badge(k.band),
                cell(&format::pace(k, &c.currency))
            )?;
        }
        let actions: Vec<_> = card
            .kpis
            .iter()
            .filter_map(|k| k.action.as_ref().map(|a| (k, a)))
            .collect();
        if !actions.is_empty() {
            writeln!(out, "\n### Actions\n")?;
            for (k, action) in actions {
                writeln!(out, "- **{}** ({}): {}", cell(&k.id), k.band, cell(action))?;
            }
        }
        if !card.notes.is_empty() {
            writeln!(out)?;
            for note in &card.notes {
                writeln!(out, "> {}", cell(note))?;
            }
        }
        Ok(())
    }
}
