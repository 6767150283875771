//! The planning model: scenario documents, validation, the projection engine
//! and its results. Nothing here depends on the GUI.

pub mod analysis;
pub mod catalog;
pub mod eligibility;
pub mod engine;
pub mod generate;
pub mod goals;
pub mod montecarlo;
pub mod results;
pub mod scenario;
pub mod source_note;
pub mod uncertainty;
pub mod validate;

pub use engine::{Expected, Model, ModelError, RunOptions, Sampler};
pub use montecarlo::{McJob, McResult, Stochastic};
pub use results::{MonthResult, Projection};
pub use scenario::Scenario;
pub mod export;
pub mod io;
pub mod metrics;
