use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    // A bug must never show a user a backtrace: one sentence, and the exit code of a crash.
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into());
        // Written with `let _`: when the terminal is gone the write fails, and a panic inside
        // the panic hook would abort the process before the edits are kept.
        let _ = writeln!(
            std::io::stderr(),
            "journeymap: internal error ({}); files are saved atomically, so none was left half-written. Please report this.",
            journeymap::text::printable(&message)
        );
    }));
    journeymap::cli::main()
}
