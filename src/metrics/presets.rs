//! Platform export presets: how each platform's export names its columns.
//!
//! A preset is data — canonical name → the headers that platform uses for it, the kinds
//! of the columns that are not counters (rates, averages, levels, ids), how dates are written
//! and the headers that identify it for `--preset auto`. Headers are matched like
//! canonical names: case-, space- and punctuation-insensitively; a header written
//! `Amount spent (*)` matches any three-letter currency code in the parentheses.

use super::date::DateOrder;
use super::kinds::Kind::{self, Gauge, Id, Label, Rate};
use super::names::fold;

/// A platform's export layout.
#[derive(Debug)]
pub struct Preset {
    /// Its name, e.g. `youtube-studio`.
    pub id: &'static str,
    /// The export it reads, in words.
    pub export: &'static str,
    /// Canonical (or metric) name → the headers that hold it, first found wins.
    pub columns: &'static [(&'static str, &'static [&'static str])],
    /// The kinds of the columns that are not counters (rates, averages, levels, ids,
    /// labels); a column the preset maps is a counter unless listed here.
    pub kinds: &'static [(&'static str, Kind)],
    /// How slashed dates are written.
    pub date_order: DateOrder,
    /// Headers that, together, identify the export.
    pub detect: &'static [&'static str],
    /// Which rows, besides one labelled `Total`, are the export's own totals.
    pub summary: Summary,
}

/// How an export marks its own totals row (kept to check the sum, never added).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Summary {
    /// Only a row whose first cell says `Total`.
    Labelled,
    /// Also a row whose cells under these headers are all empty (Meta Ads Manager's
    /// summary row has no campaign, ad set or ad name).
    BlankIn(&'static [&'static str]),
    /// Also a row whose first cell, the table's dimension, is empty (Google Analytics'
    /// totals under its table).
    BlankFirst,
}

/// Every preset.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "youtube-studio",
        export: "YouTube Studio › Analytics › Advanced mode › Export (Table data.csv)",
        columns: &[
            ("date", &["Date", "Video publish time"]),
            ("post_id", &["Content"]),
            ("views", &["Views"]),
            ("impressions", &["Impressions"]),
            ("followers_gained", &["Subscribers gained"]),
            // YouTube's `Subscribers` is the net change (gained less lost), not a gain.
            ("subscribers_net", &["Subscribers"]),
            ("post_subscribers", &["Post subscribers"]),
            ("likes", &["Likes"]),
            ("comments", &["Comments added"]),
            ("shares", &["Shares"]),
            (
                "revenue",
                &["Your estimated revenue (USD)", "Estimated revenue (USD)"],
            ),
            ("watch_time_hours", &["Watch time (hours)"]),
        ],
        kinds: &[
            ("Impressions click-through rate (%)", Rate),
            ("Average view duration", Rate),
            ("Average percentage viewed (%)", Rate),
            ("Average views per viewer", Rate),
            ("Duration", Label),
            ("Video title", Label),
            ("Video publish time", Label),
            ("Views (%)", Kind::Share),
            ("Watch time (hours) (%)", Kind::Share),
            ("Subscribers (%)", Kind::Share),
        ],
        date_order: DateOrder::MonthFirst,
        detect: &[
            "Watch time (hours)",
            "Impressions click-through rate (%)",
            "Video title",
            "Content",
            "Average view duration",
            "Your estimated revenue (USD)",
            "Estimated revenue (USD)",
        ],
        summary: Summary::Labelled,
    },
    Preset {
        id: "tiktok-studio",
        export: "TikTok Studio › Analytics › Download data (overview or content)",
        columns: &[
            ("date", &["Date", "Post time"]),
            ("post_id", &["Video link"]),
            ("views", &["Video views", "Total views", "Views"]),
            ("likes", &["Likes", "Total likes"]),
            ("comments", &["Comments", "Total comments"]),
            ("shares", &["Shares", "Total shares"]),
            ("saves", &["Total saves", "Favorites"]),
            (
                "followers_gained",
                &["New followers", "Difference in followers from previous day"],
            ),
            ("reach", &["Reached audience"]),
        ],
        kinds: &[
            ("Average watch time", Rate),
            ("Watched full video (%)", Rate),
            ("Active followers", Gauge),
            ("Followers", Gauge),
            ("Total followers", Gauge),
            ("Hour", Id),
            ("Distribution", Kind::Share),
        ],
        date_order: DateOrder::MonthFirst,
        detect: &[
            "Video views",
            "Profile views",
            "Video link",
            "Post time",
            "Total views",
            "Difference in followers from previous day",
            "Active followers",
            "New Viewers",
            "Returning Viewers",
        ],
        summary: Summary::Labelled,
    },
    Preset {
        id: "instagram",
        export: "Meta Business Suite › Insights › Content › Export (Instagram posts)",
        columns: &[
            ("post_id", &["Post ID"]),
            ("creator", &["Account username"]),
            ("date", &["Publish time", "Date"]),
            ("format", &["Post type"]),
            ("impressions", &["Impressions"]),
            ("views", &["Views", "Plays"]),
            ("reach", &["Reach"]),
            ("likes", &["Likes"]),
            ("comments", &["Comments"]),
            ("shares", &["Shares"]),
            ("saves", &["Saves"]),
            ("followers_gained", &["Follows"]),
            ("clicks", &["Link clicks", "Profile visits"]),
        ],
        kinds: &[
            ("Account ID", Id),
            ("Duration (sec)", Label),
            ("Account name", Label),
            ("Permalink", Label),
            ("Description", Label),
            ("Data comment", Label),
        ],
        date_order: DateOrder::MonthFirst,
        detect: &[
            "Post ID",
            "Account username",
            "Permalink",
            "Publish time",
            "Post type",
        ],
        summary: Summary::Labelled,
    },
    Preset {
        id: "facebook-page-insights",
        export: "Facebook Page Insights › Export data (page or post level); Meta Business Suite › Insights › Content › Export (Facebook posts)",
        columns: &[
            // Business Suite's `Date` says `Lifetime`; its posts are dated by `Publish time`.
            ("date", &["Publish time", "Posted", "Date"]),
            ("post_id", &["Post ID"]),
            ("format", &["Post type", "Type"]),
            (
                "impressions",
                &[
                    "Daily Total Impressions",
                    "Daily Page Impressions",
                    "Lifetime Post Total Impressions",
                ],
            ),
            (
                "reach",
                &[
                    "Daily Total Reach",
                    "Daily Page Reach",
                    "Lifetime Post Total Reach",
                    "Reach",
                ],
            ),
            ("views", &["Views", "Lifetime Total Video Views"]),
            (
                "followers_gained",
                &["Daily New Likes", "Daily New Followers"],
            ),
            (
                "engagements",
                &[
                    "Daily Page Engaged Users",
                    "Daily Post Engagements",
                    "Reactions, Comments and Shares",
                ],
            ),
            ("likes", &["Reactions"]),
            ("comments", &["Comments"]),
            ("shares", &["Shares"]),
            // Link clicks; `Lifetime Post Consumptions` counts every click on a post.
            (
                "clicks",
                &[
                    "Total clicks",
                    "Link clicks",
                    "Lifetime Post Consumptions by type - link clicks",
                ],
            ),
            ("post_consumptions", &["Lifetime Post Consumptions"]),
        ],
        kinds: &[
            ("Lifetime Total Likes", Gauge),
            ("Lifetime Total Followers", Gauge),
            ("Page ID", Id),
            ("Page name", Label),
            ("Title", Label),
            ("Description", Label),
            ("Post Message", Label),
            ("Permalink", Label),
            ("Duration (sec)", Label),
            ("Data comment", Label),
            ("Audience Targeting", Label),
            ("Lifetime Video length", Label),
            ("Is crosspost", Label),
            ("Is share", Label),
        ],
        date_order: DateOrder::MonthFirst,
        detect: &[
            "Lifetime Total Likes",
            "Daily New Likes",
            "Daily Page Engaged Users",
            "Daily Total Reach",
            "Page ID",
            "Page name",
            "Reactions, Comments and Shares",
            "Post Message",
            "Posted",
            "Lifetime Post Total Reach",
            "Lifetime Post Total Impressions",
            "Post ID",
            "Publish time",
            "Permalink",
        ],
        summary: Summary::Labelled,
    },
    Preset {
        id: "meta-ads",
        export: "Meta Ads Manager › Reports › Export table data (CSV)",
        columns: &[
            ("date", &["Day", "Reporting starts"]),
            ("campaign", &["Campaign name"]),
            ("spend", &["Amount spent (*)", "Amount spent"]),
            ("impressions", &["Impressions"]),
            ("reach", &["Reach"]),
            ("clicks", &["Link clicks", "Clicks (all)"]),
            ("landing_page_views", &["Landing page views"]),
            ("conversions", &["Purchases", "Results"]),
            (
                "revenue",
                &[
                    "Purchases conversion value",
                    "Website purchases conversion value",
                ],
            ),
        ],
        kinds: &[
            ("Reporting ends", Label),
            ("Result indicator", Label),
            ("Frequency", Rate),
            ("Cost per results", Rate),
            ("CPC (cost per link click) (USD)", Rate),
            ("CTR (link click-through rate)", Rate),
            ("CPM (cost per 1,000 impressions) (USD)", Rate),
            ("Ends", Label),
            ("Attribution setting", Label),
            ("Campaign delivery", Label),
            ("Ad set delivery", Label),
            ("Ad delivery", Label),
            ("Delivery", Label),
            ("Campaign ID", Id),
            ("Ad set ID", Id),
            ("Ad ID", Id),
            ("Ad set budget", Label),
            ("Ad set budget type", Label),
            ("Bid", Label),
            ("Bid type", Label),
            ("Budget", Label),
            ("Result type", Label),
        ],
        date_order: DateOrder::MonthFirst,
        detect: &[
            "Reporting starts",
            "Ad set name",
            "Amount spent (USD)",
            "Campaign name",
            "Result indicator",
        ],
        summary: Summary::BlankIn(&["Campaign name", "Ad set name", "Ad name"]),
    },
    Preset {
        id: "google-analytics",
        export: "Google Analytics 4 › Reports › Traffic acquisition › Share › Download CSV",
        columns: &[
            ("date", &["Date"]),
            (
                "campaign",
                &["Session campaign", "Session manual campaign name"],
            ),
            ("creator", &["Session manual ad content"]),
            ("landing_page_views", &["Sessions"]),
            ("conversions", &["Key events", "Conversions"]),
            ("revenue", &["Total revenue", "Purchase revenue"]),
        ],
        kinds: &[
            ("Engagement rate", Rate),
            ("Average engagement time per session", Rate),
            ("Bounce rate", Rate),
            ("Session key event rate", Rate),
            ("Events per session", Rate),
        ],
        date_order: DateOrder::MonthFirst,
        detect: &[
            "Session source / medium",
            "Session campaign",
            "Engaged sessions",
            "Sessions",
        ],
        summary: Summary::BlankFirst,
    },
    Preset {
        id: "x",
        export: "X (Twitter) Analytics › Export data (by post, or the account overview by day)",
        columns: &[
            ("date", &["time", "Date"]),
            ("post_id", &["Tweet id"]),
            ("impressions", &["impressions"]),
            ("clicks", &["url clicks"]),
            ("likes", &["likes"]),
            // Reposts are X's shares; the account overview's `Shares` (sent in a message
            // or copied as a link) are read under their own name.
            ("shares", &["retweets", "Reposts"]),
            ("post_shares", &["Shares"]),
            ("dial_phone", &["dial phone"]),
            ("comments", &["replies"]),
            ("followers_gained", &["follows", "New follows"]),
            ("views", &["media views"]),
            ("engagements", &["engagements"]),
        ],
        kinds: &[("engagement rate", Rate)],
        date_order: DateOrder::MonthFirst,
        detect: &[
            "Tweet id",
            "Tweet permalink",
            "engagements",
            "url clicks",
            "New follows",
            "Profile visits",
            "Create Post",
        ],
        summary: Summary::Labelled,
    },
    Preset {
        id: "linkedin",
        export: "LinkedIn Page › Analytics › Content › Export (all posts)",
        columns: &[
            ("date", &["Created date"]),
            ("campaign", &["Campaign name"]),
            ("creator", &["Posted by"]),
            ("format", &["Content Type", "Post type"]),
            ("impressions", &["Impressions"]),
            ("views", &["Views (excluding off-site video views)"]),
            ("clicks", &["Clicks"]),
            ("likes", &["Likes"]),
            ("comments", &["Comments"]),
            ("shares", &["Reposts"]),
            ("followers_gained", &["Follows"]),
        ],
        kinds: &[
            ("Click through rate (CTR)", Rate),
            ("Engagement rate", Rate),
            ("Post link", Label),
            ("Post title", Label),
            ("Audience", Label),
        ],
        date_order: DateOrder::MonthFirst,
        detect: &[
            "Post title",
            "Post link",
            "Posted by",
            "Click through rate (CTR)",
            "Reposts",
        ],
        summary: Summary::Labelled,
    },
];

/// The preset `id`.
pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS
        .iter()
        .find(|p| p.id.eq_ignore_ascii_case(id.trim()))
}

/// The preset whose identifying headers best match `headers` (at least two of them).
pub fn detect(headers: &[String]) -> Option<&'static Preset> {
    PRESETS
        .iter()
        .map(|p| {
            (
                p.detect
                    .iter()
                    .filter(|d| headers.iter().any(|h| matches(d, h)))
                    .count(),
                p,
            )
        })
        .filter(|(n, _)| *n >= 2)
        .max_by_key(|(n, _)| *n)
        .map(|(_, p)| p)
}

impl Preset {
    /// Name → header for the columns of this preset present in `headers`.
    pub fn mapping(&self, headers: &[String]) -> Vec<(String, String)> {
        self.columns
            .iter()
            .filter_map(|(name, aliases)| {
                aliases
                    .iter()
                    .find_map(|a| headers.iter().position(|h| matches(a, h)))
                    .map(|i| ((*name).to_owned(), headers[i].clone()))
            })
            .collect()
    }

    /// The kind of `header` when the preset knows it is not a counter.
    pub fn kind_of(&self, header: &str) -> Option<Kind> {
        self.kinds
            .iter()
            .find(|(h, _)| matches(h, header))
            .map(|(_, kind)| *kind)
    }
}

/// Whether `header` is the preset's `alias`; `(*)` stands for a currency code. Both or
/// neither hold `%`: `Views (%)` is not `Views`.
pub fn matches(alias: &str, header: &str) -> bool {
    if alias.contains('%') != header.contains('%') {
        return false;
    }
    match alias.strip_suffix("(*)") {
        Some(base) => header
            .trim_end()
            .strip_suffix(')')
            .and_then(|h| h.rsplit_once('('))
            .is_some_and(|(h, code)| {
                code.len() == 3
                    && code.bytes().all(|b| b.is_ascii_alphabetic())
                    && fold(h) == fold(base)
            }),
        None => fold(alias) == fold(header),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|h| (*h).to_owned()).collect()
    }

    #[test]
    fn ids_are_unique_and_every_issue_platform_is_there() {
        for id in [
            "youtube-studio",
            "tiktok-studio",
            "instagram",
            "facebook-page-insights",
            "meta-ads",
            "google-analytics",
            "x",
            "linkedin",
        ] {
            assert!(find(id).is_some(), "{id}");
        }
        for (i, p) in PRESETS.iter().enumerate() {
            assert!(PRESETS[..i].iter().all(|o| o.id != p.id));
        }
    }

    #[test]
    fn detects_and_maps_a_youtube_export() {
        let h = headers(&[
            "Content",
            "Video title",
            "Video publish time",
            "Duration",
            "Views",
            "Watch time (hours)",
            "Subscribers",
            "Impressions",
            "Impressions click-through rate (%)",
        ]);
        let p = detect(&h).expect("detected");
        assert_eq!(p.id, "youtube-studio");
        let m = p.mapping(&h);
        assert!(m.contains(&("views".to_owned(), "Views".to_owned())));
        assert!(m.contains(&("date".to_owned(), "Video publish time".to_owned())));
        assert_eq!(p.kind_of("Impressions click-through rate (%)"), Some(Rate));
    }

    #[test]
    fn meta_ads_is_told_from_instagram() {
        let h = headers(&[
            "Reporting starts",
            "Reporting ends",
            "Campaign name",
            "Ad set name",
            "Amount spent (USD)",
            "Impressions",
            "Reach",
            "Link clicks",
        ]);
        assert_eq!(detect(&h).map(|p| p.id), Some("meta-ads"));
        assert_eq!(
            detect(&headers(&["date", "creator", "spend"])).map(|p| p.id),
            None
        );
    }
}
