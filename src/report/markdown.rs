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

/// A line of text in Markdown: made safe ([`crate::text::line`]: control characters
/// escaped, at most a line long), with the characters that would end a table cell or
/// open HTML written as entities.
pub fn cell(text: &str) -> String {
    escape(&crate::text::line(text))
}

/// A value from a file in Markdown: an excerpt ([`crate::text::quote`]), escaped as
/// [`cell`] is.
pub fn data(text: &str) -> String {
    escape(&crate::text::quote(text))
}

fn escape(text: &str) -> String {
    text.replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

impl Render for Markdown {
    fn render(&self, card: &Scorecard, out: &mut dyn Write) -> io::Result<()> {
        let c = &card.campaign;
        let name = c.name.as_deref().unwrap_or(&c.id);
        let verdict = match card.verdict.spend {
            Spend::Approved => "✅ **Spend: APPROVED**",
            Spend::Blocked => "⛔ **Spend: BLOCKED**",
        };
        writeln!(out, "## {} — {verdict}\n", data(name))?;
        let p = &card.period;
        let share = if p.total_days > 0 {
            p.elapsed_days * 100 / p.total_days
        } else {
            0
        };
        writeln!(
            out,
            "`{}` · {} → {} · as of {} · day {} of {} ({share}% elapsed)\n",
            data(&c.id).replace('`', "'"),
            p.start,
            p.end,
            card.as_of,
            p.elapsed_days,
            p.total_days
        )?;
        for b in &card.verdict.blocking {
            writeln!(
                out,
                "- blocked: **{}** on `{}` ({})",
                data(&b.creator),
                data(&b.kpi).replace('`', "'"),
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
                data(&k.id),
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
                writeln!(out, "- **{}** ({}): {}", data(&k.id), k.band, cell(action))?;
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
