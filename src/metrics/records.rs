//! [`Records`]: CSV records read as `csv::Reader` reads them, faster. A line with no
//! quote and no carriage return — nearly every line of a platform export — is split at
//! its delimiters where it lies in the buffer; any other line, and a line the buffer
//! holds only part of, goes through `csv_core`, the parser behind the csv crate, from
//! the same place. Fields and skipped blank lines are the ones `csv::Reader` (flexible,
//! double quotes, any line ending) gives, and each record knows the line it starts on:
//! a test reads random inputs both ways.

use std::io::{self, BufRead};

/// One CSV record: its line's bytes and where each cell is in them. (A line split where
/// it lies is copied once, delimiters and all; a `csv::ByteRecord` copies it cell by cell.)
#[derive(Debug, Clone, Default)]
pub(crate) struct Record {
    bytes: Vec<u8>,
    /// Start and end of each cell in `bytes`.
    cells: Vec<(u32, u32)>,
    /// The bytes of the cells, delimiters and quotes left out.
    cell_bytes: usize,
    /// The line its first byte is on (1-based).
    line: u64,
}

impl Record {
    /// A record of these cells.
    pub(crate) fn from_cells<T: AsRef<[u8]>>(cells: &[T]) -> Record {
        let mut record = Record::default();
        for cell in cells {
            record.push_field(cell.as_ref());
        }
        record
    }

    /// How many cells.
    pub(crate) fn len(&self) -> usize {
        self.cells.len()
    }

    /// Cell `i`.
    pub(crate) fn get(&self, i: usize) -> Option<&[u8]> {
        let &(start, end) = self.cells.get(i)?;
        self.bytes.get(start as usize..end as usize)
    }

    /// Every cell, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &[u8]> {
        self.cells.iter().map(|&(start, end)| {
            self.bytes
                .get(start as usize..end as usize)
                .unwrap_or_default()
        })
    }

    /// The bytes of every cell together (what the record holds, less delimiters).
    pub(crate) fn cell_bytes(&self) -> usize {
        self.cell_bytes
    }

    /// The memory the record holds.
    pub(crate) fn weight(&self) -> usize {
        self.bytes.len() + 8 * self.cells.len()
    }

    /// The line the record's first byte is on, counted from 1.
    pub(crate) fn line(&self) -> u64 {
        self.line
    }

    fn clear(&mut self) {
        self.bytes.clear();
        self.cells.clear();
        self.cell_bytes = 0;
    }

    fn push_field(&mut self, cell: &[u8]) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(cell);
        self.cells.push((offset(start), offset(self.bytes.len())));
        self.cell_bytes += cell.len();
    }

    /// Takes `line` whole, its cells split at `delimiter`.
    fn set_line(&mut self, line: &[u8], delimiter: u8) {
        self.clear();
        self.bytes.extend_from_slice(line);
        let mut start = 0;
        let mut cell_at = |at: usize, cells: &mut Vec<(u32, u32)>| {
            cells.push((offset(start), offset(at)));
            start = at + 1;
        };
        // Eight bytes at a time: the delimiters in a word, as the high bits of a mask.
        let words = line.chunks_exact(8);
        let tail = words.remainder();
        for (w, word) in words.enumerate() {
            let mut found = delimiters(word, delimiter);
            while found != 0 {
                cell_at(w * 8 + found.trailing_zeros() as usize / 8, &mut self.cells);
                found &= found - 1;
            }
        }
        let tail_start = line.len() - tail.len();
        for (i, &b) in tail.iter().enumerate() {
            if b == delimiter {
                cell_at(tail_start + i, &mut self.cells);
            }
        }
        cell_at(line.len(), &mut self.cells);
        self.cell_bytes = line.len() + 1 - self.cells.len();
    }
}

/// The bytes of an eight-byte `word` equal to `delimiter`, each marked by its high bit
/// (exact: no borrow carries from one byte into the next).
fn delimiters(word: &[u8], delimiter: u8) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
    let x = word ^ u64::from_le_bytes([delimiter; 8]);
    !((x & LOW7).wrapping_add(LOW7) | x | LOW7)
}

/// A place in a record's bytes (records are far shorter than 4 GiB: the row guard
/// refuses lines past 1 MiB).
fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

/// Reads the records of a CSV stream.
pub(crate) struct Records<B> {
    inner: B,
    core: csv_core::Reader,
    delimiter: u8,
    /// The line the next byte read is on (1-based).
    line: u64,
    /// The stream has ended.
    done: bool,
    /// Nothing read yet (a leading UTF-8 byte order mark is to be dropped).
    first: bool,
    /// `csv_core`'s output for one record: its bytes and the ends of its fields.
    fields: Vec<u8>,
    ends: Vec<usize>,
}

impl<B: BufRead> Records<B> {
    /// Records of `inner`, cells split at `delimiter`.
    pub(crate) fn new(inner: B, delimiter: u8) -> Records<B> {
        Records {
            inner,
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            delimiter,
            line: 1,
            done: false,
            first: true,
            fields: vec![0; 1024],
            ends: vec![0; 64],
        }
    }

    /// The stream read from.
    pub(crate) fn get_mut(&mut self) -> &mut B {
        &mut self.inner
    }

    /// Reads the next record into `record`: `false` at the end of the stream.
    pub(crate) fn read_byte_record(&mut self, record: &mut Record) -> csv::Result<bool> {
        record.clear();
        record.line = self.line;
        if self.done {
            return Ok(false);
        }
        if std::mem::take(&mut self.first) {
            self.start()?;
        }
        loop {
            match self.fast(record)? {
                Fast::Record => return Ok(true),
                Fast::BlankLine => {}
                Fast::Slow => break,
            }
        }
        Ok(self.slow(record)?)
    }

    /// The next line when it can be split where it lies: its line break in the buffer,
    /// no quote, no carriage return.
    fn fast(&mut self, record: &mut Record) -> io::Result<Fast> {
        let delimiter = self.delimiter;
        let buffer = self.inner.fill_buf()?;
        let Some(end) = memchr::memchr(b'\n', buffer) else {
            return Ok(Fast::Slow);
        };
        let line = &buffer[..end];
        if memchr::memchr2(b'"', b'\r', line).is_some() {
            return Ok(Fast::Slow);
        }
        // A blank line is no record (csv_core passes over it too).
        let found = !line.is_empty();
        if found {
            record.set_line(line, delimiter);
            record.line = self.line;
        }
        self.inner.consume(end + 1);
        self.line += 1;
        Ok(if found { Fast::Record } else { Fast::BlankLine })
    }

    /// The next record through `csv_core`, from the start of a record. The parser is
    /// never reset (a reset would make it drop a byte order mark again): the lines split
    /// without it were whole lines ending in `\n`, which leave it where it was, at the
    /// start of a record — the random inputs of the tests check that.
    fn slow(&mut self, record: &mut Record) -> io::Result<bool> {
        use csv_core::ReadRecordResult as R;
        self.skip_line_ends()?;
        record.line = self.line;
        self.core.set_line(self.line);
        let (mut out, mut ends) = (0, 0);
        loop {
            let input = self.inner.fill_buf()?;
            let (result, read, wrote, ended) =
                self.core
                    .read_record(input, &mut self.fields[out..], &mut self.ends[ends..]);
            self.inner.consume(read);
            self.line = self.core.line();
            out += wrote;
            ends += ended;
            match result {
                R::InputEmpty => {}
                R::OutputFull => self.fields.resize(self.fields.len() * 2, 0),
                R::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                R::Record => {
                    let mut start = 0;
                    for &end in &self.ends[..ends] {
                        record.push_field(&self.fields[start..end]);
                        start = end;
                    }
                    return Ok(true);
                }
                R::End => {
                    self.done = true;
                    return Ok(false);
                }
            }
        }
    }

    /// Before the first record: drops a byte order mark at the start of the stream, as
    /// csv_core does when its first input holds all of it, then tells csv_core it has
    /// read (it drops a mark only at the very start, and the line ends before the
    /// record are passed over here).
    fn start(&mut self) -> io::Result<()> {
        if self.inner.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
            self.inner.consume(3);
        }
        // A line break read at the start of a record is passed over, nothing else.
        let _ = self
            .core
            .read_record(b"\n", &mut self.fields, &mut self.ends);
        Ok(())
    }

    /// Passes over the line ends before the next record (csv_core would pass over them
    /// too), counting their lines.
    fn skip_line_ends(&mut self) -> io::Result<()> {
        loop {
            let buffer = self.inner.fill_buf()?;
            let ends = buffer
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
            let breaks = buffer[..ends].iter().filter(|b| **b == b'\n').count() as u64;
            let more = ends == buffer.len() && ends > 0;
            self.inner.consume(ends);
            self.line += breaks;
            if !more {
                return Ok(());
            }
        }
    }
}

/// What the fast path made of the next line.
enum Fast {
    Record,
    BlankLine,
    /// Not a line to split where it lies.
    Slow,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every record of `input` read by `csv::Reader` and by [`Records`], both through a
    /// buffer of `capacity` bytes, side by side, and each record's line. (The buffers are alike
    /// because csv_core drops a leading byte order mark only when it sees all of it.)
    fn both_ways(input: &[u8], delimiter: u8, capacity: usize) {
        let mut theirs = csv::ReaderBuilder::new()
            .buffer_capacity(capacity)
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(false)
            .from_reader(input);
        let mut ours = Records::new(io::BufReader::with_capacity(capacity, input), delimiter);
        for n in 0.. {
            let (mut a, mut b) = (csv::ByteRecord::new(), Record::default());
            let more = theirs.read_byte_record(&mut a).expect("csv reads it");
            assert_eq!(ours.read_byte_record(&mut b).ok(), Some(more), "record {n}");
            assert_eq!(
                b.iter().collect::<Vec<_>>(),
                a.iter().collect::<Vec<_>>(),
                "record {n} of {:?}",
                String::from_utf8_lossy(input)
            );
            assert_eq!(b.cell_bytes(), a.as_slice().len(), "bytes of record {n}");
            if more {
                // The line of the record's first byte: after csv's position, the byte
                // order mark csv dropped (at the start, when its buffer held all of it)
                // and the line ends it passed over.
                let mut start = usize::try_from(a.position().expect("a position").byte())
                    .expect("a small input");
                if start == 0 && capacity >= 3 && input.starts_with(b"\xEF\xBB\xBF") {
                    start = 3;
                }
                start += input[start..]
                    .iter()
                    .take_while(|b| matches!(b, b'\r' | b'\n'))
                    .count();
                let line = 1 + input[..start].iter().filter(|b| **b == b'\n').count() as u64;
                assert_eq!(b.line(), line, "line of record {n}");
            }
            if !more {
                break;
            }
        }
    }

    #[test]
    fn an_export_reads_as_csv_reads_it() {
        let input = b"\xEF\xBB\xBFdate,creator,views\n2026-01-01,@a,10\n\n2026-01-02,\"@b, c\",\"2\n0\"\r\n2026-01-03,@d,3\r2026-01-04,@e,4";
        for capacity in [1, 2, 7, 16, 64, 8192] {
            both_ways(input, b',', capacity);
            // Line ends before the first record, after a byte order mark or longer
            // than the buffer: its line counts them all.
            both_ways(b"\xEF\xBB\xBF\n\na,b\n", b',', capacity);
            both_ways(b"\xEF\xBB\xBF\r\n\r\na;b\r\nc\n", b';', capacity);
            both_ways(b"\n\n\n\na\tb\n", b'\t', capacity);
        }
    }

    proptest! {
        #[test]
        fn any_input_reads_as_csv_reads_it(
            parts in proptest::collection::vec(
                prop::sample::select(vec![
                    &b"a"[..], b"bc", b",", b";", b"\"", b"\r", b"\n", b"\n", b" ",
                    b"\xEF\xBB\xBF", b"\xC3\xA9",
                ]),
                0..120,
            ),
            // Not 3: a first read of a byte order mark alone leaves csv_core nothing,
            // which it takes for the end of the stream (Records reads on).
            capacity in (1usize..48).prop_filter("not 3", |c| *c != 3),
            semicolon in any::<bool>(),
        ) {
            let input: Vec<u8> = parts.concat();
            both_ways(&input, if semicolon { b';' } else { b',' }, capacity);
        }
    }
}
