//! [`RowGuard`]: refuses, while the bytes are read, a line or a quoted cell too long to
//! belong to a row, so memory stays bounded. The CSV parser gathers a row whole before
//! its length can be checked: without the guard, one endless line or one quote that is
//! never closed would be read into memory to the end of the input.
//!
//! Quotes are followed as the CSV parser follows them: a `"` opens a quoted cell only at
//! the start of a cell, `""` inside one is a quote character, and any other `"` is text.
//! Only the bytes around quotes and line breaks are looked at, found with `memchr`, so
//! the guard costs little next to parsing.

use std::io;

/// Rows longer than this are refused: no export has them, and a file that does is not CSV.
pub const MAX_RECORD_BYTES: usize = 1024 * 1024;

/// How far a quoted cell may run on (over line breaks) before it is taken as not closed.
pub const MAX_OPEN_QUOTE_BYTES: u64 = 16 * 1024 * 1024;

/// The guard's state between chunks of one input.
#[derive(Debug)]
pub(super) struct RowGuard {
    /// The delimiter once known; until then `,` `;` tab and `|` all start a cell.
    pub(super) delimiter: Option<u8>,
    /// Bytes checked so far.
    read: u64,
    /// `\n` read so far.
    lines: u64,
    /// Bytes since the last line break.
    line_bytes: u64,
    /// Inside a quoted cell: since which byte, and on which line it opened.
    open: Option<(u64, u64)>,
    /// The last chunk ended on a `"` inside a quoted cell: the next byte says whether it
    /// closed the cell or was the first of `""`.
    quote_pending: bool,
    /// The last byte of the last chunk.
    previous: u8,
}

impl Default for RowGuard {
    fn default() -> RowGuard {
        RowGuard {
            delimiter: None,
            read: 0,
            lines: 0,
            line_bytes: 0,
            open: None,
            quote_pending: false,
            previous: b'\n',
        }
    }
}

/// A row refused by the [`RowGuard`]: the line it was on and why.
#[derive(Debug)]
pub(super) struct RowTooLong {
    /// The 1-based line of the input.
    pub(super) line: u64,
    /// What is wrong, in words.
    pub(super) message: String,
}

impl std::fmt::Display for RowTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RowTooLong {}

fn refuse(line: u64, message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, RowTooLong { line, message })
}

fn line_too_long(line: u64) -> io::Error {
    refuse(
        line,
        format!(
            "this line runs past {MAX_RECORD_BYTES} bytes; rows are limited to {MAX_RECORD_BYTES} bytes (is the file really CSV?)"
        ),
    )
}

impl RowGuard {
    /// Checks the next chunk of the input; returns the `"` characters in it.
    pub(super) fn check(&mut self, chunk: &[u8]) -> io::Result<u64> {
        let mut quotes = 0;
        let mut line_start = 0;
        let mut skip = 0;
        if std::mem::take(&mut self.quote_pending) {
            if chunk.first() == Some(&b'"') {
                quotes += 1;
                skip = 1;
            } else if !chunk.is_empty() {
                self.open = None;
            } else {
                self.quote_pending = true;
            }
        }
        for at in memchr::memchr3_iter(b'"', b'\n', b'\r', chunk) {
            if at < skip {
                continue;
            }
            match chunk[at] {
                b'"' => {
                    quotes += 1;
                    if self.open.is_some() {
                        match chunk.get(at + 1) {
                            Some(b'"') => {
                                quotes += 1;
                                skip = at + 2;
                            }
                            Some(_) => self.open = None,
                            None => self.quote_pending = true,
                        }
                    } else {
                        let before = at.checked_sub(1).map_or(self.previous, |i| chunk[i]);
                        if self.starts_cell(before) {
                            self.open = Some((self.read + at as u64, self.lines + 1));
                        }
                    }
                }
                end => {
                    if self.line_bytes + (at - line_start) as u64 > MAX_RECORD_BYTES as u64 {
                        return Err(line_too_long(self.lines + 1));
                    }
                    self.line_bytes = 0;
                    line_start = at + 1;
                    self.lines += u64::from(end == b'\n');
                }
            }
        }
        self.line_bytes += (chunk.len() - line_start) as u64;
        if self.line_bytes > MAX_RECORD_BYTES as u64 {
            return Err(line_too_long(self.lines + 1));
        }
        self.read += chunk.len() as u64;
        if let Some(&last) = chunk.last() {
            self.previous = last;
        }
        if let Some((since, line)) = self.open
            && self.read - since > MAX_OPEN_QUOTE_BYTES
        {
            return Err(refuse(
                line,
                format!(
                    "a quoted cell opened on this line runs past {MAX_OPEN_QUOTE_BYTES} bytes; a quote is probably not closed"
                ),
            ));
        }
        Ok(quotes)
    }

    /// Checks the end of the input: a quoted cell still open there was never closed.
    pub(super) fn finish(&self) -> io::Result<()> {
        match self.open {
            Some((_, line)) if !self.quote_pending => Err(refuse(
                line,
                "a quoted cell opened on this line is never closed; the file ends inside it"
                    .to_owned(),
            )),
            _ => Ok(()),
        }
    }

    /// Whether a `"` after `byte` is at the start of a cell.
    fn starts_cell(&self, byte: u8) -> bool {
        match self.delimiter {
            _ if byte == b'\n' || byte == b'\r' => true,
            Some(d) => byte == d,
            None => matches!(byte, b',' | b';' | b'\t' | b'|'),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `text` in chunks of `size`: the line refused and why, or the quotes seen.
    fn guard(text: &[u8], size: usize) -> Result<u64, (u64, String)> {
        let mut guard = RowGuard::default();
        let mut quotes = 0;
        for chunk in text.chunks(size) {
            match guard.check(chunk) {
                Ok(n) => quotes += n,
                Err(e) => {
                    let refused = e
                        .get_ref()
                        .and_then(|e| e.downcast_ref::<RowTooLong>())
                        .map(|r| (r.line, r.message.clone()));
                    return Err(refused.unwrap_or((0, e.to_string())));
                }
            }
        }
        Ok(quotes)
    }

    fn line_of(result: Result<u64, (u64, String)>) -> Option<u64> {
        result.err().map(|(line, _)| line)
    }

    #[test]
    fn a_quote_inside_an_unquoted_cell_is_text() {
        // 20 MiB of rows with a stray `"`: the CSV parser reads them as text, so must we.
        let text = b"2026-01-01,Screen 27\" monitor,5\n".repeat(700_000);
        for size in [4096, 256 * 1024] {
            assert!(guard(&text, size).is_ok(), "chunks of {size}");
        }
    }

    #[test]
    fn long_quoted_cells_that_close_pass_in_any_chunking() {
        // Cells of 900 KB over many lines, with escaped quotes: rows, however chunked.
        let cell = format!("\"{}\"", "a \"\"quoted\"\" line\n".repeat(45_000));
        let text = format!("date,notes\n2026-01-01,{cell}\n").repeat(3);
        for size in [1, 7, 4096, 256 * 1024] {
            let text = if size == 1 {
                &text[..50_000]
            } else {
                &text[..]
            };
            assert_eq!(
                guard(text.as_bytes(), size),
                Ok(text.matches('"').count() as u64)
            );
        }
    }

    #[test]
    fn a_quote_never_closed_is_refused_on_the_line_it_opened() {
        let mut text = b"date,creator,clicks\n2026-01-01,a,1\n2026-01-01,\"b,1\n".to_vec();
        text.extend(b"2026-01-01,c,1\n".repeat(1_200_000));
        for size in [4096, 256 * 1024] {
            let refused = guard(&text, size);
            assert_eq!(line_of(refused), Some(3), "chunks of {size}");
        }
    }

    #[test]
    fn a_long_line_is_refused_on_its_line_in_any_chunking() {
        let mut text = b"date,clicks\n2026-01-01,1\n2026-01-01,".to_vec();
        text.extend(std::iter::repeat_n(b'9', MAX_RECORD_BYTES + 10));
        text.extend(b"\n2026-01-01,1\n");
        for size in [4096, 300_000, 2 * MAX_RECORD_BYTES] {
            assert_eq!(line_of(guard(&text, size)), Some(3), "chunks of {size}");
        }
        // Just under the limit, with either line ending, passes.
        let fine = [b"a,".as_slice(), &[b'1'; MAX_RECORD_BYTES - 2], b"\r"].concat();
        assert!(guard(&fine.repeat(3), 256 * 1024).is_ok());
    }

    #[test]
    fn a_file_ending_inside_quotes_is_refused_at_its_end() {
        let mut g = RowGuard::default();
        assert!(
            g.check(b"date,notes\n2026-01-01,\"ok\"\n2026-01-02,\"open\n")
                .is_ok()
        );
        let refused = g.finish().err().and_then(|e| {
            e.get_ref()
                .and_then(|e| e.downcast_ref::<RowTooLong>())
                .map(|r| r.line)
        });
        assert_eq!(refused, Some(3));
        // A closing quote as the very last byte closes the cell.
        let mut g = RowGuard::default();
        assert!(g.check(b"a,\"b\"").is_ok());
        assert!(g.finish().is_ok());
    }

    #[test]
    fn old_mac_line_endings_are_line_breaks() {
        // Bare `\r` ends a line for the CSV parser: 3 MiB of such rows are not one line.
        let text = b"2026-01-01,a,1\r".repeat(200_000);
        assert!(guard(&text, 256 * 1024).is_ok());
    }

    #[test]
    fn the_known_delimiter_decides_where_a_cell_starts() {
        // With `,` known, `;"` is text: the quote does not open a cell.
        let mut g = RowGuard {
            delimiter: Some(b','),
            ..RowGuard::default()
        };
        assert!(g.check(b"a;\"b,1\n").is_ok());
        assert!(g.open.is_none());
        let mut g = RowGuard::default();
        assert!(g.check(b"a;\"b,1\n").is_ok());
        assert!(
            g.open.is_some(),
            "before the delimiter is known, `;` may start a cell"
        );
    }
}
