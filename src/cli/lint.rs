//! `kpi lint PATH…`: discover campaigns → lint each → render findings → exit code.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use clap::ValueEnum;
use kpi::lint::workspace::{Configs, discover, lint_files};
use kpi::lint::{Finding, LintOptions, Severity};
use kpi::report::findings::{
    LintReport, RenderFindings, github::Github, human::Human, json::Json, sarif::Sarif,
};

use super::{Output, Terminal};

/// Arguments of `kpi lint`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Campaign files, or folders searched recursively for *.yaml / *.yml campaigns.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Also fail (exit 1) on warnings.
    #[arg(long, value_enum, value_name = "LEVEL")]
    deny: Option<Deny>,
    /// Run only this rule; repeatable.
    #[arg(long = "rule", value_name = "ID")]
    rules: Vec<String>,
    /// Skip this rule; repeatable.
    #[arg(long = "ignore", value_name = "ID")]
    ignore: Vec<String>,
    /// Write the findings to FILE (atomically: the old file stays intact on any error).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Deny {
    Warnings,
}

pub(crate) fn run(args: Args, terminal: &Terminal) -> anyhow::Result<ExitCode> {
    for id in args.rules.iter().chain(&args.ignore) {
        check_rule_id(id)?;
    }
    let found = discover(&args.paths);
    if terminal.verbose {
        for path in &found.skipped {
            eprintln!("skipped {}: no top-level `campaign:` key", path.display());
        }
    }
    if found.campaigns.is_empty() {
        if let Some((path, e)) = found.unreadable.first() {
            bail!(
                "cannot read {}: {}",
                path.display(),
                kpi::error::describe_io(e)
            );
        }
        let shown: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        bail!(
            "no campaign files (*.yaml or *.yml with a `campaign:` key) under {}",
            shown.join(", ")
        );
    }
    let mut configs = Configs::default();
    let mut report = LintReport::default();
    for (path, e) in &found.unreadable {
        report.findings.push(Finding {
            rule: "E001".into(),
            name: "invalid-campaign".into(),
            severity: Severity::Error,
            message: format!(
                "cannot read {}: {}",
                path.display(),
                kpi::error::describe_io(e)
            ),
            path: path.clone(),
            line: 1,
            column: 1,
            help: "check the path".into(),
            snippet: None,
        });
    }
    let mut jobs = Vec::with_capacity(found.campaigns.len());
    for path in &found.campaigns {
        let options = LintOptions {
            only: args.rules.clone(),
            ignore: args.ignore.clone(),
            levels: configs.levels_for(path)?,
        };
        jobs.push((path.clone(), options));
    }
    for findings in lint_files(&jobs) {
        report.findings.extend(findings);
        report.files += 1;
    }

    let output = Output::new(args.output.clone(), terminal);
    let renderer: Box<dyn RenderFindings> = match args.format {
        Format::Human => Box::new(Human {
            color: output.color(),
        }),
        Format::Json => Box::new(Json),
        Format::Sarif => Box::new(Sarif),
        Format::Github => Box::new(Github),
    };
    output.write(|out| renderer.render(&report, out))?;

    let deny = match args.deny {
        Some(Deny::Warnings) => Severity::Warning,
        None => Severity::Error,
    };
    let failing = report.findings.iter().any(|f| f.severity >= deny);
    Ok(if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Refuses ids that look like catalogue ids but are not in it; custom ids pass.
fn check_rule_id(id: &str) -> anyhow::Result<()> {
    let looks_builtin = id.len() == 4
        && id
            .chars()
            .next()
            .is_some_and(|c| "KCBTSDkcbtsd".contains(c))
        && id.chars().skip(1).all(|c| c.is_ascii_digit());
    if looks_builtin && kpi::lint::find(id).is_none() {
        let ids: Vec<String> = kpi::lint::catalogue()
            .iter()
            .map(|r| r.id.to_owned())
            .collect();
        let hint = kpi::campaign::load::suggest(id, &ids)
            .map(|b| format!(" — did you mean {b}?"))
            .unwrap_or_default();
        bail!("there is no rule {id}{hint}; `kpi rules` lists them");
    }
    Ok(())
}
