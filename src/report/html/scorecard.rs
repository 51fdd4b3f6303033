//! A scorecard and a portfolio as HTML: the views the templates draw, built from the
//! [`Scorecard`] and the [`Portfolio`] alone.

use std::io::{self, Write};

use askama::Template;
use chrono::{Days, NaiveDate};

use super::chart::{self, Bars, Bullet, Figures, Mark, Pacing, Part, Trend, Week};
use super::{Page, Words, write};
use crate::Scorecard;
use crate::campaign::Tier;
use crate::kpi::portfolio::Portfolio;
use crate::kpi::scorecard::{GroupScore, KpiScore, Spend};
use crate::metrics::Dimension;
use crate::report::{Render, format};
use crate::text::{line, quote};

/// Renders a scorecard as one HTML page.
pub struct Html {
    /// Seconds after which the page reloads itself (while `--watch` rewrites it).
    pub refresh: Option<u32>,
}

impl Render for Html {
    fn render(&self, card: &Scorecard, out: &mut dyn Write) -> io::Result<()> {
        write(&ScorecardPage::new(card, self.refresh), out)
    }
}

/// The gate KPI that holds creators back, and whom.
struct Held {
    kpi: String,
    mark: Mark,
    creators: Vec<String>,
}

/// A line of "what to do first".
struct Todo {
    mark: Mark,
    name: String,
    action: Words,
}

/// One KPI's section.
struct KpiView {
    id: String,
    name: String,
    tier: String,
    mark: Mark,
    value: String,
    criteria: String,
    pace: String,
    reason: Option<Words>,
    action: Option<Words>,
    bullet: Option<Bullet>,
    bullet_label: String,
    bullet_text: String,
    trend: Option<Trend>,
    trend_label: String,
    pacing: Option<Pacing>,
    pacing_label: String,
    parts: Vec<(String, Bars)>,
}

#[derive(Template)]
#[template(path = "html/scorecard.html")]
struct ScorecardPage {
    page: Page,
    title: String,
    brand: Option<String>,
    id: String,
    subtitle: String,
    approved: bool,
    held: String,
    blocked_by: Vec<Held>,
    blocked_more: usize,
    todo: Vec<Todo>,
    kpis: Vec<KpiView>,
    notes: Vec<Words>,
}

impl ScorecardPage {
    fn new(card: &Scorecard, refresh: Option<u32>) -> ScorecardPage {
        let c = &card.campaign;
        let id = quote(&c.id);
        let title = c
            .name
            .as_deref()
            .map_or_else(|| id.clone().into_owned(), |n| quote(n).into_owned());
        let brand = c
            .brand
            .as_deref()
            .filter(|_| c.name.is_some())
            .map(|b| quote(b).into_owned());
        let heading = match &brand {
            Some(brand) => format!("{title} · {brand}"),
            None => title.clone(),
        };
        let p = &card.period;
        let subtitle = format!("{} → {} · {}", p.start, p.end, format::progress(card));
        let (blocked_by, blocked_more) = held(card);
        let r = &card.rows;
        let footer = format!(
            "as of {} · {} rows read; left out: {} dated before the period, {} after the as-of date, {} of other campaigns",
            card.as_of,
            crate::text::thousands(r.read),
            crate::text::thousands(r.before_start),
            crate::text::thousands(r.after_as_of),
            crate::text::thousands(r.other_campaigns)
        );
        ScorecardPage {
            page: Page::new(format!("{heading} — scorecard"), footer, refresh),
            approved: card.verdict.spend == Spend::Approved,
            held: format::held_back(card.creators_held_back()),
            blocked_by,
            blocked_more,
            todo: card
                .first_actions()
                .into_iter()
                .map(|k| Todo {
                    mark: Mark::of(k.band),
                    name: quote(&k.name).into_owned(),
                    action: Words::new(k.action.as_deref().unwrap_or_default()),
                })
                .collect(),
            kpis: card.kpis.iter().map(|k| kpi_view(card, k)).collect(),
            notes: card.notes.iter().map(|n| Words::new(n)).collect(),
            title,
            brand,
            id: id.into_owned(),
            subtitle,
        }
    }
}

/// Each gate KPI with the creators it holds back (at most [`super::super::MAX_LISTED`]
/// in all), and how many more there are.
fn held(card: &Scorecard) -> (Vec<Held>, usize) {
    let (gates, more) = card.blocked_by(super::super::MAX_LISTED);
    let held = gates
        .into_iter()
        .map(|(kpi, here)| Held {
            kpi: quote(&kpi.name).into_owned(),
            mark: Mark::of(here[0].band),
            creators: here
                .iter()
                .map(|b| format::blocker(b, kpi.unit, &card.campaign.currency))
                .collect(),
        })
        .collect();
    (held, more)
}

fn kpi_view(card: &Scorecard, k: &KpiScore) -> KpiView {
    let currency = &card.campaign.currency;
    let figures = Figures {
        value: k.value,
        target: k.target,
        projected: k.projected,
        bands: k.bands,
        better: k.better,
        unit: k.unit,
        currency,
    };
    let text = |v: Option<f64>| format::shown(v, k.unit, currency);
    let name = quote(&k.name).into_owned();
    let mut bullet_text = text(k.value);
    if let Some(p) = k.projected.filter(|p| Some(*p) != k.value) {
        bullet_text.push_str(&format!(", projected {}", text(Some(p))));
    }
    let criteria = format::criteria(k, currency);
    if !criteria.is_empty() {
        bullet_text.push_str(&format!("; {criteria}"));
    }
    bullet_text.push_str(&format!(" — {}", k.band.label()));
    if let Some(why) = judged_on(k) {
        bullet_text.push_str(&format!(" ({why})"));
    }
    let bullet_label = format!("{name}: {bullet_text}");

    let weeks: Vec<Week<'_>> = k.trend.as_ref().map_or_else(Vec::new, |t| {
        t.weeks
            .iter()
            .map(|w| Week {
                label: &w.week,
                value: w.value,
                partial: w.partial,
            })
            .collect()
    });
    let trend = Trend::new(&weeks, &figures, !k.cumulative, &k.escalated_weeks);
    let trend_label = match (&k.escalation, k.cumulative) {
        (Some(why), _) => format!(
            "Weekly {}: ● a complete week, ○ a partial week, ▼ escalated: {}",
            if k.cumulative { "additions" } else { "values" },
            line(why)
        ),
        (None, true) => "What each week added: ● a complete week, ○ a partial week".to_owned(),
        (None, false) => {
            "Weekly values against the bands: ● a complete week, ○ a partial week".to_owned()
        }
    };

    // The running total runs to the as-of date, past the due date when that is over.
    let pacing = k.pace.and_then(|_| {
        let start = card.period.start;
        let elapsed = card.period.elapsed_days;
        let actual = running_total(start, card.as_of, &weeks, k.value, elapsed);
        let by = k.by.unwrap_or(card.period.end).to_string();
        let first = start.to_string();
        Pacing::new(&k.plan, &actual, elapsed, &figures, [&first, &by])
    });
    let pacing_label = match k.pace {
        Some(p) => format!(
            "Pacing: actual (solid) and plan (grey) to the target, projection dashed — {}",
            p.status.label()
        ),
        None => String::new(),
    };

    let parts = parts(card, k, &figures);

    KpiView {
        id: quote(&k.id).into_owned(),
        name,
        tier: k.tier.to_string(),
        mark: Mark::of(k.band),
        value: text(k.value),
        criteria,
        pace: format::pace(k, currency),
        reason: k.reason.as_deref().map(Words::new),
        action: k.action.as_deref().map(Words::new),
        bullet: Bullet::new(&figures),
        bullet_label,
        bullet_text,
        trend,
        trend_label,
        pacing,
        pacing_label,
        parts,
    }
}

/// The creators side by side (unless `--by creator`, whose groups are the creators) and
/// the `--by` groups, each with its caption. Parts of a cumulative target are not
/// judged, so their bars stand on no zones.
fn parts(card: &Scorecard, k: &KpiScore, figures: &Figures<'_>) -> Vec<(String, Bars)> {
    let part_figures = Figures {
        bands: k.bands.filter(|_| !k.cumulative),
        ..*figures
    };
    let mut parts = Vec::new();
    let mut add = |title: String, scores: &[GroupScore], all: &str| {
        let shown: Vec<Part<'_>> = scores
            .iter()
            .map(|g| (g.key.as_str(), g.value, g.band))
            .collect();
        if let Some(mut bars) = Bars::new(&shown, &part_figures) {
            bars.gap.push_str(all);
            let count = crate::text::thousands(scores.len() as u64);
            parts.push((format!("{title} ({count})"), bars));
        }
    };
    if card.by != Some(Dimension::Creator) {
        add(
            "Creators side by side".to_owned(),
            &k.creators,
            " (every one with --by creator --format csv)",
        );
    }
    if let Some(by) = card.by {
        add(
            format!("By {by}"),
            &k.groups,
            " (every one in --format csv)",
        );
    }
    parts
}

/// Why a KPI's band is not where its value sits among the zones, when it may not be.
fn judged_on(k: &KpiScore) -> Option<String> {
    if let Some(why) = &k.escalation {
        return Some(format!("moved one band: {}", line(why)));
    }
    if k.projected.is_some() && k.pace.is_some_and(|p| p.elapsed_days < p.total_days) {
        return Some("judged on the projection ◇ at the due date".to_owned());
    }
    (k.tier == Tier::Gate && !k.creators.is_empty())
        .then(|| "a gate is as good as its worst creator".to_owned())
}

/// The running total at the end of each week up to `as_of`, counted in days from
/// `start` (day 0 is nothing yet), ending on the KPI's own value at `elapsed`.
fn running_total(
    start: NaiveDate,
    as_of: NaiveDate,
    weeks: &[Week<'_>],
    value: Option<f64>,
    elapsed: i64,
) -> Vec<(i64, f64)> {
    // Week `i` of the series is the `i`-th ISO week from the one holding the start.
    let monday = crate::kpi::trend::monday(start);
    let mut total = 0.0;
    let mut points = vec![(0, 0.0)];
    for (i, w) in weeks.iter().enumerate() {
        total += w.value.unwrap_or(0.0);
        let end = monday + Days::new(7 * i as u64 + 6);
        let day = (end.min(as_of) - start).num_days() + 1;
        if day > 0 && day < elapsed {
            points.push((day, total));
        }
    }
    if elapsed > 0 {
        points.push((elapsed, value.unwrap_or(total)));
    }
    points
}

/// One campaign's row of the portfolio page.
struct CampaignRow {
    name: String,
    id: String,
    period: String,
    elapsed: String,
    verdict: Option<Mark>,
    verdict_text: String,
    counts: String,
    stack: Vec<(String, String, &'static str)>,
    worst: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "html/portfolio.html")]
struct PortfolioPage {
    page: Page,
    as_of: String,
    rows: Vec<CampaignRow>,
    blocked: usize,
    failed: usize,
}

/// Writes `book` as one HTML page: a row per campaign with its bands and verdict.
pub fn portfolio(book: &Portfolio, refresh: Option<u32>, out: &mut dyn Write) -> io::Result<()> {
    let rows: Vec<CampaignRow> = book
        .rows
        .iter()
        .map(|r| CampaignRow {
            name: r
                .name
                .as_deref()
                .or(r.campaign.as_deref())
                .map_or_else(|| crate::text::path(&r.path), |n| quote(n).into_owned()),
            id: r
                .campaign
                .as_deref()
                .map_or_else(|| crate::text::path(&r.path), |c| quote(c).into_owned()),
            period: match (r.start, r.end) {
                (Some(s), Some(e)) => format!("{s} → {e}"),
                _ => String::new(),
            },
            elapsed: match r.elapsed_percent {
                _ if r.is_final => "final".to_owned(),
                Some(p) => format!("{p}%"),
                None => String::new(),
            },
            verdict: r.verdict.map(|v| match v {
                Spend::Approved => Mark::of(crate::kpi::Status::Green),
                Spend::Blocked => Mark::of(crate::kpi::Status::Red),
            }),
            verdict_text: match r.verdict {
                Some(Spend::Approved) => "✓ APPROVED".to_owned(),
                Some(Spend::Blocked) => "✕ BLOCKED".to_owned(),
                None => "ERROR".to_owned(),
            },
            counts: format!(
                "{} green · {} yellow · {} red · {} other",
                r.green, r.yellow, r.red, r.other
            ),
            stack: chart::stacked(
                &[
                    (r.green as f64, "green"),
                    (r.yellow as f64, "yellow"),
                    (r.red as f64, "red"),
                    (r.other as f64, "none"),
                ],
                120.0,
            ),
            worst: match &r.worst {
                Some(w) => match &w.action {
                    Some(action) => format!("{} ({}) → {}", quote(&w.kpi), w.band, line(action)),
                    None => format!("{} ({})", quote(&w.kpi), w.band),
                },
                None if r.error.is_none() => "all green".to_owned(),
                None => String::new(),
            },
            error: r.error.as_deref().map(|e| line(e).into_owned()),
        })
        .collect();
    let page = PortfolioPage {
        page: Page::new(
            format!("Portfolio as of {}", book.as_of),
            format!("as of {} · {} campaigns", book.as_of, rows.len()),
            refresh,
        ),
        as_of: book.as_of.to_string(),
        blocked: book
            .rows
            .iter()
            .filter(|r| r.verdict == Some(Spend::Blocked))
            .count(),
        failed: book.rows.iter().filter(|r| r.error.is_some()).count(),
        rows,
    };
    write(&page, out)
}
