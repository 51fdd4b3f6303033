//! C — contracts: scope, pay, disclosure, rights and escalation agreed before work starts.

use super::{Context, Hit, Rule, Severity};
use crate::campaign::{Contract, Creator, Located};
use crate::metrics::creator_key;
use crate::text::Quoted;

pub(super) const RULES: &[Rule] = &[
    Rule {
        id: "C001",
        name: "deliverable-without-due-date",
        severity: Severity::Error,
        summary: "a deliverable has no due date",
        help: "Every deliverable needs `due:` so on-time delivery can be measured and the posting plan holds.",
        bad: "    deliverables:\n      - { id: maya-reel-1, format: reel }",
        good: "    deliverables:\n      - { id: maya-reel-1, format: reel, due: 2026-04-12 }",
        check: |cx, hits| {
            for creator in &cx.campaign.creators {
                for d in creator.deliverables.iter().filter(|d| d.due.is_none()) {
                    hits.push(Hit::at(
                        &d.id,
                        format!(
                            "deliverable `{}` of {} has no `due:` date",
                            Quoted(&d.id),
                            Quoted(&creator.handle)
                        ),
                    ));
                }
            }
        },
    },
    Rule {
        id: "C002",
        name: "no-compensation-terms",
        severity: Severity::Error,
        summary: "a contract states no compensation",
        help: "State the pay in `compensation:` (flat fee, bonus, affiliate commission or product value) so scope and payment are agreed.",
        bad: "    contract: { offered_on: 2026-03-09, signed_on: 2026-03-15 }",
        good: "    contract:\n      compensation: { flat_fee: 6000, payment_terms: net-30 }",
        check: |cx, hits| {
            for (creator, contract) in contracts(cx) {
                let paid = contract.compensation.as_ref().is_some_and(|c| {
                    c.flat_fee.is_some()
                        || !c.bonus.is_empty()
                        || c.affiliate.is_some()
                        || c.product_value.is_some()
                });
                if !paid {
                    hits.push(Hit::at(
                        contract,
                        format!(
                            "the contract of {} states no compensation",
                            Quoted(&creator.handle)
                        ),
                    ));
                }
            }
        },
    },
    Rule {
        id: "C003",
        name: "no-disclosure-requirement",
        severity: Severity::Error,
        summary: "a contract does not require the creator to disclose the partnership",
        help: "Regulators (FTC 16 CFR Part 255, UK CAP Code) hold brands responsible for disclosure; write the required label in `contract.disclosure`, e.g. \"#ad\".",
        bad: "    contract:\n      compensation: { flat_fee: 6000 }",
        good: "    contract:\n      compensation: { flat_fee: 6000 }\n      disclosure: \"#ad\"",
        check: |cx, hits| {
            for (creator, contract) in contracts(cx) {
                if contract
                    .disclosure
                    .as_ref()
                    .is_none_or(|d| d.trim().is_empty())
                {
                    hits.push(Hit::at(
                        contract,
                        format!(
                            "the contract of {} has no `disclosure:` requirement",
                            Quoted(&creator.handle)
                        ),
                    ));
                }
            }
        },
    },
    Rule {
        id: "C004",
        name: "no-usage-rights",
        severity: Severity::Warning,
        summary: "a contract grants no usage rights, or grants them without a term",
        help: "Say where and for how long the brand may reuse the content: `usage_rights: { channels: [organic, paid], days: 90 }`.",
        bad: "      usage_rights: { channels: [organic, paid] }",
        good: "      usage_rights: { channels: [organic, paid], days: 90 }",
        check: |cx, hits| {
            for (creator, contract) in contracts(cx) {
                match &contract.usage_rights {
                    None => hits.push(Hit::at(
                        contract,
                        format!(
                            "the contract of {} has no `usage_rights:`",
                            Quoted(&creator.handle)
                        ),
                    )),
                    Some(rights) if rights.days.is_none() => {
                        hits.push(Hit::at(
                            rights,
                            format!(
                                "the usage rights of {} have no term (`days:`)",
                                Quoted(&creator.handle)
                            ),
                        ));
                    }
                    Some(_) => {}
                }
            }
        },
    },
    Rule {
        id: "C005",
        name: "missing-contract",
        severity: Severity::Error,
        summary: "a creator has deliverables but no contract",
        help: "Agree scope, pay, disclosure and rights in a `contract:` before any deliverable is scheduled.",
        bad: "  - handle: \"@maya\"\n    deliverables: [{ id: maya-reel-1, due: 2026-04-12 }]",
        good: "  - handle: \"@maya\"\n    contract: { offered_on: 2026-03-09, signed_on: 2026-03-15, … }\n    deliverables: [{ id: maya-reel-1, due: 2026-04-12 }]",
        check: |cx, hits| {
            for creator in &cx.campaign.creators {
                if creator.contract.is_none() && !creator.deliverables.is_empty() {
                    hits.push(Hit::at(
                        &creator.handle,
                        format!(
                            "{} has {} deliverable(s) but no contract",
                            Quoted(&creator.handle),
                            creator.deliverables.len()
                        ),
                    ));
                }
            }
        },
    },
    Rule {
        id: "C006",
        name: "shipped-before-signed",
        severity: Severity::Error,
        summary: "product was shipped before the contract was signed (scope not agreed)",
        help: "Ship product only after signature: until then scope, disclosure and rights are not agreed, and a gifted product is already a material connection.",
        bad: "      signed_on: 2026-03-15\n      product_shipped_on: 2026-03-12",
        good: "      signed_on: 2026-03-15\n      product_shipped_on: 2026-03-18",
        check: |cx, hits| {
            for (creator, contract) in contracts(cx) {
                let Some(shipped) = &contract.product_shipped_on else {
                    continue;
                };
                match &contract.signed_on {
                    Some(signed) if shipped.value < signed.value => hits.push(Hit::at(
                        shipped,
                        format!(
                            "product shipped to {} on {} before the contract was signed on {}",
                            Quoted(&creator.handle),
                            shipped.value,
                            signed.value
                        ),
                    )),
                    None => hits.push(Hit::at(
                        shipped,
                        format!(
                            "product shipped to {} on {} but the contract is not signed",
                            Quoted(&creator.handle),
                            shipped.value
                        ),
                    )),
                    _ => {}
                }
            }
        },
    },
    Rule {
        id: "C007",
        name: "no-escalation-contact",
        severity: Severity::Warning,
        summary: "a contract names no escalation contact",
        help: "Name who to call when a post goes wrong: `escalation: { contact: pr@brand.example, response_hours: 24 }`.",
        bad: "    contract:\n      compensation: { flat_fee: 6000 }",
        good: "    contract:\n      escalation: { contact: pr@lumen.example, response_hours: 24 }",
        check: |cx, hits| {
            for (creator, contract) in contracts(cx) {
                if contract
                    .escalation
                    .as_ref()
                    .is_none_or(|e| e.contact.is_none())
                {
                    hits.push(Hit::at(
                        contract,
                        format!(
                            "the contract of {} has no escalation contact",
                            Quoted(&creator.handle)
                        ),
                    ));
                }
            }
        },
    },
    Rule {
        id: "C008",
        name: "no-approval-process",
        severity: Severity::Warning,
        summary: "a contract sets no content approval process",
        help: "Agree review rounds and turnaround: `approval: { rounds: 2, sla_hours: 48 }`.",
        bad: "    contract:\n      compensation: { flat_fee: 6000 }",
        good: "    contract:\n      approval: { rounds: 2, sla_hours: 48 }",
        check: |cx, hits| {
            for (creator, contract) in contracts(cx) {
                if contract.approval.is_none() {
                    hits.push(Hit::at(
                        contract,
                        format!(
                            "the contract of {} has no `approval:` process",
                            Quoted(&creator.handle)
                        ),
                    ));
                }
            }
        },
    },
    Rule {
        id: "C009",
        name: "paid-without-clause",
        severity: Severity::Error,
        summary: "the exports show paid spend on a creator whose contract does not allow paid amplification",
        help: "Boosting a creator's post needs `paid_amplification: { allowed: true, max_spend: … }` and paid usage rights in the contract.",
        bad: "      paid_amplification: { allowed: false }   # yet the ads export shows spend",
        good: "      paid_amplification: { allowed: true, max_spend: 5000 }",
        check: |cx, hits| {
            let Some(spend) = &cx.spend_by_creator else {
                return;
            };
            for creator in &cx.campaign.creators {
                let Some(amount) = spend
                    .get(&creator_key(&creator.handle))
                    .filter(|a| a.to_f64() > 0.0)
                else {
                    continue;
                };
                let allowed = creator
                    .contract
                    .as_ref()
                    .and_then(|c| c.paid_amplification.as_ref())
                    .is_some_and(|p| p.allowed);
                if !allowed {
                    let at = creator
                        .contract
                        .as_ref()
                        .and_then(|c| c.paid_amplification.as_ref().map(|p| (p.line, p.column)));
                    let (line, column) = at.unwrap_or((creator.handle.line, creator.handle.column));
                    hits.push(Hit { line, column, message: format!("the exports show {amount} of paid spend on {}, whose contract does not allow paid amplification", Quoted(&creator.handle)) });
                }
            }
        },
    },
    Rule {
        id: "C010",
        name: "punitive-performance-clause",
        severity: Severity::Warning,
        summary: "a contract deducts pay for performance the creator does not control",
        help: "Views and clicks depend on the platform and the brand's spend; reward performance with bonuses rather than penalties, which sour partnerships and invite disputes.",
        bad: "      penalties: [{ when: \"views < 10000\", deduct: \"50%\" }]",
        good: "      compensation: { flat_fee: 6000, bonus: [{ when: \"views >= 10000\", pay: 500 }] }",
        check: |cx, hits| {
            for (creator, contract) in contracts(cx) {
                for p in &contract.penalties {
                    hits.push(Hit::at(
                        p,
                        format!(
                            "the contract of {} deducts {} when {}",
                            Quoted(&creator.handle),
                            Quoted(&p.deduct.value.to_string()),
                            Quoted(&p.when.value)
                        ),
                    ));
                }
            }
        },
    },
    Rule {
        id: "C011",
        name: "no-review-point",
        severity: Severity::Info,
        summary: "a contract has no renewal or review date",
        help: "Set `renewal: { review_on: … }` so the partnership is reviewed against its KPIs before it is extended.",
        bad: "    contract:\n      compensation: { flat_fee: 6000 }",
        good: "    contract:\n      renewal: { review_on: 2026-06-30 }",
        check: |cx, hits| {
            for (creator, contract) in contracts(cx) {
                if contract
                    .renewal
                    .as_ref()
                    .is_none_or(|r| r.review_on.is_none())
                {
                    hits.push(Hit::at(
                        contract,
                        format!(
                            "the contract of {} has no review date",
                            Quoted(&creator.handle)
                        ),
                    ));
                }
            }
        },
    },
    Rule {
        id: "C012",
        name: "exclusivity-without-end",
        severity: Severity::Error,
        summary: "an exclusivity clause has no end",
        help: "Exclusivity must be limited in time: give `days:` or `until:`.",
        bad: "      exclusivity: { category: skincare }",
        good: "      exclusivity: { category: skincare, days: 30 }",
        check: |cx, hits| {
            for (creator, contract) in contracts(cx) {
                if let Some(ex) = contract
                    .exclusivity
                    .as_ref()
                    .filter(|e| e.days.is_none() && e.until.is_none())
                {
                    hits.push(Hit::at(
                        ex,
                        format!(
                            "the exclusivity of {} has no end (`days:` or `until:`)",
                            Quoted(&creator.handle)
                        ),
                    ));
                }
            }
        },
    },
    Rule {
        id: "C013",
        name: "unsigned-contract",
        severity: Severity::Warning,
        summary: "deliverables are scheduled on a contract that is not signed",
        help: "Get the contract signed (`signed_on:`) before content is due.",
        bad: "    contract: { offered_on: 2026-03-09 }\n    deliverables: [{ id: r1, due: 2026-04-12 }]",
        good: "    contract: { offered_on: 2026-03-09, signed_on: 2026-03-15 }",
        check: |cx, hits| {
            for (creator, contract) in contracts(cx) {
                if contract.signed_on.is_none() && !creator.deliverables.is_empty() {
                    hits.push(Hit::at(
                        contract,
                        format!(
                            "the contract of {} is not signed but {} deliverable(s) are scheduled",
                            Quoted(&creator.handle),
                            creator.deliverables.len()
                        ),
                    ));
                }
            }
        },
    },
    Rule {
        id: "C014",
        name: "paid-over-cap",
        severity: Severity::Error,
        summary: "the exports show more paid spend on a creator than the contract's `max_spend`",
        help: "Stop amplification at the agreed ceiling, or amend the contract's `paid_amplification.max_spend`.",
        bad: "      paid_amplification: { allowed: true, max_spend: 5000 }   # ads export: 6,200 spent",
        good: "      paid_amplification: { allowed: true, max_spend: 7500 }",
        check: |cx, hits| {
            let Some(spend) = &cx.spend_by_creator else {
                return;
            };
            for creator in &cx.campaign.creators {
                let Some(amount) = spend.get(&creator_key(&creator.handle)) else {
                    continue;
                };
                let cap = creator
                    .contract
                    .as_ref()
                    .and_then(|c| c.paid_amplification.as_ref())
                    .filter(|p| p.allowed)
                    .and_then(|p| p.max_spend.as_ref());
                if let Some(cap) = cap.filter(|cap| *amount > cap.value.0) {
                    hits.push(Hit::at(
                        cap,
                        format!(
                            "the exports show {amount} of paid spend on {}, over the cap of {}",
                            Quoted(&creator.handle),
                            cap.value.0
                        ),
                    ));
                }
            }
        },
    },
    Rule {
        id: "C015",
        name: "signed-before-offered",
        severity: Severity::Error,
        summary: "a contract is signed before it was offered",
        help: "Check `offered_on` and `signed_on`; the contract SLA is measured between them.",
        bad: "      offered_on: 2026-03-15\n      signed_on: 2026-03-09",
        good: "      offered_on: 2026-03-09\n      signed_on: 2026-03-15",
        check: |cx, hits| {
            for (creator, contract) in contracts(cx) {
                if let (Some(offered), Some(signed)) = (&contract.offered_on, &contract.signed_on)
                    && signed.value < offered.value
                {
                    hits.push(Hit::at(
                        signed,
                        format!(
                            "the contract of {} is signed on {} before it was offered on {}",
                            Quoted(&creator.handle),
                            signed.value,
                            offered.value
                        ),
                    ));
                }
            }
        },
    },
    Rule {
        id: "C016",
        name: "unusable-pay-condition",
        severity: Severity::Error,
        summary: "a bonus, tier or penalty condition does not parse or names a metric no export has",
        help: "Write the condition as `metric >= number` over a metric the exports (or `columns:`) provide, or a KPI id; `kpi settle` can then decide it.",
        bad: "        bonus: [{ when: \"qualifed_clicks >= 20000\", pay: 1500 }]",
        good: "        bonus: [{ when: \"qualified_clicks >= 20000\", pay: 1500 }]",
        check: |cx, hits| {
            for (creator, contract) in contracts(cx) {
                for when in contract.pay_conditions() {
                    let condition = match crate::settle::condition::Condition::parse(when) {
                        Ok(condition) => condition,
                        Err(why) => {
                            hits.push(Hit::at(
                                when,
                                format!(
                                    "the pay condition `{}` of {} does not parse: {why}",
                                    Quoted(when),
                                    Quoted(&creator.handle)
                                ),
                            ));
                            continue;
                        }
                    };
                    for name in condition.names() {
                        let known = cx.known_metrics.iter().any(|k| k == name)
                            || cx.campaign.kpis.iter().any(|k| k.id.value == name);
                        if !known {
                            let hint = crate::campaign::load::suggest(name, &cx.known_metrics)
                                .map(|b| format!("; did you mean `{}`?", Quoted(b)))
                                .unwrap_or_default();
                            hits.push(Hit::at(
                                when,
                                format!(
                                    "the pay condition `{}` of {} names `{}`, which no export has{hint}",
                                    Quoted(when),
                                    Quoted(&creator.handle),
                                    Quoted(name)
                                ),
                            ));
                        }
                    }
                }
            }
        },
    },
];

/// Every creator that has a contract, with it.
fn contracts<'a>(
    cx: &'a Context<'_>,
) -> impl Iterator<Item = (&'a Creator, &'a Located<Contract>)> {
    cx.campaign
        .creators
        .iter()
        .filter_map(|c| c.contract.as_ref().map(|k| (&c.value, k)))
}
