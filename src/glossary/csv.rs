//! CSV as spreadsheet programs read and write it: RFC 4180 quoting (embedded commas, quotes and
//! line breaks), a UTF-8 byte-order mark on output, and on input any of `,` `;` or tab as the
//! delimiter (spreadsheets in many locales save with `;`).
//!
//! Cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR)
//! are written with a leading `'` when `protect` is asked for, and `unprotect` strips exactly that
//! prefix again on the way back in (CSV injection, OWASP).

/// A CSV that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError {
    /// 1-based line where the problem starts.
    pub line: u32,
    pub message: &'static str,
}

/// Prefixes a cell that would be read as a formula with `'`.
pub(crate) fn protect(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// Undoes `protect`.
pub(crate) fn unprotect(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// Appends one record (CRLF-terminated, RFC 4180).
pub(crate) fn write_record(out: &mut String, cells: &[&str], delimiter: char) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(delimiter);
        }
        let needs_quotes = cell.contains([delimiter, '"', '\n', '\r'])
            || cell.starts_with([' ', '\u{feff}'])
            || cell.ends_with(' ');
        if needs_quotes {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(cell);
        }
    }
    out.push_str("\r\n");
}

/// One record with the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    pub line: u32,
    pub cells: Vec<String>,
}

/// Guesses the delimiter from the first line: the most frequent of `,` `;` tab outside quotes.
pub(crate) fn sniff_delimiter(text: &str) -> char {
    let first = text.lines().next().unwrap_or("");
    let mut counts = [(',', 0usize), (';', 0), ('\t', 0)];
    let mut quoted = false;
    for c in first.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted && let Some(slot) = counts.iter_mut().find(|(d, _)| *d == c) {
            slot.1 += 1;
        }
    }
    counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map_or(',', |(d, _)| *d)
}

/// Reads all records (a leading BOM is skipped; blank lines are dropped).
pub(crate) fn read(text: &str, delimiter: char) -> Result<Vec<Record>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut line: u32 = 1;
    let mut record_line: u32 = 1;
    let mut in_quotes = false;
    let mut quoted_cell = false;
    let mut chars = text.chars().peekable();
    let end_record =
        |cells: &mut Vec<String>, cell: &mut String, records: &mut Vec<Record>, at: u32| {
            cells.push(std::mem::take(cell));
            let all_empty = cells.iter().all(String::is_empty);
            let taken = std::mem::take(cells);
            if !(all_empty && taken.len() == 1) {
                records.push(Record {
                    line: at,
                    cells: taken,
                });
            }
        };
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    cell.push('\n');
                }
                '\r' => {
                    // Line breaks inside a cell read back as `\n` whatever the file used.
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    line += 1;
                    cell.push('\n');
                }
                c => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if cell.is_empty() && !quoted_cell => {
                in_quotes = true;
                quoted_cell = true;
            }
            c if c == delimiter => {
                cells.push(std::mem::take(&mut cell));
                quoted_cell = false;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                end_record(&mut cells, &mut cell, &mut records, record_line);
                quoted_cell = false;
                line += 1;
                record_line = line;
            }
            c => cell.push(c),
        }
    }
    if in_quotes {
        return Err(CsvError {
            line: record_line,
            message: "unterminated quoted cell",
        });
    }
    if !cell.is_empty() || !cells.is_empty() {
        end_record(&mut cells, &mut cell, &mut records, record_line);
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_with_quotes_newlines_and_formulas() {
        let rows: Vec<Vec<&str>> = vec![
            vec!["id", "text", "note"],
            vec!["a", "x, \"y\"", "line1\nline2"],
            vec!["b", " padded", ""],
            vec!["c", "پیمان لعاب", "掐丝珐琅"],
        ];
        let mut out = String::new();
        for r in &rows {
            write_record(&mut out, r, ',');
        }
        let back = read(&out, sniff_delimiter(&out)).unwrap();
        let cells: Vec<Vec<&str>> = back
            .iter()
            .map(|r| r.cells.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(cells, rows);
        assert_eq!(back[2].line, 4);
        assert_eq!(protect("=1+1"), "'=1+1");
        assert_eq!(protect("-x"), "'-x");
        assert_eq!(protect("@SUM"), "'@SUM");
        assert_eq!(protect("\tx"), "'\tx");
        assert_eq!(protect("ok"), "ok");
        assert_eq!(unprotect(&protect("+1")), "+1");
        assert_eq!(unprotect("'quoted'"), "'quoted'");
    }

    #[test]
    fn semicolons_bom_crlf_and_errors() {
        let text = "\u{feff}a;b\r\n1;\"2;3\"\r\n\r\n4;5";
        assert_eq!(sniff_delimiter(text), ';');
        let r = read(text, ';').unwrap();
        assert_eq!(r.len(), 3);
        assert_eq!(r[1].cells, vec!["1".to_string(), "2;3".to_string()]);
        assert_eq!(r[2].line, 4);
        assert_eq!(read("a,\"b\nc", ',').unwrap_err().line, 1);
        assert_eq!(sniff_delimiter("a\tb,c\td"), '\t');
        // A first cell that starts with U+FEFF is quoted, so it is not taken for a BOM.
        let mut out = String::new();
        write_record(&mut out, &["\u{feff}", ""], ',');
        assert_eq!(
            read(&out, ',').unwrap()[0].cells,
            vec!["\u{feff}".to_string(), String::new()]
        );
    }

    proptest::proptest! {
        #[test]
        fn reading_anything_never_panics(s in "\\PC{0,64}|[\",;\r\n\t a]{0,32}") {
            let _ = read(&s, sniff_delimiter(&s));
        }

        #[test]
        fn written_records_read_back(
            rows in proptest::collection::vec(
                proptest::collection::vec("[^\r]{0,8}", 2..5),
                1..5,
            ),
        ) {
            let mut out = String::new();
            for r in &rows {
                let refs: Vec<&str> = r.iter().map(String::as_str).collect();
                write_record(&mut out, &refs, ',');
            }
            let back = read(&out, ',').unwrap();
            let cells: Vec<Vec<String>> = back.into_iter().map(|r| r.cells).collect();
            proptest::prop_assert_eq!(cells, rows);
        }
    }
}
