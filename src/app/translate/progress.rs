//! Progress bars for `translate` (indicatif): one for the season, one per target language, one
//! for writing the outputs, one for the burned-in videos (`--video`; ffmpeg's `-progress`). Drawn on stderr only when it is a terminal; never with `-q` or
//! `--format json` (the caller does not create them then). The localized labels are made up
//! front, because the observer is called from worker threads and the localizer is not shared
//! across threads.
//!
//! Each bar shows the time elapsed and indicatif's estimate of the time left (from the rate so
//! far), and the translation bars the characters sent against the characters the plan has to
//! send — what a paid backend bills, so a long run shows its spending as it goes.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::sync::{Arc, Mutex};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use subloc::i18n::Localizer;
use subloc::pipeline::{Observer, PipelineEvent};
use subloc::translate::scheduler::Event;

/// Characters sent and planned, for one language or the season.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Chars {
    sent: u64,
    planned: u64,
}

pub struct Bars {
    multi: MultiProgress,
    season: ProgressBar,
    langs: Mutex<HashMap<String, (ProgressBar, Chars)>>,
    writing: Mutex<Option<ProgressBar>>,
    /// The videos' bar (in thousandths of a video) and each video's fraction done.
    video: Mutex<Option<(ProgressBar, Vec<f64>)>>,
    style: ProgressStyle,
    writing_label: String,
    video_label: String,
    interrupted: String,
    abandoned: String,
    rate_limited: String,
    /// `translate-progress-chars` with `{sent}` and `{planned}` left to fill.
    chars_label: String,
}

/// The bar template: label, bar, count, elapsed time, estimated time left (`eta` is the
/// localized word before it), then the message.
fn template(eta: &str) -> String {
    format!(
        "{{prefix:>12}} [{{bar:30}}] {{pos}}/{{len}} {{elapsed_precise}} {} {{eta}} {{msg}}",
        eta.replace(['{', '}'], "")
    )
}

/// `label` (a localized text holding `{sent}` and `{planned}`) filled in; empty before anything
/// is planned to be sent (memory hits and the free pseudo backend send nothing worth showing).
fn chars_message(label: &str, c: Chars) -> String {
    if c.planned == 0 {
        return String::new();
    }
    label
        .replace("{sent}", &c.sent.to_string())
        .replace("{planned}", &c.planned.to_string())
}

impl Bars {
    /// Bars on stderr, or `None` when stderr is not a terminal.
    pub fn new(loc: &Localizer) -> Option<Arc<Bars>> {
        if !std::io::stderr().is_terminal() {
            return None;
        }
        let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(&template(&loc.text("translate-progress-eta")))
            .map(|s| s.progress_chars("=> "))
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        let season = multi.add(ProgressBar::new(0));
        season.set_style(style.clone());
        season.set_prefix(loc.text("translate-progress-season"));
        Some(Arc::new(Bars {
            multi,
            season,
            langs: Mutex::new(HashMap::new()),
            writing: Mutex::new(None),
            video: Mutex::new(None),
            style,
            writing_label: loc.text("translate-progress-writing"),
            video_label: loc.text("translate-progress-video"),
            interrupted: loc.text("translate-interrupted"),
            abandoned: loc.text("translate-abandoned"),
            rate_limited: loc.text("translate-progress-rate-limited"),
            chars_label: loc.msg(
                "translate-progress-chars",
                &[("sent", "{sent}".into()), ("planned", "{planned}".into())],
            ),
        }))
    }

    /// Removes the bars before the summary is printed.
    pub fn clear(&self) {
        if let Ok(langs) = self.langs.lock() {
            for (b, _) in langs.values() {
                b.finish_and_clear();
            }
        }
        if let Ok(w) = self.writing.lock()
            && let Some(b) = w.as_ref()
        {
            b.finish_and_clear();
        }
        if let Ok(v) = self.video.lock()
            && let Some((b, _)) = v.as_ref()
        {
            b.finish_and_clear();
        }
        self.season.finish_and_clear();
        let _ = self.multi.clear();
    }

    fn lang_bar(&self, lang: &str) -> Option<ProgressBar> {
        self.langs.lock().ok()?.get(lang).map(|(b, _)| b.clone())
    }

    /// Adds to the characters of `lang` (planned or sent) and shows them on its bar and, summed
    /// over the languages, on the season's.
    fn count_chars(&self, lang: &str, planned: u64, sent: u64) {
        let Ok(mut langs) = self.langs.lock() else {
            return;
        };
        if let Some((bar, c)) = langs.get_mut(lang) {
            c.planned += planned;
            c.sent += sent;
            bar.set_message(chars_message(&self.chars_label, *c));
        }
        let total = langs.values().fold(Chars::default(), |t, (_, c)| Chars {
            sent: t.sent + c.sent,
            planned: t.planned + c.planned,
        });
        self.season
            .set_message(chars_message(&self.chars_label, total));
    }
}

impl Observer for Bars {
    fn event(&self, event: &PipelineEvent) {
        match event {
            PipelineEvent::Started { languages } => {
                self.season
                    .set_length(languages.iter().map(|(_, n)| n).sum());
                if let Ok(mut langs) = self.langs.lock() {
                    for (lang, n) in languages {
                        let b = self.multi.add(ProgressBar::new(*n));
                        b.set_style(self.style.clone());
                        b.set_prefix(lang.clone());
                        langs.insert(lang.clone(), (b, Chars::default()));
                    }
                }
            }
            PipelineEvent::Translate { lang, event } => {
                let done = match event {
                    Event::Planned(plan) => {
                        self.count_chars(lang, plan.chars, 0);
                        plan.memory_hits
                    }
                    Event::Sent { chars, .. } => {
                        self.count_chars(lang, 0, *chars);
                        0
                    }
                    Event::Translated { segments } | Event::Failed { segments } => *segments as u64,
                    Event::RateLimited { .. } => {
                        if let Some(b) = self.lang_bar(lang) {
                            b.set_message(self.rate_limited.clone());
                        }
                        0
                    }
                    Event::Retrying { .. } => 0,
                };
                if done > 0 {
                    self.season.inc(done);
                    if let Some(b) = self.lang_bar(lang) {
                        b.inc(done);
                    }
                    // Back from "rate limited" to the characters.
                    self.count_chars(lang, 0, 0);
                }
            }
            PipelineEvent::Translated { lang } => {
                if let Some(b) = self.lang_bar(lang) {
                    b.finish();
                }
            }
            PipelineEvent::Delivering { total } => {
                let b = self.multi.add(ProgressBar::new(*total));
                b.set_style(self.style.clone());
                b.set_prefix(self.writing_label.clone());
                if let Ok(mut w) = self.writing.lock() {
                    *w = Some(b);
                }
            }
            PipelineEvent::Delivered { .. } => {
                if let Ok(w) = self.writing.lock()
                    && let Some(b) = w.as_ref()
                {
                    b.inc(1);
                }
            }
            PipelineEvent::Rendering { total } => {
                let b = self.multi.add(ProgressBar::new(total * 1000));
                b.set_style(self.style.clone());
                b.set_prefix(self.video_label.clone());
                if let Ok(mut v) = self.video.lock() {
                    *v = Some((b, vec![0.0; *total as usize]));
                }
            }
            PipelineEvent::Rendered { index, fraction } => {
                if let Ok(mut v) = self.video.lock()
                    && let Some((b, done)) = v.as_mut()
                {
                    if let Some(d) = done.get_mut(*index) {
                        *d = *fraction;
                    }
                    b.set_position((done.iter().sum::<f64>() * 1000.0) as u64);
                }
            }
            PipelineEvent::Interrupted { abandon } => {
                self.season.set_message(if *abandon {
                    self.abandoned.clone()
                } else {
                    self.interrupted.clone()
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_show_elapsed_time_an_estimate_and_characters() {
        let t = template("ETA");
        assert!(
            t.contains("{elapsed_precise}") && t.contains("ETA {eta}"),
            "{t}"
        );
        assert!(ProgressStyle::with_template(&t).is_ok());
        // A translation that puts braces in the word cannot break the template.
        assert!(ProgressStyle::with_template(&template("{x}")).is_ok());
        for (tag, _) in subloc::i18n::LOCALES {
            let loc = Localizer::for_lang(&tag.parse().unwrap());
            assert!(
                ProgressStyle::with_template(&template(&loc.text("translate-progress-eta")))
                    .is_ok()
            );
            let label = loc.msg(
                "translate-progress-chars",
                &[("sent", "{sent}".into()), ("planned", "{planned}".into())],
            );
            let shown = chars_message(
                &label,
                Chars {
                    sent: 1200,
                    planned: 5000,
                },
            );
            assert!(
                shown.contains("1200") && shown.contains("5000"),
                "{tag}: {shown}"
            );
        }
        assert_eq!(chars_message("{sent}/{planned}", Chars::default()), "");
    }
}
