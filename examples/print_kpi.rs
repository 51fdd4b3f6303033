//! Load a campaign, score it, and print one KPI through the library API.
//!
//! ```sh
//! cargo run --example print_kpi -- campaigns/spring-glow.yaml signups 2026-05-15
//! ```

use std::path::PathBuf;

use kpi::kpi::scorecard::ScoreOptions;
use kpi::metrics::ingest::NoProgress;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let file = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "campaigns/spring-glow.yaml".into()),
    );
    let id = args.next().unwrap_or_else(|| "signups".into());
    let as_of = args.next().unwrap_or_else(|| "2026-05-15".into());
    let as_of = kpi::campaign::value::parse_iso_date(&as_of)
        .ok_or_else(|| anyhow::anyhow!("`{as_of}` is not a YYYY-MM-DD date"))?;

    let campaign = kpi::campaign::load(&file)?;
    let options = ScoreOptions {
        as_of,
        by: None,
        metrics: Vec::new(),
        trend: true,
        ..ScoreOptions::default()
    };
    let card = kpi::score(&campaign, &options, &NoProgress)?;
    let score = card
        .kpis
        .iter()
        .find(|k| k.id == id)
        .ok_or_else(|| anyhow::anyhow!("no KPI `{id}` in {}", file.display()))?;

    let value = score
        .value
        .map(|v| kpi::report::format::value(v, score.unit, &card.campaign.currency))
        .unwrap_or_else(|| score.band.to_string());
    println!(
        "{} ({}) as of {}: {value} — {}",
        score.name, score.id, card.as_of, score.band
    );
    if let Some(pace) = &score.pace {
        println!(
            "  pace: {} · projected {:?}",
            pace.status.label(),
            pace.projected
        );
    }
    if let Some(action) = &score.action {
        println!("  action: {action}");
    }
    Ok(())
}
