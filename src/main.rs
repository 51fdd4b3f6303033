//! The `kpi` binary: parse arguments, call the library, print, map errors to exit codes.
//!
//! Exit codes (DESIGN §10): 0 success; 1 bands at `--fail-on`; 2 the input could not be
//! used. A closed pipe (`kpi score … | head`) is success, as it is for ripgrep.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
