//! Reading one CSV cell as a number, the way people export them.
//!
//! Accepted: `1234`, `1,234` and `1 234` (thousands separators), `12.5%`, `$1,200.00`,
//! `1.200,00 €` with a decimal comma, `-3`, `(3.50)` (accounting negative), `1.2k`/`3M`/`1B`.
//! Blank cells and placeholders (`-`, `N/A`, `nan`, `null`, `undefined` …) mean
//! "no value": they stay absent and never become 0.

use super::number::{Fixed, parse_unsigned};

/// How a number's decimal part is separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DecimalMark {
    /// `1,234.56` — the default.
    #[default]
    Point,
    /// `1.234,56` — common in European exports.
    Comma,
}

/// Why a cell is not a number; the caller adds the place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellError {
    /// The text is not a number in any accepted form.
    NotANumber,
    /// The number is too large to sum exactly.
    TooLarge,
    /// Thousands groups after a leading 0 (`0,001`): no thousands separator writes that;
    /// a decimal comma does.
    LeadingZeroGroup,
}

/// Texts that exports use for "no value".
const PLACEHOLDERS: &[&str] = &[
    "-",
    "--",
    "—",
    "–",
    "n/a",
    "na",
    "nan",
    "null",
    "none",
    "undefined",
    "(not set)",
    "#n/a",
    // How ClickHouse, MySQL and PostgreSQL's COPY write NULL in CSV.
    "\\n",
];

/// Reads a cell: `Ok(None)` for blank and placeholder cells, `Ok(Some)` for a number.
pub fn parse_cell(raw: &[u8], mark: DecimalMark) -> Result<Option<Fixed>, CellError> {
    // Fast path, one pass: `1234`, `-7`, `123.45` — the overwhelming majority of cells in
    // a large export. Anything else (separators, units, placeholders…) takes the long way.
    let (negative, unsigned) = match raw.strip_prefix(b"-") {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    if let Some(value) = plain_number(unsigned, mark == DecimalMark::Point) {
        return Ok(Some(if negative { value.negate() } else { value }));
    }
    // Long digit strings and more than six decimals: exact, rounded, or too large.
    if (mark == DecimalMark::Point || !unsigned.contains(&b'.'))
        && !unsigned.is_empty()
        && unsigned.iter().all(|b| b.is_ascii_digit() || *b == b'.')
        && unsigned.iter().filter(|b| **b == b'.').count() <= 1
    {
        let has_digit = unsigned.iter().any(u8::is_ascii_digit);
        let value = parse_unsigned(unsigned).ok_or(if has_digit {
            CellError::TooLarge
        } else {
            CellError::NotANumber
        })?;
        return Ok(Some(if negative { value.negate() } else { value }));
    }
    let Ok(text) = std::str::from_utf8(raw) else {
        return Err(CellError::NotANumber);
    };
    parse_text(text, mark)
}

/// Millionths per unit of the last digit, by the number of decimals.
const SCALE: [i64; 7] = [1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];

/// Digits with at most one `.` (when `point` is the decimal mark), up to 18 digits and 6
/// decimals, read in one pass; `None` for anything else.
fn plain_number(raw: &[u8], point: bool) -> Option<Fixed> {
    let (value, decimals) = plain_digits(raw, point)?;
    Some(Fixed::from_raw(
        i128::from(value) * i128::from(SCALE[decimals]),
    ))
}

/// A plain number cell (`1234`, `-7`, `123.45`) in millionths, when they fit an `i64`:
/// what [`parse_cell`] reads it as, without its other cases; `None` for anything else.
pub(crate) fn plain_millionths(raw: &[u8], point: bool) -> Option<i64> {
    let (negative, unsigned) = match raw.strip_prefix(b"-") {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    let (value, decimals) = plain_digits(unsigned, point)?;
    let millionths = value.checked_mul(SCALE[decimals])?;
    Some(if negative { -millionths } else { millionths })
}

/// The digits of a plain number as one integer, and how many of them are decimals.
#[inline]
fn plain_digits(raw: &[u8], point: bool) -> Option<(i64, usize)> {
    if raw.is_empty() || raw.len() > 18 {
        return None;
    }
    let mut value = 0i64;
    let mut dot = None;
    for (i, &b) in raw.iter().enumerate() {
        let digit = b.wrapping_sub(b'0');
        if digit < 10 {
            value = value * 10 + i64::from(digit);
        } else if b == b'.' && point && dot.is_none() {
            dot = Some(i);
        } else {
            return None;
        }
    }
    let decimals = dot.map_or(0, |i| raw.len() - i - 1);
    if raw.len() == 1 && dot.is_some() || decimals >= SCALE.len() {
        return None;
    }
    Some((value, decimals))
}

fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}'
}

fn parse_text(text: &str, mark: DecimalMark) -> Result<Option<Fixed>, CellError> {
    let mut s = text.trim_matches(is_blank);
    if s.is_empty() || PLACEHOLDERS.iter().any(|p| s.eq_ignore_ascii_case(p)) {
        return Ok(None);
    }
    if let Some(seconds) = duration(s) {
        return Ok(Some(seconds));
    }
    let mut negative = false;
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        s = inner.trim_matches(is_blank);
    }
    if let Some(rest) = s.strip_prefix('-').or_else(|| s.strip_prefix('−')) {
        negative = !negative;
        s = rest.trim_matches(is_blank);
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest.trim_matches(is_blank);
    }
    let bare = strip_currency(s);
    // A sign may also follow a currency symbol (`$-12.00`), but not another sign (`--5`).
    if bare.len() < s.len()
        && let Some(rest) = bare.strip_prefix('-')
    {
        negative = !negative;
        s = rest;
    } else {
        s = bare;
    }
    let mut percent = false;
    if let Some(rest) = s.strip_suffix('%') {
        percent = true;
        s = rest.trim_end_matches(is_blank);
    }
    let mut factor = 1i128;
    if let Some(last) = s.chars().last() {
        let f = match last {
            'k' | 'K' => 1_000,
            'm' | 'M' => 1_000_000,
            'b' | 'B' => 1_000_000_000,
            _ => 1,
        };
        if f > 1 {
            factor = f;
            s = s[..s.len() - 1].trim_end_matches(is_blank);
        }
    }
    if let Some(value) = scientific(s, mark) {
        let value = value?;
        return Ok(Some(if negative { value.negate() } else { value }));
    }
    let plain = normalise_separators(s, mark)?;
    let mut value = parse_unsigned(plain.as_bytes()).ok_or(CellError::NotANumber)?;
    if factor > 1 {
        value = value.times(factor).ok_or(CellError::TooLarge)?;
    }
    if percent {
        value = value.percent();
    }
    Ok(Some(if negative { value.negate() } else { value }))
}

/// `2.28E+11`, `1e6`, `4.5e-3` (as spreadsheets write large and small numbers), exactly:
/// the mantissa's decimal point moved, then read like any decimal. `None` when `s` is not
/// in that form.
fn scientific(s: &str, mark: DecimalMark) -> Option<Result<Fixed, CellError>> {
    let (mantissa, exponent) = s.split_once(['e', 'E'])?;
    let point = match mark {
        DecimalMark::Point => '.',
        DecimalMark::Comma => ',',
    };
    let (int, frac) = mantissa.split_once(point).unwrap_or((mantissa, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let exp_digits = exponent.trim_start_matches(['+', '-']);
    if int.is_empty()
        || !digits(int)
        || !digits(frac)
        || exp_digits.is_empty()
        || !digits(exp_digits)
    {
        return None;
    }
    let Ok(shift) = exponent.parse::<i32>() else {
        return Some(Err(CellError::TooLarge));
    };
    if shift.abs() > 40 {
        return Some(Err(CellError::TooLarge));
    }
    // All digits, with the point `int.len() + shift` from the left.
    let all = format!("{int}{frac}");
    let at = i64::try_from(int.len()).unwrap_or(0) + i64::from(shift);
    let text = if at <= 0 {
        format!("0.{}{all}", "0".repeat(usize::try_from(-at).unwrap_or(0)))
    } else if at as usize >= all.len() {
        format!("{all}{}", "0".repeat(at as usize - all.len()))
    } else {
        format!("{}.{}", &all[..at as usize], &all[at as usize..])
    };
    Some(parse_unsigned(text.as_bytes()).ok_or(CellError::TooLarge))
}

/// `h:mm:ss` or `m:ss` (optionally with fractional seconds) as a number of seconds.
fn duration(s: &str) -> Option<Fixed> {
    let parts: Vec<&str> = s.split(':').collect();
    if !(2..=3).contains(&parts.len())
        || parts[1..]
            .iter()
            .any(|p| p.split('.').next().is_none_or(|w| w.len() != 2))
    {
        return None;
    }
    let mut seconds = Fixed::ZERO;
    for (i, part) in parts.iter().enumerate() {
        let last = i == parts.len() - 1;
        if !part
            .bytes()
            .all(|b| b.is_ascii_digit() || (last && b == b'.'))
            || part.is_empty()
        {
            return None;
        }
        let value = Fixed::parse(part)?;
        seconds = seconds.times(60)?.checked_add(value)?;
    }
    Some(seconds)
}

/// Currency symbols and ISO codes that may lead or trail an amount.
const CURRENCIES: &[&str] = &[
    "US$", "CA$", "A$", "$", "€", "£", "¥", "₹", "R$", "USD", "EUR", "GBP", "CAD", "AUD", "JPY",
    "CHF", "SEK", "NOK", "DKK", "INR", "BRL", "MXN", "PLN",
];

fn strip_currency(s: &str) -> &str {
    for code in CURRENCIES {
        if let Some(rest) = s.strip_prefix(code) {
            return rest.trim_start_matches(is_blank);
        }
        if let Some(rest) = s.strip_suffix(code) {
            return rest.trim_end_matches(is_blank);
        }
    }
    s
}

/// Rewrites `1,234.5` (or `1.234,5` with a decimal comma) to `1234.5`; refused when the
/// grouping is not in threes (`1,23` is not guessed) or follows a leading 0 (`0,001`).
fn normalise_separators(s: &str, mark: DecimalMark) -> Result<String, CellError> {
    let (group, decimal) = match mark {
        DecimalMark::Point => (',', '.'),
        DecimalMark::Comma => ('.', ','),
    };
    let (int_part, frac_part) = match s.find(decimal) {
        Some(i) => (&s[..i], Some(&s[i + decimal.len_utf8()..])),
        None => (s, None),
    };
    let groups: Vec<&str> = int_part
        .split(|c: char| c == group || is_blank(c) || c == '\'')
        .collect();
    if groups.len() > 1
        && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3))
    {
        return Err(CellError::NotANumber);
    }
    if groups.len() > 1 && groups[0].starts_with('0') {
        return Err(CellError::LeadingZeroGroup);
    }
    let mut out: String = groups.concat();
    if let Some(frac) = frac_part {
        out.push('.');
        out.push_str(frac);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Option<String>, CellError> {
        parse_cell(text.as_bytes(), DecimalMark::Point).map(|v| v.map(|f| f.to_string()))
    }

    fn read_comma(text: &str) -> Result<Option<String>, CellError> {
        parse_cell(text.as_bytes(), DecimalMark::Comma).map(|v| v.map(|f| f.to_string()))
    }

    proptest::proptest! {
        #[test]
        fn plain_millionths_are_what_parse_cell_reads(
            cell in "-?[0-9]{0,19}(\\.[0-9]{0,8})?|[0-9.,+ -]{0,6}",
            point in proptest::prelude::any::<bool>(),
        ) {
            let mark = if point { DecimalMark::Point } else { DecimalMark::Comma };
            if let Some(raw) = plain_millionths(cell.as_bytes(), point) {
                let read = parse_cell(cell.as_bytes(), mark);
                proptest::prop_assert_eq!(read, Ok(Some(Fixed::from_raw(i128::from(raw)))));
            }
        }
    }

    #[test]
    fn plain_numbers_take_the_one_pass_path_exactly() {
        let ok = |s: &str| Ok(Some(s.to_owned()));
        assert_eq!(read("5."), ok("5"));
        assert_eq!(read(".5"), ok("0.5"));
        assert_eq!(read("-0.25"), ok("-0.25"));
        assert_eq!(read("0012.500"), ok("12.5"));
        assert_eq!(read("123456789012.123456"), ok("123456789012.123456"));
        // Seven decimals leave the fast path and are rounded at the sixth.
        assert_eq!(read("1.1234565"), ok("1.123457"));
        assert_eq!(read("999999999999999999"), ok("999999999999999999"));
        assert_eq!(read("9999999999999999999"), ok("9999999999999999999"));
        assert_eq!(read("."), Err(CellError::NotANumber));
        assert_eq!(read("-"), Ok(None), "a lone dash is a placeholder");
        assert_eq!(read("1.2.3"), Err(CellError::NotANumber));
        // With a decimal comma, `.` groups thousands.
        assert_eq!(read_comma("1.234"), ok("1234"));
        assert_eq!(read_comma("1234"), ok("1234"));
    }

    #[test]
    fn plain_and_grouped_numbers() {
        assert_eq!(read("1234"), Ok(Some("1234".into())));
        assert_eq!(read("1,234"), Ok(Some("1234".into())));
        assert_eq!(read("1,234,567.89"), Ok(Some("1234567.89".into())));
        assert_eq!(read(" 42 "), Ok(Some("42".into())));
        assert_eq!(read("1\u{a0}234"), Ok(Some("1234".into())));
        assert_eq!(read("-17"), Ok(Some("-17".into())));
    }

    #[test]
    fn money_percent_and_suffixes() {
        assert_eq!(read("$1,200.00"), Ok(Some("1200".into())));
        assert_eq!(read("$-12.50"), Ok(Some("-12.5".into())));
        assert_eq!(read("(3.50)"), Ok(Some("-3.5".into())));
        assert_eq!(read("USD 99.99"), Ok(Some("99.99".into())));
        assert_eq!(read("12.5%"), Ok(Some("0.125".into())));
        assert_eq!(read("1.2k"), Ok(Some("1200".into())));
        assert_eq!(read("3M"), Ok(Some("3000000".into())));
        assert_eq!(read_comma("1.200,00 €"), Ok(Some("1200".into())));
        assert_eq!(read_comma("12,5 %"), Ok(Some("0.125".into())));
        assert_eq!(read("1:02:03"), Ok(Some("3723".into())));
        assert_eq!(read("4:05"), Ok(Some("245".into())));
        assert_eq!(read("0:00:07.5"), Ok(Some("7.5".into())));
        // With a decimal comma, `1.000` is a thousand, never one.
        assert_eq!(read_comma("1.000"), Ok(Some("1000".into())));
        assert_eq!(read_comma("-2.500,5"), Ok(Some("-2500.5".into())));
    }

    #[test]
    fn placeholders_stay_absent() {
        for text in [
            "",
            "  ",
            "-",
            "N/A",
            "n/a",
            "nan",
            "NULL",
            "undefined",
            "(not set)",
            "\\N",
        ] {
            assert_eq!(read(text), Ok(None), "{text:?}");
        }
    }

    #[test]
    fn refuses_what_it_cannot_read_for_sure() {
        for text in [
            "abc",
            "1,23",
            "12.5.3",
            "1,2345",
            "$",
            "1e",
            "e5",
            "--5",
            "12 apples",
            ".",
            "-",
        ] {
            assert_eq!(
                read(text).err(),
                if text == "-" {
                    None
                } else {
                    Some(CellError::NotANumber)
                },
                "{text:?}"
            );
        }
        assert_eq!(read(&"9".repeat(40)), Err(CellError::TooLarge));
        assert_eq!(read("0,001"), Err(CellError::LeadingZeroGroup));
        assert_eq!(read("0,250"), Err(CellError::LeadingZeroGroup));
        assert_eq!(read_comma("0.001"), Err(CellError::LeadingZeroGroup));
        assert_eq!(read("1e99"), Err(CellError::TooLarge));
    }

    #[test]
    fn scientific_notation_is_exact() {
        let ok = |s: &str| Ok(Some(s.to_owned()));
        assert_eq!(read("2.28E+11"), ok("228000000000"));
        assert_eq!(read("1e5"), ok("100000"));
        assert_eq!(read("1.5E-3"), ok("0.0015"));
        assert_eq!(read("-4.2e2"), ok("-420"));
        assert_eq!(read("9.223372036854775807E+12"), ok("9223372036854.775807"));
        assert_eq!(read_comma("2,5E+3"), ok("2500"));
        assert_eq!(read("$-5"), ok("-5"));
    }
}
