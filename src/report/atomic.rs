//! Writing an output file atomically: a temporary file in the same folder, flushed to
//! disk, then renamed over the target. A failure leaves the old file as it was and no
//! half-written file behind.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Replaces `path` with `bytes`, or leaves it untouched on any error.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let temp = dir.join(format!(".{name}.{}.kpi-tmp", std::process::id()));
    let fail = |error: std::io::Error| Error::Usage {
        message: format!(
            "cannot write {}: {}",
            path.display(),
            crate::error::describe_io(&error)
        ),
    };
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(fail(e));
    }
    Ok(())
}
