//! The scorecard as Markdown for a pull-request comment or a chat message: the verdict
//! first, then the table, then the actions.

use std::io::{self, Write};

use super::Render;
use super::format;
use crate::Scorecard;
use crate::kpi::Status;
use crate::kpi::scorecard::Spend;

/// Renders the scorecard as GitHub-flavoured Markdown.
pub struct Markdown;

fn badge(status: Status) -> String {
    let dot = match status {
        Status::Green => "🟢",
        Status::Yellow => "🟡",
        Status::Red => "🔴",
        Status::NoData | Status::NotApplicable => "⚪",
        Status::NotStarted | Status::TooEarly | Status::Unrated => "⚫",
    };
    format!("{dot} {}", status.label())
}

/// A line of text in Markdown: made safe ([`crate::text::line`]: control characters
/// escaped, at most a line long) and written so that it renders as the text it is, in
/// a pull-request comment too: no table break, HTML, link, image or emphasis, and no
/// `@mention` or `#123` reference that would notify anyone.
pub fn cell(text: &str) -> String {
    let text = crate::text::line(text);
    // `kpi`'s own messages put names in backticks: keep those as code spans (markup is
    // inert inside them) and escape the prose around; an odd count is escaped whole.
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return escape(&text);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("`{}`", part.replace('|', "\\|"))
            } else {
                escape(part)
            }
        })
        .collect()
}

/// A value from a file in Markdown: an excerpt ([`crate::text::quote`]), escaped as
/// [`cell`] is.
pub fn data(text: &str) -> String {
    escape(&crate::text::quote(text))
}

/// A value from a file as inline code (mentions and markup are inert there): an
/// excerpt with no backtick to end the span early and no pipe to end a table cell.
pub fn code(text: &str) -> String {
    format!(
        "`{}`",
        crate::text::quote(text)
            .replace('`', "'")
            .replace('|', "\\|")
    )
}

/// GitHub-flavoured Markdown's active characters written inert: a backslash before
/// ASCII punctuation that starts markup, entities for HTML, and a zero-width space
/// after `@` and before a `#` reference (a backslash does not stop those).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // `(` and `!` are inert once `[` is: no link or image can open.
            '\\' | '`' | '*' | '_' | '[' | ']' | '~' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '@' => out.push_str("@&#8203;"),
            '#' if chars.peek().is_some_and(char::is_ascii_digit) => out.push_str("#&#8203;"),
            _ => out.push(c),
        }
    }
    out
}

impl Render for Markdown {
    fn render(&self, card: &Scorecard, out: &mut dyn Write) -> io::Result<()> {
        let c = &card.campaign;
        let name = c.name.as_deref().unwrap_or(&c.id);
        let verdict = match card.verdict.spend {
            Spend::Approved => "✅ **Spend: APPROVED**",
            Spend::Blocked => "⛔ **Spend: BLOCKED**",
        };
        writeln!(out, "## {} — {verdict}\n", data(name))?;
        let p = &card.period;
        writeln!(
            out,
            "{} · {} → {} · {}\n",
            code(&c.id),
            p.start,
            p.end,
            super::format::progress(card)
        )?;
        let blocking = &card.verdict.blocking;
        for b in blocking.iter().take(super::MAX_LISTED) {
            writeln!(
                out,
                "- blocked: {} on {} ({})",
                code(&b.creator),
                code(&b.kpi),
                b.band
            )?;
        }
        if blocking.len() > super::MAX_LISTED {
            writeln!(
                out,
                "- … and {} more (every one in `--format json`)",
                blocking.len() - super::MAX_LISTED
            )?;
        }
        if !blocking.is_empty() {
            writeln!(out)?;
        }
        writeln!(out, "| KPI | Tier | Value | Target / bands | Band | Pace |")?;
        writeln!(out, "|---|---|---:|---|---|---|")?;
        for k in &card.kpis {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                code(&k.id),
                k.tier,
                cell(&format::shown(k.value, k.unit, &c.currency)),
                cell(&format::criteria(k, &c.currency)),
                badge(k.band),
                cell(&format::pace(k, &c.currency))
            )?;
        }
        let actions: Vec<_> = card
            .kpis
            .iter()
            .filter_map(|k| k.action.as_ref().map(|a| (k, a)))
            .collect();
        if !actions.is_empty() {
            writeln!(out, "\n### Actions\n")?;
            for (k, action) in actions {
                writeln!(out, "- {} ({}): {}", code(&k.id), k.band, cell(action))?;
            }
        }
        if !card.notes.is_empty() {
            writeln!(out)?;
            for note in &card.notes {
                writeln!(out, "> {}", cell(note))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_files_renders_as_text() {
        assert_eq!(
            data(
                "@github/security-team [pwn](https://e.example) ![](https://e.example/p.png) #1 <b>x</b> *y* a|b &#64;"
            ),
            "@&#8203;github/security-team \\[pwn\\](https://e.example) !\\[\\](https://e.example/p.png) #&#8203;1 &lt;b&gt;x&lt;/b&gt; \\*y\\* a\\|b &amp;#&#8203;64;"
        );
        assert_eq!(code("a`b|c"), "`a'b\\|c`");
        assert_eq!(
            cell("add `rev|enue` to [the] exports"),
            "add `rev\\|enue` to \\[the\\] exports"
        );
        assert_eq!(cell("odd ` count *x*"), "odd \\` count \\*x\\*");
    }
}
