//! The partner review sheet for one target language: a self-contained HTML page and a CSV with
//! the columns the reviewer fills in (decisions come back through `apply`).
//!
//! The page carries its own CSS and script (no network): a search box and status/kind filters
//! that hide non-matching rows with the `hidden` attribute, initialised from the URL query or
//! fragment (`review.html?q=琉璃&status=proposed`), so a headless browser's `--dump-dom` shows
//! the filtered state. Every term shows its rendering and status, variants and forbidden forms,
//! notes, how often it occurs, and up to N source cues with their neighbours and the current
//! translation (✓ when the translation holds an accepted rendering). Every text is escaped.
//!
//! The CSV (UTF-8 with BOM, CRLF, RFC 4180) has one row per term: `term_id, kind, source, lang,
//! status, current_text, base_fingerprint, decision, corrected_text, reviewer, comment`. Cells
//! that a spreadsheet would evaluate as formulas get a leading `'` (`csv::protect`).
//! `base_fingerprint` hashes the term's source form, the language and the current rendering, so
//! `apply` can refuse a decision about a rendering that has changed since the sheet was made.

use std::fmt::Write as _;

use super::compliance::{Compliance, pair_cues};
use super::csv;
use super::scan::ScanReport;
use super::schema::{Glossary, Term};
use crate::model::Track;

/// Column names of the review CSV, in order.
pub const CSV_COLUMNS: [&str; 11] = [
    "term_id",
    "kind",
    "source",
    "lang",
    "status",
    "current_text",
    "base_fingerprint",
    "decision",
    "corrected_text",
    "reviewer",
    "comment",
];

/// The status column for a term with no entry in the language.
pub const STATUS_MISSING: &str = "missing";

/// Fluent message ids the page asks `ReviewOptions::label` for. `review-status` gets `$status`
/// (approved, proposed, rejected, missing), `review-kind` gets `$kind` (craft, place, …),
/// `review-title` gets `$lang`, `review-reviewed` gets `$reviewer` and `$date`.
pub const LABEL_IDS: &[&str] = &[
    "review-title",
    "review-search",
    "review-filter-status",
    "review-filter-kind",
    "review-all",
    "review-col-term",
    "review-col-source",
    "review-col-status",
    "review-col-rendering",
    "review-col-notes",
    "review-col-count",
    "review-col-examples",
    "review-status",
    "review-kind",
    "review-variants",
    "review-forbidden",
    "review-keep",
    "review-reviewed",
    "review-found",
    "review-not-found",
    "review-no-translation",
    "review-shown",
];

/// How to build the sheet.
pub struct ReviewOptions<'a> {
    /// At most this many example cues per term.
    pub max_examples: usize,
    /// Label text in the UI language: message id and arguments → text.
    pub label: crate::report::LabelFn<'a>,
    /// UI language tag for `<html lang>` and whether it is written right to left.
    pub ui_lang: &'a str,
    pub rtl: bool,
}

/// The two files of a review sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewSheet {
    pub html: String,
    pub csv: String,
}

/// 64-bit FNV-1a: stable across builds and platforms (unlike `DefaultHasher`), which matters for
/// a value that travels in a file.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        for b in p.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// Fingerprint of what a reviewer saw: the term's source form, the language and the rendering.
pub fn fingerprint(source: &str, lang: &str, current_text: &str) -> String {
    format!("{:016x}", fnv1a(&["v1", source, lang, current_text]))
}

/// The language key and current state of `term` in `lang`: (lang as written in the glossary, or
/// `lang`; status name or `missing`; current text).
fn row_state<'g>(term: &'g Term, lang: &'g str) -> (&'g str, &'static str, &'g str) {
    match term.target(lang) {
        Some(e) => (
            e.lang.as_str(),
            e.status.name(),
            e.text.as_deref().unwrap_or(""),
        ),
        None => (lang, STATUS_MISSING, ""),
    }
}

/// The CSV alone (it does not depend on episodes).
pub fn review_csv(glossary: &Glossary, lang: &str) -> String {
    let mut out = String::from("\u{feff}");
    csv::write_record(&mut out, &CSV_COLUMNS, ',');
    for term in &glossary.terms {
        let (l, status, text) = row_state(term, lang);
        let fp = fingerprint(&term.source, l, text);
        let cells = [
            term.id.as_str(),
            term.kind.name(),
            term.source.as_str(),
            l,
            status,
            text,
            fp.as_str(),
            "",
            "",
            "",
            "",
        ];
        let protected: Vec<String> = cells.iter().map(|c| csv::protect(c)).collect();
        let refs: Vec<&str> = protected.iter().map(String::as_str).collect();
        csv::write_record(&mut out, &refs, ',');
    }
    out
}

/// Escapes text for HTML element content and attribute values: the XML door's attribute
/// escaping (`crate::xml::attr`), which is safe in both places and also replaces the characters
/// XML 1.0 forbids (the page is kept XML-compatible like the HTML report).
pub(crate) use crate::xml::attr as esc;

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:1rem 2rem;color:#222}\
h1{font-size:1.4rem}form{display:flex;gap:.5rem;flex-wrap:wrap;margin:1rem 0}\
input[type=search]{min-width:18rem;padding:.3rem}\
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.4rem;vertical-align:top;text-align:start}\
th{background:#f4f4f4;position:sticky;top:0}code{font-size:.85em}\
.status{display:inline-block;padding:0 .4rem;border-radius:.3rem;font-size:.85em}\
.s-approved{background:#d8f5d8}.s-proposed{background:#fff1c2}.s-rejected{background:#f8d0d0}.s-missing{background:#e4e4e4}\
.kind,.meta{color:#666;font-size:.85em}del{color:#a00}ol{margin:0;padding-inline-start:1.2rem}\
.ctx{color:#888}mark{background:#ffe58a}.ok{color:#080}.bad{color:#b00}.count{text-align:end}";

const SCRIPT: &str = r#"(function(){
var q=document.getElementById('q'),st=document.getElementById('status'),kd=document.getElementById('kind'),shown=document.getElementById('shown');
var rows=Array.prototype.slice.call(document.querySelectorAll('#terms tbody tr'));
function norm(s){return String(s||'').normalize('NFKC').toLowerCase().replace(/\s+/g,' ');}
var texts=rows.map(function(r){return norm(r.textContent);});
function apply(){
 var needle=norm(q.value).trim(),s=st.value,k=kd.value,n=0;
 rows.forEach(function(r,i){
  var ok=(!needle||texts[i].indexOf(needle)>=0)&&(!s||r.getAttribute('data-status')===s)&&(!k||r.getAttribute('data-kind')===k);
  r.hidden=!ok;if(ok){n++;}
 });
 shown.textContent=String(n);
}
function fromUrl(){
 var p=new URLSearchParams(location.search);
 new URLSearchParams(location.hash.replace(/^#/,'')).forEach(function(v,key){p.set(key,v);});
 if(p.has('q')){q.value=p.get('q');}
 if(p.has('status')){st.value=p.get('status');}
 if(p.has('kind')){kd.value=p.get('kind');}
}
function toUrl(){
 var p=new URLSearchParams();
 if(q.value){p.set('q',q.value);}if(st.value){p.set('status',st.value);}if(kd.value){p.set('kind',kd.value);}
 try{history.replaceState(null,'',location.pathname+location.search+(String(p)?'#'+String(p):''));}catch(e){}
}
[q,st,kd].forEach(function(el){el.addEventListener('input',function(){apply();toUrl();});});
fromUrl();apply();
})();"#;

/// Builds the page and the CSV for `lang`. `sources` are the scanned tracks (index-aligned with
/// `scan.tracks`); `translations`, when given, are their translations in `lang`, same order.
pub fn review_sheet(
    glossary: &Glossary,
    lang: &str,
    scan: &ScanReport,
    sources: &[&Track],
    translations: Option<&[&Track]>,
    opts: &ReviewOptions<'_>,
) -> ReviewSheet {
    ReviewSheet {
        html: review_html(glossary, lang, scan, sources, translations, opts),
        csv: review_csv(glossary, lang),
    }
}

fn review_html(
    glossary: &Glossary,
    lang: &str,
    scan: &ScanReport,
    sources: &[&Track],
    translations: Option<&[&Track]>,
    opts: &ReviewOptions<'_>,
) -> String {
    let l = |id: &str| (opts.label)(id, &[]);
    let la = |id: &str, args: &[(&str, String)]| (opts.label)(id, args);
    let compliance = Compliance::new(glossary, lang);
    let pairs: Vec<Option<Vec<Vec<usize>>>> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| translations.and_then(|t| t.get(i)).map(|t| pair_cues(s, t)))
        .collect();
    let title = la("review-title", &[("lang", lang.to_string())]);
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        esc(opts.ui_lang),
        if opts.rtl { "rtl" } else { "ltr" },
        esc(&title),
        esc(&title)
    );
    // Filters.
    let _ = write!(
        h,
        "<form id=\"filters\" role=\"search\" onsubmit=\"return false\">\n\
         <input id=\"q\" type=\"search\" placeholder=\"{0}\" aria-label=\"{0}\">\n\
         <label>{1} <select id=\"status\"><option value=\"\">{2}</option>",
        esc(&l("review-search")),
        esc(&l("review-filter-status")),
        esc(&l("review-all"))
    );
    for s in ["approved", "proposed", "rejected", STATUS_MISSING] {
        let _ = write!(
            h,
            "<option value=\"{s}\">{}</option>",
            esc(&la("review-status", &[("status", s.to_string())]))
        );
    }
    let _ = write!(
        h,
        "</select></label>\n<label>{} <select id=\"kind\"><option value=\"\">{}</option>",
        esc(&l("review-filter-kind")),
        esc(&l("review-all"))
    );
    for k in super::schema::Kind::ALL {
        let _ = write!(
            h,
            "<option value=\"{}\">{}</option>",
            k.name(),
            esc(&la("review-kind", &[("kind", k.name().to_string())]))
        );
    }
    let _ = write!(
        h,
        "</select></label>\n<span>{} <output id=\"shown\">{}</output> / {}</span>\n</form>\n",
        esc(&l("review-shown")),
        glossary.terms.len(),
        glossary.terms.len()
    );
    // Table.
    h.push_str("<table id=\"terms\">\n<thead><tr>");
    for id in [
        "review-col-term",
        "review-col-source",
        "review-col-status",
        "review-col-rendering",
        "review-col-notes",
        "review-col-count",
        "review-col-examples",
    ] {
        let _ = write!(h, "<th>{}</th>", esc(&l(id)));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for (ti, term) in glossary.terms.iter().enumerate() {
        let (entry_lang, status, text) = row_state(term, lang);
        let entry = term.target(lang);
        let _ = write!(
            h,
            "<tr id=\"term-{0}\" data-id=\"{0}\" data-status=\"{1}\" data-kind=\"{2}\">",
            esc(&term.id),
            status,
            term.kind.name()
        );
        // Term and kind.
        let _ = write!(
            h,
            "<td><code>{}</code><br><span class=\"kind\">{}</span>",
            esc(&term.id),
            esc(&la(
                "review-kind",
                &[("kind", term.kind.name().to_string())]
            ))
        );
        if term.keep {
            let _ = write!(
                h,
                "<br><span class=\"meta\">{}</span>",
                esc(&l("review-keep"))
            );
        }
        h.push_str("</td>");
        // Source forms.
        let _ = write!(
            h,
            "<td lang=\"{}\">{}",
            esc(&glossary.source),
            esc(&term.source)
        );
        if !term.variants.is_empty() {
            let _ = write!(
                h,
                "<br><span class=\"meta\">{}</span>",
                esc(&term.variants.join(" · "))
            );
        }
        h.push_str("</td>");
        // Status.
        let _ = write!(
            h,
            "<td><span class=\"status s-{status}\">{}</span>",
            esc(&la("review-status", &[("status", status.to_string())]))
        );
        if let Some(e) = entry
            && (e.reviewer.is_some() || e.updated.is_some())
        {
            let _ = write!(
                h,
                "<br><span class=\"meta\">{}</span>",
                esc(&la(
                    "review-reviewed",
                    &[
                        ("reviewer", e.reviewer.clone().unwrap_or_default()),
                        ("date", e.updated.clone().unwrap_or_default()),
                    ]
                ))
            );
        }
        h.push_str("</td>");
        // Rendering.
        let _ = write!(h, "<td lang=\"{}\" dir=\"auto\">", esc(entry_lang));
        if !text.is_empty() {
            let _ = write!(h, "<b>{}</b>", esc(text));
        }
        if let Some(e) = entry {
            if !e.variants.is_empty() {
                let _ = write!(
                    h,
                    "<br><span class=\"meta\">{}</span> {}",
                    esc(&l("review-variants")),
                    esc(&e.variants.join(" · "))
                );
            }
            if !e.forbidden.is_empty() {
                let _ = write!(
                    h,
                    "<br><span class=\"meta\">{}</span> ",
                    esc(&l("review-forbidden"))
                );
                let dels: Vec<String> = e
                    .forbidden
                    .iter()
                    .map(|f| format!("<del>{}</del>", esc(f)))
                    .collect();
                h.push_str(&dels.join(" · "));
            }
        }
        h.push_str("</td>");
        // Notes.
        h.push_str("<td>");
        if let Some(n) = &term.note {
            let _ = write!(h, "{}", esc(n));
        }
        if let Some(n) = entry.and_then(|e| e.note.as_ref()) {
            let _ = write!(
                h,
                "<p lang=\"{}\" dir=\"auto\">{}</p>",
                esc(entry_lang),
                esc(n)
            );
        }
        h.push_str("</td>");
        // Occurrences and examples.
        let occ = scan.term(&term.id);
        let count = occ.map_or(0, |o| o.count);
        let _ = write!(h, "<td class=\"count\">{count}</td><td><ol>");
        for o in occ
            .map(|o| o.occurrences.as_slice())
            .unwrap_or(&[])
            .iter()
            .take(opts.max_examples)
        {
            let Some(track) = sources.get(o.at.track) else {
                continue;
            };
            let Some(ci) = track.cues.iter().position(|c| c.id == o.at.cue) else {
                continue;
            };
            let name = scan
                .tracks
                .get(o.at.track)
                .map(String::as_str)
                .unwrap_or("");
            let plain = track
                .cues
                .get(ci)
                .map(|c| c.text.to_plain())
                .unwrap_or_default();
            let _ = write!(
                h,
                "<li><span class=\"meta\">{} #{}</span> ",
                esc(name),
                o.at.cue
            );
            if let Some(prev) = ci.checked_sub(1).and_then(|p| track.cues.get(p)) {
                let _ = write!(
                    h,
                    "<span class=\"ctx\">{}</span> ",
                    esc(&one_line(&prev.text.to_plain()))
                );
            }
            let (a, b, c) = (
                plain.get(..o.bytes.start).unwrap_or(""),
                plain.get(o.bytes.clone()).unwrap_or(""),
                plain.get(o.bytes.end..).unwrap_or(""),
            );
            let _ = write!(
                h,
                "<span lang=\"{}\">{}<mark>{}</mark>{}</span>",
                esc(&glossary.source),
                esc(&one_line(a)),
                esc(b),
                esc(&one_line(c))
            );
            if let Some(next) = track.cues.get(ci + 1) {
                let _ = write!(
                    h,
                    " <span class=\"ctx\">{}</span>",
                    esc(&one_line(&next.text.to_plain()))
                );
            }
            if let Some(Some(p)) = pairs.get(o.at.track) {
                let tr = translations.and_then(|t| t.get(o.at.track));
                let tcues: Vec<String> = p
                    .get(ci)
                    .into_iter()
                    .flatten()
                    .filter_map(|&i| tr.and_then(|t| t.cues.get(i)))
                    .map(|c| c.text.to_plain())
                    .collect();
                if tcues.is_empty() {
                    let _ = write!(
                        h,
                        "<br><span class=\"meta\">{}</span>",
                        esc(&l("review-no-translation"))
                    );
                } else {
                    let joined = tcues.join("\n");
                    let mark = match compliance.rendering_found(ti, &joined) {
                        Some(true) => format!(
                            " <span class=\"ok\" title=\"{0}\" aria-label=\"{0}\">✓</span>",
                            esc(&l("review-found"))
                        ),
                        Some(false) => format!(
                            " <span class=\"bad\" title=\"{0}\" aria-label=\"{0}\">✗</span>",
                            esc(&l("review-not-found"))
                        ),
                        None => String::new(),
                    };
                    let _ = write!(
                        h,
                        "<br>→ <span lang=\"{}\" dir=\"auto\">{}</span>{mark}",
                        esc(entry_lang),
                        esc(&one_line(&joined))
                    );
                }
            }
            h.push_str("</li>");
        }
        h.push_str("</ol></td></tr>\n");
    }
    let _ = write!(
        h,
        "</tbody>\n</table>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    );
    h
}

fn one_line(s: &str) -> String {
    s.replace('\n', " / ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::load;
    use crate::glossary::scan::{ScanOptions, scan};
    use crate::model::{Cue, RichText, Timestamp};

    const GLOSSARY: &str = r#"version: 1
source: zh-Hans
terms:
  - id: liuli
    source: 琉璃
    kind: craft
    note: "Glazed <ware> & tiles"
    targets:
      fa: {text: شیشه, status: rejected, reviewer: Negin, updated: 2026-11-19}
      en: {text: liuli glaze, status: approved}
  - id: formula
    source: 公式
    kind: concept
    targets:
      fa: {text: "=HYPERLINK(\"x\")", status: proposed}
  - id: kiln
    source: 窑
    kind: craft
    targets:
      fa: {text: کوره, variants: ["کوره‌ها"], forbidden: [تنور], status: approved}
  - id: lin-xiao
    source: 林晓
    kind: person
    keep: true
"#;

    fn track(lines: &[&str]) -> Track {
        Track {
            cues: lines
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let id = u32::try_from(i + 1).unwrap();
                    let s = i64::from(id) * 1000;
                    Cue::new(id, Timestamp(s), Timestamp(s + 900), RichText::plain(t))
                })
                .collect(),
            ..Track::default()
        }
    }

    fn label(id: &str, args: &[(&str, String)]) -> String {
        let a: Vec<String> = args.iter().map(|(k, v)| format!("{k}={v}")).collect();
        format!(
            "[{id}{}]",
            if a.is_empty() {
                String::new()
            } else {
                format!(" {}", a.join(","))
            }
        )
    }

    #[test]
    fn csv_rows_fingerprints_and_formula_protection() {
        let g = load(GLOSSARY).unwrap();
        let csv_text = review_csv(&g, "fa");
        assert!(csv_text.starts_with("\u{feff}term_id,kind,source,lang,status,current_text,base_fingerprint,decision,corrected_text,reviewer,comment\r\n"));
        let rows = csv::read(&csv_text, ',').unwrap();
        assert_eq!(rows.len(), 5);
        assert_eq!(
            rows[1].cells[..6],
            ["liuli", "craft", "琉璃", "fa", "rejected", "شیشه"]
        );
        assert_eq!(rows[1].cells[6], fingerprint("琉璃", "fa", "شیشه"));
        // A rendering that a spreadsheet would run is written inert.
        assert_eq!(rows[2].cells[5], "'=HYPERLINK(\"x\")");
        assert_eq!(csv::unprotect(&rows[2].cells[5]), "=HYPERLINK(\"x\")");
        let de = csv::read(&review_csv(&g, "de"), ',').unwrap();
        assert_eq!(de[3].cells[3..6], ["de", STATUS_MISSING, ""]);
        assert_ne!(
            fingerprint("琉璃", "fa", "a"),
            fingerprint("琉璃", "fa", "b")
        );
        assert_ne!(
            fingerprint("琉璃", "fa", "a"),
            fingerprint("琉", "璃fa", "a")
        );
        assert_eq!(fingerprint("琉璃", "fa", "شیشه").len(), 16);
    }

    #[test]
    fn escaping_is_the_xml_doors() {
        // Characters XML 1.0 forbids become U+FFFD (this escaper used to pass them through, so a
        // control character in a cue reached the page raw).
        assert_eq!(esc("a\u{1}b\u{FFFF}"), "a\u{FFFD}b\u{FFFD}");
        assert_eq!(esc("<'\"&>"), "&lt;&#39;&quot;&amp;&gt;");
    }

    #[test]
    fn html_lists_terms_with_escaped_text_examples_and_filters() {
        let g = load(GLOSSARY).unwrap();
        let src = track(&[
            "开始",
            "琉璃和窑",
            "<script>alert(1)</script>",
            "窑火",
            "林晓",
        ]);
        let fa = track(&["شروع", "شیشه و کوره‌ها", "...", "آتش"]);
        let r = scan(&g, &[("ep01.srt", &src)], &ScanOptions::default());
        let opts = ReviewOptions {
            max_examples: 3,
            label: &label,
            ui_lang: "fa-IR",
            rtl: true,
        };
        let sheet = review_sheet(&g, "fa", &r, &[&src], Some(&[&fa]), &opts);
        let h = &sheet.html;
        assert!(h.starts_with("<!DOCTYPE html>\n<html lang=\"fa-IR\" dir=\"rtl\">"));
        assert!(h.contains("<title>[review-title lang=fa]</title>"));
        assert!(h.contains(
            "<tr id=\"term-liuli\" data-id=\"liuli\" data-status=\"rejected\" data-kind=\"craft\">"
        ));
        assert!(h.contains("data-status=\"proposed\" data-kind=\"concept\""));
        assert!(h.contains("Glazed &lt;ware&gt; &amp; tiles"));
        assert!(h.contains("=HYPERLINK(&quot;x&quot;)"));
        assert!(!h.contains("<script>alert"));
        assert!(h.contains("<mark>琉璃</mark>和窑"));
        assert!(h.contains("<del>تنور</del>"));
        assert!(h.contains("<span class=\"ctx\">开始</span>"));
        // kiln is found in the translation (a variant); liuli's entry is rejected: no verdict.
        let kiln_row = h.split("<tr id=\"term-kiln\"").nth(1).unwrap();
        assert!(
            kiln_row.contains("شیشه و کوره‌ها</span> <span class=\"ok\""),
            "{kiln_row}"
        );
        assert!(
            kiln_row.contains("آتش</span> <span class=\"bad\""),
            "{kiln_row}"
        );
        let lin_row = h.split("<tr id=\"term-lin-xiao\"").nth(1).unwrap();
        assert!(lin_row.contains("[review-no-translation]"), "{lin_row}");
        let liuli_row = h.split("<tr id=\"term-liuli\"").nth(1).unwrap();
        let liuli_row = liuli_row.split("</tr>").next().unwrap();
        assert!(!liuli_row.contains("class=\"ok\"") && !liuli_row.contains("class=\"bad\""));
        assert!(liuli_row.contains("[review-reviewed reviewer=Negin,date=2026-11-19]"));
        assert!(h.contains("<option value=\"missing\">[review-status status=missing]</option>"));
        assert!(h.contains("<input id=\"q\" type=\"search\""));
        assert!(h.contains("URLSearchParams(location.search)"));
        assert!(h.contains("r.hidden=!ok"));
        for id in LABEL_IDS {
            assert!(h.contains(&format!("[{id}")), "label {id} unused");
        }
    }
}
