//! Findings as one JSON array of `{rule, name, severity, message, path, line, column, help}`.

use std::io::{self, Write};

use super::{LintReport, RenderFindings};

/// Findings for machines.
pub struct Json;

impl RenderFindings for Json {
    fn render(&self, report: &LintReport, out: &mut dyn Write) -> io::Result<()> {
        let text = serde_json::to_string_pretty(&report.findings).map_err(io::Error::other)?;
        writeln!(out, "{text}")
    }
}
