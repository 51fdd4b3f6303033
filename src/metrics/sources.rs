//! Where a campaign's metrics come from: the `metrics:` files listed in the campaign
//! (relative to it) and the `--metrics` inputs of the command line (`-` = stdin).

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::date::DateOrder;
use super::ingest::PresetChoice;
use super::ingest::{IngestStats, Progress, ingest};
use super::{CsvInput, DecimalMark, IngestOptions, MetricTable, facts};
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
    /// Skip (and count) unreadable rows instead of stopping.
    pub skip_bad_rows: bool,
    /// Preset for `--metrics` inputs: a preset id, `auto` (the default) or `canonical`.
    pub preset: Option<String>,
    /// The year of dates written without one.
    pub year: Option<i32>,
    /// Slashed dates are day first (`26/08/2025`).
    pub day_first: bool,
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
            .ok_or_else(|| format!("unknown encoding `{l}`; use a name such as utf-8, utf-16le, utf-16be, windows-1252 or latin1")),
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
                    "unknown preset `{n}`; presets are: auto, canonical, {}",
                    ids.join(", ")
                )
            }),
    }
}

/// Builds the campaign's metric table as of `as_of`: campaign facts, the files under
/// `metrics:`, then `extra` inputs. Rows of other campaigns and rows after `as_of` are
/// left out and counted in the returned stats.
pub fn read_campaign_metrics(
    campaign: &Campaign,
    extra: &[MetricsArg],
    reading: &Reading,
    progress: &dyn Progress,
) -> Result<(MetricTable, IngestStats)> {
    let (as_of, trend) = (reading.as_of, reading.trend);
    if extra.iter().filter(|a| **a == MetricsArg::Stdin).count() > 1 {
        return Err(Error::Usage {
            message: "`--metrics -` is given twice; standard input can be read once".into(),
        });
    }
    let mut table = MetricTable::new();
    facts::add_campaign_facts(&mut table, campaign, as_of).map_err(|_| Error::Usage {
        message: "the campaign's own facts are too large to add up".into(),
    })?;
    let options = IngestOptions {
        as_of: Some(as_of),
        campaign: [
            Some(campaign.campaign.id.value.clone()),
            campaign.campaign.name.clone(),
        ]
        .into_iter()
        .flatten()
        .collect(),
        skip_bad_rows: reading.skip_bad_rows,
        combo: Vec::new(),
        creator_weeks: if trend {
            campaign
                .creators
                .iter()
                .map(|c| super::creator_key(&c.handle))
                .collect()
        } else {
            Default::default()
        },
    };
    let mut stats = IngestStats::default();
    let base = campaign.source.path.parent().unwrap_or(Path::new(""));
    for source in &campaign.metrics {
        let path = base.join(source.path.as_str());
        let file = File::open(&path).map_err(|e| {
            Error::campaign(
                campaign.source.place(source.path.line, source.path.column),
                format!(
                    "cannot read the export `{}`: {}",
                    *source.path,
                    crate::error::describe_io(&e)
                ),
            )
        })?;
        let preset =
            preset_choice(source.preset.as_deref().map(String::as_str)).map_err(|message| {
                let at = source
                    .preset
                    .as_ref()
                    .map_or((source.path.line, source.path.column), |p| {
                        (p.line, p.column)
                    });
                Error::campaign(campaign.source.place(at.0, at.1), message)
            })?;
        let input = CsvInput {
            label: path.clone(),
            columns: source
                .columns
                .iter()
                .map(|(k, v)| (k.clone(), v.value.clone()))
                .collect(),
            decimal: if source.decimal_comma {
                DecimalMark::Comma
            } else {
                DecimalMark::Point
            },
            date_order: if reading.day_first {
                DateOrder::DayFirst
            } else {
                DateOrder::MonthFirst
            },
            year: reading.year,
            preset,
            encoding: encoding_for(source.encoding.as_deref().map(String::as_str)).map_err(
                |message| {
                    let at = source
                        .encoding
                        .as_ref()
                        .map_or((source.path.line, source.path.column), |e| {
                            (e.line, e.column)
                        });
                    Error::campaign(campaign.source.place(at.0, at.1), message)
                },
            )?,
        };
        let size = file.metadata().ok().map(|m| m.len());
        progress.begin(&path.display().to_string(), size);
        stats.absorb(ingest(&mut table, &input, file, &options, progress)?);
    }
    let mut stdin_used = false;
    for arg in extra {
        let (label, reader, size): (PathBuf, Box<dyn Read>, Option<u64>) = match arg {
            MetricsArg::Stdin => {
                if stdin_used {
                    return Err(Error::Usage {
                        message: "`--metrics -` is given twice; standard input can be read once"
                            .into(),
                    });
                }
                stdin_used = true;
                (
                    PathBuf::from("<stdin>"),
                    Box::new(std::io::stdin().lock()),
                    None,
                )
            }
            MetricsArg::Path(path) => {
                let file = File::open(path).map_err(|source| Error::Io {
                    path: path.clone(),
                    error: source,
                })?;
                let size = file.metadata().ok().map(|m| m.len());
                (path.clone(), Box::new(file), size)
            }
        };
        let input = CsvInput {
            label: label.clone(),
            date_order: if reading.day_first {
                DateOrder::DayFirst
            } else {
                DateOrder::MonthFirst
            },
            year: reading.year,
            preset: preset_choice(reading.preset.as_deref())
                .map_err(|message| Error::Usage { message })?,
            encoding: encoding_for(reading.encoding.as_deref())
                .map_err(|message| Error::Usage { message })?,
            ..CsvInput::default()
        };
        progress.begin(&label.display().to_string(), size);
        stats.absorb(ingest(&mut table, &input, reader, &options, progress)?);
    }
    Ok((table, stats))
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
        skip_bad_rows: reading.skip_bad_rows,
        combo: by.to_vec(),
        ..IngestOptions::default()
    };
    let preset =
        preset_choice(reading.preset.as_deref()).map_err(|message| Error::Usage { message })?;
    let mut table = MetricTable::new();
    let mut stats = IngestStats::default();
    for arg in inputs {
        let (label, reader, size): (PathBuf, Box<dyn Read>, Option<u64>) = match arg {
            MetricsArg::Stdin => (
                PathBuf::from("<stdin>"),
                Box::new(std::io::stdin().lock()),
                None,
            ),
            MetricsArg::Path(path) => {
                let file = File::open(path).map_err(|error| Error::Io {
                    path: path.clone(),
                    error,
                })?;
                let size = file.metadata().ok().map(|m| m.len());
                (path.clone(), Box::new(file), size)
            }
        };
        let input = CsvInput {
            label: label.clone(),
            date_order: if reading.day_first {
                DateOrder::DayFirst
            } else {
                DateOrder::MonthFirst
            },
            year: reading.year,
            preset,
            encoding: encoding_for(reading.encoding.as_deref())
                .map_err(|message| Error::Usage { message })?,
            ..CsvInput::default()
        };
        progress.begin(&label.display().to_string(), size);
        stats.absorb(ingest(&mut table, &input, reader, &options, progress)?);
    }
    Ok((table, stats))
}
