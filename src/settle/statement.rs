//! What settlement produces: a [`Settlement`] of one [`Statement`] per creator, each a
//! list of [`Line`]s, and the totals. Plain data that every renderer reads.

use chrono::NaiveDate;
use serde::Serialize;

use super::money::Amount;

/// What each creator of a campaign is owed at one date.
#[derive(Debug, Clone, Serialize)]
pub struct Settlement {
    /// The campaign's id.
    pub campaign: String,
    /// The currency of every amount.
    pub currency: String,
    /// The day described.
    pub as_of: NaiveDate,
    /// The campaign period.
    pub period: Period,
    /// One statement per contracted creator, in file order.
    pub creators: Vec<Statement>,
    /// The sums of the creators' totals.
    pub total: Totals,
    /// Committed spend against the budget, when the campaign has one.
    pub budget: Option<BudgetUse>,
    /// Reconciliation notes: codes no contract holds, orders outside a contract, …
    pub notes: Vec<String>,
}

/// The campaign period and whether it is over.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Period {
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// The period ended before `as_of`: every condition is judged for good.
    #[serde(rename = "final")]
    pub is_final: bool,
}

/// One creator's statement.
#[derive(Debug, Clone, Serialize)]
pub struct Statement {
    /// The creator's handle.
    pub handle: String,
    /// Fees, bonuses, tiers, commission, penalties and product, in that order.
    pub lines: Vec<Line>,
    /// The creator's totals.
    #[serde(flatten)]
    pub totals: Totals,
}

/// The totals of a statement (or of all of them).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Totals {
    /// Earned for good: earned lines less deductions.
    pub earned: Amount,
    /// Accrued under conditions that can still change (what they would pay if the
    /// period ended at `as_of`).
    pub pending: Amount,
    /// Earned and due by `as_of`.
    pub due: Amount,
    /// Paid so far (`paid:` entries up to `as_of`).
    pub paid: Amount,
    /// Due and not yet paid: what to pay now (negative when paid ahead; in the total,
    /// only what creators are owed is added).
    pub payable: Amount,
}

impl Totals {
    /// All zero, in a currency of `digits` decimals.
    pub fn zero(digits: u32) -> Totals {
        let zero = Amount::zero(digits);
        Totals {
            earned: zero,
            pending: zero,
            due: zero,
            paid: zero,
            payable: zero,
        }
    }

    /// These totals with one more creator's, or `None` on overflow. What is payable
    /// adds only what the creator is owed: one creator paid ahead is not set against
    /// another's due.
    pub fn with_creator(self, creator: Totals) -> Option<Totals> {
        let owed = if creator.payable.is_negative() {
            Amount::zero(creator.payable.digits())
        } else {
            creator.payable
        };
        Some(Totals {
            earned: self.earned.checked_add(creator.earned)?,
            pending: self.pending.checked_add(creator.pending)?,
            due: self.due.checked_add(creator.due)?,
            paid: self.paid.checked_add(creator.paid)?,
            payable: self.payable.checked_add(owed)?,
        })
    }
}

/// One line of a statement.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    /// What kind of pay it is.
    pub kind: LineKind,
    /// What it is for, in words.
    pub description: String,
    /// The values it was decided on.
    pub basis: Vec<Basis>,
    /// The amount: positive pay, negative deduction; rounded once, half-up, to the
    /// currency's minor unit.
    pub amount: Amount,
    /// Where it stands.
    pub status: LineStatus,
    /// When it is (or will be) due; `null` when nothing is due.
    pub due_on: Option<NaiveDate>,
}

/// A value a line was decided on.
#[derive(Debug, Clone, Serialize)]
pub struct Basis {
    /// The metric (or date, or term) name.
    pub name: String,
    /// Its value as written (exact decimals); `null` when there is none.
    pub value: Option<String>,
}

impl Basis {
    /// A name and its value.
    pub fn new(name: impl Into<String>, value: Option<String>) -> Basis {
        Basis {
            name: name.into(),
            value,
        }
    }
}

/// The kind of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// A share of the flat fee, per deliverable.
    Fee,
    /// A performance bonus.
    Bonus,
    /// A tiered bonus (the best-paid tier met).
    Tier,
    /// Affiliate commission.
    Commission,
    /// A deduction.
    Penalty,
    /// Free product: listed, never paid.
    Product,
}

impl LineKind {
    /// The name used in every format.
    pub fn name(self) -> &'static str {
        match self {
            LineKind::Fee => "fee",
            LineKind::Bonus => "bonus",
            LineKind::Tier => "tier",
            LineKind::Commission => "commission",
            LineKind::Penalty => "penalty",
            LineKind::Product => "product",
        }
    }
}

/// Where a line stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum LineStatus {
    /// Earned for good.
    #[serde(rename = "earned")]
    Earned,
    /// Depends on something that can still change (a deliverable not delivered, a
    /// condition while the period runs, a month not over).
    #[serde(rename = "pending")]
    Pending,
    /// Its condition did not hold at the period's end.
    #[serde(rename = "not met")]
    NotMet,
    /// A penalty taken off.
    #[serde(rename = "deducted")]
    Deducted,
    /// Shown for the record, not paid (product value).
    #[serde(rename = "listed")]
    Listed,
}

impl LineStatus {
    /// The name used in every format.
    pub fn name(self) -> &'static str {
        match self {
            LineStatus::Earned => "earned",
            LineStatus::Pending => "pending",
            LineStatus::NotMet => "not met",
            LineStatus::Deducted => "deducted",
            LineStatus::Listed => "listed",
        }
    }
}

/// What the campaign has committed against its budget.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct BudgetUse {
    /// The budget.
    pub budget: Amount,
    /// Ad spend so far (the exports' `spend`).
    pub ad_spend: Amount,
    /// Every flat fee contracted, delivered or not.
    pub fees: Amount,
    /// Bonuses and commission earned, less deductions.
    pub performance: Amount,
    /// Ad spend, fees and performance pay.
    pub committed: Amount,
    /// Budget less committed (negative when over).
    pub remaining: Amount,
}
