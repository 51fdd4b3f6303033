//! D — dates: everything inside the campaign period, delivered on time.

use super::{Hit, Rule, Severity};
use crate::text::Quoted;

pub(super) const RULES: &[Rule] = &[
    Rule {
        id: "D001",
        name: "posting-window-outside-period",
        severity: Severity::Error,
        summary: "a posting window falls outside the campaign period",
        help: "Posts outside the period are not measured against its KPIs; move the window inside `campaign.period`.",
        bad: "  period: { start: 2026-04-01, end: 2026-06-30 }\n…\n        posting_window: { from: 2026-06-28, to: 2026-07-03 }",
        good: "        posting_window: { from: 2026-06-24, to: 2026-06-30 }",
        check: |cx, hits| {
            let period = &cx.campaign.campaign.period;
            for (_, d) in cx.deliverables() {
                if let Some(w) = d
                    .posting_window
                    .as_ref()
                    .filter(|w| !period.contains(w.from) || !period.contains(w.to))
                {
                    hits.push(Hit::at(
                        w,
                        format!(
                            "the posting window of `{}` ({} to {}) is outside the period {} to {}",
                            Quoted(&d.id),
                            w.from,
                            w.to,
                            period.start,
                            period.end
                        ),
                    ));
                }
            }
        },
    },
    Rule {
        id: "D002",
        name: "due-outside-period",
        severity: Severity::Error,
        summary: "a due date falls outside the campaign period",
        help: "Due dates must fall within `campaign.period`; otherwise the deliverable cannot support its KPIs.",
        bad: "        due: 2026-07-15",
        good: "        due: 2026-06-15",
        check: |cx, hits| {
            let period = &cx.campaign.campaign.period;
            for (_, d) in cx.deliverables() {
                if let Some(due) = d.due.as_ref().filter(|due| !period.contains(due.value)) {
                    hits.push(Hit::at(
                        due,
                        format!(
                            "`{}` is due on {}, outside the period {} to {}",
                            Quoted(&d.id),
                            due.value,
                            period.start,
                            period.end
                        ),
                    ));
                }
            }
        },
    },
    Rule {
        id: "D003",
        name: "delivered-after-due",
        severity: Severity::Warning,
        summary: "a deliverable arrived after its due date",
        help: "Late assets squeeze approval and posting; raise it with the creator and watch the on-time KPI.",
        bad: "        due: 2026-04-12\n        delivered_on: 2026-04-15",
        good: "        due: 2026-04-12\n        delivered_on: 2026-04-11",
        check: |cx, hits| {
            for (_, d) in cx.deliverables() {
                if let (Some(due), Some(done)) = (&d.due, &d.delivered_on)
                    && done.value > due.value
                {
                    let late = (done.value.0 - due.value.0).num_days();
                    hits.push(Hit::at(
                        done,
                        format!(
                            "`{}` was delivered on {}, {late} day(s) after its due date {}",
                            Quoted(&d.id),
                            done.value,
                            due.value
                        ),
                    ));
                }
            }
        },
    },
    Rule {
        id: "D004",
        name: "posting-window-inverted",
        severity: Severity::Error,
        summary: "a posting window ends before it starts",
        help: "Swap `from` and `to`.",
        bad: "        posting_window: { from: 2026-04-14, to: 2026-04-10 }",
        good: "        posting_window: { from: 2026-04-10, to: 2026-04-14 }",
        check: |cx, hits| {
            for (_, d) in cx.deliverables() {
                if let Some(w) = d.posting_window.as_ref().filter(|w| w.to < w.from) {
                    hits.push(Hit::at(
                        w,
                        format!(
                            "the posting window of `{}` ends ({}) before it starts ({})",
                            Quoted(&d.id),
                            w.to,
                            w.from
                        ),
                    ));
                }
            }
        },
    },
    Rule {
        id: "D005",
        name: "posted-outside-window",
        severity: Severity::Warning,
        summary: "a deliverable was posted outside its posting window",
        help: "Posting outside the agreed window breaks the media plan (and exclusivity timing); check with the creator.",
        bad: "        posting_window: { from: 2026-04-10, to: 2026-04-14 }\n        posted_on: 2026-04-18",
        good: "        posting_window: { from: 2026-04-10, to: 2026-04-14 }\n        posted_on: 2026-04-12",
        check: |cx, hits| {
            for (_, d) in cx.deliverables() {
                if let (Some(w), Some(posted)) = (&d.posting_window, &d.posted_on)
                    && (posted.value < w.from || posted.value > w.to)
                {
                    hits.push(Hit::at(
                        posted,
                        format!(
                            "`{}` was posted on {}, outside its window {} to {}",
                            Quoted(&d.id),
                            posted.value,
                            w.from,
                            w.to
                        ),
                    ));
                }
            }
        },
    },
    Rule {
        id: "D006",
        name: "due-after-posting-window",
        severity: Severity::Warning,
        summary: "a deliverable is due after its posting window closes",
        help: "The asset must be delivered (and approved) before the window; set `due:` before `posting_window.to`.",
        bad: "        due: 2026-04-16\n        posting_window: { from: 2026-04-10, to: 2026-04-14 }",
        good: "        due: 2026-04-08\n        posting_window: { from: 2026-04-10, to: 2026-04-14 }",
        check: |cx, hits| {
            for (_, d) in cx.deliverables() {
                if let (Some(due), Some(w)) = (&d.due, &d.posting_window)
                    && due.value > w.to
                {
                    hits.push(Hit::at(
                        due,
                        format!(
                            "`{}` is due on {}, after its posting window closes on {}",
                            Quoted(&d.id),
                            due.value,
                            w.to
                        ),
                    ));
                }
            }
        },
    },
];
