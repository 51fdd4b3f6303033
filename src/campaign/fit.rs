//! Brand fit: how well a creator's audience matches the campaign's `audience:`.
//!
//! The score (0–100) is a weighted mean of three matches, each between 0 and 1:
//!
//! | part      | weight | match                                                        |
//! |-----------|--------|--------------------------------------------------------------|
//! | age       | 0.35   | share of the creator's audience in the campaign's age buckets |
//! | geo       | 0.40   | share of the creator's audience in the campaign's countries   |
//! | interests | 0.25   | campaign interests the creator covers ÷ campaign interests    |
//!
//! A part counts only when both the campaign and the creator describe it; the weights
//! of the parts that count are rescaled to sum to 1. With no part at all the score is
//! absent ("no data"), never 0. A `brand_fit:` given on the creator wins.

use super::model::{Audience, Creator};

const AGE_WEIGHT: f64 = 0.35;
const GEO_WEIGHT: f64 = 0.40;
const INTEREST_WEIGHT: f64 = 0.25;

/// The creator's brand-fit score, given or computed; `None` when nothing is known.
pub fn brand_fit(creator: &Creator, target: Option<&Audience>) -> Option<f64> {
    if let Some(given) = &creator.brand_fit {
        return Some(given.value);
    }
    let (target, audience) = (target?, creator.audience.as_ref()?);
    let mut parts: Vec<(f64, f64)> = Vec::new();
    if !target.age.is_empty() && !audience.age.is_empty() {
        parts.push((AGE_WEIGHT, share_in(&audience.age, &target.age)));
    }
    if !target.geo.is_empty() && !audience.geo.is_empty() {
        parts.push((GEO_WEIGHT, share_in(&audience.geo, &target.geo)));
    }
    if !target.interests.is_empty() && !audience.interests.is_empty() {
        let covered = target
            .interests
            .iter()
            .filter(|t| {
                audience
                    .interests
                    .iter()
                    .any(|i| i.trim().eq_ignore_ascii_case(t.trim()))
            })
            .count();
        parts.push((
            INTEREST_WEIGHT,
            covered as f64 / target.interests.len() as f64,
        ));
    }
    let weight: f64 = parts.iter().map(|(w, _)| w).sum();
    (weight > 0.0).then(|| 100.0 * parts.iter().map(|(w, m)| w * m).sum::<f64>() / weight)
}

/// The summed shares of the wanted keys, clamped to 0–1.
fn share_in(shares: &std::collections::BTreeMap<String, f64>, wanted: &[String]) -> f64 {
    shares
        .iter()
        .filter(|(key, _)| {
            wanted
                .iter()
                .any(|w| w.trim().eq_ignore_ascii_case(key.trim()))
        })
        .map(|(_, share)| share.clamp(0.0, 1.0))
        .sum::<f64>()
        .clamp(0.0, 1.0)
}
