//! [`MetricTable`]: named metric sums, overall and per group.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use hashbrown::HashTable;
use rustc_hash::FxHashMap as HashMap;
use std::fmt;

use serde::Serialize;

use super::number::Fixed;
use super::sums::{FlatSums, Sums, SumsView};
pub(crate) use super::sums::{Overflow, Row};

/// A way to split the sums.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dimension {
    /// By creator handle.
    Creator,
    /// By platform.
    Platform,
    /// By content format.
    Format,
    /// By ISO week (`2026-W15`).
    Week,
}

impl Dimension {
    /// Every dimension, in display order.
    pub const ALL: [Dimension; 4] = [
        Dimension::Creator,
        Dimension::Platform,
        Dimension::Format,
        Dimension::Week,
    ];

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Dimension::Creator => "creator",
            Dimension::Platform => "platform",
            Dimension::Format => "format",
            Dimension::Week => "week",
        })
    }
}

/// The key of rows that leave a dimension blank.
pub const UNATTRIBUTED: &str = "(none)";

/// The groups of one dimension: key → sums, keys kept in first-seen order.
///
/// Compact on purpose, as there can be millions of creators: the keys (and how each
/// creator is shown) sit back to back in one string, the index holds only group ids,
/// and a group's sums are made when something is added to it (a key can be known, to
/// number a combination or to name a creator, without sums of its own).
#[derive(Debug, Clone, Default)]
pub(crate) struct Groups {
    /// Every key and spelling, back to back.
    text: String,
    /// Per group: where its key is in `text`.
    keys: Vec<Span>,
    /// Group ids, each with 32 bits of its key's hash (growing the table rehashes
    /// without reading the keys again).
    index: HashTable<(u32, u32)>,
    /// Per group (creators only): how it is shown and the line that first wrote it so.
    spelling: Vec<Option<(Span, u64)>>,
    sums: Vec<Sums>,
}

/// A stretch of [`Groups::text`]: its start and length, in one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span(u64);

impl Span {
    /// Room for 16 MiB per text (rows are far shorter) and 1 TiB in all.
    const LEN_BITS: u32 = 24;

    fn range(self) -> std::ops::Range<usize> {
        let start = (self.0 >> Self::LEN_BITS) as usize;
        start..start + (self.0 & ((1 << Self::LEN_BITS) - 1)) as usize
    }
}

/// 32 bits of the hash of a key.
fn hash_key(key: &str) -> u32 {
    use std::hash::BuildHasher;
    (rustc_hash::FxBuildHasher.hash_one(key) >> 32) as u32
}

/// Four group ids in one number.
fn pack_ids(ids: [u32; 4]) -> u128 {
    ids.iter()
        .fold(0u128, |key, id| key << 32 | u128::from(*id))
}

/// 32 bits of the hash of packed group ids.
fn hash_ids(packed: u128) -> u32 {
    mix(packed) as u32
}

/// A hash of a packed key with every input bit mixed into every output bit (a
/// multiplicative hash's high bits alone miss the high bits of its input).
fn mix(packed: u128) -> u64 {
    let x = packed as u64 ^ ((packed >> 64) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let x = (x ^ x >> 32).wrapping_mul(0xD6E8_FEB8_6659_FD93);
    x ^ x >> 32
}

/// A packed key as two words (8-byte aligned: 24-byte entries, not 32).
fn words(key: u128) -> [u64; 2] {
    [key as u64, (key >> 64) as u64]
}

/// Two words as a packed key.
fn packed([low, high]: [u64; 2]) -> u128 {
    u128::from(low) | u128::from(high) << 64
}

/// Ids by packed key, every key kept up to [`Cells::MAX`] (unlike [`Recent`]); a key as two words, so that
/// an entry takes 24 bytes. Cells that are seldom found again stop being kept: see
/// [`Cells::insert`].
#[derive(Debug, Clone, Default)]
pub(crate) struct Cells {
    held: HashTable<([u64; 2], u32)>,
    /// How many lookups found a key.
    found: usize,
    /// Set once keeping keys was found not to pay: nothing is kept or looked up again.
    off: bool,
}

impl Cells {
    /// The id of `key`.
    pub(crate) fn get(&mut self, key: u128) -> Option<usize> {
        if self.off {
            return None;
        }
        let wanted = words(key);
        let id = self
            .held
            .find(mix(key), |&(k, _)| k == wanted)
            .map(|&(_, id)| id as usize);
        self.found += usize::from(id.is_some());
        id
    }

    /// Most keys held (24 MiB): past them, a key is not remembered and its id is found
    /// the longer way, as remembering would save little and cost a probe and an insert
    /// per new key (marketplaces have millions of creators, most met once).
    const MAX: usize = 1 << 20;

    /// How many keys are held before asking whether holding them pays.
    const TRIAL: usize = 1 << 18;

    /// Remembers `id` for `key` (not held yet), while fewer than [`Cells::MAX`] are.
    /// When [`Cells::TRIAL`] keys are held and fewer lookups than that found one (most
    /// keys were met once: a file of millions of creators, each on a row or two), the
    /// keys are dropped and no longer kept: each would cost a probe and an insert and
    /// save nothing.
    pub(crate) fn insert(&mut self, key: u128, id: usize) {
        if self.off || self.held.len() >= Cells::MAX {
            return;
        }
        if self.held.len() == Cells::TRIAL && self.found < Cells::TRIAL {
            *self = Cells {
                off: true,
                ..Cells::default()
            };
            return;
        }
        if let Ok(id) = u32::try_from(id) {
            let entry = (words(key), id);
            self.held
                .insert_unique(mix(key), entry, |&(k, _)| mix(packed(k)));
        }
    }
}

/// Sorts `items` (pairs, so no two are equal), each half on a core of its own when
/// there are many, then merges the halves.
fn sort_on_two_cores<T: Ord + Copy + Send>(items: &mut Vec<T>) {
    const MIN_PARALLEL: usize = 1 << 16;
    if items.len() < MIN_PARALLEL {
        items.sort_unstable();
        return;
    }
    let middle = items.len() / 2;
    let (low, high) = items.split_at_mut(middle);
    std::thread::scope(|scope| {
        scope.spawn(|| low.sort_unstable());
        high.sort_unstable();
    });
    let (low, high) = items.split_at(middle);
    let mut merged = Vec::with_capacity(items.len());
    let (mut i, mut j) = (0, 0);
    while i < low.len() && j < high.len() {
        if low[i] <= high[j] {
            merged.push(low[i]);
            i += 1;
        } else {
            merged.push(high[j]);
            j += 1;
        }
    }
    merged.extend_from_slice(&low[i..]);
    merged.extend_from_slice(&high[j..]);
    *items = merged;
}

/// The hash the index files a key under, from its 32 bits: the low bits place it, the
/// high bits tell keys apart within a place.
fn spread(hash: u32) -> u64 {
    u64::from(hash) << 32 | u64::from(hash)
}

impl Groups {
    /// How many groups there are.
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    /// The key of group `id`.
    pub(crate) fn key(&self, id: usize) -> &str {
        &self.text[self.keys[id].range()]
    }

    /// Every key, in first-seen order.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &str> {
        self.keys.iter().map(|span| &self.text[span.range()])
    }

    /// The group of `key`, if there is one.
    pub(crate) fn get(&self, key: &str) -> Option<usize> {
        self.get_hashed(key, hash_key(key))
    }

    fn get_hashed(&self, key: &str, hash: u32) -> Option<usize> {
        self.index
            .find(spread(hash), |&(id, h)| {
                h == hash && self.key(id as usize) == key
            })
            .map(|&(id, _)| id as usize)
    }

    /// Adds `text` to the string of keys.
    fn store(&mut self, text: &str) -> Span {
        let start = self.text.len() as u64;
        self.text.push_str(text);
        Span(start << Span::LEN_BITS | (text.len() as u64 & ((1 << Span::LEN_BITS) - 1)))
    }

    /// Room for `more` groups.
    fn reserve(&mut self, more: usize) {
        self.keys.reserve(more);
        self.index.reserve(more, |&(_, h)| spread(h));
    }

    /// The group of `key`, added when new.
    pub(crate) fn id(&mut self, key: &str) -> usize {
        let hash = hash_key(key);
        if let Some(id) = self.get_hashed(key, hash) {
            return id;
        }
        self.add(key, hash)
    }

    /// Where each key of `other` is here (`u32::MAX`: not here), with its hash: looked up
    /// on two cores when there are many.
    fn find_all(&self, other: &Groups) -> Vec<(u32, u32)> {
        let find = |ids: std::ops::Range<usize>| -> Vec<(u32, u32)> {
            ids.map(|id| {
                let key = other.key(id);
                let hash = hash_key(key);
                let here = self.get_hashed(key, hash);
                (hash, here.map_or(u32::MAX, |h| h as u32))
            })
            .collect()
        };
        let n = other.len();
        if n < 1 << 16 {
            return find(0..n);
        }
        let (mut low, high) = std::thread::scope(|scope| {
            let high = scope.spawn(|| find(n / 2..n));
            (find(0..n / 2), high.join())
        });
        match high {
            Ok(high) => {
                low.extend(high);
                low
            }
            Err(_) => find(0..n),
        }
    }

    /// Adds `key` (not here yet), whose hash is `hash`, as a new group.
    fn add(&mut self, key: &str, hash: u32) -> usize {
        let id = self.keys.len();
        let span = self.store(key);
        self.keys.push(span);
        let entry = (u32::try_from(id).unwrap_or(u32::MAX), hash);
        self.index
            .insert_unique(spread(hash), entry, |&(_, h)| spread(h));
        id
    }

    /// How group `id` is shown, when a spelling was recorded, and on what line.
    fn spelling(&self, id: usize) -> Option<(&str, u64)> {
        let (span, line) = (*self.spelling.get(id)?)?;
        Some((&self.text[span.range()], line))
    }

    /// Records that group `id` is written `shown` on `line`, unless a spelling is
    /// recorded already (the first one wins).
    pub(crate) fn spell(&mut self, id: usize, shown: &str, line: u64) {
        if self.spelling(id).is_none() {
            self.set_spelling(id, shown, line);
        }
    }

    /// Records that group `id` is written `shown` on `line` when a spelling from a later
    /// line is recorded (another part of the same input met it first).
    fn respell_if_earlier(&mut self, id: usize, shown: &str, line: u64) {
        if self.spelling(id).is_some_and(|(_, held)| line < held) {
            self.set_spelling(id, shown, line);
        }
    }

    fn set_spelling(&mut self, id: usize, shown: &str, line: u64) {
        if id >= self.spelling.len() {
            self.spelling.resize(id + 1, None);
        }
        let span = if shown == self.key(id) {
            self.keys[id]
        } else {
            self.store(shown)
        };
        self.spelling[id] = Some((span, line));
    }

    pub(crate) fn sums_mut(&mut self, id: usize) -> &mut Sums {
        if id >= self.sums.len() {
            self.sums.resize_with(id + 1, Sums::default);
        }
        &mut self.sums[id]
    }

    /// The sums of group `id`, when anything was added to it.
    fn sums(&self, id: usize) -> Option<&Sums> {
        self.sums.get(id)
    }
}

/// Named metric sums, overall and per creator, platform, format and week.
#[derive(Debug, Clone, Default)]
pub struct MetricTable {
    names: Vec<String>,
    index: HashMap<String, usize>,
    total: Sums,
    groups: [Groups; 4],
    /// Sums per creator and ISO week, keyed `creator␟week` (only when asked for).
    creator_weeks: Groups,
    /// (creator group id, week group id) → creator-week group id.
    creator_week_index: HashMap<(usize, usize), usize>,
    /// Sums per combination of dimensions (`kpi metrics --by creator,week`), keyed by the
    /// group ids of up to four dimensions (no strings per group: there can be many).
    combo_dims: Vec<Dimension>,
    /// Combination ids, each with 32 bits of its packed key's hash (as [`Groups::index`]).
    combo_index: HashTable<(u32, u32)>,
    /// The combinations met lately, by packed key (2^16: 1.5 MiB, more than the groups
    /// of a week of a large export, less than a core's cache).
    combo_recent: Recent<16>,
    /// With one dimension: group id → combination id (`u32::MAX`: none).
    combo_dense: Vec<u32>,
    /// Per combination, the group ids of its dimensions (`u32::MAX`: unused).
    combo_keys: Vec<[u32; 4]>,
    combo_sums: FlatSums,
    /// Gauges (levels such as follower totals): the latest value of each series — a
    /// creator on a platform in a format — in each week, by metric; turned into group
    /// values by [`MetricTable::settle_gauges`], never summed across days.
    gauges: HashMap<GaugeKey, Latest>,
    /// Per week group id, the days of the week rows were dated on (bit 0 Monday … bit 6
    /// Sunday): a history's first and last weeks may be partial.
    week_days: Vec<u8>,
    /// Per affiliate code a contract holds ([`super::code_key`]), the sums of the rows
    /// carrying it by day (undated rows under `None`): settlement counts an order by the
    /// day it was placed.
    code_days: BTreeMap<String, BTreeMap<Option<NaiveDate>, CodeDay>>,
}

/// The rows carrying one affiliate code on one day: all of them, and apart those whose
/// revenue is negative (refunds), which are in `all` too.
#[derive(Debug, Clone, Default)]
pub struct CodeDay {
    /// Every row.
    pub all: Sums,
    /// The rows with a negative `revenue`.
    pub refunds: Sums,
}

/// A gauge series in one week: creator, platform, format and week group ids, metric id.
type GaugeKey = [u32; 5];

/// The latest value of a gauge series: by date, then by line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Latest {
    date: i32,
    line: u64,
    value: Fixed,
}

impl Latest {
    /// Two observations of one series in one week: the later one — but undated rows (a
    /// list of creators, not a series over time) are each their own entity, so they add.
    fn combine(self, other: Latest, metric: usize) -> Result<Latest, Overflow> {
        if self.date == i32::MIN && other.date == i32::MIN {
            let value = self
                .value
                .checked_add(other.value)
                .ok_or(Overflow(metric))?;
            return Ok(Latest {
                value,
                line: self.line.max(other.line),
                date: i32::MIN,
            });
        }
        Ok(self.later(other))
    }

    fn later(self, other: Latest) -> Latest {
        if (other.date, other.line) >= (self.date, self.line) {
            other
        } else {
            self
        }
    }
}

/// The first 16 bytes of `name` as a number that sorts as the bytes do (shorter first
/// among equal bytes).
fn prefix(name: &str) -> u128 {
    let mut bytes = [0u8; 16];
    let n = name.len().min(16);
    bytes[..n].copy_from_slice(&name.as_bytes()[..n]);
    u128::from_be_bytes(bytes)
}

/// Ids met lately, by a packed key (two words), in a small direct-mapped table of
/// 2^`BITS` slots that stays in cache: rows come clustered (by date, by creator), so
/// most lookups end here before a large index. A key landing on a held slot takes it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Recent<const BITS: u32> {
    /// Packed key (as two words: 24-byte slots) → id + 1 (0: none); made on first use.
    slots: Vec<([u64; 2], u32)>,
}

impl<const BITS: u32> Recent<BITS> {
    fn slot(key: [u64; 2]) -> usize {
        (mix(packed(key)) >> (64 - BITS)) as usize
    }

    /// The id remembered for `key`.
    pub(crate) fn get(&self, key: u128) -> Option<usize> {
        let key = words(key);
        match self.slots.get(Self::slot(key)) {
            Some(&(held, id)) if held == key && id != 0 => Some(id as usize - 1),
            _ => None,
        }
    }

    /// Remembers `id` for `key`.
    pub(crate) fn put(&mut self, key: u128, id: usize) {
        if self.slots.is_empty() {
            self.slots = vec![([0, 0], 0); 1 << BITS];
        }
        let key = words(key);
        if let Ok(one_based) = u32::try_from(id + 1) {
            self.slots[Self::slot(key)] = (key, one_based);
        }
    }
}

/// Separates creator and week in a creator-week key.
const CREATOR_WEEK: char = '\u{1f}';

impl MetricTable {
    /// An empty table.
    pub fn new() -> MetricTable {
        MetricTable::default()
    }

    /// An empty table whose metrics `names` have the ids they have in the table they
    /// come from.
    pub fn with_metrics(names: &[String]) -> MetricTable {
        let mut table = MetricTable::new();
        for name in names {
            table.metric_id(name);
        }
        table
    }

    /// The index of metric `name`, adding it when new.
    pub fn metric_id(&mut self, name: &str) -> usize {
        if let Some(&id) = self.index.get(name) {
            return id;
        }
        let id = self.names.len();
        self.index.insert(name.to_owned(), id);
        self.names.push(name.to_owned());
        id
    }

    /// Records that a row of week group `week` is dated on `weekday` (0 Monday … 6 Sunday).
    pub(crate) fn mark_day(&mut self, week: usize, weekday: u32) {
        if week >= self.week_days.len() {
            self.week_days.resize(week + 1, 0);
        }
        self.week_days[week] |= 1 << weekday.min(6);
    }

    /// The days of ISO week `week` (`2026-W15`) that rows were dated on: bit 0 Monday …
    /// bit 6 Sunday.
    pub fn week_days(&self, week: &str) -> u8 {
        self.groups[Dimension::Week.index()]
            .get(week)
            .and_then(|id| self.week_days.get(id))
            .copied()
            .unwrap_or(0)
    }

    /// Every metric name any source provided, in first-seen order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Whether any source provides metric `name` (it may still be absent in a group).
    pub fn has(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }

    /// The overall sum of `name`; `None` when no row had a value.
    pub fn total(&self, name: &str) -> Option<Fixed> {
        self.total.get(*self.index.get(name)?)
    }

    /// The overall sums.
    pub fn totals(&self) -> &Sums {
        &self.total
    }

    /// The sum of `name` in one group; `None` when absent.
    pub fn group_value(&self, dimension: Dimension, key: &str, name: &str) -> Option<Fixed> {
        let groups = &self.groups[dimension.index()];
        groups.sums(groups.get(key)?)?.get(*self.index.get(name)?)
    }

    /// The group keys of a dimension, sorted (weeks chronologically, others by name).
    pub fn keys(&self, dimension: Dimension) -> Vec<&str> {
        let mut keys: Vec<&str> = self.groups[dimension.index()].keys().collect();
        keys.sort_unstable();
        keys
    }

    /// The handle to show for a creator key.
    pub fn creator_name<'a>(&'a self, key: &'a str) -> &'a str {
        let creators = &self.groups[Dimension::Creator.index()];
        creators
            .get(key)
            .and_then(|id| creators.spelling(id))
            .map_or(key, |(shown, _)| shown)
    }

    /// Records how a creator key is shown (adding its group when new); the first
    /// spelling recorded wins.
    pub fn name_creator(&mut self, key: &str, shown: &str) {
        let creators = self.groups_mut(Dimension::Creator);
        let id = creators.id(key);
        creators.spell(id, shown, 0);
    }

    /// The handle to show for creator group `id`.
    fn creator_shown(&self, id: usize) -> &str {
        let creators = &self.groups[Dimension::Creator.index()];
        creators
            .spelling(id)
            .map_or_else(|| creators.key(id), |(shown, _)| shown)
    }

    /// Takes the spellings `other` (another part of the same input) met on earlier
    /// lines, so that merging the parts shows each creator as the input first wrote it.
    pub(crate) fn adopt_earlier_names(&mut self, other: &MetricTable) {
        for (id, days) in other.week_days.iter().enumerate() {
            if *days != 0 {
                let key = other.group_key(Dimension::Week, id).to_owned();
                let mine = self.groups_mut(Dimension::Week).id(&key);
                if mine >= self.week_days.len() {
                    self.week_days.resize(mine + 1, 0);
                }
                self.week_days[mine] |= days;
            }
        }
        let theirs = &other.groups[Dimension::Creator.index()];
        for id in 0..theirs.len() {
            if let Some((shown, line)) = theirs.spelling(id)
                && let Some(mine) = self.groups[Dimension::Creator.index()].get(theirs.key(id))
            {
                self.groups_mut(Dimension::Creator)
                    .respell_if_earlier(mine, shown, line);
            }
        }
    }

    /// The value of metric `name` in a group, or overall when `group` is `None`.
    pub fn value(&self, group: Option<(Dimension, &str)>, name: &str) -> Option<Fixed> {
        match group {
            None => self.total(name),
            Some((dimension, key)) => self.group_value(dimension, key, name),
        }
    }

    /// The sum of `name` for one creator key in one ISO week (`2026-W15`).
    pub fn creator_week_value(&self, creator: &str, week: &str, name: &str) -> Option<Fixed> {
        let c = self.groups[Dimension::Creator.index()].get(creator)?;
        let w = self.groups[Dimension::Week.index()].get(week)?;
        let id = *self.creator_week_index.get(&(c, w))?;
        self.creator_weeks.sums(id)?.get(*self.index.get(name)?)
    }

    pub(crate) fn creator_week_id(&mut self, creator: usize, week: usize) -> usize {
        if let Some(&id) = self.creator_week_index.get(&(creator, week)) {
            return id;
        }
        let key = format!(
            "{}{CREATOR_WEEK}{}",
            self.groups[Dimension::Creator.index()].key(creator),
            self.groups[Dimension::Week.index()].key(week)
        );
        let id = self.creator_weeks.id(&key);
        self.creator_week_index.insert((creator, week), id);
        id
    }

    /// The combination groups: their key parts (shown names) and sums, in first-seen order.
    pub fn combos(&self) -> impl Iterator<Item = (Vec<&str>, SumsView<'_>)> {
        (0..self.combo_sums.len()).map(|i| {
            let (parts, sums) = self.combo(i);
            (parts.collect(), sums)
        })
    }

    /// The combination groups in order of their key parts as shown (weeks
    /// chronologically, the others by name; ties in first-seen order), by index.
    pub fn sorted_combos(&self) -> Vec<usize> {
        // Each dimension's groups are ranked by name once; the combinations are then
        // sorted by their ranks, numbers rather than strings (there can be millions).
        let ranks: Vec<Vec<u32>> = self.combo_dims.iter().map(|d| self.ranks(*d)).collect();
        let mut order: Vec<(u128, usize)> = self
            .combo_keys
            .iter()
            .enumerate()
            .map(|(i, ids)| {
                let key = ranks.iter().zip(ids).fold(0u128, |key, (rank, id)| {
                    key << 32 | u128::from(rank.get(*id as usize).copied().unwrap_or(u32::MAX))
                });
                (key, i)
            })
            .collect();
        sort_on_two_cores(&mut order);
        order.into_iter().map(|(_, i)| i).collect()
    }

    /// The rank of each group of `dimension` by the name shown for it (equal names share one).
    fn ranks(&self, dimension: Dimension) -> Vec<u32> {
        let shown: Vec<&str> = (0..self.groups[dimension.index()].len())
            .map(|id| self.shown_key(dimension, id))
            .collect();
        // Sorted by the first 16 bytes as one number (no string is read while sorting),
        // then each run of equal beginnings by the whole name.
        let mut ids: Vec<(u128, u32)> = shown
            .iter()
            .enumerate()
            .filter_map(|(i, name)| Some((prefix(name), u32::try_from(i).ok()?)))
            .collect();
        sort_on_two_cores(&mut ids);
        let name = |&(_, id): &(u128, u32)| shown[id as usize];
        for run in ids.chunk_by_mut(|a, b| a.0 == b.0) {
            if run.len() > 1 {
                run.sort_by(|a, b| name(a).cmp(name(b)).then(a.1.cmp(&b.1)));
            }
        }
        let mut ranks = vec![0; shown.len()];
        let mut rank = 0u32;
        for (pos, entry) in ids.iter().enumerate() {
            if pos > 0 && name(&ids[pos - 1]) != name(entry) {
                rank += 1;
            }
            ranks[entry.1 as usize] = rank;
        }
        ranks
    }

    /// The name shown for group `id` of `dimension` (a creator as the input wrote it).
    fn shown_key(&self, dimension: Dimension, id: usize) -> &str {
        if dimension == Dimension::Creator {
            self.creator_shown(id)
        } else {
            self.group_key(dimension, id)
        }
    }

    /// Combination group `index`: its key parts as shown, and its sums.
    pub fn combo(&self, index: usize) -> (impl Iterator<Item = &str>, SumsView<'_>) {
        let ids = &self.combo_keys[index];
        let parts = self
            .combo_dims
            .iter()
            .zip(ids)
            .map(|(d, i)| self.shown_key(*d, *i as usize));
        (parts, self.combo_sums.get(index))
    }

    /// The combination group for these group ids of `dims` (ids of unused slots are ignored).
    pub(crate) fn combo_id(&mut self, dims: &[Dimension], ids: [usize; 4]) -> usize {
        if self.combo_dims.is_empty() {
            self.combo_dims = dims.to_vec();
        }
        // Four 32-bit ids (ids past 2³² would need more rows than any file holds).
        let small = ids.map(|id| u32::try_from(id).unwrap_or(u32::MAX));
        if let [one] = self.combo_dims[..]
            && one == dims[0]
            && small[0] != u32::MAX
        {
            return self.dense_combo_id(small);
        }
        // In one word pair: a small key hashes fast.
        let packed = pack_ids(small);
        if let Some(id) = self.combo_recent.get(packed) {
            return id;
        }
        let hash = hash_ids(packed);
        let keys = &self.combo_keys;
        let found = self
            .combo_index
            .find(spread(hash), |&(id, h)| {
                h == hash && keys[id as usize] == small
            })
            .map(|&(id, _)| id as usize);
        let id = found.unwrap_or_else(|| {
            let id = self.combo_sums.push();
            let entry = (u32::try_from(id).unwrap_or(u32::MAX), hash);
            self.combo_index
                .insert_unique(spread(hash), entry, |&(_, h)| spread(h));
            self.combo_keys.push(small);
            id
        });
        self.combo_recent.put(packed, id);
        id
    }

    /// The combination group of a single dimension's group `ids[0]`: found by position,
    /// as groups are numbered densely (no hashing, no index per group).
    fn dense_combo_id(&mut self, ids: [u32; 4]) -> usize {
        let group = ids[0] as usize;
        if let Some(&id) = self.combo_dense.get(group)
            && id != u32::MAX
        {
            return id as usize;
        }
        let id = self.combo_sums.push();
        if group >= self.combo_dense.len() {
            self.combo_dense.resize(group + 1, u32::MAX);
        }
        self.combo_dense[group] = u32::try_from(id).unwrap_or(u32::MAX);
        self.combo_keys.push(ids);
        id
    }

    /// Adds a row carrying affiliate code `code` (a [`super::code_key`]), dated `date`.
    pub(crate) fn add_code_row(
        &mut self,
        code: &str,
        date: Option<NaiveDate>,
        row: &Row,
    ) -> Result<(), Overflow> {
        let refund = self
            .index
            .get("revenue")
            .and_then(|&i| row.get(i))
            .is_some_and(|v| v < Fixed::ZERO);
        let days = match self.code_days.get_mut(code) {
            Some(days) => days,
            None => self.code_days.entry(code.to_owned()).or_default(),
        };
        let day = days.entry(date).or_default();
        day.all.add_row(row)?;
        if refund {
            day.refunds.add_row(row)?;
        }
        Ok(())
    }

    /// The days on which rows carried affiliate code `code`, in order (undated first).
    pub fn code_days(&self, code: &str) -> impl Iterator<Item = (Option<NaiveDate>, &CodeDay)> {
        self.code_days
            .get(code)
            .into_iter()
            .flat_map(|days| days.iter().map(|(d, day)| (*d, day)))
    }

    /// The index of metric `name` in sums of this table.
    pub fn metric_index(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// Adds a row's cells to combination group `id`.
    pub(crate) fn add_to_combo(&mut self, id: usize, row: &Row) -> Result<(), Overflow> {
        self.combo_sums.add_row(id, row)
    }

    pub(crate) fn group_key(&self, dimension: Dimension, id: usize) -> &str {
        self.groups[dimension.index()].key(id)
    }

    pub(crate) fn creator_weeks_mut(&mut self) -> &mut Groups {
        &mut self.creator_weeks
    }

    pub(crate) fn groups_mut(&mut self, dimension: Dimension) -> &mut Groups {
        &mut self.groups[dimension.index()]
    }

    pub(crate) fn total_mut(&mut self) -> &mut Sums {
        &mut self.total
    }

    /// Adds a value to the total and to the given groups (one key per dimension).
    pub(crate) fn add_fact(
        &mut self,
        keys: &[(Dimension, &str)],
        name: &str,
        value: Fixed,
    ) -> Result<(), Overflow> {
        let id = self.metric_id(name);
        self.total.add(id, value)?;
        for &(dimension, key) in keys {
            let groups = self.groups_mut(dimension);
            let gid = groups.id(key);
            groups.sums_mut(gid).add(id, value)?;
        }
        Ok(())
    }

    /// Records a gauge's value in a row of these creator, platform, format and week
    /// group ids, dated `date` (undated rows count as earliest, and add up), at `line`.
    pub(crate) fn observe_gauge(
        &mut self,
        ids: [usize; 4],
        metric: usize,
        date: Option<chrono::NaiveDate>,
        line: u64,
        value: Fixed,
    ) -> Result<(), Overflow> {
        let id = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
        let key = [id(ids[0]), id(ids[1]), id(ids[2]), id(ids[3]), id(metric)];
        let seen = Latest {
            date: date.map_or(i32::MIN, |d| chrono::Datelike::num_days_from_ce(&d)),
            line,
            value,
        };
        match self.gauges.entry(key) {
            std::collections::hash_map::Entry::Occupied(mut held) => {
                let combined = held.get().combine(seen, metric)?;
                held.insert(combined);
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(seen);
            }
        }
        Ok(())
    }

    /// Turns the gauges' observations into values of every group: in each group, the
    /// latest value of each series (creator × platform × format) in it, added up across
    /// series — never across days. Run once, after every input is read.
    pub fn settle_gauges(&mut self) -> Result<(), Overflow> {
        if self.gauges.is_empty() {
            return Ok(());
        }
        let gauges = std::mem::take(&mut self.gauges);
        // Each series' latest value over all weeks, and in each week.
        let mut overall: HashMap<[u32; 4], Latest> = HashMap::default();
        for (key, latest) in &gauges {
            let series = [key[0], key[1], key[2], key[4]];
            overall
                .entry(series)
                .and_modify(|held| *held = held.later(*latest))
                .or_insert(*latest);
        }
        let at = |i: u32| i as usize;
        for (series, latest) in &overall {
            let metric = at(series[3]);
            self.total.add(metric, latest.value)?;
            for (slot, dimension) in [Dimension::Creator, Dimension::Platform, Dimension::Format]
                .into_iter()
                .enumerate()
            {
                let gid = at(series[slot]);
                if gid < self.groups[dimension.index()].len() {
                    // A creator's (platform's, format's) latest: that series' overall.
                    self.groups_mut(dimension)
                        .sums_mut(gid)
                        .add(metric, latest.value)?;
                }
            }
        }
        for (key, latest) in &gauges {
            let metric = at(key[4]);
            if at(key[3]) < self.groups[Dimension::Week.index()].len() {
                self.groups_mut(Dimension::Week)
                    .sums_mut(at(key[3]))
                    .add(metric, latest.value)?;
            }
            if let Some(&cw) = self.creator_week_index.get(&(at(key[0]), at(key[3]))) {
                self.creator_weeks.sums_mut(cw).add(metric, latest.value)?;
            }
        }
        if !self.combo_dims.is_empty() {
            // Each combination: the latest value of each series in it (over its weeks,
            // unless the week is part of the combination).
            let dims = self.combo_dims.clone();
            let mut combos: HashMap<([usize; 4], [u32; 3], u32), Latest> = HashMap::default();
            for (key, latest) in &gauges {
                let mut ids = [usize::MAX; 4];
                for (slot, d) in ids.iter_mut().zip(&dims) {
                    *slot = at(key[d.index()]);
                }
                combos
                    .entry((ids, [key[0], key[1], key[2]], key[4]))
                    .and_modify(|held| *held = held.later(*latest))
                    .or_insert(*latest);
            }
            for ((ids, _, metric), latest) in combos {
                let gid = self.combo_id(&dims, ids);
                self.combo_sums.add(gid, at(metric), latest.value)?;
            }
        }
        Ok(())
    }

    /// Adds every sum of `other` into this table, taking it over whole when this one is
    /// still empty (no copy: a table can hold hundreds of thousands of groups).
    pub fn absorb(&mut self, other: MetricTable) -> Result<(), Overflow> {
        let extends = |a: &MetricTable, b: &MetricTable| {
            a.names.len() <= b.names.len() && a.names.iter().zip(&b.names).all(|(x, y)| x == y)
        };
        // Metric names alone (registered when a header is read) are no sums.
        let holds_nothing = self.total.is_empty()
            && self.groups.iter().all(|g| g.len() == 0)
            && self.creator_weeks.len() == 0
            && self.combo_sums.is_empty()
            && self.gauges.is_empty()
            && self.code_days.is_empty();
        if holds_nothing && extends(self, &other) {
            *self = other;
            return Ok(());
        }
        self.merge(&other)
    }

    /// Adds every sum of `other` into this table (for reading inputs in parallel).
    pub fn merge(&mut self, other: &MetricTable) -> Result<(), Overflow> {
        // Metric ids differ between tables; translate through the names.
        let translate: Vec<usize> = other.names.iter().map(|n| self.metric_id(n)).collect();
        self.total.merge_translated(&other.total, &translate)?;
        // Each group of `other` found (or added) here once: its id here, by dimension.
        let mut ids_of: [Vec<usize>; 4] = Default::default();
        for dimension in Dimension::ALL {
            let theirs = &other.groups[dimension.index()];
            let mine = &mut self.groups[dimension.index()];
            mine.reserve(theirs.len());
            let map = &mut ids_of[dimension.index()];
            map.reserve_exact(theirs.len());
            let found = mine.find_all(theirs);
            for (id, (hash, here)) in found.into_iter().enumerate() {
                let gid = match here {
                    u32::MAX => mine.add(theirs.key(id), hash),
                    here => here as usize,
                };
                if let Some(sums) = theirs.sums(id) {
                    mine.sums_mut(gid).merge_translated(sums, &translate)?;
                }
                if let Some((shown, line)) = theirs.spelling(id) {
                    mine.spell(gid, shown, line);
                }
                map.push(gid);
            }
        }
        let theirs = &other.creator_weeks;
        for (key, sums) in theirs.keys().zip(&theirs.sums) {
            let (creator, week) = key.split_once(CREATOR_WEEK).unwrap_or((key, ""));
            let c = self.groups_mut(Dimension::Creator).id(creator);
            let w = self.groups_mut(Dimension::Week).id(week);
            let gid = self.creator_week_id(c, w);
            self.creator_weeks
                .sums_mut(gid)
                .merge_translated(sums, &translate)?;
        }
        if !other.combo_sums.is_empty() {
            // Group ids differ between tables: translated by dimension.
            let dims = other.combo_dims.clone();
            let maps: Vec<&[usize]> = dims.iter().map(|d| &ids_of[d.index()][..]).collect();
            self.combo_sums.reserve(other.combo_sums.len());
            for (i, ids) in other.combo_keys.iter().enumerate() {
                let gid = self.combo_id(&dims, translate_ids(ids, &maps));
                self.combo_sums
                    .merge(gid, other.combo_sums.get(i), &translate)?;
            }
        }
        for (code, days) in &other.code_days {
            let mine = self.code_days.entry(code.clone()).or_default();
            for (date, day) in days {
                let held = mine.entry(*date).or_default();
                held.all.merge_translated(&day.all, &translate)?;
                held.refunds.merge_translated(&day.refunds, &translate)?;
            }
        }
        if !other.gauges.is_empty() {
            for (key, latest) in &other.gauges {
                let mine = |slot: usize| {
                    ids_of[slot]
                        .get(key[slot] as usize)
                        .and_then(|&i| u32::try_from(i).ok())
                        .unwrap_or(u32::MAX)
                };
                let metric = translate
                    .get(key[4] as usize)
                    .and_then(|&i| u32::try_from(i).ok())
                    .unwrap_or(u32::MAX);
                let key = [mine(0), mine(1), mine(2), mine(3), metric];
                let combined = match self.gauges.get(&key) {
                    Some(held) => held.combine(*latest, metric as usize)?,
                    None => *latest,
                };
                self.gauges.insert(key, combined);
            }
        }
        Ok(())
    }
}

/// Group ids of another table mapped through `ids_of` (one map per dimension).
fn translate_ids(ids: &[u32; 4], ids_of: &[&[usize]]) -> [usize; 4] {
    let mut mine = [usize::MAX; 4];
    for (slot, (i, map)) in mine.iter_mut().zip(ids.iter().zip(ids_of)) {
        *slot = map.get(*i as usize).copied().unwrap_or(usize::MAX);
    }
    mine
}

#[cfg(test)]
mod tests {
    use super::super::sums::tests::{row, units};
    use super::*;

    #[test]
    fn combination_hashes_spread_over_every_id() {
        // Ids differing only in the creator (the high word) must land apart: the index
        // places by the low bits and tells apart by the high ones. A hash that drops
        // high input bits once made 760,000 groups take 150 s instead of 8.
        let mut places = std::collections::HashSet::new();
        let mut tags = std::collections::HashSet::new();
        for creator in 0..8192u32 {
            for platform in 0..3 {
                for week in [0u32, 52] {
                    let hash = hash_ids(pack_ids([creator, platform, week, u32::MAX]));
                    places.insert(hash & 0xFFFF);
                    tags.insert(hash >> 25);
                }
            }
        }
        // 49,152 keys in 65,536 places: about 34,900 places are expected to be taken.
        assert!(places.len() > 33_000, "{} places taken", places.len());
        assert_eq!(tags.len(), 128);
    }

    #[test]
    fn cells_find_every_key_they_hold() {
        let mut cells = Cells::default();
        let key = |n: u128| n << 64 | (n * 7 + 1);
        for n in 0..5_000u128 {
            cells.insert(key(n), n as usize);
        }
        assert!((0..5_000u128).all(|n| cells.get(key(n)) == Some(n as usize)));
        assert_eq!(cells.get(key(5_000)), None);
        assert_eq!(
            cells.get(7 << 64 | 1),
            None,
            "the high word of one, the low of another"
        );
    }

    #[test]
    fn sorting_on_two_cores_gives_the_sorted_order() {
        // More than the parallel threshold, odd, with repeated first halves of pairs.
        let mut items: Vec<(u128, usize)> = (0..200_001usize)
            .map(|i| (u128::from(mix(i as u128 % 70_001) as u32), i))
            .collect();
        let mut expected = items.clone();
        expected.sort_unstable();
        sort_on_two_cores(&mut items);
        assert_eq!(items, expected);
        let mut few = vec![(3u128, 0usize), (1, 1), (2, 2)];
        sort_on_two_cores(&mut few);
        assert_eq!(few, [(1, 1), (2, 2), (3, 0)]);
    }

    #[test]
    fn cells_stop_keeping_keys_that_are_not_found_again() {
        let trial = Cells::TRIAL as u128;
        // Every key met once: at the trial's end nothing was found, so nothing is kept.
        let mut once = Cells::default();
        for n in 0..=trial {
            assert_eq!(once.get(n), None);
            once.insert(n, n as usize);
        }
        assert_eq!(once.get(0), None, "dropped at the trial's end");
        once.insert(1, 1);
        assert_eq!(once.get(1), None, "not kept after");
        // Every key looked up again once before the trial's end: kept on.
        let mut again = Cells::default();
        for n in 0..=trial {
            again.insert(n, n as usize);
            assert_eq!(again.get(n), Some(n as usize));
        }
        again.insert(trial + 1, 7);
        assert_eq!(again.get(trial + 1), Some(7));
        assert_eq!(again.get(0), Some(0));
    }

    /// A table with one combination (creator, week) per entry, each with `clicks`.
    fn combos(entries: &[(&str, &str, i128)]) -> MetricTable {
        let mut table = MetricTable::new();
        let clicks = table.metric_id("clicks");
        let dims = [Dimension::Creator, Dimension::Week];
        for &(creator, week, n) in entries {
            let c = table.groups_mut(Dimension::Creator).id(creator);
            let w = table.groups_mut(Dimension::Week).id(week);
            let id = table.combo_id(&dims, [c, w, usize::MAX, usize::MAX]);
            let cells = row(&[(clicks, units(n))]);
            assert_eq!(table.total_mut().add_row(&cells), Ok(()));
            assert_eq!(table.add_to_combo(id, &cells), Ok(()));
        }
        table
    }

    fn listed(table: &MetricTable) -> Vec<(Vec<&str>, Option<Fixed>, u64)> {
        let mut rows: Vec<_> = table
            .combos()
            .map(|(keys, sums)| (keys, sums.get(0), sums.rows()))
            .collect();
        rows.sort();
        rows
    }

    #[test]
    fn absorbing_a_part_moves_new_combinations_and_adds_shared_ones() {
        let first = [("a", "2026-W01", 1), ("b", "2026-W01", 2)];
        let second = [
            ("b", "2026-W01", 10),
            ("b", "2026-W02", 20),
            ("c", "2026-W02", 30),
        ];
        let mut absorbed = combos(&first);
        assert_eq!(absorbed.absorb(combos(&second)), Ok(()));
        assert_eq!(
            listed(&absorbed),
            vec![
                (vec!["a", "2026-W01"], Some(units(1)), 1),
                (vec!["b", "2026-W01"], Some(units(12)), 2),
                (vec!["b", "2026-W02"], Some(units(20)), 1),
                (vec!["c", "2026-W02"], Some(units(30)), 1),
            ]
        );
        let mut merged = combos(&first);
        assert_eq!(merged.merge(&combos(&second)), Ok(()));
        assert_eq!(listed(&merged), listed(&absorbed));
        assert_eq!(absorbed.total("clicks"), Some(units(63)));
    }
}
