//! [`OtherCreators`]: the creators an export names that the campaign does not list,
//! counted in bounded memory (marketplaces have millions) and a few of them named.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashSet, FxHasher};

/// How many other creators a note names.
pub const NAMED: usize = 10;

/// Up to how many distinct other creators are counted exactly.
pub const COUNTED: usize = 1_000_000;

/// The creators rows name that the campaign does not list: their rows, how many there
/// are (exactly up to [`COUNTED`]) and the first few by key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OtherCreators {
    /// Rows naming such a creator.
    pub rows: u64,
    /// The [`NAMED`] smallest keys, with the spelling to show.
    named: BTreeMap<String, String>,
    /// A hash of each key, while there are no more than [`COUNTED`].
    seen: FxHashSet<u64>,
    /// Whether more than [`COUNTED`] were met.
    beyond: bool,
}

impl OtherCreators {
    /// Counts a row of the creator with key `key`, written `shown`.
    pub fn record(&mut self, key: &str, shown: &str) {
        self.rows += 1;
        if !self.beyond {
            let mut hasher = FxHasher::default();
            key.hash(&mut hasher);
            self.seen.insert(hasher.finish());
            self.bound();
        }
        self.name(key, shown);
    }

    /// Past [`COUNTED`], stops counting exactly and gives the memory back.
    fn bound(&mut self) {
        if self.beyond || self.seen.len() > COUNTED {
            self.seen = FxHashSet::default();
            self.beyond = true;
        }
    }

    /// Counts another row of a creator recorded before.
    pub fn again(&mut self) {
        self.rows += 1;
    }

    fn name(&mut self, key: &str, shown: &str) {
        let fits = self.named.len() < NAMED
            || self
                .named
                .last_key_value()
                .is_some_and(|(last, _)| key < last.as_str());
        if fits && !self.named.contains_key(key) {
            self.named.insert(key.to_owned(), shown.to_owned());
            if self.named.len() > NAMED {
                self.named.pop_last();
            }
        }
    }

    /// Adds another reading's count.
    pub fn absorb(&mut self, other: OtherCreators) {
        self.rows += other.rows;
        for (key, shown) in other.named {
            self.name(&key, &shown);
        }
        self.beyond |= other.beyond;
        if !self.beyond {
            self.seen.extend(other.seen);
        }
        self.bound();
    }

    /// How many there are, and whether that is a lower bound (more than [`COUNTED`]).
    pub fn count(&self) -> (usize, bool) {
        if self.beyond {
            (COUNTED, true)
        } else {
            (self.seen.len(), false)
        }
    }

    /// The first few, by key, as written.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.named.values().map(String::as_str)
    }

    /// The sentence for a scorecard's notes, when there are any.
    pub fn note(&self) -> Option<String> {
        let (count, lower_bound) = self.count();
        if count == 0 {
            return None;
        }
        let shown = crate::text::quote_list_within(self.names(), 240);
        let named = self.named.len();
        let creators = if count == 1 { "creator" } else { "creators" };
        Some(if named == count && !lower_bound {
            format!(
                "the exports name {count} {creators} not in the campaign file (counted in totals, not gated): {shown}"
            )
        } else {
            let more = if lower_bound { "more than " } else { "" };
            format!(
                "the exports name {more}{} {creators} not in the campaign file ({}, counted in totals, not gated), among them {shown}",
                crate::text::thousands(count as u64),
                rows(self.rows)
            )
        })
    }
}

fn rows(n: u64) -> String {
    if n == 1 {
        "1 row".to_owned()
    } else {
        format!("{} rows", crate::text::thousands(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_first_by_key_and_counts_the_rest() {
        let mut others = OtherCreators::default();
        for i in (0..25).rev() {
            others.record(&format!("c{i:02}"), &format!("@C{i:02}"));
            others.record(&format!("c{i:02}"), &format!("@c{i:02}"));
        }
        assert_eq!(others.count(), (25, false));
        assert_eq!(others.rows, 50);
        let names: Vec<&str> = others.names().collect();
        assert_eq!(
            names,
            [
                "@C00", "@C01", "@C02", "@C03", "@C04", "@C05", "@C06", "@C07", "@C08", "@C09"
            ]
        );
        assert_eq!(
            others.note().as_deref(),
            Some(
                "the exports name 25 creators not in the campaign file (50 rows, counted in totals, not gated), among them @C00, @C01, @C02, @C03, @C04, @C05, @C06, @C07, @C08, @C09"
            )
        );
    }

    #[test]
    fn parts_read_apart_count_like_one_reading() {
        let (mut whole, mut first, mut second) = Default::default();
        for i in 0..30 {
            let key = format!("k{i}");
            OtherCreators::record(&mut whole, &key, &key);
            let part: &mut OtherCreators = if i % 2 == 0 { &mut first } else { &mut second };
            part.record(&key, &key);
            // Every creator also appears in the other part once.
            let other: &mut OtherCreators = if i % 2 == 0 { &mut second } else { &mut first };
            other.record(&key, &key);
            whole.record(&key, &key);
        }
        first.absorb(second);
        assert_eq!(first, whole);
    }

    #[test]
    fn a_few_are_all_named() {
        let mut others = OtherCreators::default();
        others.record("ana", "@Ana");
        assert_eq!(
            others.note().as_deref(),
            Some(
                "the exports name 1 creator not in the campaign file (counted in totals, not gated): @Ana"
            )
        );
    }
}
