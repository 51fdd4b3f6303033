//! Renderers: one per output format behind [`Render`], all reading the same [`Scorecard`].

pub mod atomic;
pub mod csv;
pub mod findings;
pub mod format;
pub mod json;
pub mod markdown;
pub mod metrics;
pub mod portfolio;
pub mod table;

use std::io::{self, Write};

use crate::Scorecard;

/// Writes a scorecard in one format.
pub trait Render {
    /// Writes `card` to `out`.
    fn render(&self, card: &Scorecard, out: &mut dyn Write) -> io::Result<()>;
}
