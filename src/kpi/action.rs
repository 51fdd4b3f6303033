//! What to do about a KPI that is not green: its own `actions:`, else the built-in's,
//! else the tier's default (DESIGN §7), naming the creators concerned.

use super::band::Status;
use super::definition::Kpi;
use crate::campaign::Tier;

/// What the action can name.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The campaign owner, for escalations.
    pub owner: Option<String>,
    /// Creators blocked by this (gate) KPI.
    pub blocked: Vec<String>,
    /// The creator with the worst value, when several have one.
    pub weakest: Option<String>,
    /// Metrics with no value, for `no data`.
    pub missing: Vec<String>,
    /// The first day of pacing, for `not started`.
    pub starts: Option<String>,
    /// Why the value is missing, for `n/a`.
    pub reason: Option<String>,
    /// `n/a` only because the campaign file's own counts are still 0 (nothing is due
    /// yet): early days, not broken tracking.
    pub early: bool,
}

/// The action for `kpi` at `status`; `None` when green.
pub fn action(kpi: &Kpi, status: Status, context: &Context) -> Option<String> {
    let weakest = || {
        context
            .weakest
            .as_ref()
            .map(|w| format!(" (weakest: {w})"))
            .unwrap_or_default()
    };
    let gate = || {
        if context.blocked.is_empty() {
            "block spend until every creator is green".to_owned()
        } else {
            format!(
                "block spend for {}",
                crate::text::quote_list(context.blocked.iter().map(String::as_str))
            )
        }
    };
    Some(match status {
        Status::Green => return None,
        Status::NotStarted => match &context.starts {
            Some(day) => format!("none yet: pacing starts {day}"),
            None => "none yet: pacing has not started".to_owned(),
        },
        Status::TooEarly => "none yet: less than a week of data to project from".to_owned(),
        Status::Unrated => "set `bands:` or a `target:` so this KPI can be judged".to_owned(),
        Status::NoData => match (&kpi.actions.no_data, kpi.tier) {
            (Some(own), _) => own.clone(),
            (None, Tier::Gate) => format!("{}: no `{}` yet", gate(), context.missing.join("`, `")),
            (None, _) => format!(
                "add `{}` to the exports or `metrics:`",
                context.missing.join("`, `")
            ),
        },
        Status::NotApplicable => {
            let reason = context
                .reason
                .clone()
                .unwrap_or_else(|| format!("`{}` divides by zero so far", kpi.formula_text));
            // The campaign file's own counts at 0 are early days, not broken tracking.
            match kpi.tier {
                Tier::Gate => format!("{}: {reason}", gate()),
                _ if context.early => format!("none yet: {reason}"),
                _ => format!("check tracking: {reason}"),
            }
        }
        Status::Yellow | Status::Red => {
            let own = if status == Status::Yellow {
                &kpi.actions.yellow
            } else {
                &kpi.actions.red
            };
            if let Some(own) = own {
                own.clone()
            } else if kpi.tier == Tier::Gate {
                gate()
            } else if let Some(default) = kpi.default_action {
                format!("{default}{}", weakest())
            } else {
                match (kpi.tier, status) {
                    (Tier::Flow, Status::Yellow) => format!("re-brief{}", weakest()),
                    (Tier::Flow, _) => match &context.owner {
                        Some(owner) => format!("escalate to {owner}{}", weakest()),
                        None => format!("escalate to the campaign owner{}", weakest()),
                    },
                    (_, Status::Yellow) => format!("swap creator{}", weakest()),
                    _ => format!("pause spend{}", weakest()),
                }
            }
        }
    })
}
