//! Custom rules of a brand's own (`guidelines.custom`): forbid or require a pattern in a
//! field (caption, link, brief, handle, format).

use crate::text::Quoted;
use regex::Regex;

use super::{Hit, Severity};
use crate::campaign::{Campaign, Level, Located};

/// The fields a custom rule can check.
pub(super) const FIELDS: [&str; 5] = ["caption", "link", "brief", "handle", "format"];

/// What a custom rule contributes to a finding.
#[derive(Debug, Clone)]
pub(super) struct CustomInfo {
    pub(super) id: String,
    pub(super) severity: Severity,
    pub(super) help: String,
}

/// Custom rules run per campaign, at most: each reads its field's text in full.
pub(super) const MAX_CUSTOM_RULES: usize = 100;

/// The longest custom-rule pattern, in characters.
pub(super) const MAX_PATTERN_CHARS: usize = 1000;

/// Text all custom rules of a campaign may read together, in bytes (aliases can make a
/// small file hold many copies of a long caption).
pub(super) const MAX_SCANNED_BYTES: usize = 64 << 20;

/// Time all custom rules of a campaign may take. A pattern the regex engine cannot run
/// as a DFA (`a[ab]{900}[^ab]`, which thrashes its cache) falls back to an engine that
/// is thousands of times slower per byte; no size limit tells them apart beforehand, so
/// this is the last guard. Real brand rules take microseconds.
pub(super) const MAX_RULES_TIME: std::time::Duration = std::time::Duration::from_secs(5);

/// Runs the custom rules of `campaign`, within the limits above; a rule past a limit
/// is reported, not run.
pub(super) fn check(campaign: &Campaign) -> Vec<(CustomInfo, Hit)> {
    let Some(guidelines) = &campaign.guidelines else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut scanned = 0usize;
    let started = std::time::Instant::now();
    for (index, rule) in guidelines.custom.iter().enumerate() {
        let info = |rule: &crate::campaign::CustomRule| {
            CustomInfo {
            id: rule.id.trim().to_ascii_uppercase(),
            severity: Severity::Error,
            help: "keep `guidelines.custom` within the limits: up to 100 rules, patterns up to 1000 characters".into(),
        }
        };
        if index == MAX_CUSTOM_RULES {
            out.push((
                info(rule),
                Hit::at(
                    &rule.id,
                    format!(
                        "the campaign has {} custom rules; only the first {MAX_CUSTOM_RULES} run",
                        guidelines.custom.len()
                    ),
                ),
            ));
            break;
        }
        let info = CustomInfo {
            id: rule.id.trim().to_ascii_uppercase(),
            severity: match rule.level {
                Some(Level::Info) => Severity::Info,
                Some(Level::Warning) => Severity::Warning,
                _ => Severity::Error,
            },
            help: format!(
                "a rule of this campaign's `guidelines.custom`: {}",
                Quoted(&rule.message)
            ),
        };
        if rule.level == Some(Level::Off) {
            continue;
        }
        let field = rule.field.trim().to_ascii_lowercase();
        if !FIELDS.contains(&field.as_str()) {
            out.push((
                info,
                Hit::at(
                    &rule.id,
                    format!(
                        "custom rule `{}` checks unknown field `{}`; use one of {}",
                        Quoted(&rule.id),
                        Quoted(&rule.field),
                        FIELDS.join(", ")
                    ),
                ),
            ));
            continue;
        }
        let values = values(campaign, &field);
        for (pattern, forbid) in [(&rule.forbid, true), (&rule.require, false)] {
            let Some(pattern) = pattern else { continue };
            if pattern.chars().count() > MAX_PATTERN_CHARS {
                out.push((
                    info.clone(),
                    Hit::at(
                        pattern,
                        format!(
                            "the pattern of custom rule `{}` is longer than {MAX_PATTERN_CHARS} characters; it was not run",
                            Quoted(&rule.id)
                        ),
                    ),
                ));
                continue;
            }
            scanned = scanned.saturating_add(values.iter().map(|(t, _, _)| head(t).len()).sum());
            if scanned > MAX_SCANNED_BYTES {
                out.push((
                    info.clone(),
                    Hit::at(
                        pattern,
                        format!(
                            "custom rule `{}` and those after it were not run: together they would read more than {} MiB of text",
                            Quoted(&rule.id),
                            MAX_SCANNED_BYTES >> 20
                        ),
                    ),
                ));
                return out;
            }
            let regex = match compiled(pattern) {
                Ok(r) => r,
                Err(e) => {
                    let reason = e
                        .to_string()
                        .lines()
                        .last()
                        .unwrap_or("invalid")
                        .trim()
                        .to_owned();
                    out.push((
                        info.clone(),
                        Hit::at(
                            pattern,
                            format!(
                                "custom rule `{}` has an invalid pattern: {reason}",
                                Quoted(&rule.id)
                            ),
                        ),
                    ));
                    continue;
                }
            };
            for (text, line, column) in &values {
                if started.elapsed() > MAX_RULES_TIME {
                    out.push((
                        info.clone(),
                        Hit::at(
                            pattern,
                            format!(
                                "custom rule `{}` and those after it were stopped: the custom rules took more than {} s (a pattern the regex engine runs slowly?)",
                                Quoted(&rule.id),
                                MAX_RULES_TIME.as_secs()
                            ),
                        ),
                    ));
                    return out;
                }
                if regex.is_match(head(text)) == forbid {
                    out.push((
                        info.clone(),
                        Hit {
                            line: *line,
                            column: *column,
                            message: crate::text::quote(&rule.message).into_owned(),
                        },
                    ));
                }
            }
        }
    }
    out
}

/// The most of one field a custom rule reads, in bytes: far beyond any real caption
/// (Instagram allows 2,200 characters, YouTube 5,000), and short enough that even a
/// pattern the regex engine runs slowly finishes one field in well under a second.
pub(super) const MAX_FIELD_BYTES: usize = 64 << 10;

/// The first [`MAX_FIELD_BYTES`] of `text`, cut at a character boundary.
fn head(text: &str) -> &str {
    if text.len() <= MAX_FIELD_BYTES {
        return text;
    }
    let mut end = MAX_FIELD_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// `pattern` compiled once per run: the same brand rules repeat across many files.
fn compiled(pattern: &str) -> Result<Regex, regex::Error> {
    static CACHE: std::sync::OnceLock<
        std::sync::Mutex<std::collections::HashMap<String, Result<Regex, regex::Error>>>,
    > = std::sync::OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(found) = cache.lock().ok().and_then(|c| c.get(pattern).cloned()) {
        return found;
    }
    // A pattern from a campaign file compiles to at most 1 MiB (the regex crate's own
    // nesting limit bounds its depth): a hostile pattern fails here, not the run.
    let result = regex::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .dfa_size_limit(2 << 20)
        .build();
    if let Ok(mut c) = cache.lock() {
        c.insert(pattern.to_owned(), result.clone());
    }
    result
}

/// The located texts of `field`.
fn values(campaign: &Campaign, field: &str) -> Vec<(String, u64, u64)> {
    let located = |l: &Located<String>| (l.value.clone(), l.line, l.column);
    let deliverables = campaign.creators.iter().flat_map(|c| c.deliverables.iter());
    match field {
        "caption" => deliverables
            .filter_map(|d| d.caption.as_ref().map(located))
            .collect(),
        "link" => deliverables
            .filter_map(|d| d.link.as_ref().map(located))
            .collect(),
        "format" => deliverables
            .filter_map(|d| d.format.as_ref().map(located))
            .collect(),
        "handle" => campaign
            .creators
            .iter()
            .map(|c| located(&c.handle))
            .collect(),
        _ => campaign
            .brief
            .as_ref()
            .map(|b| {
                let mut text = vec![b.voice.clone().unwrap_or_default()];
                text.extend(b.key_messages.iter().cloned());
                text.extend(b.dos.iter().cloned());
                text.extend(b.donts.iter().cloned());
                vec![(text.join("\n"), b.line, b.column)]
            })
            .unwrap_or_default(),
    }
}
