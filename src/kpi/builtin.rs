//! The built-in KPI catalogue (`use:`): one entry per KPI, the single source for
//! scoring, `--help`-level docs and the README table.

use crate::campaign::{Better, Tier, Unit};

/// A built-in KPI.
#[derive(Debug, Clone, Copy)]
pub struct Builtin {
    /// The id used with `use:`.
    pub id: &'static str,
    /// Display name.
    pub name: &'static str,
    /// The formula over metric names.
    pub formula: &'static str,
    /// How values are shown.
    pub unit: Unit,
    /// Which direction is better.
    pub better: Better,
    /// Default tier.
    pub tier: Tier,
    /// Default `(green, yellow)` thresholds, where an industry norm exists.
    pub bands: Option<(&'static str, &'static str)>,
    /// The action for non-green bands when it differs from the tier's default.
    pub action: Option<&'static str>,
    /// One line on what it measures.
    pub about: &'static str,
}

#[allow(clippy::too_many_arguments)] // one row of the catalogue table, positional on purpose
const fn kpi(
    id: &'static str,
    name: &'static str,
    formula: &'static str,
    unit: Unit,
    better: Better,
    tier: Tier,
    bands: Option<(&'static str, &'static str)>,
    about: &'static str,
) -> Builtin {
    Builtin {
        id,
        name,
        formula,
        unit,
        better,
        tier,
        bands,
        action: None,
        about,
    }
}

const MODERATION: Option<&str> = Some("tighten moderation");

use Better::{Higher, Lower};
use Tier::{Flow, Gate, Impact};
use Unit::{Currency, Days, Percent, Ratio, Score};

/// Every built-in KPI.
pub const BUILTINS: &[Builtin] = &[
    kpi(
        "brand_fit_score",
        "Brand-fit score",
        "brand_fit_score",
        Score,
        Higher,
        Gate,
        Some(("75", "60")),
        "audience match with the campaign's ideal customer profile (0-100)",
    ),
    kpi(
        "safety_pass_rate",
        "Safety screen pass rate",
        "screens_passed / screens",
        Percent,
        Higher,
        Gate,
        Some(("100%", "100%")),
        "creators with a passed, unexpired brand-safety screen",
    ),
    kpi(
        "contract_sla_days",
        "Contract SLA",
        "contract_days / contracts",
        Days,
        Lower,
        Flow,
        Some(("7", "14")),
        "mean days from offer to signature",
    ),
    kpi(
        "utm_rate",
        "UTM implementation rate",
        "tagged_links / links",
        Percent,
        Higher,
        Flow,
        Some(("100%", "90%")),
        "links carrying utm_source, utm_medium and utm_campaign",
    ),
    kpi(
        "on_time_rate",
        "Asset delivery on time",
        "delivered_on_time / deliverables_due",
        Percent,
        Higher,
        Flow,
        Some(("95%", "80%")),
        "deliverables due so far that arrived by their due date",
    ),
    kpi(
        "delivery_rate",
        "Deliverables delivered",
        "delivered / deliverables",
        Percent,
        Higher,
        Flow,
        None,
        "share of all deliverables delivered so far",
    ),
    kpi(
        "ctr",
        "Click-through rate",
        "clicks / impressions",
        Percent,
        Higher,
        Impact,
        None,
        "clicks per impression",
    ),
    kpi(
        "engagement_rate",
        "Engagement rate (by reach)",
        "(likes + comments + saves + shares) / reach",
        Percent,
        Higher,
        Impact,
        None,
        "likes, comments, saves and shares per account reached",
    ),
    kpi(
        "cpm",
        "Cost per mille",
        "spend / impressions * 1000",
        Currency,
        Lower,
        Impact,
        None,
        "spend per thousand impressions",
    ),
    kpi(
        "cpc",
        "Cost per click",
        "spend / clicks",
        Currency,
        Lower,
        Impact,
        None,
        "spend per click",
    ),
    kpi(
        "cpqc",
        "Cost per qualified click",
        "spend / qualified_clicks",
        Currency,
        Lower,
        Impact,
        None,
        "spend per qualified click",
    ),
    kpi(
        "cpa",
        "Cost per acquisition",
        "spend / conversions",
        Currency,
        Lower,
        Impact,
        None,
        "spend per conversion",
    ),
    kpi(
        "conversion_rate",
        "Conversion rate",
        "conversions / clicks",
        Percent,
        Higher,
        Impact,
        None,
        "conversions per click",
    ),
    kpi(
        "roas",
        "Return on ad spend",
        "revenue / spend",
        Ratio,
        Higher,
        Impact,
        None,
        "revenue per unit of spend",
    ),
    kpi(
        "retained_followers_rate",
        "Retained followers",
        "followers_retained / followers_gained",
        Percent,
        Higher,
        Impact,
        None,
        "followers gained during the campaign who stayed",
    ),
    Builtin {
        action: MODERATION,
        ..kpi(
            "negative_comment_rate",
            "Negative comment rate",
            "negative_comments / comments",
            Percent,
            Lower,
            Impact,
            Some(("2%", "5%")),
            "share of comments that are negative",
        )
    },
    Builtin {
        action: MODERATION,
        ..kpi(
            "incident_rate",
            "Incident rate",
            "incidents / delivered",
            Percent,
            Lower,
            Impact,
            Some(("0%", "5%")),
            "brand-safety incidents per delivered asset",
        )
    },
];

/// The built-in KPI `id`.
pub fn find(id: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::formula::Expr;

    #[test]
    fn ids_are_unique_and_formulas_parse() {
        for (i, b) in BUILTINS.iter().enumerate() {
            assert!(
                BUILTINS[..i].iter().all(|o| o.id != b.id),
                "duplicate id {}",
                b.id
            );
            Expr::parse(b.formula).unwrap_or_else(|e| panic!("{}: {e:?}", b.id));
        }
    }

    #[test]
    fn every_design_builtin_is_present() {
        for id in [
            "brand_fit_score",
            "safety_pass_rate",
            "contract_sla_days",
            "utm_rate",
            "on_time_rate",
            "ctr",
            "engagement_rate",
            "cpm",
            "cpc",
            "cpqc",
            "cpa",
            "roas",
            "retained_followers_rate",
            "negative_comment_rate",
            "incident_rate",
        ] {
            assert!(find(id).is_some(), "{id}");
        }
    }
}
