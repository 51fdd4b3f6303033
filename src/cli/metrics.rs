//! `kpi metrics FILE…`: what kpi read from exports, normalised and aggregated.

use std::process::ExitCode;

use anyhow::bail;
use clap::ValueEnum;
use kpi::metrics::sources::{Reading, read_exports};
use kpi::metrics::{Dimension, MetricsArg};
use kpi::report::metrics::{MetricsFormat, render};

use super::progress::Bar;
use super::{Output, Terminal};

/// Arguments of `kpi metrics`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// CSV exports; `-` reads stdin.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    /// Group by these dimensions, comma-separated: creator,platform,format,week.
    #[arg(long, value_delimiter = ',', value_enum, value_name = "DIMS")]
    by: Vec<By>,
    #[command(flatten)]
    read: super::reading::ReadArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = MetricsFormat::Table)]
    format: MetricsFormat,
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
    /// List every column of the inputs with its kind (counter, gauge, rate, share, id, label) and why, instead of the sums.
    #[arg(long)]
    kinds: bool,
    /// Write the output to FILE (atomically).
    #[arg(short, long, value_name = "FILE")]
    output: Option<std::path::PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum By {
    Creator,
    Platform,
    Format,
    Week,
}

pub(crate) fn run(args: Args, terminal: &Terminal) -> anyhow::Result<ExitCode> {
    let mut by: Vec<Dimension> = Vec::new();
    for b in &args.by {
        let d = match b {
            By::Creator => Dimension::Creator,
            By::Platform => Dimension::Platform,
            By::Format => Dimension::Format,
            By::Week => Dimension::Week,
        };
        if by.contains(&d) {
            bail!("--by names `{d}` twice");
        }
        by.push(d);
    }
    let inputs: Vec<MetricsArg> = args
        .files
        .iter()
        .map(|f| MetricsArg::from(f.as_str()))
        .collect();
    let reading = Reading {
        flags: args.read.flags(),
        ..Reading::default()
    };
    if let Some(path) = &args.output {
        let files: Vec<std::path::PathBuf> = inputs
            .iter()
            .filter_map(MetricsArg::path)
            .map(std::path::PathBuf::from)
            .collect();
        super::watch::refuse_overwriting(path, &files)?;
    }
    let bar = Bar::new(terminal.progress);
    let (table, stats) = read_exports(&inputs, &by, &reading, &bar)?;
    if !terminal.quiet {
        for note in stats.notes(None) {
            super::note(&note);
        }
        if terminal.verbose {
            super::say(&format!("read {} rows", stats.rows));
        }
    }
    let format = args.format;
    let output = Output::new(args.output.clone(), terminal);
    if args.kinds {
        let style = output.style(args.wide, args.width, args.raw);
        output
            .write(|out| kpi::report::metrics::render_kinds(&stats.columns, format, style, out))?;
        return Ok(ExitCode::SUCCESS);
    }
    let style = output.style(args.wide, args.width, args.raw);
    output.write(|out| render(&table, &by, format, style, out))?;
    // The process ends here: its memory goes back whole, not group by group (freeing
    // millions of groups one at a time takes longer than some whole runs).
    std::mem::forget(table);
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn presets() -> anyhow::Result<ExitCode> {
    use std::io::Write;
    let mut out = super::stdout(false, false)?;
    for p in kpi::metrics::presets::PRESETS {
        writeln!(out, "{:<24} {}", p.id, p.export)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
