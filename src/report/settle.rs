//! `kpi settle` output: each creator's statement and the totals, as a table, JSON, CSV
//! (one row per line item, for a finance import) or markdown.

use std::io::{self, Write};

use comfy_table::{CellAlignment, Table, presets};

use super::Style;
use super::csv::cell as csv_cell;
use crate::settle::{Basis, Line, Settlement, Statement, Totals};

/// An output format of `kpi settle`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SettleFormat {
    /// A text table per creator.
    Table,
    /// The whole settlement as JSON (amounts as decimal strings).
    Json,
    /// One row per line item.
    Csv,
    /// Markdown tables.
    Markdown,
    /// One self-contained HTML page.
    Html,
}

/// Writes `settlement` in `format`.
pub fn render(
    settlement: &Settlement,
    format: SettleFormat,
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        SettleFormat::Json => super::safe_json::write(out, settlement),
        SettleFormat::Csv => csv(settlement, style.raw, out),
        SettleFormat::Table => table(settlement, style, out),
        SettleFormat::Markdown => markdown(settlement, out),
        SettleFormat::Html => super::html::settle(settlement, style.refresh, out),
    }
}

/// `name value, name value` of a line's basis (`name —` for no value).
pub(crate) fn basis(items: &[Basis]) -> String {
    items
        .iter()
        .map(|b| match &b.value {
            Some(v) => format!("{} {v}", b.name),
            None => format!("{} —", b.name),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn due(line: &Line) -> String {
    line.due_on.map(|d| d.to_string()).unwrap_or_default()
}

/// The totals in one line of words.
fn totals_line(t: &Totals, currency: &str) -> String {
    format!(
        "earned {currency} {}, pending {}, due {}, paid {}, payable now {}",
        t.earned, t.pending, t.due, t.paid, t.payable
    )
}

/// What is committed against the budget, in words (after `Budget 20000.00: `).
pub(crate) fn committed_words(b: &crate::settle::BudgetUse) -> String {
    format!(
        "committed {} (ad spend {}, fees {}, performance pay {}), remaining {}",
        b.committed, b.ad_spend, b.fees, b.performance, b.remaining
    )
}

fn heading(s: &Settlement) -> String {
    let state = if s.period.is_final {
        "over"
    } else {
        "under way"
    };
    format!(
        "{}: settlement as of {}, amounts in {}\nperiod {} to {}, {state}",
        crate::text::quote(&s.campaign),
        s.as_of,
        crate::text::quote(&s.currency),
        s.period.start,
        s.period.end,
    )
}

fn table(s: &Settlement, style: Style, out: &mut dyn Write) -> io::Result<()> {
    // Lines of words wrap to the terminal, later lines indented under the first word.
    let fit = |text: &str, indent: usize| match style.width {
        Some(width) => super::layout::hanging(text, width, indent),
        None => text.to_owned(),
    };
    writeln!(out, "{}", heading(s))?;
    for statement in &s.creators {
        writeln!(out, "\n{}", crate::text::quote(&statement.handle))?;
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED).set_header([
            "kind",
            "line",
            "decided on",
            "amount",
            "status",
            "due on",
        ]);
        if let Some(width) = style.width {
            t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
                .set_width(u16::try_from(width).unwrap_or(u16::MAX));
        } else {
            t.force_no_tty();
        }
        for line in &statement.lines {
            t.add_row([
                line.kind.name().to_owned(),
                crate::text::line(&line.description).into_owned(),
                crate::text::line(&basis(&line.basis)).into_owned(),
                line.amount.to_string(),
                line.status.name().to_owned(),
                due(line),
            ]);
        }
        if let Some(column) = t.column_mut(3) {
            column.set_cell_alignment(CellAlignment::Right);
        }
        writeln!(out, "{t}")?;
        writeln!(
            out,
            "{}",
            fit(&totals_line(&statement.totals, &s.currency), 2)
        )?;
    }
    let total = format!("Total: {}", totals_line(&s.total, &s.currency));
    writeln!(out, "\n{}", fit(&total, 2))?;
    if let Some(b) = &s.budget {
        let budget = format!("Budget {}: {}", b.budget, committed_words(b));
        writeln!(out, "{}", fit(&budget, 2))?;
    }
    for note in &s.notes {
        let note = format!("note: {}", crate::text::line(note));
        writeln!(out, "{}", fit(&note, 6))?;
    }
    Ok(())
}

/// One CSV row per line item: campaign, creator, kind, line, basis, amount, status,
/// due date, currency.
fn csv(s: &Settlement, raw: bool, out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "campaign",
        "as_of",
        "creator",
        "kind",
        "description",
        "basis",
        "amount",
        "currency",
        "status",
        "due_on",
    ])?;
    for statement in &s.creators {
        for line in &statement.lines {
            w.write_record([
                csv_cell(&s.campaign, raw).into_owned(),
                s.as_of.to_string(),
                csv_cell(&statement.handle, raw).into_owned(),
                line.kind.name().to_owned(),
                csv_cell(&line.description, raw).into_owned(),
                csv_cell(&basis(&line.basis), raw).into_owned(),
                line.amount.to_string(),
                csv_cell(&s.currency, raw).into_owned(),
                line.status.name().to_owned(),
                due(line),
            ])?;
        }
    }
    w.flush()
}

fn markdown(s: &Settlement, out: &mut dyn Write) -> io::Result<()> {
    let cell = super::markdown::cell;
    let heading = heading(s);
    let (title, period) = heading.split_once('\n').unwrap_or((&heading, ""));
    writeln!(out, "# {}\n\n{}", cell(title), cell(period))?;
    for statement in &s.creators {
        markdown_statement(statement, &s.currency, out)?;
    }
    writeln!(
        out,
        "\n**Total:** {}",
        cell(&totals_line(&s.total, &s.currency))
    )?;
    if let Some(b) = &s.budget {
        writeln!(out, "\n**Budget** {}: {}", b.budget, committed_words(b))?;
    }
    if !s.notes.is_empty() {
        writeln!(out, "\n## Notes\n")?;
        for note in &s.notes {
            writeln!(out, "- {}", cell(note))?;
        }
    }
    Ok(())
}

fn markdown_statement(s: &Statement, currency: &str, out: &mut dyn Write) -> io::Result<()> {
    let cell = super::markdown::cell;
    writeln!(out, "\n## {}\n", cell(&s.handle))?;
    writeln!(
        out,
        "| kind | line | decided on | amount | status | due on |"
    )?;
    writeln!(out, "|---|---|---|--:|---|---|")?;
    for line in &s.lines {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            line.kind.name(),
            cell(&line.description),
            cell(&basis(&line.basis)),
            line.amount,
            line.status.name(),
            due(line)
        )?;
    }
    writeln!(out, "\n{}", cell(&totals_line(&s.totals, currency)))
}
