//! The `main` of a policy program: an example, or a team's own binary that
//! writes its policy set. It loads the settings of the environment named
//! by `IEF_ENV`, builds the set, checks it, writes it atomically, prints
//! the checker's warnings and the files written, and turns an error into
//! exit code 2 with the error's message.
//!
//! ```no_run
//! use ief::emit::PolicySet;
//! use ief::settings::{Settings, SettingsError};
//!
//! fn policy_set(s: &Settings) -> Result<PolicySet, SettingsError> {
//!     Ok(ief::base::policy_set(s.get("tenant")?))
//! }
//!
//! fn main() -> std::process::ExitCode {
//!     ief::program::write_with_settings("settings/mine.toml", "dev", &["tenant"], "generated/mine", policy_set)
//! }
//! ```

use std::path::Path;
use std::process::ExitCode;

use crate::emit::PolicySet;
use crate::settings::{Settings, SettingsError};

/// Checks `set` and writes it to `dir` (see
/// [`PolicySet::write_checked`]); prints the warnings to standard error and
/// each file written to standard output.
pub fn write(dir: impl AsRef<Path>, set: PolicySet) -> ExitCode {
    match set.write_checked(dir.as_ref()) {
        Ok(written) => {
            for warning in written.report.warnings() {
                eprintln!("{warning}");
            }
            for path in written.paths {
                println!("wrote {}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}

/// Loads `settings_file` for the environment of `IEF_ENV` (or
/// `default_env`; see [`Settings::load`], which refuses keys not in
/// `keys`), builds the set with `build` and [`write`](fn@write)s it to `dir`.
pub fn write_with_settings(
    settings_file: impl AsRef<Path>,
    default_env: &str,
    keys: &[&str],
    dir: impl AsRef<Path>,
    build: impl FnOnce(&Settings) -> Result<PolicySet, SettingsError>,
) -> ExitCode {
    let settings = match Settings::load(settings_file, default_env, keys) {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    println!("environment: {}", settings.env());
    match build(&settings) {
        Ok(set) => write(dir, set),
        Err(e) => fail(&e),
    }
}

fn fail(e: &dyn std::error::Error) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(2)
}
