//! S — safety and selection: no deliverable for a creator who has not passed the gates.

use super::{Hit, Rule, Severity};
use crate::campaign::fit::brand_fit;
use crate::campaign::{ScreenResult, Threshold};
use crate::metrics::creator_key;
use crate::text::Quoted;

pub(super) const RULES: &[Rule] = &[
    Rule {
        id: "S001",
        name: "no-safety-screen",
        severity: Severity::Error,
        summary: "a creator with deliverables has no brand-safety screen",
        help: "Screen every creator (past content, incidents, audience) before content is scheduled: `safety_screen: { result: pass, on: …, incidents: 0 }`.",
        bad: "  - handle: \"@maya\"\n    deliverables: [{ id: r1, due: 2026-04-12 }]",
        good: "  - handle: \"@maya\"\n    safety_screen: { result: pass, on: 2026-03-10, incidents: 0 }",
        check: |cx, hits| {
            for creator in cx
                .campaign
                .creators
                .iter()
                .filter(|c| c.safety_screen.is_none() && !c.deliverables.is_empty())
            {
                hits.push(Hit::at(
                    &creator.handle,
                    format!(
                        "{} has deliverables but no safety screen",
                        Quoted(&creator.handle)
                    ),
                ));
            }
        },
    },
    Rule {
        id: "S002",
        name: "failed-safety-screen",
        severity: Severity::Error,
        summary: "a creator whose safety screen failed or is pending still has deliverables",
        help: "Do not schedule content for a creator who has not passed the screen: finish the screen, or replace the creator and move the deliverables.",
        bad: "    safety_screen: { result: fail, incidents: 2 }\n    deliverables: [{ id: r1, due: 2026-04-12 }]",
        good: "    safety_screen: { result: pass, on: 2026-03-10, incidents: 0 }",
        check: |cx, hits| {
            for creator in cx
                .campaign
                .creators
                .iter()
                .filter(|c| !c.deliverables.is_empty())
            {
                let Some(screen) = &creator.safety_screen else {
                    continue;
                };
                let word = match screen.result {
                    ScreenResult::Pass => continue,
                    ScreenResult::Fail => "failed",
                    ScreenResult::Pending => "is pending",
                };
                hits.push(Hit::at(
                    screen,
                    format!(
                        "the safety screen of {} {word}, yet {} deliverable(s) are scheduled",
                        Quoted(&creator.handle),
                        creator.deliverables.len()
                    ),
                ));
            }
        },
    },
    Rule {
        id: "S003",
        name: "expired-safety-screen",
        severity: Severity::Warning,
        summary: "a creator's safety screen expires before their last deliverable is due",
        help: "Renew the screen before it expires, or set `expires_on` after the last due date.",
        bad: "    safety_screen: { result: pass, on: 2025-09-01, expires_on: 2026-03-01 }\n    deliverables: [{ id: r1, due: 2026-04-12 }]",
        good: "    safety_screen: { result: pass, on: 2026-03-10, expires_on: 2026-09-10 }",
        check: |cx, hits| {
            for creator in &cx.campaign.creators {
                let Some(expires) = creator
                    .safety_screen
                    .as_ref()
                    .and_then(|s| s.expires_on.as_ref())
                else {
                    continue;
                };
                let last_due = creator
                    .deliverables
                    .iter()
                    .filter_map(|d| d.due.as_ref().map(|x| x.value))
                    .max();
                if let Some(due) = last_due.filter(|due| *due > expires.value) {
                    hits.push(Hit::at(expires, format!("the safety screen of {} expires on {} but a deliverable is due on {due}", Quoted(&creator.handle), expires.value)));
                }
            }
        },
    },
    Rule {
        id: "S004",
        name: "below-brand-fit-gate",
        severity: Severity::Error,
        summary: "a creator below the brand-fit gate still has deliverables",
        help: "The brand-fit gate KPI must be green per creator before spend; re-target the creator or replace them.",
        bad: "kpis: [{ id: fit, use: brand_fit_score, bands: { green: 75, yellow: 60 } }]\ncreators:\n  - { handle: \"@x\", brand_fit: 52, deliverables: [{ id: r1 }] }",
        good: "  - { handle: \"@x\", brand_fit: 82, deliverables: [{ id: r1 }] }",
        check: |cx, hits| {
            let gate = cx.campaign.kpis.iter().find(|k| {
                super::kpis::tier_of(k) == crate::campaign::Tier::Gate
                    && (k
                        .use_builtin
                        .as_ref()
                        .is_some_and(|u| u.trim() == "brand_fit_score")
                        || k.formula
                            .as_ref()
                            .is_some_and(|f| f.trim() == "brand_fit_score"))
            });
            let Some(gate) = gate else { return };
            let green = match gate.bands.as_ref().map(|b| b.green.value) {
                Some(Threshold::Value(v)) => v,
                Some(_) => return,
                None => 75.0,
            };
            for creator in cx
                .campaign
                .creators
                .iter()
                .filter(|c| !c.deliverables.is_empty())
            {
                if let Some(score) =
                    brand_fit(creator, cx.campaign.audience.as_ref()).filter(|s| *s < green)
                {
                    let at = creator
                        .brand_fit
                        .as_ref()
                        .map_or((creator.handle.line, creator.handle.column), |b| {
                            (b.line, b.column)
                        });
                    hits.push(Hit { line: at.0, column: at.1, message: format!("{} has brand fit {score:.1}, below the gate's green {green}, yet has deliverables", Quoted(&creator.handle)) });
                }
            }
        },
    },
    Rule {
        id: "S005",
        name: "declined-without-reason",
        severity: Severity::Warning,
        summary: "a declined creator has no reason",
        help: "Record why a creator was declined (audience_mismatch, safety, budget …) so the decision can be reviewed and repeated.",
        bad: "declined:\n  - { handle: \"@nightowl.skin\" }",
        good: "declined:\n  - { handle: \"@nightowl.skin\", reason: audience_mismatch, note: \"62% of audience under 18\" }",
        check: |cx, hits| {
            for d in cx
                .campaign
                .declined
                .iter()
                .filter(|d| d.reason.as_ref().is_none_or(|r| r.trim().is_empty()))
            {
                hits.push(Hit::at(
                    &d.handle,
                    format!("declined creator {} has no reason", Quoted(&d.handle)),
                ));
            }
        },
    },
    Rule {
        id: "S006",
        name: "declined-yet-contracted",
        severity: Severity::Error,
        summary: "a creator is listed both as declined and as contracted",
        help: "Remove the creator from `declined:` or from `creators:`.",
        bad: "creators: [{ handle: \"@x\" }]\ndeclined: [{ handle: \"@x\", reason: safety }]",
        good: "declined: [{ handle: \"@y\", reason: safety }]",
        check: |cx, hits| {
            for d in &cx.campaign.declined {
                let key = creator_key(&d.handle);
                if cx
                    .campaign
                    .creators
                    .iter()
                    .any(|c| creator_key(&c.handle) == key)
                {
                    hits.push(Hit::at(
                        &d.handle,
                        format!(
                            "{} is declined but also listed under `creators:`",
                            Quoted(&d.handle)
                        ),
                    ));
                }
            }
        },
    },
];
