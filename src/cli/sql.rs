//! `kpi sql FILE --dialect D`: load → the warehouse query → print it.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use kpi::warehouse::{Dialect, query};

use super::{Output, Terminal};

/// Arguments of `kpi sql`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A campaign file (YAML) with a `warehouse:` section.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The engine that runs the query.
    #[arg(long, value_enum)]
    dialect: Dialect,
    /// The last day of rows the query keeps (YYYY-MM-DD; the period's end at most). Default: today.
    #[arg(long, value_name = "DATE", value_parser = super::score::parse_date)]
    as_of: Option<NaiveDate>,
    /// List which KPI needs which column on stderr too.
    #[arg(long)]
    explain: bool,
    #[command(flatten)]
    root: super::reading::RootArgs,
    /// Write the query to FILE (atomically).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub(crate) fn run(args: Args, terminal: &Terminal) -> anyhow::Result<ExitCode> {
    let as_of = args
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    if let Some(path) = &args.output {
        super::watch::refuse_overwriting(path, std::slice::from_ref(&args.file))?;
    }
    let campaign = kpi::campaign::load_in(&args.file, args.root.root.as_deref())?;
    let q = query(&campaign, args.dialect, as_of)?;
    if args.explain && !terminal.quiet {
        for need in &q.counters {
            super::say(&format!(
                "{} ← column `{}`: {}",
                need.name,
                kpi::text::quote(&need.column),
                kpi::text::quote(&need.by.join(", "))
            ));
        }
    }
    let output = Output::new(args.output.clone(), terminal);
    output.write(|out| out.write_all(q.sql.as_bytes()))?;
    Ok(ExitCode::SUCCESS)
}
