//! The presentation layer: everything the desktop app shows that is not
//! drawing, built without any GUI dependency so the command line and
//! reports use the same tables, labels and texts.
//!
//! - [`i18n`]: the interface language, the glossary of texts in Chinese and
//!   English, number formatting.
//! - [`document`]: a plan document (scenario, file, unsaved flag, last valid
//!   projection) and its checks.
//! - [`command`]: what the user asked for; panels return commands and the
//!   app applies them.
//! - [`views`]: the data behind each chart, headline and table.
//! - [`pipeline`], [`townships`], [`levers`], [`roster`]: the rows, labels
//!   and edits of the pipeline, townships, levers and trainer views.
//! - [`decisions`]: plans compared, the tornado, goal seek and the SWOT
//!   board in rows, series and sentences.
//! - [`charts`]: charts drawn headlessly as PNG (the report, `--charts`,
//!   and saving a chart from the app).
//! - [`report_terms`]: the report's texts in the glossary.
//!
//! Data flows one way: scenario → projection → view-model here → panel.

pub mod charts;
pub mod command;
pub mod decisions;
pub mod document;
pub mod i18n;
pub mod key_results;
pub mod levers;
pub mod pipeline;
pub mod renderer;
pub mod report_terms;
pub mod roster;
pub mod townships;
pub mod views;
