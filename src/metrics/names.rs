//! Metric and column names: the canonical vocabulary (DESIGN §5) and how headers map
//! onto it.

/// Columns that describe a row rather than count something.
pub const DIMENSIONS: [&str; 6] = [
    "date", "campaign", "creator", "platform", "post_id", "format",
];

/// Canonical counter and money columns.
pub const CANONICAL_METRICS: [&str; 18] = [
    "impressions",
    "reach",
    "views",
    "likes",
    "comments",
    "saves",
    "shares",
    "clicks",
    "qualified_clicks",
    "landing_page_views",
    "conversions",
    "signups",
    "revenue",
    "spend",
    "followers_gained",
    "followers_retained",
    "negative_comments",
    "incidents",
];

/// A header reduced to lowercase letters and digits, for case-, space- and
/// punctuation-insensitive matching (`Qualified Clicks` = `qualified_clicks`).
pub fn fold(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A header as a snake_case metric name (`Trial starts` → `trial_starts`,
/// `Amount spent (USD)` → `amount_spent_usd`).
pub fn snake(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    let mut gap = false;
    for c in header.trim().chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

/// The canonical name (dimension or metric) a header folds to, if any.
pub fn canonical(header: &str) -> Option<&'static str> {
    let folded = fold(header);
    DIMENSIONS
        .iter()
        .chain(CANONICAL_METRICS.iter())
        .find(|name| fold(name) == folded)
        .copied()
}

/// Whether a header outside the canonical names names something that is not summed: a
/// rate, share or average (`RPM (USD)`, `Likes (vs. dislikes) (%)`, `Cost per result`,
/// `Pages/Session`), an id (`Page ID`), a label written in numbers (`Hour`,
/// `Duration`), or a running total (`Followers`). Such a column is never read as a
/// metric unless `columns:` maps it.
pub fn never_summed(header: &str) -> bool {
    let lower = header.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    // `Pages/Session`, `Pagina's/sessie`: a ratio in any language.
    lower.contains('%')
        || lower.contains('/')
        || matches!(
            words.as_slice(),
            ["followers" | "fans" | "age" | "gender" | "weekday"]
                | ["total", "followers" | "fans"]
                | ["day", "of", "week"]
        )
        || words.iter().any(|word| {
            matches!(
                *word,
                "id" | "ids"
                    | "hour"
                    | "duration"
                    | "length"
                    | "rank"
                    | "rate"
                    | "rates"
                    | "ratio"
                    | "average"
                    | "avg"
                    | "median"
                    | "per"
                    | "percent"
                    | "percentage"
                    | "frequency"
                    | "ctr"
                    | "cpm"
                    | "cpc"
                    | "cpa"
                    | "cpv"
                    | "rpm"
                    | "roas"
            )
        })
}

/// Whether `name` is a dimension rather than a metric.
pub fn is_dimension(name: &str) -> bool {
    DIMENSIONS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_canonical_names_loosely() {
        assert_eq!(canonical("Qualified Clicks"), Some("qualified_clicks"));
        assert_eq!(canonical("QUALIFIED-CLICKS"), Some("qualified_clicks"));
        assert_eq!(canonical(" post id "), Some("post_id"));
        assert_eq!(canonical("Trial starts"), None);
        assert_eq!(snake("Trial starts"), "trial_starts");
        assert_eq!(snake("Amount spent (USD)"), "amount_spent_usd");
        assert_eq!(snake("  Café Visits!! "), "café_visits");
    }
}
