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

/// An output format of `kpi lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FindingsFormat {
    /// Like a compiler: `file:line:col: error[C006] …` with the source line.
    Human,
    /// One JSON array.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

impl FindingsFormat {
    /// The renderer for this format; `color` and `width` (wrapping the help) apply to `human`.
    pub fn renderer(self, color: bool, width: Option<usize>) -> Box<dyn RenderFindings> {
        match self {
            FindingsFormat::Human => Box::new(human::Human { color, width }),
            FindingsFormat::Json => Box::new(json::Json),
            FindingsFormat::Sarif => Box::new(sarif::Sarif),
            FindingsFormat::Github => Box::new(github::Github),
        }
    }

    /// Whether the format's lines are CI workflow commands (`::error …`) by design.
    pub fn writes_commands(self) -> bool {
        self == FindingsFormat::Github
    }
}
