//! Where a campaign's metrics come from: the `metrics:` files listed in the campaign
//! (relative to it) and the `--metrics` inputs of the command line (`-` = stdin).

use std::path::PathBuf;

use chrono::NaiveDate;

use super::date::DateOrder;
use super::ingest::PresetChoice;
use super::ingest::{IngestStats, Progress, ingest};
use super::once::{Hashed, Once};
use super::parallel::ingest_file;
use super::{Creators, CsvInput, DecimalMark, IngestOptions, MetricTable, facts};
use crate::campaign::Campaign;
use crate::error::{Error, Result};

/// A `--metrics` argument: a file, or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetricsArg {
    /// A CSV file.
    Path(PathBuf),
    /// Standard input (`-`).
    Stdin,
}

impl MetricsArg {
    /// The file, when the input is one (not standard input).
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            MetricsArg::Path(p) => Some(p),
            MetricsArg::Stdin => None,
        }
    }
}

impl From<&str> for MetricsArg {
    fn from(text: &str) -> MetricsArg {
        if text == "-" {
            MetricsArg::Stdin
        } else {
            MetricsArg::Path(PathBuf::from(text))
        }
    }
}

/// How inputs are read.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    /// Rows dated after this day are left out.
    pub as_of: NaiveDate,
    /// Keep per-creator weekly sums for the campaign's creators.
    pub trend: bool,
    /// Keep sums for every creator the exports name, not only the campaign's
    /// (`--by creator`).
    pub every_creator: bool,
    /// Keep the rows carrying the contracts' affiliate codes by code and day (settlement).
    pub codes: bool,
    /// What the user said about the exports.
    pub flags: ReadFlags,
}

/// What the user says about the exports (`--preset`, `--year`, `--encoding` …).
#[derive(Debug, Clone, Default)]
pub struct ReadFlags {
    /// Skip (and count) unreadable rows instead of stopping.
    pub skip_bad_rows: bool,
    /// Preset for `--metrics` inputs: a preset id, `auto` (the default) or `canonical`.
    pub preset: Option<String>,
    /// The year of dates written without one.
    pub year: Option<i32>,
    /// Slashed dates are day first (`26/08/2025`).
    pub day_first: bool,
    /// Numbers are written with a decimal comma (`1.234,56`).
    pub decimal_comma: bool,
    /// The text encoding of the inputs when not UTF-8 (`windows-1252`, `utf-16le` …).
    pub encoding: Option<String>,
}

/// The encoding named `label` (WHATWG labels: `windows-1252`, `latin1`, `utf-16le` …).
pub fn encoding_for(
    label: Option<&str>,
) -> std::result::Result<Option<&'static encoding_rs::Encoding>, String> {
    match label {
        None => Ok(None),
        Some(l) => encoding_rs::Encoding::for_label(l.trim().as_bytes())
            .map(Some)
            .ok_or_else(|| format!("unknown encoding `{}`; use a name such as utf-8, utf-16le, utf-16be, windows-1252 or latin1", crate::text::quote(l))),
    }
}

/// The preset named `name` (`auto` and `canonical` included), or why there is none.
pub fn preset_choice(name: Option<&str>) -> std::result::Result<PresetChoice, String> {
    match name.map(str::trim) {
        None => Ok(PresetChoice::Auto),
        Some(n) if n.eq_ignore_ascii_case("auto") => Ok(PresetChoice::Auto),
        Some(n) if n.eq_ignore_ascii_case("canonical") => Ok(PresetChoice::Canonical),
        Some(n) => super::presets::find(n)
            .map(PresetChoice::Named)
            .ok_or_else(|| {
                let ids: Vec<&str> = super::presets::PRESETS.iter().map(|p| p.id).collect();
                format!(
                    "unknown preset `{}`; presets are: auto, canonical, {}",
                    crate::text::quote(n),
                    ids.join(", ")
                )
            }),
    }
}

/// The affiliate codes the campaign's contracts hold, as compared ([`super::code_key`]).
pub fn contract_codes(campaign: &Campaign) -> std::collections::HashSet<String> {
    campaign
        .creators
        .iter()
        .filter_map(|c| c.affiliate_code())
        .map(|code| super::code_key(code))
        .filter(|code| !code.is_empty())
        .collect()
}

/// Builds the campaign's metric table as of `reading.as_of`: campaign facts, the files
/// under `metrics:`, then `extra` inputs. Rows of other campaigns and rows after `as_of`
/// are left out and counted in the returned stats.
pub fn read_campaign_metrics(
    campaign: &Campaign,
    extra: &[MetricsArg],
    reading: &Reading,
    progress: &dyn Progress,
) -> Result<(MetricTable, IngestStats)> {
    if extra.iter().filter(|a| **a == MetricsArg::Stdin).count() > 1 {
        return Err(Error::Usage {
            message: "`--metrics -` is given twice; standard input can be read once".into(),
        });
    }
    let mut table = MetricTable::new();
    facts::add_campaign_facts(&mut table, campaign, reading.as_of).map_err(|_| Error::Usage {
        message: "the campaign's own facts are too large to add up".into(),
    })?;
    let listed: std::collections::HashSet<String> = campaign
        .creators
        .iter()
        .map(|c| super::creator_key(&c.handle))
        .collect();
    let options = IngestOptions {
        as_of: Some(reading.as_of),
        from: Some(campaign.campaign.period.start.0),
        campaign: [
            Some(campaign.campaign.id.value.clone()),
            campaign.campaign.name.clone(),
        ]
        .into_iter()
        .flatten()
        .collect(),
        skip_bad_rows: reading.flags.skip_bad_rows,
        combo: Vec::new(),
        only_totals: false,
        creators: if reading.every_creator {
            Creators::EveryCounting(listed.clone())
        } else {
            Creators::Named(listed.clone())
        },
        creator_weeks: if reading.trend {
            listed
        } else {
            Default::default()
        },
        codes: if reading.codes {
            contract_codes(campaign)
        } else {
            Default::default()
        },
        currency: campaign.campaign.currency.as_ref().map(|c| c.value.clone()),
    };
    let mut stats = IngestStats::default();
    let mut once = Once::default();
    let others = campaign.metrics.len() + extra.len() > 1;
    for source in &campaign.metrics {
        let place = |line: u64, column: u64| campaign.source.place(line, column);
        let named = campaign.open_named(
            &source.path,
            source.path.line,
            source.path.column,
            "the export",
        )?;
        let at =
            |value: Option<(u64, u64)>| value.unwrap_or((source.path.line, source.path.column));
        let preset =
            preset_choice(source.preset.as_deref().map(String::as_str)).map_err(|message| {
                let (line, column) = at(source.preset.as_ref().map(|p| (p.line, p.column)));
                Error::campaign(place(line, column), message)
            })?;
        // The entry's own encoding, else `--encoding` (which the refusal of a file that is
        // not UTF-8 suggests).
        let encoding = match &source.encoding {
            Some(e) => encoding_for(Some(e.as_str()))
                .map_err(|message| Error::campaign(place(e.line, e.column), message))?,
            None => encoding_for(reading.flags.encoding.as_deref())
                .map_err(|message| Error::Usage { message })?,
        };
        if let Some(note) = once
            .file(&named.label, &named.file)
            .map_err(|error| io_error(&named.label, error))?
        {
            stats.warnings.push(note);
            continue;
        }
        let input = CsvInput {
            label: named.label.clone(),
            columns: source
                .columns
                .iter()
                .map(|(k, v)| (k.clone(), v.value.clone()))
                .collect(),
            kinds: source.kinds.clone(),
            decimal: if source.decimal_comma {
                DecimalMark::Comma
            } else {
                DecimalMark::Point
            },
            preset,
            encoding,
            ..input_for(&reading.flags)
        };
        stats.absorb(ingest_file(
            &mut table, &input, named.file, &options, progress,
        )?);
    }
    let input = command_line_input(&reading.flags)?;
    for arg in extra {
        let read = read_input(
            &mut table, arg, &input, &options, progress, &mut once, others,
        );
        stats.absorb(read?);
    }
    settle(&mut table)?;
    Ok((table, stats))
}

/// Turns the gauges read into group values, once every input is in.
fn settle(table: &mut MetricTable) -> Result<()> {
    table.settle_gauges().map_err(|_| Error::Usage {
        message: "the latest values of a gauge column are too large to add up".into(),
    })
}

/// The reading settings every input shares.
fn input_for(flags: &ReadFlags) -> CsvInput {
    CsvInput {
        date_order: if flags.day_first {
            DateOrder::DayFirst
        } else {
            DateOrder::MonthFirst
        },
        year: flags.year,
        decimal: if flags.decimal_comma {
            DecimalMark::Comma
        } else {
            DecimalMark::Point
        },
        ..CsvInput::default()
    }
}

/// How an input named on the command line is read: every flag, the preset and encoding
/// included (a campaign's `metrics:` entries carry their own preset, and their own
/// encoding when they name one).
pub fn command_line_input(flags: &ReadFlags) -> Result<CsvInput> {
    let preset =
        preset_choice(flags.preset.as_deref()).map_err(|message| Error::Usage { message })?;
    let encoding =
        encoding_for(flags.encoding.as_deref()).map_err(|message| Error::Usage { message })?;
    Ok(CsvInput {
        preset,
        encoding,
        ..input_for(flags)
    })
}

/// Reads one `--metrics` or `kpi metrics` input: a file (on two cores when large) or
/// stdin — unless it repeats an input read before (`once`), which a note then says.
/// Standard input is hashed only when the run has `others` inputs it could repeat.
fn read_input(
    table: &mut MetricTable,
    arg: &MetricsArg,
    input: &CsvInput,
    options: &IngestOptions,
    progress: &dyn Progress,
    once: &mut Once,
    others: bool,
) -> Result<IngestStats> {
    match arg {
        MetricsArg::Stdin => {
            let label = PathBuf::from("<stdin>");
            let input = CsvInput {
                label: label.clone(),
                // A stream cannot be split like a file: parse on one thread, sum on two.
                pipeline: std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2),
                ..input.clone()
            };
            progress.begin("<stdin>", None);
            if !others {
                return ingest(table, &input, std::io::stdin().lock(), options, progress);
            }
            // Read into a table of its own, kept only when it repeats nothing.
            let mut own = MetricTable::with_metrics(table.names());
            let mut stream = Hashed::new(std::io::stdin().lock());
            let stats = ingest(&mut own, &input, &mut stream, options, progress)?;
            let io = |error| io_error(&label, error);
            stream.drain().map_err(io)?;
            if let Some(note) = once.stream(&label, &stream, stdin_id()).map_err(io)? {
                return Ok(IngestStats {
                    warnings: vec![note],
                    ..IngestStats::default()
                });
            }
            table.absorb(own).map_err(|_| Error::Usage {
                message: "the sums of standard input are too large to add to the others".into(),
            })?;
            Ok(stats)
        }
        MetricsArg::Path(path) => {
            let input = CsvInput {
                label: path.clone(),
                ..input.clone()
            };
            let file = std::fs::File::open(path).map_err(|error| io_error(path, error))?;
            if let Some(note) = once
                .file(path, &file)
                .map_err(|error| io_error(path, error))?
            {
                return Ok(IngestStats {
                    warnings: vec![note],
                    ..IngestStats::default()
                });
            }
            ingest_file(table, &input, file, options, progress)
        }
    }
}

/// Device and inode of standard input when it is a file (`< export.csv`).
fn stdin_id() -> Option<(u64, u64)> {
    use std::os::fd::AsFd;
    use std::os::unix::fs::MetadataExt;
    let fd = std::io::stdin().as_fd().try_clone_to_owned().ok()?;
    let meta = std::fs::File::from(fd).metadata().ok()?;
    meta.is_file().then(|| (meta.dev(), meta.ino()))
}

fn io_error(path: &std::path::Path, error: std::io::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// Reads exports on their own (`kpi metrics`): every row counts, summed overall and per
/// combination of the `by` dimensions.
pub fn read_exports(
    inputs: &[MetricsArg],
    by: &[super::Dimension],
    reading: &Reading,
    progress: &dyn Progress,
) -> Result<(MetricTable, IngestStats)> {
    if inputs.iter().filter(|a| **a == MetricsArg::Stdin).count() > 1 {
        return Err(Error::Usage {
            message: "`-` is given twice; standard input can be read once".into(),
        });
    }
    let options = IngestOptions {
        skip_bad_rows: reading.flags.skip_bad_rows,
        combo: by.to_vec(),
        only_totals: by.is_empty(),
        creators: if by.contains(&super::Dimension::Creator) {
            Creators::Every
        } else {
            Creators::Unkept
        },
        ..IngestOptions::default()
    };
    let input = command_line_input(&reading.flags)?;
    let mut table = MetricTable::new();
    let mut stats = IngestStats::default();
    let mut once = Once::default();
    let others = inputs.len() > 1;
    for arg in inputs {
        let read = read_input(
            &mut table, arg, &input, &options, progress, &mut once, others,
        );
        stats.absorb(read?);
    }
    settle(&mut table)?;
    if table.names().is_empty() {
        stats.warnings.push(
            "no column holds numbers to sum: the columns are dates, labels, ids, rates or averages"
                .into(),
        );
    }
    Ok((table, stats))
}
