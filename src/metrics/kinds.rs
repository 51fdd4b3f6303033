//! What a column holds, and so whether it may be summed (DESIGN §5, "Only counters are
//! summed").
//!
//! Every column read gets a [`Kind`]. Only a counter is added up. A gauge (a level at a
//! moment: follower totals, a 28-day or lifetime count in a daily export) is shown as
//! its last value; rates, shares, ids and labels are never summed (a KPI recomputes a
//! rate from its parts). Where the kind comes from, first match wins:
//!
//! 1. `kinds:` next to `columns:` in the campaign file;
//! 2. the preset of the export, which knows its platform's columns;
//! 3. a canonical name (`views`, `spend` …) or `columns:`: a counter;
//! 4. the header, in the languages the platforms export in ([`by_header`]);
//! 5. the values of the first [`SAMPLE_ROWS`] rows ([`by_values`]): text, percentages,
//!    row numbers, long codes, a distribution that adds up to 1 or 100%.
//!
//! Each decision carries its reason, which `kpi metrics --kinds` prints. This module
//! only decides; reading and summing are elsewhere.

use std::fmt;

use serde::Serialize;

use super::cell::{DecimalMark, parse_cell};
use super::number::Fixed;

/// Rows looked at to decide the kind of a column that its header does not settle.
pub const SAMPLE_ROWS: usize = 1000;

/// What a column holds.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    schemars::JsonSchema,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Counts or money that add up across rows: summed.
    Counter,
    /// A level at a moment (a total of followers, a 28-day count): its last value.
    Gauge,
    /// A percentage, ratio, average or per-unit value: never summed.
    Rate,
    /// A distribution whose rows add up to 1 or 100%: never summed.
    Share,
    /// Ids, codes, ranks, years, coordinates, scores: never summed.
    Id,
    /// Text, dates and other labels: never summed.
    Label,
}

impl Kind {
    /// Every kind, in the order `kpi metrics --kinds` explains them.
    pub const ALL: [Kind; 6] = [
        Kind::Counter,
        Kind::Gauge,
        Kind::Rate,
        Kind::Share,
        Kind::Id,
        Kind::Label,
    ];

    /// The kind's name, as `kinds:` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Counter => "counter",
            Kind::Gauge => "gauge",
            Kind::Rate => "rate",
            Kind::Share => "share",
            Kind::Id => "id",
            Kind::Label => "label",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A kind and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    /// The kind.
    pub kind: Kind,
    /// Why, in a few words (`the header says "Average"`).
    pub why: String,
}

impl Judged {
    /// A decision.
    pub fn new(kind: Kind, why: impl Into<String>) -> Judged {
        Judged {
            kind,
            why: why.into(),
        }
    }
}

/// Words that make a column a rate, average or ratio, in the languages platforms export
/// in: English, German, French, Spanish, Italian, Dutch, Portuguese. Matched as whole
/// words of the header, lowercase.
const RATE_WORDS: &[&str] = &[
    // English
    "rate",
    "rates",
    "ratio",
    "average",
    "avg",
    "mean",
    "median",
    "per",
    "percent",
    "percentage",
    "pct",
    "frequency",
    "ctr",
    "cpm",
    "cpc",
    "cpa",
    "cpv",
    "cpe",
    "cpl",
    "cpi",
    "cpp",
    "rpm",
    "roas",
    "aov",
    "arpu",
    "duration",
    "length",
    "retention",
    "bounce",
    // German
    "durchschn",
    "durchschnitt",
    "durchschnittlich",
    "durchschnittliche",
    "durchschnittlicher",
    "quote",
    "anteil",
    "pro",
    "je",
    "dauer",
    "verweildauer",
    "sitzungsdauer",
    // French
    "moyenne",
    "moyen",
    "moy",
    "taux",
    "pourcentage",
    "par",
    "durée",
    // Spanish
    "promedio",
    "prom",
    "tasa",
    "porcentaje",
    "por",
    "duración",
    // Italian
    "medio",
    "tasso",
    "percentuale",
    "durata",
    // Dutch
    "gemiddeld",
    "gemiddelde",
    "gem",
    "percentage",
    "duur",
    "sessieduur",
    // Portuguese
    "média",
    "médio",
    "taxa",
    "duração",
    // Unit prices (`Lineitem price`); a total price is a counter (see `by_header`).
    "price",
    "preis",
    "prix",
    "precio",
    "prezzo",
    "prijs",
    "preço",
];

/// Word endings that make a compound word a rate (German and Dutch write them as one
/// word: `Absprungrate`, `Konversionsrate`, `Sitzungsdauer`, `bouncepercentage`).
const RATE_ENDINGS: &[&str] = &["rate", "quote", "dauer", "percentage", "duur", "anteil"];

/// English words that end like a rate compound but are not one.
const NOT_RATE: &[&str] = &[
    "separate",
    "corporate",
    "moderate",
    "generate",
    "accurate",
    "celebrate",
    "pirate",
];

/// Words of a unit price: a rate, unless the header says it is a total.
const PRICE_WORDS: &[&str] = &[
    "price", "preis", "prix", "precio", "prezzo", "prijs", "preço",
];

/// Words of people counted once per row (users, viewers): not additive across rows,
/// unless a word of [`GAIN_WORDS`] makes them the new ones (those add up).
const PEOPLE_WORDS: &[&str] = &[
    "users",
    "user",
    "viewers",
    "viewer",
    "visitors",
    "nutzer",
    "besucher",
    "utilisateurs",
    "visiteurs",
    "usuarios",
    "visitantes",
    "utenti",
    "visitatori",
    "gebruikers",
    "bezoekers",
    "usuários",
    "consumers",
    "people",
    "personen",
];

/// Words of a count of followers, fans or subscribers: a level (a gauge) unless a word
/// of [`GAIN_WORDS`] makes it a change.
const AUDIENCE_WORDS: &[&str] = &[
    "followers",
    "follower",
    "fans",
    "subscribers",
    "subscriber",
    "abonnenten",
    "abonnés",
    "abonnes",
    "seguidores",
    "seguidor",
    "volgers",
    "iscritti",
    "inscritos",
    "members",
    "population",
];

/// Words that make an audience column a change over the row's period: a counter.
const GAIN_WORDS: &[&str] = &[
    "new",
    "gained",
    "gain",
    "gains",
    "lost",
    "net",
    "change",
    "difference",
    "daily",
    "neue",
    "neu",
    "nouveaux",
    "nouveau",
    "nuevos",
    "nuevo",
    "nuovi",
    "nieuwe",
    "novos",
    "unfollows",
    "follows",
    "gewonnen",
    "verloren",
    "perdidos",
];

/// Words of a count over a rolling window or a whole lifetime: in a daily export, a
/// level (a gauge), not the day's count.
const ROLLING_WORDS: &[&str] = &["weekly", "lifetime", "monthly", "cumulative", "running"];

/// Words that make a numeric column an id, code, rank, year or coordinate.
const ID_WORDS: &[&str] = &[
    "id",
    "ids",
    "uid",
    "uuid",
    "code",
    "hash",
    "sku",
    "no",
    "nr",
    "nº",
    "sno",
    "slno",
    "index",
    "idx",
    "rank",
    "ranking",
    "position",
    "pos",
    "year",
    "yr",
    "jahr",
    "année",
    "annee",
    "año",
    "ano",
    "anno",
    "jaar",
    "lat",
    "latitude",
    "lng",
    "lon",
    "longitude",
    "cluster",
    "segment",
    "zip",
    "postcode",
    "postal",
    "plz",
    "phone",
    "score",
    "rating",
    "grade",
    "version",
    "interest",
    "hour",
    "hora",
    "heure",
    "stunde",
    "uur",
    "weekday",
    "month",
    "monat",
    "mois",
    "mes",
    "mese",
    "maand",
    "week",
    "quarter",
    "age",
    "alter",
    "âge",
    "edad",
    "età",
    "leeftijd",
    "idade",
];

/// The header's words, lowercase, split at anything that is not a letter or digit.
fn words(header: &str) -> Vec<String> {
    header
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The kind a header alone makes certain, for a column outside the canonical names and
/// the preset; `None` when the values must decide.
pub fn by_header(header: &str) -> Option<Judged> {
    let lower = header.to_lowercase();
    let words = words(header);
    let has = |list: &[&str]| words.iter().find(|w| list.contains(&w.as_str())).cloned();
    if lower.contains('%') || lower.contains('‰') {
        return Some(Judged::new(Kind::Rate, "the header has `%`"));
    }
    // `Pages/Session`, `Pagina's/sessie`, `Views per viewer`: a ratio in any language.
    if header.contains('/') && !lower.contains("n/a") {
        return Some(Judged::new(Kind::Rate, "the header is a ratio (`/`)"));
    }
    let total = has(&["total", "totals", "gesamt", "summe", "sum", "subtotal"]).is_some();
    if let Some(word) = has(RATE_WORDS).filter(|w| !(total && PRICE_WORDS.contains(&w.as_str()))) {
        return Some(Judged::new(Kind::Rate, format!("the header says `{word}`")));
    }
    if let Some(word) = words.iter().find(|w| {
        !NOT_RATE.contains(&w.as_str())
            && w.chars().count() > 6
            && RATE_ENDINGS.iter().any(|e| w.ends_with(e))
    }) {
        return Some(Judged::new(Kind::Rate, format!("the header says `{word}`")));
    }
    if lower.contains("28 days") || lower.contains("7 days") || lower.contains("28 tage") {
        return Some(Judged::new(
            Kind::Gauge,
            "a count over a rolling window of days",
        ));
    }
    if let Some(word) = has(ROLLING_WORDS) {
        return Some(Judged::new(
            Kind::Gauge,
            format!("a {word} count, not the row's own"),
        ));
    }
    if let Some(word) = has(&[
        "unique",
        "uniques",
        "distinct",
        "eindeutige",
        "uniques",
        "únicos",
        "unici",
        "unieke",
    ]) {
        // People counted once per row: two rows may hold the same person, so neither a
        // sum nor the last row's value is the total. Never summed, like a rate.
        return Some(Judged::new(
            Kind::Rate,
            format!("`{word}` people: not additive across rows"),
        ));
    }
    // The people are what is counted only when they end the header: `Total users`,
    // `Returning viewers`, but `user profile clicks` are clicks.
    if let Some(word) = words
        .last()
        .filter(|w| PEOPLE_WORDS.contains(&w.as_str()))
        .cloned()
        && has(GAIN_WORDS).is_none()
    {
        return Some(Judged::new(
            Kind::Rate,
            format!("`{word}` are people counted once per row: not additive across rows"),
        ));
    }
    if let Some(word) = has(AUDIENCE_WORDS)
        && has(GAIN_WORDS).is_none()
    {
        return Some(Judged::new(
            Kind::Gauge,
            format!("a level of `{word}`, not a change"),
        ));
    }
    if let Some(word) = has(ID_WORDS) {
        return Some(Judged::new(Kind::Id, format!("the header says `{word}`")));
    }
    None
}

/// The kind the values of a column say, for a column no header rule settled: `sample`
/// holds its cells in the first rows; `whole` when that is every row of the input.
pub fn by_values(header: &str, sample: &[&[u8]], mark: DecimalMark, whole: bool) -> Judged {
    let mut numbers: Vec<Fixed> = Vec::new();
    let mut text: Option<&[u8]> = None;
    let mut texts = 0usize;
    let mut percent = 0usize;
    let mut cells = 0usize;
    for raw in sample {
        let cell = raw.trim_ascii();
        match parse_cell(cell, mark) {
            Ok(Some(value)) => {
                cells += 1;
                numbers.push(value);
                if cell.ends_with(b"%") {
                    percent += 1;
                }
            }
            Ok(None) => {}
            Err(_) => {
                cells += 1;
                texts += 1;
                text.get_or_insert(cell);
            }
        }
    }
    if cells == 0 {
        return Judged::new(
            Kind::Label,
            if whole {
                "no value in any row"
            } else {
                "no value in the first rows"
            },
        );
    }
    // A few bad cells in a column of numbers are errors to report (or skip), not a
    // reason to drop the column; mostly text is a label.
    if texts * 10 > cells {
        let example = text.map(String::from_utf8_lossy).unwrap_or_default();
        if super::date::parse(
            example.as_bytes(),
            super::date::DateOrder::MonthFirst,
            Some(2000),
        )
        .is_ok()
        {
            return Judged::new(
                Kind::Label,
                format!("dates (`{}`)", crate::text::quote(&example)),
            );
        }
        return Judged::new(
            Kind::Label,
            format!(
                "text in {texts} of the first {cells} cells (`{}`)",
                crate::text::quote(&example)
            ),
        );
    }
    if percent > 0 && percent * 2 >= numbers.len() {
        return Judged::new(Kind::Rate, "its values are percentages");
    }
    let integers = numbers.iter().all(|v| v.raw() % 1_000_000 == 0);
    if integers && numbers.len() >= 5 {
        let mut step = numbers.windows(2).map(|w| w[1].raw() - w[0].raw());
        if step.all(|d| d == 1_000_000) {
            return Judged::new(Kind::Id, "its values count the rows (1, 2, 3 …)");
        }
    }
    // Dates written as numbers (`20260401`, as Google Analytics writes them).
    let compact_date = |v: &Fixed| {
        let n = v.raw() / 1_000_000;
        (19_000_101..=21_001_231).contains(&n)
            && chrono::NaiveDate::from_ymd_opt(
                i32::try_from(n / 10_000).unwrap_or(0),
                u32::try_from(n / 100 % 100).unwrap_or(0),
                u32::try_from(n % 100).unwrap_or(0),
            )
            .is_some()
    };
    if integers && !numbers.is_empty() && numbers.iter().all(compact_date) {
        return Judged::new(
            Kind::Label,
            format!("dates written as numbers (`{}`)", numbers[0]),
        );
    }
    let digits = |v: &Fixed| v.raw().unsigned_abs() / 1_000_000;
    if integers && !numbers.is_empty() && numbers.iter().all(|v| digits(v) >= 100_000_000_000) {
        return Judged::new(Kind::Id, "its values are codes of 12 digits or more");
    }
    // Money and totals are never a distribution, whatever they add up to.
    let money = words(header).iter().any(|w| {
        [
            "total", "subtotal", "sum", "amount", "price", "cost", "value", "revenue", "spend",
            "tax", "fee", "discount", "shipping",
        ]
        .contains(&w.as_str())
    });
    if whole && numbers.len() >= 2 && !money {
        let total: i128 = numbers.iter().map(|v| v.raw()).sum();
        let (min, max) = numbers.iter().fold((i128::MAX, i128::MIN), |(lo, hi), v| {
            (lo.min(v.raw()), hi.max(v.raw()))
        });
        let fractions = !integers;
        let near = |target: i128| (total - target).abs() * 200 <= target;
        if fractions && min >= 0 && max <= 1_000_000 && near(1_000_000) {
            return Judged::new(Kind::Share, "its values are fractions that add up to 1");
        }
        if fractions && min >= 0 && max <= 100_000_000 && near(100_000_000) {
            return Judged::new(Kind::Share, "its values add up to 100");
        }
    }
    Judged::new(Kind::Counter, "its values are numbers")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(header: &str) -> Option<Kind> {
        by_header(header).map(|j| j.kind)
    }

    #[test]
    fn headers_in_the_platforms_languages() {
        assert_eq!(kind("Views (%)"), Some(Kind::Rate));
        assert_eq!(kind("Watch time (hours) (%)"), Some(Kind::Rate));
        assert_eq!(kind("Durchschn. Sitzungsdauer"), Some(Kind::Rate));
        assert_eq!(kind("Durchschn. Bestellwert"), Some(Kind::Rate));
        assert_eq!(kind("Absprungrate"), Some(Kind::Rate));
        assert_eq!(kind("Taux de rebond"), Some(Kind::Rate));
        assert_eq!(kind("Durée moyenne des sessions"), Some(Kind::Rate));
        assert_eq!(kind("Duración media de la sesión"), Some(Kind::Rate));
        assert_eq!(kind("Tasso di rimbalzo"), Some(Kind::Rate));
        assert_eq!(kind("Gem. sessieduur"), Some(Kind::Rate));
        assert_eq!(kind("Bouncepercentage"), Some(Kind::Rate));
        assert_eq!(kind("Taxa de rejeição"), Some(Kind::Rate));
        assert_eq!(kind("Pages/Session"), Some(Kind::Rate));
        assert_eq!(kind("Cost per result"), Some(Kind::Rate));
        assert_eq!(kind("Lifetime Total Likes"), Some(Kind::Gauge));
        assert_eq!(kind("Weekly Page Engaged Users"), Some(Kind::Gauge));
        assert_eq!(kind("28 Days Page Engaged Users"), Some(Kind::Gauge));
        assert_eq!(kind("Active followers"), Some(Kind::Gauge));
        assert_eq!(kind("followers"), Some(Kind::Gauge));
        assert_eq!(kind("Population"), Some(Kind::Gauge));
        assert_eq!(kind("New followers"), None);
        assert_eq!(kind("Subscribers gained"), None);
        assert_eq!(kind("S.No"), Some(Kind::Id));
        assert_eq!(kind("created_year"), Some(Kind::Id));
        assert_eq!(kind("latitude"), Some(Kind::Id));
        assert_eq!(kind("interest"), Some(Kind::Id));
        assert_eq!(kind("influence_score"), Some(Kind::Id));
        assert_eq!(kind("Rank"), Some(Kind::Id));
        assert_eq!(kind("Unique viewers"), Some(Kind::Rate));
        assert_eq!(kind("Trial starts"), None);
        assert_eq!(kind("Lineitem price"), Some(Kind::Rate));
        assert_eq!(kind("Total price"), None);
        assert_eq!(kind("Total users"), Some(Kind::Rate));
        assert_eq!(kind("Returning Viewers"), Some(Kind::Rate));
        assert_eq!(kind("New Viewers"), None);
        assert_eq!(kind("Nieuwe gebruikers"), None);
        assert_eq!(kind("media engagements"), None);
        assert_eq!(kind("Billing Phone"), Some(Kind::Id));
        assert_eq!(kind("user profile clicks"), None);
        assert_eq!(kind("Story taps"), None);
        assert_eq!(kind("Corporate events"), None);
    }

    fn values(cells: &[&str], whole: bool) -> Judged {
        let raw: Vec<&[u8]> = cells.iter().map(|c| c.as_bytes()).collect();
        by_values("x", &raw, DecimalMark::Point, whole)
    }

    #[test]
    fn values_decide_what_headers_do_not() {
        assert_eq!(values(&["12", "3", "40"], true).kind, Kind::Counter);
        assert_eq!(
            values(&["12", "__youngbae__", "x", "y"], false).kind,
            Kind::Label
        );
        assert_eq!(
            values(&["1", "2", "3", "4", "5", "6"], false).why,
            "its values count the rows (1, 2, 3 …)"
        );
        assert_eq!(
            values(&["23843216661240149", "23843216661250149"], false).kind,
            Kind::Id
        );
        assert_eq!(values(&["0.55", "0.45"], true).kind, Kind::Share);
        assert_eq!(values(&["0.55", "0.45"], false).kind, Kind::Counter);
        assert_eq!(values(&["62.5", "30.1", "7.4"], true).kind, Kind::Share);
        assert_eq!(values(&["12.5%", "3%"], false).kind, Kind::Rate);
        // One typo among numbers stays an error to report, not a label.
        let mut many = vec!["7"; 20];
        many.push("12x");
        assert_eq!(values(&many, false).kind, Kind::Counter);
    }
}
