//! Metric and column names: the canonical vocabulary (DESIGN §5) and how headers map
//! onto it.

/// Columns that describe a row rather than count something.
pub const DIMENSIONS: [&str; 8] = [
    "date", "campaign", "creator", "platform", "post_id", "format", "code", "currency",
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

/// The canonical counters no row takes back (revenue and conversions are refunded; a
/// follower count is a level): a bonus on their sum reaching a constant is earned the
/// day it is reached.
pub const GROWING: [&str; 11] = [
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
    "signups",
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

/// Headers that are a canonical name under another word, in exports of every kind
/// (Meta's and Kaggle's ad datasets say `Spent`; German ones `Datum`).
const ALIASES: &[(&str, &str)] = &[
    ("spent", "spend"),
    ("amountspent", "spend"),
    ("totalconversion", "conversions"),
    ("totalconversions", "conversions"),
    // The date, as German, Dutch and Spanish exports (Google Analytics among them) say it.
    ("datum", "date"),
    // The affiliate or discount code an order used (Shopify: `Discount Code`).
    ("coupon", "code"),
    ("couponcode", "code"),
    ("discountcode", "code"),
    ("promocode", "code"),
    ("affiliatecode", "code"),
    ("referralcode", "code"),
    ("vouchercode", "code"),
    ("fecha", "date"),
];

/// The canonical name (dimension or metric) a header folds to, if any. A header with
/// `%` is never one: `Views (%)` is a share of views, not views.
pub fn canonical(header: &str) -> Option<&'static str> {
    if header.contains('%') {
        return None;
    }
    let folded = fold(header);
    DIMENSIONS
        .iter()
        .chain(CANONICAL_METRICS.iter())
        .find(|name| fold(name) == folded)
        .copied()
        .or_else(|| ALIASES.iter().find(|(a, _)| *a == folded).map(|(_, n)| *n))
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
        assert_eq!(canonical("Views (%)"), None);
        assert_eq!(canonical("Spent"), Some("spend"));
        assert_eq!(snake("Trial starts"), "trial_starts");
        assert_eq!(snake("Amount spent (USD)"), "amount_spent_usd");
        assert_eq!(snake("  Café Visits!! "), "café_visits");
    }
}

#[cfg(test)]
mod growing_tests {
    use super::*;

    #[test]
    fn growing_counters_are_canonical_and_never_refunded() {
        for name in GROWING {
            assert!(CANONICAL_METRICS.contains(&name), "{name}");
        }
        for refunded in ["revenue", "conversions", "spend"] {
            assert!(!GROWING.contains(&refunded), "{refunded}");
        }
    }
}
