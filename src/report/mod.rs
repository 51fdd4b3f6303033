//! Renderers: one per output format behind [`Render`], all reading the same [`Scorecard`].
//!
//! Every format is one entry of [`ScoreFormat`] (and [`findings::FindingsFormat`],
//! [`metrics::MetricsFormat`]); the command line offers exactly those entries, and the
//! trust tests render hostile input in each, so a new renderer cannot skip the escaping
//! of [`crate::text`].

pub mod atomic;
pub mod csv;
pub mod findings;
pub mod format;
pub mod html;
pub mod json;
pub mod layout;
pub mod markdown;
pub mod metrics;
pub mod portfolio;
pub mod safe_json;
pub mod settle;
pub mod table;

use std::io::{self, Write};

use crate::Scorecard;

/// How many blocked creators a scorecard for people lists before `… and N more`.
pub const MAX_LISTED: usize = 20;

/// Whether `error` says the reader went away (`kpi … | head -1`), also when a CSV or
/// JSON writer wrapped it.
pub fn is_broken_pipe(error: &io::Error) -> bool {
    let wrapped = error.get_ref();
    error.kind() == io::ErrorKind::BrokenPipe
        || wrapped
            .and_then(|e| e.downcast_ref::<::csv::Error>())
            .is_some_and(|e| matches!(e.kind(), ::csv::ErrorKind::Io(io) if io.kind() == io::ErrorKind::BrokenPipe))
        || wrapped
            .and_then(|e| e.downcast_ref::<serde_json::Error>())
            .is_some_and(|e| e.io_error_kind() == Some(io::ErrorKind::BrokenPipe))
}

/// How a scorecard or portfolio is shown: what the output can take.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    /// Colour the bands (only on a terminal, never under `NO_COLOR`).
    pub color: bool,
    /// The terminal's width to fit tables and lines to; `None` (a pipe, a file,
    /// `--wide`) shows every column whole.
    pub width: Option<usize>,
    /// CSV cells exactly as written, without neutralising spreadsheet formulas.
    pub raw: bool,
    /// Seconds after which an HTML page reloads itself (while `--watch` rewrites it).
    pub refresh: Option<u32>,
}

/// Writes a scorecard in one format.
pub trait Render {
    /// Writes `card` to `out`.
    fn render(&self, card: &Scorecard, out: &mut dyn Write) -> io::Result<()>;
}

/// An output format of `kpi score`, for one campaign and for a portfolio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScoreFormat {
    /// A text table for the terminal.
    Table,
    /// One JSON object.
    Json,
    /// CSV, spreadsheet-safe.
    Csv,
    /// GitHub-flavoured Markdown.
    Markdown,
    /// One self-contained HTML page with charts.
    Html,
}

impl ScoreFormat {
    /// Whether the output holds the scorecard's notes; when not (CSV is rows of data),
    /// they go to standard error.
    pub fn carries_notes(self) -> bool {
        !matches!(self, ScoreFormat::Csv)
    }

    /// The scorecard renderer for this format, in `style`.
    pub fn renderer(self, style: Style) -> Box<dyn Render> {
        match self {
            ScoreFormat::Table => Box::new(table::Table {
                color: style.color,
                width: style.width,
            }),
            ScoreFormat::Json => Box::new(json::Json),
            ScoreFormat::Csv => Box::new(csv::Csv { raw: style.raw }),
            ScoreFormat::Markdown => Box::new(markdown::Markdown),
            ScoreFormat::Html => Box::new(html::Html {
                refresh: style.refresh,
            }),
        }
    }
}
