//! A settlement as HTML: each creator's statement, the totals and the budget.

use std::io::{self, Write};

use askama::Template;

use super::{Page, Words, chart, write};
use crate::report::settle::{basis, committed_words, due};
use crate::settle::money::Amount;
use crate::settle::{Settlement, Totals};
use crate::text::{line, quote};

/// One line item.
struct LineView {
    kind: &'static str,
    description: String,
    basis: String,
    amount: String,
    status: &'static str,
    due: String,
}

/// One creator's statement.
struct StatementView {
    handle: String,
    lines: Vec<LineView>,
    totals: TotalsView,
}

/// Totals, each formatted.
struct TotalsView {
    earned: String,
    pending: String,
    due: String,
    paid: String,
    payable: String,
}

impl TotalsView {
    fn new(t: &Totals) -> TotalsView {
        TotalsView {
            earned: t.earned.to_string(),
            pending: t.pending.to_string(),
            due: t.due.to_string(),
            paid: t.paid.to_string(),
            payable: t.payable.to_string(),
        }
    }
}

/// The budget's use, in words and as one bar.
struct BudgetView {
    budget: String,
    words: String,
    stack: Vec<(String, String, &'static str)>,
    over: bool,
}

#[derive(Template)]
#[template(path = "html/settle.html")]
struct SettlePage {
    page: Page,
    campaign: String,
    currency: String,
    period: String,
    statements: Vec<StatementView>,
    total: TotalsView,
    budget: Option<BudgetView>,
    notes: Vec<Words>,
}

fn number(a: Amount) -> f64 {
    a.minor() as f64 / 10f64.powi(i32::try_from(a.digits()).unwrap_or(0))
}

/// Writes `s` as one HTML page.
pub fn settle(s: &Settlement, refresh: Option<u32>, out: &mut dyn Write) -> io::Result<()> {
    let campaign = quote(&s.campaign).into_owned();
    let state = if s.period.is_final {
        "over"
    } else {
        "under way"
    };
    let page = SettlePage {
        page: Page::new(
            format!("{campaign} — settlement as of {}", s.as_of),
            format!("as of {} · amounts in {}", s.as_of, quote(&s.currency)),
            refresh,
        ),
        currency: quote(&s.currency).into_owned(),
        period: format!(
            "as of {} · period {} to {}, {state}",
            s.as_of, s.period.start, s.period.end
        ),
        statements: s
            .creators
            .iter()
            .map(|st| StatementView {
                handle: quote(&st.handle).into_owned(),
                lines: st
                    .lines
                    .iter()
                    .map(|l| LineView {
                        kind: l.kind.name(),
                        description: line(&l.description).into_owned(),
                        basis: line(&basis(&l.basis)).into_owned(),
                        amount: l.amount.to_string(),
                        status: l.status.name(),
                        due: due(l),
                    })
                    .collect(),
                totals: TotalsView::new(&st.totals),
            })
            .collect(),
        total: TotalsView::new(&s.total),
        budget: s.budget.map(|b| {
            let remaining = number(b.remaining).max(0.0);
            BudgetView {
                budget: b.budget.to_string(),
                words: committed_words(&b),
                stack: chart::stacked(
                    &[
                        (number(b.ad_spend), "spend"),
                        (number(b.fees), "fees"),
                        (number(b.performance), "perf"),
                        (remaining, "left"),
                    ],
                    120.0,
                ),
                over: b.remaining.is_negative(),
            }
        }),
        notes: s.notes.iter().map(|n| Words::new(n)).collect(),
        campaign,
    };
    write(&page, out)
}
