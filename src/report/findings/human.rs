//! Compiler-style findings: `path:line:col: error[C006] name: message`, the source line
//! with a caret, the help, and a summary line.

use std::io::{self, Write};

use super::{LintReport, RenderFindings};
use crate::lint::Severity;
use crate::source::Place;

/// Findings for people.
pub struct Human {
    /// Colour the severities.
    pub color: bool,
    /// The terminal's width, to wrap the help at (never inside a word).
    pub width: Option<usize>,
}

impl RenderFindings for Human {
    fn render(&self, report: &LintReport, out: &mut dyn Write) -> io::Result<()> {
        for f in &report.findings {
            let severity = f.severity.to_string();
            let severity = if self.color {
                let code = match f.severity {
                    Severity::Error => 31,
                    Severity::Warning => 33,
                    Severity::Info => 36,
                };
                format!("\x1b[1;{code}m{severity}\x1b[0m")
            } else {
                severity
            };
            writeln!(
                out,
                "{}:{}:{}: {severity}[{}] {}: {}",
                crate::text::path(&f.path),
                f.line,
                f.column,
                crate::text::quote(&f.rule),
                crate::text::quote(&f.name),
                crate::text::line(&f.message)
            )?;
            let place = Place {
                path: f.path.clone(),
                line: f.line,
                column: f.column,
                snippet: f.snippet.clone(),
            };
            let snippet = place.render_snippet();
            if !snippet.is_empty() {
                writeln!(out, "{snippet}")?;
            }
            let pad = " ".repeat(f.line.to_string().len());
            let help = format!("{pad} = help: {}", crate::text::line(&f.help));
            match self.width {
                Some(width) => {
                    let wrapped = crate::report::layout::hanging(&help, width, pad.len() + 9);
                    writeln!(out, "{wrapped}")?;
                }
                None => writeln!(out, "{help}")?,
            }
            writeln!(out)?;
        }
        let (e, w, i) = (
            report.count(Severity::Error),
            report.count(Severity::Warning),
            report.count(Severity::Info),
        );
        let files = plural(report.files, "file");
        if e + w + i == 0 {
            writeln!(out, "no findings in {files}")
        } else {
            writeln!(
                out,
                "{}, {}, {} in {files}",
                plural(e, "error"),
                plural(w, "warning"),
                plural(i, "info")
            )
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
