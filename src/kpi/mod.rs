//! KPIs: formulas, the built-in catalogue, bands, pacing, actions and the scorecard.

pub mod action;
pub mod band;
pub mod builtin;
pub mod definition;
pub mod formula;
pub mod history;
pub mod pacing;
pub mod portfolio;
pub mod scorecard;
pub mod trend;

pub use band::Status;
pub use definition::{Bands, Kpi};
