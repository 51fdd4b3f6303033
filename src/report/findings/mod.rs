//! Renderers for lint findings: one per format behind [`RenderFindings`].

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use std::io::{self, Write};

use crate::lint::{Finding, Severity};

/// A lint run's findings and how many files were read.
#[derive(Debug, Clone, Default)]
pub struct LintReport {
    /// Every finding, grouped by file in the order linted.
    pub findings: Vec<Finding>,
    /// Files linted.
    pub files: usize,
}

impl LintReport {
    /// How many findings have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Writes lint findings in one format.
pub trait RenderFindings {
    /// Writes `report` to `out`.
    fn render(&self, report: &LintReport, out: &mut dyn Write) -> io::Result<()>;
}
