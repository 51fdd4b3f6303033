//! Where a campaign's metrics come from: the `metrics:` files listed in the campaign
//! (relative to it) and the `--metrics` inputs of the command line (`-` = stdin).

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

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

/// Builds the campaign's metric table as of `as_of`: campaign facts, the files under
/// `metrics:`, then `extra` inputs. Rows of other campaigns and rows after `as_of` are
/// left out and counted in the returned stats.
pub fn read_campaign_metrics(
    campaign: &Campaign,
    extra: &[MetricsArg],
    as_of: NaiveDate,
    trend: bool,
    progress: &dyn Progress,
) -> Result<(MetricTable, IngestStats)> {
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
        if let Some(preset) = &source.preset
            && !preset.eq_ignore_ascii_case("canonical")
        {
            return Err(Error::campaign(
                campaign.source.place(preset.line, preset.column),
                format!(
                    "unknown preset `{}`; this version reads canonical headers — map other headers under `columns:`",
                    preset.value
                ),
            ));
        }
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
            ..CsvInput::default()
        };
        progress.begin(&label.display().to_string(), size);
        stats.absorb(ingest(&mut table, &input, reader, &options, progress)?);
    }
    Ok((table, stats))
}
