//! The `trackaudit` command: parses arguments, installs the diagnostics
//! subscriber, runs the command (src/cli/) and maps the outcome to an exit
//! code (0 clean, 1 findings at or above `--fail-on`, 2 error or interrupted
//! run; clap's usage errors are 2 as well).

mod cli;

use clap::Parser;

fn main() {
    let args = cli::Cli::parse();
    cli::term::init_tracing(args.verbose);
    let code = match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            cli::term::line(&format!("trackaudit: error: {e:#}"));
            2
        }
    };
    std::process::exit(code);
}
