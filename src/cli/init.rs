//! `kpi init [NAME]`: write a starter campaign file, never over an existing one
//! without `--force`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use chrono::NaiveDate;
use clap::ValueEnum;
use kpi::campaign::Objective;

/// Arguments of `kpi init`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Campaign id, used for the file name (NAME.yaml) unless NAME ends in .yaml or .yml.
    #[arg(default_value = "campaign")]
    name: String,
    /// The business objective; decides the impact KPIs.
    #[arg(long, value_enum, default_value_t = ObjectiveArg::Conversions)]
    objective: ObjectiveArg,
    /// First day of the campaign (YYYY-MM-DD); it runs 91 days. Default: today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    start: Option<NaiveDate>,
    /// Overwrite the file if it exists.
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ObjectiveArg {
    Awareness,
    Consideration,
    Conversions,
    Retention,
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    kpi::campaign::value::parse_iso_date(text)
        .ok_or_else(|| kpi::campaign::value::date_problem(text))
}

pub(crate) fn run(args: Args, terminal: &super::Terminal) -> anyhow::Result<ExitCode> {
    let (path, stem) = if args.name.ends_with(".yaml") || args.name.ends_with(".yml") {
        let path = PathBuf::from(&args.name);
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        (path, stem)
    } else {
        (
            PathBuf::from(format!("{}.yaml", args.name)),
            args.name.clone(),
        )
    };
    let id: String = stem
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if id.is_empty() {
        bail!(
            "`{}` gives no usable campaign id; use letters and digits, e.g. `kpi init spring-glow`",
            args.name
        );
    }
    if path.exists() && !args.force {
        bail!(
            "{} already exists; use --force to overwrite it",
            path.display()
        );
    }
    let objective = match args.objective {
        ObjectiveArg::Awareness => Objective::Awareness,
        ObjectiveArg::Consideration => Objective::Consideration,
        ObjectiveArg::Conversions => Objective::Conversions,
        ObjectiveArg::Retention => Objective::Retention,
    };
    let start = args
        .start
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let text = kpi::init::starter(&id, objective, start);
    kpi::report::atomic::write(&path, text.as_bytes())?;
    if terminal.quiet {
        return Ok(ExitCode::SUCCESS);
    }
    let shown = kpi::text::path(&path);
    super::say(&format!(
        "wrote {shown}; next: edit the example creator, then `kpi lint {shown}` and `kpi score {shown}`"
    ));
    Ok(ExitCode::SUCCESS)
}
