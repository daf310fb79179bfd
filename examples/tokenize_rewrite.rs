//! The floor `ief check` is measured against: read every `.xml` file under
//! the paths given with quick-xml and write every event back out (into
//! memory), with no model and no checks. Prints the number of files, and of
//! bytes read and written.
//!
//! `cargo run --release --example tokenize_rewrite -- PATH...`

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use quick_xml::events::Event;
use quick_xml::{Reader, Writer};

fn xml_files(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if path.is_dir() {
        for e in std::fs::read_dir(path)? {
            xml_files(&e?.path(), out)?;
        }
    } else if path.extension().is_some_and(|x| x == "xml") {
        out.push(path.to_path_buf());
    }
    Ok(())
}

/// Tokenizes `text` and writes it back; the length of what was written.
fn rewrite(text: &[u8]) -> Result<usize, quick_xml::Error> {
    let mut reader = Reader::from_reader(text);
    let mut writer = Writer::new(Vec::with_capacity(text.len()));
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf)? {
            Event::Eof => break,
            e => writer.write_event(e)?,
        }
        buf.clear();
    }
    Ok(writer.into_inner().len())
}

fn main() -> ExitCode {
    let mut files = Vec::new();
    for p in std::env::args_os().skip(1) {
        if let Err(e) = xml_files(Path::new(&p), &mut files) {
            eprintln!("error: {}: {e}", Path::new(&p).display());
            return ExitCode::from(2);
        }
    }
    files.sort();
    let (mut read, mut written) = (0, 0);
    for f in &files {
        let text = match std::fs::read(f) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {}: {e}", f.display());
                return ExitCode::from(2);
            }
        };
        match rewrite(&text) {
            Ok(n) => written += n,
            Err(e) => {
                eprintln!("error: {}: {e}", f.display());
                return ExitCode::from(1);
            }
        }
        read += text.len();
    }
    println!(
        "{} files, {read} bytes read, {written} bytes written",
        files.len()
    );
    ExitCode::SUCCESS
}
