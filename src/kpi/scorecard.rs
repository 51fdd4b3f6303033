//! Evaluating a campaign into a [`Scorecard`]: every KPI's value, band, pace and action,
//! gate KPIs judged per creator, and the spend verdict.

use chrono::NaiveDate;
use serde::Serialize;

use super::action::{self, Context};
use super::band::{Status, band, bands_from_target, meets};
use super::definition::{self, Bands, Kpi};
use super::formula::{Expr, Outcome};
use super::pacing::{Pace, PaceStatus, days_inclusive, pace};
use super::trend::{self, Trend, WeekValue};
use crate::campaign::{Better, Campaign, Objective, Tier, Unit};
use crate::error::Result;
use crate::metrics::Fixed;
use crate::metrics::ingest::IngestStats;
use crate::metrics::sources::{ReadFlags, Reading};
use crate::metrics::table::UNATTRIBUTED;
use crate::metrics::{
    Dimension, MetricTable, MetricsArg, Progress, creator_key, read_campaign_metrics,
};

/// What to score, beyond the campaign file.
#[derive(Debug, Clone, Default)]
pub struct ScoreOptions {
    /// The day the scorecard describes; rows dated later are left out.
    pub as_of: NaiveDate,
    /// Add a row per group of this dimension to every KPI.
    pub by: Option<Dimension>,
    /// `--metrics` inputs, read after the campaign's own `metrics:` files.
    pub metrics: Vec<MetricsArg>,
    /// Compute weekly series (and escalation) per KPI, overall and per creator.
    pub trend: bool,
    /// What the user said about the exports (`--preset`, `--year`, `--encoding` …).
    pub read: ReadFlags,
    /// Keep each listed creator's value on every KPI, not only on gate KPIs (the HTML
    /// report draws creators side by side).
    pub every_kpi_by_creator: bool,
    /// Leave out each creator's weekly series (the HTML report does not draw them; the
    /// KPIs' own series stay).
    pub skip_creator_series: bool,
}

/// A campaign's scorecard at one date.
#[derive(Debug, Clone, Serialize)]
pub struct Scorecard {
    /// Which campaign.
    pub campaign: CampaignSummary,
    /// The day described.
    pub as_of: NaiveDate,
    /// How far into the period that day is.
    pub period: PeriodProgress,
    /// Whether spend is approved.
    pub verdict: Verdict,
    /// One entry per KPI, in file order.
    pub kpis: Vec<KpiScore>,
    /// The `--by` dimension, when given.
    pub by: Option<Dimension>,
    /// What was read.
    pub rows: RowCounts,
    /// Things the reader should know: rows left out, unknown creators.
    pub notes: Vec<String>,
}

/// The campaign's identity.
#[derive(Debug, Clone, Serialize)]
pub struct CampaignSummary {
    /// Stable id.
    pub id: String,
    /// Human name.
    pub name: Option<String>,
    /// The brand.
    pub brand: Option<String>,
    /// The objective.
    pub objective: Option<Objective>,
    /// Currency code of money values.
    pub currency: String,
}

/// The period and how much of it has elapsed at `as_of`.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodProgress {
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// Days elapsed, both ends included, between 0 and `total_days`.
    pub elapsed_days: i64,
    /// Days in the period, both ends included.
    pub total_days: i64,
    /// The period ended before `as_of`: the scorecard is final, judged on the period
    /// (as of its last day), whatever day it is read.
    #[serde(rename = "final")]
    pub is_final: bool,
}

/// The day a campaign is judged on at `as_of`: that day while it runs (or has not
/// started), its last day once the period is over. A finished campaign is not blocked
/// by a screen that expired after it ended.
pub fn judged_on(campaign: &Campaign, as_of: NaiveDate) -> NaiveDate {
    as_of.min(campaign.campaign.period.end.0)
}

/// The spend verdict.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    /// `approved` or `blocked`.
    pub spend: Spend,
    /// Each creator and gate KPI that blocks spend.
    pub blocking: Vec<Blocker>,
}

/// Whether spend may go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Spend {
    /// Every creator is green on every gate KPI.
    Approved,
    /// At least one creator is not.
    Blocked,
}

/// One creator held back by one gate KPI.
#[derive(Debug, Clone, Serialize)]
pub struct Blocker {
    /// The creator's handle.
    pub creator: String,
    /// The gate KPI's id.
    pub kpi: String,
    /// Its status for this creator.
    pub band: Status,
    /// Its value for this creator.
    pub value: Option<f64>,
}

impl Scorecard {
    /// What to do first: every KPI with an action, red before yellow, gates first.
    pub fn first_actions(&self) -> Vec<&KpiScore> {
        let mut todo: Vec<&KpiScore> = self.kpis.iter().filter(|k| k.action.is_some()).collect();
        todo.sort_by_key(|k| (std::cmp::Reverse(k.band.severity()), k.tier));
        todo
    }

    /// Each gate KPI that holds creators back with its blockers, at most `limit` in all
    /// (gates in scorecard order), and how many blockers that leaves out.
    pub fn blocked_by(&self, limit: usize) -> (Vec<(&KpiScore, Vec<&Blocker>)>, usize) {
        let blocking = &self.verdict.blocking;
        let mut listed = 0;
        let mut out = Vec::new();
        for kpi in self.kpis.iter().filter(|k| k.tier == Tier::Gate) {
            let here: Vec<&Blocker> = blocking
                .iter()
                .filter(|b| b.kpi == kpi.id)
                .take(limit.saturating_sub(listed))
                .collect();
            listed += here.len();
            if !here.is_empty() {
                out.push((kpi, here));
            }
        }
        (out, blocking.len().saturating_sub(listed))
    }

    /// How many distinct creators the verdict holds back.
    pub fn creators_held_back(&self) -> usize {
        let mut creators: Vec<&str> = self
            .verdict
            .blocking
            .iter()
            .map(|b| b.creator.as_str())
            .collect();
        creators.sort_unstable();
        creators.dedup();
        creators.len()
    }
}

/// Rows read and left out.
#[derive(Debug, Clone, Serialize)]
pub struct RowCounts {
    /// Rows added to the sums.
    pub read: u64,
    /// Rows dated after `as_of`.
    pub after_as_of: u64,
    /// Rows dated before the campaign period.
    pub before_start: u64,
    /// Rows of other campaigns.
    pub other_campaigns: u64,
}

/// One KPI on the scorecard.
#[derive(Debug, Clone, Serialize)]
pub struct KpiScore {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Tier.
    pub tier: Tier,
    /// Unit of `value`, `target`, thresholds and `projected`.
    pub unit: Unit,
    /// Better direction.
    pub better: Better,
    /// The formula as written.
    pub formula: String,
    /// The overall value; `null` for `no data` and `n/a`.
    pub value: Option<f64>,
    /// The same value exactly, when the formula is a sum (JSON and CSV print it).
    #[serde(skip)]
    pub exact: Option<Fixed>,
    /// The judgement.
    pub band: Status,
    /// Why the value is missing, when it is.
    pub reason: Option<String>,
    /// The target.
    pub target: Option<f64>,
    /// When the target is due.
    pub by: Option<NaiveDate>,
    /// The thresholds in force (explicit, built-in, or implied by the target).
    pub bands: Option<Bands>,
    /// The baseline the bands are relative to.
    pub baseline: Option<f64>,
    /// Pacing, for a cumulative KPI with a target.
    pub pace: Option<Pace>,
    /// The value projected at `by`.
    pub projected: Option<f64>,
    /// What to do; `null` when green.
    pub action: Option<String>,
    /// Per-creator judgement (always for gate KPIs).
    pub creators: Vec<GroupScore>,
    /// Rows per `--by` group.
    pub groups: Vec<GroupScore>,
    /// The weekly series from the period start to `as_of` (omitted with `--no-trend`).
    pub trend: Option<Trend>,
    /// Why the band was moved one step toward red ("3 weeks worse in a row").
    pub escalation: Option<String>,
    /// The next checkpoint and the value projected at it.
    pub checkpoint: Option<Checkpoint>,
    /// The weeks, each worse than the one before, that moved the band (empty when
    /// nothing or spend moved it).
    #[serde(skip)]
    pub escalated_weeks: Vec<String>,
    /// Whether the value accumulates over time (a sum) rather than being a rate.
    #[serde(skip)]
    pub cumulative: bool,
    /// The paced target's plan: the part due after each number of days from the period
    /// start, every seventh day and at the due date (empty when not paced).
    #[serde(skip)]
    pub plan: Vec<(i64, f64)>,
}

/// The next review date of a KPI and where it is heading.
#[derive(Debug, Clone, Serialize)]
pub struct Checkpoint {
    /// The checkpoint.
    pub date: NaiveDate,
    /// The value projected at it (the current value for a rate).
    pub projected: Option<f64>,
}

/// A KPI's value in one group.
#[derive(Debug, Clone, Serialize)]
pub struct GroupScore {
    /// The group: a handle, platform, format or ISO week.
    pub key: String,
    /// The value; `null` for `no data` and `n/a`.
    pub value: Option<f64>,
    /// The same value exactly, when the formula is a sum.
    #[serde(skip)]
    pub exact: Option<Fixed>,
    /// The judgement; `null` where bands do not apply to a part (a cumulative target).
    pub band: Option<Status>,
    /// The creator's weekly series (creator rows only; empty with `--no-trend`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub series: Vec<WeekValue>,
}

/// The most points of per-creator weekly series one scorecard computes.
pub const MAX_CREATOR_SERIES_POINTS: usize = 2_000_000;

/// Loads the campaign's metrics and scores it.
pub fn score(
    campaign: &Campaign,
    options: &ScoreOptions,
    progress: &dyn Progress,
) -> Result<Scorecard> {
    let (table, stats) = read_campaign_metrics(
        campaign,
        &options.metrics,
        &Reading {
            as_of: judged_on(campaign, options.as_of),
            trend: options.trend && !options.skip_creator_series,
            every_creator: options.by == Some(Dimension::Creator),
            // The orders carrying the contracts' codes, for the commission in the
            // budget note (state only for those codes).
            codes: true,
            flags: options.read.clone(),
        },
        progress,
    )?;
    let kpis = definition::resolve(campaign, &table)?;
    Ok(evaluate(campaign, &kpis, &table, &stats, options))
}

/// Scores resolved KPIs against a metric table.
pub fn evaluate(
    campaign: &Campaign,
    kpis: &[Kpi],
    table: &MetricTable,
    stats: &IngestStats,
    options: &ScoreOptions,
) -> Scorecard {
    let info = &campaign.campaign;
    let (start, end) = (info.period.start.0, info.period.end.0);
    let as_of = judged_on(campaign, options.as_of);
    let owner = info.owner.as_ref().and_then(|o| match (&o.name, &o.email) {
        (Some(n), Some(e)) => Some(format!("{n} <{e}>")),
        (Some(n), None) => Some(n.clone()),
        (None, Some(e)) => Some(e.clone()),
        (None, None) => None,
    });
    let creator_keys: Vec<(String, String)> = campaign
        .creators
        .iter()
        .map(|c| (creator_key(&c.handle), c.handle.trim().to_owned()))
        .collect();

    let weeks = trend::weeks(start, as_of.min(end));
    // Per-creator weekly series are shown for gate KPIs (and all with `--by creator`):
    // past a budget of points they are left out, with a note; the KPIs' own stay.
    let per_creator = kpis
        .iter()
        .filter(|k| k.tier == Tier::Gate || options.by == Some(Dimension::Creator))
        .count();
    let points = per_creator * creator_keys.len() * weeks.len();
    let wanted = options.trend && !options.skip_creator_series;
    let creator_series = wanted && points <= MAX_CREATOR_SERIES_POINTS;
    let mut blocking = Vec::new();
    let mut scores = Vec::new();
    for kpi in kpis {
        let overall = kpi.formula.eval(&lookup(table, None));
        let creators: Vec<GroupScore> = creator_keys
            .iter()
            .map(|(key, shown)| {
                let outcome = kpi
                    .formula
                    .eval(&lookup(table, Some((Dimension::Creator, key))));
                let mut score = group_score(kpi, shown.clone(), &outcome);
                score.exact = exact(kpi, table, Some((Dimension::Creator, key)), &outcome);
                let shown = kpi.tier == Tier::Gate || options.by == Some(Dimension::Creator);
                if creator_series && shown {
                    score.series = series(
                        &weeks,
                        |week, name| table.creator_week_value(key, week, name),
                        kpi,
                    );
                    if score.series.iter().all(|w| w.value.is_none()) {
                        score.series.clear();
                    }
                }
                score
            })
            .collect();
        let groups = options
            .by
            .map_or_else(Vec::new, |dimension| group_rows(kpi, table, dimension));

        let divisor = match overall {
            Outcome::DivisionByZero => kpi.formula.zero_divisor(&lookup(table, None)),
            _ => None,
        };
        let (value, reason, mut status, pace_result) =
            judge(kpi, &overall, divisor.as_deref(), start, as_of);
        if kpi.tier == Tier::Gate {
            status = gate(kpi, &creators, status, value, &mut blocking);
        }
        let kpi_trend = options.trend.then(|| {
            let overall = series(
                &weeks,
                |week, name| table.group_value(Dimension::Week, week, name),
                kpi,
            );
            trend::read(overall, kpi.better)
        });
        let (status, escalation, by_weeks) = escalate(kpi, kpi_trend.as_ref(), pace_result, status);
        let escalated_weeks = match &kpi_trend {
            Some(t) if by_weeks => t.worse_run().into_iter().map(str::to_owned).collect(),
            _ => Vec::new(),
        };
        let checkpoint = next_checkpoint(kpi, value, start, end, as_of);
        let context = Context {
            owner: owner.clone(),
            blocked: creators
                .iter()
                .filter(|c| c.band != Some(Status::Green))
                .map(|c| c.key.clone())
                .collect(),
            weakest: weakest(kpi, &creators),
            missing: match &overall {
                Outcome::NoData(missing) => user_names(kpi, missing),
                _ if kpi.tier == Tier::Gate => user_names(
                    kpi,
                    &kpi.formula
                        .metrics()
                        .iter()
                        .map(|m| (*m).to_owned())
                        .collect::<Vec<_>>(),
                ),
                _ => Vec::new(),
            },
            reason: reason.clone(),
            early: divisor.as_deref().and_then(early_days).is_some(),
            starts: Some(start.format("%Y-%m-%d").to_string()),
        };
        scores.push(KpiScore {
            id: kpi.id.clone(),
            name: kpi.name.clone(),
            tier: kpi.tier,
            unit: kpi.unit,
            better: kpi.better,
            formula: kpi.formula_text.clone(),
            value,
            exact: exact(kpi, table, None, &overall),
            band: status,
            reason,
            target: kpi.target,
            by: kpi.by,
            bands: effective_bands(kpi),
            baseline: kpi.baseline,
            pace: pace_result,
            projected: pace_result.and_then(|p| p.projected),
            action: action::action(kpi, status, &context).map(|a| match &escalation {
                Some(why) => format!("{a} ({why})"),
                None => a,
            }),
            creators: if kpi.tier == Tier::Gate
                || options.by == Some(Dimension::Creator)
                || options.every_kpi_by_creator
            {
                creators
            } else {
                Vec::new()
            },
            groups,
            trend: kpi_trend,
            escalation,
            escalated_weeks,
            checkpoint,
            cumulative: kpi.cumulative,
            plan: match (pace_result, kpi.target, kpi.by) {
                (Some(_), Some(target), Some(by)) => {
                    super::pacing::plan(target, start, by, &kpi.curve)
                }
                _ => Vec::new(),
            },
        });
    }

    let mut notes = Vec::new();
    if wanted && !creator_series {
        notes.push(format!(
            "weekly series per creator left out: {per_creator} KPIs × {} creators × {} weeks is more than {MAX_CREATOR_SERIES_POINTS} points (the KPIs' own weekly series are shown)",
            creator_keys.len(),
            weeks.len()
        ));
    }
    notes.extend(campaign_notes(campaign, kpis, table, stats, options));

    Scorecard {
        campaign: CampaignSummary {
            id: info.id.value.clone(),
            name: info.name.clone(),
            brand: info.brand.clone(),
            objective: info.objective.as_ref().map(|o| o.value),
            currency: info.currency(),
        },
        as_of: options.as_of,
        period: PeriodProgress {
            start,
            end,
            elapsed_days: days_inclusive(start, as_of.min(end)),
            total_days: days_inclusive(start, end),
            is_final: options.as_of > end,
        },
        verdict: Verdict {
            spend: if blocking.is_empty() {
                Spend::Approved
            } else {
                Spend::Blocked
            },
            blocking,
        },
        kpis: scores,
        by: options.by,
        rows: RowCounts {
            read: stats.rows,
            after_as_of: stats.after_as_of,
            before_start: stats.before_start,
            other_campaigns: stats.other_campaigns.values().sum(),
        },
        notes,
    }
}

/// A KPI's overall value, why it has none, its band before gates and escalation, and
/// its pace.
fn judge(
    kpi: &Kpi,
    overall: &Outcome,
    divisor: Option<&str>,
    start: NaiveDate,
    as_of: NaiveDate,
) -> (Option<f64>, Option<String>, Status, Option<Pace>) {
    let paced_not_started = kpi.cumulative && kpi.target.is_some() && as_of < start;
    match overall {
        Outcome::NoData(_) if paced_not_started => (None, None, Status::NotStarted, None),
        Outcome::NoData(missing) => (
            None,
            Some(format!(
                "no value for {}",
                crate::text::quote_list(missing.iter().map(String::as_str))
            )),
            Status::NoData,
            None,
        ),
        Outcome::DivisionByZero => (
            None,
            Some(nothing_to_divide_by(kpi, divisor)),
            Status::NotApplicable,
            None,
        ),
        Outcome::OutOfRange => (
            None,
            Some(format!(
                "`{}` is too large to represent",
                crate::text::quote(&kpi.formula_text)
            )),
            Status::NotApplicable,
            None,
        ),
        Outcome::Value(v) => {
            let (status, paced) = judge_overall(kpi, *v, start, as_of);
            (Some(*v), None, status, paced)
        }
    }
}

/// A gate KPI's blockers (each creator not green; a placeholder when none is listed),
/// and its band: as good as its worst creator.
fn gate(
    kpi: &Kpi,
    creators: &[GroupScore],
    status: Status,
    value: Option<f64>,
    blocking: &mut Vec<Blocker>,
) -> Status {
    if creators.is_empty() {
        // Nothing has passed the gate, so nothing may be paid for.
        blocking.push(Blocker {
            creator: "(no creators listed)".to_owned(),
            kpi: kpi.id.clone(),
            band: status,
            value,
        });
    }
    for creator in creators {
        let creator_status = creator.band.unwrap_or(Status::Unrated);
        if creator_status != Status::Green {
            blocking.push(Blocker {
                creator: creator.key.clone(),
                kpi: kpi.id.clone(),
                band: creator_status,
                value: creator.value,
            });
        }
    }
    creators
        .iter()
        .filter_map(|c| c.band)
        .max_by_key(|s| s.severity())
        .filter(|s| s.severity() > status.severity() || status == Status::Green)
        .unwrap_or(status)
}

/// Why a green or yellow KPI moves one band toward red (weeks worse in a row, spend
/// ahead of plan), the band it moves to, and whether the weeks moved it.
fn escalate(
    kpi: &Kpi,
    trend: Option<&Trend>,
    pace: Option<Pace>,
    status: Status,
) -> (Status, Option<String>, bool) {
    if kpi.tier == Tier::Gate || !matches!(status, Status::Green | Status::Yellow) {
        return (status, None, false);
    }
    let worse = trend.map_or(0, |t| t.worse_weeks);
    let overspend = pace
        .filter(|_| kpi.cumulative && kpi.unit == Unit::Currency && kpi.better == Better::Lower)
        .and_then(|p| p.ratio)
        .filter(|r| *r > 1.1);
    let why = if worse >= kpi.escalate_after {
        format!("{worse} weeks worse in a row")
    } else if let Some(ratio) = overspend {
        format!(
            "spending {:.0}% ahead of the planned pace",
            (ratio - 1.0) * 100.0
        )
    } else {
        return (status, None, false);
    };
    let moved = if status == Status::Green {
        Status::Yellow
    } else {
        Status::Red
    };
    (moved, Some(why), worse >= kpi.escalate_after)
}

/// The notes about the campaign as a whole: no gate, baselines, inverted bands, the
/// budget's burn, what the contracts commit, and the rows left out.
fn campaign_notes(
    campaign: &Campaign,
    kpis: &[Kpi],
    table: &MetricTable,
    stats: &IngestStats,
    options: &ScoreOptions,
) -> Vec<String> {
    let info = &campaign.campaign;
    let (start, end) = (info.period.start.0, info.period.end.0);
    let as_of = judged_on(campaign, options.as_of);
    let mut notes = Vec::new();
    if !kpis.iter().any(|k| k.tier == Tier::Gate) {
        notes.push(
            "no gate KPI is defined, so spend is not gated by brand fit or safety".to_owned(),
        );
    }
    notes.extend(kpis.iter().filter_map(|k| k.baseline_note.clone()));
    for kpi in kpis {
        if let Some(b) = kpi
            .bands
            .filter(|b| b.green != b.yellow && meets(b.yellow, b.green, kpi.better))
        {
            let better = match kpi.better {
                Better::Higher => "higher",
                Better::Lower => "lower",
            };
            notes.push(format!(
                "the bands of `{}` are inverted: yellow ({}) is better than green ({}) with `better: {better}`",
                crate::text::quote(&kpi.id),
                b.yellow,
                b.green
            ));
        }
    }
    if let (Some(budget), Some(spend)) = (info.budget.as_ref(), table.total("spend")) {
        let (budget, spend) = (budget.value.0.to_f64(), spend.to_f64());
        let elapsed = days_inclusive(start, as_of.min(end));
        let total = days_inclusive(start, end).max(1);
        if elapsed >= super::pacing::MIN_DAYS && budget > 0.0 {
            let projected = spend * total as f64 / elapsed as f64;
            let over = projected / budget - 1.0;
            let currency = info.currency();
            let currency = currency.as_str();
            let money = |v: f64| crate::report::format::value(v, Unit::Currency, currency);
            notes.push(format!(
                "spend {} of the {} budget by day {elapsed} of {total}: on pace for {}, {:.0}% {} budget",
                money(spend),
                money(budget),
                money(projected),
                over.abs() * 100.0,
                if over > 0.0 { "over" } else { "under" }
            ));
        }
    }
    notes.extend(committed_note(campaign, kpis, table, options.as_of));
    notes.extend(stats.notes(Some(as_of)));
    notes.extend(stats.other_creators.note());
    notes
}

/// What the contracts commit against the budget beyond ad spend: every fee contracted
/// and the bonuses and commission earned (`kpi settle` has the lines).
fn committed_note(
    campaign: &Campaign,
    kpis: &[Kpi],
    table: &MetricTable,
    as_of: NaiveDate,
) -> Option<String> {
    let currency = campaign.campaign.currency();
    let currency = currency.as_str();
    let money = |a: crate::settle::money::Amount| {
        crate::report::format::value(a.to_fixed().to_f64(), Unit::Currency, currency)
    };
    match crate::settle::committed(campaign, kpis, table, as_of) {
        Ok(Some(b)) if !(b.fees.is_zero() && b.performance.is_zero()) => Some(format!(
            "committed {} of the {} budget: ad spend {}, contracted fees {}, bonuses and commission earned {}; {} left (kpi settle has the lines)",
            money(b.committed),
            money(b.budget),
            money(b.ad_spend),
            money(b.fees),
            money(b.performance),
            money(b.remaining)
        )),
        Ok(_) => None,
        Err(e) => Some(format!("committed spend is not known: {}", e.one_line())),
    }
}

/// Why a ratio has no value yet, in words: "nothing is due yet (`deliverables_due` is
/// 0)" for the campaign file's own counts, "no `clicks` recorded" for an export's.
fn nothing_to_divide_by(kpi: &Kpi, divisor: Option<&str>) -> String {
    let Some(divisor) = divisor else {
        return format!(
            "`{}` divides by zero so far",
            crate::text::quote(&kpi.formula_text)
        );
    };
    let formula = crate::text::quote(&kpi.formula_text);
    let shown = crate::text::quote(divisor);
    match early_days(divisor) {
        Some(words) => format!("{words} (`{shown}` is 0)"),
        None if divisor.chars().all(|c| c.is_alphanumeric() || c == '_') => {
            format!("no `{shown}` recorded yet, so `{formula}` has nothing to divide by")
        }
        None => format!("`{shown}` is 0 so far, so `{formula}` has nothing to divide by"),
    }
}

/// What a campaign-file count at 0 means to a marketer; `None` for an export's metric.
fn early_days(divisor: &str) -> Option<&'static str> {
    Some(match divisor {
        "deliverables_due" => "nothing is due yet",
        "deliverables" => "no deliverables are listed",
        "delivered" => "nothing is delivered yet",
        "links" => "no deliverable has a link yet",
        "screens" => "no creator is listed to screen",
        "contracts" => "no contract is offered yet",
        "brand_fit_rated" => "no creator has a brand-fit rating yet",
        _ => return None,
    })
}

/// Metric names as the user wrote them: the parts of a derived name
/// (`brand_fit_points`, `brand_fit_rated`) are shown as the name itself.
fn user_names(kpi: &Kpi, names: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names {
        let shown = crate::metrics::facts::DERIVED
            .iter()
            .find(|(derived, expansion)| {
                kpi.formula_text.contains(derived)
                    && Expr::parse(expansion).is_ok_and(|e| e.metrics().contains(&name.as_str()))
            })
            .map_or(name.as_str(), |(derived, _)| derived);
        if !out.iter().any(|o| o == shown) {
            out.push(shown.to_owned());
        }
    }
    out
}

/// The KPI's value in each week, looked up by `value_of(week, metric)`.
fn series(
    weeks: &[(String, bool)],
    value_of: impl Fn(&str, &str) -> Option<Fixed>,
    kpi: &Kpi,
) -> Vec<WeekValue> {
    weeks
        .iter()
        .map(|(week, partial)| {
            let lookup = |name: &str| value_of(week, name).map(Fixed::to_f64);
            let value = match kpi.formula.eval(&lookup) {
                Outcome::Value(v) => Some(v),
                _ => None,
            };
            let exact =
                value.and_then(|_| kpi.formula.eval_exact(&|name: &str| value_of(week, name)));
            WeekValue {
                week: week.clone(),
                value,
                exact,
                partial: *partial,
            }
        })
        .collect()
}

/// The first checkpoint on or after `as_of`, and the value projected at it: a cumulative
/// KPI grows at its rate so far; a rate is expected to stay where it is.
fn next_checkpoint(
    kpi: &Kpi,
    value: Option<f64>,
    start: NaiveDate,
    end: NaiveDate,
    as_of: NaiveDate,
) -> Option<Checkpoint> {
    let date = kpi
        .checkpoints
        .iter()
        .copied()
        .filter(|d| *d >= as_of)
        .min()?;
    let projected = value.and_then(|v| {
        if !kpi.cumulative {
            return Some(v);
        }
        let total = days_inclusive(start, kpi.by.unwrap_or(end)).max(1);
        let elapsed = days_inclusive(start, as_of);
        (elapsed >= super::pacing::MIN_DAYS).then(|| {
            v / kpi.curve.share(elapsed, total)
                * kpi.curve.share(days_inclusive(start, date), total)
        })
    });
    Some(Checkpoint { date, projected })
}

/// Metric values of one group (or overall), as floats for formula arithmetic.
fn lookup<'a>(
    table: &'a MetricTable,
    group: Option<(Dimension, &'a str)>,
) -> impl Fn(&str) -> Option<f64> + 'a {
    move |name: &str| table.value(group, name).map(|v| v.to_f64())
}

/// The exact value of a KPI that has a value and whose formula is a sum, in a group or
/// overall.
fn exact(
    kpi: &Kpi,
    table: &MetricTable,
    group: Option<(Dimension, &str)>,
    outcome: &Outcome,
) -> Option<Fixed> {
    matches!(outcome, Outcome::Value(_))
        .then(|| kpi.formula.eval_exact(&|name| table.value(group, name)))
        .flatten()
}

/// The thresholds a value is judged against: explicit bands, else bands implied by the target.
fn effective_bands(kpi: &Kpi) -> Option<Bands> {
    kpi.bands
        .or_else(|| kpi.target.map(|t| bands_from_target(t, kpi.better)))
}

/// Judges the overall value. A cumulative KPI with a target and a due date is judged on
/// its projection at the due date; any KPI projected (or measured) to miss its target is
/// at best yellow.
fn judge_overall(
    kpi: &Kpi,
    value: f64,
    start: NaiveDate,
    as_of: NaiveDate,
) -> (Status, Option<Pace>) {
    let Some(bands) = effective_bands(kpi) else {
        return (Status::Unrated, None);
    };
    let (judged, paced) = match (kpi.cumulative, kpi.target, kpi.by) {
        (true, Some(target), Some(by)) => {
            let p = pace(value, target, start, by, as_of, kpi.better, &kpi.curve);
            match p.status {
                PaceStatus::NotStarted => return (Status::NotStarted, Some(p)),
                PaceStatus::TooEarly => return (Status::TooEarly, Some(p)),
                _ => {}
            }
            (p.projected.unwrap_or(value), Some(p))
        }
        _ => (value, None),
    };
    let mut status = band(judged, bands, kpi.better);
    if let Some(target) = kpi.target
        && status == Status::Green
        && !meets(judged, target, kpi.better)
    {
        status = Status::Yellow;
    }
    (status, paced)
}

/// A group's value and band; parts of a cumulative target are not banded.
/// A KPI's rows per `--by` group; none when no group has data for it (a KPI computed
/// from the campaign file has no weeks or platforms: a row of "no data" per group says
/// nothing).
fn group_rows(kpi: &Kpi, table: &MetricTable, dimension: Dimension) -> Vec<GroupScore> {
    let mut any_data = false;
    let rows: Vec<GroupScore> = table
        .keys(dimension)
        .into_iter()
        .map(|key| {
            let outcome = kpi.formula.eval(&lookup(table, Some((dimension, key))));
            any_data |= !matches!(outcome, Outcome::NoData(_));
            let shown = if dimension == Dimension::Creator && key != UNATTRIBUTED {
                table.creator_name(key).to_owned()
            } else {
                key.to_owned()
            };
            GroupScore {
                exact: exact(kpi, table, Some((dimension, key)), &outcome),
                ..group_score(kpi, shown, &outcome)
            }
        })
        .collect();
    if any_data { rows } else { Vec::new() }
}

fn group_score(kpi: &Kpi, key: String, outcome: &Outcome) -> GroupScore {
    let (value, band_status) = match outcome {
        Outcome::NoData(_) => (None, Some(Status::NoData)),
        Outcome::DivisionByZero | Outcome::OutOfRange => (None, Some(Status::NotApplicable)),
        Outcome::Value(v) => {
            let judged = if kpi.cumulative && kpi.target.is_some() {
                None
            } else {
                Some(effective_bands(kpi).map_or(Status::Unrated, |b| band(*v, b, kpi.better)))
            };
            (Some(*v), judged)
        }
    };
    GroupScore {
        key,
        value,
        exact: None,
        band: band_status,
        series: Vec::new(),
    }
}

/// The creator with the worst value, when at least two creators have one.
fn weakest(kpi: &Kpi, creators: &[GroupScore]) -> Option<String> {
    let valued: Vec<(&str, f64)> = creators
        .iter()
        .filter_map(|c| Some((c.key.as_str(), c.value?)))
        .collect();
    if valued.len() < 2 {
        return None;
    }
    let worst = valued.iter().copied().reduce(|a, b| match kpi.better {
        Better::Higher if b.1 < a.1 => b,
        Better::Lower if b.1 > a.1 => b,
        _ => a,
    })?;
    Some(worst.0.to_owned())
}
