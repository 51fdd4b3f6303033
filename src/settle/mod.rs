//! Settlement (DESIGN §13): what each creator is owed — fees, bonuses, commission and
//! penalties — from the contracts' terms and the same metrics the scorecard reads.
//!
//! A stage of its own: it reads the [`Campaign`] and the [`MetricTable`] and produces a
//! [`Settlement`]; it never changes the scorecard. Money is exact: sums are [`Fixed`],
//! each line is rounded once (half-up, to the currency's minor unit) from an exact
//! fraction, and totals add the rounded lines.
//!
//! [`Fixed`]: crate::metrics::Fixed

pub mod condition;
mod lines;
pub mod money;
pub mod statement;

use chrono::NaiveDate;

use crate::campaign::Campaign;
use crate::error::{Error, Result};
use crate::kpi::{Kpi, definition, scorecard::judged_on};
use crate::metrics::ingest::IngestStats;
use crate::metrics::sources::{ReadFlags, Reading};
use crate::metrics::{MetricTable, MetricsArg, Progress, creator_key, read_campaign_metrics};
use lines::{Context, Terms};
use money::Amount;
pub use statement::{
    Basis, BudgetUse, Line, LineKind, LineStatus, Period, Settlement, Statement, Totals,
};

/// What to settle, beyond the campaign file.
#[derive(Debug, Clone, Default)]
pub struct SettleOptions {
    /// The day the statements describe.
    pub as_of: NaiveDate,
    /// Only this creator's statement (a handle, `@` optional).
    pub creator: Option<String>,
    /// `--metrics` inputs, read after the campaign's own `metrics:` files.
    pub metrics: Vec<MetricsArg>,
    /// What the user said about the exports.
    pub read: ReadFlags,
}

/// Reads the campaign's metrics (and the orders carrying its affiliate codes) and
/// settles every contract.
pub fn settle(
    campaign: &Campaign,
    options: &SettleOptions,
    progress: &dyn Progress,
) -> Result<Settlement> {
    let (table, stats) = read_campaign_metrics(
        campaign,
        &options.metrics,
        &Reading {
            as_of: judged_on(campaign, options.as_of),
            trend: false,
            every_creator: false,
            codes: true,
            flags: options.read.clone(),
        },
        progress,
    )?;
    let kpis = definition::resolve(campaign, &table)?;
    evaluate(campaign, &kpis, &table, &stats, options)
}

/// Settles every contract of `campaign` against a metric table read with codes.
pub fn evaluate(
    campaign: &Campaign,
    kpis: &[Kpi],
    table: &MetricTable,
    stats: &IngestStats,
    options: &SettleOptions,
) -> Result<Settlement> {
    let info = &campaign.campaign;
    let currency = info.currency();
    let digits = money::minor_digits(&currency);
    let (start, end) = (info.period.start.0, info.period.end.0);
    let cx = Context {
        campaign,
        table,
        kpis,
        as_of: options.as_of,
        start,
        end,
        is_final: options.as_of > end,
        digits,
    };
    let wanted = match &options.creator {
        Some(handle) => Some(chosen_creator(campaign, handle)?),
        None => None,
    };
    one_contract_per_code(campaign)?;
    let mut notes = Vec::new();
    let mut every = Vec::new();
    let mut problems = Vec::new();
    for creator in &campaign.creators {
        let Some(pay) = creator
            .contract
            .as_ref()
            .and_then(|c| c.compensation.as_ref())
        else {
            continue;
        };
        let terms = Terms::new(creator, pay);
        let mut own = Vec::new();
        match statement(&cx, &terms, &mut own) {
            Ok(statement) => {
                let shown = wanted.as_ref().is_none_or(|w| *w == terms.key);
                if shown {
                    notes.append(&mut own);
                }
                every.push((shown, statement));
            }
            Err(e) => problems.push(e),
        }
    }
    Error::collect(problems)?;
    if wanted.is_none() {
        notes.extend(code_notes(campaign, stats, cx.is_final));
    }
    notes.extend(condition_notes(&cx, wanted.as_deref()));
    let budget = budget_use(&cx, every.iter().map(|(_, s)| s));
    let creators: Vec<Statement> = every
        .into_iter()
        .filter_map(|(shown, s)| shown.then_some(s))
        .collect();
    let total = creators
        .iter()
        .try_fold(Totals::zero(digits), |t, s| t.with_creator(s.totals))
        .ok_or_else(too_large)?;
    Ok(Settlement {
        campaign: info.id.value.clone(),
        currency,
        as_of: options.as_of,
        period: Period {
            start,
            end,
            is_final: cx.is_final,
        },
        creators,
        total,
        budget,
        notes,
    })
}

/// What the campaign has committed against its budget at `as_of` (ad spend, every fee
/// contracted, performance pay earned), for the scorecard's budget note; `None` without
/// a budget.
pub fn committed(
    campaign: &Campaign,
    kpis: &[Kpi],
    table: &MetricTable,
    as_of: NaiveDate,
) -> Result<Option<BudgetUse>> {
    let options = SettleOptions {
        as_of,
        ..SettleOptions::default()
    };
    Ok(evaluate(campaign, kpis, table, &IngestStats::default(), &options)?.budget)
}

fn too_large() -> Error {
    Error::Usage {
        message: "the amounts are too large to add up exactly".into(),
    }
}

/// An affiliate code in two contracts would pay two creators for one order.
fn one_contract_per_code(campaign: &Campaign) -> Result<()> {
    let mut holders: std::collections::HashMap<String, &str> = Default::default();
    for creator in &campaign.creators {
        let Some(code) = creator.affiliate_code() else {
            continue;
        };
        let key = crate::metrics::code_key(code);
        if key.is_empty() {
            continue;
        }
        if let Some(first) = holders.insert(key, &creator.handle) {
            return Err(Error::campaign(
                campaign.source.place(code.line, code.column),
                format!(
                    "the affiliate code `{}` is also in the contract of {}; one code pays one creator, so give each its own",
                    crate::text::quote(code),
                    crate::text::quote(first)
                ),
            ));
        }
    }
    Ok(())
}

/// The creator key of `--creator`, or why no contract is it.
fn chosen_creator(campaign: &Campaign, handle: &str) -> Result<String> {
    let key = creator_key(handle);
    if let Some(creator) = campaign
        .creators
        .iter()
        .find(|c| creator_key(&c.handle) == key)
    {
        let paid = creator
            .contract
            .as_ref()
            .is_some_and(|c| c.compensation.is_some());
        if !paid {
            return Err(Error::Usage {
                message: format!(
                    "{} has no contract with `compensation:`, so there is nothing to settle",
                    crate::text::quote(&creator.handle)
                ),
            });
        }
        return Ok(key);
    }
    let known: Vec<&str> = campaign
        .creators
        .iter()
        .map(|c| c.handle.as_str())
        .collect();
    Err(Error::Usage {
        message: format!(
            "no creator `{}` in the campaign; its creators are {}",
            crate::text::quote(handle),
            crate::text::quote_list(known)
        ),
    })
}

/// One creator's statement: every line, then the totals.
fn statement(cx: &Context<'_>, terms: &Terms<'_>, notes: &mut Vec<String>) -> Result<Statement> {
    let mut all = lines::fees(cx, terms)?;
    all.extend(lines::bonuses(cx, terms)?);
    all.extend(lines::tiers(cx, terms)?);
    all.extend(lines::commission(cx, terms, notes)?);
    all.extend(lines::penalties(cx, terms)?);
    all.extend(lines::product(cx, terms)?);
    let totals = totals(cx, terms, &all, notes)?;
    Ok(Statement {
        handle: terms.creator.handle.trim().to_owned(),
        lines: all,
        totals,
    })
}

/// Earned, pending, due, paid and payable from a statement's lines and `paid:` entries.
fn totals(
    cx: &Context<'_>,
    terms: &Terms<'_>,
    lines: &[Line],
    notes: &mut Vec<String>,
) -> Result<Totals> {
    let mut t = Totals::zero(cx.digits);
    let add = |a: Amount, b: Amount| a.checked_add(b).ok_or_else(too_large);
    for line in lines {
        match line.status {
            LineStatus::Earned | LineStatus::Deducted => {
                t.earned = add(t.earned, line.amount)?;
                if line.due_on.is_some_and(|d| d <= cx.as_of) {
                    t.due = add(t.due, line.amount)?;
                }
            }
            LineStatus::Pending => t.pending = add(t.pending, line.amount)?,
            LineStatus::NotMet | LineStatus::Listed => {}
        }
    }
    let handle = crate::text::quote(&terms.creator.handle).into_owned();
    let contract = terms.creator.contract.as_ref();
    for payment in contract.map(|c| &c.paid[..]).unwrap_or_default() {
        if payment.on.value.0 > cx.as_of {
            continue;
        }
        let amount = Amount::from_fixed(payment.amount.value.0, cx.digits).ok_or_else(too_large)?;
        t.paid = add(t.paid, amount)?;
        if let Some(id) = &payment.deliverable {
            let delivered = terms
                .creator
                .deliverables
                .iter()
                .find(|d| d.id.value == id.value);
            match delivered {
                None => notes.push(format!(
                    "{handle} was paid {amount} on {} for `{}`, which is not one of their deliverables",
                    payment.on.value,
                    crate::text::quote(id)
                )),
                Some(d) if d.delivered_on.as_ref().is_none_or(|x| x.value.0 > cx.as_of) => {
                    notes.push(format!(
                        "{handle} was paid {amount} on {} for `{}`, which is not delivered",
                        payment.on.value,
                        crate::text::quote(id)
                    ));
                }
                Some(_) => {}
            }
        }
    }
    t.payable = t.due.checked_sub(t.paid).ok_or_else(too_large)?;
    if t.payable.is_negative() {
        notes.push(format!(
            "{handle} has been paid {} more than is due",
            t.payable.negate()
        ));
    }
    Ok(t)
}

/// Committed spend against the budget: ad spend, every fee contracted, and performance
/// pay earned.
fn budget_use<'s>(
    cx: &Context<'_>,
    statements: impl Iterator<Item = &'s Statement>,
) -> Option<BudgetUse> {
    let budget = cx.campaign.campaign.budget.as_ref()?;
    let digits = cx.digits;
    let budget = Amount::from_fixed(budget.value.0, digits)?;
    let ad_spend = cx
        .table
        .total("spend")
        .and_then(|s| Amount::from_fixed(s, digits))
        .unwrap_or(Amount::zero(digits));
    let (mut fees, mut performance) = (Amount::zero(digits), Amount::zero(digits));
    for line in statements.flat_map(|s| &s.lines) {
        match (line.kind, line.status) {
            (LineKind::Fee, _) => fees = fees.checked_add(line.amount)?,
            (LineKind::Product, _) => {}
            (_, LineStatus::Earned | LineStatus::Deducted) => {
                performance = performance.checked_add(line.amount)?;
            }
            _ => {}
        }
    }
    let committed = ad_spend.checked_add(fees)?.checked_add(performance)?;
    Some(BudgetUse {
        budget,
        ad_spend,
        fees,
        performance,
        committed,
        remaining: budget.checked_sub(committed)?,
    })
}

/// Notes on codes: orders carrying codes no contract holds, and orders after the period.
fn code_notes(campaign: &Campaign, stats: &IngestStats, is_final: bool) -> Vec<String> {
    let mut notes = Vec::new();
    let (count, beyond) = stats.other_codes.count();
    if count > 0 {
        let named: Vec<&str> = stats.other_codes.names().collect();
        notes.push(format!(
            "codes no contract holds are on {} ({}{} code{}): {}{}",
            lines::orders(stats.other_codes.rows),
            if beyond { "more than " } else { "" },
            count,
            if count == 1 { "" } else { "s" },
            crate::text::quote_list(named.iter().copied()),
            if count > named.len() {
                format!(" and {} more", count - named.len())
            } else {
                String::new()
            }
        ));
    }
    if is_final {
        let end = campaign.campaign.period.end.0;
        for (code, (rows, last)) in &stats.codes_after {
            notes.push(format!(
                "{} carrying code `{}`, dated after the period ended on {end} (the last on {last}): no commission is paid on them",
                lines::orders(*rows),
                crate::text::quote(code)
            ));
        }
    }
    notes
}

/// A bonus, tier or penalty condition naming something no export has.
fn condition_notes(cx: &Context<'_>, wanted: Option<&str>) -> Vec<String> {
    let mut notes = Vec::new();
    for creator in &cx.campaign.creators {
        if wanted.is_some_and(|w| w != creator_key(&creator.handle)) {
            continue;
        }
        let Some(contract) = creator.contract.as_ref() else {
            continue;
        };
        for when in contract.pay_conditions() {
            let Ok(condition) = condition::Condition::parse(&when.value) else {
                continue;
            };
            for name in condition.names() {
                if !cx.knows(name) {
                    notes.push(format!(
                        "the condition `{}` of {} names `{}`, which no export has: it cannot be met",
                        crate::text::quote(&when.value),
                        crate::text::quote(&creator.handle),
                        crate::text::quote(name)
                    ));
                }
            }
        }
    }
    notes
}
