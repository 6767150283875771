//! Files exchanged with people and other programs, written and read one way.
//!
//! * [`safe_write`]: every file the command line and the app write goes
//!   through [`safe_write::write_file`]: whole or not at all.
//! * [`table`]: an export is a [`Table`] (a header and rows of typed
//!   [`Cell`]s: text, numbers with a format, whole numbers), and text cells
//!   follow one escaping rule ([`table::escape_text`]) so no cell is ever
//!   read as a formula.
//! * [`csv`]: CSV as Excel and WPS open it (UTF-8 with a byte-order mark),
//!   whole tables or streamed rows.
//! * [`xlsx`]: workbooks written from tables, and read within limits that
//!   no file can push past.
//! * [`finite`]: the guard that no written number is infinite or NaN.
//! * [`text`]: the encoding of imported text, and values quoted in messages.
//!
//! Nothing here depends on the GUI.

pub mod csv;
pub mod finite;
pub mod safe_write;
pub mod table;
pub mod text;
pub mod xlsx;

pub use table::{Cell, NumberFormat, Table};
