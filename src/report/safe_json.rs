//! Pretty JSON whose strings cannot control a terminal or a CI log.
//!
//! `serde_json` escapes C0 control characters already; this formatter also writes DEL,
//! C1 controls, bidi overrides and line separators as `\uXXXX`, and `##[` (a GitHub
//! workflow command anywhere on a line) as `##\u005b`. The JSON decodes to exactly the
//! same strings: the data is kept, only its spelling changes.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

/// A [`PrettyFormatter`] that escapes what [`crate::text::is_unsafe_char`] names.
struct SafeFormatter<'a>(PrettyFormatter<'a>);

impl Formatter for SafeFormatter<'_> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        let mut chars = fragment.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let command = c == '#' && fragment[i..].starts_with("##[");
            if !command && !crate::text::is_unsafe_char(c) {
                continue;
            }
            writer.write_all(&fragment.as_bytes()[start..i])?;
            if command {
                writer.write_all(b"##\\u005b")?;
                // Skip the second `#` and the `[`.
                chars.next();
                chars.next();
                start = i + 3;
            } else {
                write!(writer, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn end_object_key<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_key(writer)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

/// Writes `value` as pretty JSON and a line break.
pub fn write<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut *out, SafeFormatter(PrettyFormatter::new()));
    value.serialize(&mut serializer).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(value: &serde_json::Value) -> String {
        let mut out = Vec::new();
        write(&mut out, value).expect("write");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn unsafe_characters_are_escaped_and_decode_to_the_same_text() {
        let text = "a\u{1b}[2J b\u{9b}c \u{202e}d ##[add-mask]x \"q\" é";
        let value = serde_json::json!({ "k": text });
        let out = json(&value);
        assert_eq!(
            out,
            "{\n  \"k\": \"a\\u001b[2J b\\u009bc \\u202ed ##\\u005badd-mask]x \\\"q\\\" é\"\n}\n"
        );
        let back: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        assert_eq!(back["k"], text);
    }

    #[test]
    fn plain_values_are_pretty_printed_as_serde_json_does() {
        let value = serde_json::json!({ "a": [1, 2.5, null], "b": { "c": true }, "d": [] });
        assert_eq!(
            json(&value),
            format!("{}\n", serde_json::to_string_pretty(&value).expect("json"))
        );
    }
}
