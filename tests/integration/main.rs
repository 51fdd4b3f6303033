//! Integration tests: run the `kpi` binary as users do. One binary, one file per feature.

mod bad_input;
mod captions;
mod chromium;
mod errors;
mod exports;
mod html;
mod input;
mod kinds;
mod lint;
mod lint_models;
mod pipes;
mod properties;
mod samples;
mod score;
mod screen;
mod settle;
mod share;
mod stdin;
mod trend;
mod trust;
mod warehouse;
mod wild;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// A temporary folder holding a campaign file and its exports.
#[derive(Debug)]
pub struct Fixture {
    dir: tempfile::TempDir,
}

impl Default for Fixture {
    fn default() -> Fixture {
        Fixture::new()
    }
}

impl Fixture {
    /// An empty fixture folder.
    pub fn new() -> Fixture {
        Fixture {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// Writes `text` to `name` inside the fixture and returns its path.
    pub fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create dirs");
        }
        std::fs::write(&path, text).expect("write fixture");
        path
    }

    /// The fixture folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// The outcome of one run.
pub struct Run {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `kpi` with `args` in `dir`, with colour off and no stdin unless given.
pub fn kpi_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut cmd = Command::cargo_bin("kpi").expect("kpi binary");
    cmd.current_dir(dir).args(args).env("NO_COLOR", "1");
    match stdin {
        Some(text) => cmd.write_stdin(text.to_owned()),
        None => cmd.write_stdin(Vec::<u8>::new()),
    };
    let output = cmd.output().expect("run kpi");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `kpi` from the repository root.
pub fn kpi(args: &[&str]) -> Run {
    kpi_in(Path::new(env!("CARGO_MANIFEST_DIR")), args, None)
}

/// Runs `kpi --format json` in `dir` and parses the output.
pub fn score_json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["score"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let run = kpi_in(dir, &all, None);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    serde_json::from_str(&run.stdout).expect("valid JSON")
}
