//! Flags on how inputs are read, shared by the commands that read them.

use std::path::PathBuf;

/// Where the files a campaign file names may be (DESIGN §12).
#[derive(Debug, clap::Args)]
pub(crate) struct RootArgs {
    /// The project root: files named inside campaign files must be in this folder. Default: the nearest folder above the campaign file holding .git or kpi.yaml.
    #[arg(long, value_name = "DIR")]
    pub(crate) root: Option<PathBuf>,
}

/// How exports are read.
#[derive(Debug, clap::Args)]
pub(crate) struct ReadArgs {
    /// Header layout of the inputs: auto (default), canonical, or a platform (`kpi presets` lists them).
    #[arg(
        long,
        value_name = "NAME",
        value_parser = super::meta::Offered(super::meta::preset_names),
        hide_possible_values = true
    )]
    preset: Option<String>,
    /// Skip rows with a cell that cannot be read (counted and reported) instead of stopping.
    #[arg(long)]
    skip_bad_rows: bool,
    /// The year of dates written without one (`Mar 15`).
    #[arg(long, value_name = "YEAR")]
    year: Option<i32>,
    /// Slashed dates are day first (26/08/2025); month first by default.
    #[arg(long)]
    day_first: bool,
    /// Numbers are written with a decimal comma (1.234,56); a point by default.
    #[arg(long)]
    decimal_comma: bool,
    /// Text encoding of the inputs when not UTF-8: utf-16le, utf-16be, windows-1252, latin1 …
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,
}

impl ReadArgs {
    /// The flags as the library takes them.
    pub(crate) fn flags(&self) -> kpi::metrics::sources::ReadFlags {
        kpi::metrics::sources::ReadFlags {
            skip_bad_rows: self.skip_bad_rows,
            preset: self.preset.clone(),
            year: self.year,
            day_first: self.day_first,
            decimal_comma: self.decimal_comma,
            encoding: self.encoding.clone(),
        }
    }
}
