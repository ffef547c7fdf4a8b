//! Test support for the renderers: a hand-made report with awkward paths and non-Latin
//! arguments, and a strict XML reader (quick-xml) that builds a small tree so tests can check
//! well-formedness and structure of JUnit, HTML and SVG output.

use quick_xml::XmlVersion;
use quick_xml::events::Event;

use super::{CheckReport, CueText, FileReport, LangSource, TimelinePoint};
use crate::diag::{Diagnostic, Severity};

pub const AWKWARD_PATH: &str = "season 1/<ep&01> \"final\".fa.srt";

fn point(cue: u32, start_ms: i64, end_ms: i64, cps: f64) -> TimelinePoint {
    TimelinePoint {
        cue,
        start_ms,
        end_ms,
        cps,
    }
}

/// Four files: a Persian file with an awkward path and four findings, a Chinese file with two
/// findings on one cue, a clean English file and an unreadable one.
pub fn sample_report() -> CheckReport {
    let mut fa = FileReport::new(AWKWARD_PATH, "fa", LangSource::Name, "netflix");
    fa.cps_limit = Some(17.0);
    fa.timeline = vec![
        point(1, 1_000, 3_000, 8.5),
        point(2, 3_500, 5_000, 23.4),
        point(3, 4_800, 7_000, 12.0),
        point(4, 7_200, 7_200, f64::INFINITY),
    ];
    fa.findings = vec![
        Diagnostic::new("reading-speed-high", Severity::Error)
            .at(5, 1)
            .cue(2)
            .arg("cps", "23.4")
            .arg("limit", "17")
            .arg("text", "می‌خواهم بروم، دوست من"),
        Diagnostic::new("timing-overlap", Severity::Warning)
            .at(9, 1)
            .cue(3)
            .arg("other", "2")
            .arg("overlap_ms", "200"),
        Diagnostic::new("line-too-long", Severity::Info)
            .at(13, 1)
            .cue(4)
            .arg("chars", "52")
            .arg("text", "<i>\"quoted\" & 'single'</i>"),
        Diagnostic::new("parse-bad-timing", Severity::Error)
            .at(20, 3)
            .arg("text", "100%, done: yes\r\nnext %0A"),
    ];

    // What `translate` knows about a cue: its text, where it is, and the source line.
    fa.cues = vec![
        CueText {
            cue: 2,
            line: 5,
            start_ms: 3_500,
            end_ms: 5_000,
            text: "می‌خواهم بروم،\nدوست من".into(),
            source: Some("我想走了，\n朋友".into()),
        },
        CueText {
            cue: 3,
            line: 9,
            start_ms: 4_800,
            end_ms: 7_000,
            text: "<b>bold & \"quoted\"</b>".into(),
            source: None,
        },
    ];

    let mut zh = FileReport::new("ep02.zh-Hans.srt", "zh-Hans", LangSource::Script, "iqiyi");
    zh.cps_limit = Some(9.0);
    zh.timeline = vec![
        point(1, 0, 1_000, 12.0),
        point(2, 1_500, 3_000, 4.0),
        point(3, 3_200, 5_000, 6.5),
    ];
    zh.findings = vec![
        Diagnostic::new("reading-speed-high", Severity::Error)
            .at(2, 1)
            .cue(1)
            .arg("cps", "12")
            .arg("limit", "9")
            .arg("text", "你好，世界"),
        Diagnostic::new("max-lines", Severity::Warning)
            .at(2, 1)
            .cue(1)
            .arg("lines", "3"),
        // A real rule with a measured value and a limit; a glossary finding has no line of its
        // own, the report takes its cue's.
        Diagnostic::new("text-max-chars-per-line", Severity::Warning)
            .at(3, 1)
            .cue(2)
            .arg("chars", "17.5")
            .arg("max", "16"),
        Diagnostic::new("glossary-missing-term", Severity::Error).cue(3),
    ];
    zh.cues = vec![CueText {
        cue: 3,
        line: 11,
        start_ms: 3_200,
        end_ms: 5_000,
        text: "你好".into(),
        source: None,
    }];

    let mut en = FileReport::new("clean.en.srt", "en", LangSource::Flag, "youtube");
    en.timeline = vec![point(1, 0, 2_000, 10.0)];

    let missing = FileReport::unreadable("missing.srt", "netflix", "No such file or directory");

    CheckReport::new(vec![fa, zh, en, missing])
}

/// One element of a parsed document.
#[derive(Debug, Default)]
pub struct Node {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
    /// Text directly inside this element, entities resolved.
    pub text: String,
}

impl Node {
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// This node and all below it named `name`, in document order.
    pub fn find_all<'a>(&'a self, name: &str) -> Vec<&'a Node> {
        let mut out = Vec::new();
        self.collect(name, &mut out);
        out
    }

    fn collect<'a>(&'a self, name: &str, out: &mut Vec<&'a Node>) {
        if self.name == name {
            out.push(self);
        }
        for c in &self.children {
            c.collect(name, out);
        }
    }

    /// Direct children named `name`.
    pub fn kids<'a>(&'a self, name: &str) -> Vec<&'a Node> {
        self.children.iter().filter(|c| c.name == name).collect()
    }

    /// All text in this subtree, in document order.
    pub fn all_text(&self) -> String {
        let mut s = self.text.clone();
        for c in &self.children {
            s.push_str(&c.all_text());
        }
        s
    }

    pub fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_whitespace().any(|x| x == class))
    }
}

/// Parses `xml` strictly (matching end tags, valid attributes, known entities only) into its root
/// element.
pub fn parse_xml(xml: &str) -> Result<Node, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;
    loop {
        let ev = reader.read_event().map_err(|e| e.to_string())?;
        match ev {
            Event::Start(e) => stack.push(element(&e)?),
            Event::Empty(e) => {
                let node = element(&e)?;
                attach(&mut stack, &mut root, node)?;
            }
            Event::End(_) => {
                let node = stack.pop().ok_or("end tag without start")?;
                attach(&mut stack, &mut root, node)?;
            }
            Event::Text(t) => push_text(&mut stack, &t)?,
            Event::CData(t) => push_text(&mut stack, &t)?,
            Event::GeneralRef(r) => {
                let resolved = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .map_err(|e| e.to_string())?
                        .ok_or("bad character reference")?
                        .to_string()
                } else {
                    quick_xml::escape::resolve_predefined_entity(&r)
                        .ok_or_else(|| format!("unknown entity &{};", &*r))?
                        .to_string()
                };
                push_text(&mut stack, &resolved)?;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err(format!("{} unclosed element(s)", stack.len()));
    }
    root.ok_or_else(|| "no root element".to_string())
}

fn element(e: &quick_xml::events::BytesStart<'_>) -> Result<Node, String> {
    let name = e.name().as_ref().to_string();
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|x| x.to_string())?;
        let key = a.key.as_ref().to_string();
        if attrs.iter().any(|(k, _)| *k == key) {
            return Err(format!("duplicate attribute {key}"));
        }
        let value = a
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|x| x.to_string())?
            .into_owned();
        attrs.push((key, value));
    }
    Ok(Node {
        name,
        attrs,
        ..Node::default()
    })
}

fn attach(stack: &mut [Node], root: &mut Option<Node>, node: Node) -> Result<(), String> {
    match stack.last_mut() {
        Some(parent) => {
            parent.children.push(node);
            Ok(())
        }
        None if root.is_none() => {
            *root = Some(node);
            Ok(())
        }
        None => Err("more than one root element".to_string()),
    }
}

fn push_text(stack: &mut [Node], s: &str) -> Result<(), String> {
    match stack.last_mut() {
        Some(top) => {
            top.text.push_str(s);
            Ok(())
        }
        None if s.trim().is_empty() => Ok(()),
        None => Err(format!("text outside the root element: {s:?}")),
    }
}
