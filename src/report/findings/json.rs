//! Findings as one JSON array of `{rule, name, severity, message, path, line, column, help}`.

use std::io::{self, Write};

use super::{LintReport, RenderFindings};

/// Findings for machines.
pub struct Json;

impl RenderFindings for Json {
    fn render(&self, report: &LintReport, out: &mut dyn Write) -> io::Result<()> {
        // Messages as every format shows them: one line, bounded in length.
        let findings: Vec<crate::lint::Finding> = report
            .findings
            .iter()
            .map(|f| crate::lint::Finding {
                message: crate::text::line(&f.message).into_owned(),
                help: crate::text::line(&f.help).into_owned(),
                ..f.clone()
            })
            .collect();
        crate::report::safe_json::write(out, &findings)
    }
}
