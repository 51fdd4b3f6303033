//! Resolving the KPIs written in a campaign file into scorable [`Kpi`]s: built-in
//! defaults applied, formulas parsed and checked against the known metric names,
//! thresholds turned into numbers.
//!
//! Every problem is reported with its place, all of them at once.

use crate::text::Quoted;
use chrono::NaiveDate;

use super::builtin::{self, Builtin};
use super::formula::Expr;
use super::history;
use super::pacing::Curve;
use crate::campaign::load::suggest;
use crate::campaign::{
    Actions, Baseline, Better, Campaign, KpiSpec, Located, Pacing, PacingCurve, Threshold, Tier,
    Unit,
};
use crate::error::{Error, Result};
use crate::metrics::MetricTable;
use crate::metrics::facts::{DERIVED, FACTS};
use crate::metrics::names::CANONICAL_METRICS;

/// Green and yellow thresholds as numbers in the KPI's own scale.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Bands {
    /// At or better than this is green.
    pub green: f64,
    /// At or better than this (and worse than green) is yellow; the rest is red.
    pub yellow: f64,
}

/// A KPI ready to score.
#[derive(Debug, Clone)]
pub struct Kpi {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Alignment-stack tier.
    pub tier: Tier,
    /// The formula, with derived names expanded.
    pub formula: Expr,
    /// The formula as written (or the built-in's).
    pub formula_text: String,
    /// How values are shown.
    pub unit: Unit,
    /// Which direction is better.
    pub better: Better,
    /// The resolved baseline.
    pub baseline: Option<f64>,
    /// What to know about how a baseline from history was computed (partial weeks).
    pub baseline_note: Option<String>,
    /// Explicit bands.
    pub bands: Option<Bands>,
    /// The value to reach.
    pub target: Option<f64>,
    /// When the target is due (defaults to the period end for cumulative KPIs).
    pub by: Option<NaiveDate>,
    /// Review dates.
    pub checkpoints: Vec<NaiveDate>,
    /// Actions written for this KPI.
    pub actions: Actions,
    /// The built-in's own action, when it has one.
    pub default_action: Option<&'static str>,
    /// Whether the value accumulates over time (a sum) rather than being a rate.
    pub cumulative: bool,
    /// How the target accrues over time.
    pub curve: Curve,
    /// Weeks worse in a row that move the band one step toward red.
    pub escalate_after: u32,
}

/// Resolves every KPI of `campaign`; `table` tells which metric names exist.
pub fn resolve(campaign: &Campaign, table: &MetricTable) -> Result<Vec<Kpi>> {
    let mut kpis = Vec::new();
    let mut problems = Vec::new();
    for spec in &campaign.kpis {
        match resolve_one(campaign, table, spec) {
            Ok(kpi) => kpis.push(kpi),
            Err(mut errors) => problems.append(&mut errors),
        }
    }
    Error::collect(problems)?;
    Ok(kpis)
}

fn resolve_one(
    campaign: &Campaign,
    table: &MetricTable,
    spec: &KpiSpec,
) -> Result<Kpi, Vec<Error>> {
    let source = &campaign.source;
    let at = |loc_line: u64, loc_col: u64, message: String| {
        Error::campaign(source.place(loc_line, loc_col), message)
    };
    let mut problems = Vec::new();

    let builtin: Option<&Builtin> = match &spec.use_builtin {
        None => None,
        Some(name) => match builtin::find(name.trim()) {
            Some(b) => Some(b),
            None => {
                let ids: Vec<String> = builtin::BUILTINS.iter().map(|b| b.id.to_owned()).collect();
                let hint = match suggest(name.trim(), &ids) {
                    Some(best) => format!(" — did you mean `{best}`?"),
                    None => format!("; built-in KPIs are: {}", ids.join(", ")),
                };
                return Err(vec![at(
                    name.line,
                    name.column,
                    format!("unknown built-in KPI `{}`{hint}", Quoted(&name.value)),
                )]);
            }
        },
    };

    let (formula_text, formula_place) = match (&spec.formula, builtin) {
        (Some(f), _) => (
            f.value.clone(),
            Some((
                f.line,
                f.column + quote_shift(source.line(f.line), f.column),
            )),
        ),
        (None, Some(b)) => (b.formula.to_owned(), None),
        (None, None) => {
            return Err(vec![at(
                spec.id.line,
                spec.id.column,
                format!(
                    "KPI `{}` needs a `formula:` or a built-in (`use:`)",
                    Quoted(&spec.id)
                ),
            )]);
        }
    };
    let place_in_formula = |offset: usize| match formula_place {
        Some((line, column)) => (line, column + offset as u64),
        None => (
            spec.use_builtin.as_ref().map_or(spec.id.line, |u| u.line),
            spec.use_builtin
                .as_ref()
                .map_or(spec.id.column, |u| u.column),
        ),
    };
    let mut formula = match Expr::parse(&formula_text) {
        Ok(expr) => expr,
        Err(e) => {
            let (line, column) = place_in_formula(e.offset);
            return Err(vec![at(
                line,
                column,
                format!(
                    "in the formula of `{}`: {}",
                    Quoted(&spec.id),
                    Quoted(&e.message)
                ),
            )]);
        }
    };
    let known = known_names(table);
    for name in formula.metrics() {
        if known.iter().any(|k| k == name) {
            continue;
        }
        let offset = word_offset(&formula_text, name).unwrap_or(0);
        let (line, column) = place_in_formula(offset);
        let hint = match suggest(name, &known) {
            Some(best) => format!(" — did you mean `{}`?", Quoted(best)),
            None => known_list(table),
        };
        problems.push(at(
            line,
            column,
            format!(
                "unknown metric `{}` in the formula of `{}`{hint}",
                Quoted(name),
                Quoted(&spec.id)
            ),
        ));
    }
    for (name, text) in DERIVED {
        if formula.metrics().contains(&name) {
            let expanded =
                Expr::parse(text).expect("derived formulas are valid (checked by tests)");
            formula = formula.substitute(name, &expanded);
        }
    }

    let mut baseline_note = None;
    let baseline = match &spec.baseline {
        None => None,
        Some(b) => match &b.value {
            Baseline::Value(v) => Some(*v),
            Baseline::History(h) => {
                match history::baseline(campaign, &formula, h, (b.line, b.column)) {
                    Ok((v, note)) => {
                        baseline_note =
                            note.map(|n| format!("baseline of `{}`: {n}", Quoted(&spec.id)));
                        Some(v)
                    }
                    Err(message) => {
                        problems.push(at(
                            b.line,
                            b.column,
                            format!("baseline of `{}`: {message}", Quoted(&spec.id)),
                        ));
                        None
                    }
                }
            }
        },
    };
    let mut threshold = |t: &Located<Threshold>, what: &str| -> Option<f64> {
        match (t.value, baseline) {
            (Threshold::Value(v), _) => Some(v),
            (Threshold::BaselineTimes(k), Some(b)) => Some(b * k),
            (Threshold::BaselinePlus(d), Some(b)) => Some(b + d),
            (_, None) if spec.baseline.is_some() => None,
            (_, None) => {
                problems.push(at(
                    t.line,
                    t.column,
                    format!("the {what} of `{}` is relative to `baseline`, but the KPI has no `baseline:`", Quoted(&spec.id)),
                ));
                None
            }
        }
    };
    let bands = match (&spec.bands, builtin.and_then(|b| b.bands)) {
        (Some(bands), _) => match (
            threshold(&bands.green, "green band"),
            threshold(&bands.yellow, "yellow band"),
        ) {
            (Some(green), Some(yellow)) => Some(Bands { green, yellow }),
            _ => None,
        },
        (None, Some((green, yellow))) => {
            match (Threshold::parse(green), Threshold::parse(yellow)) {
                (Some(Threshold::Value(green)), Some(Threshold::Value(yellow))) => {
                    Some(Bands { green, yellow })
                }
                _ => None,
            }
        }
        (None, None) => None,
    };
    let target = spec.target.as_ref().and_then(|t| threshold(t, "target"));
    let period_start = campaign.campaign.period.start.0;
    if let Some(by) = spec.by.as_ref().filter(|by| by.value.0 < period_start) {
        problems.push(at(
            by.line,
            by.column,
            format!(
                "`by: {}` is before the campaign starts ({}); a target must be due within the campaign",
                by.value, campaign.campaign.period.start
            ),
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let cumulative = formula.is_cumulative();
    let by = spec
        .by
        .as_ref()
        .map(|d| d.value.0)
        .or_else(|| (cumulative && target.is_some()).then_some(campaign.campaign.period.end.0));
    Ok(Kpi {
        id: spec.id.value.clone(),
        name: spec
            .name
            .clone()
            .or_else(|| builtin.map(|b| b.name.to_owned()))
            .unwrap_or_else(|| spec.id.value.clone()),
        tier: spec
            .tier
            .or(builtin.map(|b| b.tier))
            .unwrap_or(Tier::Impact),
        formula,
        formula_text,
        unit: spec
            .unit
            .or(builtin.map(|b| b.unit))
            .unwrap_or(if cumulative { Unit::Count } else { Unit::Ratio }),
        better: spec
            .better
            .or(builtin.map(|b| b.better))
            .unwrap_or(Better::Higher),
        baseline,
        bands,
        target,
        by,
        checkpoints: spec.checkpoints.iter().map(|d| d.value.0).collect(),
        actions: spec.actions.clone().unwrap_or_default(),
        default_action: builtin.and_then(|b| b.action),
        cumulative,
        curve: match spec.pacing.as_ref().map(|p| &p.value) {
            None | Some(Pacing::Curve(PacingCurve::Linear)) => Curve::Linear,
            Some(Pacing::Curve(PacingCurve::FrontLoaded)) => Curve::FrontLoaded,
            Some(Pacing::Curve(PacingCurve::BackLoaded)) => Curve::BackLoaded,
            Some(Pacing::Weights(w)) => Curve::Weights(w.clone()),
        },
        escalate_after: spec.escalate_after.unwrap_or(DEFAULT_ESCALATE_AFTER).max(1),
        baseline_note,
    })
}

/// Weeks worse in a row before a KPI escalates, unless `escalate_after:` says otherwise.
pub const DEFAULT_ESCALATE_AFTER: u32 = 3;

/// Every metric name a formula may use: canonical columns, campaign facts, derived
/// names and every column the exports provided.
pub fn known_names(table: &MetricTable) -> Vec<String> {
    let mut names: Vec<String> = CANONICAL_METRICS
        .iter()
        .chain(FACTS.iter().map(|(n, _)| n))
        .chain(DERIVED.iter().map(|(n, _)| n))
        .map(|n| (*n).to_owned())
        .chain(table.names().iter().cloned())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// `; known metrics: …` for a message: every name `kpi` itself knows, then, as an
/// excerpt, the names the exports brought.
fn known_list(table: &MetricTable) -> String {
    let own: Vec<&str> = CANONICAL_METRICS
        .iter()
        .chain(FACTS.iter().map(|(n, _)| n))
        .chain(DERIVED.iter().map(|(n, _)| n))
        .copied()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let theirs: Vec<&str> = table
        .names()
        .iter()
        .map(String::as_str)
        .filter(|n| !own.contains(n))
        .collect();
    if theirs.is_empty() {
        format!("; known metrics: {}", own.join(", "))
    } else {
        format!(
            "; known metrics: {}; the exports also have: {}",
            own.join(", "),
            crate::text::quote_list(theirs)
        )
    }
}

/// 1 when the scalar at `column` of `line` starts with a quote, so offsets inside the
/// formula land on the right character.
fn quote_shift(line: Option<&str>, column: u64) -> u64 {
    let index = usize::try_from(column.saturating_sub(1)).unwrap_or(0);
    match line.and_then(|l| l.chars().nth(index)) {
        Some('"' | '\'') => 1,
        _ => 0,
    }
}

/// The character offset of `word` as a whole word in `text`.
fn word_offset(text: &str, word: &str) -> Option<usize> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(found) = text[from..].find(word) {
        let start = from + found;
        let end = start + word.len();
        let before_ok = text[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !is_word(c));
        let after_ok = text[end..].chars().next().is_none_or(|c| !is_word(c));
        if before_ok && after_ok {
            return Some(text[..start].chars().count());
        }
        from = end;
    }
    None
}
