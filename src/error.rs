//! The library's error type: every variant carries the place of the problem.
//!
//! Messages are one sentence a marketer can act on: what is wrong, where, and the fix
//! when there is one. The binary maps every [`Error`] to exit code 2.

use std::fmt;
use std::path::PathBuf;

use crate::source::Place;

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a campaign could not be loaded or scored.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file (or standard input) could not be read.
    #[error("cannot read {}: {}", crate::text::path(.path), describe_io(.error))]
    Io {
        /// The file, or `<stdin>` for standard input.
        path: PathBuf,
        /// The operating system's reason (shown in the message, not repeated as a cause).
        error: std::io::Error,
    },

    /// The campaign file is not valid: bad YAML, an unknown key, a wrong type or value.
    #[error("{}", located(.place, .message))]
    Campaign {
        /// Where in the campaign file.
        place: Place,
        /// What is wrong, and the fix when there is one.
        message: String,
    },

    /// A path named in the campaign file was refused: it leads outside the project root
    /// or names something that is not a regular file (DESIGN §12). Nothing was read.
    #[error("{}", located(.place, .message))]
    Refused {
        /// Where in the campaign file the path is written.
        place: Place,
        /// Which path, why it was refused, and how to read such a file on purpose.
        message: String,
    },

    /// A CSV export could not be read: a malformed record or a bad cell.
    #[error("{}", csv_message(.path, *.line, .column, .message))]
    Csv {
        /// The export (`-` for standard input).
        path: PathBuf,
        /// 1-based line where the record starts.
        line: u64,
        /// 1-based field number and header of the offending cell, when one cell is at fault.
        column: Option<(usize, String)>,
        /// What is wrong, quoting the cell.
        message: String,
    },

    /// Several problems, each with its place.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\nerror: "))]
    Many(Vec<Error>),

    /// The command line asks for something that cannot be done.
    #[error("{}", crate::text::line(.message))]
    Usage {
        /// What is wrong with the request, and the fix.
        message: String,
    },
}

/// An I/O error in words that do not depend on the operating system.
pub fn describe_io(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "the file does not exist".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::IsADirectory => "it is a folder, not a file".to_owned(),
        _ => error.to_string(),
    }
}

/// `place: message` and the quoted line; the message is one line whatever it quotes.
fn located(place: &Place, message: &str) -> String {
    let message = crate::text::line(message);
    let snippet = place.render_snippet();
    if snippet.is_empty() {
        format!("{place}: {message}")
    } else {
        format!("{place}: {message}\n{snippet}")
    }
}

fn csv_message(
    path: &std::path::Path,
    line: u64,
    column: &Option<(usize, String)>,
    message: &str,
) -> String {
    let path = crate::text::path(path);
    let message = crate::text::line(message);
    match column {
        Some((number, header)) => format!(
            "{path}:{line}: column {number} (`{}`): {message}",
            crate::text::quote(header)
        ),
        None => format!("{path}:{line}: {message}"),
    }
}

impl Error {
    /// `Ok` when there is no problem, the problem itself when there is one, else [`Error::Many`].
    pub fn collect(mut problems: Vec<Error>) -> Result<()> {
        match problems.len() {
            0 => Ok(()),
            1 => Err(problems.remove(0)),
            _ => Err(Error::Many(problems)),
        }
    }

    /// The message without the quoted source line: one line, for a table cell.
    pub fn one_line(&self) -> String {
        match self {
            Error::Campaign { place, message } | Error::Refused { place, message } => {
                format!("{place}: {}", crate::text::line(message))
            }
            Error::Many(all) => all
                .iter()
                .map(Error::one_line)
                .collect::<Vec<_>>()
                .join("; "),
            other => other.to_string(),
        }
    }

    /// An error at a place in the campaign file.
    pub fn campaign(place: Place, message: impl fmt::Display) -> Error {
        Error::Campaign {
            place,
            message: message.to_string(),
        }
    }
}
