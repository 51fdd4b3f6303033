//! GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=C006::message`.

use std::io::{self, Write};

use super::{LintReport, RenderFindings};
use crate::lint::Severity;

/// Findings as inline annotations in a GitHub Actions run.
pub struct Github;

impl RenderFindings for Github {
    fn render(&self, report: &LintReport, out: &mut dyn Write) -> io::Result<()> {
        for f in &report.findings {
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let file = property(&crate::text::path(&f.path));
            let title = property(&crate::text::quote(&format!("{} {}", f.rule, f.name)));
            let message = format!(
                "{} (help: {})",
                crate::text::line(&f.message),
                crate::text::line(&f.help)
            );
            writeln!(
                out,
                "::{command} file={file},line={},col={},title={title}::{}",
                f.line,
                f.column,
                data(&message)
            )?;
        }
        Ok(())
    }
}

/// Escapes a message as the runner expects.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value, which also may not hold `:` or `,`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_the_runner_would_split_on() {
        assert_eq!(data("50% off\nnow"), "50%25 off%0Anow");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
