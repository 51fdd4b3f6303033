//! Sums of metrics: one group's ([`Sums`]), many groups' side by side ([`FlatSums`]),
//! and a read-only view of either ([`SumsView`]).

use rustc_hash::FxHashMap as HashMap;
use smallvec::SmallVec;

use super::number::Fixed;

/// Sums of every metric for one group of rows; a metric no row gave a value for is absent.
///
/// Compact on purpose — there can be hundreds of thousands of groups: 8 bytes per
/// metric while every sum fits in an `i64` of millionths (±9.2 trillion), 16 once one
/// does not, and presence kept as bits.
#[derive(Debug, Clone, Default)]
pub struct Sums {
    values: Store,
    present: u64,
    present_beyond_64: Option<Box<[bool]>>,
    rows: u64,
}

/// The raw millionths of a group's sums: narrow until a sum outgrows `i64`.
#[derive(Debug, Clone)]
enum Store {
    /// Inline for up to 16 metrics: a group's sums sit next to it, not behind a pointer
    /// (one cache miss less per row when rows hit groups at random).
    Narrow(SmallVec<[i64; 16]>),
    Wide(Vec<i128>),
}

impl Default for Store {
    fn default() -> Store {
        Store::Narrow(SmallVec::new())
    }
}

impl Store {
    fn len(&self) -> usize {
        match self {
            Store::Narrow(v) => v.len(),
            Store::Wide(v) => v.len(),
        }
    }

    fn get(&self, index: usize) -> Option<Fixed> {
        match self {
            Store::Narrow(v) => v.get(index).map(|x| Fixed::from_raw(i128::from(*x))),
            Store::Wide(v) => v.get(index).map(|x| Fixed::from_raw(*x)),
        }
    }

    fn grow(&mut self, len: usize) {
        match self {
            Store::Narrow(v) => v.resize(len, 0),
            Store::Wide(v) => v.resize(len, 0),
        }
    }

    /// Adds `value` at `index` (which exists), widening when the narrow sum would overflow.
    fn add(&mut self, index: usize, value: Fixed) -> Result<(), Overflow> {
        match self {
            Store::Narrow(v) => {
                if let Some(sum) = i64::try_from(value.raw())
                    .ok()
                    .and_then(|x| v[index].checked_add(x))
                {
                    v[index] = sum;
                } else {
                    let mut wide: Vec<i128> = v.iter().map(|x| i128::from(*x)).collect();
                    wide[index] = wide[index]
                        .checked_add(value.raw())
                        .ok_or(Overflow(index))?;
                    *self = Store::Wide(wide);
                }
            }
            Store::Wide(v) => {
                v[index] = v[index].checked_add(value.raw()).ok_or(Overflow(index))?;
            }
        }
        Ok(())
    }
}

/// One row's cells, prepared once to be added to several groups' sums.
#[derive(Debug, Clone, Default)]
pub(crate) struct Row {
    /// The cells that fit an `i64` of millionths (nearly all of them), in raw millionths.
    narrow: Vec<(usize, i64)>,
    /// The cells that do not.
    wide: Vec<(usize, Fixed)>,
    /// One past the highest metric index.
    width: usize,
    /// The metrics below 64 present in the row, as bits.
    mask: u64,
    beyond_64: bool,
}

impl Row {
    /// Empties the row for the next record.
    pub(crate) fn clear(&mut self) {
        self.narrow.clear();
        self.wide.clear();
        self.width = 0;
        self.mask = 0;
        self.beyond_64 = false;
    }

    /// Adds the value of metric `index`.
    pub(crate) fn push(&mut self, index: usize, value: Fixed) {
        match i64::try_from(value.raw()) {
            Ok(raw) => self.push_raw(index, raw),
            Err(_) => {
                self.wide.push((index, value));
                self.note(index);
            }
        }
    }

    /// Adds the value of metric `index`, in millionths.
    pub(crate) fn push_raw(&mut self, index: usize, millionths: i64) {
        self.narrow.push((index, millionths));
        self.note(index);
    }

    fn note(&mut self, index: usize) {
        self.width = self.width.max(index + 1);
        if index < 64 {
            self.mask |= 1 << index;
        } else {
            self.beyond_64 = true;
        }
    }

    /// The value of metric `index` in the row, if it has one.
    pub(crate) fn get(&self, index: usize) -> Option<Fixed> {
        self.cells_from(0)
            .find(|&(i, _)| i == index)
            .map(|(_, value)| value)
    }

    /// Every cell from the `skip`-th narrow one on, as values.
    fn cells_from(&self, skip: usize) -> impl Iterator<Item = (usize, Fixed)> + '_ {
        let narrow = self.narrow[skip.min(self.narrow.len())..]
            .iter()
            .map(|&(index, raw)| (index, Fixed::from_raw(i128::from(raw))));
        narrow.chain(self.wide.iter().copied())
    }
}

/// The sum of metric (index) grew past what can be held exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overflow(pub usize);

impl Sums {
    /// The sum of metric `index`, or `None` when no row had a value.
    pub fn get(&self, index: usize) -> Option<Fixed> {
        if self.is_present(index) {
            self.values.get(index)
        } else {
            None
        }
    }

    /// Rows counted in this group.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Nothing was added: no row, no value.
    pub(crate) fn is_empty(&self) -> bool {
        self.rows == 0 && self.present == 0 && self.present_beyond_64.is_none()
    }

    fn is_present(&self, index: usize) -> bool {
        if index < 64 {
            self.present >> index & 1 == 1
        } else {
            self.present_beyond_64
                .as_ref()
                .and_then(|more| more.get(index - 64).copied())
                .unwrap_or(false)
        }
    }

    #[inline]
    fn mark(&mut self, index: usize) {
        if index < 64 {
            self.present |= 1 << index;
        } else {
            let more = self.present_beyond_64.get_or_insert_default();
            if more.len() <= index - 64 {
                let mut longer = std::mem::take(more).into_vec();
                longer.resize(index - 63, false);
                *more = longer.into_boxed_slice();
            }
            more[index - 64] = true;
        }
    }

    pub(crate) fn add(&mut self, index: usize, value: Fixed) -> Result<(), Overflow> {
        if index >= self.values.len() {
            self.values.grow(index + 1);
        }
        self.values.add(index, value)?;
        self.mark(index);
        Ok(())
    }

    pub(crate) fn add_row(&mut self, row: &Row) -> Result<(), Overflow> {
        self.rows += 1;
        if row.width > self.values.len() {
            self.values.grow(row.width);
        }
        // The hot path: every sum narrow and staying so.
        let mut done = 0;
        if row.wide.is_empty()
            && let Store::Narrow(v) = &mut self.values
        {
            for &(index, value) in &row.narrow {
                let Some(sum) = v[index].checked_add(value) else {
                    break;
                };
                v[index] = sum;
                done += 1;
            }
        }
        for (index, value) in row.cells_from(done) {
            self.values.add(index, value)?;
        }
        self.present |= row.mask;
        if row.beyond_64 {
            for (index, _) in row.cells_from(0) {
                self.mark(index);
            }
        }
        Ok(())
    }

    /// Adds `other`, whose metric `i` is this table's metric `translate[i]`.
    pub(crate) fn merge_translated(
        &mut self,
        other: &Sums,
        translate: &[usize],
    ) -> Result<(), Overflow> {
        self.rows += other.rows;
        for (index, target) in translate.iter().enumerate().take(other.values.len()) {
            if let Some(value) = other.get(index) {
                self.add(*target, value)?;
            }
        }
        Ok(())
    }
}

/// Metrics a flat record holds (bit 63 of its presence word marks a spilled group).
const FLAT_METRICS: usize = 63;

/// Bit of a record's presence word: the group's sums are in [`FlatSums::spilled`].
const SPILLED: u64 = 1 << 63;

/// The sums of many groups (there can be millions), each a fixed-size record in one
/// flat block: rows, presence bits, then one `i64` of millionths per metric. A row adds
/// to one record, a cache line or two, with no pointer to follow. A group whose sums
/// outgrow a record (a sum past `i64`, a metric past the 63rd) moves to a [`Sums`] of
/// its own, and its record only says so.
#[derive(Debug, Clone, Default)]
pub(crate) struct FlatSums {
    /// Metrics per record.
    width: usize,
    /// Records, back to back: `2 + width` words each.
    words: Vec<i64>,
    /// The groups whose sums outgrew their record, by id.
    spilled: HashMap<u32, Sums>,
}

impl FlatSums {
    /// How many groups.
    pub(crate) fn len(&self) -> usize {
        self.words.len() / self.stride()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    fn stride(&self) -> usize {
        self.width + 2
    }

    /// A new group with nothing added; its id.
    pub(crate) fn push(&mut self) -> usize {
        let id = self.len();
        self.words.resize(self.words.len() + self.stride(), 0);
        id
    }

    /// Room for `more` groups.
    pub(crate) fn reserve(&mut self, more: usize) {
        self.words.reserve_exact(more * self.stride());
    }

    /// Records of `width` metrics (rewritten once when a new input brings more metrics).
    fn widen(&mut self, width: usize) {
        let width = width.min(FLAT_METRICS);
        if width <= self.width {
            return;
        }
        let (old, new) = (self.stride(), width + 2);
        let mut words = Vec::with_capacity(self.len() * new);
        for record in self.words.chunks_exact(old) {
            words.extend_from_slice(record);
            words.resize(words.len() + new - old, 0);
        }
        self.words = words;
        self.width = width;
    }

    fn record(&self, id: usize) -> &[i64] {
        let stride = self.stride();
        &self.words[id * stride..(id + 1) * stride]
    }

    fn record_mut(&mut self, id: usize) -> &mut [i64] {
        let stride = self.stride();
        &mut self.words[id * stride..(id + 1) * stride]
    }

    /// Group `id`'s sums.
    pub(crate) fn get(&self, id: usize) -> SumsView<'_> {
        let record = self.record(id);
        if !is_spilled(record) {
            return SumsView(View::Record(record));
        }
        match u32::try_from(id).ok().and_then(|id| self.spilled.get(&id)) {
            Some(sums) => SumsView(View::Sums(sums)),
            None => SumsView(View::Record(&[0, 0])),
        }
    }

    /// Group `id`'s sums moved to a [`Sums`] of their own (once), for what a record
    /// cannot hold.
    fn spill(&mut self, id: usize) -> &mut Sums {
        let key = u32::try_from(id).unwrap_or(u32::MAX);
        let record = self.record_mut(id);
        if is_spilled(record) {
            return self.spilled.entry(key).or_default();
        }
        let sums = Sums {
            values: Store::Narrow(record[2..].iter().copied().collect()),
            present: record[1] as u64,
            present_beyond_64: None,
            rows: record[0] as u64,
        };
        record[1] = SPILLED as i64;
        self.spilled.entry(key).or_insert(sums)
    }

    /// Adds a row's cells to group `id`.
    pub(crate) fn add_row(&mut self, id: usize, row: &Row) -> Result<(), Overflow> {
        if row.width > self.width {
            self.widen(row.width);
        }
        let fits = row.width <= self.width && row.wide.is_empty();
        let record = self.record_mut(id);
        if is_spilled(record) || !fits {
            return self.spill(id).add_row(row);
        }
        // The hot path: every sum narrow and staying so.
        let mut done = 0;
        for &(index, value) in &row.narrow {
            let Some(sum) = record[2 + index].checked_add(value) else {
                break;
            };
            record[2 + index] = sum;
            done += 1;
        }
        record[0] += 1;
        record[1] |= row.mask as i64;
        if done < row.narrow.len() {
            let sums = self.spill(id);
            for (index, value) in row.cells_from(done) {
                sums.add(index, value)?;
            }
        }
        Ok(())
    }

    /// Adds `value` to metric `index` of group `id`.
    pub(crate) fn add(&mut self, id: usize, index: usize, value: Fixed) -> Result<(), Overflow> {
        if index >= self.width {
            self.widen(index + 1);
        }
        let fits = index < self.width;
        let record = self.record_mut(id);
        if !is_spilled(record)
            && fits
            && let Some(sum) = i64::try_from(value.raw())
                .ok()
                .and_then(|x| record[2 + index].checked_add(x))
        {
            record[2 + index] = sum;
            record[1] |= 1 << index;
            return Ok(());
        }
        self.spill(id).add(index, value)
    }

    /// Adds `other` to group `id`, metric `i` of `other` being metric `translate[i]`.
    pub(crate) fn merge(
        &mut self,
        id: usize,
        other: SumsView<'_>,
        translate: &[usize],
    ) -> Result<(), Overflow> {
        for (index, &target) in translate.iter().enumerate() {
            if let Some(value) = other.get(index) {
                self.add(id, target, value)?;
            }
        }
        self.add_rows(id, other.rows());
        Ok(())
    }

    fn add_rows(&mut self, id: usize, rows: u64) {
        let record = self.record_mut(id);
        if !is_spilled(record) {
            record[0] = (record[0] as u64 + rows) as i64;
        } else {
            self.spill(id).rows += rows;
        }
    }
}

/// Whether a [`FlatSums`] record says its group's sums are in a [`Sums`] of their own.
fn is_spilled(record: &[i64]) -> bool {
    record[1] as u64 & SPILLED != 0
}

/// A group's sums, read-only, wherever they are kept.
#[derive(Debug, Clone, Copy)]
pub struct SumsView<'a>(View<'a>);

#[derive(Debug, Clone, Copy)]
enum View<'a> {
    /// A [`FlatSums`] record: rows, presence bits, sums.
    Record(&'a [i64]),
    Sums(&'a Sums),
}

impl SumsView<'_> {
    /// The sum of metric `index`, or `None` when no row had a value.
    pub fn get(&self, index: usize) -> Option<Fixed> {
        match self.0 {
            View::Record(record) => {
                let present = index < FLAT_METRICS && record[1] as u64 >> index & 1 == 1;
                let value = record.get(2 + index).filter(|_| present)?;
                Some(Fixed::from_raw(i128::from(*value)))
            }
            View::Sums(sums) => sums.get(index),
        }
    }

    /// Rows counted in this group.
    pub fn rows(&self) -> u64 {
        match self.0 {
            View::Record(record) => record[0] as u64,
            View::Sums(sums) => sums.rows,
        }
    }
}

impl<'a> From<&'a Sums> for SumsView<'a> {
    fn from(sums: &'a Sums) -> SumsView<'a> {
        SumsView(View::Sums(sums))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A row of these cells.
    pub(crate) fn row(cells: &[(usize, Fixed)]) -> Row {
        let mut row = Row::default();
        for &(index, value) in cells {
            row.push(index, value);
        }
        row
    }

    /// `n` whole units.
    pub(crate) fn units(n: i128) -> Fixed {
        Fixed::from_raw(n * 1_000_000)
    }

    #[test]
    fn a_sum_past_i64_widens_and_stays_exact() {
        let mut sums = Sums::default();
        // 9,000,000,000,000 units is 9.0e18 millionths: just under i64::MAX (9.22e18).
        assert_eq!(
            sums.add_row(&row(&[(0, units(9_000_000_000_000)), (2, units(1))])),
            Ok(())
        );
        assert_eq!(
            sums.add_row(&row(&[(0, units(9_000_000_000_000)), (2, units(1))])),
            Ok(())
        );
        assert_eq!(sums.get(0), Some(units(18_000_000_000_000)));
        assert_eq!(sums.get(1), None, "no row gave metric 1");
        assert_eq!(sums.get(2), Some(units(2)));
        assert_eq!(sums.rows(), 2);
        // A single cell wider than i64 lands exactly as well.
        assert_eq!(
            sums.add(1, Fixed::from_raw(i128::from(i64::MAX) * 4)),
            Ok(())
        );
        assert_eq!(sums.get(1), Some(Fixed::from_raw(i128::from(i64::MAX) * 4)));
    }

    #[test]
    fn a_row_with_a_cell_past_i64_adds_every_cell() {
        let mut sums = Sums::default();
        let wide = Fixed::from_raw(i128::from(i64::MAX) + 1);
        let cells = row(&[(0, units(2)), (1, wide), (70, units(3))]);
        assert_eq!(sums.add_row(&cells), Ok(()));
        assert_eq!(sums.add_row(&cells), Ok(()));
        assert_eq!(sums.get(0), Some(units(4)));
        assert_eq!(
            sums.get(1),
            Some(Fixed::from_raw(2 * (i128::from(i64::MAX) + 1)))
        );
        assert_eq!(sums.get(70), Some(units(6)));
        assert_eq!(sums.get(2), None);
    }

    #[test]
    fn a_sum_past_i128_is_an_overflow_not_a_wrap() {
        let mut sums = Sums::default();
        assert_eq!(sums.add(3, Fixed::from_raw(i128::MAX)), Ok(()));
        assert_eq!(sums.add(3, Fixed::from_raw(1)), Err(Overflow(3)));
        assert_eq!(sums.get(3), Some(Fixed::from_raw(i128::MAX)));
    }

    #[test]
    fn metrics_past_the_first_64_keep_their_presence() {
        let mut sums = Sums::default();
        assert_eq!(sums.add(70, units(5)), Ok(()));
        assert_eq!(sums.get(70), Some(units(5)));
        assert_eq!(sums.get(69), None);
        assert_eq!(sums.get(6), None);
    }

    /// Every sum of a view, as (metric, value), and its rows.
    fn seen(view: SumsView<'_>) -> (Vec<(usize, Fixed)>, u64) {
        let sums = (0..80).filter_map(|i| Some((i, view.get(i)?))).collect();
        (sums, view.rows())
    }

    #[test]
    fn flat_records_add_rows_and_keep_absent_metrics_absent() {
        let mut flat = FlatSums::default();
        let (a, b) = (flat.push(), flat.push());
        assert_eq!(
            flat.add_row(a, &row(&[(0, units(2)), (2, units(5))])),
            Ok(())
        );
        assert_eq!(flat.add_row(b, &row(&[(1, units(7))])), Ok(()));
        assert_eq!(flat.add_row(a, &row(&[(0, units(3))])), Ok(()));
        assert_eq!(seen(flat.get(a)), (vec![(0, units(5)), (2, units(5))], 2));
        assert_eq!(seen(flat.get(b)), (vec![(1, units(7))], 1));
        assert_eq!(flat.len(), 2);
    }

    #[test]
    fn a_new_metric_widens_every_record_in_place() {
        let mut flat = FlatSums::default();
        let a = flat.push();
        assert_eq!(flat.add_row(a, &row(&[(0, units(1))])), Ok(()));
        let b = flat.push();
        assert_eq!(
            flat.add_row(b, &row(&[(0, units(4)), (5, units(6))])),
            Ok(())
        );
        assert_eq!(flat.add(a, 9, units(8)), Ok(()));
        assert_eq!(seen(flat.get(a)), (vec![(0, units(1)), (9, units(8))], 1));
        assert_eq!(seen(flat.get(b)), (vec![(0, units(4)), (5, units(6))], 1));
    }

    #[test]
    fn a_sum_past_i64_spills_its_group_and_stays_exact() {
        let mut flat = FlatSums::default();
        let (a, b) = (flat.push(), flat.push());
        let big = units(9_000_000_000_000);
        let cells = row(&[(0, units(1)), (1, big), (2, units(3))]);
        assert_eq!(flat.add_row(a, &cells), Ok(()));
        assert_eq!(
            flat.add_row(a, &cells),
            Ok(()),
            "1.8e19 millionths: past i64"
        );
        assert_eq!(
            flat.add_row(a, &cells),
            Ok(()),
            "a spilled group keeps adding"
        );
        assert_eq!(flat.add_row(b, &row(&[(2, units(1))])), Ok(()));
        assert_eq!(
            seen(flat.get(a)),
            (
                vec![(0, units(3)), (1, units(27_000_000_000_000)), (2, units(9))],
                3
            )
        );
        assert_eq!(seen(flat.get(b)), (vec![(2, units(1))], 1));
    }

    #[test]
    fn metrics_past_the_63rd_spill_and_keep_their_presence() {
        let mut flat = FlatSums::default();
        let a = flat.push();
        assert_eq!(
            flat.add_row(a, &row(&[(1, units(1)), (70, units(2))])),
            Ok(())
        );
        assert_eq!(flat.add(a, 63, units(4)), Ok(()));
        assert_eq!(
            seen(flat.get(a)),
            (vec![(1, units(1)), (63, units(4)), (70, units(2))], 1)
        );
    }

    #[test]
    fn merging_translates_metrics_and_adds_rows() {
        let mut theirs = Sums::default();
        assert_eq!(
            theirs.add_row(&row(&[(0, units(2)), (1, units(3))])),
            Ok(())
        );
        let mut flat = FlatSums::default();
        let a = flat.push();
        assert_eq!(flat.add_row(a, &row(&[(1, units(10))])), Ok(()));
        assert_eq!(flat.merge(a, SumsView::from(&theirs), &[1, 4]), Ok(()));
        assert_eq!(seen(flat.get(a)), (vec![(1, units(12)), (4, units(3))], 2));
    }
}
