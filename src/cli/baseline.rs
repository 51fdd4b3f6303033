//! `kpi baseline CSV…`: a KPI's weekly history → a baseline and bands to paste.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::ValueEnum;
use kpi::campaign::{Better, Stat};
use kpi::kpi::formula::Expr;
use kpi::kpi::history::{read_history, suggest, weekly_values};

use super::Terminal;
use super::reading::ReadArgs;

/// Arguments of `kpi baseline`.
#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("what").required(true).args(["kpi", "formula"]))]
pub(crate) struct Args {
    /// History exports (CSV, canonical headers or a platform's, recognised); `-` reads stdin.
    #[arg(required = true, value_name = "CSV")]
    files: Vec<PathBuf>,
    /// The KPI whose formula and direction to use (with --campaign).
    #[arg(long, requires = "campaign", value_name = "ID")]
    kpi: Option<String>,
    /// The campaign file that defines --kpi.
    #[arg(long, value_name = "FILE")]
    campaign: Option<PathBuf>,
    /// A formula instead of a KPI, e.g. "spend / qualified_clicks".
    #[arg(long, value_name = "FORMULA")]
    formula: Option<String>,
    /// Which way is better (for --formula; a KPI knows its own).
    #[arg(long, value_enum, default_value_t = BetterArg::Higher)]
    better: BetterArg,
    /// The statistic across weeks.
    #[arg(long, value_enum, default_value_t = StatArg::Median)]
    stat: StatArg,
    /// Use only the latest weeks, e.g. 12w.
    #[arg(long, value_name = "WEEKS")]
    window: Option<String>,
    /// Use the history's first and last weeks even when its rows cover only part of them.
    #[arg(long)]
    partial_weeks: bool,
    #[command(flatten)]
    read: ReadArgs,
    #[command(flatten)]
    root: super::reading::RootArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum BetterArg {
    Higher,
    Lower,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum StatArg {
    Median,
    Mean,
    P25,
    P75,
}

pub(crate) fn run(args: Args, terminal: &Terminal) -> anyhow::Result<ExitCode> {
    let flags = args.read.flags();
    let input = kpi::metrics::sources::command_line_input(&flags)?;
    let options = kpi::metrics::IngestOptions {
        skip_bad_rows: flags.skip_bad_rows,
        ..Default::default()
    };
    let (table, stats) = read_history(&args.files, &input, &options).map_err(anyhow::Error::msg)?;
    if !terminal.quiet {
        for note in stats.notes(None) {
            super::note(&note);
        }
    }
    let (formula_text, better) = match (&args.formula, &args.kpi, &args.campaign) {
        (Some(f), _, _) => (
            f.clone(),
            match args.better {
                BetterArg::Higher => Better::Higher,
                BetterArg::Lower => Better::Lower,
            },
        ),
        (None, Some(id), Some(path)) => {
            let campaign = kpi::campaign::load_in(path, args.root.root.as_deref())?;
            let kpis = kpi::kpi::definition::resolve(&campaign, &table)?;
            let Some(k) = kpis.into_iter().find(|k| k.id == *id) else {
                let ids: Vec<String> = campaign.kpis.iter().map(|k| k.id.value.clone()).collect();
                bail!(
                    "{} has no KPI `{}`; its KPIs are: {}",
                    kpi::text::path(path),
                    kpi::text::quote(id),
                    kpi::text::quote_list(ids.iter().map(String::as_str))
                );
            };
            (k.formula.to_string(), k.better)
        }
        _ => bail!("give --formula, or --kpi with --campaign"),
    };
    let formula = Expr::parse(&formula_text).map_err(|e| {
        anyhow::anyhow!("the formula `{formula_text}` does not parse: {}", e.message)
    })?;
    let known = kpi::kpi::definition::known_names(&table);
    for name in formula.metrics() {
        if !table.has(name) {
            let hint = kpi::campaign::load::suggest(name, &known)
                .map(|b| format!(" — did you mean `{b}`?"))
                .unwrap_or_default();
            bail!("the history exports have no column `{name}`{hint}");
        }
    }
    let stat = match args.stat {
        StatArg::Median => Stat::Median,
        StatArg::Mean => Stat::Mean,
        StatArg::P25 => Stat::P25,
        StatArg::P75 => Stat::P75,
    };
    let weekly = weekly_values(&table, &formula, args.window.as_deref(), args.partial_weeks)
        .map_err(anyhow::Error::msg)?;
    if let Some(note) = weekly.note("--partial-weeks").filter(|_| !terminal.quiet) {
        super::note(&note);
    }
    let Some(suggestion) = suggest(weekly.values, stat, better) else {
        bail!("no dated week of the history gives a value for `{formula_text}`");
    };
    let mut out = super::stdout(false, false)?;
    out.write_all(suggestion.to_yaml(&formula_text, better).as_bytes())
        .and_then(|()| out.flush())
        .context("cannot write the baseline")?;
    Ok(ExitCode::SUCCESS)
}
