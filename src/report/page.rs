//! What every HTML report page shares: the document head with its inline style sheet (light and
//! dark through `prefers-color-scheme`, a print style), the one inline script (sorting, filters,
//! the timeline's link to its finding), and the text direction of a language. Nothing here is
//! fetched: a page works offline, attached to an e-mail.
//!
//! Pages are also well-formed XML (tests read them with an XML parser), so the script is written
//! without `<` and `&`.

use std::fmt::Write as _;

use super::escape::{attr, text};

/// The style sheet. Colours are variables so the dark scheme changes them in one place; dark
/// applies to screens only, so a printout is always dark on white. Sections of a long season
/// are laid out only when they scroll into view (`content-visibility`), which keeps a page of
/// 80 episodes responsive.
const STYLE: &str = "
:root{color-scheme:light dark;--fg:#222;--muted:#555;--bg:#fff;--head:#f3f3f3;--line:#ddd;--err:#c62828;--warn:#b34700;--info:#1565c0;--ok:#2e7d32;--errbg:#fdecea;--hit:#fff3b0;--link:#0b57d0}
@media screen and (prefers-color-scheme:dark){:root{--fg:#e6e6e6;--muted:#aaa;--bg:#161616;--head:#262626;--line:#3a3a3a;--err:#ff7b72;--warn:#ffab70;--info:#79b8ff;--ok:#7ee787;--errbg:#3a1d1d;--hit:#4d4200;--link:#8ab4f8}}
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans Arabic','Noto Sans CJK SC',sans-serif;margin:2rem auto;max-width:96rem;padding:0 1rem;color:var(--fg);background:var(--bg);line-height:1.45}
a{color:var(--link)}
h1{font-size:1.6rem;margin-bottom:.2rem}
h2{font-size:1.2rem;margin-top:2.2rem;border-bottom:2px solid var(--line);padding-bottom:.2rem}
.generated,.meta,.note,.up{color:var(--muted);margin:.2rem 0}
.totals{font-weight:600}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.92rem}
th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:start;vertical-align:top}
th{background:var(--head)}
table.sortable th{cursor:pointer;user-select:none}
th[aria-sort=ascending]::after{content:' \\25B2'}th[aria-sort=descending]::after{content:' \\25BC'}
td.num,td.t{font-variant-numeric:tabular-nums;white-space:nowrap}
.sev{font-weight:600;white-space:nowrap}
.sev-error .sev,.count-error{color:var(--err)}.sev-warning .sev{color:var(--warn)}.sev-info .sev{color:var(--info)}
tr.sev-error{background:var(--errbg)}
tr.hit,tr:target{background:var(--hit);outline:2px solid var(--warn)}
.rule{font-family:ui-monospace,Menlo,Consolas,monospace;white-space:nowrap}
.said,.src{display:block;white-space:pre-wrap;unicode-bidi:isolate}
.said{font-size:1rem}
.src{color:var(--muted);font-size:.88rem}
figure{margin:.6rem 0}
svg.timeline{width:100%;height:auto;border:1px solid var(--line);background:#fff}
svg.timeline a{cursor:pointer}
svg.timeline a:focus rect,svg.timeline a:hover rect{stroke:#000;stroke-width:1}
@media screen and (prefers-color-scheme:dark){svg.timeline{background:#202020}svg.timeline text{fill:#ddd}svg.timeline .axes{stroke:#999}}
.unreadable .error{color:var(--err)}
.clean{color:var(--ok)}
section.file{content-visibility:auto;contain-intrinsic-size:auto 40rem}
.controls{display:flex;flex-wrap:wrap;gap:1rem;margin:1rem 0;align-items:end}
.controls label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted)}
.controls input,.controls select{padding:.3rem .5rem;min-width:12rem;color:var(--fg);background:var(--bg);border:1px solid var(--line)}
.preview .frames{display:flex;flex-wrap:wrap;gap:1rem}
figure.frame{margin:0;max-width:360px}
figure.frame img{display:block;max-width:100%;height:auto;border:1px solid var(--line)}
.frame-reason{color:var(--muted)}
.cue-text{display:block;margin-top:.2rem;font-size:1rem}
.preview-unavailable{color:var(--warn)}
@media print{.controls,.up{display:none}body{max-width:none;margin:0}section.file{content-visibility:visible}tr{break-inside:avoid}thead{display:table-header-group}a{color:inherit;text-decoration:none}}
";

/// Sorting (click a column heading; `data-v` holds a cell's numeric value), the filters
/// (episode, rule, severity; their first values from the page address, `?episode=&rule=&severity=`)
/// and the timeline's links (a bar's `#f…-c…` target row and every row of the same cue are
/// marked, and shown even when a filter hid them). Written without `<` and `&`.
const SCRIPT: &str = "(function(){var d=document;\
function all(s,r){return Array.prototype.slice.call((r||d).querySelectorAll(s));}\
function val(tr,i){var c=tr.cells[i];if(!c){return '';}var v=c.getAttribute('data-v');if(v!==null){return parseFloat(v);}\
var t=c.textContent.trim().toLowerCase();if(t!==''){var n=Number(t);if(!isNaN(n)){return n;}}return t;}\
function sort(t,i,th){var b=t.tBodies[0];if(!b){return;}var up=th.getAttribute('aria-sort')!=='ascending';\
all('th',t.tHead).forEach(function(h){h.removeAttribute('aria-sort');});th.setAttribute('aria-sort',up?'ascending':'descending');\
var rows=Array.prototype.slice.call(b.rows).map(function(r,n){return {r:r,k:val(r,i),n:n};});\
rows.sort(function(a,z){var x=a.k,y=z.k;var c=(typeof x===typeof y)?((x>y)-(y>x)):(typeof x==='number'?-1:1);if(!up){c=-c;}return c===0?a.n-z.n:c;});\
rows.forEach(function(o){b.appendChild(o.r);});}\
all('table.sortable').forEach(function(t){if(!t.tHead){return;}all('th',t.tHead).forEach(function(th,i){th.tabIndex=0;\
th.addEventListener('click',function(){sort(t,i,th);});th.addEventListener('keydown',function(e){if(e.key==='Enter'){sort(t,i,th);}});});});\
var ep=d.getElementById('q-episode'),ru=d.getElementById('q-rule'),se=d.getElementById('q-severity');\
function has(keys,r,s){var k=(keys||'').split(' ');for(var i=0;i!==k.length;i++){var p=k[i].split(':');if((r===''||p[0]===r)?(s===''||p[1]===s):false){return true;}}return r===''?s==='':false;}\
function apply(){if(!ep){return;}var q=ep.value.trim().toLowerCase(),r=ru.value,s=se.value;\
all('[data-episode]').forEach(function(e){var name=e.getAttribute('data-episode').toLowerCase();e.hidden=name.indexOf(q)===-1?true:!has(e.getAttribute('data-keys'),r,s);});\
all('tr.finding').forEach(function(tr){tr.hidden=(r!==''?tr.getAttribute('data-rule')!==r:false)?true:(s!==''?tr.getAttribute('data-severity')!==s:false);});mark();}\
function mark(){all('tr.hit').forEach(function(r){r.classList.remove('hit');});var h=decodeURIComponent(location.hash.slice(1));if(h===''){return;}\
var t=d.getElementById(h);if(!t){return;}if(t.tagName!=='TR'){return;}var sec=t.closest('section')||d;\
all('tr[data-cue=\"'+t.getAttribute('data-cue')+'\"]',sec).forEach(function(r){r.classList.add('hit');r.hidden=false;});if(sec!==d){sec.hidden=false;}}\
if(ep){var u=new URLSearchParams(location.search);ep.value=u.get('episode')||'';\
[[ru,'rule'],[se,'severity']].forEach(function(p){var v=u.get(p[1]);if(v){if(p[0].querySelector('option[value=\"'+v+'\"]')){p[0].value=v;}}});\
[ep,ru,se].forEach(function(c){c.addEventListener('input',apply);c.addEventListener('change',apply);});\
d.getElementById('controls').hidden=false;apply();}\
window.addEventListener('hashchange',mark);mark();\
window.addEventListener('beforeprint',function(){all('details').forEach(function(x){x.open=true;});});})();";

/// Primary language subtags written right to left.
pub(super) fn is_rtl(lang: &str) -> bool {
    let primary = lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        primary.as_str(),
        "ar" | "fa" | "he" | "ur" | "ps" | "yi" | "dv" | "ckb" | "sd" | "ug" | "ku"
    )
}

/// `dir` for text in `lang`: its direction when the language says it, else `auto` (the first
/// strong character decides).
pub(super) fn dir_of(lang: &str) -> &'static str {
    if is_rtl(lang) {
        "rtl"
    } else if lang.is_empty() || lang == "und" {
        "auto"
    } else {
        "ltr"
    }
}

/// `<!DOCTYPE html>` through `<body>`: language and direction of the UI, the style sheet.
pub(super) fn head(out: &mut String, ui_lang: &str, tool_version: &str, title: &str) {
    let dir = if is_rtl(ui_lang) { "rtl" } else { "ltr" };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
         <meta name=\"generator\" content=\"subloc {}\"/>\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        attr(ui_lang),
        attr(tool_version),
        text(title)
    );
}

/// The script and the end of the document.
pub(super) fn foot(out: &mut String) {
    let _ = write!(out, "<script>{SCRIPT}</script>\n</body>\n</html>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_and_style_stay_well_formed_xml_text() {
        assert!(!SCRIPT.contains('<') && !SCRIPT.contains('&'));
        assert!(!STYLE.contains('<') && !STYLE.contains('&'));
        assert!(!STYLE.contains("url(") && !STYLE.contains("@import"));
    }

    #[test]
    fn directions() {
        assert_eq!(dir_of("fa"), "rtl");
        assert_eq!(dir_of("ar-EG"), "rtl");
        assert_eq!(dir_of("zh-Hans"), "ltr");
        assert_eq!(dir_of("und"), "auto");
    }
}
