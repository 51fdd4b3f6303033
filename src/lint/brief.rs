//! B — briefs and captions: a clear brief, and captions that disclose the partnership
//! the way regulators require.

use super::disclosure::{self, Judgement};
use super::{Context, Hit, Rule, Severity};
use crate::campaign::{Creator, Deliverable, Located};
use crate::text::Quoted;

/// Formats whose disclosure must be in the video itself.
pub(super) const VIDEO_FORMATS: [&str; 7] = [
    "video", "reel", "story", "short", "live", "tiktok", "stream",
];

pub(super) const RULES: &[Rule] = &[
    Rule {
        id: "B001",
        name: "brief-without-voice",
        severity: Severity::Warning,
        summary: "the brief gives no voice or no do's and don'ts",
        help: "Creators need the tone of voice and the do's and don'ts before they write; add `brief: { voice, dos, donts }`.",
        bad: "brief:\n  key_messages: [\"visible glow in 14 days\"]",
        good: "brief:\n  voice: warm, expert, never clinical\n  dos: [show the texture]\n  donts: [before/after photos]",
        check: |cx, hits| match &cx.campaign.brief {
            None => hits.push(Hit::at(
                &cx.campaign.campaign.id,
                "the campaign has no `brief:`",
            )),
            Some(brief) => {
                let mut missing = Vec::new();
                if brief.voice.as_ref().is_none_or(|v| v.trim().is_empty()) {
                    missing.push("`voice`");
                }
                if brief.dos.is_empty() && brief.donts.is_empty() {
                    missing.push("do's and don'ts");
                }
                if !missing.is_empty() {
                    hits.push(Hit::at(
                        brief,
                        format!("the brief has no {}", missing.join(" and no ")),
                    ));
                }
            }
        },
    },
    Rule {
        id: "B002",
        name: "missing-disclosure",
        severity: Severity::Error,
        summary: "a caption has no adequate disclosure of the paid partnership",
        help: "Every creator here has a material connection to the brand (payment, free product, affiliate link or code). Put a clear label such as \"#ad\" at the start of the caption. A brand tag, discount code or affiliate link alone is never a disclosure. For affiliate links, say that you earn: \"I earn a commission from purchases through these links\" or Amazon's \"As an Amazon Associate I earn from qualifying purchases\" are adequate; \"affiliate links\" alone names the arrangement without saying that you earn (risky, B012), and so does \"purchases through these links support the channel\": the reader may infer that you benefit, but is not told that you are paid, which is what the FTC's examples say (\"I get commissions for purchases made through links in this post\"). \"Support the channel\" said of anything but the links (subscribing, Patreon) discloses nothing. Sources: FTC Endorsement Guides (16 CFR Part 255, 2023) and \"Disclosures 101 for Social Media Influencers\"; UK CAP Code and CMA guidance.",
        bad: "        caption: \"Three weeks with Spring Glow Serum, code MAYA15 🌿\"",
        good: "        caption: \"#ad Three weeks with Spring Glow Serum, code MAYA15 🌿\"",
        check: |cx, hits| {
            for (_, d, caption) in captions(cx) {
                let a = cx.analysis(caption);
                if a.labels.is_empty() {
                    hits.push(Hit::at(
                        caption,
                        format!(
                            "caption of `{}` has no disclosure; start it with \"#ad\"",
                            Quoted(&d.id)
                        ),
                    ));
                }
            }
        },
    },
    Rule {
        id: "B003",
        name: "disclosure-buried",
        severity: Severity::Error,
        summary: "the disclosure is hidden behind \"more\" (after the first line or the first 125 characters)",
        help: "A disclosure must be seen without clicking \"more\": put it in the first line, within the first 125 characters. One rule for every kind of label — \"#ad\", \"sponsored\", an affiliate statement (\"As an Amazon Associate I earn …\", \"affiliate links\"), \"#gifted\": a label that discloses anywhere in the caption or description, however late, is a disclosure that is buried (this rule), not a missing one (B002); only vague terms (B006) and denials (\"not sponsored\") do not count as disclosing. Sources: FTC \"Disclosures 101\" (\"don't bury it\"; the disclosure must be \"hard to miss\"); UK CAP Code (\"upfront\").",
        bad: "        caption: \"Three weeks with Spring Glow Serum …\\n\\n#ad\"",
        good: "        caption: \"#ad Three weeks with Spring Glow Serum …\"",
        check: |cx, hits| {
            for (_, d, caption) in captions(cx) {
                let a = cx.analysis(caption);
                if let Some((first, false)) = a.first_disclosure() {
                    hits.push(Hit::at(caption, format!("the disclosure `{}` of `{}` is at character {}, after what shows before \"more\"", Quoted(&first.text), Quoted(&d.id), first.offset + 1)));
                }
            }
        },
    },
    Rule {
        id: "B004",
        name: "disclosure-in-hashtag-pile",
        severity: Severity::Warning,
        summary: "the disclosure is mixed into a group of hashtags",
        help: "A label among other hashtags is easy to miss. Put \"#ad\" on its own, at the start. Source: FTC \"Disclosures 101\" (\"don't mix it into a group of hashtags or links\").",
        bad: "        caption: \"My routine #skincare #ad #glow #serum\"",
        good: "        caption: \"#ad My routine #skincare #glow #serum\"",
        check: |cx, hits| {
            for (_, d, caption) in captions(cx) {
                let a = cx.analysis(caption);
                if a.accepted().next().is_some() && a.accepted().all(|o| o.in_pile) {
                    let label = a
                        .accepted()
                        .next()
                        .map(|o| o.text.clone())
                        .unwrap_or_default();
                    hits.push(Hit::at(
                        caption,
                        format!(
                            "the disclosure `{}` of `{}` sits in a group of hashtags",
                            Quoted(&label),
                            Quoted(&d.id)
                        ),
                    ));
                }
            }
        },
    },
    Rule {
        id: "B005",
        name: "disclosure-only-at-end",
        severity: Severity::Warning,
        summary: "the disclosure comes only at the end of the caption",
        help: "Readers may stop before the end; disclose before the endorsement, at the start. Source: FTC \"Disclosures 101\".",
        bad: "        caption: \"Loving my morning routine with this serum, glowing skin all day long #ad\"",
        good: "        caption: \"#ad Loving my morning routine with this serum, glowing skin all day long\"",
        check: |cx, hits| {
            for (_, d, caption) in captions(cx) {
                let a = cx.analysis(caption);
                let Some(first) = a.accepted().next() else {
                    continue;
                };
                let tail = a
                    .length
                    .saturating_sub(first.offset + first.text.chars().count());
                let only_at_end = a.visible_disclosure()
                    && a.words >= 8
                    && first.offset * 4 >= a.length * 3
                    && tail <= 2;
                if only_at_end && !first.in_pile {
                    hits.push(Hit::at(
                        caption,
                        format!(
                            "the disclosure `{}` of `{}` comes only at the end",
                            Quoted(&first.text),
                            Quoted(&d.id)
                        ),
                    ));
                }
            }
        },
    },
    Rule {
        id: "B006",
        name: "inadequate-disclosure-term",
        severity: Severity::Error,
        summary: "the caption discloses only with a term regulators call inadequate (#sp, #spon, #collab, #partner, #ambassador, \"thanks to\")",
        help: "Vague or abbreviated terms do not tell viewers the post is paid. Use \"#ad\". Sources: FTC \"Disclosures 101\" (\"#sp\", \"#spon\", \"collab\", \"thanks\", \"ambassador\" are not clear); UK ASA (\"in collaboration with\", \"thanks to\", \"#client\", \"#sp\" are not acceptable).",
        bad: "        caption: \"#sp Three weeks with Spring Glow Serum\"",
        good: "        caption: \"#ad Three weeks with Spring Glow Serum\"",
        check: |cx, hits| {
            for (_, d, caption) in captions(cx) {
                let a = cx.analysis(caption);
                let rejected = a.texts(Judgement::Rejected);
                if !rejected.is_empty()
                    && a.labels.iter().all(|l| l.judgement == Judgement::Rejected)
                {
                    hits.push(Hit::at(caption, format!("caption of `{}` discloses only with `{}`, which is not adequate in {}; use \"#ad\"", Quoted(&d.id), crate::text::quote(&rejected.join("`, `")), codes(cx))));
                }
            }
        },
    },
    Rule {
        id: "B007",
        name: "banned-claim",
        severity: Severity::Error,
        summary: "a caption makes a claim the brief bans",
        help: "Remove the claim; banned claims are usually unsubstantiated or regulated (medical, \"clinically proven\").",
        bad: "        caption: \"#ad This serum is a miracle\"",
        good: "        caption: \"#ad This serum gave me a visible glow\"",
        check: |cx, hits| {
            let Some(brief) = &cx.campaign.brief else {
                return;
            };
            for (_, d, caption) in captions(cx) {
                let lower = caption.to_lowercase();
                for claim in &brief.banned_claims {
                    if contains_phrase(&lower, &claim.to_lowercase()) {
                        hits.push(Hit::at(
                            caption,
                            format!(
                                "caption of `{}` makes the banned claim \"{}\"",
                                Quoted(&d.id),
                                Quoted(&claim.value)
                            ),
                        ));
                    }
                }
            }
        },
    },
    Rule {
        id: "B008",
        name: "missing-must-include",
        severity: Severity::Warning,
        summary: "a caption leaves out a phrase the brief says it must include",
        help: "Every caption should carry the brief's `must_include` phrases (product name, key claim).",
        bad: "  must_include: [\"Spring Glow Serum\"]\n…\n        caption: \"#ad my new serum\"",
        good: "        caption: \"#ad my new Spring Glow Serum\"",
        check: |cx, hits| {
            let Some(brief) = &cx.campaign.brief else {
                return;
            };
            for (_, d, caption) in captions(cx) {
                let lower = caption.to_lowercase();
                for phrase in &brief.must_include {
                    if !lower.contains(&phrase.to_lowercase()) {
                        hits.push(Hit::at(
                            caption,
                            format!(
                                "caption of `{}` does not include \"{}\"",
                                Quoted(&d.id),
                                Quoted(&phrase.value)
                            ),
                        ));
                    }
                }
            }
        },
    },
    Rule {
        id: "B009",
        name: "format-outside-brief",
        severity: Severity::Warning,
        summary: "a deliverable's format is not one the brief asks for",
        help: "Use a format listed in `brief.formats`, or add the format to the brief.",
        bad: "  formats: [reel, story]\n…\n      - { id: r1, format: carousel }",
        good: "  formats: [reel, story, carousel]",
        check: |cx, hits| {
            let Some(brief) = cx.campaign.brief.as_ref().filter(|b| !b.formats.is_empty()) else {
                return;
            };
            for (_, d) in cx.deliverables() {
                let Some(format) = &d.format else { continue };
                if !brief
                    .formats
                    .iter()
                    .any(|f| f.trim().eq_ignore_ascii_case(format.trim()))
                {
                    let allowed: Vec<&str> = brief.formats.iter().map(|f| f.as_str()).collect();
                    hits.push(Hit::at(
                        format,
                        format!(
                            "format `{}` of `{}` is not in the brief ({})",
                            Quoted(&format.value),
                            Quoted(&d.id),
                            crate::text::quote(&allowed.join(", "))
                        ),
                    ));
                }
            }
        },
    },
    Rule {
        id: "B010",
        name: "video-without-in-video-disclosure",
        severity: Severity::Error,
        summary: "a video deliverable does not disclose in the video itself",
        help: "In video the disclosure must be in the video, not only in the description: set `spoken_disclosure: true` or `on_screen_disclosure: true` and brief the creator. Source: FTC \"Disclosures 101\" (\"superimpose it over the video and say it\").",
        bad: "      - { id: r1, format: reel, caption: \"#ad …\" }",
        good: "      - { id: r1, format: reel, caption: \"#ad …\", spoken_disclosure: true, on_screen_disclosure: true }",
        check: |cx, hits| {
            for (_, d) in cx.deliverables() {
                let Some(format) = &d.format else { continue };
                let video = VIDEO_FORMATS.contains(&format.trim().to_lowercase().as_str());
                if video
                    && d.spoken_disclosure != Some(true)
                    && d.on_screen_disclosure != Some(true)
                {
                    hits.push(Hit::at(
                        format,
                        format!(
                            "{} `{}` has neither `spoken_disclosure` nor `on_screen_disclosure`: once the creator is briefed to say \"ad\" or \"sponsored\" in the video, or to show it as a text overlay, declare it with `spoken_disclosure: true` or `on_screen_disclosure: true`",
                            Quoted(&format.value),
                            Quoted(&d.id)
                        ),
                    ));
                }
            }
        },
    },
    Rule {
        id: "B011",
        name: "inadequate-required-disclosure",
        severity: Severity::Error,
        summary: "the brief or a contract requires a disclosure label that is not adequate in the campaign's jurisdiction",
        help: "Require a label that works in every market of the campaign: \"#ad\" is accepted by the FTC, the UK ASA/CMA and EU regulators; \"sponsored\" and \"#gifted\" are risky in the UK; \"#sp\", \"#collab\" are never enough.",
        bad: "  disclosure: [\"#sp\"]",
        good: "  disclosure: [\"#ad\"]",
        check: |cx, hits| {
            let from_brief = cx.campaign.brief.iter().flat_map(|b| b.disclosure.iter());
            let from_contracts = cx
                .campaign
                .creators
                .iter()
                .filter_map(|c| c.contract.as_ref())
                .filter_map(|k| k.disclosure.as_ref());
            for label in from_brief.chain(from_contracts) {
                let judgement = label
                    .split([',', ';'])
                    .filter(|part| !part.trim().is_empty())
                    .map(|part| {
                        disclosure::judge_all(part, &cx.jurisdictions)
                            .unwrap_or(Judgement::Rejected)
                    })
                    .min();
                if judgement.is_some_and(|j| j != Judgement::Accepted) {
                    hits.push(Hit::at(
                        label,
                        format!(
                            "disclosure \"{}\" is not adequate in {}; require \"#ad\"",
                            Quoted(&label.value),
                            codes(cx)
                        ),
                    ));
                }
            }
        },
    },
    Rule {
        id: "B012",
        name: "risky-disclosure-term",
        severity: Severity::Warning,
        summary: "the caption discloses only with a term a regulator calls risky (\"affiliate links\", \"support the channel\"; UK: \"sponsored\", \"#gifted\")",
        help: "Terms like \"sponsored\", \"#gifted\" or \"affiliate\" are often misunderstood; the UK ASA and CMA expect \"#ad\" up front. Affiliate wording that names the arrangement without saying that you earn (\"affiliate links\", \"referral link\", \"at no extra cost to you\", \"purchases through these links support the channel\") is risky everywhere: say \"I earn a commission from these links\". Add \"#ad\".",
        bad: "        caption: \"Sponsored: three weeks with Spring Glow Serum\"   # markets: [UK]",
        good: "        caption: \"#ad Three weeks with Spring Glow Serum\"",
        check: |cx, hits| {
            for (_, d, caption) in captions(cx) {
                let a = cx.analysis(caption);
                let risky = a.texts(Judgement::Risky);
                if !risky.is_empty() && a.accepted().next().is_none() {
                    hits.push(Hit::at(caption, format!("caption of `{}` discloses only with `{}`, which is risky in {}; add \"#ad\"", Quoted(&d.id), crate::text::quote(&risky.join("`, `")), codes(cx))));
                }
            }
        },
    },
];

/// Every deliverable with a caption.
fn captions<'a>(
    cx: &Context<'a>,
) -> impl Iterator<Item = (&'a Creator, &'a Deliverable, &'a Located<String>)> {
    cx.deliverables()
        .filter_map(|(c, d)| d.caption.as_ref().map(|caption| (c, &d.value, caption)))
}

fn codes(cx: &Context<'_>) -> String {
    cx.jurisdictions
        .iter()
        .map(|j| j.code())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether `phrase` occurs in `text` as whole words.
fn contains_phrase(text: &str, phrase: &str) -> bool {
    let phrase = phrase.trim();
    if phrase.is_empty() {
        return false;
    }
    text.match_indices(phrase).any(|(i, _)| {
        let before = text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after = text[i + phrase.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        before && after
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_whole_words() {
        assert!(contains_phrase("this is a miracle!", "miracle"));
        assert!(!contains_phrase("miracles happen", "miracle"));
        assert!(contains_phrase(
            "clinically proven results",
            "clinically proven"
        ));
        assert!(!contains_phrase("secure", "cure"));
    }
}
