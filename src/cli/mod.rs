//! Command-line arguments (clap) and one module per subcommand. No business logic here.

mod baseline;
mod init;
mod lint;
mod meta;
mod metrics;
mod progress;
mod reading;
mod rules;
mod score;
mod settle;
mod sql;
mod watch;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Score influencer-campaign KPIs from a campaign file and platform CSV exports.
#[derive(Debug, Parser)]
#[command(
    name = "kpi",
    version,
    about,
    propagate_version = true,
    max_term_width = 100
)]
#[command(
    after_help = "Exit codes: 0 success; 1 bands at --fail-on, or lint findings at the deny level; 2 the input could not be used.\n\
                        Docs: README.md (the campaign file, the KPI catalogue, the lint rules)."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Never colour the output (colour is also off when NO_COLOR is set or stdout is not a terminal).
    #[arg(long, global = true)]
    no_color: bool,
    /// Never show a progress bar.
    #[arg(long, global = true)]
    no_progress: bool,
    /// Print nothing; only the exit code tells the result (errors still go to stderr).
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Say more on stderr: skipped files (lint), rows read and left out (score).
    #[arg(long, short, global = true)]
    verbose: bool,
}

const SCORE_EXAMPLES: &str = "Examples:
  kpi score campaigns/spring-glow.yaml --as-of 2026-05-15
  cat export.csv | kpi score campaign.yaml --metrics -
  kpi score campaign.yaml --by creator --format csv > by-creator.csv
  kpi score campaigns/ --fail-on red          # a portfolio; exit 1 on any red
  kpi score campaign.yaml --format markdown -o scorecard.md";

const LINT_EXAMPLES: &str = "Examples:
  kpi lint campaigns/
  kpi lint campaigns/ --format github         # annotations in a GitHub Actions job
  kpi lint campaigns/ --format sarif -o kpi.sarif
  kpi lint spring.yaml --rule B002 --rule B003
  kpi rules B002                              # what a rule checks, with examples";

const SETTLE_EXAMPLES: &str = "Examples:
  kpi settle campaigns/spring-glow.yaml --as-of 2026-05-15
  kpi settle campaign.yaml --creator @glowwithmaya --format json
  kpi settle campaign.yaml --metrics orders.csv --format csv -o statement.csv";

const SQL_EXAMPLES: &str = "Examples:
  kpi sql campaigns/spring-glow.yaml --dialect duckdb --as-of 2026-05-15 > q.sql
  duckdb warehouse.db -csv < q.sql > result.csv
  kpi score campaigns/spring-glow.yaml --metrics result.csv --as-of 2026-05-15";

const METRICS_EXAMPLES: &str = "Examples:
  kpi metrics export.csv
  kpi metrics exports/*.csv --by creator,week --format csv
  kpi metrics 'Table data.csv' --kinds        # how every column is read, and why
  cat export.csv | kpi metrics - --preset tiktok-studio";

#[derive(Debug, Subcommand)]
enum Command {
    /// Print a campaign's KPI scorecard: bands, spend verdict, pace and actions.
    #[command(after_help = SCORE_EXAMPLES)]
    Score(score::Args),
    /// Check campaign files against guideline rules (disclosure, UTM, contracts …) for CI.
    #[command(after_help = LINT_EXAMPLES)]
    Lint(lint::Args),
    /// List the lint rules, or explain one with a bad and a good example.
    Rules(rules::Args),
    /// What each creator is owed: fees, bonuses, commission and penalties, to the cent.
    #[command(after_help = SETTLE_EXAMPLES)]
    Settle(settle::Args),
    /// Print the SELECT a warehouse runs to sum the campaign's rows (its result is an export).
    #[command(after_help = SQL_EXAMPLES)]
    Sql(sql::Args),
    /// Write a starter campaign file with comments and KPIs that fit the objective.
    Init(init::Args),
    /// Print the metrics kpi reads from exports, normalised and aggregated (table, CSV, JSON).
    #[command(after_help = METRICS_EXAMPLES)]
    Metrics(metrics::Args),
    /// List the platform export presets.
    Presets,
    /// Compute a KPI's baseline and suggested bands from history exports, as YAML to paste.
    Baseline(baseline::Args),
    /// Print the JSON Schema of the campaign file, for editor completion and validation.
    Schema,
    /// Print shell completions.
    Completions(meta::CompletionArgs),
    /// Print the man page (roff).
    Man,
}

/// Settings shared by every subcommand, resolved once from the environment.
struct Terminal {
    color: bool,
    /// Standard output's width, when it is a terminal.
    width: Option<usize>,
    progress: bool,
    quiet: bool,
    verbose: bool,
}

/// Whether standard output was open when `kpi` started (`kpi score … >&-` closes it).
static STDOUT_OPEN: std::sync::OnceLock<bool> = std::sync::OnceLock::new();

/// The terminal's width: `COLUMNS` when set (as shells and `tmux` set it), else what
/// the terminal reports, else 80.
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|w| *w >= 20)
        .or_else(|| comfy_table::Table::new().width().map(usize::from))
        .unwrap_or(80)
}

/// Notes whether standard output was open when `kpi` started.
///
/// The Rust runtime reopens a closed standard output on `/dev/null` before `main`, so
/// `>&-` would otherwise look like success with the output thrown away. That reopened
/// descriptor is `/dev/null` opened read-write, which `> /dev/null` (write-only) is not.
fn check_stdout() {
    let _ = STDOUT_OPEN.set(!stdout_was_closed());
}

#[cfg(target_os = "linux")]
fn stdout_was_closed() -> bool {
    let null =
        std::fs::read_link("/proc/self/fd/1").is_ok_and(|t| t == std::path::Path::new("/dev/null"));
    null && std::fs::read_to_string("/proc/self/fdinfo/1").is_ok_and(|info| {
        info.lines()
            .find_map(|l| l.strip_prefix("flags:"))
            .and_then(|f| u32::from_str_radix(f.trim(), 8).ok())
            .is_some_and(|flags| flags & 0o3 == 0o2)
    })
}

#[cfg(not(target_os = "linux"))]
fn stdout_was_closed() -> bool {
    false
}

/// Standard output behind the [`Guard`](kpi::text::Guard), or an error when it is closed.
/// `colour` lets colour codes through; `commands` lets lines start with `::` (the
/// `github` lint format only).
pub(crate) fn stdout(
    colour: bool,
    commands: bool,
) -> anyhow::Result<kpi::text::Guard<std::io::BufWriter<std::io::StdoutLock<'static>>>> {
    if !STDOUT_OPEN.get().copied().unwrap_or(true) {
        anyhow::bail!(
            "standard output is closed, so there is nowhere to write the result; run without `>&-`, or write a file with -o FILE"
        );
    }
    let out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    Ok(kpi::text::Guard::new(out, colour, commands))
}

/// Writes text that `kpi` itself generated (schema, completions, man page, rule
/// catalogue) to standard output, or an error when it is closed.
pub(crate) fn write_generated(bytes: &[u8]) -> anyhow::Result<()> {
    use anyhow::Context;
    use std::io::Write;
    if !STDOUT_OPEN.get().copied().unwrap_or(true) {
        anyhow::bail!(
            "standard output is closed, so there is nowhere to write the result; run without `>&-`"
        );
    }
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .context("cannot write the output")
}

/// Writes one line to standard error, made safe like every output.
pub(crate) fn say(line: &str) {
    use std::io::Write;
    let mut err = kpi::text::Guard::new(std::io::stderr().lock(), false, false);
    let _ = writeln!(err, "{line}").and_then(|()| err.flush());
}

/// Writes `note: …` to standard error.
pub(crate) fn note(message: &str) {
    say(&format!("note: {message}"));
}

/// Prints an error as `error: …` on standard error (each line made safe).
pub(crate) fn print_error(error: &anyhow::Error) {
    say(&format!("error: {error:#}"));
}

/// Prints what clap has to say (help, version, or a usage error) through the same
/// guard as every output: file names from a repository can reach the command line.
fn print_usage_error(error: &clap::Error) -> ExitCode {
    use std::io::Write;
    let text = error.render().to_string();
    if error.use_stderr() {
        let mut err = kpi::text::Guard::new(std::io::stderr().lock(), false, false);
        let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
    } else if let Ok(mut out) = stdout(false, false) {
        let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    }
    ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2))
}

/// Where a command's output goes: stdout, or a file written atomically.
pub(crate) struct Output {
    file: Option<std::path::PathBuf>,
    color: bool,
    width: Option<usize>,
    quiet: bool,
    commands: bool,
}

impl Output {
    fn new(file: Option<std::path::PathBuf>, terminal: &Terminal) -> Output {
        // A file gets neither colour nor terminal wrapping.
        let to_terminal = file.is_none();
        Output {
            color: terminal.color && to_terminal,
            width: terminal.width.filter(|_| to_terminal),
            quiet: terminal.quiet,
            commands: false,
            file,
        }
    }

    /// The same output, for the renderer that writes CI workflow commands itself.
    fn with_commands(self) -> Output {
        Output {
            commands: true,
            ..self
        }
    }

    fn color(&self) -> bool {
        self.color
    }

    /// How renderers may lay out this output: `wide` shows every column whatever the
    /// terminal's width, `width` fits a given one, `raw` leaves CSV formulas as written.
    fn style(&self, wide: bool, width: Option<u16>, raw: bool) -> kpi::report::Style {
        let width = match width {
            Some(w) => Some(usize::from(w)),
            None => self.width,
        };
        kpi::report::Style {
            color: self.color,
            width: width.filter(|_| !wide),
            raw,
            refresh: None,
        }
    }

    /// Renders with `render`, then writes stdout or the file in one go.
    fn write(
        &self,
        render: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> anyhow::Result<()> {
        use anyhow::Context;
        use std::io::Write;
        match &self.file {
            Some(path) => {
                kpi::report::atomic::write_with(path, |file| {
                    let mut guard = kpi::text::Guard::new(file, false, self.commands);
                    render(&mut guard)?;
                    guard.into_inner().map(drop)
                })?;
            }
            None if self.quiet => {}
            None => {
                // A reader that went away (`| head -1`) has what it wanted: the command
                // goes on to its own exit code (lint's 1 for errors), the same every run.
                let mut out = stdout(self.color, self.commands)?;
                match render(&mut out).and_then(|()| out.flush()) {
                    Err(e) if kpi::report::is_broken_pipe(&e) => {}
                    result => result.context("cannot write the output")?,
                }
            }
        }
        Ok(())
    }
}

/// Parses the command line and runs it.
pub(crate) fn run() -> anyhow::Result<ExitCode> {
    check_stdout();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return Ok(print_usage_error(&e)),
    };
    let stdout_is_terminal = std::io::stdout().is_terminal();
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    // NO_COLOR and --no-color always win; CLICOLOR_FORCE colours a pipe too.
    let terminal = Terminal {
        color: !cli.no_color && !set("NO_COLOR") && (stdout_is_terminal || set("CLICOLOR_FORCE")),
        width: stdout_is_terminal.then(terminal_width),
        progress: !cli.no_progress && !cli.quiet && std::io::stderr().is_terminal(),
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    match cli.command {
        Command::Score(args) => score::run(args, &terminal),
        Command::Lint(args) => lint::run(args, &terminal),
        Command::Rules(args) => rules::run(args),
        Command::Init(args) => init::run(args, &terminal),
        Command::Settle(args) => settle::run(args, &terminal),
        Command::Sql(args) => sql::run(args, &terminal),
        Command::Baseline(args) => baseline::run(args, &terminal),
        Command::Metrics(args) => metrics::run(args, &terminal),
        Command::Presets => metrics::presets(),
        Command::Schema => meta::schema(),
        Command::Completions(args) => meta::completions(args),
        Command::Man => meta::man(),
    }
}
