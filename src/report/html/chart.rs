//! The HTML report's charts as geometry: where each zone, bar, point and label goes, in
//! the coordinates of an SVG `viewBox`, computed from the scorecard's numbers. The
//! templates draw them; nothing here writes markup, so every text reaches the page
//! through the template's escaping.

use crate::campaign::{Better, Unit};
use crate::kpi::Status;
use crate::kpi::definition::Bands;

/// A number for an SVG attribute: one decimal at most, the same text for the same value.
pub fn n(v: f64) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let text = format!("{:.1}", (v * 10.0).round() / 10.0);
    match text.strip_suffix(".0") {
        Some("-0") => "0".to_owned(),
        Some(whole) => whole.to_owned(),
        None => text,
    }
}

/// How a band is told apart without colour: a shape, its CSS class and its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// The CSS class that colours it: `green`, `yellow`, `red` or `none`.
    pub class: &'static str,
    /// A symbol of its own shape: ● green, ▲ yellow, ■ red, ◇ no value, ○ not judged.
    pub symbol: &'static str,
    /// The band's name.
    pub label: &'static str,
}

impl Mark {
    /// The mark of `status`.
    pub fn of(status: Status) -> Mark {
        let (class, symbol) = match status {
            Status::Green => ("green", "●"),
            Status::Yellow => ("yellow", "▲"),
            Status::Red => ("red", "■"),
            Status::NoData | Status::NotApplicable => ("none", "◇"),
            Status::NotStarted | Status::TooEarly | Status::Unrated => ("none", "○"),
        };
        Mark {
            class,
            symbol,
            label: status.label(),
        }
    }
}

/// A linear map from values to one axis of a chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    lo: f64,
    hi: f64,
    from: f64,
    to: f64,
}

impl Scale {
    /// A scale over every value given and zero, out to round numbers a little past the
    /// largest (and the smallest, when below zero), drawn from `from` to `to` (`to` may
    /// be smaller: a vertical axis grows upwards).
    pub fn over(values: impl IntoIterator<Item = f64>, from: f64, to: f64) -> Scale {
        let (mut lo, mut hi) = (0.0f64, 0.0f64);
        for v in values.into_iter().filter(|v| v.is_finite()) {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        let (lo, hi) = if hi > lo {
            (-nice(-lo * 1.04), nice(hi * 1.04))
        } else {
            (lo, lo + 1.0)
        };
        Scale { lo, hi, from, to }
    }

    /// Where `value` goes, clamped to the axis.
    pub fn at(&self, value: f64) -> f64 {
        let t = ((value - self.lo) / (self.hi - self.lo)).clamp(0.0, 1.0);
        self.from + t * (self.to - self.from)
    }

    /// The smallest value on the axis.
    pub fn lo(&self) -> f64 {
        self.lo
    }

    /// The largest value on the axis.
    pub fn hi(&self) -> f64 {
        self.hi
    }
}

/// The round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten) at or
/// above `v`; 0 for 0 and below.
pub fn nice(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return 0.0;
    }
    let power = 10f64.powf(v.log10().floor());
    let steps = [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0];
    let step = steps
        .into_iter()
        .find(|s| s * power >= v * (1.0 - 1e-12))
        .unwrap_or(10.0);
    step * power
}

/// One band's stretch of an axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    /// Start on the axis (left, or top for a vertical axis).
    pub at: String,
    /// Length on the axis.
    pub size: String,
    /// The band's mark.
    pub mark: Mark,
    /// Where its label goes along the axis, when the zone is wide enough for one.
    pub label_at: Option<String>,
}

/// The green, yellow and red stretches of `scale` for `bands`, in axis order; a label
/// on each that has `room` for one.
pub fn zones(scale: &Scale, bands: Bands, better: Better, room: f64) -> Vec<Zone> {
    let (lo, hi) = (scale.lo(), scale.hi());
    let stretches = match better {
        Better::Higher => [
            (lo, bands.yellow, Status::Red),
            (bands.yellow, bands.green, Status::Yellow),
            (bands.green, hi, Status::Green),
        ],
        Better::Lower => [
            (lo, bands.green, Status::Green),
            (bands.green, bands.yellow, Status::Yellow),
            (bands.yellow, hi, Status::Red),
        ],
    };
    stretches
        .into_iter()
        .filter_map(|(a, b, status)| {
            let (a, b) = (scale.at(a.max(lo)), scale.at(b.min(hi)));
            let (start, end) = (a.min(b), a.max(b));
            let size = end - start;
            (size > 0.05).then(|| Zone {
                at: n(start),
                size: n(size),
                mark: Mark::of(status),
                label_at: (size >= room).then(|| n((start + end) / 2.0)),
            })
        })
        .collect()
}

/// A label on an axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// Its place on the axis.
    pub at: String,
    /// The value it names.
    pub text: String,
}

/// Labels for `values` on `scale`, each at least `gap` from the one kept before it
/// (earlier values in the list win a clash).
fn ticks(scale: &Scale, values: &[(f64, String)], gap: f64) -> Vec<Tick> {
    let mut kept: Vec<(f64, String)> = Vec::new();
    for (value, text) in values {
        let at = scale.at(*value);
        if kept.iter().all(|(x, _)| (x - at).abs() >= gap) {
            kept.push((at, text.clone()));
        }
    }
    kept.sort_by(|a, b| a.0.total_cmp(&b.0));
    kept.into_iter()
        .map(|(at, text)| Tick { at: n(at), text })
        .collect()
}

/// A KPI's value against its bands: zones, the value's bar, the target's tick and the
/// projection's diamond, on a `viewBox` of [`Bullet::WIDTH`] × [`Bullet::HEIGHT`].
#[derive(Debug, Clone, PartialEq)]
pub struct Bullet {
    /// The band zones, left to right.
    pub zones: Vec<Zone>,
    /// The value's bar: start and length.
    pub bar: Option<(String, String)>,
    /// Where the value's bar ends (its band's mark goes there).
    pub end: Option<String>,
    /// The target's place.
    pub target: Option<String>,
    /// The projection's place, and the end of the bar it continues from.
    pub projected: Option<(String, String)>,
    /// Values named under the axis.
    pub ticks: Vec<Tick>,
}

/// What a chart is drawn from: the numbers of one KPI and how they read.
#[derive(Debug, Clone, Copy)]
pub struct Figures<'a> {
    /// The value.
    pub value: Option<f64>,
    /// The target.
    pub target: Option<f64>,
    /// The value projected at the due date.
    pub projected: Option<f64>,
    /// The bands in force.
    pub bands: Option<Bands>,
    /// Which way is better.
    pub better: Better,
    /// The unit of every number.
    pub unit: Unit,
    /// The campaign's currency.
    pub currency: &'a str,
}

impl Figures<'_> {
    fn text(&self, v: f64) -> String {
        super::super::format::value(v, self.unit, self.currency)
    }

    fn thresholds(&self) -> Vec<f64> {
        self.bands
            .map_or_else(Vec::new, |b| vec![b.green, b.yellow])
    }
}

impl Bullet {
    /// The `viewBox` width.
    pub const WIDTH: f64 = 480.0;
    /// The `viewBox` height.
    pub const HEIGHT: f64 = 50.0;

    /// The bullet chart of `f`; `None` when there is nothing to place.
    pub fn new(f: &Figures<'_>) -> Option<Bullet> {
        let mut all: Vec<f64> = f.thresholds();
        all.extend([f.value, f.target, f.projected].into_iter().flatten());
        if all.is_empty() {
            return None;
        }
        let scale = Scale::over(all, 4.0, Self::WIDTH - 4.0);
        let zero = scale.at(0.0);
        let bar = f.value.map(|v| {
            let end = scale.at(v);
            (n(zero.min(end)), n((end - zero).abs().max(1.0)))
        });
        let mut named: Vec<(f64, String)> = Vec::new();
        if let Some(t) = f.target {
            named.push((t, format!("target {}", f.text(t))));
        }
        if let Some(b) = f.bands {
            named.push((b.green, f.text(b.green)));
            named.push((b.yellow, f.text(b.yellow)));
        }
        named.push((scale.lo(), f.text(scale.lo())));
        Some(Bullet {
            end: f.value.map(|v| n(scale.at(v))),
            zones: f
                .bands
                .map_or_else(Vec::new, |b| zones(&scale, b, f.better, 44.0)),
            bar,
            target: f.target.map(|t| n(scale.at(t))),
            projected: f
                .projected
                .filter(|p| Some(*p) != f.value)
                .map(|p| (n(scale.at(p)), n(scale.at(f.value.unwrap_or(0.0))))),
            ticks: ticks(&scale, &named, 60.0),
        })
    }
}

/// One point of a weekly series.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// Horizontal place.
    pub x: String,
    /// Vertical place.
    pub y: String,
    /// Its week, value and whether the week is cut: what the point's tooltip says.
    pub title: String,
    /// The week is cut by the period start or by the as-of date.
    pub partial: bool,
    /// One of the weeks, each worse than the one before, that moved the band.
    pub worse: bool,
}

/// A KPI's weekly series with its band zones (for a rate; a cumulative KPI's weeks are
/// what each added, which bands do not judge), on [`Trend::WIDTH`] × [`Trend::HEIGHT`].
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    /// Band zones, top to bottom (vertical `at` and `size`).
    pub zones: Vec<Zone>,
    /// Every week with a value.
    pub points: Vec<Point>,
    /// `x,y` pairs of the line through the complete weeks, one list per unbroken run.
    pub lines: Vec<String>,
    /// Week labels along the bottom.
    pub weeks: Vec<Tick>,
    /// Values named at the left, bottom to top.
    pub levels: Vec<Tick>,
    /// The vertical place of zero, when it is inside the chart.
    pub zero: Option<String>,
}

/// One week of a series to draw.
#[derive(Debug, Clone)]
pub struct Week<'a> {
    /// `2026-W15`.
    pub label: &'a str,
    /// The value that week.
    pub value: Option<f64>,
    /// The week is cut.
    pub partial: bool,
}

impl Trend {
    /// The `viewBox` width.
    pub const WIDTH: f64 = 480.0;
    /// The `viewBox` height.
    pub const HEIGHT: f64 = 150.0;
    const LEFT: f64 = 64.0;
    /// The plot's right edge: band labels go to its right.
    const RIGHT: f64 = 420.0;
    const TOP: f64 = 8.0;
    const BOTTOM: f64 = 118.0;

    /// The chart of `weeks`, the `escalated` ones marked, with band zones when `banded`;
    /// `None` when no week has a value. The scale is set by the complete weeks (a cut
    /// week's value can be far off; its point then sits at the edge).
    pub fn new(
        weeks: &[Week<'_>],
        f: &Figures<'_>,
        banded: bool,
        escalated: &[String],
    ) -> Option<Trend> {
        if weeks.iter().all(|w| w.value.is_none()) {
            return None;
        }
        let bands = f.bands.filter(|_| banded);
        let any_complete = weeks.iter().any(|w| !w.partial && w.value.is_some());
        let mut all: Vec<f64> = weeks
            .iter()
            .filter(|w| !w.partial || !any_complete)
            .filter_map(|w| w.value)
            .collect();
        if let Some(b) = bands {
            all.extend([b.green, b.yellow]);
        }
        let y = Scale::over(all, Self::BOTTOM, Self::TOP);
        let step = (Self::RIGHT - Self::LEFT) / weeks.len().max(1) as f64;
        let x = |i: usize| Self::LEFT + step * (i as f64 + 0.5);
        let mut points = Vec::new();
        let mut lines = Vec::new();
        let mut run: Vec<String> = Vec::new();
        for (i, w) in weeks.iter().enumerate() {
            match w.value.filter(|_| !w.partial) {
                Some(v) => run.push(format!("{},{}", n(x(i)), n(y.at(v)))),
                None if w.partial && w.value.is_some() => {}
                None => {
                    if run.len() > 1 {
                        lines.push(run.join(" "));
                    }
                    run.clear();
                }
            }
            let Some(v) = w.value else { continue };
            let cut = if w.partial { " (partial week)" } else { "" };
            points.push(Point {
                x: n(x(i)),
                y: n(y.at(v)),
                title: format!("{}: {}{cut}", w.label, f.text(v)),
                partial: w.partial,
                worse: escalated.iter().any(|e| e == w.label),
            });
        }
        if run.len() > 1 {
            lines.push(run.join(" "));
        }
        let every = weeks.len().div_ceil(6).max(1);
        let week_ticks = weeks
            .iter()
            .enumerate()
            .filter(|(i, _)| i % every == 0 || *i + 1 == weeks.len())
            .filter(|(i, _)| *i + 1 == weeks.len() || weeks.len() - 1 - i >= every.div_ceil(2))
            .map(|(i, w)| Tick {
                at: n(x(i)),
                text: w
                    .label
                    .split_once("-W")
                    .map_or(w.label, |(_, k)| k)
                    .to_owned(),
            })
            .map(|t| Tick {
                text: format!("W{}", t.text),
                ..t
            })
            .collect();
        let mut named = vec![(y.hi(), f.text(y.hi())), (y.lo(), f.text(y.lo()))];
        if let Some(b) = bands {
            named.insert(0, (b.green, f.text(b.green)));
            named.insert(1, (b.yellow, f.text(b.yellow)));
        }
        let zero = (y.lo() < 0.0).then(|| n(y.at(0.0)));
        Some(Trend {
            zones: bands.map_or_else(Vec::new, |b| zones(&y, b, f.better, 16.0)),
            points,
            lines,
            weeks: week_ticks,
            levels: ticks(&y, &named, 14.0),
            zero,
        })
    }
}

/// Pacing: the actual running total and the plan towards the target, the projection
/// dashed, on [`Pacing::WIDTH`] × [`Pacing::HEIGHT`].
#[derive(Debug, Clone, PartialEq)]
pub struct Pacing {
    /// `x,y` pairs of the plan.
    pub plan: String,
    /// `x,y` pairs of the running total up to the as-of date.
    pub actual: String,
    /// The projection: from the last actual point to the value projected at the due date.
    pub projection: Option<(String, String, String, String)>,
    /// The target's height, and its label.
    pub target: (String, String),
    /// The as-of date's place.
    pub today: String,
    /// Values named at the left.
    pub levels: Vec<Tick>,
    /// Dates named along the bottom.
    pub dates: Vec<Tick>,
}

impl Pacing {
    /// The `viewBox` width.
    pub const WIDTH: f64 = 480.0;
    /// The `viewBox` height.
    pub const HEIGHT: f64 = 150.0;
    const LEFT: f64 = 64.0;
    const RIGHT: f64 = 472.0;
    const TOP: f64 = 8.0;
    const BOTTOM: f64 = 118.0;

    /// The pacing chart: `plan` is (day, part due) to the due date on day `total`,
    /// `actual` (day, running total) to day `elapsed`; `dates` names days 0 and `total`.
    pub fn new(
        plan: &[(i64, f64)],
        actual: &[(i64, f64)],
        elapsed: i64,
        f: &Figures<'_>,
        dates: [&str; 2],
    ) -> Option<Pacing> {
        let target = f.target?;
        let total = plan.last()?.0.max(1);
        let days = total.max(elapsed).max(1) as f64;
        let x = |day: i64| Self::LEFT + (Self::RIGHT - Self::LEFT) * (day as f64 / days);
        let mut all: Vec<f64> = plan.iter().map(|p| p.1).collect();
        all.extend(actual.iter().map(|p| p.1));
        all.extend([Some(target), f.projected].into_iter().flatten());
        let y = Scale::over(all, Self::BOTTOM, Self::TOP);
        let path = |points: &[(i64, f64)]| {
            points
                .iter()
                .map(|(d, v)| format!("{},{}", n(x(*d)), n(y.at(*v))))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let last = actual.last().copied().unwrap_or((0, 0.0));
        let projection = f
            .projected
            .filter(|_| elapsed < total)
            .map(|p| (n(x(last.0)), n(y.at(last.1)), n(x(total)), n(y.at(p))));
        Some(Pacing {
            plan: path(plan),
            actual: path(actual),
            projection,
            target: (n(y.at(target)), format!("target {}", f.text(target))),
            today: n(x(elapsed)),
            levels: ticks(
                &y,
                &[(y.lo(), f.text(y.lo())), (y.hi(), f.text(y.hi()))],
                14.0,
            ),
            dates: vec![
                Tick {
                    at: n(x(0)),
                    text: dates[0].to_owned(),
                },
                Tick {
                    at: n(x(total)),
                    text: dates[1].to_owned(),
                },
            ],
        })
    }
}

/// One creator's or group's bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The creator or group, as the file writes it.
    pub key: String,
    /// The value, formatted.
    pub value: String,
    /// Its band, when bands judge a part.
    pub mark: Option<Mark>,
    /// The bar's start and length on [`Bars::WIDTH`]; none without a value.
    pub bar: Option<(String, String)>,
}

/// Creators (or `--by` groups) side by side on one scale, with the band zones.
#[derive(Debug, Clone, PartialEq)]
pub struct Bars {
    /// Band zones on every row.
    pub zones: Vec<Zone>,
    /// The rows shown.
    pub rows: Vec<Bar>,
    /// How many rows were left out between the worst and the best shown.
    pub hidden: usize,
    /// How many rows come before the gap for the hidden ones.
    pub before_gap: usize,
    /// What the gap says: how many are left out and where to see them all.
    pub gap: String,
}

/// One row to draw: key, value and band.
pub type Part<'a> = (&'a str, Option<f64>, Option<Status>);

impl Bars {
    /// The `viewBox` width of a row.
    pub const WIDTH: f64 = 240.0;
    /// The most rows drawn: past it, the worst and the best halves.
    pub const MAX_ROWS: usize = 30;

    /// The rows of `parts` on one scale; past [`Bars::MAX_ROWS`] only the worst and the
    /// best, worst first; `None` when no part has a value.
    pub fn new(parts: &[Part<'_>], f: &Figures<'_>) -> Option<Bars> {
        if parts.iter().all(|p| p.1.is_none()) {
            return None;
        }
        let mut all: Vec<f64> = parts.iter().filter_map(|p| p.1).collect();
        all.extend(f.thresholds());
        let scale = Scale::over(all, 0.0, Self::WIDTH);
        let mut shown: Vec<&Part<'_>> = parts.iter().collect();
        let mut hidden = 0;
        if shown.len() > Self::MAX_ROWS {
            // Worst first: no value, then by value the wrong way round; ties by key.
            shown.sort_by(|a, b| {
                let order = match (a.1, b.1) {
                    (None, None) => std::cmp::Ordering::Equal,
                    (None, Some(_)) => std::cmp::Ordering::Less,
                    (Some(_), None) => std::cmp::Ordering::Greater,
                    (Some(x), Some(y)) => match f.better {
                        Better::Higher => x.total_cmp(&y),
                        Better::Lower => y.total_cmp(&x),
                    },
                };
                order.then_with(|| a.0.cmp(b.0))
            });
            hidden = shown.len() - Self::MAX_ROWS;
            let half = Self::MAX_ROWS / 2;
            shown.drain(half..shown.len() - half);
        }
        let zero = scale.at(0.0);
        let rows = shown
            .into_iter()
            .map(|(key, value, band)| Bar {
                key: crate::text::quote(key).into_owned(),
                value: value.map_or_else(|| "—".to_owned(), |v| f.text(v)),
                mark: band.map(Mark::of),
                bar: value.map(|v| {
                    let end = scale.at(v);
                    (n(zero.min(end)), n((end - zero).abs().max(1.0)))
                }),
            })
            .collect();
        Some(Bars {
            zones: f
                .bands
                .map_or_else(Vec::new, |b| zones(&scale, b, f.better, f64::INFINITY)),
            rows,
            hidden,
            before_gap: Self::MAX_ROWS / 2,
            gap: format!(
                "… {} more between the worst and the best",
                crate::text::thousands(hidden as u64)
            ),
        })
    }
}

/// Parts of a whole drawn as one bar: each part's start, length and class.
pub fn stacked(parts: &[(f64, &'static str)], width: f64) -> Vec<(String, String, &'static str)> {
    let total: f64 = parts.iter().map(|p| p.0.max(0.0)).sum();
    if total <= 0.0 {
        return Vec::new();
    }
    let mut at = 0.0;
    parts
        .iter()
        .filter(|p| p.0 > 0.0)
        .map(|(value, class)| {
            let size = width * value / total;
            let part = (n(at), n(size), *class);
            at += size;
            part
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(value: f64, bands: Bands, better: Better) -> Figures<'static> {
        Figures {
            value: Some(value),
            target: None,
            projected: None,
            bands: Some(bands),
            better,
            unit: Unit::Count,
            currency: "USD",
        }
    }

    #[test]
    fn numbers_for_attributes() {
        assert_eq!(n(12.0), "12");
        assert_eq!(n(12.345), "12.3");
        assert_eq!(n(-0.04), "0");
        assert_eq!(n(f64::NAN), "0");
        assert_eq!(n(-3.25), "-3.3");
    }

    #[test]
    fn round_numbers_above() {
        assert_eq!(nice(104.0), 120.0);
        assert_eq!(nice(65.88), 80.0);
        assert_eq!(nice(0.0135), 0.015);
        assert_eq!(nice(2.0), 2.0);
        assert_eq!(nice(76_170.41), 80_000.0);
        assert_eq!((nice(0.0), nice(-3.0), nice(f64::NAN)), (0.0, 0.0, 0.0));
    }

    #[test]
    fn a_scale_starts_at_zero_and_ends_on_a_round_number() {
        // 0..100 and 4% more: 104 rounds to 120, the right edge; 60 is half way.
        let s = Scale::over([100.0, 40.0], 0.0, 100.0);
        assert_eq!((s.lo(), s.hi()), (0.0, 120.0));
        assert_eq!(s.at(60.0), 50.0);
        assert_eq!(s.at(500.0), 100.0);
        // Below zero the same, downwards: -50 → -60.
        let s = Scale::over([-50.0, 10.0], 0.0, 100.0);
        assert_eq!((s.lo(), s.hi()), (-60.0, 12.0));
        // Nothing but zero still spans one unit; a vertical axis runs downwards.
        let s = Scale::over([0.0], 100.0, 0.0);
        assert_eq!((s.lo(), s.hi(), s.at(1.0)), (0.0, 1.0, 0.0));
    }

    #[test]
    fn zones_follow_the_better_direction() {
        let s = Scale::over([100.0], 0.0, 120.0);
        let b = Bands {
            green: 80.0,
            yellow: 50.0,
        };
        let higher: Vec<_> = zones(&s, b, Better::Higher, 25.0)
            .into_iter()
            .map(|z| (z.at, z.size, z.mark.label, z.label_at))
            .collect();
        // Red 0..50, yellow 50..80 (30 wide: labelled at 65), green 80..120.
        assert_eq!(
            higher,
            vec![
                ("0".into(), "50".into(), "red", Some("25".into())),
                ("50".into(), "30".into(), "yellow", Some("65".into())),
                ("80".into(), "40".into(), "green", Some("100".into())),
            ]
        );
        let b = Bands {
            green: 20.0,
            yellow: 40.0,
        };
        let lower: Vec<_> = zones(&s, b, Better::Lower, 25.0)
            .into_iter()
            .map(|z| (z.mark.label, z.label_at.is_some()))
            .collect();
        assert_eq!(
            lower,
            vec![("green", false), ("yellow", false), ("red", true)]
        );
    }

    #[test]
    fn the_bullet_places_value_target_and_projection() {
        let f = Figures {
            value: Some(50.0),
            target: Some(100.0),
            projected: Some(90.0),
            bands: Some(Bands {
                green: 100.0,
                yellow: 80.0,
            }),
            better: Better::Higher,
            unit: Unit::Count,
            currency: "USD",
        };
        let b = Bullet::new(&f).expect("a chart");
        // Scale 0..120 over 4..476 (472 wide): 50 → 4 + 472 × 50/120 = 200.7.
        assert_eq!(b.bar, Some(("4".into(), "196.7".into())));
        assert_eq!(b.end, Some("200.7".into()));
        assert_eq!(b.target, Some("397.3".into()));
        assert_eq!(b.projected, Some(("358".into(), "200.7".into())));
        // The target and green coincide: one label; yellow is 79 px away; zero kept.
        let texts: Vec<&str> = b.ticks.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, vec!["0", "80", "target 100"]);
    }

    #[test]
    fn the_trend_marks_partial_and_worse_weeks() {
        let weeks = [
            Week {
                label: "2026-W14",
                value: Some(50.0),
                partial: true,
            },
            Week {
                label: "2026-W15",
                value: Some(9.0),
                partial: false,
            },
            Week {
                label: "2026-W16",
                value: Some(7.0),
                partial: false,
            },
            Week {
                label: "2026-W17",
                value: None,
                partial: false,
            },
            Week {
                label: "2026-W18",
                value: Some(4.0),
                partial: false,
            },
        ];
        let f = figures(
            4.0,
            Bands {
                green: 8.0,
                yellow: 6.0,
            },
            Better::Higher,
        );
        // 9 → 7 → (none) → 4: the two weeks that escalated are W16 and W18
        // (trend::Trend::worse_run).
        let escalated = ["2026-W16".to_owned(), "2026-W18".to_owned()];
        let t = Trend::new(&weeks, &f, true, &escalated).expect("a chart");
        let marks: Vec<(bool, bool)> = t.points.iter().map(|p| (p.partial, p.worse)).collect();
        // The partial first week is drawn hollow; W16 and W18 carry the mark.
        assert_eq!(
            marks,
            vec![(true, false), (false, false), (false, true), (false, true)]
        );
        assert_eq!(t.points[0].title, "2026-W14: 50 (partial week)");
        // W15–W16 join; W17 breaks the line; W18 stands alone.
        assert_eq!(t.lines.len(), 1);
        assert_eq!(t.zones.len(), 3);
        assert!(Trend::new(&weeks[3..4], &f, true, &[]).is_none());
        // The partial week (50) is left out of the scale: 9 and the bands set it (0..10,
        // 10 at the top).
        assert_eq!(t.levels.first().map(|l| l.text.as_str()), Some("10"));
    }

    #[test]
    fn many_creators_show_the_worst_and_the_best() {
        let keys: Vec<String> = (0..40).map(|i| format!("c{i:02}")).collect();
        let parts: Vec<Part<'_>> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.as_str(), Some(i as f64), None))
            .collect();
        let f = figures(
            1.0,
            Bands {
                green: 30.0,
                yellow: 10.0,
            },
            Better::Higher,
        );
        let bars = Bars::new(&parts, &f).expect("bars");
        assert_eq!(bars.hidden, 10);
        assert_eq!(bars.rows.len(), 30);
        assert_eq!(bars.rows[0].key, "c00");
        assert_eq!(bars.rows[14].key, "c14");
        assert_eq!(bars.rows[15].key, "c25");
        assert_eq!(bars.rows[29].key, "c39");
    }

    #[test]
    fn stacked_parts_fill_the_width() {
        let parts = stacked(&[(1.0, "green"), (0.0, "yellow"), (3.0, "red")], 100.0);
        assert_eq!(
            parts,
            vec![
                ("0".into(), "25".into(), "green"),
                ("25".into(), "75".into(), "red")
            ]
        );
        assert!(stacked(&[(0.0, "green")], 100.0).is_empty());
    }
}
