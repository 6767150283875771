//! talent-planner: planning the rural social-work workforce
//! ("professional talents + local talents").
//!
//! The [`model`] module holds the scenario format, validation and the
//! projection engine; it never depends on the GUI, which sits behind the
//! default `gui` feature.

#[cfg(feature = "gui")]
pub mod app;
pub mod cli;
pub mod exchange;
pub mod model;
pub mod roster;
