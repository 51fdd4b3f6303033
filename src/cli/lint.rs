//! `kpi lint PATH…`: discover campaigns → lint each → render findings → exit code.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use clap::ValueEnum;
use kpi::lint::workspace::{Configs, discover, lint_files};
use kpi::lint::{Finding, LintOptions, Severity};
use kpi::report::findings::{FindingsFormat, LintReport};

use super::{Output, Terminal};

/// Arguments of `kpi lint`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Campaign files, or folders searched recursively for *.yaml / *.yml campaigns.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FindingsFormat::Human)]
    format: FindingsFormat,
    /// Also fail (exit 1) on warnings.
    #[arg(long, value_enum, value_name = "LEVEL")]
    deny: Option<Deny>,
    /// Run only this rule; repeatable.
    #[arg(long = "rule", value_name = "ID")]
    rules: Vec<String>,
    /// Skip this rule; repeatable.
    #[arg(long = "ignore", value_name = "ID")]
    ignore: Vec<String>,
    #[command(flatten)]
    root: super::reading::RootArgs,
    /// Write the findings to FILE (atomically: the old file stays intact on any error).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Deny {
    Warnings,
}

pub(crate) fn run(args: Args, terminal: &Terminal) -> anyhow::Result<ExitCode> {
    for id in args.rules.iter().chain(&args.ignore) {
        check_rule_id(id)?;
    }
    let root = args.root.root.as_deref();
    let found = discover(&args.paths, root);
    if terminal.verbose {
        for path in &found.skipped {
            super::note(&format!(
                "skipped {}: no top-level `campaign:` key",
                kpi::text::path(path)
            ));
        }
        for (path, why) in &found.passed {
            super::note(&format!("skipped {}: {why}", kpi::text::path(path)));
        }
    }
    if found.campaigns.is_empty() && found.refused.is_empty() {
        if let Some((path, e)) = found.unreadable.first() {
            bail!(
                "cannot read {}: {}",
                kpi::text::path(path),
                kpi::error::describe_io(e)
            );
        }
        let shown: Vec<String> = args.paths.iter().map(|p| kpi::text::path(p)).collect();
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
                kpi::text::path(path),
                kpi::error::describe_io(e)
            ),
            path: path.clone(),
            line: 1,
            column: 1,
            help: "check the path".into(),
            snippet: None,
        });
    }
    for (path, refusal) in &found.refused {
        report.findings.push(Finding {
            rule: "E003".into(),
            name: "path-outside-project".into(),
            severity: Severity::Error,
            message: format!("{} {refusal}; kpi did not follow it", kpi::text::path(path)),
            path: path.clone(),
            line: 1,
            column: 1,
            help: "keep campaign files, and the files they name, inside the project root as regular files".into(),
            snippet: None,
        });
    }
    if let Some(path) = &args.output {
        super::watch::refuse_overwriting(path, &found.campaigns)?;
    }
    let mut jobs = Vec::with_capacity(found.campaigns.len());
    for path in &found.campaigns {
        let options = LintOptions {
            only: args.rules.clone(),
            ignore: args.ignore.clone(),
            levels: configs.levels_for(path, root)?,
            root: args.root.root.clone(),
        };
        jobs.push((path.clone(), options));
    }
    for findings in lint_files(&jobs) {
        report.findings.extend(findings);
        report.files += 1;
    }

    let mut output = Output::new(args.output.clone(), terminal);
    if args.format.writes_commands() {
        output = output.with_commands();
    }
    let renderer = args
        .format
        .renderer(output.color(), output.style(false, None, false).width);
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

/// Refuses ids that look like catalogue ids but are not in it, and anything that is
/// not an id at all (`x.yaml`: a file name read as `--rule=x.yaml`); custom ids pass.
fn check_rule_id(id: &str) -> anyhow::Result<()> {
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        bail!(
            "`{}` is not a rule id (letters, digits, `-` and `_`); `kpi rules` lists them",
            kpi::text::quote(id)
        );
    }
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
