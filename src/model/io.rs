//! Reading and writing scenario files (RON). Parse errors carry the line and
//! column of the problem; writing goes through a temporary file so a failed
//! save never destroys the previous version.

use super::scenario::Scenario;
use std::path::Path;
use thiserror::Error;

/// The embedded default scenario: a typical rural county.
pub const DEFAULT_COUNTY_RON: &str = include_str!("../../assets/default_county.ron");

/// Why a scenario could not be read.
#[derive(Debug, Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read the file: {source}")]
    Io {
        /// The underlying error.
        #[from]
        source: std::io::Error,
    },
    /// The text is not a valid scenario.
    #[error("line {line}, column {column}: {message}")]
    Parse {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
}

/// Parses a scenario from RON text.
pub fn from_ron_str(text: &str) -> Result<Scenario, LoadError> {
    ron::Options::default()
        .from_str::<Scenario>(text)
        .map_err(|e| LoadError::Parse {
            line: e.span.start.line,
            column: e.span.start.col,
            message: e.code.to_string(),
        })
}

/// Reads and parses a scenario file.
pub fn load(path: &Path) -> Result<Scenario, LoadError> {
    let text = std::fs::read_to_string(path)?;
    from_ron_str(&text)
}

/// The embedded default county scenario.
pub fn default_scenario() -> Result<Scenario, LoadError> {
    from_ron_str(DEFAULT_COUNTY_RON)
}

/// Serialises a scenario to pretty RON.
pub fn to_ron_string(sc: &Scenario) -> Result<String, ron::Error> {
    let cfg = ron::ser::PrettyConfig::new()
        .depth_limit(6)
        .indentor("    ".to_string())
        .struct_names(false);
    ron::ser::to_string_pretty(sc, cfg)
}

/// Writes a scenario: to `path.tmp` first, the old file kept as `path.bak`, then renamed.
pub fn save(sc: &Scenario, path: &Path) -> Result<(), SaveError> {
    let text = to_ron_string(sc).map_err(|e| SaveError::Serialise(e.to_string()))?;
    let tmp = path.with_extension("ron.tmp");
    std::fs::write(&tmp, text)?;
    if path.exists() {
        std::fs::copy(path, path.with_extension("ron.bak"))?;
    }
    std::fs::rename(&tmp, path)?;
    Ok(())
}

/// Why a scenario could not be written.
#[derive(Debug, Error)]
pub enum SaveError {
    /// The scenario could not be turned into text.
    #[error("cannot serialise the scenario: {0}")]
    Serialise(String),
    /// The file could not be written.
    #[error("cannot write the file: {0}")]
    Io(#[from] std::io::Error),
}
