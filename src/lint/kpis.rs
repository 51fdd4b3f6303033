//! K — KPIs: specific, banded, time-bound, anchored to the objective.

use super::{Hit, Rule, Severity};
use crate::campaign::{Baseline, Better, KpiSpec, Objective, Threshold, Tier, Unit};
use crate::kpi::builtin;
use crate::kpi::formula::Expr;
use crate::text::Quoted;

/// Metrics that show attention, not business outcome.
pub(super) const VANITY: [&str; 9] = [
    "impressions",
    "reach",
    "views",
    "likes",
    "comments",
    "saves",
    "shares",
    "followers_gained",
    "engagements",
];

pub(super) const RULES: &[Rule] = &[
    Rule {
        id: "K001",
        name: "kpi-without-bands",
        severity: Severity::Error,
        summary: "a KPI has neither bands nor a target, so it can never be judged",
        help: "Give the KPI `bands: { green: X, yellow: Y }` or a `target:`; without them it is reported as unrated and drift cannot trigger an action.",
        bad: "kpis:\n  - id: ctr\n    formula: clicks / impressions",
        good: "kpis:\n  - id: ctr\n    formula: clicks / impressions\n    bands: { green: \"1.2%\", yellow: \"0.8%\" }",
        check: |cx, hits| {
            for kpi in &cx.campaign.kpis {
                let builtin_bands = builtin_of(kpi).and_then(|b| b.bands).is_some();
                if kpi.bands.is_none() && kpi.target.is_none() && !builtin_bands {
                    hits.push(Hit::at(
                        &kpi.id,
                        format!("KPI `{}` has no `bands:` and no `target:`", Quoted(&kpi.id)),
                    ));
                }
            }
        },
    },
    Rule {
        id: "K002",
        name: "target-without-date",
        severity: Severity::Warning,
        summary: "a KPI has a target but no `by:` date",
        help: "Say when the target is due with `by:` (pacing projects the value to that day); without it the period end is assumed.",
        bad: "  - id: signups\n    formula: signups\n    target: 4000",
        good: "  - id: signups\n    formula: signups\n    target: 4000\n    by: 2026-06-30",
        check: |cx, hits| {
            for kpi in &cx.campaign.kpis {
                if let (Some(target), None) = (&kpi.target, &kpi.by) {
                    hits.push(Hit::at(
                        target,
                        format!("KPI `{}` has a target but no `by:` date", Quoted(&kpi.id)),
                    ));
                }
            }
        },
    },
    Rule {
        id: "K003",
        name: "unknown-metric",
        severity: Severity::Error,
        summary: "a formula names a metric no export, mapping or campaign fact provides",
        help: "Use a canonical column, a campaign fact, a name mapped under `columns:` or a header of the exports; check the spelling.",
        bad: "    formula: spend / qualifed_clicks",
        good: "    formula: spend / qualified_clicks",
        check: |cx, hits| {
            for kpi in &cx.campaign.kpis {
                let Some(formula) = &kpi.formula else {
                    continue;
                };
                let Ok(expr) = Expr::parse(formula) else {
                    continue;
                };
                for name in expr.metrics() {
                    if !cx.known_metrics.iter().any(|k| k == name) {
                        let hint = crate::campaign::load::suggest(name, &cx.known_metrics)
                            .map(|b| format!("; did you mean `{}`?", Quoted(b)))
                            .unwrap_or_default();
                        hits.push(Hit::at(
                            formula,
                            format!(
                                "KPI `{}` uses unknown metric `{}`{hint}",
                                Quoted(&kpi.id),
                                Quoted(name)
                            ),
                        ));
                    }
                }
            }
        },
    },
    Rule {
        id: "K004",
        name: "vanity-only-impact",
        severity: Severity::Error,
        summary: "a conversions campaign measures impact only with vanity metrics",
        help: "Impressions, reach, views and likes show attention, not outcome. Add an impact KPI on signups, conversions, revenue, CPA or ROAS.",
        bad: "  objective: conversions\nkpis:\n  - { id: reach, formula: reach, tier: impact, target: 1000000 }",
        good: "  objective: conversions\nkpis:\n  - { id: cpa, use: cpa, bands: { green: 20, yellow: 30 } }",
        check: |cx, hits| {
            let info = &cx.campaign.campaign;
            let Some(objective) = info
                .objective
                .as_ref()
                .filter(|o| o.value == Objective::Conversions)
            else {
                return;
            };
            let impact: Vec<_> = cx
                .campaign
                .kpis
                .iter()
                .filter(|k| tier_of(k) == Tier::Impact)
                .collect();
            if impact.is_empty() {
                return;
            }
            let vanity_only = impact.iter().all(|k| {
                formula_of(k).is_some_and(|f| {
                    Expr::parse(&f).is_ok_and(|e| e.metrics().iter().all(|m| VANITY.contains(m)))
                })
            });
            if vanity_only {
                let ids: Vec<&str> = impact.iter().map(|k| k.id.as_str()).collect();
                hits.push(Hit::at(objective, format!("objective is conversions but the impact KPIs ({}) measure only vanity metrics", crate::text::quote(&ids.join(", ")))));
            }
        },
    },
    Rule {
        id: "K005",
        name: "no-gate-kpi",
        severity: Severity::Warning,
        summary: "no gate KPI, so spend is approved without a brand-fit or safety check",
        help: "Add gate KPIs judged per creator before spend, e.g. `use: brand_fit_score` and `use: safety_pass_rate` with `tier: gate`.",
        bad: "kpis:\n  - { id: cpa, use: cpa, bands: { green: 20, yellow: 30 } }",
        good: "kpis:\n  - { id: safety, use: safety_pass_rate }\n  - { id: cpa, use: cpa, bands: { green: 20, yellow: 30 } }",
        check: |cx, hits| {
            if !cx.campaign.kpis.iter().any(|k| tier_of(k) == Tier::Gate) {
                hits.push(Hit::at(
                    &cx.campaign.campaign.id,
                    format!(
                        "campaign `{}` has no gate KPI",
                        Quoted(&cx.campaign.campaign.id)
                    ),
                ));
            }
        },
    },
    Rule {
        id: "K006",
        name: "bands-inverted",
        severity: Severity::Error,
        summary: "the yellow threshold is better than the green one",
        help: "With `better: higher` green must be at least yellow (green: 75, yellow: 60); with `better: lower` green must be at most yellow (green: 1.80, yellow: 2.25).",
        bad: "    better: lower\n    bands: { green: 2.25, yellow: 1.80 }",
        good: "    better: lower\n    bands: { green: 1.80, yellow: 2.25 }",
        check: |cx, hits| {
            for kpi in &cx.campaign.kpis {
                let Some(bands) = &kpi.bands else { continue };
                let baseline = match kpi.baseline.as_ref().map(|b| &b.value) {
                    Some(Baseline::Value(v)) => Some(*v),
                    _ => None,
                };
                let (Some(green), Some(yellow)) = (
                    resolve(bands.green.value, baseline),
                    resolve(bands.yellow.value, baseline),
                ) else {
                    continue;
                };
                let better = better_of(kpi);
                let inverted = match better {
                    Better::Higher => yellow > green,
                    Better::Lower => yellow < green,
                };
                if inverted {
                    let word = if better == Better::Higher {
                        "higher"
                    } else {
                        "lower"
                    };
                    hits.push(Hit::at(bands, format!("KPI `{}`: yellow ({yellow}) is better than green ({green}) with `better: {word}`", Quoted(&kpi.id))));
                }
            }
        },
    },
    Rule {
        id: "K007",
        name: "checkpoint-outside-period",
        severity: Severity::Error,
        summary: "a checkpoint falls outside the campaign period",
        help: "Checkpoints are review dates inside the period; move it between `period.start` and `period.end`.",
        bad: "  period: { start: 2026-04-01, end: 2026-06-30 }\n...\n    checkpoints: [2026-07-15]",
        good: "  period: { start: 2026-04-01, end: 2026-06-30 }\n...\n    checkpoints: [2026-06-30]",
        check: |cx, hits| {
            let period = &cx.campaign.campaign.period;
            for kpi in &cx.campaign.kpis {
                for day in &kpi.checkpoints {
                    if !period.contains(day.value) {
                        hits.push(Hit::at(
                            day,
                            format!(
                                "checkpoint {} of `{}` is outside the period {} to {}",
                                day.value,
                                Quoted(&kpi.id),
                                period.start,
                                period.end
                            ),
                        ));
                    }
                }
            }
        },
    },
    Rule {
        id: "K008",
        name: "invalid-formula",
        severity: Severity::Error,
        summary: "a formula does not parse",
        help: "Formulas use metric names, numbers, + - * / and parentheses, e.g. `spend / qualified_clicks`.",
        bad: "    formula: spend / / clicks",
        good: "    formula: spend / clicks",
        check: |cx, hits| {
            for kpi in &cx.campaign.kpis {
                let Some(formula) = &kpi.formula else {
                    continue;
                };
                if let Err(e) = Expr::parse(formula) {
                    hits.push(Hit::at(
                        formula,
                        format!(
                            "the formula of `{}` does not parse: {}",
                            Quoted(&kpi.id),
                            e.message
                        ),
                    ));
                }
            }
        },
    },
    Rule {
        id: "K009",
        name: "unknown-builtin",
        severity: Severity::Error,
        summary: "`use:` names no built-in KPI",
        help: "Use one of the built-in KPIs listed in the README (brand_fit_score, safety_pass_rate, ctr, cpqc, roas …) or write a `formula:`.",
        bad: "  - { id: ctr, use: ctrr }",
        good: "  - { id: ctr, use: ctr }",
        check: |cx, hits| {
            for kpi in &cx.campaign.kpis {
                match &kpi.use_builtin {
                    Some(name) if builtin::find(name.trim()).is_none() => {
                        hits.push(Hit::at(
                            name,
                            format!("`{}` is not a built-in KPI", Quoted(&name.value)),
                        ));
                    }
                    None if kpi.formula.is_none() => {
                        hits.push(Hit::at(
                            &kpi.id,
                            format!(
                                "KPI `{}` has neither `formula:` nor `use:`",
                                Quoted(&kpi.id)
                            ),
                        ));
                    }
                    _ => {}
                }
            }
        },
    },
    Rule {
        id: "K010",
        name: "target-due-outside-period",
        severity: Severity::Warning,
        summary: "a target's `by:` date is outside the campaign period",
        help: "A target should be due within the campaign so pacing can be judged; set `by:` between the period's start and end.",
        bad: "    target: 4000\n    by: 2026-09-30",
        good: "    target: 4000\n    by: 2026-06-30",
        check: |cx, hits| {
            let period = &cx.campaign.campaign.period;
            for kpi in &cx.campaign.kpis {
                if let Some(by) = kpi.by.as_ref().filter(|by| !period.contains(by.value)) {
                    hits.push(Hit::at(
                        by,
                        format!(
                            "`by: {}` of `{}` is outside the period {} to {}",
                            by.value,
                            Quoted(&kpi.id),
                            period.start,
                            period.end
                        ),
                    ));
                }
            }
        },
    },
    Rule {
        id: "K011",
        name: "baseline-missing",
        severity: Severity::Error,
        summary: "a threshold is relative to `baseline` but the KPI has no `baseline:`",
        help: "Add `baseline: 1.80` (or `{ from: history.csv, stat: median }`), or write the threshold as a number.",
        bad: "    bands: { green: baseline, yellow: \"baseline + 25%\" }",
        good: "    baseline: 1.80\n    bands: { green: baseline, yellow: \"baseline + 25%\" }",
        check: |cx, hits| {
            for kpi in &cx.campaign.kpis {
                if kpi.baseline.is_some() {
                    continue;
                }
                let thresholds = kpi
                    .bands
                    .iter()
                    .flat_map(|b| [&b.green, &b.yellow])
                    .chain(kpi.target.iter());
                for t in thresholds {
                    if t.uses_baseline() {
                        hits.push(Hit::at(
                            t,
                            format!(
                                "KPI `{}` uses `baseline` but has no `baseline:`",
                                Quoted(&kpi.id)
                            ),
                        ));
                    }
                }
            }
        },
    },
    Rule {
        id: "K012",
        name: "percent-band-scale",
        severity: Severity::Warning,
        summary: "a percent KPI has a bare threshold above 1, which means over 100%",
        help: "Percent KPIs hold ratios (0.012 is 1.2%). Write `\"98%\"` or `0.98`, not `98`.",
        bad: "  - { id: utm, use: utm_rate, bands: { green: 98, yellow: 90 } }",
        good: "  - { id: utm, use: utm_rate, bands: { green: \"98%\", yellow: \"90%\" } }",
        check: |cx, hits| {
            for kpi in &cx.campaign.kpis {
                if unit_of(kpi) != Some(Unit::Percent) {
                    continue;
                }
                for t in kpi.bands.iter().flat_map(|b| [&b.green, &b.yellow]) {
                    if let Threshold::Value(v) = t.value
                        && v > 1.0
                    {
                        hits.push(Hit::at(
                            t,
                            format!(
                                "threshold {v} of percent KPI `{}` means {}%; write \"{v}%\"",
                                Quoted(&kpi.id),
                                v * 100.0
                            ),
                        ));
                    }
                }
            }
        },
    },
];

fn builtin_of(kpi: &KpiSpec) -> Option<&'static builtin::Builtin> {
    kpi.use_builtin
        .as_ref()
        .and_then(|u| builtin::find(u.trim()))
}

/// The KPI's tier: its own, its built-in's, else impact.
pub(super) fn tier_of(kpi: &KpiSpec) -> Tier {
    kpi.tier
        .or(builtin_of(kpi).map(|b| b.tier))
        .unwrap_or(Tier::Impact)
}

fn better_of(kpi: &KpiSpec) -> Better {
    kpi.better
        .or(builtin_of(kpi).map(|b| b.better))
        .unwrap_or(Better::Higher)
}

fn unit_of(kpi: &KpiSpec) -> Option<Unit> {
    kpi.unit.or(builtin_of(kpi).map(|b| b.unit))
}

fn formula_of(kpi: &KpiSpec) -> Option<String> {
    kpi.formula
        .as_ref()
        .map(|f| f.value.clone())
        .or(builtin_of(kpi).map(|b| b.formula.to_owned()))
}

fn resolve(t: Threshold, baseline: Option<f64>) -> Option<f64> {
    match (t, baseline) {
        (Threshold::Value(v), _) => Some(v),
        (Threshold::BaselineTimes(k), Some(b)) => Some(b * k),
        (Threshold::BaselinePlus(d), Some(b)) => Some(b + d),
        _ => None,
    }
}
