//! Disclosure labels per jurisdiction, and where a caption puts them.
//!
//! Sources, summarised in each rule's help text:
//! - US: FTC Endorsement Guides (16 CFR Part 255, revised 2023) and "Disclosures 101 for
//!   Social Media Influencers": "ad", "#ad", "advertisement", "sponsored", "paid
//!   partnership", "thanks to `<brand>` for the free product", and for affiliate links a
//!   plain statement ("I earn a commission …") are adequate; `sp`, `spon`, `collab`,
//!   `thanks`, `ambassador`, `partner` alone are not. The disclosure must be visible
//!   without clicking "more", not buried in hashtags, and not only at the end.
//! - UK: ASA/CAP Code and CMA guidance: "#ad", "ad", "advert", "advertisement" up front;
//!   "sponsored", "#gifted", "affiliate" are risky; "in collaboration with", "brought to
//!   you by", "thanks to `<brand>`", "#client", "#sp" are not acceptable; brand tags,
//!   discount codes or affiliate links alone are never a disclosure.
//! - EU: national rules require the commercial intent to be clear in the language of the
//!   post ("Werbung", "Anzeige", "publicité", "publicidad", "pubblicità" …).
//!
//! Labels are compared case-insensitively, with or without `#`, as whole words.

use crate::campaign::Campaign;

/// A jurisdiction whose disclosure rules apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jurisdiction {
    /// United States (FTC); also used for Canada and unknown markets.
    Us,
    /// United Kingdom (ASA/CAP, CMA).
    Uk,
    /// European Union member states.
    Eu,
}

impl Jurisdiction {
    /// Its short name.
    pub fn code(self) -> &'static str {
        match self {
            Jurisdiction::Us => "US",
            Jurisdiction::Uk => "UK",
            Jurisdiction::Eu => "EU",
        }
    }

    /// The label to recommend.
    pub fn recommended(self) -> &'static str {
        "#ad"
    }
}

/// How a label is judged in a jurisdiction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Judgement {
    /// Adequate on its own.
    Accepted,
    /// Allowed but likely to be challenged.
    Risky,
    /// Not a disclosure.
    Rejected,
}

const LANGUAGE_LABELS: &[&str] = &[
    "werbung",
    "anzeige",
    "bezahlte partnerschaft",
    "publicité",
    "partenariat rémunéré",
    "sponsorisé",
    "publicidad",
    "patrocinado",
    "publicidade",
    "pubblicità",
    "sponsorizzato",
    "adv",
    "advertentie",
    "gesponsord",
    "reklama",
    "reklame",
    "annons",
    "mainos",
    "publi",
    "werbeanzeige",
    "współpraca reklamowa",
];

/// Vague "collaboration" wording in several languages: never a disclosure.
const COLLABORATION: &[&str] = &[
    "in collaboration with",
    "collaboration",
    "in kooperation mit",
    "kooperation",
    "en colaboración con",
    "colaboración",
    "en collaboration avec",
    "in collaborazione con",
    "em parceria com",
    "in samenwerking met",
];

const US_ACCEPTED: &[&str] = &[
    "ad",
    "advertisement",
    "advert",
    "sponsored",
    "paid partnership",
    "paidpartnership",
    "paid ad",
    "free product",
    "for the free",
    "sponsoring",
    "sponsoredpost",
    "paidad",
    "paidpost",
    "paid promotion",
];
/// Statements that the creator earns from the links: affiliate programs' own sentences
/// ("As an Amazon Associate I earn from qualifying purchases", "… participates in the
/// Amazon Services LLC Associates Program") and "I earn a commission". Adequate for the
/// FTC; risky in the UK and the EU, where "#ad" is expected.
const EARNING: &[&str] = &[
    "commission",
    "commissions",
    "commissionable",
    "amazon associate",
    "amazon associates",
    "associates program",
    "qualifying purchases",
];
/// "Affiliate" words name the arrangement without saying the creator earns from it; the
/// FTC asks for the plain statement ("I earn a commission"), so they are risky.
const AFFILIATE: &[&str] = &[
    "affiliate",
    "affiliates",
    "affiliated",
    "affiliate link",
    "affiliate links",
    "affiliated link",
    "affiliated links",
    "affiliate program",
    "affiliatelink",
    "affiliatelinks",
    "afflink",
    "afflinks",
];
const US_RISKY: &[&str] = &["gifted"];
/// "Purchases through these links support the channel": the reader may guess that the
/// creator earns, but is not told so (the FTC's own examples say "I earn"); a vague
/// disclosure wherever it stands.
const SUPPORT: &[&str] = &[
    "support the channel",
    "supports the channel",
    "support my channel",
    "supports my channel",
    "support this channel",
    "supports this channel",
];
const US_REJECTED: &[&str] = &[
    "sp",
    "spon",
    "collab",
    "thanks",
    "thank you",
    "ambassador",
    "partner",
    "brand partner",
    "brandpartner",
    "brandambassador",
];

const UK_ACCEPTED: &[&str] = &["ad", "advert", "advertisement", "advertisement feature"];
const UK_RISKY: &[&str] = &["sponsored", "gifted", "paid partnership", "paidpartnership"];
const UK_REJECTED: &[&str] = &[
    "in collaboration with",
    "collaboration",
    "collab",
    "brought to you by",
    "thanks to",
    "thanks",
    "client",
    "sp",
    "spon",
    "partner",
    "ambassador",
];

const EU_ACCEPTED: &[&str] = &[
    "ad",
    "advertisement",
    "advert",
    "sponsored",
    "paid partnership",
    "paidpartnership",
];
const EU_RISKY: &[&str] = &["gifted"];
const EU_REJECTED: &[&str] = &[
    "sp",
    "spon",
    "collab",
    "thanks",
    "ambassador",
    "partner",
    "in collaboration with",
];

fn lists(
    j: Jurisdiction,
) -> (
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
) {
    match j {
        Jurisdiction::Us => (US_ACCEPTED, US_RISKY, US_REJECTED),
        Jurisdiction::Uk => (UK_ACCEPTED, UK_RISKY, UK_REJECTED),
        Jurisdiction::Eu => (EU_ACCEPTED, EU_RISKY, EU_REJECTED),
    }
}

/// How `label` (with or without `#`) is judged in `j`; `None` when it is no label at all.
pub fn judge(label: &str, j: Jurisdiction) -> Option<Judgement> {
    let label = normalise(label);
    let (accepted, risky, rejected) = lists(j);
    let earning = EARNING.contains(&label.as_str());
    if accepted.contains(&label.as_str())
        || (j == Jurisdiction::Us && earning)
        || (j != Jurisdiction::Uk && LANGUAGE_LABELS.contains(&label.as_str()))
    {
        Some(Judgement::Accepted)
    } else if COLLABORATION.contains(&label.as_str()) || SUPPORT.contains(&label.as_str()) {
        Some(Judgement::Rejected)
    } else if risky.contains(&label.as_str()) || AFFILIATE.contains(&label.as_str()) || earning {
        Some(Judgement::Risky)
    } else if rejected.contains(&label.as_str()) {
        Some(Judgement::Rejected)
    } else {
        None
    }
}

/// The strictest judgement of `label` over all jurisdictions.
pub fn judge_all(label: &str, jurisdictions: &[Jurisdiction]) -> Option<Judgement> {
    jurisdictions
        .iter()
        .map(|j| judge(label, *j))
        .try_fold(Judgement::Accepted, |worst, j| Some(worst.max(j?)))
}

fn normalise(label: &str) -> String {
    label
        .trim()
        .trim_start_matches('#')
        .trim()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The jurisdictions of a campaign: `brief.jurisdiction`, else `campaign.markets`, else US.
pub fn jurisdictions(campaign: &Campaign) -> Vec<Jurisdiction> {
    let codes: Vec<String> = match campaign
        .brief
        .as_ref()
        .and_then(|b| b.jurisdiction.as_ref())
    {
        Some(j) => vec![j.value.clone()],
        None => campaign.campaign.markets.clone(),
    };
    let mut out: Vec<Jurisdiction> = codes.iter().filter_map(|c| of_market(c)).collect();
    out.sort_by_key(|j| j.code());
    out.dedup();
    if out.is_empty() {
        out.push(Jurisdiction::Us);
    }
    out
}

const EU_MEMBERS: &[&str] = &[
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

fn of_market(code: &str) -> Option<Jurisdiction> {
    let code = code.trim().to_ascii_uppercase();
    match code.as_str() {
        "US" | "USA" | "CA" | "AU" | "NZ" => Some(Jurisdiction::Us),
        "UK" | "GB" => Some(Jurisdiction::Uk),
        "EU" => Some(Jurisdiction::Eu),
        c if EU_MEMBERS.contains(&c) => Some(Jurisdiction::Eu),
        _ => None,
    }
}

/// One label found in a caption.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// The label as written.
    pub text: String,
    /// Its judgement.
    pub judgement: Judgement,
    /// Character offset in the caption.
    pub offset: usize,
    /// Inside a run of three or more hashtags.
    pub in_pile: bool,
}

/// Where a caption's disclosure labels are.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Every label found, in order.
    pub labels: Vec<Occurrence>,
    /// Characters visible before "more": the first line, at most 125 characters.
    pub visible: usize,
    /// Characters in the caption.
    pub length: usize,
    /// Words in the caption.
    pub words: usize,
}

/// How many characters platforms show before "… more".
pub const VISIBLE_CHARS: usize = 125;

/// Finds every disclosure label in `caption` and judges it for `jurisdictions`.
pub fn analyse(caption: &str, jurisdictions: &[Jurisdiction]) -> Analysis {
    let chars: Vec<char> = caption.chars().collect();
    let lower: Vec<char> = chars
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    let first_line = chars.iter().position(|c| *c == '\n').unwrap_or(chars.len());
    let visible = first_line.min(VISIBLE_CHARS);

    // Tokens: maximal runs of word characters, with whether a `#` precedes them.
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut tokens: Vec<(usize, usize, bool)> = Vec::new();
    let mut i = 0;
    while i < lower.len() {
        if is_word(lower[i]) {
            let start = i;
            while i < lower.len() && is_word(lower[i]) {
                i += 1;
            }
            let hashtag = start > 0 && lower[start - 1] == '#';
            tokens.push((start, i, hashtag));
        } else {
            i += 1;
        }
    }
    // Hashtag piles: runs of hashtags separated only by spaces, of length three or more.
    let mut pile = vec![false; tokens.len()];
    let mut run_start = 0;
    for t in 0..=tokens.len() {
        let continues = t < tokens.len()
            && tokens[t].2
            && t > run_start
            && tokens[t - 1].2
            && lower[tokens[t - 1].1..tokens[t].0 - 1]
                .iter()
                .all(|c| c.is_whitespace());
        if !continues {
            let len = t - run_start;
            if len >= 3 && tokens[run_start..t].iter().all(|tk| tk.2) {
                pile[run_start..t].iter_mut().for_each(|p| *p = true);
            }
            run_start = t;
        }
    }

    let mut labels = Vec::new();
    let mut t = 0;
    let words: Vec<String> = tokens
        .iter()
        .map(|(s, e, _)| lower[*s..*e].iter().collect())
        .collect();
    while t < tokens.len() {
        // Longest label first: phrases of up to four words.
        let mut matched = None;
        for n in (1..=4).rev() {
            if t + n > tokens.len() || !starts_a_label(&words[t]) {
                continue;
            }
            let words = &words[t..t + n];
            let spaced = words.join(" ");
            if let Some(j) = judge_all(&spaced, jurisdictions) {
                matched = Some((n, j));
                break;
            }
            if n > 1
                && let Some(j) = judge_all(&words.concat(), jurisdictions)
            {
                matched = Some((n, j));
                break;
            }
        }
        match matched {
            Some((n, judgement))
                if !part_of_compound(&lower, tokens[t].0, tokens[t + n - 1].1)
                    && !negated(&lower, &tokens, t)
                    && (judgement != Judgement::Rejected
                        || used_as_disclosure(&chars, &words, &tokens, t, n)) =>
            {
                let (start, _, hashtag) = tokens[t];
                let end = tokens[t + n - 1].1;
                let offset = if hashtag { start - 1 } else { start };
                labels.push(Occurrence {
                    text: chars[offset..end].iter().collect(),
                    judgement,
                    offset,
                    in_pile: hashtag && pile[t],
                });
                t += n;
            }
            _ => t += 1,
        }
    }
    Analysis {
        labels,
        visible,
        length: chars.len(),
        words: tokens.len(),
    }
}

/// Whether some label begins with `word`: most words do not, and skip the lookups.
fn starts_a_label(word: &str) -> bool {
    static FIRST_WORDS: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    FIRST_WORDS
        .get_or_init(|| {
            [
                US_ACCEPTED,
                US_RISKY,
                US_REJECTED,
                UK_ACCEPTED,
                UK_RISKY,
                UK_REJECTED,
                EU_ACCEPTED,
                EU_RISKY,
                EU_REJECTED,
                LANGUAGE_LABELS,
                COLLABORATION,
                AFFILIATE,
                EARNING,
                SUPPORT,
            ]
            .iter()
            .flat_map(|list| list.iter())
            .filter_map(|label| label.split_whitespace().next())
            .collect()
        })
        .contains(word)
}

/// `ad` in `Ad-free` or `pre-ad` is part of a hyphenated word, not a label.
fn part_of_compound(lower: &[char], start: usize, end: usize) -> bool {
    let hyphen_after =
        lower.get(end) == Some(&'-') && lower.get(end + 1).is_some_and(|c| c.is_alphanumeric());
    let hyphen_before = start >= 2 && lower[start - 1] == '-' && lower[start - 2].is_alphanumeric();
    hyphen_after || hyphen_before
}

/// Whether a vague term (tokens `t..t + n`) stands where a disclosure would: as a
/// hashtag (`#sp`, `#collab`), or naming the brand — followed, directly or after
/// `to`/`with`/`by`/`from`/`for`, by an @handle or a capitalised name ("Thanks to
/// Lumen", "partner @lumen"). "Thanks for watching", "Thank you, have a nice day" and
/// "a Network to partner with" use the words for something else.
fn used_as_disclosure(
    chars: &[char],
    words: &[String],
    tokens: &[(usize, usize, bool)],
    t: usize,
    n: usize,
) -> bool {
    let phrase = words[t..t + n].join(" ");
    if tokens[t].2 || SUPPORT.contains(&phrase.as_str()) {
        return true;
    }
    let names_someone = |i: usize| {
        tokens.get(i).is_some_and(|&(start, _, _)| {
            // Same sentence: nothing but spaces and commas in between.
            let gap = &chars[tokens[i - 1].1..start];
            gap.iter().all(|c| matches!(c, ' ' | ',' | ':' | '@'))
                && (gap.ends_with(&['@']) || chars[start].is_uppercase())
        })
    };
    let next = t + n;
    let linked = matches!(
        words.get(next).map(String::as_str),
        Some("to" | "with" | "by" | "from" | "for")
    );
    names_someone(next) || (linked && names_someone(next + 1))
}

/// Words that turn a label into a denial ("NOT sponsored", "kein Werbung").
const NEGATIONS: &[&str] = &[
    "not", "no", "non", "never", "isn", "wasn", "aren", "weren", "doesn", "didn",
    // The same without the apostrophe, as people type it: "THIS VIDEO ISNT SPONSORED".
    "isnt", "wasnt", "arent", "werent", "doesnt", "didnt", "dont", "aint", "nicht", "kein", "keine",
    "pas", "sans", "sin", "geen", "não", "nao",
];

/// Whether one of the two words before token `t` negates it.
fn negated(lower: &[char], tokens: &[(usize, usize, bool)], t: usize) -> bool {
    tokens[t.saturating_sub(2)..t].iter().any(|(s, e, _)| {
        let word: String = lower[*s..*e].iter().collect();
        NEGATIONS.contains(&word.as_str())
    })
}

impl Analysis {
    /// The adequate labels.
    pub fn accepted(&self) -> impl Iterator<Item = &Occurrence> {
        self.labels
            .iter()
            .filter(|l| l.judgement == Judgement::Accepted)
    }

    /// The texts of the labels judged `judgement`, in order.
    pub fn texts(&self, judgement: Judgement) -> Vec<&str> {
        self.labels
            .iter()
            .filter(|l| l.judgement == judgement)
            .map(|l| l.text.as_str())
            .collect()
    }

    /// Whether an adequate label is in the visible part.
    pub fn visible_disclosure(&self) -> bool {
        self.accepted().any(|l| l.offset < self.visible)
    }

    /// The first label that discloses at all (adequate or risky), and whether one such
    /// label is in the visible part: every kind of label is placed by the same rule.
    pub fn first_disclosure(&self) -> Option<(&Occurrence, bool)> {
        let mut disclosing = self
            .labels
            .iter()
            .filter(|l| l.judgement != Judgement::Rejected);
        let first = disclosing.next()?;
        let visible = first.offset < self.visible || disclosing.any(|l| l.offset < self.visible);
        Some((first, visible))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const US: &[Jurisdiction] = &[Jurisdiction::Us];
    const UK: &[Jurisdiction] = &[Jurisdiction::Uk];

    fn accepted(caption: &str, j: &[Jurisdiction]) -> Vec<String> {
        analyse(caption, j)
            .accepted()
            .map(|o| o.text.clone())
            .collect()
    }

    #[test]
    fn labels_are_whole_words_with_or_without_hash() {
        assert_eq!(accepted("#ad Three weeks with the serum", US), ["#ad"]);
        assert_eq!(accepted("AD: my morning routine", US), ["AD"]);
        assert!(accepted("#adventure awaits, #advice and #Adidas", US).is_empty());
        assert_eq!(
            accepted("Paid partnership with Lumen ✨", US),
            ["Paid partnership"]
        );
        assert_eq!(accepted("#PaidPartnership glow", US), ["#PaidPartnership"]);
        assert_eq!(
            accepted("Thanks to Lumen for the free product!", US),
            ["for the free"]
        );
        assert_eq!(
            accepted("#Werbung Mein Serum-Test", &[Jurisdiction::Eu]),
            ["#Werbung"]
        );
    }

    #[test]
    fn jurisdictions_differ_and_the_strictest_wins() {
        assert_eq!(
            judge("#sponsored", Jurisdiction::Us),
            Some(Judgement::Accepted)
        );
        assert_eq!(judge("Sponsored", Jurisdiction::Uk), Some(Judgement::Risky));
        assert_eq!(judge("#sp", Jurisdiction::Us), Some(Judgement::Rejected));
        assert_eq!(
            judge("in collaboration with", Jurisdiction::Uk),
            Some(Judgement::Rejected)
        );
        assert_eq!(
            judge_all("sponsored", &[Jurisdiction::Us, Jurisdiction::Uk]),
            Some(Judgement::Risky)
        );
        assert_eq!(judge("#glow", Jurisdiction::Us), None);
        assert_eq!(accepted("sponsored by Lumen", UK), Vec::<String>::new());
    }

    fn kinds(caption: &str) -> Vec<(String, Judgement)> {
        analyse(caption, US)
            .labels
            .into_iter()
            .map(|o| (o.text, o.judgement))
            .collect()
    }

    #[test]
    fn affiliate_programs_sentences_disclose() {
        // Sentences from real YouTube and Pinterest descriptions.
        use Judgement::{Accepted, Risky};
        assert_eq!(
            kinds("As an Amazon Associate I earn from qualifying purchases."),
            [
                ("Amazon Associate".to_owned(), Accepted),
                ("qualifying purchases".to_owned(), Accepted)
            ]
        );
        assert_eq!(
            kinds("This link participates in Amazon Services LLC Associates Program"),
            [("Associates Program".to_owned(), Accepted)]
        );
        assert_eq!(
            kinds("The above links are from Amazon Associates"),
            [("Amazon Associates".to_owned(), Accepted)]
        );
        assert_eq!(
            kinds("Some links above may be affiliated links"),
            [("affiliated links".to_owned(), Risky)]
        );
        for tag in ["#afflink", "#affiliatelink", "affiliate-link"] {
            assert_eq!(
                kinds(&format!("Gear {tag} https://amzn.to/x")),
                [(tag.to_owned(), Risky)]
            );
        }
        assert_eq!(
            kinds("I earn a small commission on commissionable links"),
            [
                ("commission".to_owned(), Accepted),
                ("commissionable".to_owned(), Accepted)
            ]
        );
    }

    #[test]
    fn denials_without_an_apostrophe_are_denials() {
        assert!(kinds("THIS VIDEO ISNT SPONSORED.").is_empty());
        assert!(kinds("This video isnt sponsored. Camera review https://amzn.to/xyz").is_empty());
        assert!(kinds("This video isn’t sponsored").is_empty());
        assert!(kinds("Não é publicidade").is_empty());
        assert_eq!(kinds("É publicidade").len(), 1);
    }

    #[test]
    fn vague_terms_count_only_where_a_disclosure_would_stand() {
        use Judgement::Rejected;
        assert!(kinds("Thanks for watching").is_empty());
        assert!(kinds("Thank you, have a nice day").is_empty());
        assert!(kinds("Looking for a Network to partner with? Join here").is_empty());
        assert_eq!(kinds("Thanks to Lumen"), [("Thanks".to_owned(), Rejected)]);
        assert_eq!(kinds("thanks @lumen"), [("thanks".to_owned(), Rejected)]);
        assert_eq!(kinds("Serum review #sp"), [("#sp".to_owned(), Rejected)]);
        assert_eq!(
            kinds("Purchases through these links support the channel at no cost to you"),
            [("support the channel".to_owned(), Rejected)]
        );
        assert_eq!(
            kinds("in collaboration with Lumen"),
            [("in collaboration with".to_owned(), Rejected)]
        );
    }

    #[test]
    fn every_kind_of_label_is_placed_by_one_rule() {
        // "affiliate" only after the first line: a disclosure, buried.
        let a = analyse("Camera review\nLinks below are affiliate links", US);
        let (first, visible) = a.first_disclosure().expect("a disclosure");
        assert_eq!((first.text.as_str(), visible), ("affiliate links", false));
        // "sponsored by" at character 1,200: buried, not absent.
        let late = format!("{}This video was sponsored by Lumen", "word ".repeat(240));
        let a = analyse(&late, US);
        assert_eq!(
            a.first_disclosure().map(|(o, v)| (o.offset, v)),
            Some((1215, false))
        );
        let a = analyse("#ad Camera review", US);
        assert_eq!(a.first_disclosure().map(|(_, v)| v), Some(true));
        // A vague term alone is no disclosure to place.
        assert!(
            analyse("Camera review\nThanks to Lumen", US)
                .first_disclosure()
                .is_none()
        );
    }

    #[test]
    fn visibility_piles_and_position() {
        let long = format!("{} #ad", "word ".repeat(40));
        let a = analyse(&long, US);
        assert!(!a.visible_disclosure());
        let a = analyse("Morning glow\n#ad", US);
        assert!(!a.visible_disclosure(), "after the first line");
        let a = analyse("My routine #skincare #ad #glow #serum", US);
        assert!(a.accepted().all(|o| o.in_pile));
        let a = analyse("#ad #sponsored My routine", US);
        assert!(a.accepted().all(|o| !o.in_pile));
    }
}
