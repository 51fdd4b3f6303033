//! Reading a campaign file: YAML with input budgets, typed into [`Campaign`], then
//! checked for what types alone cannot say (period order, unique ids).
//!
//! Every error names `file:line:col` and quotes the line. Serde's wording is rewritten
//! for people who do not read Rust: "unknown key `budgett` — did you mean `budget`?".

use crate::text::Quoted;
use std::collections::HashMap;
use std::path::Path;

use super::model::{Campaign, MetricSource};
use super::value::Located;
use crate::error::{Error, Result};
use crate::source::SourceFile;
use std::collections::BTreeMap;

/// Campaign files larger than this are refused before parsing.
pub const MAX_CAMPAIGN_BYTES: u64 = 8 * 1024 * 1024;

/// The most KPI × creator pairs a campaign may ask to judge (200 KPIs and 1,250
/// creators, or 50 and 5,000).
pub const MAX_JUDGEMENTS: usize = 250_000;

/// The most KPIs one campaign file may define: each is a section of every report.
pub const MAX_KPIS: usize = 200;

/// The longest campaign period, in days: 10 years.
pub const MAX_PERIOD_DAYS: i64 = 3653;

/// Reads and validates the campaign file at `path`; the paths it names are confined to
/// the project root found above it.
pub fn load(path: &Path) -> Result<Campaign> {
    load_in(path, None)
}

/// [`load`], with the project root given (`--root DIR`) instead of found.
pub fn load_in(path: &Path, root: Option<&Path>) -> Result<Campaign> {
    if let Err((project, refusal)) = crate::project::check_command_line(path, root) {
        return Err(Error::Refused {
            place: crate::source::Place::new(path, 1, 1),
            message: format!(
                "the campaign file {refusal}; kpi reads campaign files only inside the project root ({project}) and did not read it — name the file itself, or widen the root with --root DIR"
            ),
        });
    }
    let root = root.map(crate::project::Root::given).transpose()?;
    let mut campaign = read(path)?;
    campaign.root = root;
    Ok(campaign)
}

fn read(path: &Path) -> Result<Campaign> {
    let io_error = |source| Error::Io {
        path: path.to_path_buf(),
        error: source,
    };
    let metadata = std::fs::metadata(path).map_err(io_error)?;
    if metadata.is_dir() {
        return Err(Error::Usage {
            message: format!(
                "{} is a folder; give a campaign file such as {}/spring-glow.yaml",
                crate::text::path(path),
                crate::text::path(path)
            ),
        });
    }
    if let Some(kind) = crate::project::file_kind(&metadata) {
        // A FIFO or a device would block the read or never end.
        return Err(Error::Usage {
            message: format!("{} is {kind}, not a campaign file", crate::text::path(path)),
        });
    }
    if metadata.len() > MAX_CAMPAIGN_BYTES {
        return Err(Error::campaign(
            SourceFile::new(path.to_path_buf(), String::new()).place(1, 1),
            format!(
                "the file is {} bytes; campaign files are limited to {MAX_CAMPAIGN_BYTES} bytes",
                metadata.len()
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(io_error)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]);
        let line = valid.matches('\n').count() as u64 + 1;
        let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
        Error::campaign(
            SourceFile::new(path.to_path_buf(), valid.into_owned()).place(line, column),
            "the file is not UTF-8 text; save it as UTF-8",
        )
    })?;
    parse(SourceFile::new(path, text))
}

/// Parses campaign YAML already in memory; `source.path` is used in messages and to
/// resolve the relative paths inside the file.
pub fn parse(source: SourceFile) -> Result<Campaign> {
    let text = source.text.strip_prefix('\u{feff}').unwrap_or(&source.text);
    if text.trim().is_empty() {
        return Err(Error::campaign(
            source.place(1, 1),
            "the campaign file is empty; it needs at least a `campaign:` section with `id` and `period`",
        ));
    }
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_documents: 1,
            max_depth: 32,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_nodes: 200_000,
            max_events: 400_000,
            max_total_scalar_bytes: 8 * 1024 * 1024,
            max_recorded_anchor_events: 20_000,
            max_recorded_anchor_bytes: 1024 * 1024,
            max_merge_keys: 1_000,
        },
    };
    let mut campaign: Campaign =
        serde_saphyr::from_str_with_options(text, options).map_err(|e| yaml_error(&source, &e))?;
    campaign.source = source;
    validate(&campaign)?;
    if let Some(result) = campaign.warehouse.as_ref().and_then(|w| w.result.clone()) {
        // The engine's result is an export like any other.
        let (line, column) = (result.line, result.column);
        campaign.metrics.push(Located {
            value: MetricSource {
                path: result,
                preset: None,
                columns: BTreeMap::new(),
                kinds: BTreeMap::new(),
                decimal_comma: false,
                encoding: None,
            },
            line,
            column,
        });
    }
    Ok(campaign)
}

fn yaml_error(source: &SourceFile, error: &serde_saphyr::Error) -> Error {
    let bare = error.without_snippet();
    let (line, column) = bare
        .location()
        .map_or((1, 1), |l| (l.line().max(1), l.column().max(1)));
    let rendered = bare.render_with_formatter(&serde_saphyr::UserMessageFormatter);
    let suffix = format!(" at line {line}, column {column}");
    let message = rendered.strip_suffix(&suffix).unwrap_or(&rendered);
    let message = humanise(message);
    if let Some(key) = message.strip_prefix("missing required key ") {
        // Serde reports a missing key at the end of its mapping; point at the mapping.
        let (line, column, owner) = owner_of(source, line, column);
        return Error::campaign(
            source.place(line, column),
            format!("{owner} is missing the required key {key}"),
        );
    }
    Error::campaign(source.place(line, column), message)
}

/// The block mapping that holds the key at `line:column`: where it starts and how to
/// name it (`` `campaign:` ``, "this entry of `kpis:`", "the file").
fn owner_of(source: &SourceFile, line: u64, column: u64) -> (u64, u64, String) {
    let indent = |text: &str| text.chars().take_while(|c| *c == ' ').count() as u64;
    let meaningful = |n: u64| {
        source
            .line(n)
            .filter(|t| !t.trim().is_empty() && !t.trim_start().starts_with('#'))
    };
    let enclosing = |from: u64, below: u64| {
        (1..from)
            .rev()
            .find(|n| meaningful(*n).is_some_and(|t| indent(t) + 1 < below))
    };
    let key_of = |text: &str| {
        text.trim_start()
            .trim_start_matches("- ")
            .split(':')
            .next()
            .unwrap_or("")
            .trim()
            .to_owned()
    };
    if column <= 1 {
        return (1, 1, "the file".to_owned());
    }
    let Some(parent) = enclosing(line, column) else {
        return (line, column, "this section".to_owned());
    };
    let text = meaningful(parent).unwrap_or_default();
    let dash = indent(text);
    if text.trim_start().starts_with("- ") && dash + 3 == column {
        let list = enclosing(parent, dash + 1).and_then(meaningful).map(key_of);
        let owner = list.map_or("this entry".to_owned(), |k| format!("this entry of `{k}:`"));
        return (parent, column, owner);
    }
    (parent, dash + 1, format!("`{}:`", key_of(text)))
}

/// Parser and serde wording → words for people, by message prefix.
const PLAIN_WORDS: &[(&str, &str)] = &[
    (
        "invalid u64",
        "expected a whole number here, such as 182000",
    ),
    ("invalid u32", "expected a whole number here, such as 90"),
    ("invalid i64", "expected a whole number here"),
    (
        "invalid floating point",
        "expected a number here, such as 1.8",
    ),
    ("invalid boolean", "expected `true` or `false` here"),
    ("expected string scalar", "expected text here"),
    ("expected mapping start", "expected `key: value` pairs here"),
    (
        "expected sequence start",
        "expected a list here, such as `[a, b]`",
    ),
    (
        "tabs disallowed",
        "this line is indented with a tab; indent with spaces instead",
    ),
    (
        "reference to unknown value",
        "this alias (`*name`) refers to an anchor (`&name`) that is not defined before it",
    ),
];

/// The names in serde's ", expected one of `a`, `b`" tail.
fn expected_names(tail: &str) -> Vec<String> {
    tail.trim_start_matches(", expected one of ")
        .trim_start_matches(", expected ")
        .split(", ")
        .map(|k| k.trim_matches('`').to_owned())
        .filter(|k| !k.is_empty() && !k.starts_with("there are no"))
        .collect()
}

/// Rewrites serde's wording into the campaign file's vocabulary.
fn humanise(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((key, expected)) = rest.split_once('`')
    {
        let known = expected_names(expected);
        let shown = Quoted(key);
        return match suggest(key, &known) {
            Some(best) => format!("unknown key `{shown}` — did you mean `{best}`?"),
            None if known.is_empty() => {
                format!("unknown key `{shown}`; this section takes no keys")
            }
            None => format!(
                "unknown key `{shown}`; expected one of: {}",
                known.join(", ")
            ),
        };
    }
    if let Some(rest) = message.strip_prefix("unknown variant `")
        && let Some((value, expected)) = rest.split_once('`')
    {
        let known = expected_names(expected);
        let shown = Quoted(value);
        return match suggest(value, &known) {
            Some(best) => format!("unknown value `{shown}` — did you mean `{best}`?"),
            None => format!(
                "unknown value `{shown}`; expected one of: {}",
                known.join(", ")
            ),
        };
    }
    if let Some(detail) = message.strip_prefix("YAML document too large or too complex") {
        let kind = detail
            .trim_start_matches(": limits breached: ")
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        return match kind {
            "Aliases" => "the file uses more than 1000 aliases (`*name`); write the values out instead".to_owned(),
            "Anchors" => "the file defines more than 1000 anchors (`&name`)".to_owned(),
            "Documents" => "the file holds more than one YAML document; keep one campaign per file and remove the extra `---`".to_owned(),
            "Depth" => "the file nests deeper than 32 levels".to_owned(),
            _ => "the file is too large or too complex for a campaign file (aliases expanding too far, or too many values)".to_owned(),
        };
    }
    for (jargon, plain) in PLAIN_WORDS {
        if message.starts_with(jargon) {
            return (*plain).to_owned();
        }
    }
    if let Some(rest) = message.strip_prefix("missing field `")
        && let Some((key, _)) = rest.split_once('`')
    {
        return format!("missing required key `{}`", Quoted(key));
    }
    // A parser's own wording may quote a value of the file: keep it short.
    crate::text::cut(message, 2 * crate::text::MAX_EXCERPT).into_owned()
}

/// The known name closest to `word`, when it is close enough to be a typo.
pub fn suggest<'a>(word: &str, known: &'a [String]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| {
            (
                strsim::jaro_winkler(&word.to_lowercase(), &k.to_lowercase()),
                k,
            )
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k.as_str())
}

/// Checks what the types cannot: period order, unique ids and handles.
fn validate(campaign: &Campaign) -> Result<()> {
    let source = &campaign.source;
    let mut problems = Vec::new();
    let id = &campaign.campaign.id;
    if id.trim().is_empty() {
        problems.push(Error::campaign(
            source.place(id.line, id.column),
            "the campaign id is empty; give the id used in `utm_campaign`",
        ));
    }
    let period = &campaign.campaign.period;
    let days = (period.end.0 - period.start.0).num_days() + 1;
    if period.end < period.start {
        problems.push(Error::campaign(
            source.place(period.line, period.column),
            format!(
                "the period ends ({}) before it starts ({})",
                period.end, period.start
            ),
        ));
    } else if days > MAX_PERIOD_DAYS {
        // Weekly series, pacing and checkpoints grow with the period: keep them bounded.
        problems.push(Error::campaign(
            source.place(period.line, period.column),
            format!(
                "the period runs {days} days ({} to {}); a campaign lasts at most 10 years — split a longer programme into campaigns",
                period.start, period.end
            ),
        ));
    }
    if let Some(c) = &campaign.campaign.currency
        && !(c.trim().len() == 3 && c.trim().bytes().all(|b| b.is_ascii_alphabetic()))
    {
        problems.push(Error::campaign(
            source.place(c.line, c.column),
            format!(
                "`{}` is not a currency code; write the three-letter ISO 4217 code, such as USD or EUR",
                Quoted(c)
            ),
        ));
    }
    if let Some(kpi) = campaign.kpis.get(MAX_KPIS) {
        problems.push(Error::campaign(
            source.place(kpi.id.line, kpi.id.column),
            format!(
                "the campaign defines {} KPIs; at most {MAX_KPIS} — a scorecard is read by people, so keep the KPIs that decide something, or split the campaign",
                campaign.kpis.len()
            ),
        ));
    }
    let judgements = campaign.kpis.len() * campaign.creators.len().max(1);
    if judgements > MAX_JUDGEMENTS {
        // Every KPI is judged per creator; past this the scorecard is no longer a
        // screen anyone reads, and its cost grows with the product.
        problems.push(Error::campaign(
            source.place(1, 1),
            format!(
                "the campaign has {} KPIs and {} creators, {judgements} KPI × creator judgements; at most {MAX_JUDGEMENTS} — split it into several campaigns",
                campaign.kpis.len(),
                campaign.creators.len()
            ),
        ));
    }
    let mut seen: HashMap<&str, u64> = HashMap::new();
    for kpi in &campaign.kpis {
        if let Some(first) = seen.insert(kpi.id.as_str(), kpi.id.line) {
            problems.push(Error::campaign(
                source.place(kpi.id.line, kpi.id.column),
                format!(
                    "KPI id `{}` is already used on line {first}; ids must be unique",
                    Quoted(&kpi.id)
                ),
            ));
        }
    }
    let mut handles: HashMap<String, u64> = HashMap::new();
    for creator in &campaign.creators {
        let key = crate::metrics::creator_key(&creator.handle);
        if key.is_empty() {
            problems.push(Error::campaign(
                source.place(creator.handle.line, creator.handle.column),
                "the creator handle is empty",
            ));
        } else if let Some(first) = handles.insert(key, creator.handle.line) {
            problems.push(Error::campaign(
                source.place(creator.handle.line, creator.handle.column),
                format!(
                    "creator `{}` is already listed on line {first}",
                    Quoted(&creator.handle)
                ),
            ));
        }
    }
    Error::collect(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_get_a_suggestion() {
        assert_eq!(
            humanise("unknown field `budgett`, expected one of id, name, budget, period"),
            "unknown key `budgett` — did you mean `budget`?"
        );
        assert_eq!(
            humanise("unknown field `zzz`, expected one of id, budget"),
            "unknown key `zzz`; expected one of: id, budget"
        );
        assert_eq!(
            humanise("unknown variant `sideways`, expected one of higher, lower"),
            "unknown value `sideways`; expected one of: higher, lower"
        );
        assert_eq!(
            humanise("unknown variant `hgher`, expected one of higher, lower"),
            "unknown value `hgher` — did you mean `higher`?"
        );
    }
}
