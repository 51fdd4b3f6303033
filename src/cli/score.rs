//! `kpi score FILE…`: load → ingest → evaluate → render; several files or a folder give
//! a portfolio.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use chrono::NaiveDate;
use clap::ValueEnum;
use kpi::kpi::Status;
use kpi::kpi::portfolio::portfolio;
use kpi::kpi::scorecard::{ScoreOptions, Spend};
use kpi::metrics::{Dimension, MetricsArg};
use kpi::report::ScoreFormat;

use super::progress::Bar;
use super::{Output, Terminal};

/// Arguments of `kpi score`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A campaign file (YAML); several files or a folder give a portfolio, one row per campaign.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// A CSV export to add to the campaign's `metrics:`; repeatable; `-` reads stdin.
    #[arg(long, value_name = "PATH")]
    metrics: Vec<String>,
    /// The day the scorecard describes (YYYY-MM-DD); rows dated later are left out. Default: today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// Add a row per creator, platform, format or ISO week to every KPI.
    #[arg(long, value_enum)]
    by: Option<By>,
    #[command(flatten)]
    read: super::reading::ReadArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ScoreFormat::Table)]
    format: ScoreFormat,
    /// Leave CSV cells as they are (no spreadsheet-formula neutralising).
    #[arg(long)]
    raw: bool,
    /// Show every column of the table, however wide the terminal.
    #[arg(long, conflicts_with = "width")]
    wide: bool,
    /// Fit the table to this many columns (default: the terminal's; a pipe or a file
    /// gets every column).
    #[arg(long, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(20..))]
    width: Option<u16>,
    /// Exit with code 1 when any KPI is at this band or worse (no data and n/a count as yellow), or spend is blocked.
    #[arg(long, value_enum, value_name = "BAND")]
    fail_on: Option<FailOn>,
    /// Skip the weekly series, sparklines and escalation (a little faster on huge exports).
    #[arg(long)]
    no_trend: bool,
    #[command(flatten)]
    root: super::reading::RootArgs,
    /// Write the output to FILE (atomically: the old file stays intact on any error).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Keep running, and write FILE again whenever the campaign file or an export
    /// changes (an HTML page reloads itself); Ctrl-C stops.
    #[arg(long, requires = "output", conflicts_with = "fail_on")]
    watch: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum By {
    Creator,
    Platform,
    Format,
    Week,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FailOn {
    Red,
    Yellow,
}

pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, String> {
    kpi::campaign::value::parse_iso_date(text)
        .ok_or_else(|| kpi::campaign::value::date_problem(text))
}

pub(crate) fn run(args: Args, terminal: &Terminal) -> anyhow::Result<ExitCode> {
    let mut options = ScoreOptions {
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
        trend: !args.no_trend,
        read: args.read.flags(),
        every_kpi_by_creator: args.format == ScoreFormat::Html,
        skip_creator_series: args.format == ScoreFormat::Html,
    };
    let single = args.files.len() == 1 && !args.files[0].is_dir();
    if !single && (!options.metrics.is_empty() || options.by.is_some()) {
        bail!("--metrics and --by apply to one campaign; give a single campaign file");
    }
    let output = Output::new(args.output.clone(), terminal);
    let mut style = output.style(args.wide, args.width, args.raw);
    let root = args.root.root.as_deref();
    let metrics = options.metrics.clone();
    let inputs = || {
        let campaigns = if single {
            args.files.clone()
        } else {
            kpi::campaign::files::discover(&args.files, root).campaigns
        };
        let mut files: Vec<PathBuf> = campaigns
            .iter()
            .flat_map(|c| super::watch::campaign_inputs(c, root))
            .collect();
        files.extend(
            metrics
                .iter()
                .filter_map(MetricsArg::path)
                .map(PathBuf::from),
        );
        files
    };
    if let Some(path) = &args.output {
        super::watch::refuse_overwriting(path, &inputs())?;
    }
    let Some(path) = args.output.as_deref().filter(|_| args.watch) else {
        return once(&args, &options, single, &output, style, terminal);
    };
    if options.metrics.contains(&MetricsArg::Stdin) {
        bail!(
            "--watch reads its inputs again after every change, and standard input (`--metrics -`) can be read once; name the export's file"
        );
    }
    style.refresh = Some(super::watch::RELOAD_SECONDS);
    super::watch::watch(path, inputs, || {
        // Without --as-of, a page left open past midnight describes the new day.
        if args.as_of.is_none() {
            options.as_of = chrono::Local::now().date_naive();
        }
        once(&args, &options, single, &output, style, terminal).map(drop)
    })
}

/// Scores once and writes the output: the exit code says what `--fail-on` asks.
fn once(
    args: &Args,
    options: &ScoreOptions,
    single: bool,
    output: &Output,
    style: kpi::report::Style,
    terminal: &Terminal,
) -> anyhow::Result<ExitCode> {
    let threshold = match args.fail_on {
        None => u8::MAX,
        Some(FailOn::Red) => Status::Red.severity(),
        Some(FailOn::Yellow) => Status::Yellow.severity(),
    };
    let bar = Bar::new(terminal.progress);
    if !single {
        let book = portfolio(&args.files, args.root.root.as_deref(), options, &bar);
        if book.rows.is_empty() {
            let shown: Vec<String> = args.files.iter().map(|p| kpi::text::path(p)).collect();
            bail!(
                "no campaign files (*.yaml or *.yml with a `campaign:` key) under {}",
                shown.join(", ")
            );
        }
        output.write(|out| kpi::report::portfolio::render(&book, args.format, style, out))?;
        if book.rows.iter().any(|r| r.error.is_some()) {
            return Ok(ExitCode::from(2));
        }
        let failing = args.fail_on.is_some()
            && book.rows.iter().any(|r| {
                r.verdict == Some(Spend::Blocked)
                    || r.red > 0
                    || (threshold <= Status::Yellow.severity() && (r.yellow > 0 || r.other > 0))
            });
        return Ok(if failing {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        });
    }

    let campaign = kpi::campaign::load_in(&args.files[0], args.root.root.as_deref())?;
    let card = kpi::score(&campaign, options, &bar)?;
    if terminal.verbose {
        let r = &card.rows;
        super::say(&format!(
            "read {} rows; left out {} dated after {} and {} of other campaigns",
            r.read, r.after_as_of, card.as_of, r.other_campaigns
        ));
    }
    if !args.format.carries_notes() && !terminal.quiet {
        for note in &card.notes {
            super::note(note);
        }
    }
    let renderer = args.format.renderer(style);
    output.write(|out| renderer.render(&card, out))?;
    let failing = card.verdict.spend == Spend::Blocked && args.fail_on.is_some()
        || card.kpis.iter().any(|k| k.band.severity() >= threshold);
    Ok(if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
