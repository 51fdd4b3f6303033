//! `kpi schema`, `kpi completions SHELL` and `kpi man`: files other tools read.

use std::process::ExitCode;

use std::io::Write;

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

/// One man page for `kpi` and every subcommand: the top level's sections, then a
/// section per command (`KPI SCORE`) with its description, synopsis and options.
pub(crate) fn man() -> anyhow::Result<ExitCode> {
    let mut command = super::Cli::command();
    command.build();
    let top = clap_mangen::Man::new(command.clone());
    let mut page = Vec::new();
    let render = |page: &mut Vec<u8>| -> std::io::Result<()> {
        top.render_title(page)?;
        top.render_name_section(page)?;
        top.render_synopsis_section(page)?;
        top.render_description_section(page)?;
        top.render_options_section(page)?;
        for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
            let name = format!("kpi {}", sub.get_name());
            let man = clap_mangen::Man::new(sub.clone().bin_name(&name));
            let mut section = Vec::new();
            man.render_synopsis_section(&mut section)?;
            man.render_description_section(&mut section)?;
            man.render_options_section(&mut section)?;
            if sub.get_after_help().is_some() {
                man.render_extra_section(&mut section)?;
            }
            let section = String::from_utf8_lossy(&section)
                .replace(".SH SYNOPSIS", ".SS Synopsis")
                .replace(".SH DESCRIPTION", ".SS Description")
                .replace(".SH OPTIONS", ".SS Options")
                .replace(".SH EXTRA", ".SS Examples");
            writeln!(page, ".SH \"{}\"", name.to_uppercase())?;
            page.extend_from_slice(section.as_bytes());
        }
        let mut extra = Vec::new();
        top.render_extra_section(&mut extra)?;
        page.extend_from_slice(
            String::from_utf8_lossy(&extra)
                .replace(".SH EXTRA", ".SH \"EXIT STATUS\"")
                .as_bytes(),
        );
        top.render_version_section(page)
    };
    render(&mut page).context("cannot render the man page")?;
    super::write_generated(&page)?;
    Ok(ExitCode::SUCCESS)
}

/// A value offered to completion (rule ids, preset names) but not checked by clap: the
/// command checks it and says what is wrong in its own words.
#[derive(Clone)]
pub(crate) struct Offered(pub(crate) fn() -> Vec<&'static str>);

impl clap::builder::TypedValueParser for Offered {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            (self.0)()
                .into_iter()
                .map(clap::builder::PossibleValue::new),
        ))
    }
}

/// Every lint rule id, for completion.
pub(crate) fn rule_ids() -> Vec<&'static str> {
    kpi::lint::catalogue().iter().map(|r| r.id).collect()
}

/// Every preset name, for completion.
pub(crate) fn preset_names() -> Vec<&'static str> {
    ["auto", "canonical"]
        .into_iter()
        .chain(kpi::metrics::presets::PRESETS.iter().map(|p| p.id))
        .collect()
}
