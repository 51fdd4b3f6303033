//! `kpi` scores influencer-campaign KPIs.
//!
//! A campaign is one YAML file ([`campaign::Campaign`]); platform exports arrive as
//! CSV ([`metrics::MetricTable`]). Data flows one way:
//!
//! ```text
//! campaign.yaml ──load──▶ Campaign ─┐
//! CSV exports ──ingest──▶ MetricTable ─┴─evaluate──▶ Scorecard ──render──▶ table / json
//! ```
//!
//! The binary (`src/main.rs`) only parses arguments, calls [`score`], renders and maps
//! errors to exit codes; everything else lives here.

pub mod campaign;
pub mod error;
pub mod kpi;
pub mod metrics;
pub mod report;
pub mod source;

pub use error::{Error, Result};
pub use kpi::scorecard::{Scorecard, score};
