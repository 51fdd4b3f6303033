//! `kpi score FILE`: load → ingest → evaluate → render.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::ValueEnum;
use kpi::kpi::Status;
use kpi::kpi::scorecard::{ScoreOptions, Spend};
use kpi::metrics::{Dimension, MetricsArg};
use kpi::report::{Render, json::Json, table::Table};

use super::Terminal;
use super::progress::Bar;

/// Arguments of `kpi score`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The campaign file (YAML).
    file: PathBuf,
    /// A CSV export to add to the campaign's `metrics:`; repeatable; `-` reads stdin.
    #[arg(long, value_name = "PATH")]
    metrics: Vec<String>,
    /// The day the scorecard describes (YYYY-MM-DD); rows dated later are left out. Default: today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// Add a row per creator, platform, format or ISO week to every KPI.
    #[arg(long, value_enum)]
    by: Option<By>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Exit with code 1 when any KPI is at this band or worse (no data and n/a count as yellow), or spend is blocked.
    #[arg(long, value_enum, value_name = "BAND")]
    fail_on: Option<FailOn>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum By {
    Creator,
    Platform,
    Format,
    Week,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FailOn {
    Red,
    Yellow,
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    kpi::campaign::value::parse_iso_date(text)
        .ok_or_else(|| kpi::campaign::value::date_problem(text))
}

pub(crate) fn run(args: Args, terminal: &Terminal) -> anyhow::Result<ExitCode> {
    let options = ScoreOptions {
        as_of: args
            .as_of
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        by: args.by.map(|b| match b {
            By::Creator => Dimension::Creator,
            By::Platform => Dimension::Platform,
            By::Format => Dimension::Format,
            By::Week => Dimension::Week,
        }),
        metrics: args
            .metrics
            .iter()
            .map(|m| MetricsArg::from(m.as_str()))
            .collect(),
    };
    let campaign = kpi::campaign::load(&args.file)?;
    let bar = Bar::new(terminal.progress);
    let card = kpi::score(&campaign, &options, &bar)?;

    let renderer: Box<dyn Render> = match args.format {
        Format::Table => Box::new(Table {
            color: terminal.color,
            wrap: terminal.wrap,
        }),
        Format::Json => Box::new(Json),
    };
    let mut out = std::io::stdout().lock();
    renderer
        .render(&card, &mut out)
        .context("cannot write the scorecard")?;
    out.flush().context("cannot write the scorecard")?;

    let threshold = match args.fail_on {
        None => return Ok(ExitCode::SUCCESS),
        Some(FailOn::Red) => Status::Red.severity(),
        Some(FailOn::Yellow) => Status::Yellow.severity(),
    };
    let failing = card.verdict.spend == Spend::Blocked
        || card.kpis.iter().any(|k| k.band.severity() >= threshold);
    Ok(if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
