//! The HTML report (DESIGN §16): one self-contained page per scorecard, portfolio or
//! settlement. No script, nothing fetched (the page's Content-Security-Policy allows
//! only its own style sheet), charts drawn as inline SVG from the same data the other
//! formats print, and the same bytes for the same input.
//!
//! Text from the files reaches the page only through the templates (askama, under
//! `templates/html/`), which escape every value for HTML; it is made safe first as in
//! every other format ([`crate::text`]). Chart geometry is in [`chart`].

pub mod chart;
mod scorecard;
mod settle;

use std::io::{self, Write};

use askama::Template;

pub use scorecard::{Html, portfolio};
pub use settle::settle;

/// The report's style sheet, inlined in every page.
pub const STYLE: &str = include_str!("style.css");

/// The SHA-256 of [`STYLE`], base64: the one style the page's policy allows.
pub const STYLE_HASH: &str = "sha256-FUkYwlGONuYfJjO0bE+eC08AAEdF2iXNfswTSb/uLyA=";

/// The page's Content-Security-Policy: nothing may load, run or submit; only the inline
/// style sheet of [`STYLE_HASH`] applies.
pub fn csp() -> String {
    format!(
        "default-src 'none'; style-src '{STYLE_HASH}'; img-src 'none'; base-uri 'none'; form-action 'none'"
    )
}

/// A message for people, in runs of prose and of `code` (kpi writes names in backticks):
/// the page shows the code runs as code instead of the backticks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words(pub Vec<(bool, String)>);

impl Words {
    /// `text` made safe ([`crate::text::line`]) and split at its backticks; an odd number
    /// of them leaves the text as it is.
    pub fn new(text: &str) -> Words {
        let text = crate::text::line(text);
        let parts: Vec<&str> = text.split('`').collect();
        if parts.len().is_multiple_of(2) {
            return Words(vec![(false, text.into_owned())]);
        }
        Words(
            parts
                .iter()
                .enumerate()
                .filter(|(_, p)| !p.is_empty())
                .map(|(i, p)| (i % 2 == 1, (*p).to_owned()))
                .collect(),
        )
    }
}

/// What every page has around its body.
#[derive(Debug, Clone)]
pub struct Page {
    /// The `<title>`.
    pub title: String,
    /// The footer's line (as-of date, rows read).
    pub footer: String,
    /// Seconds after which the page reloads itself (while `--watch` rewrites it).
    pub refresh: Option<u32>,
    /// What the footer says of the reload, while there is one.
    pub reload_words: Option<&'static str>,
    /// The policy.
    pub csp: String,
    /// The style sheet.
    pub style: &'static str,
    /// `kpi`'s version.
    pub version: &'static str,
}

impl Page {
    /// A page titled `title`, with `footer` at the bottom.
    pub fn new(title: String, footer: String, refresh: Option<u32>) -> Page {
        Page {
            title,
            footer,
            refresh,
            reload_words: refresh.map(|_| RELOAD[1]),
            csp: csp(),
            style: STYLE,
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

/// What `--watch` adds to a page: the reload, and the footer's words for it.
const RELOAD: [&str; 2] = [
    "\n<meta http-equiv=\"refresh\" content=\"",
    " · this page reloads itself while kpi watches its inputs",
];

/// A page written while watching, as an ordinary run writes it: no reload, no words
/// about watching; `None` when `page` is not such a page.
pub fn without_reload(page: &str) -> Option<String> {
    let meta = page.find(RELOAD[0])?;
    let end = meta + page[meta..].find("\">")? + 2;
    let page = format!("{}{}", &page[..meta], &page[end..]);
    let words = page.find(RELOAD[1])?;
    Some(format!(
        "{}{}",
        &page[..words],
        &page[words + RELOAD[1].len()..]
    ))
}

/// Renders `template` to `out` as one write.
fn write(template: &impl Template, out: &mut dyn Write) -> io::Result<()> {
    let text = template.render().map_err(io::Error::other)?;
    out.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_backticks_are_code() {
        assert_eq!(
            Words::new("add `revenue` to `a.csv`").0,
            vec![
                (false, "add ".to_owned()),
                (true, "revenue".to_owned()),
                (false, " to ".to_owned()),
                (true, "a.csv".to_owned())
            ]
        );
        assert_eq!(
            Words::new("odd ` one").0,
            vec![(false, "odd ` one".to_owned())]
        );
    }

    #[test]
    fn the_policy_names_the_style_sheet_it_carries() {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(STYLE.as_bytes());
        let hash = format!("sha256-{}", data_encoding::BASE64.encode(&digest));
        assert_eq!(
            STYLE_HASH, hash,
            "style.css changed: set STYLE_HASH to {hash}"
        );
    }
}
