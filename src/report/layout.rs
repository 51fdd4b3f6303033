//! Tables for people that fit the terminal: columns give way in a stated order (fold at
//! their own break points, then drop), and no word or number is ever split.
//!
//! Each table lists its [`Step`]s, most dispensable first; [`fit`] applies them one at a
//! time until the table fits the width, and stops there. With no width (a pipe, a file,
//! `--wide`) every column is shown whole.

use comfy_table::{Cell, CellAlignment, Color, ContentArrangement, Table, presets};
use unicode_width::UnicodeWidthStr;

/// One column: its header, its cells (with an optional colour) and its alignment.
pub struct Column {
    /// The header.
    pub header: String,
    /// One cell per row.
    pub cells: Vec<(String, Option<Color>)>,
    /// Right for numbers.
    pub align: CellAlignment,
}

impl Column {
    /// A left-aligned column.
    pub fn new(header: impl Into<String>) -> Column {
        Column {
            header: header.into(),
            cells: Vec::new(),
            align: CellAlignment::Left,
        }
    }

    /// The same, right-aligned.
    pub fn right(mut self) -> Column {
        self.align = CellAlignment::Right;
        self
    }

    /// Adds a cell.
    pub fn push(&mut self, text: impl Into<String>, color: Option<Color>) {
        self.cells.push((text.into(), color));
    }

    fn copy(&self) -> Column {
        Column {
            header: self.header.clone(),
            cells: self.cells.clone(),
            align: self.align,
        }
    }

    /// Display width: its widest line, header included.
    fn width(&self) -> usize {
        self.cells
            .iter()
            .flat_map(|(text, _)| text.lines())
            .chain([self.header.as_str()])
            .map(UnicodeWidthStr::width)
            .max()
            .unwrap_or(0)
    }
}

/// What a column may do to make room.
#[derive(Debug, Clone, Copy)]
pub enum Step {
    /// Break the column's cells at each of these separators: after one that starts with
    /// a mark (`", "` folds `green ≥ 1.20%, yellow ≥ 0.80%` in two), before one that
    /// starts with a space (`" by "` puts `by 2026-06-30` on its own line).
    Fold(&'static str, &'static [&'static str]),
    /// Wrap the column's cells at spaces to this many columns (a longer word stays whole).
    Wrap(&'static str, usize),
    /// Leave the column out.
    Drop(&'static str),
}

/// A table of `columns` that fits `width` (when given), after as few of `steps` as it
/// takes, in their order; the names of the columns left out are returned with it.
pub fn fit(
    mut columns: Vec<Column>,
    steps: &[Step],
    width: Option<usize>,
    color: bool,
) -> (Table, Vec<String>) {
    let mut dropped = Vec::new();
    if let Some(width) = width {
        for step in steps {
            if table_width(&columns) <= width {
                break;
            }
            match *step {
                Step::Fold(header, separators) => {
                    for column in columns.iter_mut().filter(|c| c.header == header) {
                        for (text, _) in &mut column.cells {
                            *text = fold(text, separators);
                        }
                    }
                }
                Step::Wrap(header, max) => {
                    for column in columns.iter_mut().filter(|c| c.header == header) {
                        // Re-flowed as one paragraph: a second, narrower wrap starts afresh.
                        for (text, _) in &mut column.cells {
                            *text = wrap(&text.replace('\n', " "), max);
                        }
                    }
                }
                Step::Drop(header) => {
                    if columns.iter().any(|c| c.header == header) {
                        columns.retain(|c| c.header != header);
                        dropped.push(header.to_owned());
                    }
                }
            }
        }
    }
    (grid(&columns, color), dropped)
}

/// Tables of `columns` that each fit `width`: the first `keys` columns in every one,
/// the others in order, as many to a table as fit (at least one). Data columns are never
/// dropped, so a wide metrics table becomes several under each other.
pub fn chunked(columns: Vec<Column>, keys: usize, width: Option<usize>, color: bool) -> Vec<Table> {
    let Some(width) = width else {
        return vec![grid(&columns, color)];
    };
    let mut columns = columns.into_iter();
    let keys: Vec<Column> = columns.by_ref().take(keys).collect();
    let base: usize = keys.iter().map(|c| c.width() + 3).sum::<usize>() + 1;
    let mut tables = Vec::new();
    let mut chunk: Vec<Column> = Vec::new();
    let mut used = base;
    let flush = |chunk: &mut Vec<Column>, tables: &mut Vec<Table>| {
        let mut all: Vec<Column> = keys.iter().map(Column::copy).collect();
        all.append(chunk);
        tables.push(grid(&all, color));
    };
    for column in columns {
        let w = column.width() + 3;
        if !chunk.is_empty() && used + w > width {
            flush(&mut chunk, &mut tables);
            used = base;
        }
        used += w;
        chunk.push(column);
    }
    if !chunk.is_empty() || tables.is_empty() {
        flush(&mut chunk, &mut tables);
    }
    tables
}

/// The width of the drawn table: each column plus its padding, and the borders.
fn table_width(columns: &[Column]) -> usize {
    columns.iter().map(|c| c.width() + 3).sum::<usize>() + 1
}

fn grid(columns: &[Column], color: bool) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(columns.iter().map(|c| c.header.as_str()));
    if color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    let rows = columns.first().map_or(0, |c| c.cells.len());
    for row in 0..rows {
        t.add_row(columns.iter().map(|c| {
            let (text, paint) = &c.cells[row];
            let cell = Cell::new(text).set_alignment(c.align);
            match paint {
                Some(p) if color => cell.fg(*p),
                _ => cell,
            }
        }));
    }
    for (i, column) in columns.iter().enumerate() {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(column.align);
        }
    }
    t
}

/// `text` broken after each separator.
fn fold(text: &str, separators: &[&str]) -> String {
    let mut out = text.to_owned();
    for sep in separators {
        let broken = if sep.starts_with(' ') {
            format!("\n{}", sep.trim_start())
        } else {
            format!("{}\n", sep.trim_end())
        };
        out = out.replace(sep, &broken);
    }
    out.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `text` wrapped at spaces to `width` columns, its own leading spaces kept and the
/// lines after the first indented by `indent`: a list item or a note with its hanging
/// indent.
pub fn hanging(text: &str, width: usize, indent: usize) -> String {
    let body = text.trim_start_matches(' ');
    let lead = text.len() - body.len();
    let room = width.saturating_sub(indent).max(20);
    let first_room = width.saturating_sub(lead).max(20);
    // Runs of spaces inside the text stay (a padded column); only line ends move.
    let words = body.split(' ');
    let mut lines = Vec::new();
    let mut line = " ".repeat(lead);
    let mut used = 0;
    let mut limit = first_room;
    for word in words {
        if used > 0 && used + 1 + word.width() > limit {
            lines.push(std::mem::replace(&mut line, " ".repeat(indent)));
            used = 0;
            limit = room;
        }
        if used > 0 {
            line.push(' ');
            used += 1;
        }
        line.push_str(word);
        used += word.width();
    }
    lines.push(line);
    lines.join("\n")
}

/// `text` wrapped at spaces into lines of at most `max` columns where the words allow.
pub fn wrap(text: &str, max: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            if !line.is_empty() && line.width() + 1 + word.width() > max {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(header: &'static str, cells: &[&str]) -> Column {
        let mut c = Column::new(header);
        for cell in cells {
            c.push(*cell, None);
        }
        c
    }

    #[test]
    fn steps_apply_in_order_until_the_table_fits() {
        let columns = || {
            vec![
                column("KPI", &["ctr"]),
                column("Target", &["green ≥ 1.20%, yellow ≥ 0.80%"]),
                column("Action", &["re-brief the call to action"]),
            ]
        };
        let steps = [
            Step::Drop("Action"),
            Step::Fold("Target", &[", "]),
            Step::Drop("Target"),
        ];
        // Whole: 3+3 + 29+3 + 27+3 + 1 = 69 columns.
        let (t, dropped) = fit(columns(), &steps, Some(69), false);
        assert!(dropped.is_empty());
        assert!(t.to_string().contains("green ≥ 1.20%, yellow ≥ 0.80%"));
        // One less: the action goes; the target stays whole (6 + 32 + 1 = 39).
        let (t, dropped) = fit(columns(), &steps, Some(68), false);
        assert_eq!(dropped, ["Action"]);
        assert_eq!(t.to_string().lines().next().map(|l| l.width()), Some(39));
        // Narrower: the target folds after its comma, never inside a number.
        let (t, dropped) = fit(columns(), &steps, Some(30), false);
        assert_eq!(dropped, ["Action"]);
        let text = t.to_string();
        assert!(text.contains("│ ctr ┆ green ≥ 1.20%, │"), "{text}");
        assert!(text.contains("│     ┆ yellow ≥ 0.80% │"), "{text}");
        // No width: everything.
        let (_, dropped) = fit(columns(), &steps, None, false);
        assert!(dropped.is_empty());
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        assert_eq!(
            wrap("pause spend (weakest: @lenareviewsskin)", 12),
            "pause spend\n(weakest:\n@lenareviewsskin)"
        );
        assert_eq!(wrap("a b c", 80), "a b c");
        assert_eq!(
            hanging("  yellow ctr: re-brief the call to action now", 24, 9),
            "  yellow ctr: re-brief\n         the call to action\n         now"
        );
    }
}
