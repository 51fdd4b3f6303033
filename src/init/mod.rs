//! `kpi init`: a starter campaign file whose comments explain each section, with the
//! built-in KPIs that fit the objective. It loads, scores and lints clean as written.

use chrono::{Days, NaiveDate};

use crate::campaign::Objective;

/// KPI entries (YAML lines) per objective, below the gates and flow KPIs every campaign has.
fn impact_kpis(objective: Objective) -> &'static str {
    match objective {
        Objective::Awareness => {
            "  - id: cpm                       # cost per thousand impressions
    use: cpm
    baseline: 12.00
    bands: { green: baseline, yellow: \"baseline + 20%\" }
  - id: engagement
    use: engagement_rate
    bands: { green: \"3%\", yellow: \"1.5%\" }
  - id: reach
    formula: reach
    tier: impact
    target: 2000000
    by: {end}
"
        }
        Objective::Consideration => {
            "  - id: ctr
    use: ctr
    bands: { green: \"1.2%\", yellow: \"0.8%\" }
  - id: cpc
    use: cpc
    baseline: 1.20
    bands: { green: baseline, yellow: \"baseline + 25%\" }
  - id: landing_page_views
    formula: landing_page_views
    tier: impact
    target: 50000
    by: {end}
"
        }
        Objective::Conversions => {
            "  - id: cpqc                      # cost per qualified click
    use: cpqc
    baseline: 1.80                # last quarter's median; or { from: history.csv, stat: median }
    bands: { green: baseline, yellow: \"baseline + 25%\" }
    actions: { yellow: re-brief, red: pause spend }
  - id: signups
    formula: signups
    tier: impact
    target: 4000
    by: {end}                     # paced: the projection at this date is judged
  - id: roas
    use: roas
    bands: { green: 3, yellow: 2 }
"
        }
        Objective::Retention => {
            "  - id: retained
    use: retained_followers_rate
    bands: { green: \"80%\", yellow: \"65%\" }
  - id: sentiment
    use: negative_comment_rate
  - id: repeat_orders
    formula: conversions
    tier: impact
    target: 1500
    by: {end}
"
        }
    }
}

const TEMPLATE: &str = r##"# {name}: a kpi campaign file.
#
# Next steps:
#   1. Replace the example creator with yours (one entry per creator under `creators:`).
#   2. List your platform exports under `metrics:` (CSV; see the README for columns).
#   3. Check it:   kpi lint {file}
#   4. Score it:   kpi score {file}
#
# Every key is documented in the README ("The campaign file"). Dates are YYYY-MM-DD.

campaign:
  id: {id}                        # also expected as utm_campaign in every link
  name: {name}
  brand: Your Brand
  objective: {objective}          # awareness | consideration | conversions | retention
  okr: "Say in one sentence what the campaign must achieve"
  period: { start: {start}, end: {end} }
  currency: USD
  budget: 50000
  reporting: weekly
  owner: { name: Campaign Owner, email: owner@brand.example }   # red flow KPIs escalate here
  markets: [US]                   # decides which disclosure labels are adequate

audience:                         # the ideal customer profile; brand fit is computed from it
  age: ["25-34"]
  geo: [US]
  interests: [skincare]

metrics: []                       # CSV exports, e.g. - path: exports/instagram.csv

kpis:
  # Gate: judged per creator; every creator must be green before spend is approved.
  - id: brand_fit
    use: brand_fit_score
    bands: { green: 75, yellow: 60 }
  - id: safety
    use: safety_pass_rate
  # Flow: operational health, reviewed weekly.
  - id: contract_sla
    use: contract_sla_days
  - id: utm
    use: utm_rate
  - id: on_time
    use: on_time_rate
  # Impact: the business outcome of a {objective} campaign.
{impact}
creators:
  - handle: "@example.creator"    # as on the platform; matches the CSV `creator` column
    platform: instagram
    followers: 50000
    brand_fit: 80                 # or leave out and give `audience:` shares to compute it
    safety_screen: { result: pass, on: {screened}, incidents: 0, expires_on: {expires} }
    contract:
      offered_on: {offered}
      signed_on: {signed}
      product_shipped_on: {shipped}
      compensation: { flat_fee: 2500, affiliate: { code: EXAMPLE15, commission: "10%" }, payment_terms: net-30 }
      disclosure: "#ad"
      usage_rights: { channels: [organic, paid], days: 90 }
      paid_amplification: { allowed: true, max_spend: 2000 }
      exclusivity: { category: skincare, days: 30 }
      approval: { rounds: 2, sla_hours: 48 }
      renewal: { review_on: {end} }
      escalation: { contact: pr@brand.example, response_hours: 24 }
    deliverables:
      - id: example-reel-1
        format: reel
        supports: [{supports}]    # the KPI ids this asset serves
        due: {due}
        posting_window: { from: {window_from}, to: {window_to} }
        link: "https://brand.example/?utm_source=instagram&utm_medium=influencer&utm_campaign={id}&utm_content=example-reel-1"
        caption: "#ad My first week with Your Product …"
        spoken_disclosure: true
        on_screen_disclosure: true

declined: []                      # e.g. - { handle: "@someone", reason: audience_mismatch }

brief:
  voice: friendly, honest, specific
  key_messages: ["What the audience should remember"]
  must_include: ["Your Product"]
  disclosure: ["#ad"]
  banned_claims: [cure, miracle]
  formats: [reel, story]
  dos: [show the product in use]
  donts: [before/after photos]
"##;

/// The starter campaign for `id`, with a period of 91 days from `start`.
pub fn starter(id: &str, objective: Objective, start: NaiveDate) -> String {
    let day = |n: u64| (start + Days::new(n)).format("%Y-%m-%d").to_string();
    let before = |n: u64| (start - Days::new(n)).format("%Y-%m-%d").to_string();
    let name = id.replace(['-', '_'], " ");
    let objective_name = match objective {
        Objective::Awareness => "awareness",
        Objective::Consideration => "consideration",
        Objective::Conversions => "conversions",
        Objective::Retention => "retention",
    };
    let impact = impact_kpis(objective);
    let first_impact = impact
        .split("id: ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .unwrap_or("brand_fit");
    TEMPLATE
        .replace("{impact}", impact)
        .replace("{supports}", first_impact)
        .replace("{file}", &format!("{id}.yaml"))
        .replace("{id}", id)
        .replace("{name}", &name)
        .replace("{objective}", objective_name)
        .replace("{start}", &day(0))
        .replace("{end}", &day(90))
        .replace("{screened}", &before(10))
        .replace("{expires}", &day(180))
        .replace("{offered}", &before(14))
        .replace("{signed}", &before(9))
        .replace("{shipped}", &before(5))
        .replace("{due}", &day(10))
        .replace("{window_from}", &day(12))
        .replace("{window_to}", &day(16))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    #[test]
    fn every_objective_gives_a_campaign_that_loads_and_lints_clean() {
        let start = NaiveDate::from_ymd_opt(2026, 1, 5).expect("date");
        for objective in [
            Objective::Awareness,
            Objective::Consideration,
            Objective::Conversions,
            Objective::Retention,
        ] {
            let text = starter("demo-1", objective, start);
            let campaign = crate::campaign::parse(SourceFile::new("demo-1.yaml", text.clone()))
                .unwrap_or_else(|e| panic!("{objective:?}: {e}\n{text}"));
            let findings = crate::lint::lint(&campaign, None, &crate::lint::LintOptions::default());
            assert!(findings.is_empty(), "{objective:?}: {findings:#?}");
            assert_eq!(campaign.campaign.period.end.to_string(), "2026-04-05");
        }
    }
}
