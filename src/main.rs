//! The `talent-planner` binary: parses the command line, then runs a
//! headless command or, with none, opens the desktop app. The library's
//! command line never opens a window: this is the one place that decides.

use clap::Parser;
use std::process::ExitCode;
use talent_planner::cli::{Cli, Renderer, execute};

/// Threads that allocate side by side (reading a big file in parallel, the
/// projection's township rows) wait on each other's locks in the system
/// allocator; mimalloc keeps a heap per thread.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(command) => execute(command),
        None => open_window(cli.renderer),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(1)
        }
    }
}

/// Opens the desktop app on the default county, drawn by `renderer`
/// (`--renderer`; see `app::startup`).
#[cfg(feature = "gui")]
fn open_window(renderer: Option<Renderer>) -> anyhow::Result<ExitCode> {
    talent_planner::app::run(None, renderer)?;
    Ok(ExitCode::SUCCESS)
}

/// Without the `gui` feature there is no app: prints the help.
#[cfg(not(feature = "gui"))]
fn open_window(_renderer: Option<Renderer>) -> anyhow::Result<ExitCode> {
    use clap::CommandFactory;
    Cli::command().print_help()?;
    println!();
    Ok(ExitCode::SUCCESS)
}
