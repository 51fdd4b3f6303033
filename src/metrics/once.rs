//! Each export read once per run. The same file given twice — under `metrics:` and again
//! with `--metrics`, twice on the command line, or piped in as well as named — would
//! count its rows twice (DESIGN §5). An input is the same as one read before when it is
//! the same file (device and inode) or holds the same bytes (a download saved twice).
//!
//! Files of equal length are compared byte for byte, and only then; standard input is
//! hashed while it is read, and only when the run has other inputs it could repeat.

use std::collections::hash_map::DefaultHasher;
use std::fs::File;
use std::hash::Hasher;
use std::io::{self, Read};
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};

/// Bytes compared or hashed at a time.
const CHUNK: usize = 256 * 1024;

/// An input read this run.
struct Input {
    label: PathBuf,
    /// Device and inode, for a file (and for standard input redirected from one).
    id: Option<(u64, u64)>,
    len: u64,
    /// The file, kept open to compare another of the same length with.
    file: Option<File>,
    /// The content's hash, once known (always, for standard input).
    hash: Option<u64>,
}

/// The inputs read so far this run.
#[derive(Default)]
pub(super) struct Once {
    read: Vec<Input>,
}

impl Once {
    /// Whether `file` (named `label`) repeats an input read before: the note to print
    /// instead of reading it. Otherwise it is remembered as read.
    pub(super) fn file(&mut self, label: &Path, file: &File) -> io::Result<Option<String>> {
        let meta = file.metadata()?;
        let id = (meta.dev(), meta.ino());
        let len = meta.len();
        let mut hash = None;
        for earlier in &mut self.read {
            if earlier.id == Some(id) {
                return Ok(Some(repeat(label, &earlier.label, false)));
            }
            if earlier.len != len {
                continue;
            }
            let same = match &earlier.file {
                Some(theirs) => same_bytes(file, theirs, len)?,
                None => {
                    let mine = match hash {
                        Some(h) => h,
                        None => *hash.insert(hash_file(file, len)?),
                    };
                    earlier.hash == Some(mine)
                }
            };
            if same {
                return Ok(Some(repeat(label, &earlier.label, true)));
            }
        }
        self.read.push(Input {
            label: label.to_path_buf(),
            id: Some(id),
            len,
            file: Some(file.try_clone()?),
            hash,
        });
        Ok(None)
    }

    /// Whether a stream read whole (`label`, its length and hash, and its device and
    /// inode when it is a redirected file) repeats an input read before: the note to
    /// print instead of counting it. Otherwise it is remembered as read.
    pub(super) fn stream(
        &mut self,
        label: &Path,
        read: &Hashed<impl Read>,
        id: Option<(u64, u64)>,
    ) -> io::Result<Option<String>> {
        let (len, hash) = (read.len, read.hasher.finish());
        for earlier in &mut self.read {
            if id.is_some() && earlier.id == id {
                return Ok(Some(repeat(label, &earlier.label, false)));
            }
            if earlier.len != len {
                continue;
            }
            let theirs = match (earlier.hash, &earlier.file) {
                (Some(h), _) => h,
                (None, Some(file)) => *earlier.hash.insert(hash_file(file, len)?),
                (None, None) => continue,
            };
            if theirs == hash {
                return Ok(Some(repeat(label, &earlier.label, true)));
            }
        }
        self.read.push(Input {
            label: label.to_path_buf(),
            id,
            len,
            file: None,
            hash: Some(hash),
        });
        Ok(None)
    }
}

/// The note for an input left unread: the same file (`bytes` false) or the same bytes.
fn repeat(label: &Path, earlier: &Path, bytes: bool) -> String {
    let what = match (bytes, label == earlier) {
        (false, true) => "is given more than once".to_owned(),
        (false, false) => format!("is the same file as {}", crate::text::path(earlier)),
        (true, _) => format!("holds the same bytes as {}", crate::text::path(earlier)),
    };
    format!(
        "{} {what}; its rows are counted once",
        crate::text::path(label)
    )
}

/// A reader that hashes and counts what passes through it.
pub(super) struct Hashed<R> {
    inner: R,
    hasher: DefaultHasher,
    len: u64,
}

impl<R: Read> Hashed<R> {
    /// Wraps `inner`.
    pub(super) fn new(inner: R) -> Hashed<R> {
        Hashed {
            inner,
            hasher: DefaultHasher::new(),
            len: 0,
        }
    }

    /// Reads what is left, so the hash covers the whole stream (reading may stop at the
    /// end of a first table).
    pub(super) fn drain(&mut self) -> io::Result<()> {
        io::copy(self, &mut io::sink()).map(drop)
    }
}

impl<R: Read> Read for Hashed<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.write(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }
}

/// The hash of a file's first `len` bytes, as [`Hashed`] computes it.
fn hash_file(file: &File, len: u64) -> io::Result<u64> {
    let mut hasher = DefaultHasher::new();
    let mut buf = vec![0; CHUNK];
    let mut at = 0;
    while at < len {
        let n = file.read_at(&mut buf, at)?;
        if n == 0 {
            break;
        }
        hasher.write(&buf[..n]);
        at += n as u64;
    }
    Ok(hasher.finish())
}

/// Whether two files hold the same first `len` bytes.
fn same_bytes(a: &File, b: &File, len: u64) -> io::Result<bool> {
    let (mut x, mut y) = (vec![0; CHUNK], vec![0; CHUNK]);
    let mut at = 0;
    while at < len {
        let want = usize::try_from((len - at).min(CHUNK as u64)).unwrap_or(CHUNK);
        let (x, y) = (&mut x[..want], &mut y[..want]);
        a.read_exact_at(x, at)?;
        b.read_exact_at(y, at)?;
        if x != y {
            return Ok(false);
        }
        at += want as u64;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn file(dir: &Path, name: &str, text: &str) -> (PathBuf, File) {
        let path = dir.join(name);
        File::create(&path)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .expect("write");
        let file = File::open(&path).expect("open");
        (path, file)
    }

    #[test]
    fn the_same_file_twice_and_a_copy_are_read_once_a_different_file_of_equal_length_is_not() {
        let dir = tempfile::tempdir().expect("dir");
        let (a, fa) = file(dir.path(), "a.csv", "views\n10\n");
        let (b, fb) = file(dir.path(), "b.csv", "views\n10\n");
        let (c, fc) = file(dir.path(), "c.csv", "views\n11\n");
        let mut once = Once::default();
        assert_eq!(once.file(&a, &fa).expect("a"), None);
        let again = File::open(&a).expect("open");
        let note = once.file(&a, &again).expect("a again").expect("a repeat");
        assert!(note.ends_with("a.csv is given more than once; its rows are counted once"));
        let note = once.file(&b, &fb).expect("b").expect("b repeat");
        assert!(note.contains("b.csv holds the same bytes as "), "{note}");
        assert!(note.ends_with("a.csv; its rows are counted once"));
        assert_eq!(once.file(&c, &fc).expect("c"), None);
    }

    #[test]
    fn a_stream_is_compared_with_files_by_its_bytes_read_whole() {
        let dir = tempfile::tempdir().expect("dir");
        let (a, fa) = file(dir.path(), "a.csv", "views\n10\n");
        let mut once = Once::default();
        assert_eq!(once.file(&a, &fa).expect("a"), None);
        let mut stream = Hashed::new(&b"views\n10\n"[..]);
        let mut first = [0; 3];
        stream.read_exact(&mut first).expect("read");
        stream.drain().expect("drain");
        let note = once
            .stream(Path::new("<stdin>"), &stream, None)
            .expect("stream")
            .expect("repeat");
        assert!(
            note.starts_with("<stdin> holds the same bytes as "),
            "{note}"
        );
        let other = Hashed::new(&b"views\n12\n"[..]);
        let mut other = other;
        other.drain().expect("drain");
        assert_eq!(
            once.stream(Path::new("<stdin>"), &other, None)
                .expect("stream"),
            None
        );
        // A file after the stream is compared with the stream's hash.
        let (b, fb) = file(dir.path(), "b.csv", "views\n12\n");
        let note = once.file(&b, &fb).expect("b").expect("repeat");
        assert!(note.ends_with("holds the same bytes as <stdin>; its rows are counted once"));
    }
}
