//! `kpi sql` (DESIGN §14): one SELECT that a warehouse runs over the campaign's
//! `warehouse:` table, pushing only the sums to the engine. The result has one row per
//! day × creator (× the dimensions the table maps) and one column per counter the
//! campaign needs, named canonically, so that saved as CSV it is an export like any
//! other: `kpi score FILE --metrics result.csv` scores it as it would the raw rows.
//!
//! Each dialect is written for its engine: its identifier quoting, its string escapes,
//! its exact decimal type for sums. Nothing from the file reaches the SQL but quoted
//! identifiers and literals (the filter has its own small grammar, [`filter`]).

pub mod filter;

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::campaign::{Campaign, Located, Warehouse};
use crate::error::{Error, Result};
use crate::metrics::facts::{DERIVED, FACTS};
use crate::metrics::names::{CANONICAL_METRICS, DIMENSIONS};
use filter::{Filter, Value};

/// An engine `kpi sql` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Dialect {
    /// DuckDB.
    Duckdb,
    /// PostgreSQL.
    Postgres,
    /// ClickHouse.
    Clickhouse,
    /// Spark SQL.
    Spark,
    /// Google BigQuery (GoogleSQL).
    Bigquery,
    /// Snowflake.
    Snowflake,
}

impl Dialect {
    /// The dialect's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Duckdb => "duckdb",
            Dialect::Postgres => "postgres",
            Dialect::Clickhouse => "clickhouse",
            Dialect::Spark => "spark",
            Dialect::Bigquery => "bigquery",
            Dialect::Snowflake => "snowflake",
        }
    }

    /// A column or table name, quoted. Snowflake stores a name created unquoted in
    /// upper case: a plain name is quoted upper-cased there (`"EVENT_DATE"`), which
    /// means what the name unquoted would, but can never be read as a keyword.
    pub fn ident(self, name: &str) -> String {
        let plain = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        match self {
            Dialect::Snowflake if plain => format!("\"{}\"", name.to_ascii_uppercase()),
            Dialect::Spark | Dialect::Bigquery => format!("`{}`", name.replace('`', "``")),
            _ => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    /// An output column's name: quoted as written, so every engine keeps it lower case.
    fn alias(self, name: &str) -> String {
        match self {
            Dialect::Spark | Dialect::Bigquery => format!("`{name}`"),
            _ => format!("\"{name}\""),
        }
    }

    /// A text literal.
    pub fn text(self, value: &str) -> String {
        match self {
            // Backslash starts an escape in these engines' strings.
            Dialect::Spark | Dialect::Bigquery => {
                format!("'{}'", value.replace('\\', "\\\\").replace('\'', "\\'"))
            }
            Dialect::Clickhouse | Dialect::Snowflake => {
                format!("'{}'", value.replace('\\', "\\\\").replace('\'', "''"))
            }
            // An escape string: the same text whatever `standard_conforming_strings` is.
            Dialect::Postgres => {
                format!("E'{}'", value.replace('\\', "\\\\").replace('\'', "''"))
            }
            Dialect::Duckdb => format!("'{}'", value.replace('\'', "''")),
        }
    }

    /// A column as a date (a timestamp loses its time of day).
    fn date(self, column: &str) -> String {
        match self {
            Dialect::Clickhouse => format!("toDate({column})"),
            _ => format!("CAST({column} AS DATE)"),
        }
    }

    /// A date literal.
    fn day(self, day: NaiveDate) -> String {
        match self {
            Dialect::Clickhouse => format!("toDate('{day}')"),
            _ => format!("DATE '{day}'"),
        }
    }

    /// The exact sum of a column, to the millionth (kpi's own precision).
    fn sum(self, column: &str) -> String {
        let decimal = match self {
            Dialect::Postgres => "NUMERIC(38, 6)",
            Dialect::Bigquery => "BIGNUMERIC",
            Dialect::Snowflake => "NUMBER(38, 6)",
            Dialect::Duckdb | Dialect::Spark | Dialect::Clickhouse => "DECIMAL(38, 6)",
        };
        match self {
            // BIGNUMERIC keeps 38 decimals: round the sum to kpi's six.
            Dialect::Bigquery => format!("ROUND(SUM(CAST({column} AS {decimal})), 6)"),
            // A Float64 cast to Decimal is truncated (0.29 would be 0.289999): through
            // its shortest text it is the number written.
            Dialect::Clickhouse => format!("SUM(toDecimal128(toString({column}), 6))"),
            _ => format!("SUM(CAST({column} AS {decimal}))"),
        }
    }

    /// Text as text (a dimension kept as the table holds it, numbers included).
    fn as_text(self, column: &str) -> String {
        match self {
            // NULL would be written `\N`: a blank, as the other engines write it.
            Dialect::Clickhouse => format!("ifNull(toString({column}), '')"),
            Dialect::Bigquery => format!("CAST({column} AS STRING)"),
            Dialect::Spark => format!("CAST({column} AS STRING)"),
            _ => format!("CAST({column} AS VARCHAR)"),
        }
    }
}

/// The dimensions grouped by when the table maps them, besides `date` and `creator`.
const OPTIONAL_DIMENSIONS: [&str; 4] = ["campaign", "platform", "format", "code"];

/// One counter the query sums, and who needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    /// Its canonical (or snake_case) name, the output column.
    pub name: String,
    /// The table's column.
    pub column: String,
    /// What needs it: KPI ids, `settlement`, `budget`.
    pub by: Vec<String>,
}

/// What `kpi sql` writes: the counters it sums, and the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The counters summed, in output order.
    pub counters: Vec<Need>,
    /// The SQL, with comments saying which KPI needs which column.
    pub sql: String,
}

fn warehouse(campaign: &Campaign) -> Result<&Located<Warehouse>> {
    campaign.warehouse.as_ref().ok_or_else(|| Error::campaign(
        campaign.source.place(1, 1),
        "the campaign has no `warehouse:` section; add one naming the table (`warehouse: { table: analytics.influencer_daily, columns: { date: event_date } }`)",
    ))
}

/// The counters the campaign's KPIs, contracts and budget read, each with what needs it.
fn needs(campaign: &Campaign, w: &Warehouse) -> Result<Vec<(String, Vec<String>)>> {
    // Every name a formula reads is a column of the table (as every numeric column of
    // an export is a metric): known to the resolver before it resolves.
    let mut table = crate::metrics::MetricTable::new();
    for name in w.columns.keys() {
        table.metric_id(name);
    }
    for spec in &campaign.kpis {
        if let Some(expr) = spec
            .formula
            .as_ref()
            .and_then(|f| crate::kpi::formula::Expr::parse(f).ok())
        {
            for name in expr.metrics() {
                if !DERIVED.iter().any(|(d, _)| *d == name) {
                    table.metric_id(name);
                }
            }
        }
    }
    let kpis = crate::kpi::definition::resolve(campaign, &table)?;
    let facts: BTreeSet<&str> = FACTS.iter().map(|(n, _)| *n).collect();
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut need = |name: &str, by: String| {
        if facts.contains(name) || DIMENSIONS.contains(&name) {
            return;
        }
        match out.iter_mut().find(|(n, _)| n == name) {
            Some((_, who)) if !who.contains(&by) => who.push(by),
            Some(_) => {}
            None => out.push((name.to_owned(), vec![by])),
        }
    };
    for kpi in &kpis {
        for metric in kpi.formula.metrics() {
            need(metric, format!("KPI `{}`", kpi.id));
        }
    }
    for creator in &campaign.creators {
        let Some(contract) = &creator.contract else {
            continue;
        };
        for condition in contract.pay_conditions() {
            if let Ok(parsed) = crate::settle::condition::Condition::parse(condition) {
                for metric in parsed.names() {
                    need(metric, "settlement".to_owned());
                }
            }
        }
    }
    if !crate::metrics::sources::contract_codes(campaign).is_empty() {
        need("revenue", "settlement (commission)".to_owned());
        need("conversions", "settlement (commission)".to_owned());
    }
    if campaign.campaign.budget.is_some() {
        need("spend", "the budget note".to_owned());
    }
    Ok(out)
}

/// Checks `warehouse.columns`: every key a dimension, a canonical counter or a name a
/// KPI reads (a typo is an error naming the likely name).
fn check_columns(
    campaign: &Campaign,
    w: &Warehouse,
    needed: &[(String, Vec<String>)],
) -> Result<()> {
    for (key, column) in &w.columns {
        let known = DIMENSIONS.contains(&key.as_str())
            || CANONICAL_METRICS.contains(&key.as_str())
            || needed.iter().any(|(n, _)| n == key);
        if !known {
            let candidates: Vec<String> = DIMENSIONS
                .iter()
                .chain(CANONICAL_METRICS.iter())
                .map(|n| (*n).to_owned())
                .chain(needed.iter().map(|(n, _)| n.clone()))
                .collect();
            let hint = crate::campaign::load::suggest(key, &candidates)
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            return Err(Error::campaign(
                campaign.source.place(
                    column.line,
                    column
                        .column
                        .saturating_sub(key.chars().count() as u64 + 2)
                        .max(1),
                ),
                format!(
                    "`{}` in `warehouse.columns` is neither a dimension, a canonical counter nor a metric a KPI reads; {hint}keys are kpi's names, values the table's columns",
                    crate::text::quote(key)
                ),
            ));
        }
        if let Some(problem) = column_problem(key, column) {
            return Err(Error::campaign(
                campaign.source.place(column.line, column.column),
                problem,
            ));
        }
    }
    Ok(())
}

/// Whether `name` can be a table's or column's name in every dialect's quotes: not
/// blank, and no quote, backtick, backslash or control character (which some engines
/// would read as the end of the name or an escape).
fn is_name(name: &str) -> bool {
    !name.trim().is_empty()
        && is_plain_text(name)
        && !name.chars().any(|c| matches!(c, '"' | '`' | '\\' | '\''))
}

/// Whether `text` reaches the output as it is: no control or invisible character and
/// no `##[`, which the output's last guard would show escaped (changing the SQL).
pub fn is_plain_text(text: &str) -> bool {
    !text
        .chars()
        .any(|c| c.is_control() || crate::text::is_unsafe_char(c))
        && !text.contains("##[")
}

/// Spark reads a file for a "table" named `format.path` (`csv./etc/passwd`): a table
/// in a schema of that name is refused.
const FILE_FORMATS: [&str; 9] = [
    "csv",
    "json",
    "parquet",
    "orc",
    "text",
    "avro",
    "binaryfile",
    "delta",
    "jdbc",
];

/// Why `table` cannot be a `warehouse.table`, when it cannot.
pub fn table_problem(table: &str) -> Option<String> {
    let parts: Vec<&str> = table.split('.').map(str::trim).collect();
    let file = parts.len() > 1
        && FILE_FORMATS
            .iter()
            .any(|f| parts[0].eq_ignore_ascii_case(f));
    let simple = parts.iter().all(|p| {
        p.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '$'))
    });
    (parts.len() > 3 || !parts.iter().all(|p| is_name(p)) || !simple || file).then(|| {
        format!(
            "`{}` is not a table name; write `table`, `schema.table` or `project.schema.table`, each part letters, digits, `_`, `-` or `$` (and no schema named after a file format)",
            crate::text::quote(table)
        )
    })
}

/// Why `column` cannot name a column of the table, when it cannot.
pub fn column_problem(key: &str, column: &str) -> Option<String> {
    (!is_name(column)).then(|| {
        format!(
            "`warehouse.columns.{}` must name a column of the table, without quotes, backslashes or control characters",
            crate::text::quote(key)
        )
    })
}

/// The table's name, each part quoted.
fn table_name(campaign: &Campaign, w: &Warehouse, dialect: Dialect) -> Result<String> {
    if let Some(problem) = table_problem(&w.table) {
        return Err(Error::campaign(
            campaign.source.place(w.table.line, w.table.column),
            problem,
        ));
    }
    let parts: Vec<&str> = w.table.split('.').map(str::trim).collect();
    Ok(parts
        .iter()
        .map(|p| dialect.ident(p))
        .collect::<Vec<_>>()
        .join("."))
}

/// The filter in the dialect's SQL, a column named by its canonical name read through
/// `warehouse.columns`.
fn filter_sql(f: &Filter, column: &dyn Fn(&str) -> String, dialect: Dialect) -> String {
    let value = |v: &Value| match v {
        Value::Text(t) => dialect.text(t),
        Value::Number(n) => n.clone(),
    };
    match f {
        Filter::And(a, b) => format!(
            "({} AND {})",
            filter_sql(a, column, dialect),
            filter_sql(b, column, dialect)
        ),
        Filter::Or(a, b) => format!(
            "({} OR {})",
            filter_sql(a, column, dialect),
            filter_sql(b, column, dialect)
        ),
        Filter::Not(a) => format!("NOT {}", filter_sql(a, column, dialect)),
        Filter::Compare(c, op, v) => format!("{} {} {}", column(c), op.sql(), value(v)),
        Filter::In(c, negated, values) => format!(
            "{} {}IN ({})",
            column(c),
            if *negated { "NOT " } else { "" },
            values.iter().map(value).collect::<Vec<_>>().join(", ")
        ),
        Filter::Null(c, negated) => format!(
            "{} IS {}NULL",
            column(c),
            if *negated { "NOT " } else { "" }
        ),
    }
}

/// The query for `campaign` in `dialect`, for the rows of its period up to `as_of`.
pub fn query(campaign: &Campaign, dialect: Dialect, as_of: NaiveDate) -> Result<Query> {
    let w = warehouse(campaign)?;
    let needed = needs(campaign, w)?;
    check_columns(campaign, w, &needed)?;
    let table = table_name(campaign, w, dialect)?;
    let column_of = |name: &str| {
        w.columns
            .get(name)
            .map_or_else(|| name.to_owned(), |c| c.trim().to_owned())
    };
    let mut dimensions = vec![
        ("date".to_owned(), column_of("date")),
        ("creator".to_owned(), column_of("creator")),
    ];
    dimensions.extend(
        OPTIONAL_DIMENSIONS
            .iter()
            .filter(|d| w.columns.contains_key(**d))
            .map(|d| ((*d).to_owned(), column_of(d))),
    );
    let counters: Vec<Need> = needed
        .into_iter()
        .map(|(name, by)| Need {
            column: column_of(&name),
            name,
            by,
        })
        .collect();
    let filter = match &w.filter {
        Some(text) => Some(filter::parse(text).map_err(|p| {
            Error::campaign(
                campaign.source.place(text.line, text.column),
                format!(
                    "`warehouse.where` is not a filter kpi can write: {} (at character {} of `{}`)",
                    p.message,
                    p.at + 1,
                    crate::text::quote(text)
                ),
            )
        })?),
        None => None,
    };

    let info = &campaign.campaign;
    let start = info.period.start.0;
    let last = crate::kpi::scorecard::judged_on(campaign, as_of);
    let date = dialect.date(&dialect.ident(&dimensions[0].1));
    let mut sql = String::new();
    sql.push_str(&format!(
        "-- kpi sql: campaign `{}` for {}, rows from {start} to {last}\n",
        crate::text::quote(&info.id),
        dialect.name()
    ));
    sql.push_str(
        "-- The engine adds up; kpi computes every ratio, band, pace and trend. Save the result\n",
    );
    sql.push_str("-- as CSV and score it: kpi score CAMPAIGN.yaml --metrics result.csv\n");
    for need in &counters {
        sql.push_str(&format!(
            "-- {}: {}\n",
            need.name,
            crate::text::quote(&need.by.join(", "))
        ));
    }
    if counters.is_empty() {
        sql.push_str("-- (no KPI reads a counter from the rows: only the dimensions are listed)\n");
    }
    sql.push_str("SELECT\n");
    let mut select: Vec<String> = vec![format!("  {date} AS {}", dialect.alias("date"))];
    let group: Vec<String> = std::iter::once(date.clone())
        .chain(
            dimensions[1..]
                .iter()
                .map(|(_, c)| dialect.as_text(&dialect.ident(c))),
        )
        .collect();
    for ((name, _), expr) in dimensions[1..].iter().zip(&group[1..]) {
        select.push(format!("  {expr} AS {}", dialect.alias(name)));
    }
    for need in &counters {
        select.push(format!(
            "  {} AS {}",
            dialect.sum(&dialect.ident(&need.column)),
            dialect.alias(&need.name)
        ));
    }
    sql.push_str(&select.join(",\n"));
    sql.push_str(&format!("\nFROM {table}\n"));
    // Orders that carry a contract's affiliate code count for its commission from the
    // signing, before the period too (kpi keeps them out of the KPIs' sums).
    let mut codes: Vec<String> = crate::metrics::sources::contract_codes(campaign)
        .into_iter()
        .filter(|c| is_plain_text(c))
        .collect();
    codes.sort();
    let from = match dimensions.iter().find(|(d, _)| d == "code") {
        Some((_, column)) if !codes.is_empty() => format!(
            "({date} >= {} OR UPPER(TRIM({})) IN ({}))",
            dialect.day(start),
            dialect.ident(column),
            codes
                .iter()
                .map(|c| dialect.text(c))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => format!("{date} >= {}", dialect.day(start)),
    };
    sql.push_str(&format!(
        "WHERE {from}\n  AND {date} <= {}\n",
        dialect.day(last)
    ));
    if let Some(f) = &filter {
        let column = |c: &str| dialect.ident(&column_of(c));
        sql.push_str(&format!("  AND {}\n", filter_sql(f, &column, dialect)));
    }
    sql.push_str(&format!("GROUP BY {}\n", group.join(", ")));
    let places: Vec<String> = (1..=group.len()).map(|i| i.to_string()).collect();
    sql.push_str(&format!("ORDER BY {}\n", places.join(", ")));
    if dialect == Dialect::Clickhouse {
        // Names in GROUP BY and WHERE are the table's columns, not the output's aliases.
        sql.push_str("SETTINGS prefer_column_name_to_alias = 1\n");
    }
    Ok(Query { counters, sql })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_texts_are_quoted_the_dialects_way() {
        assert_eq!(Dialect::Duckdb.ident("a\"b"), "\"a\"\"b\"");
        assert_eq!(Dialect::Spark.ident("a`b"), "`a``b`");
        assert_eq!(Dialect::Snowflake.ident("event_date"), "\"EVENT_DATE\"");
        assert_eq!(Dialect::Snowflake.ident("current_user"), "\"CURRENT_USER\"");
        assert_eq!(Dialect::Snowflake.ident("Event Date"), "\"Event Date\"");
        assert_eq!(Dialect::Postgres.text("it's \\"), "E'it''s \\\\'");
        assert_eq!(Dialect::Bigquery.text("it's \\"), "'it\\'s \\\\'");
        assert_eq!(Dialect::Clickhouse.text("it's \\"), "'it''s \\\\'");
        assert_eq!(Dialect::Snowflake.text("it's \\"), "'it''s \\\\'");
    }
}
