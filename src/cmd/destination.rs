//! Where an exported document goes: a file named with `-o` (written atomically, missing folders
//! created) or, without `-o` or with `-o -`, back to the binary for standard output. Shared by
//! the export commands so "-" means the same everywhere.

use std::path::{Path, PathBuf};

use super::{Error, write_atomic};

/// Where a document went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Written to this file.
    File(PathBuf),
    /// For standard output (the library never prints).
    Stdout(Vec<u8>),
}

/// Writes `bytes` to `output` unless it is absent or `-`.
pub fn send(output: Option<&Path>, bytes: Vec<u8>) -> Result<Destination, Error> {
    match output {
        Some(p) if p.as_os_str() != "-" => {
            write_atomic(p, &bytes)?;
            Ok(Destination::File(p.to_path_buf()))
        }
        _ => Ok(Destination::Stdout(bytes)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dash_and_nothing_mean_stdout() {
        let out = |o: Option<&str>| send(o.map(Path::new), b"x".to_vec()).unwrap();
        assert_eq!(out(None), Destination::Stdout(b"x".to_vec()));
        assert_eq!(out(Some("-")), Destination::Stdout(b"x".to_vec()));
        let dir = std::env::temp_dir().join(format!("subloc-destination-{}", std::process::id()));
        let file = dir.join("sub/out.txt");
        assert_eq!(
            send(Some(&file), b"y".to_vec()).unwrap(),
            Destination::File(file.clone())
        );
        assert_eq!(std::fs::read(&file).unwrap(), b"y");
        let _ = std::fs::remove_dir_all(dir);
    }
}
