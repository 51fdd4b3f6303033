//! Reading date cells as exports write them.
//!
//! Accepted: ISO `2025-08-26` (with or without a time), `20250826` (Google Analytics),
//! `Mar 15, 2025`, `Tue, Aug 26, 2025`, `15 Mar 2025`, `August 26, 2025`, slashed dates
//! `08/26/2025` in the declared order (month first by default; a first part above 12 can
//! only be a day), and times with AM/PM after any of them. A date without a year is an
//! error unless a year is given (`--year`).

use chrono::NaiveDate;

/// Which part comes first in a slashed date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// `08/26/2025` — month first (US exports).
    #[default]
    MonthFirst,
    /// `26/08/2025` — day first.
    DayFirst,
}

/// Why a cell is not a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not a date in any accepted form.
    Unreadable,
    /// A date without a year, and no `--year` was given.
    NoYear,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Reads a date cell.
pub fn parse(raw: &[u8], order: DateOrder, year: Option<i32>) -> Result<NaiveDate, DateError> {
    // Fast path: ISO, the usual case in large exports.
    if raw.len() >= 10
        && raw[4] == b'-'
        && raw[7] == b'-'
        && (raw.len() == 10 || matches!(raw[10], b'T' | b' '))
    {
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            raw[r].iter().try_fold(0u32, |acc, b| {
                b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
            })
        };
        if let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) {
            return NaiveDate::from_ymd_opt(
                i32::try_from(y).map_err(|_| DateError::Unreadable)?,
                m,
                d,
            )
            .ok_or(DateError::Unreadable);
        }
    }
    let text = std::str::from_utf8(raw)
        .map_err(|_| DateError::Unreadable)?
        .trim();
    if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(text, "%Y%m%d").map_err(|_| DateError::Unreadable);
    }
    let date_part = strip_time(text);
    if let Some(date) = slashed(date_part, order, year)? {
        return Ok(date);
    }
    worded(date_part, year)
}

/// Drops a trailing time (`14:03`, `2:03 PM`, `14:03:00 UTC`).
fn strip_time(text: &str) -> &str {
    match text.find(':') {
        Some(colon) => {
            let before = &text[..colon];
            let cut = before.rfind([' ', 'T', ',']).unwrap_or(0);
            text[..cut].trim_end_matches([',', ' ', 'T']).trim()
        }
        None => text,
    }
}

fn slashed(
    text: &str,
    order: DateOrder,
    year: Option<i32>,
) -> Result<Option<NaiveDate>, DateError> {
    let parts: Vec<&str> = text.split(['/', '.']).collect();
    if !(2..=3).contains(&parts.len())
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Ok(None);
    }
    let num = |s: &str| s.parse::<u32>().map_err(|_| DateError::Unreadable);
    let (a, b) = (num(parts[0])?, num(parts[1])?);
    let y = match parts.get(2) {
        Some(y) if y.len() == 4 => i32::try_from(num(y)?).map_err(|_| DateError::Unreadable)?,
        Some(y) if y.len() == 2 => {
            2000 + i32::try_from(num(y)?).map_err(|_| DateError::Unreadable)?
        }
        Some(_) => return Err(DateError::Unreadable),
        None => year.ok_or(DateError::NoYear)?,
    };
    let (month, day) = match order {
        _ if a > 12 => (b, a),
        DateOrder::MonthFirst => (a, b),
        DateOrder::DayFirst => (b, a),
    };
    NaiveDate::from_ymd_opt(y, month, day)
        .map(Some)
        .ok_or(DateError::Unreadable)
}

fn worded(text: &str, year: Option<i32>) -> Result<NaiveDate, DateError> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split([' ', ',', '-'])
        .filter(|w| !w.is_empty())
        .collect();
    let month = words.iter().position(|w| {
        w.len() >= 3
            && MONTHS
                .iter()
                .any(|m| w.starts_with(m) && w.get(..3).is_some_and(|head| m.starts_with(head)))
    });
    let Some(mi) = month else {
        return Err(DateError::Unreadable);
    };
    let m = MONTHS
        .iter()
        .position(|m| words[mi].starts_with(m))
        .ok_or(DateError::Unreadable)? as u32
        + 1;
    let numbers: Vec<u32> = words
        .iter()
        .filter_map(|w| {
            w.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h'])
                .parse()
                .ok()
        })
        .collect();
    let (day, y) = match numbers.as_slice() {
        [d, y] if *y > 31 => (*d, i32::try_from(*y).map_err(|_| DateError::Unreadable)?),
        [y, d] if *y > 31 => (*d, i32::try_from(*y).map_err(|_| DateError::Unreadable)?),
        [d] => (*d, year.ok_or(DateError::NoYear)?),
        _ => return Err(DateError::Unreadable),
    };
    NaiveDate::from_ymd_opt(y, m, day).ok_or(DateError::Unreadable)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<NaiveDate, DateError> {
        parse(text.as_bytes(), DateOrder::MonthFirst, None)
    }

    #[test]
    fn every_export_form() {
        let aug26 = NaiveDate::from_ymd_opt(2025, 8, 26).expect("date");
        for text in [
            "2025-08-26",
            "2025-08-26T14:03:00Z",
            "2025-08-26 14:03",
            "20250826",
            "Aug 26, 2025",
            "Tue, Aug 26, 2025",
            "August 26, 2025",
            "26 Aug 2025",
            "08/26/2025",
            "8/26/2025 2:03 PM",
            "Aug 26, 2025, 2:03 PM",
            "26/08/2025",
            "08/26/25",
        ] {
            assert_eq!(read(text), Ok(aug26), "{text}");
        }
        assert_eq!(
            parse(b"03/04/2025", DateOrder::DayFirst, None),
            Ok(NaiveDate::from_ymd_opt(2025, 4, 3).expect("date"))
        );
        assert_eq!(parse(b"26.08.2025", DateOrder::DayFirst, None), Ok(aug26));
    }

    #[test]
    fn no_year_needs_one_and_nonsense_is_refused() {
        assert_eq!(read("Mar 15"), Err(DateError::NoYear));
        assert_eq!(
            parse(b"Mar 15", DateOrder::MonthFirst, Some(2025)),
            Ok(NaiveDate::from_ymd_opt(2025, 3, 15).expect("date"))
        );
        assert_eq!(read("08/26"), Err(DateError::NoYear));
        for text in [
            "yesterday",
            "2025-13-01",
            "13/13/2025",
            "Feb 30, 2025",
            "Total",
            "",
        ] {
            assert_eq!(read(text), Err(DateError::Unreadable), "{text}");
        }
    }
}
