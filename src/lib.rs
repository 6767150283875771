//! talent-planner: planning the rural social-work workforce
//! ("professional talents + local talents").
//!
//! The [`model`] module holds the scenario format, validation and the
//! projection engine; [`roster`] the trainee roster and certification rules;
//! [`present`] the view-models, texts and documents the app shows;
//! [`report`] the county plan report (.docx, .xlsx, PNG charts). None of
//! them depends on the GUI, which sits behind the default `gui` feature.

#[cfg(feature = "gui")]
pub mod app;
pub mod cli;
pub mod exchange;
pub mod model;
pub mod present;
pub mod report;
pub mod roster;
