//! `kpi lint`: guideline rules for briefs, contracts, KPIs and tracking (DESIGN §9).
//!
//! The catalogue is data: every rule is one [`Rule`] entry in the file of its group
//! (`kpis.rs` K, `contract.rs` C, `brief.rs` B, `tracking.rs` T, `safety.rs` S,
//! `dates.rs` D). Help output, `kpi rules` and SARIF rule metadata are generated from
//! it. A lint run never stops at the first finding: every rule runs on every campaign
//! and the findings are data; only unreadable input is an error.

mod brief;
mod contract;
mod custom;
mod dates;
pub mod disclosure;
mod kpis;
mod safety;
mod tracking;
pub mod workspace;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::campaign::{Campaign, Level, Located};
use crate::metrics::{Fixed, MetricTable};
use crate::source::SourceFile;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Info,
    /// Fails with `--deny warnings`.
    Warning,
    /// Fails the run.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One rule of the catalogue.
pub struct Rule {
    /// Stable id, e.g. `C006`.
    pub id: &'static str,
    /// Kebab-case name, e.g. `shipped-before-signed`.
    pub name: &'static str,
    /// Severity unless configured otherwise.
    pub severity: Severity,
    /// One line on what it finds.
    pub summary: &'static str,
    /// Why it matters and how to fix it.
    pub help: &'static str,
    /// A campaign excerpt that breaks the rule.
    pub bad: &'static str,
    /// The same excerpt fixed.
    pub good: &'static str,
    /// The check: pushes a [`Hit`] per problem.
    pub check: fn(&Context<'_>, &mut Vec<Hit>),
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.id, self.name)
    }
}

/// A problem a check found: where, and what, naming the offending value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// 1-based line.
    pub line: u64,
    /// 1-based column.
    pub column: u64,
    /// One line naming the offending value.
    pub message: String,
}

impl Hit {
    /// A hit at a located value.
    pub fn at<T>(value: &Located<T>, message: impl Into<String>) -> Hit {
        Hit {
            line: value.line,
            column: value.column,
            message: message.into(),
        }
    }
}

/// A finding in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Rule id.
    pub rule: String,
    /// Rule name.
    pub name: String,
    /// Severity in force.
    pub severity: Severity,
    /// What is wrong, naming the value.
    pub message: String,
    /// The file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: u64,
    /// 1-based column.
    pub column: u64,
    /// How to fix it.
    pub help: String,
    /// The source line, for the caret display.
    #[serde(skip)]
    pub snippet: Option<String>,
}

/// What the checks can see.
pub struct Context<'a> {
    /// The campaign.
    pub campaign: &'a Campaign,
    /// Metric names a formula may use.
    pub known_metrics: Vec<String>,
    /// Spend per creator key, when the campaign's exports could be read.
    pub spend_by_creator: Option<HashMap<String, Fixed>>,
    /// The jurisdictions whose disclosure rules apply.
    pub jurisdictions: Vec<disclosure::Jurisdiction>,
    /// Each caption's disclosure analysis, by the caption's place (computed once).
    analyses: HashMap<(u64, u64), disclosure::Analysis>,
    /// Each link's query parameters, by the link's place (parsed once).
    links: HashMap<(u64, u64), Vec<(String, String)>>,
}

impl<'a> Context<'a> {
    /// The context for `campaign`, with its metrics when they could be read.
    pub fn new(campaign: &'a Campaign, metrics: Option<&MetricTable>) -> Context<'a> {
        let mut known_metrics = match metrics {
            Some(table) => crate::kpi::definition::known_names(table),
            None => crate::kpi::definition::known_names(&MetricTable::new()),
        };
        for source in &campaign.metrics {
            known_metrics.extend(source.columns.keys().cloned());
        }
        known_metrics.sort();
        known_metrics.dedup();
        let spend_by_creator = metrics.map(|table| {
            table
                .keys(crate::metrics::Dimension::Creator)
                .into_iter()
                .filter_map(|key| {
                    table
                        .group_value(crate::metrics::Dimension::Creator, key, "spend")
                        .map(|v| (key.to_owned(), v))
                })
                .collect()
        });
        let jurisdictions = disclosure::jurisdictions(campaign);
        let analyses = campaign
            .creators
            .iter()
            .flat_map(|c| c.deliverables.iter())
            .filter_map(|d| d.caption.as_ref())
            .map(|c| ((c.line, c.column), disclosure::analyse(c, &jurisdictions)))
            .collect();
        let links = campaign
            .creators
            .iter()
            .flat_map(|c| c.deliverables.iter())
            .filter_map(|d| d.link.as_ref())
            .map(|l| ((l.line, l.column), crate::campaign::link::query_params(l)))
            .collect();
        Context {
            campaign,
            known_metrics,
            spend_by_creator,
            jurisdictions,
            analyses,
            links,
        }
    }

    /// The disclosure analysis of a caption of this campaign.
    pub fn analysis(
        &self,
        caption: &Located<String>,
    ) -> std::borrow::Cow<'_, disclosure::Analysis> {
        match self.analyses.get(&(caption.line, caption.column)) {
            Some(a) => std::borrow::Cow::Borrowed(a),
            None => std::borrow::Cow::Owned(disclosure::analyse(caption, &self.jurisdictions)),
        }
    }

    /// A link's decoded query parameters.
    pub fn params(&self, link: &Located<String>) -> std::borrow::Cow<'_, [(String, String)]> {
        match self.links.get(&(link.line, link.column)) {
            Some(p) => std::borrow::Cow::Borrowed(p.as_slice()),
            None => std::borrow::Cow::Owned(crate::campaign::link::query_params(link)),
        }
    }

    /// Every deliverable with its creator, in file order.
    pub fn deliverables(
        &self,
    ) -> impl Iterator<
        Item = (
            &'a crate::campaign::Creator,
            &'a Located<crate::campaign::Deliverable>,
        ),
    > {
        self.campaign
            .creators
            .iter()
            .flat_map(|c| c.deliverables.iter().map(move |d| (&c.value, d)))
    }

    /// The ids of the campaign's KPIs.
    pub fn kpi_ids(&self) -> Vec<&str> {
        self.campaign.kpis.iter().map(|k| k.id.as_str()).collect()
    }
}

/// Every rule, in id order.
pub fn catalogue() -> Vec<&'static Rule> {
    let mut rules: Vec<&'static Rule> = kpis::RULES
        .iter()
        .chain(contract::RULES)
        .chain(brief::RULES)
        .chain(tracking::RULES)
        .chain(safety::RULES)
        .chain(dates::RULES)
        .collect();
    rules.sort_by_key(|r| r.id);
    rules
}

/// The rule with id (or name) `key`, case-insensitively.
pub fn find(key: &str) -> Option<&'static Rule> {
    catalogue()
        .into_iter()
        .find(|r| r.id.eq_ignore_ascii_case(key) || r.name.eq_ignore_ascii_case(key))
}

/// Which rules run and at what level.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    /// Only these rule ids (all when empty).
    pub only: Vec<String>,
    /// Never these rule ids.
    pub ignore: Vec<String>,
    /// Levels from a `kpi.yaml` (the campaign's `guidelines.rules` win over these).
    pub levels: BTreeMap<String, Level>,
    /// `--root`: the project root for paths in campaign files (found when `None`).
    pub root: Option<PathBuf>,
}

/// Lints one campaign.
pub fn lint(
    campaign: &Campaign,
    metrics: Option<&MetricTable>,
    options: &LintOptions,
) -> Vec<Finding> {
    let context = Context::new(campaign, metrics);
    let own_levels: BTreeMap<String, Level> = campaign
        .guidelines
        .as_ref()
        .map(|g| {
            g.rules
                .iter()
                .map(|(k, v)| (k.to_ascii_uppercase(), v.value))
                .collect()
        })
        .unwrap_or_default();
    let selected = |id: &str| {
        (options.only.is_empty() || options.only.iter().any(|o| o.eq_ignore_ascii_case(id)))
            && !options.ignore.iter().any(|o| o.eq_ignore_ascii_case(id))
    };
    let level_of = |id: &str, default: Severity| -> Option<Severity> {
        let configured = own_levels
            .get(id)
            .or_else(|| options.levels.get(id))
            .copied();
        match configured {
            None => Some(default),
            Some(Level::Off) => None,
            Some(Level::Info) => Some(Severity::Info),
            Some(Level::Warning) => Some(Severity::Warning),
            Some(Level::Error) => Some(Severity::Error),
        }
    };
    let mut findings = Vec::new();
    let mut hits = Vec::new();
    for rule in catalogue() {
        if !selected(rule.id) {
            continue;
        }
        let Some(severity) = level_of(rule.id, rule.severity) else {
            continue;
        };
        hits.clear();
        (rule.check)(&context, &mut hits);
        for hit in hits.drain(..) {
            findings.push(finding(
                &campaign.source,
                rule.id,
                rule.name,
                severity,
                rule.help,
                hit,
            ));
        }
    }
    for (rule, hit) in custom::check(campaign) {
        if !selected(&rule.id) {
            continue;
        }
        if let Some(severity) = level_of(&rule.id, rule.severity) {
            findings.push(finding(
                &campaign.source,
                &rule.id,
                "custom",
                severity,
                &rule.help,
                hit,
            ));
        }
    }
    findings.sort_by(|a, b| (a.line, a.column, &a.rule).cmp(&(b.line, b.column, &b.rule)));
    findings
}

/// A finding for a file that could not be read as a campaign.
pub fn unreadable(path: &Path, error: &crate::Error) -> Finding {
    let (line, column, snippet, message) = match error {
        crate::Error::Campaign { place, message } | crate::Error::Refused { place, message } => (
            place.line,
            place.column,
            place.snippet.clone(),
            message.clone(),
        ),
        other => (1, 1, None, other.one_line()),
    };
    Finding {
        rule: "E001".into(),
        name: "invalid-campaign".into(),
        severity: Severity::Error,
        message,
        path: path.to_path_buf(),
        line,
        column,
        help: "fix the campaign file so it can be read; the other rules run once it loads".into(),
        snippet,
    }
}

/// An `E003` finding: a path that leads out of the project root, or names something
/// that is not a regular file, was refused and nothing of it was read.
pub fn refused(path: &Path, error: &crate::Error) -> Finding {
    Finding {
        rule: "E003".into(),
        name: "path-outside-project".into(),
        help: "name files inside the project root, relative to the campaign file; a file from elsewhere goes on the command line (`kpi score --metrics PATH`)".into(),
        ..unreadable(path, error)
    }
}

fn finding(
    source: &SourceFile,
    id: &str,
    name: &str,
    severity: Severity,
    help: &str,
    hit: Hit,
) -> Finding {
    let place = source.place(hit.line.max(1), hit.column.max(1));
    Finding {
        rule: id.to_owned(),
        name: name.to_owned(),
        severity,
        message: hit.message,
        path: source.path.clone(),
        line: place.line,
        column: place.column,
        help: help.to_owned(),
        snippet: place.snippet,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_and_names_are_unique_and_well_formed() {
        let rules = catalogue();
        assert!(rules.len() >= 35, "only {} rules", rules.len());
        for (i, r) in rules.iter().enumerate() {
            assert!(
                rules[..i].iter().all(|o| o.id != r.id),
                "duplicate id {}",
                r.id
            );
            assert!(
                rules[..i].iter().all(|o| o.name != r.name),
                "duplicate name {}",
                r.name
            );
            let group = r.id.chars().next().expect("id");
            assert!(
                "KCBTSD".contains(group)
                    && r.id.len() == 4
                    && r.id[1..].chars().all(|c| c.is_ascii_digit()),
                "{}",
                r.id
            );
            assert!(
                r.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                r.name
            );
            assert!(
                !r.summary.is_empty()
                    && !r.help.is_empty()
                    && !r.bad.is_empty()
                    && !r.good.is_empty(),
                "{}",
                r.id
            );
        }
    }
}
