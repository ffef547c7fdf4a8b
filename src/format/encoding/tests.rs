//! Unit tests of decoding, detection, encoding and line facts.

use std::borrow::Cow;

use super::encode::*;
use super::lines::*;
use super::*;
use crate::model::{Bom, LineEnding};
use encoding_rs::{BIG5, EUC_KR, GBK, ISO_2022_JP, SHIFT_JIS, WINDOWS_1252, WINDOWS_1256};

/// A few hundred characters of SRT in the given script, enough for chardetng.
fn srt(lines: &[&str], repeat: usize) -> String {
    let mut s = String::new();
    for i in 0..repeat {
        let line = lines.get(i % lines.len()).copied().unwrap_or("");
        s.push_str(&format!(
            "{}\r\n00:00:{:02},000 --> 00:00:{:02},500\r\n{line}\r\n\r\n",
            i + 1,
            i % 60,
            i % 60
        ));
    }
    s
}

fn utf16(text: &str, le: bool) -> Vec<u8> {
    text.encode_utf16()
        .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
        .collect()
}

fn utf32(text: &str, le: bool) -> Vec<u8> {
    text.chars()
        .flat_map(|c| {
            let v = c as u32;
            if le { v.to_le_bytes() } else { v.to_be_bytes() }
        })
        .collect()
}

fn rules_of(d: &Decoded) -> Vec<&'static str> {
    d.diagnostics.iter().map(|d| d.rule).collect()
}

const ZH: &[&str] = &[
    "林师傅，这块琉璃的颜色不对！",
    "景德镇的窑火，三天三夜不能停。",
    "波斯来的大师明天就到伊斯法罕的图样也带来了。",
    "掐丝珐琅要一根一根地掐，急不得。",
];

#[test]
fn valid_utf8_is_taken_without_copy() {
    let bytes = srt(ZH, 5).into_bytes();
    let ptr = bytes.as_ptr();
    let d = decode_owned(bytes, None, None);
    assert_eq!(d.text.as_ptr(), ptr);
    assert_eq!(d.encoding, UTF_8);
    assert_eq!((d.bom, d.guessed), (Bom::None, false));
    assert!(d.diagnostics.is_empty());
    assert!(d.text.contains("掐丝珐琅"));
}

#[test]
fn boms_are_stripped_and_recorded() {
    let text = "1\r\n00:00:01,000 --> 00:00:02,000\r\n你好 سلام\u{200c}ها 😀\r\n";
    let mut u8b = vec![0xEF, 0xBB, 0xBF];
    u8b.extend_from_slice(text.as_bytes());
    let cases: Vec<(Vec<u8>, Bom, &str)> = vec![
        (u8b, Bom::Utf8, "UTF-8"),
        (
            [vec![0xFF, 0xFE], utf16(text, true)].concat(),
            Bom::Utf16Le,
            "UTF-16LE",
        ),
        (
            [vec![0xFE, 0xFF], utf16(text, false)].concat(),
            Bom::Utf16Be,
            "UTF-16BE",
        ),
        (
            [vec![0xFF, 0xFE, 0, 0], utf32(text, true)].concat(),
            Bom::Utf32Le,
            "UTF-32LE",
        ),
        (
            [vec![0, 0, 0xFE, 0xFF], utf32(text, false)].concat(),
            Bom::Utf32Be,
            "UTF-32BE",
        ),
    ];
    for (bytes, bom, name) in cases {
        let d = decode(&bytes, None);
        assert_eq!(d.text, text, "{name}");
        assert_eq!(d.bom, bom, "{name}");
        assert_eq!(d.name, name);
        assert!(!d.guessed, "{name}");
        assert!(d.diagnostics.is_empty(), "{name}: {:?}", d.diagnostics);
    }
}

#[test]
fn utf32le_bom_wins_over_utf16le_prefix() {
    // FF FE 00 00 is also "UTF-16LE BOM + U+0000"; UTF-32LE is the only sane reading.
    let d = decode(&[0xFF, 0xFE, 0, 0, b'A', 0, 0, 0], None);
    assert_eq!(
        (d.bom, d.name, d.text.as_str()),
        (Bom::Utf32Le, "UTF-32LE", "A")
    );
}

#[test]
fn wide_encodings_without_bom_are_detected() {
    let text = srt(ZH, 6);
    for (bytes, name) in [
        (utf16(&text, true), "UTF-16LE"),
        (utf16(&text, false), "UTF-16BE"),
        (utf32(&text, true), "UTF-32LE"),
        (utf32(&text, false), "UTF-32BE"),
    ] {
        let d = decode(&bytes, None);
        assert_eq!(d.name, name);
        assert_eq!(d.text, text, "{name}");
        assert!(d.guessed);
        assert_eq!(rules_of(&d), vec![rules::ENCODING_GUESSED], "{name}");
        assert_eq!(d.diagnostics[0].get_arg("encoding"), Some(name));
    }
}

#[test]
fn legacy_cjk_and_arabic_encodings_are_detected() {
    // windows-1256 has no Farsi yeh (U+06CC): legacy Persian files use the Arabic one.
    let fa: &[&str] = &[
        "استاد کاشي‌کار از اصفهان آمده است و فردا کارگاه را مي‌بيند.",
        "اين رنگ فيروزه‌اي را چطور پختيد؟ ما هم چنين لعابي داريم.",
        "گل و مرغ، نقش پرنده و گل، روي کاشي‌هاي هفت‌رنگ.",
    ];
    let zh_tw: &[&str] = &[
        "林師傅，這塊琉璃的顏色不對！",
        "景德鎮的窯火，三天三夜不能停。",
        "掐絲琺瑯要一根一根地掐，急不得。",
    ];
    let ja: &[&str] = &[
        "親方、このガラスの色がおかしいです！",
        "景徳鎮の窯の火は三日三晩止められない。",
        "ペルシャの職人が明日イスファハンから来ます。",
    ];
    let ko: &[&str] = &[
        "선생님, 이 유리 색깔이 이상해요!",
        "경덕진의 가마 불은 사흘 밤낮 꺼지면 안 됩니다.",
        "페르시아 장인이 내일 이스파한에서 옵니다.",
    ];
    for (lines, enc) in [
        (ZH, GBK),
        (zh_tw, BIG5),
        (ja, SHIFT_JIS),
        (ko, EUC_KR),
        (fa, WINDOWS_1256),
    ] {
        let text = srt(lines, 12);
        let (bytes, _, unmappable) = enc.encode(&text);
        assert!(!unmappable, "{}", enc.name());
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, enc, "{}", enc.name());
        assert_eq!(d.text, text, "{}", enc.name());
        assert!(d.guessed);
        assert_eq!(rules_of(&d), vec![rules::ENCODING_GUESSED]);
        assert_eq!(d.diagnostics[0].get_arg("encoding"), Some(enc.name()));
    }
}

#[test]
fn a_long_ascii_prefix_does_not_hide_the_legacy_text() {
    // 300 KiB of ASCII-only cues, then GBK: the sample must start at the first non-ASCII byte.
    let mut text = srt(&["OK", "Go!"], 9000);
    assert!(text.len() > DETECT_SAMPLE);
    text.push_str(&srt(ZH, 12));
    let (bytes, _, _) = GBK.encode(&text);
    let d = decode(&bytes, None);
    assert_eq!(d.encoding, GBK);
    assert_eq!(d.text, text);
}

#[test]
fn mostly_utf8_with_a_broken_byte_stays_utf8() {
    let text = srt(ZH, 8);
    let mut bytes = text.clone().into_bytes();
    // Break the first byte of a character on the third line ("林师傅…" of cue 1).
    let at = text.find("林").unwrap_or(0);
    bytes[at] = 0xFF;
    let d = decode_owned(bytes, None, None);
    assert_eq!(d.encoding, UTF_8);
    assert!(d.guessed);
    let inv: Vec<_> = d
        .diagnostics
        .iter()
        .filter(|x| x.rule == rules::ENCODING_INVALID)
        .collect();
    assert_eq!(inv.len(), 1);
    assert_eq!(inv[0].severity, Severity::Warning);
    assert_eq!((inv[0].line, inv[0].column), (3, 1));
    // 0xFF alone is one maximal invalid subsequence; the two orphaned continuation bytes
    // of 林 are two more.
    assert_eq!(inv[0].get_arg("count"), Some("3"));
    assert!(d.text.contains("\u{FFFD}师傅"));
}

#[test]
fn a_short_damaged_utf8_file_is_not_mistaken_for_a_legacy_encoding() {
    // Three Chinese characters and one stray byte; a broken character (three bad sequences)
    // among four; one broken Persian letter in a line of fifteen. All once guessed as windows-1252.
    let cases: [&[u8]; 3] = [
        b"1\n00:00:01,000 --> 00:00:02,000\n\xe4\xbd\xa0\xe5\xa5\xbd\xff\xe4\xb8\x96\n",
        b"1\n00:00:01,000 --> 00:00:02,000\n\xe4\xbd\xa0\xff\xa5\xbd\xe4\xb8\x96\xe7\x95\x8c\n",
        "1\n00:00:01,000 --> 00:00:02,000\nسلام دوست من، خوبی؟\n".as_bytes(),
    ];
    for (i, case) in cases.iter().enumerate() {
        let mut bytes = case.to_vec();
        if i == 2 {
            let at = bytes.iter().position(|&b| b == 0xD8).unwrap_or(0);
            bytes[at] = 0xFF;
        }
        let d = decode(&bytes, None);
        assert_eq!(d.encoding, UTF_8, "case {i}: {}", d.text);
        assert!(rules_of(&d).contains(&rules::ENCODING_INVALID), "case {i}");
    }
    // Real legacy text stays legacy, however short.
    for (enc, text) in [(GBK, "你好世界，师傅"), (WINDOWS_1256, "سلام دوست من")] {
        let (bytes, _, _) = enc.encode(text);
        let d = decode(&bytes, None);
        assert_ne!(d.encoding, UTF_8, "{text}");
    }
}

#[test]
fn forced_encoding_beats_detection_and_a_foreign_bom() {
    let text = "Caf\u{e9} 你";
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(text.as_bytes());
    // Forced UTF-8: its own BOM is stripped and recorded.
    let d = decode(&bytes, Some(UTF_8));
    assert_eq!(
        (d.text.as_str(), d.bom, d.guessed),
        (text, Bom::Utf8, false)
    );
    // Forced windows-1252: the user is obeyed, the BOM becomes text, and that is reported.
    let d = decode(&bytes, Some(WINDOWS_1252));
    assert_eq!(d.encoding, WINDOWS_1252);
    assert_eq!(d.bom, Bom::None);
    assert!(d.text.starts_with("\u{ef}\u{bb}\u{bf}Caf"));
    assert_eq!(rules_of(&d), vec![rules::ENCODING_BOM_OVERRIDDEN]);
    assert_eq!(d.diagnostics[0].get_arg("bom"), Some("utf-8"));
    // Forced GBK on BOM-less GBK bytes that detection might misread: no guessing at all.
    let (gbk, _, _) = GBK.encode("琉璃");
    let d = decode(&gbk, Some(GBK));
    assert_eq!((d.text.as_str(), d.guessed), ("琉璃", false));
    assert!(d.diagnostics.is_empty());
}

#[test]
fn malformed_wide_input_is_reported() {
    // Lone high surrogate in UTF-16LE, then an odd trailing byte.
    let mut bytes = vec![0xFF, 0xFE, b'a', 0, b'\n', 0, 0x00, 0xD8, b'b', 0, 0x41];
    let d = decode(&bytes, None);
    assert_eq!(d.text, "a\n\u{FFFD}b\u{FFFD}");
    let inv = &d.diagnostics[0];
    assert_eq!(inv.rule, rules::ENCODING_INVALID);
    assert_eq!((inv.line, inv.column), (2, 1));
    assert_eq!(inv.get_arg("count"), Some("2"));
    // UTF-32 with a value above U+10FFFF and a short tail.
    bytes = vec![0xFF, 0xFE, 0, 0, b'x', 0, 0, 0, 0, 0, 0x11, 0, 1];
    let d = decode(&bytes, None);
    assert_eq!(d.text, "x\u{FFFD}\u{FFFD}");
    assert_eq!(d.diagnostics[0].get_arg("count"), Some("2"));
}

#[test]
fn nul_bytes_are_reported_with_position() {
    let d = decode(b"1\n00:00:01,000 --> 00:00:02,000\nab\0c\0\n", None);
    assert_eq!(rules_of(&d), vec![rules::ENCODING_NUL]);
    let n = &d.diagnostics[0];
    assert_eq!((n.line, n.column, n.get_arg("count")), (3, 3, Some("2")));
    assert_eq!(n.severity, Severity::Warning);
}

#[test]
fn empty_and_tiny_inputs() {
    for bytes in [&b""[..], b"\xFF", b"\xFE", b"\0", b"\xEF\xBB", b"\0\0\xFE"] {
        let d = decode(bytes, None);
        assert!(d.text.chars().count() <= bytes.len());
    }
    let d = decode(b"", None);
    assert_eq!((d.text.as_str(), d.name, d.guessed), ("", "UTF-8", false));
    assert!(d.diagnostics.is_empty());
}

#[test]
fn lookup_knows_friendly_names() {
    for (label, name) in [
        ("gbk", "GBK"),
        ("GB18030", "gb18030"),
        ("cp936", "GBK"),
        ("big5", "Big5"),
        ("cp950", "Big5"),
        ("shift_jis", "Shift_JIS"),
        ("Shift-JIS", "Shift_JIS"),
        ("sjis", "Shift_JIS"),
        ("euc-kr", "EUC-KR"),
        ("euc_kr", "EUC-KR"),
        ("cp949", "EUC-KR"),
        ("windows-1256", "windows-1256"),
        ("cp1256", "windows-1256"),
        ("utf8", "UTF-8"),
        ("utf-8-sig", "UTF-8"),
        (" UTF-8 ", "UTF-8"),
        ("utf-16", "UTF-16LE"),
        ("utf-16be", "UTF-16BE"),
        ("latin1", "windows-1252"),
    ] {
        let got = lookup(label).map(|e| e.name());
        assert_eq!(
            got,
            Some(name).map(|n| lookup(n).map(|e| e.name()).unwrap_or("")),
            "{label}"
        );
        assert!(
            got.is_some_and(|g| g.eq_ignore_ascii_case(name)),
            "{label} → {got:?}"
        );
    }
    for label in ["utf-32le", "utf-32", "klingon", "", "iso-2022-kr"] {
        assert_eq!(lookup(label), None, "{label}");
    }
}

#[test]
fn encode_utf16_by_hand_and_round_trip() {
    let text = "你好\r\nسلام\u{200c}ها 😀";
    for (enc, bom, prefix) in [
        (UTF_16LE, true, &[0xFF, 0xFE][..]),
        (UTF_16BE, true, &[0xFE, 0xFF][..]),
        (UTF_16LE, false, &[][..]),
    ] {
        let (bytes, diags) = encode(text, enc, bom);
        assert!(diags.is_empty());
        assert!(bytes.starts_with(prefix));
        assert_eq!(bytes.len(), prefix.len() + text.encode_utf16().count() * 2);
        let back = decode(&bytes, Some(enc));
        assert_eq!(back.text, text);
    }
    let (bytes, _) = encode("a", UTF_8, true);
    assert_eq!(bytes, b"\xEF\xBB\xBFa");
}

#[test]
fn encode_owned_reuses_the_utf8_buffer() {
    let text = String::from("琉璃\n");
    let ptr = text.as_ptr();
    let (bytes, diags) = encode_owned(text, UTF_8, false);
    assert_eq!(
        (bytes.as_ptr(), bytes.as_slice()),
        (ptr, "琉璃\n".as_bytes())
    );
    assert!(diags.is_empty());
    let (bytes, _) = encode_owned("a".into(), UTF_8, true);
    assert_eq!(bytes, b"\xEF\xBB\xBFa");
    let (bytes, _) = encode_owned("a".into(), UTF_16BE, false);
    assert_eq!(bytes, [0, b'a']);
}

#[test]
fn encode_legacy_reports_unmappable() {
    let (bytes, diags) = encode("琉璃\n景德镇", GBK, true);
    assert!(diags.is_empty());
    assert_eq!(
        GBK.decode(&bytes).0,
        "琉璃\n景德镇",
        "GBK has no BOM: none written"
    );
    let (bytes, diags) = encode("Caf\u{e9}\n你好 ok", WINDOWS_1252, false);
    assert_eq!(bytes, b"Caf\xE9\n?? ok");
    assert_eq!(diags.len(), 1);
    let d = &diags[0];
    assert_eq!(d.rule, rules::WRITE_UNMAPPABLE);
    assert_eq!((d.line, d.column), (2, 1));
    assert_eq!(d.get_arg("count"), Some("2"));
    assert_eq!(d.get_arg("char"), Some("你"));
    // Stateful encoder: the replacement must not be read as part of a JIS sequence.
    let (bytes, diags) = encode("日本語🙂です", ISO_2022_JP, false);
    assert_eq!(diags.len(), 1);
    assert_eq!(ISO_2022_JP.decode(&bytes).0, "日本語?です");
}

#[test]
fn line_endings_normalize() {
    assert!(matches!(
        normalize_line_endings("a\nb\n", LineEnding::Lf),
        Cow::Borrowed(_)
    ));
    assert!(matches!(
        normalize_line_endings("a\r\nb\r\n", LineEnding::CrLf),
        Cow::Borrowed(_)
    ));
    assert_eq!(
        normalize_line_endings("a\nb\r\nc\rd", LineEnding::CrLf),
        "a\r\nb\r\nc\r\nd"
    );
    assert_eq!(normalize_line_endings("\na\r\n", LineEnding::Lf), "\na\n");
    assert_eq!(normalize_line_endings("a\r\n\n", LineEnding::Cr), "a\r\r");
    assert_eq!(normalize_line_endings("\n", LineEnding::CrLf), "\r\n");
}

#[test]
fn line_col_counts_all_line_endings_in_chars() {
    let t = "ab\r\n你好\rx\ny";
    assert_eq!(line_col(t, 0), (1, 1));
    assert_eq!(line_col(t, 4), (2, 1));
    assert_eq!(line_col(t, 7), (2, 2));
    assert_eq!(line_col(t, t.find('x').unwrap_or(0)), (3, 1));
    assert_eq!(line_col(t, t.len()), (4, 2));
    // Inside a character and past the end: clamped, never a panic.
    assert_eq!(line_col(t, 5), (2, 1));
    assert_eq!(line_col(t, 999), (4, 2));
}
