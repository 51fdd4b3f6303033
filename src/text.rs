//! Text from files, made safe to show: the one sanitising layer every renderer and every
//! message goes through (DESIGN §12).
//!
//! Campaign files and exports are untrusted: they may come from a stranger's pull request
//! and end up in a terminal or a public CI log. So text read from a file is data, never
//! control:
//!
//! - control characters and invisible reordering characters are shown escaped (`\n`,
//!   `\x1b`, `\u{202e}`), so no file can move the cursor, set a window title, open a
//!   hyperlink or start a new line of output;
//! - `##[` (the old GitHub workflow-command prefix, honoured anywhere on a line) becomes
//!   `##\[`, and text starting with `::` (a workflow command when it starts a line)
//!   starts `\::`;
//! - a quoted excerpt is at most [`MAX_EXCERPT`] characters.
//!
//! [`clean`] escapes (for data fields in machine output, kept whole); [`quote`] escapes
//! and cuts (for anything a person reads: messages, tables). [`Guard`] is the last line
//! at the binary's edge: a writer that applies the same rules to whole lines of output.
//! This module is not a general escaping library: JSON, CSV and Markdown syntax are the
//! renderers' business.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Write};

/// The most characters of a file's text that any message or table cell shows.
pub const MAX_EXCERPT: usize = 120;

/// Whether `c` must not reach an output as itself: C0 and C1 controls, DEL, and the
/// invisible characters that reorder or break lines (bidi overrides, line separators).
pub fn is_unsafe_char(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200e}' | '\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}'
    )
}

/// How an unsafe character is shown: `\n`, `\r`, `\t`, `\x1b`, `\u{202e}`.
pub fn escaped(c: char) -> String {
    let mut out = String::new();
    push_escaped(&mut out, c);
    out
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
        c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
    }
}

/// What [`escape`] lets through as it is.
#[derive(Debug, Clone, Copy)]
struct Keep {
    /// Tabs (a whole line of output may hold them; a quoted value may not).
    tab: bool,
    /// SGR colour codes (`ESC [ 1;31 m`), on a coloured terminal.
    colour: bool,
    /// A leading `::`: the `github` format's own workflow commands.
    commands: bool,
}

/// `text` with what `keep` does not allow escaped: unsafe characters, `##[`, and a `::`
/// where a CI runner would read a command (after leading white space and colour codes).
/// Borrowed when nothing needed changing. The one engine behind [`clean`], the
/// [`Guard`] and [`is_safe_line`].
fn escape(text: &str, keep: Keep) -> Cow<'_, str> {
    let command_at = if keep.commands {
        None
    } else {
        command_start(text, keep.colour)
    };
    // Fast path: printable ASCII (most lines of most outputs) needs one byte scan.
    if command_at.is_none()
        && text.bytes().all(|b| (0x20..0x7f).contains(&b))
        && memchr::memmem::find(text.as_bytes(), b"##[").is_none()
    {
        return Cow::Borrowed(text);
    }
    let kept = |rest: &str, c: char| {
        !is_unsafe_char(c)
            || (c == '\t' && keep.tab)
            || (c == '\x1b' && keep.colour && sgr_len(rest).is_some())
    };
    let clean = command_at.is_none()
        && !text.contains("##[")
        && text.char_indices().all(|(i, c)| kept(&text[i..], c));
    if clean {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if command_at == Some(text.len() - rest.len()) {
            out.push('\\');
        }
        if let Some(n) = sgr_len(rest).filter(|_| keep.colour) {
            out.push_str(&rest[..n]);
            rest = &rest[n..];
            continue;
        }
        if rest.starts_with("##[") {
            out.push_str("##\\[");
            rest = &rest[3..];
            continue;
        }
        if kept(rest, c) {
            out.push(c);
        } else {
            push_escaped(&mut out, c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// Where a `::` starts `text` as a CI runner reads it (it trims leading white space
/// first); colour codes are skipped too when `colour`.
fn command_start(text: &str, colour: bool) -> Option<usize> {
    let mut rest = text;
    loop {
        if let Some(n) = sgr_len(rest).filter(|_| colour) {
            rest = &rest[n..];
        } else if let Some(c) = rest.chars().next().filter(|c| c.is_whitespace()) {
            rest = &rest[c.len_utf8()..];
        } else {
            break;
        }
    }
    rest.starts_with("::").then(|| text.len() - rest.len())
}

/// `text` with every unsafe character escaped, `##[` defused and a leading `::`
/// escaped; whole (no cut). Borrowed when nothing needed changing.
pub fn clean(text: &str) -> Cow<'_, str> {
    escape(
        text,
        Keep {
            tab: false,
            colour: false,
            commands: false,
        },
    )
}

/// `text` cut to [`MAX_EXCERPT`] characters (an ellipsis marks the cut), then [`clean`]ed:
/// what a message or a table cell shows of a file.
pub fn quote(text: &str) -> Cow<'_, str> {
    cut(text, MAX_EXCERPT)
}

/// The most characters of one message or note: its quoted parts are excerpts already,
/// so only a part that was not quoted can make it longer.
pub const MAX_LINE: usize = 1200;

/// A message, note or action for people: [`clean`]ed and at most [`MAX_LINE`]
/// characters.
pub fn line(text: &str) -> Cow<'_, str> {
    cut(text, MAX_LINE)
}

/// `text` cut to `max` characters (an ellipsis marks the cut), then [`clean`]ed: for a
/// parser's message that may quote a value of the file somewhere inside it.
pub fn cut(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => clean(text),
        Some((end, _)) => Cow::Owned(format!("{}…", clean(&text[..end]))),
    }
}

/// Quoted items joined by `, `, as many as fit in [`MAX_EXCERPT`] characters, then
/// `… and N more`: how a message lists a file's headers.
pub fn quote_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    quote_list_within(items, MAX_EXCERPT)
}

/// [`quote_list`] within `budget` characters: for lists that are mostly `kpi`'s own
/// names (the metrics a formula may use) with some of a file's among them.
pub fn quote_list_within<'a>(items: impl IntoIterator<Item = &'a str>, budget: usize) -> String {
    let items: Vec<&str> = items.into_iter().collect();
    let mut out = String::new();
    let mut shown = 0;
    for item in &items {
        let q = quote(item);
        let len = out.chars().count() + q.chars().count() + 2;
        if shown > 0 && len > budget {
            break;
        }
        if shown > 0 {
            out.push_str(", ");
        }
        out.push_str(&q);
        shown += 1;
    }
    if shown < items.len() {
        out.push_str(&format!(" … and {} more", items.len() - shown));
    }
    out
}

/// A path read from a file, or found in a folder a file controls, as shown in messages.
pub fn path(path: &std::path::Path) -> String {
    quote(&path.to_string_lossy()).into_owned()
}

/// A [`fmt::Display`] for [`quote`]: `format!("`{}`", Quoted(cell))`.
#[derive(Debug, Clone, Copy)]
pub struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&quote(self.0))
    }
}

/// Whether a finished line of output is safe: no unsafe character (tabs and, when
/// `colour`, SGR colour codes excepted), no `##[`, and, unless `commands`, no start
/// that a CI runner would take for a workflow command.
pub fn is_safe_line(line: &str, colour: bool, commands: bool) -> bool {
    matches!(guard_line(line, colour, commands), Cow::Borrowed(_))
}

/// The length of the SGR colour sequence (`ESC [ 1;31 m`) at the start of `text`.
fn sgr_len(text: &str) -> Option<usize> {
    let body = text.strip_prefix("\x1b[")?;
    let digits = body
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b';')
        .count();
    (body.as_bytes().get(digits) == Some(&b'm')).then_some(2 + digits + 1)
}

/// One finished line made safe by [`Guard`]'s rules.
fn guard_line(line: &str, colour: bool, commands: bool) -> Cow<'_, str> {
    escape(
        line,
        Keep {
            tab: true,
            colour,
            commands,
        },
    )
}

/// A writer that lets only safe lines through: the binary's last line of defence, on
/// standard output, standard error and `-o` files.
///
/// Lines are held until their line break (or a flush) and then written with
/// [`is_safe_line`]'s rules applied: unsafe characters escaped, `##[` defused, and a
/// line that starts like a workflow command escaped — unless `commands` is set, for
/// the one renderer whose job is to write them (`--format github`). Renderers already
/// escape what they quote; the guard only acts when one of them did not.
pub struct Guard<W: Write> {
    inner: W,
    line: Vec<u8>,
    colour: bool,
    commands: bool,
}

impl<W: Write> Guard<W> {
    /// A guard over `inner`; `colour` lets SGR colour codes through, `commands` lets
    /// lines start with `::`.
    pub fn new(inner: W, colour: bool, commands: bool) -> Guard<W> {
        Guard {
            inner,
            line: Vec::new(),
            colour,
            commands,
        }
    }

    fn write_line(&mut self) -> io::Result<()> {
        if self.line.is_empty() {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&self.line);
        // The line's own ending (LF or CRLF) is kept; a CR inside a line is escaped.
        let (body, end) = match text.strip_suffix("\r\n") {
            Some(body) => (body, "\r\n"),
            None => match text.strip_suffix('\n') {
                Some(body) => (body, "\n"),
                None => (&*text, ""),
            },
        };
        let safe = guard_line(body, self.colour, self.commands);
        self.inner.write_all(safe.as_bytes())?;
        self.inner.write_all(end.as_bytes())?;
        self.line.clear();
        Ok(())
    }

    /// The writer underneath, after writing what is held.
    pub fn into_inner(mut self) -> io::Result<W> {
        self.write_line()?;
        self.inner.flush()?;
        let Guard { inner, .. } = self;
        Ok(inner)
    }
}

/// Whether a whole line (its `\n` excluded) is printable ASCII and tabs with no `##[`
/// and, unless `commands`, no workflow command: a line [`guard_line`] leaves as it is,
/// told in one pass over its bytes.
fn is_plain_line(body: &[u8], commands: bool) -> bool {
    for (i, &b) in body.iter().enumerate() {
        if !(0x20..0x7f).contains(&b) && b != b'\t' {
            return false;
        }
        if b == b'[' && i >= 2 && &body[i - 2..i] == b"##" {
            return false;
        }
    }
    commands || !body.trim_ascii_start().starts_with(b"::")
}

impl<W: Write> Write for Guard<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        // A line held from an earlier write is finished first.
        if !self.line.is_empty()
            && let Some(end) = memchr::memchr(b'\n', rest)
        {
            self.line.extend_from_slice(&rest[..=end]);
            self.write_line()?;
            rest = &rest[end + 1..];
        }
        if self.line.is_empty() {
            // Whole lines: runs of plain ones are passed on as they are, in one write
            // (output of hundreds of thousands of rows), the others made safe one by one.
            let whole = memchr::memrchr(b'\n', rest).map_or(0, |i| i + 1);
            let (lines, tail) = rest.split_at(whole);
            let (mut run, mut at) = (0, 0);
            for end in memchr::memchr_iter(b'\n', lines) {
                if !is_plain_line(&lines[at..end], self.commands) {
                    self.inner.write_all(&lines[run..at])?;
                    self.line.extend_from_slice(&lines[at..=end]);
                    self.write_line()?;
                    run = end + 1;
                }
                at = end + 1;
            }
            self.inner.write_all(&lines[run..])?;
            rest = tail;
        }
        self.line.extend_from_slice(rest);
        // A line longer than this is written in parts; each part is still checked.
        if self.line.len() > 1 << 20 {
            self.write_line()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.write_line()?;
        self.inner.flush()
    }
}

/// `n` with `,` between thousands: `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(12_345_678), "12,345,678");
    }

    #[test]
    fn controls_and_reordering_characters_are_escaped() {
        assert_eq!(clean("plain #ad text"), "plain #ad text");
        assert!(matches!(clean("plain"), Cow::Borrowed(_)));
        assert_eq!(clean("a\nb\rc\td"), "a\\nb\\rc\\td");
        assert_eq!(
            clean("\x1b[2J\x1b]0;title\x07"),
            "\\x1b[2J\\x1b]0;title\\x07"
        );
        assert_eq!(clean("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(clean("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(clean("x\u{2028}y\u{7f}"), "x\\u{2028}y\\x7f");
        assert_eq!(clean("emoji 👩‍👩‍👧 stays"), "emoji 👩‍👩‍👧 stays");
    }

    #[test]
    fn workflow_commands_are_defused() {
        assert_eq!(clean("::add-mask::x"), "\\::add-mask::x");
        assert_eq!(clean("  ::stop-commands::y"), "  \\::stop-commands::y");
        assert_eq!(clean("a::b"), "a::b");
        assert_eq!(clean("x ##[add-mask]y"), "x ##\\[add-mask]y");
        assert_eq!(clean("\n::error::z"), "\\n\\::error::z");
    }

    #[test]
    fn quotes_are_cut_at_the_excerpt_length() {
        let long = "é".repeat(500);
        let q = quote(&long);
        assert_eq!(q.chars().count(), MAX_EXCERPT + 1);
        assert!(q.ends_with('…'));
        assert_eq!(quote(&"x".repeat(MAX_EXCERPT)), "x".repeat(MAX_EXCERPT));
        assert_eq!(format!("`{}`", Quoted("a\nb")), "`a\\nb`");
    }

    #[test]
    fn lists_stop_at_the_excerpt_length() {
        assert_eq!(quote_list(["a", "b"]), "a, b");
        let headers: Vec<String> = (0..100).map(|i| format!("Header number {i}")).collect();
        let list = quote_list(headers.iter().map(String::as_str));
        assert!(list.ends_with(" … and 93 more"), "{list}");
        assert!(list.chars().count() <= MAX_EXCERPT + 20, "{list}");
        assert_eq!(
            quote_list([&*"y".repeat(300)]),
            format!("{}…", "y".repeat(120))
        );
    }

    fn guarded(input: &str, colour: bool, commands: bool) -> String {
        let mut guard = Guard::new(Vec::new(), colour, commands);
        guard.write_all(input.as_bytes()).expect("write");
        String::from_utf8(guard.into_inner().expect("flush")).expect("utf-8")
    }

    #[test]
    fn the_guard_passes_safe_lines_unchanged() {
        let text = "a | b\n\tc\n\n";
        assert_eq!(guarded(text, false, false), text);
        let coloured = "\x1b[1;31merror\x1b[0m: x\n";
        assert_eq!(guarded(coloured, true, false), coloured);
        let command = "::error file=a.yaml::x\n";
        assert_eq!(guarded(command, false, true), command);
    }

    #[test]
    fn the_guard_escapes_what_a_renderer_let_through() {
        assert_eq!(
            guarded("::add-mask::s\n", false, false),
            "\\::add-mask::s\n"
        );
        assert_eq!(guarded(" ::x::y", false, false), " \\::x::y");
        assert_eq!(
            guarded("\x1b[1;31m::x::y\x1b[0m\n", true, false),
            "\x1b[1;31m\\::x::y\x1b[0m\n"
        );
        assert_eq!(
            guarded("\x1b]8;;http://e\x07\n", true, false),
            "\\x1b]8;;http://e\\x07\n"
        );
        assert_eq!(guarded("a\x1b[2Jb\n", false, false), "a\\x1b[2Jb\n");
        assert_eq!(
            guarded("x ##[add-mask]y\n", false, true),
            "x ##\\[add-mask]y\n"
        );
        assert_eq!(guarded("a\r\nb\rc\n", false, false), "a\r\nb\\rc\n");
    }

    /// What the guard writes, line by line through [`guard_line`] alone.
    fn guarded_by_line(input: &str, colour: bool, commands: bool) -> String {
        input
            .split_inclusive('\n')
            .map(|line| {
                let (body, end) = match line.strip_suffix("\r\n") {
                    Some(body) => (body, "\r\n"),
                    None => line
                        .strip_suffix('\n')
                        .map_or((line, ""), |body| (body, "\n")),
                };
                format!("{}{end}", guard_line(body, colour, commands))
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn plain_lines_in_any_writes_are_guarded_as_one_by_one(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "1,2", " ", "\t", "\n", "\n", "\r", "::", "#", "##[", "[", "\x1b[1m",
                    "\x1b", "é", "\u{202e}", "\u{85}",
                ]),
                0..60,
            ),
            cuts in proptest::collection::vec(0usize..40, 0..6),
            colour: bool,
            commands: bool,
        ) {
            let input: String = parts.concat();
            let mut guard = Guard::new(Vec::new(), colour, commands);
            let mut rest = input.as_bytes();
            for cut in cuts {
                let (now, later) = rest.split_at(cut.min(rest.len()));
                guard.write_all(now).expect("write");
                rest = later;
            }
            guard.write_all(rest).expect("write");
            let written = String::from_utf8(guard.into_inner().expect("flush")).expect("utf-8");
            proptest::prop_assert_eq!(written, guarded_by_line(&input, colour, commands));
        }
    }

    #[test]
    fn safe_lines_are_recognised() {
        assert!(is_safe_line("plain", false, false));
        assert!(!is_safe_line("::x::y", false, false));
        assert!(is_safe_line("::x::y", false, true));
        assert!(!is_safe_line("\x1b[31mx", false, false));
        assert!(is_safe_line("\x1b[31mx\x1b[0m", true, false));
        assert!(!is_safe_line("\x1b[31m  ::x::", true, false));
        assert!(!is_safe_line("a ##[group]b", false, true));
    }
}
