//! The glossary review page: one self-contained HTML file (its own CSS and script, no network)
//! listing every term of a glossary for one target language, for a partner to review.
//!
//! A search box and status/kind filters hide non-matching rows with the `hidden` attribute,
//! initialised from the URL query or fragment (`review.html?q=琉璃&status=proposed`), so a headless
//! browser's `--dump-dom` shows the filtered state. Every term shows its rendering and status,
//! variants and forbidden forms, notes, how often it occurs, and up to N source cues with their
//! neighbours and the current translation (✓ when the translation holds an accepted rendering).
//! Every text is escaped. The data it shows — terms, statuses, the CSV the reviewer fills in —
//! belongs to `glossary::review`, which calls this renderer.
//!
//! The page is written for the partner, in the page language (`ReviewOptions::page_lang`, not
//! necessarily the operator's): it opens with instructions — what to decide, how to fill the CSV
//! (linked), how to send it back. Its text mixes directions (Persian labels, English notes,
//! Chinese source forms, Latin names and dates), so every value from the glossary or the
//! episodes is its own bidi isolate (`dir="auto"` blocks, `<bdi>` inside labels) and dates are
//! ISO 8601 in a left-to-right `<time>`; otherwise, in a right-to-left page, an English note's
//! full stop lands at its left end and `2026-11-14` can read `14-11-2026` (Unicode Bidirectional
//! Algorithm, UAX #9, rules W4 and L2; HTML's `bdi` element and `dir=auto`).

use std::fmt::Write as _;

use crate::glossary::compliance::{Compliance, pair_cues};
use crate::glossary::review::{STATUS_MISSING, esc, review_csv, row_state};
use crate::glossary::scan::{Occurrence, ScanReport};
use crate::glossary::schema::{Glossary, Kind, Target, Term};
use crate::model::Track;

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:1rem 2rem;color:#222}\
h1{font-size:1.4rem}form{display:flex;gap:.5rem;flex-wrap:wrap;margin:1rem 0}\
input[type=search]{min-width:18rem;padding:.3rem}\
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.4rem;vertical-align:top;text-align:start}\
th{background:#f4f4f4;position:sticky;top:0}code{font-size:.85em}\
.status{display:inline-block;padding:0 .4rem;border-radius:.3rem;font-size:.85em}\
.s-approved{background:#d8f5d8}.s-proposed{background:#fff1c2}.s-rejected{background:#f8d0d0}.s-missing{background:#e4e4e4}\
.kind,.meta{color:#666;font-size:.85em}del{color:#a00}ol{margin:0;padding-inline-start:1.2rem}\
.ctx{color:#888}mark{background:#ffe58a}.ok{color:#080}.bad{color:#b00}.count{text-align:end}\
#how{border:1px solid #cbd5e1;background:#f5f8fc;border-radius:.4rem;padding:.6rem 1.2rem;margin:1rem 0;max-width:60rem}\
#how h2{font-size:1.1rem;margin:.2rem 0}#how li{margin:.3rem 0}.uncounted{color:#888;font-style:italic}\
time{white-space:nowrap}.comment{margin:.3rem 0}\
@media print{#filters{display:none}}";

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

/// The page for `lang`. `sources` are the scanned tracks (index-aligned with `scan.tracks`);
/// `translations`, when given, are their translations in `lang`, same order.
pub(crate) fn review_html(
    glossary: &Glossary,
    lang: &str,
    scan: &ScanReport,
    sources: &[&Track],
    translations: Option<&[&Track]>,
    opts: &ReviewOptions<'_>,
) -> String {
    let pairs = sources
        .iter()
        .enumerate()
        .map(|(i, s)| translations.and_then(|t| t.get(i)).map(|t| pair_cues(s, t)))
        .collect();
    let page = Page {
        glossary,
        lang,
        scan,
        sources,
        translations,
        opts,
        compliance: Compliance::new(glossary, lang),
        pairs,
    };
    let mut h = String::new();
    page.head(&mut h);
    page.instructions(&mut h);
    page.filters(&mut h);
    page.table_head(&mut h);
    for (ti, term) in glossary.terms.iter().enumerate() {
        page.term_row(&mut h, ti, term);
    }
    let _ = write!(
        h,
        "</tbody>\n</table>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    );
    h
}

/// Everything one page is built from, so each part of it can be written by its own method.
struct Page<'a> {
    glossary: &'a Glossary,
    lang: &'a str,
    scan: &'a ScanReport,
    sources: &'a [&'a Track],
    translations: Option<&'a [&'a Track]>,
    opts: &'a ReviewOptions<'a>,
    compliance: Compliance<'a>,
    /// Per source track, its cues' matching cues in the translation (when there is one).
    pairs: Vec<Option<Vec<Vec<usize>>>>,
}

impl Page<'_> {
    /// A label in the UI language.
    fn l(&self, id: &str) -> String {
        (self.opts.label)(id, &[])
    }

    /// A label in the page language, with Fluent arguments.
    fn la(&self, id: &str, args: &[(&str, String)]) -> String {
        (self.opts.label)(id, args)
    }

    /// A label as HTML whose arguments are HTML fragments (`<bdi>`, `<code>`, a link): the
    /// message is formatted with placeholders, escaped, and the fragments put in their place, so
    /// markup never passes through the translation and every argument stays its own isolate.
    /// `plain` arguments are passed as they are (selectors such as `$status` see their value).
    fn la_html(&self, id: &str, plain: &[(&str, String)], args: &[(&str, String)]) -> String {
        let marks: Vec<(&str, String)> = plain
            .iter()
            .cloned()
            .chain(
                args.iter()
                    .enumerate()
                    .map(|(i, (k, _))| (*k, placeholder(i))),
            )
            .collect();
        let mut out = esc(&self.la(id, &marks));
        for (i, (_, html)) in args.iter().enumerate() {
            out = out.replace(&placeholder(i), html);
        }
        out
    }

    /// From the doctype to the page heading.
    fn head(&self, h: &mut String) {
        let title = self.la("review-title", &[("lang", self.lang.to_string())]);
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
            esc(self.opts.page_lang),
            if self.opts.rtl { "rtl" } else { "ltr" },
            esc(&title),
            esc(&title)
        );
    }

    /// What the partner is asked to do, step by step, with the CSV linked (it sits next to the
    /// page) and the column names and decision words as they must be typed.
    fn instructions(&self, h: &mut String) {
        let code = |s: &str| format!("<code dir=\"ltr\">{}</code>", esc(s));
        let csv_link = format!(
            "<a href=\"{0}\" download dir=\"ltr\"><bdi>{0}</bdi></a>",
            esc(self.opts.csv_name)
        );
        let _ = write!(
            h,
            "<section id=\"how\">\n<h2>{}</h2>\n<ol>\n<li id=\"how-decide\">{}</li>\n\
             <li id=\"how-fill\">{}</li>\n<li id=\"how-send\">{}</li>\n</ol>\n</section>\n",
            esc(&self.l("review-how-title")),
            self.la_html(
                "review-how-decide",
                &[],
                &[("lang", format!("<bdi>{}</bdi>", esc(self.lang)))]
            ),
            self.la_html(
                "review-how-fill",
                &[],
                &[
                    ("csv", csv_link.clone()),
                    ("decision", code("decision")),
                    ("approve", code("approve")),
                    ("reject", code("reject")),
                    ("correct", code("correct")),
                    ("corrected", code("corrected_text")),
                    ("reviewer", code("reviewer")),
                    ("comment", code("comment")),
                ]
            ),
            self.la_html(
                "review-how-send",
                &[],
                &[("csv", csv_link), ("format", code("CSV UTF-8"))]
            ),
        );
    }

    /// The search box and the status and kind filters.
    fn filters(&self, h: &mut String) {
        let _ = write!(
            h,
            "<form id=\"filters\" role=\"search\" onsubmit=\"return false\">\n\
             <input id=\"q\" type=\"search\" placeholder=\"{0}\" aria-label=\"{0}\">\n\
             <label>{1} <select id=\"status\"><option value=\"\">{2}</option>",
            esc(&self.l("review-search")),
            esc(&self.l("review-filter-status")),
            esc(&self.l("review-all"))
        );
        for s in ["approved", "proposed", "rejected", STATUS_MISSING] {
            let _ = write!(
                h,
                "<option value=\"{s}\">{}</option>",
                esc(&self.la("review-status", &[("status", s.to_string())]))
            );
        }
        let _ = write!(
            h,
            "</select></label>\n<label>{} <select id=\"kind\"><option value=\"\">{}</option>",
            esc(&self.l("review-filter-kind")),
            esc(&self.l("review-all"))
        );
        for k in Kind::ALL {
            let _ = write!(
                h,
                "<option value=\"{}\">{}</option>",
                k.name(),
                esc(&self.la("review-kind", &[("kind", k.name().to_string())]))
            );
        }
        let _ = write!(
            h,
            "</select></label>\n<span>{} <output id=\"shown\">{}</output> / {}</span>\n</form>\n",
            esc(&self.l("review-shown")),
            self.glossary.terms.len(),
            self.glossary.terms.len()
        );
    }

    /// The opening of the term table, with its column headings.
    fn table_head(&self, h: &mut String) {
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
            let _ = write!(h, "<th>{}</th>", esc(&self.l(id)));
        }
        h.push_str("</tr></thead>\n<tbody>\n");
    }

    /// One term's row; `ti` is its index in the glossary.
    fn term_row(&self, h: &mut String, ti: usize, term: &Term) {
        let (entry_lang, status, text) = row_state(term, self.lang);
        let entry = term.target(self.lang);
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
            esc(&self.la("review-kind", &[("kind", term.kind.name().to_string())]))
        );
        if term.keep {
            let _ = write!(
                h,
                "<br><span class=\"meta\">{}</span>",
                esc(&self.l("review-keep"))
            );
        }
        h.push_str("</td>");
        // Source forms.
        let _ = write!(
            h,
            "<td lang=\"{}\">{}",
            esc(&self.glossary.source),
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
        self.entry_cells(h, status, entry_lang, text, entry, term);
        // Occurrences and examples.
        let occ = self.scan.term(&term.id);
        if self.opts.counted {
            let count = occ.map_or(0, |o| o.count);
            let _ = write!(h, "<td class=\"count\">{count}</td><td><ol>");
        } else {
            // No episodes were scanned: 0 would claim the term never occurs.
            let _ = write!(
                h,
                "<td class=\"count uncounted\">{}</td><td><ol>",
                esc(&self.l("review-not-counted"))
            );
        }
        for o in occ
            .map(|o| o.occurrences.as_slice())
            .unwrap_or(&[])
            .iter()
            .take(self.opts.max_examples)
        {
            self.example(h, ti, o, entry_lang);
        }
        h.push_str("</ol></td></tr>\n");
    }

    /// One example cue of term `ti` as a list item: its neighbours, the term marked, and the
    /// matching translation with whether it holds an accepted rendering.
    fn example(&self, h: &mut String, ti: usize, o: &Occurrence, entry_lang: &str) {
        let Some(track) = self.sources.get(o.at.track) else {
            return;
        };
        let Some(ci) = track.cues.iter().position(|c| c.id == o.at.cue) else {
            return;
        };
        let name = self
            .scan
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
            "<li><span class=\"meta\" dir=\"ltr\">{} #{}</span> ",
            esc(name),
            o.at.cue
        );
        if let Some(prev) = ci.checked_sub(1).and_then(|p| track.cues.get(p)) {
            let _ = write!(
                h,
                "<span class=\"ctx\" dir=\"auto\">{}</span> ",
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
            "<span lang=\"{}\" dir=\"auto\">{}<mark>{}</mark>{}</span>",
            esc(&self.glossary.source),
            esc(&one_line(a)),
            esc(b),
            esc(&one_line(c))
        );
        if let Some(next) = track.cues.get(ci + 1) {
            let _ = write!(
                h,
                " <span class=\"ctx\" dir=\"auto\">{}</span>",
                esc(&one_line(&next.text.to_plain()))
            );
        }
        self.translation(h, ti, o.at.track, ci, entry_lang);
        h.push_str("</li>");
    }

    /// The status, rendering and notes cells of a term's row for the target language.
    fn entry_cells(
        &self,
        h: &mut String,
        status: &str,
        entry_lang: &str,
        text: &str,
        entry: Option<&Target>,
        term: &Term,
    ) {
        // Status.
        let _ = write!(
            h,
            "<td><span class=\"status s-{status}\">{}</span>",
            esc(&self.la("review-status", &[("status", status.to_string())]))
        );
        if let Some(line) = entry.and_then(|e| self.reviewed(e, status)) {
            let _ = write!(h, "<br><span class=\"meta\">{line}</span>");
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
                    esc(&self.l("review-variants")),
                    esc(&e.variants.join(" · "))
                );
            }
            if !e.forbidden.is_empty() {
                let _ = write!(
                    h,
                    "<br><span class=\"meta\">{}</span> ",
                    esc(&self.l("review-forbidden"))
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
            let _ = write!(h, "<p dir=\"auto\">{}</p>", esc(n));
        }
        if let Some(n) = entry.and_then(|e| e.note.as_ref()) {
            let _ = write!(
                h,
                "<p lang=\"{}\" dir=\"auto\">{}</p>",
                esc(entry_lang),
                esc(n)
            );
        }
        for c in entry.map(|e| e.comments.as_slice()).unwrap_or_default() {
            let _ = write!(
                h,
                "<p class=\"comment\"><span class=\"meta\">{}</span> <q dir=\"auto\">{}</q></p>",
                self.la_html(
                    "review-comment",
                    &[],
                    &[
                        ("reviewer", format!("<bdi>{}</bdi>", esc(&c.reviewer))),
                        ("date", date_html(&c.date)),
                    ]
                ),
                esc(&c.text)
            );
        }
        h.push_str("</td>");
    }

    /// Who decided the entry and when, as HTML; `None` when the entry records neither (a
    /// proposed term nobody has looked at says nothing rather than "reviewed by on").
    fn reviewed(&self, e: &Target, status: &str) -> Option<String> {
        let who = e
            .reviewer
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(|r| format!("<bdi>{}</bdi>", esc(r)));
        let when = e
            .updated
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(date_html);
        let status = [("status", status.to_string())];
        Some(match (who, when) {
            (Some(r), Some(d)) => {
                self.la_html("review-reviewed", &status, &[("reviewer", r), ("date", d)])
            }
            (Some(r), None) => self.la_html("review-reviewed-by", &status, &[("reviewer", r)]),
            (None, Some(d)) => self.la_html("review-updated", &status, &[("date", d)]),
            (None, None) => return None,
        })
    }

    /// The translation of the example at cue index `ci` of source track `track`, with ✓ or ✗
    /// when term `ti` has a rendering to look for.
    fn translation(&self, h: &mut String, ti: usize, track: usize, ci: usize, entry_lang: &str) {
        let Some(Some(p)) = self.pairs.get(track) else {
            return;
        };
        let tr = self.translations.and_then(|t| t.get(track));
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
                esc(&self.l("review-no-translation"))
            );
        } else {
            let joined = tcues.join("\n");
            let mark = match self.compliance.rendering_found(ti, &joined) {
                Some(true) => format!(
                    " <span class=\"ok\" title=\"{0}\" aria-label=\"{0}\">✓</span>",
                    esc(&self.l("review-found"))
                ),
                Some(false) => format!(
                    " <span class=\"bad\" title=\"{0}\" aria-label=\"{0}\">✗</span>",
                    esc(&self.l("review-not-found"))
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
}

fn one_line(s: &str) -> String {
    s.replace('\n', " / ")
}

/// A private-use marker standing for argument `i` of a message (`Page::la_html`); no message
/// and no escaping touches U+E000..U+E001.
fn placeholder(i: usize) -> String {
    format!("\u{E000}{i}\u{E001}")
}

/// A date as written in the glossary (ISO 8601, `YYYY-MM-DD`) in a left-to-right `<time>`, so
/// a right-to-left line cannot reorder its parts.
fn date_html(date: &str) -> String {
    format!("<time datetime=\"{0}\" dir=\"ltr\">{0}</time>", esc(date))
}

/// How to build the sheet.
pub struct ReviewOptions<'a> {
    /// At most this many example cues per term.
    pub max_examples: usize,
    /// Label text in the page language: message id and arguments → text.
    pub label: super::LabelFn<'a>,
    /// The page language's tag for `<html lang>` (the partner's, chosen with `--page-lang`) and
    /// whether it is written right to left.
    pub page_lang: &'a str,
    pub rtl: bool,
    /// File name of the CSV written next to the page (the instructions link to it).
    pub csv_name: &'a str,
    /// Whether episodes were scanned: without them occurrence counts say "not counted".
    pub counted: bool,
}

/// The two files of a review sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewSheet {
    pub html: String,
    pub csv: String,
}

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

#[cfg(test)]
mod tests {
    use super::{ReviewOptions, review_sheet};
    use crate::glossary::load;
    use crate::glossary::review::LABEL_IDS;
    use crate::glossary::review::tests::{GLOSSARY, label, track};
    use crate::glossary::scan::{ScanOptions, scan};

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
            page_lang: "fa-IR",
            rtl: true,
            csv_name: "fa.csv",
            counted: true,
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
        assert!(h.contains("<span class=\"ctx\" dir=\"auto\">开始</span>"));
        // Notes are their own direction (an English note in a Persian page ends with its stop).
        assert!(h.contains("<p dir=\"auto\">Glazed &lt;ware&gt; &amp; tiles</p>"));
        // The instructions link the CSV and name the columns and words as they are typed.
        let how = h.split("<section id=\"how\">").nth(1).unwrap();
        let how = how.split("</section>").next().unwrap();
        assert!(how.contains("[review-how-title]"), "{how}");
        assert!(
            how.contains("csv=<a href=\"fa.csv\" download dir=\"ltr\"><bdi>fa.csv</bdi></a>"),
            "{how}"
        );
        assert!(
            how.contains("approve=<code dir=\"ltr\">approve</code>"),
            "{how}"
        );
        assert!(
            how.contains("format=<code dir=\"ltr\">CSV UTF-8</code>"),
            "{how}"
        );
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
        assert!(liuli_row.contains(
            "[review-reviewed status=rejected,reviewer=<bdi>Negin</bdi>,\
             date=<time datetime=\"2026-11-19\" dir=\"ltr\">2026-11-19</time>]"
        ));
        // A proposed entry nobody signed: only its date, never "reviewed by  on".
        let formula_row = h.split("<tr id=\"term-formula\"").nth(1).unwrap();
        let formula_row = formula_row.split("</tr>").next().unwrap();
        assert!(!formula_row.contains("[review-reviewed"), "{formula_row}");
        assert!(formula_row.contains("[review-updated status=proposed,date=<time"));
        // A reviewer without a date; a comment with its author and date, its text escaped.
        assert!(kiln_row.contains("[review-reviewed-by status=approved,reviewer=<bdi>Sara</bdi>]"));
        assert!(kiln_row.contains(
            "[review-comment reviewer=<bdi>Sara</bdi>,date=<time datetime=\"2026-11-20\" \
             dir=\"ltr\">2026-11-20</time>]</span> <q dir=\"auto\">Plural &lt;b&gt;in&lt;/b&gt; ep. 3.</q>"
        ));
        // Counts are numbers when episodes were scanned.
        assert!(
            kiln_row.contains("<td class=\"count\">2</td>"),
            "{kiln_row}"
        );
        assert!(h.contains("<option value=\"missing\">[review-status status=missing]</option>"));
        assert!(h.contains("<input id=\"q\" type=\"search\""));
        assert!(h.contains("URLSearchParams(location.search)"));
        assert!(h.contains("r.hidden=!ok"));
        // Without episodes nothing was counted, and the page says so instead of 0.
        let none = scan(&g, &[], &ScanOptions::default());
        let uncounted = ReviewOptions {
            counted: false,
            ..opts
        };
        let bare = review_sheet(&g, "fa", &none, &[], None, &uncounted).html;
        assert!(!bare.contains("<td class=\"count\">0</td>"));
        assert_eq!(
            bare.matches("<td class=\"count uncounted\">[review-not-counted]</td>")
                .count(),
            g.terms.len()
        );
        for id in LABEL_IDS {
            assert!(
                h.contains(&format!("[{id}")) || bare.contains(&format!("[{id}")),
                "label {id} unused"
            );
        }
    }
}
