//! SARIF 2.1.0 for code scanning, with `tool.driver.rules` filled from the catalogue.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{LintReport, RenderFindings};
use crate::lint::{Severity, catalogue};

/// Findings as a SARIF 2.1.0 log.
pub struct Sarif;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI reference for `path` (RFC 3986): `/` between segments, every byte
/// outside the unreserved characters percent-encoded, so a file name holding `%`, `#`,
/// `?`, `..` spelled `%2e`, or a line break cannot point the alert at another file.
fn uri(path: &std::path::Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let text = text.trim_start_matches("./");
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl RenderFindings for Sarif {
    fn render(&self, report: &LintReport, out: &mut dyn Write) -> io::Result<()> {
        let rules = catalogue();
        let mut descriptors: Vec<Value> = rules
            .iter()
            .map(|r| {
                json!({
                    "id": r.id,
                    "name": r.name,
                    "shortDescription": { "text": r.summary },
                    "fullDescription": { "text": r.help },
                    "help": { "text": format!("{}\n\nBad:\n{}\n\nGood:\n{}", r.help, r.bad, r.good) },
                    "defaultConfiguration": { "level": level(r.severity) },
                })
            })
            .collect();
        let mut ids: Vec<String> = rules.iter().map(|r| r.id.to_owned()).collect();
        // Findings from rules outside the catalogue (unreadable files, custom rules).
        for f in &report.findings {
            if !ids.contains(&f.rule) {
                ids.push(f.rule.clone());
                descriptors.push(json!({
                    "id": f.rule,
                    "name": f.name,
                    "shortDescription": { "text": crate::text::line(&f.help) },
                    "defaultConfiguration": { "level": level(f.severity) },
                }));
            }
        }
        let results: Vec<Value> = report
            .findings
            .iter()
            .map(|f| {
                let uri = uri(&f.path);
                json!({
                    "ruleId": f.rule,
                    "ruleIndex": ids.iter().position(|id| *id == f.rule).unwrap_or(0),
                    "level": level(f.severity),
                    "message": { "text": crate::text::line(&f.message) },
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": { "uri": uri },
                            "region": { "startLine": f.line.max(1), "startColumn": f.column.max(1) },
                        }
                    }],
                })
            })
            .collect();
        let log = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {
                    "driver": {
                        "name": "kpi",
                        "version": env!("CARGO_PKG_VERSION"),
                        "informationUri": "https://crates.io/crates/kpi",
                        "rules": descriptors,
                    }
                },
                "results": results,
            }],
        });
        crate::report::safe_json::write(out, &log)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            uri(std::path::Path::new("./campaigns/spring glow.yaml")),
            "campaigns/spring%20glow.yaml"
        );
        assert_eq!(
            uri(std::path::Path::new(
                "campaigns/f%0A::error::x,title=y:z#?.yaml"
            )),
            "campaigns/f%250A%3A%3Aerror%3A%3Ax%2Ctitle%3Dy%3Az%23%3F.yaml"
        );
        assert_eq!(uri(std::path::Path::new("c/é.yaml")), "c/%C3%A9.yaml");
    }
}
