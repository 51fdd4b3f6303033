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
    "gesponsert",
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
/// Amazon Services LLC Associates Program", Amazon's `#CommissionsEarned`), "I earn a
/// commission", "(paid links)". Adequate for the FTC; risky in the UK and the EU, where
/// "#ad" is expected.
const EARNING: &[&str] = &[
    "commission",
    "commissions",
    "commissionable",
    "commissionsearned",
    "commissionearned",
    "amazon associate",
    "amazon associates",
    "associates program",
    "qualifying purchases",
    "i earn",
    "we earn",
    "i may earn",
    "we may earn",
    "paid link",
    "paid links",
    // "I receive a small percentage of the sale".
    "small percentage",
    "small portion",
    "small cut",
    "small fee",
    "earns me",
    "earn me",
    // eBay Partner Network: "I may be compensated if you make a purchase".
    "compensated",
    "compensation",
    // The same statement in the languages of LANGUAGE_LABELS.
    "eine provision",
    "kleine provision",
    "comisión",
    "comissão",
    "commissione",
];
/// Words that name the arrangement without saying the creator earns from it
/// ("affiliate links", "referral link", "at no extra cost to you"); the FTC asks for the
/// plain statement ("I earn a commission"), so they are risky.
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
    "referral link",
    "referral links",
    "ebay partner",
    "amazon influencer",
    "werbelink",
    "werbelinks",
    "lien affilié",
    "liens affiliés",
    "lien d affiliation",
    "liens d affiliation",
    "enlace de afiliado",
    "enlaces de afiliado",
    "link affiliato",
    "link affiliati",
    "link de afiliado",
    "links de afiliado",
    "no extra cost to",
    "no additional cost to",
];
/// Nouns naming the sponsor ("my sponsor", "today's sponsor", "our video sponsors"):
/// judged like "sponsored". A bare "Sponsor" counts only as a heading ("Sponsor:
/// NordVPN"); "Sponsor this channel" is YouTube's membership button.
const SPONSOR: &[&str] = &[
    "my sponsor",
    "my sponsors",
    "our sponsor",
    "our sponsors",
    "today s sponsor",
    "todays sponsor",
    "video sponsor",
    "video sponsors",
    "video s sponsor",
    "episode sponsor",
    "week s sponsor",
    "sponsor of this",
    "sponsors of this",
    "sponsor of today",
    "sponsor",
    "sponsors",
];
/// "Gifted" and the ways people say it ("I was sent this", "sent me"), and sponsorship
/// said without the word ("presented by", "brought to you by").
const US_RISKY: &[&str] = &[
    "gifted",
    "was sent",
    "were sent",
    "sent me",
    "sent us",
    "presented by",
    "brought to you by",
];
/// "Purchases through these links support the channel": said of the links (or of buying
/// through them) it tells the reader the creator benefits, without saying that they are
/// paid; a risky disclosure, as "affiliate links" is. Said of anything else ("support the
/// channel on Patreon") it discloses nothing.
const SUPPORT: &[&str] = &[
    "support",
    "supports",
    "support the channel",
    "supports the channel",
    "support my channel",
    "supports my channel",
    "support this channel",
    "supports this channel",
    "support our channel",
    "supports our channel",
    "support the show",
    "supports the show",
    "support me",
    "supports me",
    "support us",
    "supports us",
    "helps the channel",
    "help the channel",
    "help support",
    "helps support",
    "helps me out",
    "help me out",
    "helps us out",
    "help us out",
];
/// Words that, said in the same sentence as a SUPPORT phrase, tie it to the links.
const LINK_WORDS: &[&str] = &[
    "link",
    "links",
    "purchase",
    "purchases",
    "purchasing",
    "purchased",
    "buy",
    "buying",
    "bought",
    "shop",
    "shopping",
    "click",
    "clicking",
    "using",
    "through",
    "amazon",
];
/// Words that make a support sentence about something else: money given, not earned.
const GIVING_WORDS: &[&str] = &[
    "patreon",
    "paypal",
    "donate",
    "donation",
    "donations",
    "merch",
    "subscribe",
    "subscribing",
    "membership",
    "member",
    "members",
    "kofi",
    "tip",
    "tips",
];
/// "ad" as part of a noun or a use, not a label: "Ad disclosure: this is not an ad",
/// "ad-free", "perfect for advertisement".
const NOT_LABELS: &[&str] = &[
    "ad disclosure",
    "ad free",
    "ad revenue",
    "ad blocker",
    "ad blockers",
    "ad block",
    "ad blocking",
    "ad break",
    "ad breaks",
    // Stock media: "Perfect for advertisement, wedding films".
    "for advertisement",
    "for advertisements",
    "for advertising",
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
const UK_RISKY: &[&str] = &[
    "sponsored",
    "gifted",
    "was sent",
    "were sent",
    "sent me",
    "sent us",
    "paid partnership",
    "paidpartnership",
];
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
const EU_RISKY: &[&str] = US_RISKY;
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
    if SPONSOR.contains(&label.as_str()) {
        return judge("sponsored", j);
    }
    let (accepted, risky, rejected) = lists(j);
    let earning = EARNING.contains(&label.as_str());
    if accepted.contains(&label.as_str())
        || (j == Jurisdiction::Us && earning)
        || (j != Jurisdiction::Uk && LANGUAGE_LABELS.contains(&label.as_str()))
    {
        Some(Judgement::Accepted)
    } else if COLLABORATION.contains(&label.as_str()) {
        Some(Judgement::Rejected)
    } else if risky.contains(&label.as_str())
        || AFFILIATE.contains(&label.as_str())
        || SUPPORT.contains(&label.as_str())
        || earning
    {
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
    let text = Words::of(caption);
    let first_line = text
        .chars
        .iter()
        .position(|c| *c == '\n')
        .unwrap_or(text.chars.len());
    let pile = text.piles();
    let mut labels = Vec::new();
    let mut t = 0;
    while t < text.spans.len() {
        if text
            .phrase(t, 2)
            .is_some_and(|p| NOT_LABELS.contains(&p.as_str()))
        {
            t += 2;
            continue;
        }
        match text.label_at(t, jurisdictions) {
            Some((n, judgement)) if text.stands_as_label(t, n, judgement) => {
                let (start, _, hashtag) = text.spans[t];
                let end = text.spans[t + n - 1].1;
                let offset = if hashtag { start - 1 } else { start };
                labels.push(Occurrence {
                    text: text.chars[offset..end].iter().collect(),
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
        visible: first_line.min(VISIBLE_CHARS),
        length: text.chars.len(),
        words: text.spans.len(),
    }
}

/// A caption split into words: maximal runs of word characters, each with whether a `#`
/// precedes it.
struct Words {
    chars: Vec<char>,
    lower: Vec<char>,
    /// Start, end (character offsets) and hashtag of each word.
    spans: Vec<(usize, usize, bool)>,
    /// Each word in lower case.
    words: Vec<String>,
}

impl Words {
    fn of(caption: &str) -> Words {
        let chars: Vec<char> = caption.chars().collect();
        let lower: Vec<char> = chars
            .iter()
            .map(|c| c.to_lowercase().next().unwrap_or(*c))
            .collect();
        let is_word = |c: char| c.is_alphanumeric() || c == '_';
        let mut spans = Vec::new();
        let mut i = 0;
        while i < lower.len() {
            if is_word(lower[i]) {
                let start = i;
                while i < lower.len() && is_word(lower[i]) {
                    i += 1;
                }
                spans.push((start, i, start > 0 && lower[start - 1] == '#'));
            } else {
                i += 1;
            }
        }
        let words = spans
            .iter()
            .map(|(s, e, _)| lower[*s..*e].iter().collect())
            .collect();
        Words {
            chars,
            lower,
            spans,
            words,
        }
    }

    /// Which words are in a hashtag pile: three or more hashtags separated only by spaces.
    fn piles(&self) -> Vec<bool> {
        let tokens = &self.spans;
        let mut pile = vec![false; tokens.len()];
        let mut run_start = 0;
        for t in 0..=tokens.len() {
            let continues = t < tokens.len()
                && tokens[t].2
                && t > run_start
                && tokens[t - 1].2
                && self.lower[tokens[t - 1].1..tokens[t].0 - 1]
                    .iter()
                    .all(|c| c.is_whitespace());
            if !continues {
                if t - run_start >= 3 && tokens[run_start..t].iter().all(|tk| tk.2) {
                    pile[run_start..t].iter_mut().for_each(|p| *p = true);
                }
                run_start = t;
            }
        }
        pile
    }

    /// Words `t..t + n` joined by spaces, if there are that many.
    fn phrase(&self, t: usize, n: usize) -> Option<String> {
        self.words.get(t..t + n).map(|w| w.join(" "))
    }

    /// The longest label (up to four words, spaced or run together) starting at word `t`.
    fn label_at(&self, t: usize, jurisdictions: &[Jurisdiction]) -> Option<(usize, Judgement)> {
        if !starts_a_label(&self.words[t]) {
            return None;
        }
        (1..=4).rev().find_map(|n| {
            let words = self.words.get(t..t + n)?;
            judge_all(&words.join(" "), jurisdictions)
                .or_else(|| (n > 1).then(|| judge_all(&words.concat(), jurisdictions))?)
                .map(|j| (n, j))
        })
    }

    /// Whether the label at words `t..t + n` is used as one: not inside a hyphenated
    /// word, not denied, and for the words that disclose only in some positions, in one.
    fn stands_as_label(&self, t: usize, n: usize, judgement: Judgement) -> bool {
        let phrase = self.words[t..t + n].join(" ");
        if self.part_of_compound(t, n) || self.negated(t) {
            false
        } else if SUPPORT.contains(&phrase.as_str()) {
            self.tied_to_links(t, n)
        } else if phrase == "sponsor" || phrase == "sponsors" {
            self.heading(t)
        } else {
            judgement != Judgement::Rejected || self.used_as_disclosure(t, n)
        }
    }

    /// `ad` in `Ad-free` or `pre-ad` is part of a hyphenated word, not a label; longer
    /// labels glued on by a hyphen still are ("click the image-affiliate link").
    fn part_of_compound(&self, t: usize, n: usize) -> bool {
        let (start, end) = (self.spans[t].0, self.spans[t + n - 1].1);
        let lower = &self.lower;
        let hyphen_after =
            lower.get(end) == Some(&'-') && lower.get(end + 1).is_some_and(|c| c.is_alphanumeric());
        let hyphen_before =
            start >= 2 && lower[start - 1] == '-' && lower[start - 2].is_alphanumeric();
        end - start <= 4 && (hyphen_after || hyphen_before)
    }

    /// Whether one of the two words before word `t` negates it.
    fn negated(&self, t: usize) -> bool {
        self.words[t.saturating_sub(2)..t]
            .iter()
            .any(|w| NEGATIONS.contains(&w.as_str()))
    }

    /// Whether a support phrase (words `t..t + n`) is said of the links: a LINK_WORDS
    /// word in its sentence, within a dozen words ("Purchases through these links support the channel",
    /// "Support us by shopping with this Amazon link"), and no word of giving
    /// ("Support me on Patreon via this link").
    fn tied_to_links(&self, t: usize, n: usize) -> bool {
        let ends = |c: &char| matches!(c, '.' | '!' | '?' | '\n');
        let (start, end) = (self.spans[t].0, self.spans[t + n - 1].1);
        let from = self.chars[..start].iter().rposition(ends).unwrap_or(0);
        // A full stop inside a link (`amzn.to`) does not end the sentence.
        let to = (end..self.chars.len())
            .find(|&i| {
                ends(&self.chars[i]) && self.chars.get(i + 1).is_none_or(|c| c.is_whitespace())
            })
            .unwrap_or(self.chars.len());
        // Descriptions run on without full stops: at most a dozen words either side.
        let near = t.saturating_sub(12)..(t + n + 12).min(self.spans.len());
        let sentence: Vec<&str> = self.spans[near.clone()]
            .iter()
            .zip(&self.words[near])
            .filter(|((s, e, _), _)| *s >= from && *e <= to)
            .map(|(_, w)| w.as_str())
            .collect();
        sentence.iter().any(|w| LINK_WORDS.contains(w))
            && !sentence.iter().any(|w| GIVING_WORDS.contains(w))
    }

    /// Whether word `t` is a heading: followed by a colon or a dash ("Sponsor: NordVPN"),
    /// by "and"/"&" ("SPONSORS AND PROMOTIONS"), or after a bullet ("▶ Sponsors").
    fn heading(&self, t: usize) -> bool {
        let (start, end) = (self.spans[t].0, self.spans[t].1);
        let after = self.chars[end..].iter().find(|c| !matches!(c, ' ' | '\t'));
        let before = self.chars[..start]
            .iter()
            .rev()
            .find(|c| !matches!(c, ' ' | '\t'));
        after.is_some_and(|c| matches!(c, ':' | '-' | '–' | '—' | '&'))
            || self.words.get(t + 1).is_some_and(|w| w == "and")
            || before.is_some_and(|c| matches!(c, '▶' | '►' | '•' | '★' | '→' | '➤' | '■' | '▪'))
    }

    /// Whether a vague term (words `t..t + n`) stands where a disclosure would: as a
    /// hashtag (`#sp`, `#collab`), or naming the brand — followed, directly or after
    /// `to`/`with`/`by`/`from`/`for`, by an @handle or a capitalised name ("Thanks to
    /// Lumen", "partner @lumen"). "Thanks for watching", "Thank you, have a nice day" and
    /// "a Network to partner with" use the words for something else.
    fn used_as_disclosure(&self, t: usize, n: usize) -> bool {
        if self.spans[t].2 {
            return true;
        }
        let names_someone = |i: usize| {
            self.spans.get(i).is_some_and(|&(start, _, _)| {
                // Same sentence: nothing but spaces and commas in between.
                let gap = &self.chars[self.spans[i - 1].1..start];
                gap.iter().all(|c| matches!(c, ' ' | ',' | ':' | '@'))
                    && (gap.ends_with(&['@']) || self.chars[start].is_uppercase())
            })
        };
        let next = t + n;
        let linked = matches!(
            self.words.get(next).map(String::as_str),
            Some("to" | "with" | "by" | "from" | "for")
        );
        names_someone(next) || (linked && names_someone(next + 1))
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
                SPONSOR,
            ]
            .iter()
            .flat_map(|list| list.iter())
            .filter_map(|label| label.split_whitespace().next())
            .collect()
        })
        .contains(word)
}

/// Words that turn a label into a denial ("NOT sponsored", "kein Werbung").
const NEGATIONS: &[&str] = &[
    "not", "no", "non", "never", "isn", "wasn", "aren", "weren", "doesn", "didn",
    // The same without the apostrophe, as people type it: "THIS VIDEO ISNT SPONSORED".
    "isnt", "wasnt", "arent", "werent", "doesnt", "didnt", "dont", "aint", "nicht", "kein", "keine",
    "pas", "sans", "sin", "geen", "não", "nao",
];

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
                ("I earn".to_owned(), Accepted),
                ("qualifying purchases".to_owned(), Accepted)
            ]
        );
        // Pins glue the label to the last word with a hyphen.
        assert_eq!(
            kinds("Dark Red *** Details can be found by clicking on the image-affiliate link."),
            [("affiliate link".to_owned(), Risky)]
        );
        assert_eq!(
            kinds("Sink Grid and Cutting Board * Click image for more details-affiliate link"),
            [("affiliate link".to_owned(), Risky)]
        );
        assert_eq!(
            kinds("Gear list (paid links) #CommissionsEarned"),
            [
                ("paid links".to_owned(), Accepted),
                ("#CommissionsEarned".to_owned(), Accepted)
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
                ("I earn".to_owned(), Accepted),
                ("commission".to_owned(), Accepted),
                ("commissionable".to_owned(), Accepted)
            ]
        );
    }

    #[test]
    fn other_programs_and_languages_disclose() {
        use Judgement::{Accepted, Risky};
        assert_eq!(
            kinds("As an eBay Partner, I may be compensated if you make a purchase"),
            [
                ("eBay Partner".to_owned(), Risky),
                ("compensated".to_owned(), Accepted)
            ]
        );
        assert_eq!(
            kinds("*Affiliate-Links: kaufst du darüber, erhalte ich eine kleine Provision"),
            [
                ("Affiliate-Links".to_owned(), Risky),
                ("kleine Provision".to_owned(), Accepted)
            ]
        );
        assert_eq!(
            kinds("Les liens affiliés ci-dessous"),
            [("liens affiliés".to_owned(), Risky)]
        );
        assert!(kinds("Dieses Video ist nicht gesponsert").is_empty());
        assert_eq!(
            kinds("If you buy through these links I receive a small percentage of the sale"),
            [("small percentage".to_owned(), Accepted)]
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
            kinds("in collaboration with Lumen"),
            [("in collaboration with".to_owned(), Rejected)]
        );
        // "ad" in a heading that goes on to deny it.
        assert!(kinds("ad disclosure.  THIS IS NOT AN AD.  not selling anything").is_empty());
        assert!(kinds("Ad-free version on Patreon").is_empty());
    }

    #[test]
    fn support_sentences_disclose_only_when_said_of_the_links() {
        use Judgement::Risky;
        assert_eq!(
            kinds("Purchases through these links support the channel at no cost to you"),
            [("support the channel".to_owned(), Risky)]
        );
        assert_eq!(
            kinds("Buying anything through my Amazon store helps support me!"),
            [("helps support".to_owned(), Risky)]
        );
        assert_eq!(
            kinds("Using these links helps me out at no extra cost to you"),
            [
                ("helps me out".to_owned(), Risky),
                ("no extra cost to".to_owned(), Risky)
            ]
        );
        // Real descriptions (Mathur et al. 2018 YouTube data): the tie may follow.
        assert_eq!(
            kinds("Support us by shopping with this Amazon link:  http://amzn.to/1OufB7I"),
            [("Support us".to_owned(), Risky)]
        );
        assert_eq!(
            kinds("Help support our channel by purchasing from Amazon: US: http://goo.gl/q9DGB7"),
            [("Help support".to_owned(), Risky)]
        );
        assert!(kinds("Support me on Patreon via this link").is_empty());
        assert!(kinds("Support me on Patreon: https://patreon.com/x").is_empty());
        assert!(kinds("Links below. Support the channel by subscribing").is_empty());
    }

    #[test]
    fn sponsor_nouns_disclose_like_sponsored() {
        // Real YouTube descriptions.
        use Judgement::{Accepted, Rejected};
        assert_eq!(
            kinds(
                "send love to my sponsor; for a super Limited Time! Go to https://NordVPN.com/casey"
            ),
            [("my sponsor".to_owned(), Accepted)]
        );
        assert_eq!(
            kinds("Special Thanks To Our Video Sponsors: https://x.example/storm"),
            [
                ("Thanks".to_owned(), Rejected),
                ("Video Sponsors".to_owned(), Accepted)
            ]
        );
        assert_eq!(
            kinds("Sponsor: NordVPN https://nordvpn.com/x"),
            [("Sponsor".to_owned(), Accepted)]
        );
        assert!(kinds("Sponsor this channel to get perks").is_empty());
        for heading in [
            "SPONSORS AND PROMOTIONS Use \"Colt\"",
            "► Twitter ▶ Sponsors opseat",
        ] {
            assert_eq!(kinds(heading).len(), 1, "{heading}");
        }
        use Judgement::Risky;
        assert_eq!(
            kinds("🏀 This video is presented by EA Game Changers 🏀"),
            [("presented by".to_owned(), Risky)]
        );
        assert_eq!(
            kinds("FTC Disclaimer: I was sent some of the books and/or products"),
            [("was sent".to_owned(), Risky)]
        );
        assert!(kinds("Perfect for Advertisement, wedding films, slideshows").is_empty());
        assert_eq!(
            analyse("Today's sponsor is Lumen", UK).labels[0].judgement,
            Judgement::Risky
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
