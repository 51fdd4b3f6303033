//! `kpi settle FILE`: load → ingest (with the orders' codes) → settle → render.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use kpi::metrics::MetricsArg;
use kpi::report::settle::{SettleFormat, render};
use kpi::settle::SettleOptions;

use super::progress::Bar;
use super::{Output, Terminal};

/// Arguments of `kpi settle`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A campaign file (YAML).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// A CSV export (metrics or orders) to add to the campaign's `metrics:`; repeatable; `-` reads stdin.
    #[arg(long, value_name = "PATH")]
    metrics: Vec<String>,
    /// The day the statements describe (YYYY-MM-DD); rows dated later are left out. Default: today.
    #[arg(long, value_name = "DATE", value_parser = super::score::parse_date)]
    as_of: Option<NaiveDate>,
    /// Only this creator's statement (a handle).
    #[arg(long, value_name = "HANDLE")]
    creator: Option<String>,
    #[command(flatten)]
    read: super::reading::ReadArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SettleFormat::Table)]
    format: SettleFormat,
    /// Leave CSV cells as they are (no spreadsheet-formula neutralising).
    #[arg(long)]
    raw: bool,
    /// Fit the tables to this many columns (default: the terminal's).
    #[arg(long, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(20..))]
    width: Option<u16>,
    #[command(flatten)]
    root: super::reading::RootArgs,
    /// Write the output to FILE (atomically: the old file stays intact on any error).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub(crate) fn run(args: Args, terminal: &Terminal) -> anyhow::Result<ExitCode> {
    let options = SettleOptions {
        as_of: args
            .as_of
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        creator: args.creator.clone(),
        metrics: args
            .metrics
            .iter()
            .map(|m| MetricsArg::from(m.as_str()))
            .collect(),
        read: args.read.flags(),
    };
    let bar = Bar::new(terminal.progress);
    let campaign = kpi::campaign::load_in(&args.file, args.root.root.as_deref())?;
    if let Some(path) = &args.output {
        let mut inputs = super::watch::inputs_of(&args.file, &campaign);
        inputs.extend(
            options
                .metrics
                .iter()
                .filter_map(MetricsArg::path)
                .map(PathBuf::from),
        );
        super::watch::refuse_overwriting(path, &inputs)?;
    }
    let settlement = kpi::settle::settle(&campaign, &options, &bar)?;
    if matches!(args.format, SettleFormat::Csv) && !terminal.quiet {
        for note in &settlement.notes {
            super::note(note);
        }
    }
    let output = Output::new(args.output.clone(), terminal);
    let style = output.style(false, args.width, args.raw);
    output.write(|out| render(&settlement, args.format, style, out))?;
    Ok(ExitCode::SUCCESS)
}
