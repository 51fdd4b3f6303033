//! T — tracking: every link tagged for the campaign, every asset anchored to a KPI.

use crate::text::Quoted;
use std::collections::HashMap;

use super::{Context, Hit, Rule, Severity};
use crate::campaign::Objective;
use crate::campaign::link::REQUIRED_UTM;

pub(super) const RULES: &[Rule] = &[
    Rule {
        id: "T001",
        name: "utm-missing",
        severity: Severity::Error,
        summary: "a link lacks utm_source, utm_medium or utm_campaign",
        help: "Without UTM parameters, clicks and sales cannot be attributed to the creator. Add utm_source, utm_medium and utm_campaign (and utm_content with the deliverable id).",
        bad: "        link: \"https://lumen.example/glow?utm_source=instagram\"",
        good: "        link: \"https://lumen.example/glow?utm_source=instagram&utm_medium=influencer&utm_campaign=spring-glow-2026&utm_content=maya-reel-1\"",
        check: |cx, hits| {
            for (d, link) in links(cx) {
                let params = cx.params(link);
                let missing: Vec<&str> = REQUIRED_UTM
                    .iter()
                    .copied()
                    .filter(|p| !params.iter().any(|(k, v)| k == p && !v.trim().is_empty()))
                    .collect();
                if !missing.is_empty() {
                    hits.push(Hit::at(
                        link,
                        format!("the link of `{}` lacks {}", Quoted(d), missing.join(", ")),
                    ));
                }
            }
        },
    },
    Rule {
        id: "T002",
        name: "utm-campaign-mismatch",
        severity: Severity::Error,
        summary: "a link's utm_campaign is not the campaign id",
        help: "Reports group traffic by utm_campaign; it must equal `campaign.id` exactly.",
        bad: "  id: spring-glow-2026\n…\n        link: \"https://lumen.example/?utm_source=ig&utm_medium=influencer&utm_campaign=spring_glow\"",
        good: "        link: \"https://lumen.example/?utm_source=ig&utm_medium=influencer&utm_campaign=spring-glow-2026\"",
        check: |cx, hits| {
            let id = cx.campaign.campaign.id.trim();
            for (d, link) in links(cx) {
                if let Some(value) =
                    first(&cx.params(link), "utm_campaign").filter(|v| v.trim() != id)
                {
                    hits.push(Hit::at(
                        link,
                        format!(
                            "utm_campaign `{}` of `{}` is not the campaign id `{}`",
                            Quoted(&value),
                            Quoted(d),
                            Quoted(id)
                        ),
                    ));
                }
            }
        },
    },
    Rule {
        id: "T003",
        name: "duplicate-tracking-tag",
        severity: Severity::Warning,
        summary: "two deliverables carry the same tracking tag (utm_content, or the same link)",
        help: "Give each deliverable its own `utm_content` (its id) so results can be told apart.",
        bad: "        link: \"…&utm_content=reel\"   # on two deliverables",
        good: "        link: \"…&utm_content=maya-reel-1\"",
        check: |cx, hits| {
            let mut seen: HashMap<String, String> = HashMap::new();
            for (d, link) in links(cx) {
                let params = cx.params(link);
                let tag = first(&params, "utm_content")
                    .map_or_else(|| link.trim().to_owned(), |c| format!("utm_content={c}"));
                if !params.iter().any(|(k, _)| k.starts_with("utm_")) {
                    continue;
                }
                if let Some(first) = seen.get(&tag) {
                    hits.push(Hit::at(
                        link,
                        format!(
                            "`{}` has the same tracking tag as `{}` ({})",
                            Quoted(d),
                            Quoted(first),
                            Quoted(&tag)
                        ),
                    ));
                } else {
                    seen.insert(tag, d.to_owned());
                }
            }
        },
    },
    Rule {
        id: "T004",
        name: "unanchored-deliverable",
        severity: Severity::Error,
        summary: "a deliverable supports no KPI, or names a KPI that is not defined",
        help: "Anchor every asset to the KPIs it serves with `supports: [kpi ids]`, using ids defined under `kpis:`.",
        bad: "      - { id: maya-reel-1, supports: [cpc] }   # no KPI `cpc`",
        good: "      - { id: maya-reel-1, supports: [cpqc, signups] }",
        check: |cx, hits| {
            let ids = cx.kpi_ids();
            for (_, d) in cx.deliverables() {
                if d.supports.is_empty() {
                    hits.push(Hit::at(
                        &d.id,
                        format!("deliverable `{}` supports no KPI", Quoted(&d.id)),
                    ));
                }
                for s in &d.supports {
                    if !ids.contains(&s.trim()) {
                        let known: Vec<String> = ids.iter().map(|i| (*i).to_owned()).collect();
                        let hint = crate::campaign::load::suggest(s.trim(), &known)
                            .map(|b| format!("; did you mean `{}`?", Quoted(b)))
                            .unwrap_or_default();
                        hits.push(Hit::at(s, format!("deliverable `{}` supports `{}`, which is not a KPI of this campaign{hint}", Quoted(&d.id), Quoted(&s.value))));
                    }
                }
            }
        },
    },
    Rule {
        id: "T005",
        name: "no-affiliate-tracking",
        severity: Severity::Warning,
        summary: "a conversions campaign gives a creator no affiliate code or link",
        help: "Sales through a creator can only be credited with a discount code or affiliate link: `compensation: { affiliate: { code: MAYA15 } }`.",
        bad: "  objective: conversions\n…\n      compensation: { flat_fee: 6000 }",
        good: "      compensation: { flat_fee: 6000, affiliate: { code: MAYA15, commission: \"10%\" } }",
        check: |cx, hits| {
            let conversions = cx
                .campaign
                .campaign
                .objective
                .as_ref()
                .is_some_and(|o| o.value == Objective::Conversions);
            if !conversions {
                return;
            }
            for creator in cx
                .campaign
                .creators
                .iter()
                .filter(|c| !c.deliverables.is_empty())
            {
                let tracked = creator
                    .contract
                    .as_ref()
                    .and_then(|k| k.compensation.as_ref())
                    .and_then(|c| c.affiliate.as_ref())
                    .is_some_and(|a| a.code.is_some() || a.link.is_some());
                if !tracked {
                    hits.push(Hit::at(
                        &creator.handle,
                        format!("{} has no affiliate code or link", Quoted(&creator.handle)),
                    ));
                }
            }
        },
    },
    Rule {
        id: "T006",
        name: "deliverable-without-link",
        severity: Severity::Info,
        summary: "a deliverable of a conversions or consideration campaign has no tracked link",
        help: "Add the tracked `link:` the creator will use (bio link, sticker, description) so clicks are attributed.",
        bad: "      - { id: maya-story-1, format: story, due: 2026-04-20 }",
        good: "      - { id: maya-story-1, format: story, due: 2026-04-20, link: \"https://…?utm_source=…\" }",
        check: |cx, hits| {
            let wants_links = cx.campaign.campaign.objective.as_ref().is_some_and(|o| {
                matches!(o.value, Objective::Conversions | Objective::Consideration)
            });
            if !wants_links {
                return;
            }
            for creator in &cx.campaign.creators {
                for d in creator.deliverables.iter().filter(|d| d.link.is_none()) {
                    hits.push(Hit::at(
                        &d.id,
                        format!("deliverable `{}` has no link", Quoted(&d.id)),
                    ));
                }
            }
        },
    },
    Rule {
        id: "T007",
        name: "malformed-link",
        severity: Severity::Error,
        summary: "a link is not an http(s) URL",
        help: "Write the full URL, starting with https://.",
        bad: "        link: \"lumen.example/glow?utm_source=ig\"",
        good: "        link: \"https://lumen.example/glow?utm_source=ig\"",
        check: |cx, hits| {
            for (d, link) in links(cx) {
                let l = link.trim().to_ascii_lowercase();
                let host = l
                    .strip_prefix("https://")
                    .or_else(|| l.strip_prefix("http://"));
                if host.is_none_or(|h| h.is_empty() || h.starts_with('/') || h.contains(' ')) {
                    hits.push(Hit::at(
                        link,
                        format!(
                            "the link of `{}` is not an http(s) URL: `{}`",
                            Quoted(d),
                            Quoted(&link.value)
                        ),
                    ));
                }
            }
        },
    },
    Rule {
        id: "T008",
        name: "unwritable-warehouse-query",
        severity: Severity::Error,
        summary: "the warehouse section names a table or column kpi sql cannot quote, or its where is not in the filter grammar",
        help: "Name the table `schema.table` and columns by their names; write `where:` as comparisons joined with `and`/`or` (`market = 'US' and is_test = 0`): no SQL of its own.",
        bad: "  where: \"market = 'US'; drop table t\"",
        good: "  where: \"market = 'US' and is_test = 0\"",
        check: |cx, hits| {
            let Some(w) = &cx.campaign.warehouse else {
                return;
            };
            if let Some(problem) = crate::warehouse::table_problem(&w.table) {
                hits.push(Hit::at(&w.table, problem));
            }
            for (key, column) in &w.columns {
                if let Some(problem) = crate::warehouse::column_problem(key, column) {
                    hits.push(Hit::at(column, problem));
                }
            }
            if let Some(filter) = &w.filter
                && let Err(p) = crate::warehouse::filter::parse(filter)
            {
                hits.push(Hit::at(
                    filter,
                    format!(
                        "`warehouse.where` is not a filter kpi can write: {} (at character {} of `{}`)",
                        p.message,
                        p.at + 1,
                        Quoted(filter)
                    ),
                ));
            }
        },
    },
];

/// The first non-blank value of parameter `name`.
fn first(params: &[(String, String)], name: &str) -> Option<String> {
    params
        .iter()
        .find(|(k, v)| k == name && !v.trim().is_empty())
        .map(|(_, v)| v.clone())
}

/// Every deliverable link, with its deliverable id.
fn links<'a>(
    cx: &Context<'a>,
) -> impl Iterator<Item = (&'a str, &'a crate::campaign::Located<String>)> {
    cx.deliverables()
        .filter_map(|(_, d)| d.link.as_ref().map(|l| (d.id.as_str(), l)))
}
