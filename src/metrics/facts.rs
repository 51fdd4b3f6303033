//! Facts from the campaign file, joined into the metric namespace per creator.
//!
//! They are counted as of `--as-of`, so a past scorecard can be reproduced: a deliverable
//! delivered after that day is not yet delivered, an unsigned contract's clock is still
//! running. Every fact is additive, so formulas over them are ratios of sums like any
//! other metric; `brand_fit_score` is the derived mean `brand_fit_points / brand_fit_rated`.

use chrono::NaiveDate;

use super::table::{Dimension, MetricTable, Overflow};
use super::{Fixed, creator_key};
use crate::campaign::fit::brand_fit;
use crate::campaign::link::is_tagged;
use crate::campaign::{Campaign, Creator, ScreenResult};

/// Every fact name with what it counts, for `unknown metric` messages and the docs.
pub const FACTS: [(&str, &str); 13] = [
    ("deliverables", "deliverables listed"),
    ("deliverables_due", "deliverables due on or before --as-of"),
    ("delivered", "deliverables delivered on or before --as-of"),
    (
        "delivered_on_time",
        "deliverables due by --as-of and delivered on or before their due date",
    ),
    ("links", "deliverables with a link"),
    (
        "tagged_links",
        "links carrying utm_source, utm_medium and utm_campaign",
    ),
    (
        "screens",
        "creators to be safety-screened (every listed creator)",
    ),
    (
        "screens_passed",
        "creators with a passed, unexpired safety screen dated on or before --as-of",
    ),
    ("incidents", "incidents found by safety screens"),
    ("contracts", "contracts offered on or before --as-of"),
    (
        "contract_days",
        "days from offer to signature (to --as-of while unsigned)",
    ),
    ("brand_fit_points", "brand-fit scores added up"),
    ("brand_fit_rated", "creators with a brand-fit score"),
];

/// Names that stand for a formula over other names.
pub const DERIVED: [(&str, &str); 1] = [("brand_fit_score", "brand_fit_points / brand_fit_rated")];

/// Adds the campaign file's facts, as of `as_of`, to `table`.
pub fn add_campaign_facts(
    table: &mut MetricTable,
    campaign: &Campaign,
    as_of: NaiveDate,
) -> Result<(), Overflow> {
    for (name, _) in FACTS {
        table.metric_id(name);
    }
    for creator in &campaign.creators {
        let key = creator_key(&creator.handle);
        table.name_creator(&key, creator.handle.trim());
        table.groups_mut(Dimension::Creator).id(&key);
        let platform = creator.platform.as_deref().map(|p| p.trim().to_lowercase());
        let mut keys = vec![(Dimension::Creator, key.as_str())];
        if let Some(p) = platform.as_deref() {
            keys.push((Dimension::Platform, p));
        }
        for (name, value) in creator_facts(creator, campaign, as_of) {
            table.add_fact(&keys, name, value)?;
        }
    }
    Ok(())
}

fn creator_facts(
    creator: &Creator,
    campaign: &Campaign,
    as_of: NaiveDate,
) -> Vec<(&'static str, Fixed)> {
    let count = |n: usize| Fixed::from_int(i64::try_from(n).unwrap_or(i64::MAX));
    let on_or_before = |d: Option<NaiveDate>| d.is_some_and(|d| d <= as_of);
    let deliverables = &creator.deliverables;
    let due = deliverables
        .iter()
        .filter(|d| on_or_before(d.due.as_ref().map(|x| *x.value)))
        .count();
    let delivered = deliverables
        .iter()
        .filter(|d| on_or_before(d.delivered_on.as_ref().map(|x| *x.value)))
        .count();
    let on_time = deliverables
        .iter()
        .filter(|d| match (&d.due, &d.delivered_on) {
            (Some(due), Some(done)) => *due.value <= as_of && done.value <= due.value,
            _ => false,
        })
        .count();
    let links: Vec<&str> = deliverables
        .iter()
        .filter_map(|d| d.link.as_deref().map(String::as_str))
        .collect();
    let tagged = links.iter().filter(|l| is_tagged(l)).count();

    let mut facts = vec![
        ("deliverables", count(deliverables.len())),
        ("deliverables_due", count(due)),
        ("delivered", count(delivered)),
        ("delivered_on_time", count(on_time)),
        ("links", count(links.len())),
        ("tagged_links", count(tagged)),
        ("screens", Fixed::from_int(1)),
    ];
    let passed = creator.safety_screen.as_ref().is_some_and(|s| {
        s.result == ScreenResult::Pass
            && s.on.as_ref().is_none_or(|d| *d.value <= as_of)
            && s.expires_on.as_ref().is_none_or(|d| *d.value >= as_of)
    });
    facts.push(("screens_passed", Fixed::from_int(i64::from(passed))));
    if let Some(incidents) = creator.safety_screen.as_ref().and_then(|s| s.incidents) {
        facts.push(("incidents", Fixed::from_int(i64::from(incidents))));
    }
    if let Some(contract) = &creator.contract
        && let Some(offered) = contract
            .offered_on
            .as_ref()
            .map(|d| *d.value)
            .filter(|d| *d <= as_of)
    {
        let signed = contract
            .signed_on
            .as_ref()
            .map(|d| *d.value)
            .filter(|d| *d <= as_of)
            .unwrap_or(as_of);
        let days = (signed - offered).num_days().max(0);
        facts.push(("contracts", Fixed::from_int(1)));
        facts.push(("contract_days", Fixed::from_int(days)));
    }
    if let Some(score) = brand_fit(creator, campaign.audience.as_ref()).and_then(Fixed::from_f64) {
        facts.push(("brand_fit_points", score));
        facts.push(("brand_fit_rated", Fixed::from_int(1)));
    }
    facts
}
