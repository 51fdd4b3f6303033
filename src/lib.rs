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
//! Formulas are evaluated on sums, and a missing metric is "no data", never 0:
//!
//! ```
//! use kpi::kpi::formula::{Expr, Outcome};
//!
//! let cpqc = Expr::parse("spend / qualified_clicks").expect("valid formula");
//! let sums = |name: &str| match name {
//!     "spend" => Some(1060.0),
//!     "qualified_clicks" => Some(500.0),
//!     _ => None,
//! };
//! assert_eq!(cpqc.eval(&sums), Outcome::Value(2.12));
//! let no_clicks = |name: &str| (name == "spend").then_some(1060.0);
//! assert_eq!(cpqc.eval(&no_clicks), Outcome::NoData(vec!["qualified_clicks".into()]));
//! ```
//!
//! The binary (`src/main.rs`) only parses arguments, calls [`score`], renders and maps
//! errors to exit codes; everything else lives here.

pub mod campaign;
pub mod error;
pub mod init;
pub mod kpi;
pub mod lint;
pub mod metrics;
pub mod project;
pub mod report;
pub mod settle;
pub mod source;
pub mod text;
pub mod warehouse;

pub use error::{Error, Result};
pub use kpi::scorecard::{Scorecard, score};
