//! The campaign file's typed model (DESIGN §4): every key the file may hold.
//!
//! Key names are the specification; unknown keys are load errors. Values that a
//! diagnostic may point at are [`Located`]. Parts that only `kpi lint` checks (contract
//! clauses, brief, guidelines) are modelled here too, so rules add checks, not fields.

use std::collections::BTreeMap;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::terms::{Commission, Deduction, PaymentTerms};
use super::value::{Date, Located, Money};
use crate::source::SourceFile;

/// A whole campaign file.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    /// Identity, objective, period and budget.
    pub campaign: CampaignInfo,
    /// The ideal customer profile, used for brand fit.
    #[serde(default)]
    pub audience: Option<Audience>,
    /// CSV exports to read, relative to the campaign file.
    #[serde(default)]
    pub metrics: Vec<Located<MetricSource>>,
    /// The warehouse table the rows live in, for `kpi sql`.
    #[serde(default)]
    pub warehouse: Option<Located<Warehouse>>,
    /// The KPIs to score.
    #[serde(default)]
    pub kpis: Vec<Located<KpiSpec>>,
    /// Contracted creators.
    #[serde(default)]
    pub creators: Vec<Located<Creator>>,
    /// Creators considered and turned down.
    #[serde(default)]
    pub declined: Vec<Located<Declined>>,
    /// The creative brief.
    #[serde(default)]
    pub brief: Option<Located<Brief>>,
    /// Rule levels and custom rules for `kpi lint`.
    #[serde(default)]
    pub guidelines: Option<Guidelines>,
    /// The file this campaign was read from.
    #[serde(skip)]
    pub source: SourceFile,
    /// The project root its paths stay inside; `None` until asked for (see
    /// [`Campaign::project_root`]) unless `--root` or the loader set it.
    #[serde(skip)]
    pub root: Option<crate::project::Root>,
}

/// The `campaign:` section.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignInfo {
    /// Stable id, also expected in `utm_campaign`.
    pub id: Located<String>,
    /// Human name.
    #[serde(default)]
    pub name: Option<String>,
    /// The brand.
    #[serde(default)]
    pub brand: Option<String>,
    /// The business objective the KPIs ladder up to.
    #[serde(default)]
    pub objective: Option<Located<Objective>>,
    /// The objective and key result, in words.
    #[serde(default)]
    pub okr: Option<String>,
    /// First and last day of the campaign, both included.
    pub period: Located<Period>,
    /// ISO currency code for money values (default USD).
    #[serde(default)]
    pub currency: Option<Located<String>>,
    /// Total budget.
    #[serde(default)]
    pub budget: Option<Located<Money>>,
    /// Review cadence for flow KPIs.
    #[serde(default)]
    pub reporting: Option<Cadence>,
    /// Who answers for the campaign; escalations go here.
    #[serde(default)]
    pub owner: Option<Contact>,
    /// Markets (jurisdictions) the campaign runs in: US, UK, EU …
    #[serde(default)]
    pub markets: Vec<String>,
}

/// The business objective of a campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Objective {
    /// Reach and recall.
    Awareness,
    /// Interest and intent.
    Consideration,
    /// Sign-ups, sales.
    Conversions,
    /// Keeping customers.
    Retention,
}

/// How often flow KPIs are reviewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Cadence {
    /// Every day.
    Daily,
    /// Every week.
    Weekly,
    /// Every two weeks.
    Biweekly,
    /// Every month.
    Monthly,
}

impl CampaignInfo {
    /// The currency code money is in: the file's, upper-cased, or `USD`.
    pub fn currency(&self) -> String {
        self.currency
            .as_ref()
            .map_or_else(|| "USD".to_owned(), |c| c.trim().to_ascii_uppercase())
    }
}

/// A date range with both ends included.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
}

impl Period {
    /// Whether `day` falls within the period, both ends included.
    pub fn contains(&self, day: Date) -> bool {
        self.start <= day && day <= self.end
    }
}

/// A person to reach.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// E-mail address.
    #[serde(default)]
    pub email: Option<String>,
}

/// The ideal customer profile.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Audience {
    /// Age buckets, e.g. `25-34`.
    #[serde(default)]
    pub age: Vec<String>,
    /// Country codes.
    #[serde(default)]
    pub geo: Vec<String>,
    /// Interests.
    #[serde(default)]
    pub interests: Vec<String>,
}

/// A warehouse table of event or daily rows, summed by the engine (`kpi sql`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Warehouse {
    /// The table, as `name`, `schema.name` or `project.schema.name`.
    pub table: Located<String>,
    /// Canonical name → the table's column, for columns not named canonically. The
    /// dimensions mapped here (`platform`, `format`, `campaign`, `code`) are grouped by;
    /// `date` and `creator` always are.
    #[serde(default)]
    pub columns: BTreeMap<String, Located<String>>,
    /// Rows to keep, in a small grammar: a column compared (`=`, `<>`, `<`, `<=`, `>`,
    /// `>=`) with text or a number, `column in ('a', 'b')`, `column is [not] null`,
    /// joined with `and`, `or`, `not` and parentheses. No other SQL.
    #[serde(default, rename = "where")]
    pub filter: Option<Located<String>>,
    /// The engine's result saved as CSV, relative to the campaign file: read like an
    /// export listed under `metrics:`.
    #[serde(default)]
    pub result: Option<Located<String>>,
}

/// One CSV export listed under `metrics:`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetricSource {
    /// Path relative to the campaign file.
    pub path: Located<String>,
    /// Header layout of a platform's export.
    #[serde(default)]
    pub preset: Option<Located<String>>,
    /// Metric name → header in this file, for headers that are not canonical.
    #[serde(default)]
    pub columns: BTreeMap<String, Located<String>>,
    /// Header (or metric name) → what the column holds, where kpi's own judgement is
    /// wrong: `counter`, `gauge`, `rate`, `share`, `id` or `label`.
    #[serde(default)]
    pub kinds: BTreeMap<String, crate::metrics::kinds::Kind>,
    /// Numbers are written `1.234,56`.
    #[serde(default)]
    pub decimal_comma: bool,
    /// The file's text encoding when it is not UTF-8, e.g. `windows-1252`.
    #[serde(default)]
    pub encoding: Option<Located<String>>,
}

/// A KPI as written in the campaign file, before it is resolved.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KpiSpec {
    /// Stable id, referenced by `supports:`.
    pub id: Located<String>,
    /// A built-in KPI to start from.
    #[serde(rename = "use", default)]
    pub use_builtin: Option<Located<String>>,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// gate, flow or impact.
    #[serde(default)]
    pub tier: Option<Tier>,
    /// Arithmetic over metric names.
    #[serde(default)]
    pub formula: Option<Located<String>>,
    /// How values are shown.
    #[serde(default)]
    pub unit: Option<Unit>,
    /// Whether higher or lower values are better.
    #[serde(default)]
    pub better: Option<Better>,
    /// The reference value for relative bands.
    #[serde(default)]
    pub baseline: Option<Located<Baseline>>,
    /// Green and yellow thresholds; the rest is red.
    #[serde(default)]
    pub bands: Option<Located<BandsSpec>>,
    /// The value to reach by `by`.
    #[serde(default)]
    pub target: Option<Located<Threshold>>,
    /// The date the target is due.
    #[serde(default)]
    pub by: Option<Located<Date>>,
    /// Dates at which an impact KPI is reviewed.
    #[serde(default)]
    pub checkpoints: Vec<Located<Date>>,
    /// What to do when the KPI is yellow or red.
    #[serde(default)]
    pub actions: Option<Actions>,
    /// Why this KPI matters.
    #[serde(default)]
    pub description: Option<String>,
    /// How the target is expected to accrue over the period (default linear).
    #[serde(default)]
    pub pacing: Option<Located<Pacing>>,
    /// Weeks worse in a row that move the band one step toward red (default 3).
    #[serde(default)]
    pub escalate_after: Option<u32>,
}

/// How a target accrues: a named curve, or weights per week from the period start.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Pacing {
    /// A named curve.
    Curve(PacingCurve),
    /// Relative weights of consecutive 7-day weeks from the start (`[1, 1, 2, 3]`).
    Weights(Vec<f64>),
}

/// A named pacing curve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PacingCurve {
    /// Evenly over the period.
    Linear,
    /// Most of it early (share = 1 - (1 - t)²).
    FrontLoaded,
    /// Most of it late (share = t²).
    BackLoaded,
}

/// The alignment-stack tier of a KPI.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    /// Must be green per creator before spend is approved.
    Gate,
    /// Operational health, reviewed weekly.
    Flow,
    /// Business outcome, reviewed at checkpoints.
    Impact,
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Tier::Gate => "gate",
            Tier::Flow => "flow",
            Tier::Impact => "impact",
        })
    }
}

/// How a KPI's value is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// A plain count: 4,012.
    Count,
    /// Money in the campaign currency: $1.84.
    Currency,
    /// A ratio shown as a percentage: 0.0123 → 1.23%.
    Percent,
    /// A multiple: 3.2×.
    Ratio,
    /// A number of days.
    Days,
    /// A 0–100 score.
    Score,
}

/// Which direction is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    /// Higher values are better (CTR, ROAS).
    Higher,
    /// Lower values are better (CPC, days to sign).
    Lower,
}

/// `bands: { green: X, yellow: Y }`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BandsSpec {
    /// The green threshold.
    pub green: Located<Threshold>,
    /// The yellow threshold.
    pub yellow: Located<Threshold>,
}

/// Per-KPI actions for non-green bands.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Actions {
    /// What to do when yellow.
    #[serde(default)]
    pub yellow: Option<String>,
    /// What to do when red.
    #[serde(default)]
    pub red: Option<String>,
    /// What to do when there is no data.
    #[serde(default)]
    pub no_data: Option<String>,
}

/// A threshold as written: `75`, `"98%"`, `baseline`, `"baseline + 25%"`, `"baseline * 1.1"`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Threshold {
    /// An absolute value.
    Value(f64),
    /// The baseline, changed by a relative amount (`+25%` is factor 1.25) …
    BaselineTimes(f64),
    /// … or by an absolute amount (`baseline - 0.5`).
    BaselinePlus(f64),
}

impl Threshold {
    /// Parses the text form; `None` when it is not one of the accepted forms.
    pub fn parse(text: &str) -> Option<Threshold> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let lower = compact.to_ascii_lowercase();
        if let Some(rest) = lower.strip_prefix("baseline") {
            if rest.is_empty() {
                return Some(Threshold::BaselineTimes(1.0));
            }
            // Split off the operator by character, not byte: it may be `×`, and fuzzing
            // found that a non-ASCII first character made a byte split panic.
            let mut chars = rest.chars();
            let op = chars.next().map(String::from).unwrap_or_default();
            let operand = chars.as_str();
            let (number, percent) = match operand.strip_suffix('%') {
                Some(n) => (n.parse::<f64>().ok()?, true),
                None => (operand.parse::<f64>().ok()?, false),
            };
            if !number.is_finite() {
                return None;
            }
            return match (op.as_str(), percent) {
                ("+", true) => Some(Threshold::BaselineTimes(1.0 + number / 100.0)),
                ("-", true) => Some(Threshold::BaselineTimes(1.0 - number / 100.0)),
                ("+", false) => Some(Threshold::BaselinePlus(number)),
                ("-", false) => Some(Threshold::BaselinePlus(-number)),
                ("*" | "×" | "x", false) => Some(Threshold::BaselineTimes(number)),
                _ => None,
            };
        }
        let value = match lower.strip_suffix('%') {
            Some(n) => n.parse::<f64>().ok()? / 100.0,
            None => lower.replace(',', "").parse::<f64>().ok()?,
        };
        value.is_finite().then_some(Threshold::Value(value))
    }

    /// Whether the threshold needs a `baseline:`.
    pub fn uses_baseline(&self) -> bool {
        !matches!(self, Threshold::Value(_))
    }
}

const THRESHOLD_FORMS: &str =
    "a number, a percentage (\"98%\"), `baseline`, \"baseline + 25%\" or \"baseline * 1.1\"";

impl<'de> Deserialize<'de> for Threshold {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ThresholdVisitor;
        impl Visitor<'_> for ThresholdVisitor {
            type Value = Threshold;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(THRESHOLD_FORMS)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Threshold, E> {
                Ok(Threshold::Value(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Threshold, E> {
                Ok(Threshold::Value(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Threshold, E> {
                if v.is_finite() {
                    Ok(Threshold::Value(v))
                } else {
                    Err(E::custom(format!("{v} is not a usable threshold")))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Threshold, E> {
                Threshold::parse(v).ok_or_else(|| {
                    E::custom(format!(
                        "`{}` is not a threshold; write {THRESHOLD_FORMS}",
                        crate::text::quote(v)
                    ))
                })
            }
        }
        deserializer.deserialize_any(ThresholdVisitor)
    }
}

/// `baseline:` — a number, or a statistic over history exports.
#[derive(Debug, Clone, PartialEq)]
pub enum Baseline {
    /// A fixed value.
    Value(f64),
    /// Computed from past exports.
    History(HistoryBaseline),
}

/// `baseline: { from: …, stat: median, window: 12w }`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryBaseline {
    /// One path or a list, relative to the campaign file.
    pub from: OneOrMany,
    /// The statistic across weekly values.
    #[serde(default)]
    pub stat: Option<Stat>,
    /// How many of the latest weeks to use, e.g. `12w`.
    #[serde(default)]
    pub window: Option<String>,
    /// Use the history's first and last weeks even when they are partial.
    #[serde(default)]
    pub partial_weeks: Option<bool>,
}

/// One path or several.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum OneOrMany {
    /// A single path.
    One(String),
    /// Several paths.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The paths, in order.
    pub fn paths(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(p) => vec![p.as_str()],
            OneOrMany::Many(ps) => ps.iter().map(String::as_str).collect(),
        }
    }
}

/// A statistic across periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Stat {
    /// The middle value.
    Median,
    /// The average.
    Mean,
    /// The 25th percentile.
    P25,
    /// The 75th percentile.
    P75,
}

impl<'de> Deserialize<'de> for Baseline {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BaselineVisitor;
        impl<'de> Visitor<'de> for BaselineVisitor {
            type Value = Baseline;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, or { from: history.csv, stat: median }")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Baseline, E> {
                Ok(Baseline::Value(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Baseline, E> {
                Ok(Baseline::Value(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Baseline, E> {
                if v.is_finite() {
                    Ok(Baseline::Value(v))
                } else {
                    Err(E::custom(format!("{v} is not a usable baseline")))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Baseline, E> {
                match Threshold::parse(v) {
                    Some(Threshold::Value(x)) => Ok(Baseline::Value(x)),
                    _ => Err(E::custom(format!(
                        "`{}` is not a baseline; write a number, or {{ from: history.csv, stat: median }}",
                        crate::text::quote(v)
                    ))),
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Baseline, A::Error> {
                HistoryBaseline::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(Baseline::History)
            }
        }
        deserializer.deserialize_any(BaselineVisitor)
    }
}

/// A contracted creator.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Creator {
    /// Handle as on the platform, e.g. `@glowwithmaya`; matches the CSV `creator` column.
    pub handle: Located<String>,
    /// Real or display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Main platform.
    #[serde(default)]
    pub platform: Option<String>,
    /// Follower count.
    #[serde(default)]
    pub followers: Option<u64>,
    /// A brand-fit score (0–100) from elsewhere; else computed from `audience`.
    #[serde(default)]
    pub brand_fit: Option<Located<f64>>,
    /// The creator's audience shares.
    #[serde(default)]
    pub audience: Option<CreatorAudience>,
    /// The brand-safety screening.
    #[serde(default)]
    pub safety_screen: Option<Located<SafetyScreen>>,
    /// The contract.
    #[serde(default)]
    pub contract: Option<Located<Contract>>,
    /// What the creator delivers.
    #[serde(default)]
    pub deliverables: Vec<Located<Deliverable>>,
}

/// A creator's audience: shares (0–1) per age bucket and country, and interests.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatorAudience {
    /// Share of the audience per age bucket.
    #[serde(default)]
    pub age: BTreeMap<String, f64>,
    /// Share of the audience per country.
    #[serde(default)]
    pub geo: BTreeMap<String, f64>,
    /// The creator's topics.
    #[serde(default)]
    pub interests: Vec<String>,
}

/// The outcome of a brand-safety screen.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SafetyScreen {
    /// pass, fail or pending.
    pub result: ScreenResult,
    /// Date of the screen.
    #[serde(default)]
    pub on: Option<Located<Date>>,
    /// Incidents found.
    #[serde(default)]
    pub incidents: Option<u32>,
    /// Date after which the screen must be redone.
    #[serde(default)]
    pub expires_on: Option<Located<Date>>,
    /// Who screened, or notes.
    #[serde(default)]
    pub notes: Option<String>,
}

/// A safety screen's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ScreenResult {
    /// Passed.
    Pass,
    /// Failed.
    Fail,
    /// Not finished.
    Pending,
}

/// A creator's contract.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    /// When the offer was sent.
    #[serde(default)]
    pub offered_on: Option<Located<Date>>,
    /// When both parties signed.
    #[serde(default)]
    pub signed_on: Option<Located<Date>>,
    /// When product was shipped to the creator.
    #[serde(default)]
    pub product_shipped_on: Option<Located<Date>>,
    /// Fees, bonuses and affiliate terms.
    #[serde(default)]
    pub compensation: Option<Located<Compensation>>,
    /// The disclosure the creator must use.
    #[serde(default)]
    pub disclosure: Option<Located<String>>,
    /// Where and how long the brand may reuse the content.
    #[serde(default)]
    pub usage_rights: Option<Located<UsageRights>>,
    /// Whether the brand may boost the content with paid spend.
    #[serde(default)]
    pub paid_amplification: Option<Located<PaidAmplification>>,
    /// Category exclusivity.
    #[serde(default)]
    pub exclusivity: Option<Located<Exclusivity>>,
    /// Content approval process.
    #[serde(default)]
    pub approval: Option<Located<Approval>>,
    /// When the partnership is reviewed.
    #[serde(default)]
    pub renewal: Option<Located<Renewal>>,
    /// Who to call when something goes wrong.
    #[serde(default)]
    pub escalation: Option<Located<Escalation>>,
    /// Deductions tied to performance.
    #[serde(default)]
    pub penalties: Vec<Located<Penalty>>,
    /// Payments already made to the creator.
    #[serde(default)]
    pub paid: Vec<Located<Payment>>,
}

impl Creator {
    /// The affiliate code of the creator's contract, when it has one.
    pub fn affiliate_code(&self) -> Option<&Located<String>> {
        self.contract
            .as_ref()?
            .compensation
            .as_ref()?
            .affiliate
            .as_ref()?
            .code
            .as_ref()
    }
}

impl Contract {
    /// Every pay condition of the contract: its bonuses', tiers' and penalties' `when`.
    pub fn pay_conditions(&self) -> impl Iterator<Item = &Located<String>> {
        let pay = self.compensation.as_ref();
        pay.into_iter()
            .flat_map(|p| p.bonus.iter().chain(&p.tiers).map(|b| &b.when))
            .chain(self.penalties.iter().map(|p| &p.when))
    }
}

/// A payment made to a creator.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Payment {
    /// The day it was paid.
    pub on: Located<Date>,
    /// How much.
    pub amount: Located<Money>,
    /// The deliverable it paid for, when it paid for one.
    #[serde(default, rename = "for")]
    pub deliverable: Option<Located<String>>,
}

/// Fees, bonuses and affiliate terms.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Compensation {
    /// Fixed fee.
    #[serde(default)]
    pub flat_fee: Option<Located<Money>>,
    /// Performance bonuses, each paid on its own once its condition holds.
    #[serde(default)]
    pub bonus: Vec<Located<Bonus>>,
    /// Tiered bonus: only the best-paid tier whose condition holds is paid.
    #[serde(default)]
    pub tiers: Vec<Located<Bonus>>,
    /// Affiliate code and commission.
    #[serde(default)]
    pub affiliate: Option<Located<Affiliate>>,
    /// When earned money is due, e.g. `net-30`.
    #[serde(default)]
    pub payment_terms: Option<Located<PaymentTerms>>,
    /// Free product given, in currency.
    #[serde(default)]
    pub product_value: Option<Located<Money>>,
}

/// A performance bonus.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bonus {
    /// The condition, e.g. `qualified_clicks >= 20000`.
    pub when: Located<String>,
    /// The amount paid.
    pub pay: Located<Money>,
}

/// A deduction tied to performance.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Penalty {
    /// The condition, e.g. `views < 10000`.
    pub when: Located<String>,
    /// The amount deducted, or a share of the flat fee such as `"50%"`.
    pub deduct: Located<Deduction>,
}

/// Affiliate terms.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Affiliate {
    /// Discount or tracking code.
    #[serde(default)]
    pub code: Option<Located<String>>,
    /// Commission: a share of revenue (`"10%"`) or an amount per conversion.
    #[serde(default)]
    pub commission: Option<Located<Commission>>,
    /// Affiliate link.
    #[serde(default)]
    pub link: Option<Located<String>>,
}

/// Content usage rights.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UsageRights {
    /// Channels, e.g. organic, paid.
    #[serde(default)]
    pub channels: Vec<String>,
    /// How many days.
    #[serde(default)]
    pub days: Option<Located<u32>>,
}

/// Paid amplification terms.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PaidAmplification {
    /// Whether allowed.
    pub allowed: bool,
    /// Spend ceiling.
    #[serde(default)]
    pub max_spend: Option<Located<Money>>,
}

/// Category exclusivity.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exclusivity {
    /// Category.
    #[serde(default)]
    pub category: Option<String>,
    /// How many days.
    #[serde(default)]
    pub days: Option<Located<u32>>,
    /// Last day, instead of `days`.
    #[serde(default)]
    pub until: Option<Located<Date>>,
}

/// Approval process.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// Review rounds.
    #[serde(default)]
    pub rounds: Option<u32>,
    /// Turnaround per round.
    #[serde(default)]
    pub sla_hours: Option<u32>,
}

/// Renewal / review point.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Renewal {
    /// Review date.
    #[serde(default)]
    pub review_on: Option<Located<Date>>,
}

/// Escalation contact.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    /// E-mail or name.
    #[serde(default)]
    pub contact: Option<Located<String>>,
    /// Promised response time.
    #[serde(default)]
    pub response_hours: Option<u32>,
}

/// One asset a creator delivers.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deliverable {
    /// Stable id, also used as `utm_content`.
    pub id: Located<String>,
    /// reel, story, post, video …
    #[serde(default)]
    pub format: Option<Located<String>>,
    /// Platform, when not the creator's main one.
    #[serde(default)]
    pub platform: Option<String>,
    /// The KPI ids this asset serves.
    #[serde(default)]
    pub supports: Vec<Located<String>>,
    /// Due date.
    #[serde(default)]
    pub due: Option<Located<Date>>,
    /// When it was delivered.
    #[serde(default)]
    pub delivered_on: Option<Located<Date>>,
    /// Its share of the flat fee, when not an even split.
    #[serde(default)]
    pub fee: Option<Located<Money>>,
    /// When it was posted.
    #[serde(default)]
    pub posted_on: Option<Located<Date>>,
    /// When it may be posted.
    #[serde(default)]
    pub posting_window: Option<Located<PostingWindow>>,
    /// The tracked link.
    #[serde(default)]
    pub link: Option<Located<String>>,
    /// The caption or description.
    #[serde(default)]
    pub caption: Option<Located<String>>,
    /// The disclosure is spoken in the video.
    #[serde(default)]
    pub spoken_disclosure: Option<bool>,
    /// The disclosure is shown on screen.
    #[serde(default)]
    pub on_screen_disclosure: Option<bool>,
}

/// A posting window, both ends included.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PostingWindow {
    /// First day.
    pub from: Date,
    /// Last day.
    pub to: Date,
}

/// A creator considered and turned down.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Declined {
    /// Handle.
    pub handle: Located<String>,
    /// Why, e.g. `audience_mismatch`.
    #[serde(default)]
    pub reason: Option<Located<String>>,
    /// Details.
    #[serde(default)]
    pub note: Option<String>,
}

/// The creative brief.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Brief {
    /// Tone of voice.
    #[serde(default)]
    pub voice: Option<String>,
    /// Messages to land.
    #[serde(default)]
    pub key_messages: Vec<String>,
    /// Phrases every caption must include.
    #[serde(default)]
    pub must_include: Vec<Located<String>>,
    /// Accepted disclosure labels.
    #[serde(default)]
    pub disclosure: Vec<Located<String>>,
    /// Claims no caption may make.
    #[serde(default)]
    pub banned_claims: Vec<Located<String>>,
    /// Allowed formats.
    #[serde(default)]
    pub formats: Vec<Located<String>>,
    /// Do's.
    #[serde(default)]
    pub dos: Vec<String>,
    /// Don'ts.
    #[serde(default)]
    pub donts: Vec<String>,
    /// Jurisdiction whose disclosure rules apply (US, UK, EU …).
    #[serde(default)]
    pub jurisdiction: Option<Located<String>>,
}

/// Rule levels and custom rules for `kpi lint`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Guidelines {
    /// Rule id → level.
    #[serde(default)]
    pub rules: BTreeMap<String, Located<Level>>,
    /// Pattern rules of the brand's own.
    #[serde(default)]
    pub custom: Vec<Located<CustomRule>>,
}

/// A lint rule level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Not checked.
    Off,
    /// Reported, never fails.
    Info,
    /// Fails with `--deny warnings`.
    Warning,
    /// Fails.
    Error,
}

/// A custom pattern rule.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomRule {
    /// Its id, e.g. `X001`.
    pub id: Located<String>,
    /// The finding's message.
    pub message: String,
    /// The field checked: caption, link, brief …
    #[serde(rename = "in")]
    pub field: String,
    /// A pattern that must not match.
    #[serde(default)]
    pub forbid: Option<Located<String>>,
    /// A pattern that must match.
    #[serde(default)]
    pub require: Option<Located<String>>,
    /// Level, default error.
    #[serde(default)]
    pub level: Option<Level>,
}

impl JsonSchema for Threshold {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Threshold".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A number in the KPI's scale, a percentage (\"98%\"), `baseline`, \"baseline + 25%\", \"baseline - 0.5\" or \"baseline * 1.1\"",
            "oneOf": [
                { "type": "number" },
                { "type": "string", "pattern": "^\\s*(-?[0-9.,]+\\s*%?|[Bb]aseline(\\s*[-+*x×]\\s*-?[0-9.]+\\s*%?)?)\\s*$" }
            ]
        })
    }
}

impl JsonSchema for Baseline {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Baseline".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let history = generator.subschema_for::<HistoryBaseline>();
        json_schema!({
            "description": "A number, or a statistic over history exports",
            "oneOf": [ { "type": "number" }, history ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_in_every_written_form() {
        assert_eq!(Threshold::parse("75"), Some(Threshold::Value(75.0)));
        assert_eq!(Threshold::parse("98%"), Some(Threshold::Value(0.98)));
        assert_eq!(
            Threshold::parse("baseline"),
            Some(Threshold::BaselineTimes(1.0))
        );
        assert_eq!(
            Threshold::parse("baseline + 25%"),
            Some(Threshold::BaselineTimes(1.25))
        );
        assert_eq!(
            Threshold::parse("Baseline - 0.5"),
            Some(Threshold::BaselinePlus(-0.5))
        );
        assert_eq!(
            Threshold::parse("baseline * 1.1"),
            Some(Threshold::BaselineTimes(1.1))
        );
        assert_eq!(
            Threshold::parse("baseline × 1.1"),
            Some(Threshold::BaselineTimes(1.1))
        );
        assert_eq!(Threshold::parse("lots"), None);
    }

    #[test]
    fn a_non_ascii_operator_does_not_panic() {
        // Found by fuzzing (campaign_load): `baseline` followed by a multi-byte character.
        assert_eq!(Threshold::parse("baseline\u{fffd}\u{fffd}+25%"), None);
        assert_eq!(Threshold::parse("baselineé"), None);
    }
}
