//! The HTML outputs in a real browser: headless Chromium loads the `check` report and the glossary
//! review page from disk and `--dump-dom` prints the document after its scripts ran.
//!
//! Chromium is looked up as `$SUBLOC_CHROMIUM`, then `chromium`, `chromium-browser`,
//! `google-chrome` on the PATH. Without one these tests print a note and pass, unless
//! `SUBLOC_REQUIRE_CHROMIUM=1` (set by `.ci/run`, which installs Debian's `chromium`), where a
//! missing browser is a failure: CI must never skip them silently.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::cli_check::check_json;
use crate::cli_glossary::parse_csv;
use crate::cli_support::*;
use crate::cli_translate::translate;

fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SUBLOC_CHROMIUM").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
}

/// The browser, or `None` (test skipped with a note) when it is absent and not required.
fn chromium() -> Option<PathBuf> {
    let found = find_chromium();
    let required = std::env::var("SUBLOC_REQUIRE_CHROMIUM").is_ok_and(|v| v == "1");
    match found {
        Some(p) => Some(p),
        None if required => panic!("SUBLOC_REQUIRE_CHROMIUM=1 but no chromium was found"),
        None => {
            eprintln!("note: no chromium found; browser tests skipped");
            None
        }
    }
}

/// `file://` URL of an absolute path, with a percent-encoded query.
fn file_url(path: &Path, query: &str) -> String {
    let mut url = String::from("file://");
    for b in path.display().to_string().bytes().chain(query.bytes()) {
        if b.is_ascii_alphanumeric() || b"/-_.~?=&%".contains(&b) {
            url.push(char::from(b));
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// The DOM of `url` after load, as headless Chromium serializes it.
fn dump_dom(browser: &Path, url: &str) -> String {
    dump_dom_with(browser, url, &[])
}

/// [`dump_dom`] with more browser flags (`--virtual-time-budget=…` lets a probe's timers run
/// before the DOM is taken).
fn dump_dom_with(browser: &Path, url: &str, extra: &[&str]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg("--dump-dom")
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 2 minutes on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let dom = reader.join().unwrap();
    assert!(dom.contains("</html>"), "no DOM dumped for {url}: {dom}");
    dom
}

/// `(id, opening tag)` of every `<tr id="term-…">` row.
fn term_rows(html: &str) -> Vec<(String, String)> {
    html.match_indices("<tr id=\"term-")
        .map(|(at, _)| {
            let tag_end = html[at..].find('>').map_or(html.len(), |e| at + e + 1);
            let tag = html[at..tag_end].to_string();
            let id = tag["<tr id=\"term-".len()..]
                .split('"')
                .next()
                .unwrap()
                .to_string();
            (id, tag)
        })
        .collect()
}

/// The text of each term row of the page as written (tags removed), by id.
fn row_texts(html: &str) -> Vec<(String, String)> {
    let starts: Vec<usize> = html
        .match_indices("<tr id=\"term-")
        .map(|(i, _)| i)
        .collect();
    starts
        .iter()
        .map(|&at| {
            let end = html[at..].find("</tr>").map_or(html.len(), |e| at + e);
            let raw = &html[at..end];
            let mut text = String::new();
            let mut in_tag = false;
            for c in raw.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            let id = raw["<tr id=\"term-".len()..]
                .split('"')
                .next()
                .unwrap()
                .to_string();
            (id, text)
        })
        .collect()
}

fn visible(dom: &str) -> Vec<String> {
    term_rows(dom)
        .into_iter()
        .filter(|(_, tag)| !tag.contains("hidden"))
        .map(|(id, _)| id)
        .collect()
}

#[test]
fn review_page_renders_and_filters_from_the_url() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("review");
    let out = run(subloc()
        .args(["glossary", "review", "--lang", "fa", "--episodes"])
        .args([sample("ep01.srt"), sample("ep02.srt"), sample("ep03.srt")])
        .arg("--out")
        .arg(&out_dir));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let page = out_dir.join("fa.html");
    let written = std::fs::read_to_string(&page).unwrap();
    let all: Vec<String> = term_rows(&written).into_iter().map(|(id, _)| id).collect();
    assert!(all.len() > 30, "{} rows", all.len());

    // No filter: every term row is shown.
    let dom = dump_dom(&browser, &file_url(&page, ""));
    assert_eq!(visible(&dom), all);

    // ?q=琉璃: exactly the rows whose text mentions 琉璃.
    let expected: Vec<String> = row_texts(&written)
        .into_iter()
        .filter(|(_, text)| text.contains("琉璃"))
        .map(|(id, _)| id)
        .collect();
    for id in ["series-title", "liuli", "lin-workshop"] {
        assert!(expected.contains(&id.to_string()), "{id} mentions 琉璃");
    }
    assert!(expected.len() < all.len());
    let dom = dump_dom(&browser, &file_url(&page, "?q=琉璃"));
    let shown = visible(&dom);
    assert_eq!(shown, expected);
    assert!(
        dom.contains(&format!("<output id=\"shown\">{}</output>", expected.len())),
        "the counter shows the filtered number"
    );

    // ?status=proposed: the proposed entries of the CSV written next to the page.
    let csv = std::fs::read_to_string(out_dir.join("fa.csv")).unwrap();
    let proposed: Vec<String> = parse_csv(&csv)
        .into_iter()
        .skip(1)
        .filter(|r| r[4] == "proposed")
        .map(|r| r[0].clone())
        .collect();
    assert!(!proposed.is_empty());
    let dom = dump_dom(&browser, &file_url(&page, "?status=proposed"));
    assert_eq!(visible(&dom), proposed);
}

#[test]
fn check_report_renders_with_one_timeline_per_file() {
    let Some(browser) = chromium() else { return };
    let files = [sample("ep04_qc_faults.srt"), sample("ep01.srt")];
    let (_, report) = check_json(&["--platform", "netflix"], &files);
    let total: usize = report.files.iter().map(|f| f.findings.len()).sum();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let out = run(subloc()
        .args(["check", "--platform", "netflix", "--format", "html", "-o"])
        .arg(&page)
        .args(&files));
    assert!(code(&out) <= 1, "{}", stderr(&out));
    let dom = dump_dom(&browser, &file_url(&page, ""));
    assert_eq!(dom.matches("<svg").count(), files.len(), "one SVG per file");
    let rows = dom.matches("<tr class=\"finding").count();
    assert_eq!(rows, total, "one table row per finding");
    for f in &report.files[0].findings {
        assert!(dom.contains(&f.rule));
    }
    assert!(dom.contains("ep04_qc_faults.srt") && dom.contains("ep01.srt"));
}

#[test]
fn check_report_shows_what_the_viewer_sees() {
    let Some(browser) = chromium() else { return };
    if !crate::cli_video::have_ffmpeg() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let track = crate::cli_preview::persian_reels_track(dir.path());
    let page = dir.path().join("report.html");
    let out = run(subloc()
        .args([
            "check",
            "--platform",
            "instagram_reels",
            "--format",
            "html",
            "-o",
        ])
        .arg(&page)
        .arg(&track));
    assert!(code(&out) <= 1, "{}", stderr(&out));
    // What only the browser knows — whether each embedded picture decoded, and the direction
    // the cue text is laid out in — is written into the DOM by a probe added after the page's
    // own content, once everything has loaded.
    let probe = "<script>window.addEventListener('load',function(){\
        var imgs=document.querySelectorAll('img.frame-image');\
        for(var i=0;i!==imgs.length;i++){imgs[i].setAttribute('data-natural-width',String(imgs[i].naturalWidth));}\
        var t=document.querySelectorAll('.cue-text');\
        for(var j=0;j!==t.length;j++){t[j].setAttribute('data-direction',getComputedStyle(t[j]).direction);}\
        });</script></body>";
    let html = std::fs::read_to_string(&page).unwrap();
    assert_eq!(html.matches("</body>").count(), 1);
    let probed = dir.path().join("probed.html");
    std::fs::write(&probed, html.replace("</body>", probe)).unwrap();
    let dom = dump_dom(&browser, &file_url(&probed, ""));
    let widths: Vec<u32> = dom
        .match_indices("data-natural-width=\"")
        .map(|(at, m)| {
            let rest = &dom[at + m.len()..];
            rest[..rest.find('"').unwrap()].parse().unwrap()
        })
        .collect();
    assert_eq!(widths, vec![360; 4], "four pictures, decoded at 360 px");
    let directions: Vec<&str> = dom
        .match_indices("data-direction=\"")
        .map(|(at, m)| {
            let rest = &dom[at + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert_eq!(
        directions,
        vec!["rtl"; 4],
        "Persian cue text reads right to left"
    );
    for reason in ["most-lines", "widest-line", "right-to-left", "longest-text"] {
        assert!(
            dom.contains(&format!("data-reason=\"{reason}\"")),
            "{reason}"
        );
    }
    assert!(dom.contains("What the viewer sees"));
}

/// `page` with `probe` (a script run at load, after the page's own) added before `</body>`,
/// written next to it as `probed-{name}` so relative links still resolve; its DOM after the
/// probe's timers ran.
fn probe(browser: &Path, page: &Path, name: &str, query: &str, probe: &str) -> String {
    let html = std::fs::read_to_string(page).unwrap();
    assert_eq!(html.matches("</body>").count(), 1);
    let probed = page.with_file_name(format!("probed-{name}"));
    let script =
        format!("<script>window.addEventListener('load',function(){{{probe}}});</script></body>");
    std::fs::write(&probed, html.replace("</body>", &script)).unwrap();
    dump_dom_with(
        browser,
        &file_url(&probed, query),
        &["--virtual-time-budget=5000", "--window-size=1280,900"],
    )
}

/// The value of `name="…"` in an opening tag.
fn attr_of<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    tag[at..].split('"').next()
}

/// The opening tags of the elements whose tag starts with `start` (`<tr class="finding`).
fn tags<'a>(dom: &'a str, start: &str) -> Vec<&'a str> {
    dom.match_indices(start)
        .map(|(at, _)| &dom[at..at + dom[at..].find('>').unwrap_or(0) + 1])
        .collect()
}

fn is_hidden(tag: &str) -> bool {
    tag.contains(" hidden")
}

/// A `translate` run of two samples to Persian for Netflix and YouTube: its reports folder.
fn translated_reports(dir: &Path) -> PathBuf {
    let ep01 = sample("ep01.srt").display().to_string();
    let ep04 = sample("ep04_qc_faults.srt").display().to_string();
    let out = translate(
        dir,
        &[
            &ep01,
            &ep04,
            "--to",
            "fa",
            "--platform",
            "netflix,youtube",
            "--out",
            "out",
            "-q",
        ],
    );
    assert!(code(&out) <= 1, "{}", stderr(&out));
    dir.join("out").join("reports")
}

#[test]
fn translate_index_links_every_language_platform_page() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let reports = translated_reports(dir.path());
    // The browser resolves each link; the probe writes where it points.
    let dom = probe(
        &browser,
        &reports.join("index.html"),
        "index.html",
        "",
        "document.querySelectorAll('tr.season-row a').forEach(function(a){a.setAttribute('data-resolved',decodeURIComponent(a.href));});",
    );
    let resolved: Vec<String> = tags(&dom, "<a ")
        .into_iter()
        .filter_map(|t| attr_of(t, "data-resolved").map(str::to_string))
        .collect();
    assert_eq!(resolved.len(), 2, "{dom}");
    for (url, name) in resolved.iter().zip(["fa-netflix.html", "fa-youtube.html"]) {
        let path = PathBuf::from(url.strip_prefix("file://").unwrap());
        assert_eq!(path, reports.join(name));
        assert!(path.is_file(), "{url}");
    }
    // Its counts are the season page's: as many errors as that page has error rows.
    let row = dom
        .split("<tr class=\"season-row")
        .nth(1)
        .expect("the fa-netflix row");
    assert_eq!(attr_of(row, "data-platform"), Some("netflix"));
    let errors: usize = row
        .split("<td class=\"num count-error\">")
        .nth(1)
        .and_then(|c| c.split('<').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    let page = std::fs::read_to_string(reports.join("fa-netflix.html")).unwrap();
    assert_eq!(
        errors,
        page.matches("<tr class=\"finding sev-error").count()
    );
    assert!(errors > 0, "ep04 has deliberate faults");
}

#[test]
fn translate_report_rows_read_right_to_left_with_their_source_line() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let reports = translated_reports(dir.path());
    let dom = probe(
        &browser,
        &reports.join("fa-netflix.html"),
        "rtl.html",
        "",
        "document.querySelectorAll('tr.finding .said, tr.finding .src').forEach(function(e){\
         var s=getComputedStyle(e);e.setAttribute('data-direction',s.direction);e.setAttribute('data-bidi',s.unicodeBidi);});",
    );
    let said = tags(&dom, "<bdi class=\"said\"");
    let src = tags(&dom, "<bdi class=\"src\"");
    assert!(
        !said.is_empty() && said.len() == src.len(),
        "{} {}",
        said.len(),
        src.len()
    );
    for t in &said {
        assert_eq!(attr_of(t, "data-direction"), Some("rtl"), "{t}");
        assert_eq!(attr_of(t, "data-bidi"), Some("isolate"), "{t}");
    }
    // The Chinese source line reads left to right inside the right-to-left row.
    for t in &src {
        assert_eq!(attr_of(t, "data-direction"), Some("ltr"), "{t}");
    }
    // Every reading-speed row shows its measured value next to the limit, and its text.
    let written = std::fs::read_to_string(reports.join("fa-netflix.html")).unwrap();
    let row = written
        .split("<tr class=\"finding")
        .find(|r| r.contains("data-rule=\"reading-speed\""))
        .expect("a reading-speed row");
    assert!(row.contains(" cps / 17</bdi>"), "{row}");
}

#[test]
fn a_timeline_bar_click_lands_on_its_finding() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let reports = translated_reports(dir.path());
    // The last flagged bar of the page: its row is far below the first screen.
    let dom = probe(
        &browser,
        &reports.join("fa-netflix.html"),
        "click.html",
        "",
        "var links=document.querySelectorAll('a.cue-link');var a=links[links.length-1];var b=document.body;\
         b.setAttribute('data-clicked',a.getAttribute('href'));\
         a.dispatchEvent(new MouseEvent('click',{bubbles:true,cancelable:true,view:window}));\
         setTimeout(function(){var t=document.querySelector(':target');b.setAttribute('data-target',t?t.id:'');\
         b.setAttribute('data-hits',String(document.querySelectorAll('tr.hit').length));\
         if(t){var r=t.getBoundingClientRect();b.setAttribute('data-in-view',String(r.top>=0 && r.bottom<=window.innerHeight));\
         b.setAttribute('data-background',getComputedStyle(t).backgroundColor);}},300);",
    );
    let body = tags(&dom, "<body")[0];
    let clicked = attr_of(body, "data-clicked").unwrap();
    let target = attr_of(body, "data-target").unwrap();
    assert_eq!(format!("#{target}"), clicked, "{body}");
    assert!(
        target.starts_with("f1-c"),
        "a cue of the second episode: {target}"
    );
    assert_eq!(attr_of(body, "data-in-view"), Some("true"), "{body}");
    // Every row of that cue is marked, the target in the highlight colour.
    let cue = target.rsplit("-c").next().unwrap();
    let rows_of_cue = tags(&dom, "<tr class=\"finding")
        .into_iter()
        .filter(|t| attr_of(t, "data-cue") == Some(cue))
        .collect::<Vec<_>>();
    let hits: usize = attr_of(body, "data-hits").unwrap().parse().unwrap();
    assert!(hits >= 1);
    assert!(
        rows_of_cue.len() >= hits,
        "hits only in the clicked episode's section"
    );
    assert_eq!(attr_of(body, "data-background"), Some("rgb(255, 243, 176)"));
}

#[test]
fn the_episode_table_sorts_and_the_filters_hide_what_does_not_match() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let reports = translated_reports(dir.path());
    let page = reports.join("fa-netflix.html");

    // Filters from the address: only reading-speed warnings, in the rows and the episodes.
    let dom = dump_dom(
        &browser,
        &file_url(&page, "?rule=reading-speed&severity=warning"),
    );
    let rows = tags(&dom, "<tr class=\"finding");
    let (shown, hidden): (Vec<&str>, Vec<&str>) = rows.iter().partition(|t| !is_hidden(t));
    assert!(!shown.is_empty() && !hidden.is_empty());
    for t in &shown {
        assert_eq!(attr_of(t, "data-rule"), Some("reading-speed"), "{t}");
        assert_eq!(attr_of(t, "data-severity"), Some("warning"), "{t}");
    }
    for t in &hidden {
        assert!(
            attr_of(t, "data-rule") != Some("reading-speed")
                || attr_of(t, "data-severity") != Some("warning"),
            "{t}"
        );
    }
    for t in tags(&dom, "<tr class=\"episode") {
        let keys = attr_of(t, "data-keys").unwrap_or("");
        let has = keys.split(' ').any(|k| k == "reading-speed:warning");
        assert_eq!(!is_hidden(t), has, "{t}");
    }

    // By episode: the other episode's row and section go.
    let dom = dump_dom(&browser, &file_url(&page, "?episode=ep04"));
    let visible: Vec<&str> = tags(&dom, "<tr class=\"episode")
        .into_iter()
        .chain(tags(&dom, "<section class=\"file"))
        .filter(|t| !is_hidden(t))
        .filter_map(|t| attr_of(t, "data-episode"))
        .collect();
    assert_eq!(visible, vec!["ep04_qc_faults.ttml", "ep04_qc_faults.ttml"]);

    // Sorting: the error column, clicked twice, lists the episodes by errors, most first.
    let dom = probe(
        &browser,
        &page,
        "sort.html",
        "",
        "var th=document.querySelectorAll('table.files thead th')[2];th.click();th.click();",
    );
    let order: Vec<(String, u32)> = dom
        .split("<tr class=\"episode")
        .skip(1)
        .map(|row| {
            let name = attr_of(row, "data-episode").unwrap().to_string();
            let errors = row
                .split("<td class=\"num count-error\">")
                .nth(1)
                .and_then(|c| c.split('<').next())
                .and_then(|n| n.parse().ok())
                .unwrap();
            (name, errors)
        })
        .collect();
    assert_eq!(order.len(), 2);
    assert!(order[0].1 >= order[1].1, "{order:?}");
    assert_eq!(
        order[0].0, "ep04_qc_faults.ttml",
        "the faulty episode first: {order:?}"
    );
    assert!(dom.contains("aria-sort=\"descending\""));
}

/// Added after a page's own content: once laid out, writes what only the browser knows — the
/// computed direction of the page, of each note, date and rendering, and the x position of the
/// first, the next-to-last and the last visible character of each — as JSON in `<pre id="probe">`.
const BIDI_PROBE: &str = r#"<script>window.addEventListener('load',function(){
function x(node,i){var r=document.createRange();r.setStart(node,i);r.setEnd(node,i+1);return r.getBoundingClientRect().left;}
function ends(el){var w=document.createTreeWalker(el,NodeFilter.SHOW_TEXT),first=null,last=null,n;
 while((n=w.nextNode())){if(n.data.trim()){if(!first){first=n;}last=n;}}
 var end=last.data.replace(/\s+$/,'').length-1;
 return [x(first,first.data.search(/\S/)),end>0?x(last,end-1):NaN,x(last,end)];}
function all(sel){var out=[];document.querySelectorAll(sel).forEach(function(e){var p=ends(e);
 out.push({text:e.textContent,dir:getComputedStyle(e).direction,first_x:p[0],prev_x:p[1],last_x:p[2]});});return out;}
var a=document.querySelector('#how a');
var probe={page_dir:getComputedStyle(document.body).direction,lang:document.documentElement.lang,
 how_title:document.querySelector('#how h2').textContent,how:document.querySelector('#how').textContent,
 csv_href:a?a.href:'',notes:all('#terms td > p[dir=auto]'),dates:all('time'),renderings:all('#terms td[dir=auto] > b')};
var pre=document.createElement('pre');pre.id='probe';pre.textContent=JSON.stringify(probe);document.body.appendChild(pre);
});</script></body>"#;

/// One laid-out text the probe measured.
#[derive(Debug, serde::Deserialize)]
struct Measured {
    text: String,
    dir: String,
    first_x: f64,
    /// The character before the last (null when there is none).
    prev_x: Option<f64>,
    last_x: f64,
}

#[derive(Debug, serde::Deserialize)]
struct BidiProbe {
    page_dir: String,
    lang: String,
    how_title: String,
    how: String,
    csv_href: String,
    notes: Vec<Measured>,
    dates: Vec<Measured>,
    renderings: Vec<Measured>,
}

/// The review page of Persian written in `page` language by an operator whose UI is `ui`, loaded with [`BIDI_PROBE`], and the probe's findings.
fn probe_review_page(browser: &Path, dir: &Path, ui: &str, page: &str) -> (PathBuf, BidiProbe) {
    let out_dir = dir.join("review");
    let out = run(subloc()
        .args(["--ui-lang", ui, "glossary", "review", "--lang", "fa"])
        .args(["--page-lang", page, "--episodes"])
        .arg(sample("ep01.srt"))
        .arg("--out")
        .arg(&out_dir));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let html = std::fs::read_to_string(out_dir.join("fa.html")).unwrap();
    assert_eq!(html.matches("</body>").count(), 1);
    let probed = out_dir.join("probed.html");
    std::fs::write(&probed, html.replace("</body>", BIDI_PROBE)).unwrap();
    let dom = dump_dom(browser, &file_url(&probed, ""));
    let json = dom
        .split("<pre id=\"probe\">")
        .nth(1)
        .and_then(|s| s.split("</pre>").next())
        .unwrap_or_else(|| panic!("no probe output in {dom}"))
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    let probe: BidiProbe = serde_json::from_str(&json).unwrap();
    (out_dir, probe)
}

#[test]
fn review_page_for_a_persian_partner_reads_right_to_left_with_latin_text_intact() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    // A Chinese-speaking operator makes a Persian page.
    let (out_dir, p) = probe_review_page(&browser, dir.path(), "zh-CN", "fa");
    assert_eq!((p.page_dir.as_str(), p.lang.as_str()), ("rtl", "fa-IR"));
    assert_eq!(p.how_title, "راهنمای بازبینی این اصطلاح‌ها");
    for word in [
        "approve",
        "reject",
        "correct",
        "corrected_text",
        "CSV UTF-8",
        "fa.csv",
    ] {
        assert!(p.how.contains(word), "instructions name {word}: {}", p.how);
    }
    // The link is the CSV written next to the page.
    let href = p.csv_href.strip_prefix("file://").unwrap();
    assert_eq!(Path::new(href), out_dir.join("fa.csv"));
    assert!(out_dir.join("fa.csv").is_file());
    // English notes keep their own direction: the full stop is right of the word it ends
    // (in a right-to-left paragraph it would land at the left end of the line).
    let english: Vec<&Measured> = p
        .notes
        .iter()
        .filter(|n| n.text.starts_with(|c: char| c.is_ascii_uppercase()) && n.text.ends_with('.'))
        .collect();
    assert!(english.len() > 10, "{:?}", p.notes);
    for n in english {
        assert_eq!(n.dir, "ltr", "{n:?}");
        assert!(
            n.last_x > n.prev_x.unwrap(),
            "the stop is left of its word: {n:?}"
        );
    }
    // Dates read 2026-11-14 from left to right, never 14-11-2026.
    assert!(p.dates.len() > 10, "{:?}", p.dates);
    for d in &p.dates {
        assert_eq!(d.dir, "ltr", "{d:?}");
        assert!(d.first_x < d.last_x, "{d:?}");
    }
    // Persian renderings are right to left.
    assert!(
        p.renderings.iter().all(|r| r.dir == "rtl"),
        "{:?}",
        p.renderings
    );
}

#[test]
fn review_page_language_is_chosen_apart_from_the_ui_language() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    // A Persian-speaking operator makes an English page: left to right, English instructions,
    // and the Persian renderings in it still right to left.
    let (_, p) = probe_review_page(&browser, dir.path(), "fa", "en");
    assert_eq!((p.page_dir.as_str(), p.lang.as_str()), ("ltr", "en-US"));
    assert_eq!(p.how_title, "How to review these terms");
    assert!(p.how.contains("send it back"), "{}", p.how);
    assert!(!p.renderings.is_empty());
    for r in &p.renderings {
        assert_eq!(r.dir, "rtl", "{r:?}");
        assert!(r.first_x > r.last_x, "{r:?}");
    }
}
