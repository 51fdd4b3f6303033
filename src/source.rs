//! Source text and places in it: what every diagnostic points at.
//!
//! Errors and (later) lint findings carry a [`Place`] and render the offending line with
//! a caret under the column, like a compiler does.

use std::fmt;
use std::path::{Path, PathBuf};

/// A file's path and its whole text, kept so diagnostics can quote the offending line.
#[derive(Debug, Clone, Default)]
pub struct SourceFile {
    /// The path as the user gave it (relative paths stay relative in messages).
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
    /// Byte offsets where lines start, built on first use.
    lines: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// A source file with this path and text.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            path: path.into(),
            text: text.into(),
            lines: std::sync::OnceLock::new(),
        }
    }

    /// The 1-based `line` of the text, without its line ending.
    pub fn line(&self, line: u64) -> Option<&str> {
        let index = usize::try_from(line.checked_sub(1)?).ok()?;
        let starts = self.lines.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let start = *starts.get(index)?;
        let end = starts
            .get(index + 1)
            .map_or(self.text.len(), |next| next - 1);
        let l = &self.text[start..end];
        Some(l.strip_suffix('\r').unwrap_or(l))
    }

    /// The place `line:column` in this file, with the quoted source line.
    pub fn place(&self, line: u64, column: u64) -> Place {
        Place {
            path: self.path.clone(),
            line,
            column,
            snippet: self.line(line).map(str::to_owned),
        }
    }
}

/// A 1-based `file:line:column` position, with the source line when it is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: u64,
    /// 1-based column, counted in characters.
    pub column: u64,
    /// The text of the line, for the caret display.
    pub snippet: Option<String>,
}

impl Place {
    /// A place in a file without a quoted line.
    pub fn new(path: &Path, line: u64, column: u64) -> Place {
        Place {
            path: path.to_path_buf(),
            line,
            column,
            snippet: None,
        }
    }

    /// The quoted line with a caret under the column, or nothing when the line is unknown.
    ///
    /// A long line is shown as a window of at most [`MAX_EXCERPT`](crate::text::MAX_EXCERPT)
    /// characters around the column; control characters are shown escaped.
    pub fn render_snippet(&self) -> String {
        let Some(text) = &self.snippet else {
            return String::new();
        };
        let chars: Vec<char> = text.chars().collect();
        let width = crate::text::MAX_EXCERPT;
        let column = usize::try_from(self.column.saturating_sub(1))
            .unwrap_or(usize::MAX)
            .min(chars.len());
        let start = if chars.len() <= width {
            0
        } else {
            column.saturating_sub(width / 2).min(chars.len() - width)
        };
        let end = (start + width).min(chars.len());
        let (mut shown, mut lead) = (String::new(), String::new());
        if start > 0 {
            shown.push('…');
            lead.push(' ');
        }
        for (i, &c) in chars[start..end].iter().enumerate() {
            // Tabs stay tabs so the caret lines up under them in a terminal.
            let piece = if c != '\t' && crate::text::is_unsafe_char(c) {
                crate::text::escaped(c)
            } else {
                c.to_string()
            };
            if start + i < column {
                lead.extend(piece.chars().map(|p| if p == '\t' { '\t' } else { ' ' }));
            }
            shown.push_str(&piece);
        }
        if end < chars.len() {
            shown.push('…');
        }
        let shown = shown.replace("##[", "##\\[");
        let number = self.line.to_string();
        let pad = " ".repeat(number.len());
        format!("{pad} |\n{number} | {shown}\n{pad} | {lead}^")
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = crate::text::path(&self.path);
        write!(f, "{path}:{}:{}", self.line, self.column)
    }
}
