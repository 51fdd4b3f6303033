//! The lines of one creator's statement, one function per kind of pay.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate};

use super::condition::{Condition, Verdict};
use super::money::Amount;
use super::statement::{Basis, Line, LineKind, LineStatus};
use crate::campaign::{Bonus, Commission, Compensation, Creator, Deduction, Located, Percent};
use crate::error::{Error, Result};
use crate::kpi::Kpi;
use crate::kpi::formula::Outcome;
use crate::metrics::{Dimension, Fixed, MetricTable, code_key, creator_key};

/// Millionths in a unit ([`Fixed`]'s scale), for exact fractions of amounts.
const SCALE: i128 = 1_000_000;

/// What every line of a campaign is decided against.
pub(super) struct Context<'a> {
    pub(super) campaign: &'a crate::campaign::Campaign,
    pub(super) table: &'a MetricTable,
    pub(super) kpis: &'a [Kpi],
    /// The day described.
    pub(super) as_of: NaiveDate,
    pub(super) start: NaiveDate,
    pub(super) end: NaiveDate,
    /// The period is over at `as_of`: conditions are judged for good.
    pub(super) is_final: bool,
    /// Decimals of the currency's minor unit.
    pub(super) digits: u32,
}

/// One creator's contract terms, with what the lines need from the creator.
pub(super) struct Terms<'a> {
    pub(super) creator: &'a Creator,
    /// The creator's key, for metric lookups.
    pub(super) key: String,
    pub(super) pay: &'a Compensation,
    /// Days after an amount is earned that it is due (`net-N`; 0 when unsaid).
    pub(super) net: u32,
    /// When the contract was signed.
    signed: Option<NaiveDate>,
}

impl<'a> Terms<'a> {
    /// The terms of `creator`'s contract, which pays `pay`.
    pub(super) fn new(creator: &'a Creator, pay: &'a Compensation) -> Terms<'a> {
        Terms {
            creator,
            key: creator_key(&creator.handle),
            pay,
            net: pay.payment_terms.as_ref().map_or(0, |t| t.value.days),
            signed: creator
                .contract
                .as_ref()
                .and_then(|c| c.signed_on.as_ref())
                .map(|d| d.value.0),
        }
    }
}

impl Context<'_> {
    fn error(&self, line: u64, column: u64, message: String) -> Error {
        Error::campaign(self.campaign.source.place(line, column), message)
    }

    /// `day` plus the payment terms.
    fn due(&self, day: NaiveDate, terms: &Terms<'_>) -> NaiveDate {
        day.checked_add_days(Days::new(u64::from(terms.net)))
            .unwrap_or(day)
    }

    /// `value` rounded to the minor unit, or an error naming it when it cannot be held.
    fn amount(&self, value: Fixed) -> Result<Amount> {
        Amount::from_fixed(value, self.digits)
            .ok_or_else(|| self.too_large(&format!("the amount {value}")))
    }

    /// The error for `what`, too large to work out exactly.
    fn too_large(&self, what: &str) -> Error {
        Error::Usage {
            message: format!("{what} is too large to work out exactly"),
        }
    }

    /// `value × factor ÷ per`, both exact decimals, rounded once to the minor unit:
    /// a share (`per` 100 for a percentage) or an amount per unit (`per` 1).
    fn times(&self, value: Fixed, factor: Fixed, per: i128) -> Result<Amount> {
        value
            .raw()
            .checked_mul(factor.raw())
            .and_then(|n| Amount::from_fraction(n, SCALE * SCALE * per, self.digits))
            .ok_or_else(|| self.too_large(&format!("{value} × {factor}")))
    }

    /// The exact value of `name` for the creator keyed `key`: a metric's sum, or a KPI's
    /// value (exact when its formula is a sum).
    pub(super) fn value(&self, key: &str, name: &str) -> Option<Fixed> {
        let group = Some((Dimension::Creator, key));
        if self.table.has(name) {
            return self.table.value(group, name);
        }
        let kpi = self.kpis.iter().find(|k| k.id == name)?;
        let exact = |n: &str| self.table.value(group, n);
        if let Some(v) = kpi.formula.eval_exact(&exact) {
            return Some(v);
        }
        match kpi.formula.eval(&|n| exact(n).map(Fixed::to_f64)) {
            Outcome::Value(v) => Fixed::from_f64(v),
            _ => None,
        }
    }

    /// Whether `name` is a counter that rows only ever add to (never a KPI, never money
    /// that refunds take back): what a condition that locks in may sum.
    pub(super) fn grows(&self, name: &str) -> bool {
        crate::metrics::names::GROWING.contains(&name) && self.table.has(name)
    }

    /// Whether `name` is something a condition can read: a metric some export (or the
    /// campaign file) has, or a KPI.
    pub(super) fn knows(&self, name: &str) -> bool {
        self.table.has(name) || self.kpis.iter().any(|k| k.id == name)
    }

    /// The condition of `bonus`-like term `when`, parsed, or its located error.
    fn condition(&self, when: &Located<String>, what: &str) -> Result<Condition> {
        Condition::parse(&when.value).map_err(|why| {
            self.error(
                when.line,
                when.column,
                format!(
                    "the {what} condition `{}` does not parse: {why}",
                    crate::text::quote(&when.value)
                ),
            )
        })
    }

    /// The values a condition reads, for the line's basis.
    fn basis(&self, key: &str, condition: &Condition) -> Vec<Basis> {
        condition
            .names()
            .into_iter()
            .map(|name| Basis::new(name, self.value(key, name).map(|v| v.to_string())))
            .collect()
    }
}

/// The flat fee, per deliverable: a deliverable's own `fee:`, the rest split evenly
/// (see [`deliverable_fees`]), earned on delivery by `as_of` and due `net-N` after it.
/// Without deliverables, the fee is earned on signing.
pub(super) fn fees(cx: &Context<'_>, terms: &Terms<'_>) -> Result<Vec<Line>> {
    let deliverables = &terms.creator.deliverables;
    let sharing = deliverables.iter().filter(|d| d.fee.is_none()).count();
    let mut own = Amount::zero(cx.digits);
    for fee in deliverables.iter().filter_map(|d| d.fee.as_ref()) {
        own = own
            .checked_add(cx.amount(fee.value.0)?)
            .ok_or_else(|| cx.too_large("the deliverables' fees"))?;
    }
    let Some(flat) = terms.pay.flat_fee.as_ref() else {
        return deliverable_fees(cx, terms, sharing, Amount::zero(cx.digits));
    };
    if deliverables.is_empty() {
        let signed = terms.signed.filter(|d| *d <= cx.as_of);
        return Ok(vec![Line {
            kind: LineKind::Fee,
            description: "flat fee (no deliverables listed: earned on signing)".to_owned(),
            basis: vec![Basis::new("signed_on", signed.map(|d| d.to_string()))],
            amount: cx.amount(flat.value.0)?,
            status: if signed.is_some() {
                LineStatus::Earned
            } else {
                LineStatus::Pending
            },
            due_on: signed.map(|d| cx.due(d, terms)),
        }]);
    }
    // The rest is shared in whole cents: the flat fee less the own fees, both rounded.
    let rest = cx
        .amount(flat.value.0)?
        .checked_sub(own)
        .ok_or_else(|| cx.too_large("the flat fee less the deliverables' fees"))?;
    let handle = crate::text::quote(&terms.creator.handle);
    let problem = if rest.is_negative() {
        Some(format!(
            "the deliverables of {handle} have fees of {own} in all, more than the flat fee of {}; make the flat fee their sum or drop a `fee:`",
            flat.value.0
        ))
    } else if sharing == 0 && !rest.is_zero() {
        Some(format!(
            "every deliverable of {handle} has its own fee, {own} in all, but the flat fee is {}; make them agree",
            flat.value.0
        ))
    } else {
        None
    };
    if let Some(message) = problem {
        return Err(cx.error(flat.line, flat.column, message));
    }
    deliverable_fees(cx, terms, sharing, rest)
}

/// One fee line per deliverable: its own fee (rounded), or an even share of `rest` —
/// the flat fee less the rounded own fees, in whole minor units: each share the same
/// whole number of cents, the cents left over one each to the last shares, so the
/// shares add up to the rest exactly and none is below zero.
fn deliverable_fees(
    cx: &Context<'_>,
    terms: &Terms<'_>,
    sharing: usize,
    rest: Amount,
) -> Result<Vec<Line>> {
    let deliverables = &terms.creator.deliverables;
    let parts = i128::try_from(sharing.max(1)).unwrap_or(i128::MAX);
    let (each, left) = (rest.minor() / parts, rest.minor() % parts);
    let mut share = 0i128;
    let mut lines = Vec::new();
    for d in deliverables {
        let (amount, how) = match &d.fee {
            Some(fee) => (cx.amount(fee.value.0)?, "its own fee".to_owned()),
            None => {
                // The last `left` shares take one more cent each.
                let extra = i128::from(share >= parts - left);
                share += 1;
                let amount = Amount::from_minor(each + extra, cx.digits);
                (amount, format!("1 of {sharing} shares of the flat fee"))
            }
        };
        let delivered = d
            .delivered_on
            .as_ref()
            .map(|x| x.value.0)
            .filter(|x| *x <= cx.as_of);
        lines.push(Line {
            kind: LineKind::Fee,
            description: format!("`{}`: {how}", crate::text::quote(&d.id)),
            basis: vec![
                Basis::new("deliverable", Some(d.id.value.clone())),
                Basis::new("delivered_on", delivered.map(|x| x.to_string())),
            ],
            amount,
            status: if delivered.is_some() {
                LineStatus::Earned
            } else {
                LineStatus::Pending
            },
            due_on: delivered.map(|x| cx.due(x, terms)),
        });
    }
    Ok(lines)
}

/// Where a condition stands at `as_of`, and whether the line pays.
fn judge(
    cx: &Context<'_>,
    condition: &Condition,
    verdict: &Verdict,
) -> (LineStatus, bool, &'static str) {
    match verdict {
        Verdict::Holds if cx.is_final || condition.locks_in(&|n| cx.grows(n)) => {
            (LineStatus::Earned, true, "met")
        }
        Verdict::Holds => (LineStatus::Pending, true, "met so far"),
        _ if cx.is_final => (LineStatus::NotMet, false, "not met"),
        Verdict::Fails => (LineStatus::Pending, false, "not met so far"),
        Verdict::NoData(_) => (LineStatus::Pending, false, "no data yet"),
        Verdict::Undefined => (LineStatus::Pending, false, "not defined yet"),
    }
}

/// Each `bonus:` entry on its own, earned once its condition holds for good: at the
/// period's end, or as soon as a growing sum reaches a constant. Due `net-N` after the
/// period's end.
pub(super) fn bonuses(cx: &Context<'_>, terms: &Terms<'_>) -> Result<Vec<Line>> {
    let mut lines = Vec::new();
    for bonus in &terms.pay.bonus {
        let condition = cx.condition(&bonus.when, "bonus")?;
        let verdict = condition.judge(&|n| cx.value(&terms.key, n));
        let (status, pays, how) = judge(cx, &condition, &verdict);
        lines.push(Line {
            kind: LineKind::Bonus,
            description: format!("bonus when `{condition}`: {how}"),
            basis: cx.basis(&terms.key, &condition),
            amount: if pays {
                cx.amount(bonus.pay.value.0)?
            } else {
                Amount::zero(cx.digits)
            },
            status,
            due_on: (status == LineStatus::Earned).then(|| cx.due(cx.end, terms)),
        });
    }
    Ok(lines)
}

/// `tiers:`: one line, the best-paid tier whose condition holds; final at the period's
/// end, or earlier when the best-paid tier of all is met for good.
pub(super) fn tiers(cx: &Context<'_>, terms: &Terms<'_>) -> Result<Vec<Line>> {
    if terms.pay.tiers.is_empty() {
        return Ok(Vec::new());
    }
    let mut judged: Vec<(&Located<Bonus>, Condition, Verdict)> = Vec::new();
    for tier in &terms.pay.tiers {
        let condition = cx.condition(&tier.when, "tier")?;
        let verdict = condition.judge(&|n| cx.value(&terms.key, n));
        judged.push((tier, condition, verdict));
    }
    let top_pay = judged.iter().map(|(t, ..)| t.pay.value.0).max();
    let best = judged
        .iter()
        .filter(|(_, _, v)| *v == Verdict::Holds)
        .max_by_key(|(t, c, _)| (t.pay.value.0, c.locks_in(&|n| cx.grows(n))));
    let mut basis: Vec<Basis> = Vec::new();
    for (_, condition, _) in &judged {
        for b in cx.basis(&terms.key, condition) {
            if !basis.iter().any(|x| x.name == b.name) {
                basis.push(b);
            }
        }
    }
    let (status, amount, description) = match best {
        Some((tier, condition, _)) => {
            let settled = cx.is_final
                || (Some(tier.pay.value.0) == top_pay && condition.locks_in(&|n| cx.grows(n)));
            let status = if settled {
                LineStatus::Earned
            } else {
                LineStatus::Pending
            };
            let so_far = if settled { "" } else { " so far" };
            (
                status,
                cx.amount(tier.pay.value.0)?,
                format!(
                    "tiered bonus: `{condition}` met{so_far} (best of {} tiers)",
                    judged.len()
                ),
            )
        }
        None => (
            if cx.is_final {
                LineStatus::NotMet
            } else {
                LineStatus::Pending
            },
            Amount::zero(cx.digits),
            format!(
                "tiered bonus: none of {} tiers met{}",
                judged.len(),
                if cx.is_final { "" } else { " so far" }
            ),
        ),
    };
    Ok(vec![Line {
        kind: LineKind::Tier,
        description,
        basis,
        amount,
        status,
        due_on: (status == LineStatus::Earned).then(|| cx.due(cx.end, terms)),
    }])
}

/// What the orders carrying one code came to in one month.
#[derive(Default)]
struct Month {
    revenue: Fixed,
    refunds: Fixed,
    conversions: Option<Fixed>,
    rows: u64,
}

/// Affiliate commission, a line per calendar month: on the orders carrying the
/// creator's code from signing (else the period start) to the period end, net of
/// refunds; without a code, on the creator's own revenue. A month is earned once it is
/// over (or the period is), due `net-N` after; the month under way is pending.
pub(super) fn commission(
    cx: &Context<'_>,
    terms: &Terms<'_>,
    notes: &mut Vec<String>,
) -> Result<Vec<Line>> {
    let Some(affiliate) = terms.pay.affiliate.as_ref() else {
        return Ok(Vec::new());
    };
    let Some(rate) = affiliate.commission.as_ref() else {
        return Ok(Vec::new());
    };
    let handle = crate::text::quote(&terms.creator.handle).into_owned();
    let code = affiliate
        .code
        .as_ref()
        .map(|c| code_key(c))
        .filter(|c| !c.is_empty());
    let conversions_metric = ["conversions", "orders"]
        .into_iter()
        .find(|m| cx.table.has(m));
    if matches!(rate.value, Commission::PerConversion(_)) && conversions_metric.is_none() {
        notes.push(format!(
            "{handle} is paid per conversion, but no export has a `conversions` (or `orders`) column"
        ));
    }
    let Some(code) = code else {
        return own_revenue_commission(cx, terms, rate.value, conversions_metric);
    };
    let signed = terms.signed;
    let from = signed.unwrap_or(cx.start);
    let table = cx.table;
    let revenue = table.metric_index("revenue");
    let count = conversions_metric.and_then(|m| table.metric_index(m));
    let (mut before, mut undated) = (0u64, 0u64);
    let mut months: BTreeMap<(i32, u32), Month> = BTreeMap::new();
    for (date, day) in table.code_days(&code) {
        let Some(date) = date else {
            undated += day.all.rows();
            continue;
        };
        if date < from {
            before += day.all.rows();
            continue;
        }
        let month = months.entry((date.year(), date.month())).or_default();
        let get = |sums: &crate::metrics::Sums, i: Option<usize>| i.and_then(|i| sums.get(i));
        add_to(&mut month.revenue, get(&day.all, revenue))?;
        add_to(&mut month.refunds, get(&day.refunds, revenue))?;
        if let Some(c) = get(&day.all, count) {
            add_to(month.conversions.get_or_insert(Fixed::ZERO), Some(c))?;
        }
        month.rows += day.all.rows();
    }
    if before > 0 {
        let when = match signed {
            Some(d) => format!("before the contract was signed on {d}"),
            None => format!("before the period started on {}", cx.start),
        };
        notes.push(format!(
            "{} carrying {handle}'s code `{}`, dated {when}: no commission is paid on them",
            orders(before),
            crate::text::quote(&code)
        ));
    }
    if undated > 0 {
        notes.push(format!(
            "{} carrying {handle}'s code `{}` with no date: not counted; give them the order date",
            orders(undated),
            crate::text::quote(&code)
        ));
    }
    let mut lines = Vec::new();
    for ((year, month), m) in months {
        let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(cx.start);
        let last = first
            .checked_add_months(chrono::Months::new(1))
            .and_then(|d| d.pred_opt())
            .unwrap_or(first);
        let closes = last.min(cx.end);
        let net = m.revenue;
        let amount = rate_amount(cx, rate.value, net, m.conversions)?;
        // Orders dated on a month's last day may still come in on that day.
        let over = closes < cx.as_of;
        let mut basis = vec![
            Basis::new("rows", Some(m.rows.to_string())),
            Basis::new(
                "revenue",
                Some(
                    net.checked_add(m.refunds.negate())
                        .unwrap_or(net)
                        .to_string(),
                ),
            ),
            Basis::new("refunds", Some(m.refunds.to_string())),
            Basis::new("net_revenue", Some(net.to_string())),
        ];
        if let (Commission::PerConversion(_), Some(name)) = (rate.value, conversions_metric) {
            basis.push(Basis::new(name, m.conversions.map(|c| c.to_string())));
        }
        lines.push(Line {
            kind: LineKind::Commission,
            description: format!(
                "{} on code `{}`, {year}-{month:02}{}",
                rate_words(rate.value),
                crate::text::quote(&code),
                if over { "" } else { " (month under way)" }
            ),
            basis,
            amount,
            status: if over {
                LineStatus::Earned
            } else {
                LineStatus::Pending
            },
            due_on: Some(cx.due(closes, terms)),
        });
    }
    Ok(lines)
}

/// Adds `more` to `held`: an exact sum, too large an error.
fn add_to(held: &mut Fixed, more: Option<Fixed>) -> Result<()> {
    *held = held
        .checked_add(more.unwrap_or(Fixed::ZERO))
        .ok_or_else(|| Error::Usage {
            message: "a month's orders add up to more than can be held exactly".into(),
        })?;
    Ok(())
}

/// Commission on the creator's own rows (no code in the contract): one line for the
/// period so far, earned once the period is over.
fn own_revenue_commission(
    cx: &Context<'_>,
    terms: &Terms<'_>,
    rate: Commission,
    conversions_metric: Option<&str>,
) -> Result<Vec<Line>> {
    let group = Some((Dimension::Creator, terms.key.as_str()));
    let revenue = cx.table.value(group, "revenue").unwrap_or(Fixed::ZERO);
    let conversions = conversions_metric.and_then(|m| cx.table.value(group, m));
    let amount = rate_amount(cx, rate, revenue, conversions)?;
    let mut basis = vec![Basis::new("revenue", Some(revenue.to_string()))];
    if let (Commission::PerConversion(_), Some(name)) = (rate, conversions_metric) {
        basis.push(Basis::new(name, conversions.map(|c| c.to_string())));
    }
    Ok(vec![Line {
        kind: LineKind::Commission,
        description: format!("{} on the creator's own rows (no code)", rate_words(rate)),
        basis,
        amount,
        status: if cx.is_final {
            LineStatus::Earned
        } else {
            LineStatus::Pending
        },
        due_on: Some(cx.due(cx.end, terms)),
    }])
}

/// What `rate` pays on `revenue` (net) or `conversions`, rounded once.
fn rate_amount(
    cx: &Context<'_>,
    rate: Commission,
    revenue: Fixed,
    conversions: Option<Fixed>,
) -> Result<Amount> {
    match rate {
        Commission::Share(Percent(p)) => cx.times(revenue, p, 100),
        Commission::PerConversion(per) => cx.times(conversions.unwrap_or(Fixed::ZERO), per.0, 1),
    }
}

fn rate_words(rate: Commission) -> String {
    match rate {
        Commission::Share(p) => format!("{p} of net revenue"),
        Commission::PerConversion(per) => format!("{} per conversion", per.0),
    }
}

/// `penalties:`, judged at the period's end: a share of the flat fee or an amount taken
/// off when the condition holds then; while the period runs, pending (what would be
/// taken off were it over).
pub(super) fn penalties(cx: &Context<'_>, terms: &Terms<'_>) -> Result<Vec<Line>> {
    let Some(contract) = terms.creator.contract.as_ref() else {
        return Ok(Vec::new());
    };
    let flat = terms
        .pay
        .flat_fee
        .as_ref()
        .map_or(Fixed::ZERO, |f| f.value.0);
    let mut lines = Vec::new();
    for penalty in &contract.penalties {
        let condition = cx.condition(&penalty.when, "penalty")?;
        let verdict = condition.judge(&|n| cx.value(&terms.key, n));
        let deduction = match penalty.deduct.value {
            Deduction::Share(_) if terms.pay.flat_fee.is_none() => {
                return Err(cx.error(
                    penalty.deduct.line,
                    penalty.deduct.column,
                    format!(
                        "the penalty deducts {} but the contract of {} has no flat fee; deduct an amount instead",
                        penalty.deduct.value,
                        crate::text::quote(&terms.creator.handle)
                    ),
                ));
            }
            Deduction::Share(Percent(p)) => cx.times(flat, p, 100)?,
            Deduction::Amount(m) => cx.amount(m.0)?,
        };
        let holds = verdict == Verdict::Holds;
        let (status, how) = match (cx.is_final, holds) {
            (true, true) => (LineStatus::Deducted, "holds"),
            (true, false) => (LineStatus::NotMet, "does not hold"),
            (false, true) => (LineStatus::Pending, "holds so far"),
            (false, false) => (LineStatus::Pending, "does not hold so far"),
        };
        lines.push(Line {
            kind: LineKind::Penalty,
            description: format!(
                "penalty of {} when `{condition}`: {how} (judged at the period's end)",
                penalty.deduct.value
            ),
            basis: cx.basis(&terms.key, &condition),
            amount: if holds {
                deduction.negate()
            } else {
                Amount::zero(cx.digits)
            },
            status,
            due_on: (status == LineStatus::Deducted).then(|| cx.due(cx.end, terms)),
        });
    }
    Ok(lines)
}

/// `product_value`: listed for the record, never paid.
pub(super) fn product(cx: &Context<'_>, terms: &Terms<'_>) -> Result<Vec<Line>> {
    let Some(value) = terms.pay.product_value.as_ref() else {
        return Ok(Vec::new());
    };
    let shipped = terms
        .creator
        .contract
        .as_ref()
        .and_then(|c| c.product_shipped_on.as_ref())
        .map(|d| d.value.0.to_string());
    Ok(vec![Line {
        kind: LineKind::Product,
        description: "product given (listed, not paid)".to_owned(),
        basis: vec![Basis::new("product_shipped_on", shipped)],
        amount: cx.amount(value.value.0)?,
        status: LineStatus::Listed,
        due_on: None,
    }])
}

/// "1 order", "3 orders".
pub(super) fn orders(n: u64) -> String {
    if n == 1 {
        "1 order".to_owned()
    } else {
        format!("{n} orders")
    }
}
