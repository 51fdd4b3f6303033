//! `kpi rules [ID]`: the rule catalogue, or one rule explained with examples.

use std::io::Write;
use std::process::ExitCode;

use anyhow::bail;

/// Arguments of `kpi rules`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A rule id (C006) or name (shipped-before-signed) to explain.
    #[arg(value_parser = super::meta::Offered(super::meta::rule_ids), hide_possible_values = true)]
    rule: Option<String>,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut out = Vec::new();
    match args.rule {
        None => {
            for r in kpi::lint::catalogue() {
                writeln!(
                    out,
                    "{}  {:<36} {:<8} {}",
                    r.id,
                    r.name,
                    r.severity.to_string(),
                    r.summary
                )?;
            }
        }
        Some(key) => {
            let Some(r) = kpi::lint::find(&key) else {
                let names: Vec<String> = kpi::lint::catalogue()
                    .iter()
                    .flat_map(|r| [r.id.to_owned(), r.name.to_owned()])
                    .collect();
                let hint = kpi::campaign::load::suggest(&key, &names)
                    .map(|b| format!(" — did you mean {b}?"))
                    .unwrap_or_default();
                let key = kpi::text::quote(&key);
                bail!("there is no rule `{key}`{hint}; `kpi rules` lists them");
            };
            writeln!(out, "{} {} ({})", r.id, r.name, r.severity)?;
            writeln!(out, "{}\n", r.summary)?;
            writeln!(out, "{}\n", r.help)?;
            writeln!(out, "Bad:\n{}\n", indent(r.bad))?;
            writeln!(out, "Good:\n{}", indent(r.good))?;
        }
    }
    super::write_generated(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
