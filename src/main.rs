//! The `talent-planner` binary: parses the command line, then runs a
//! headless command or opens the desktop app.

use clap::Parser;
use std::process::ExitCode;
use talent_planner::cli::{Cli, execute};

/// Threads that allocate side by side (reading a big file in parallel, the
/// projection's township rows) wait on each other's locks in the system
/// allocator; mimalloc keeps a heap per thread.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(command) => execute(command),
        None => talent_planner::cli::open_app(cli.renderer),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(1)
        }
    }
}
