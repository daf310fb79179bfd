//! Times whole processes side by side: each command given is run once per
//! round, in the order given, for RUNS rounds (so all of them see the same
//! machine state), with standard output and error sent to /dev/null. Prints
//! one line per command: its name, the median and the minimum wall time in
//! milliseconds, and the median's ratio to the first command's median.
//!
//! The clock is read in this process around `spawn` and `wait` only, so a
//! figure is the command's own process (start, run, exit) plus one fork and
//! one exec: a millisecond less than what a shell's `date +%s%N` around the
//! command measures, which matters for runs of a few milliseconds (`ief
//! fmt` of one file, `ief check` of one set).
//!
//! ```text
//! cargo run --release --example time_interleaved -- RUNS NAME=PROGRAM [ARG...] [-- NAME=PROGRAM [ARG...]]...
//! time_interleaved 21 ief=target/release/ief fmt Base.xml -- tok=target/release/examples/tokenize_rewrite Base.xml
//! ```
//!
//! A command that cannot be started stops the run (exit 2); a command's
//! exit status is not judged (`ief check` exits 1 on findings). `--`
//! always separates commands: a timed command cannot take it as an
//! argument.

use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

/// One command to time: its name in the output, its program and arguments.
struct Timed {
    name: String,
    program: String,
    args: Vec<String>,
    millis: Vec<f64>,
}

/// Splits `NAME=PROGRAM [ARG...] [-- NAME=PROGRAM [ARG...]]...` into the
/// commands.
fn commands(args: &[String]) -> Result<Vec<Timed>, String> {
    let mut out = Vec::new();
    for group in args.split(|a| a == "--") {
        let Some((head, rest)) = group.split_first() else {
            return Err("an empty command between `--`".into());
        };
        let Some((name, program)) = head.split_once('=') else {
            return Err(format!("`{head}` is not NAME=PROGRAM"));
        };
        if name.is_empty() || program.is_empty() {
            return Err(format!("`{head}` is not NAME=PROGRAM"));
        }
        out.push(Timed {
            name: name.to_owned(),
            program: program.to_owned(),
            args: rest.to_vec(),
            millis: Vec::new(),
        });
    }
    Ok(out)
}

/// The median of `values` (the lower one of an even count), not empty.
fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v[(v.len() - 1) / 2]
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: time_interleaved RUNS NAME=PROGRAM [ARG...] [-- NAME=PROGRAM [ARG...]]...";
    let Some((runs, rest)) = args.split_first() else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    let runs: usize = match runs.parse() {
        Ok(n) if n > 0 => n,
        _ => {
            eprintln!("RUNS must be a positive number, not `{runs}`\n{usage}");
            return ExitCode::from(2);
        }
    };
    if rest.is_empty() {
        eprintln!("no command to time\n{usage}");
        return ExitCode::from(2);
    }
    let mut timed = match commands(rest) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}\n{usage}");
            return ExitCode::from(2);
        }
    };
    for _ in 0..runs {
        for t in &mut timed {
            let start = Instant::now();
            let status = Command::new(&t.program)
                .args(&t.args)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            let elapsed = start.elapsed();
            if let Err(e) = status {
                eprintln!("cannot run {}: {e}", t.program);
                return ExitCode::from(2);
            }
            t.millis.push(elapsed.as_secs_f64() * 1000.0);
        }
    }
    let first = median(&timed[0].millis);
    for t in &timed {
        let m = median(&t.millis);
        let min = t.millis.iter().copied().fold(f64::INFINITY, f64::min);
        println!(
            "{:<12} median {:>9.3} ms  min {:>9.3} ms  {:>5.2}x",
            t.name,
            m,
            min,
            m / first
        );
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| (*x).to_owned()).collect()
    }

    #[test]
    fn commands_are_split_at_double_dashes() {
        let c = commands(&strings(&["a=/bin/x", "1", "2", "--", "b=/bin/y"])).expect("parses");
        assert_eq!(c.len(), 2);
        assert_eq!((c[0].name.as_str(), c[0].program.as_str()), ("a", "/bin/x"));
        assert_eq!(c[0].args, strings(&["1", "2"]));
        assert!(c[1].args.is_empty());
        assert!(commands(&strings(&["nameless"])).is_err());
        assert!(commands(&strings(&["a=/bin/x", "--"])).is_err());
    }

    #[test]
    fn median_is_the_middle_value() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.0);
        assert_eq!(median(&[7.0]), 7.0);
    }
}
