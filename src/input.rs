//! Bounded reads of the project's own text inputs (configuration, glossary, review sheets,
//! XLIFF, TMX, baselines): a file over its limit is refused before it is read, so a huge or
//! endless input cannot exhaust memory. Subtitle files have their own limit in `format`.

use std::io::{self, Read as _};
use std::path::Path;

use crate::format::InputTooLarge;

/// YAML documents (`subloc.yaml`, `glossary.yaml`): a glossary of 100 000 terms in three
/// languages is about 10 MiB, and the YAML parser's tree is several times the text.
pub const YAML_LIMIT: u64 = 16 * 1024 * 1024;

/// Data files exchanged with other tools (XLIFF, TMX, TBX, CSV, JSON baselines): a whole
/// season's memory in ten languages as TMX is some tens of MiB.
pub const DATA_LIMIT: u64 = 256 * 1024 * 1024;

/// Reads at most `limit` bytes of `path`. Over the limit: an error of kind `FileTooLarge` whose
/// source is an [`InputTooLarge`] (the callers' messages name the size and the limit). The
/// length is checked first and the read stops after `limit + 1` bytes, so a device or a pipe
/// that never ends is refused too.
pub fn read_capped(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let too_large =
        |size: u64| io::Error::new(io::ErrorKind::FileTooLarge, InputTooLarge { size, limit });
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    if len > limit {
        return Err(too_large(len));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read > limit {
        return Err(too_large(read));
    }
    Ok(bytes)
}

/// [`read_capped`], then UTF-8 (a BOM is left for the parser to skip).
pub fn read_text_capped(path: &Path, limit: u64) -> io::Result<String> {
    String::from_utf8(read_capped(path, limit)?)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "not UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn over_the_limit_is_refused_with_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.yaml");
        std::fs::write(&path, "a: 1\n".repeat(10)).unwrap();
        assert_eq!(read_text_capped(&path, 50).unwrap().len(), 50);
        let err = read_text_capped(&path, 49).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::FileTooLarge);
        let big = err
            .get_ref()
            .and_then(|e| e.downcast_ref::<InputTooLarge>())
            .unwrap();
        assert_eq!((big.size, big.limit), (50, 49));
        std::fs::write(&path, [0xff, 0xfe, 0x00]).unwrap();
        assert_eq!(
            read_text_capped(&path, 50).unwrap_err().kind(),
            io::ErrorKind::InvalidData
        );
    }

    #[cfg(unix)]
    #[test]
    fn an_endless_source_stops_at_the_limit() {
        // /dev/zero reports length 0 and never ends.
        let err = read_capped(Path::new("/dev/zero"), 1024).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::FileTooLarge);
    }
}
