//! The `trackaudit` command: parses arguments, runs the library, prints, and
//! maps the outcome to an exit code (0 clean, 1 findings at or above
//! `--fail-on`, 2 error).

mod cli;
mod cli_history;

fn main() {
    let code = match cli::main() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("trackaudit: error: {e:#}");
            2
        }
    };
    std::process::exit(code);
}
