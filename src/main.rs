//! The `kpi` binary: parse arguments, call the library, print, map errors to exit codes.
//!
//! Exit codes (DESIGN §10): 0 success; 1 bands at `--fail-on`; 2 the input could not be
//! used. A reader that goes away (`kpi score … | head`) is no error: the command exits
//! with the code it would have had (lint 1 for errors), quietly.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    // A bug must not print a backtrace at a marketer: one line, and exit code 2.
    std::panic::set_hook(Box::new(|info| {
        cli::say(&format!(
            "error: internal error (kpi panicked: {info}); please report it with the input that caused it"
        ));
    }));
    let outcome = std::panic::catch_unwind(cli::run).unwrap_or_else(|_| Ok(ExitCode::from(2)));
    match outcome {
        Ok(code) => code,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            cli::print_error(&error);
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
