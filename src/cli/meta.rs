//! `kpi schema`, `kpi completions SHELL` and `kpi man`: files other tools read.

use std::process::ExitCode;

use anyhow::Context;
use clap::CommandFactory;

/// Arguments of `kpi completions`.
#[derive(Debug, clap::Args)]
pub(crate) struct CompletionArgs {
    /// The shell.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

pub(crate) fn schema() -> anyhow::Result<ExitCode> {
    let text = serde_json::to_string_pretty(&kpi::campaign::schema())
        .context("cannot render the schema")?;
    super::write_generated(format!("{text}\n").as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn completions(args: CompletionArgs) -> anyhow::Result<ExitCode> {
    let mut command = super::Cli::command();
    // Generate into memory: the generator panics on a write error (a closed pipe).
    let mut buffer = Vec::new();
    clap_complete::generate(args.shell, &mut command, "kpi", &mut buffer);
    super::write_generated(&buffer)?;
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn man() -> anyhow::Result<ExitCode> {
    let command = super::Cli::command();
    let mut buffer = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut buffer)
        .context("cannot render the man page")?;
    super::write_generated(&buffer)?;
    Ok(ExitCode::SUCCESS)
}
