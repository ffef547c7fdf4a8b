//! The translation engine end to end on a real episode (segments → pseudo backend → restore), the
//! `command` backend against small shell programs, and the memory shared by two processes.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use subloc::format::{ReadOptions, read_file};
use subloc::model::{CueKind, Inline};
use subloc::translate::command::{CommandBackend, CommandConfig};
use subloc::translate::memory::{KeyContext, MemoryStore, SqliteMemory};
use subloc::translate::pseudo::Pseudo;
use subloc::translate::scheduler::{RunConfig, Scheduler, SegmentOutcome};
use subloc::translate::segment::{SegmentOptions, restore, segment_track};
use subloc::translate::{
    Backend, BackendError, BackendIdentity, BatchRequest, Segment, SegmentContext,
};

fn sample(name: &str) -> PathBuf {
    crate::cli_support::sample(name)
}

fn tags(inlines: &[Inline]) -> Vec<String> {
    inlines
        .iter()
        .filter_map(|i| match i {
            Inline::Tag(t) => Some(t.raw.clone()),
            Inline::Drawing(d) => Some(d.to_string()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn an_ass_episode_round_trips_through_pseudo_persian_with_markup_intact() {
    let loaded = read_file(&sample("ep01.ass"), &ReadOptions::default()).unwrap();
    let track = loaded.track;
    let prepared = segment_track(&track, &SegmentOptions::new("ep01"), None);
    let dialogue = track
        .cues
        .iter()
        .filter(|c| c.kind() != CueKind::Comment && !c.text.is_empty_text())
        .count();
    assert_eq!(prepared.len(), dialogue);
    assert!(prepared.iter().all(|p| p.segment.id.starts_with("ep01#")));

    let segments: Vec<Segment> = prepared.iter().map(|p| p.segment.clone()).collect();
    let memory: Arc<dyn MemoryStore> = Arc::new(SqliteMemory::open_in_memory().unwrap());
    let sched = Scheduler::new(Arc::new(Pseudo)).with_memory(memory);
    let result = sched
        .run(&RunConfig::new("zh-Hans", "fa"), &segments)
        .await
        .unwrap();
    assert_eq!(result.stats.failed, 0);
    for (p, outcome) in prepared.iter().zip(&result.outcomes) {
        let SegmentOutcome::Translated { text, .. } = outcome else {
            panic!("{} not translated: {outcome:?}", p.segment.id);
        };
        let rich = restore(text, &p.mask).unwrap();
        let original = &track.cues[p.cue_index].text;
        // Every tag and drawing comes back, in order, byte for byte.
        assert_eq!(
            tags(&rich.inlines()),
            tags(&original.inlines()),
            "{}",
            p.segment.id
        );
        let plain = rich.to_plain();
        assert!(
            plain
                .chars()
                .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
            "{}: {plain}",
            p.segment.id
        );
        assert!(
            !plain
                .chars()
                .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)),
            "{}: {plain}",
            p.segment.id
        );
    }
    // The italic cue with a \N: tags kept at the edges, the break joined for the fitter — with no
    // space between Chinese characters, so it shares a memory entry with its one-line form.
    let italic = prepared
        .iter()
        .find(|p| p.segment.text.starts_with("一块波斯的砖"))
        .unwrap();
    assert_eq!(italic.segment.text, "一块波斯的砖为什么会刻着我们的姓？");
    assert!(italic.mask.joined_breaks);
}

fn script(dir: &Path, name: &str, body: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, body).unwrap();
    path.display().to_string()
}

fn request() -> BatchRequest {
    BatchRequest {
        source_lang: "zh-Hans".into(),
        target_lang: "en".into(),
        segments: vec![Segment {
            id: "ep01#1".into(),
            text: "你好<x id=\"1\"/>".into(),
            context: SegmentContext {
                speaker: Some("林晓".into()),
                ..SegmentContext::default()
            },
        }],
        synopsis: Some("A glaze workshop.".into()),
        glossary_id: None,
    }
}

fn command(program: &str, args: &[&str]) -> CommandBackend {
    let mut cfg = CommandConfig::new(program, args.iter().map(|s| s.to_string()).collect());
    cfg.limits.timeout = Duration::from_secs(2);
    CommandBackend::new(cfg)
}

#[cfg(unix)]
#[tokio::test]
async fn command_backend_speaks_json_over_stdio_without_a_shell_string() {
    let dir = tempfile::tempdir().unwrap();
    let ok = script(
        dir.path(),
        "ok.sh",
        "cat > \"$1\"\nprintf '%s' '{\"translations\":{\"ep01#1\":\"Hello<x id=\\\"1\\\"/>\"},\"billed_chars\":7}'\n",
    );
    // The argument with a space and a quote reaches the program as one argument, unexpanded.
    let odd = dir.path().join("in put's.json");
    let backend = command("sh", &[&ok, odd.to_str().unwrap()]);
    let reply = backend.translate(&request()).await.unwrap();
    assert_eq!(
        reply.translations,
        [("ep01#1".to_string(), "Hello<x id=\"1\"/>".to_string())]
    );
    assert_eq!(reply.billed_chars, 7);
    let input: serde_json::Value = serde_json::from_slice(&std::fs::read(&odd).unwrap()).unwrap();
    assert_eq!(input["protocol"], "subloc-command/1");
    assert_eq!(input["target_lang"], "en");
    assert_eq!(input["segments"][0]["id"], "ep01#1");
    assert_eq!(input["segments"][0]["context"]["speaker"], "林晓");
    assert_eq!(input["synopsis"], "A glaze workshop.");
    assert_eq!(backend.identity().kind, "command");
    assert_eq!(backend.identity().model.as_deref(), Some("sh"));
}

#[cfg(unix)]
#[tokio::test]
async fn command_backend_maps_failures() {
    let dir = tempfile::tempdir().unwrap();
    let crash = script(
        dir.path(),
        "crash.sh",
        "cat >/dev/null\necho 'model file missing' >&2\nexit 3\n",
    );
    match command("sh", &[&crash]).translate(&request()).await {
        Err(BackendError::Fatal(m)) => assert!(m.contains("model file missing"), "{m}"),
        other => panic!("{other:?}"),
    }
    let limited = script(
        dir.path(),
        "limited.sh",
        "cat >/dev/null\nprintf '%s' '{\"error\":{\"kind\":\"rate_limited\",\"retry_after_ms\":1500}}'\n",
    );
    assert_eq!(
        command("sh", &[&limited]).translate(&request()).await,
        Err(BackendError::RateLimited {
            retry_after: Some(Duration::from_millis(1500))
        })
    );
    let garbage = script(dir.path(), "garbage.sh", "echo 'not json'\n");
    assert!(matches!(
        command("sh", &[&garbage]).translate(&request()).await,
        Err(BackendError::Malformed(_))
    ));
    let slow = script(dir.path(), "slow.sh", "sleep 30\n");
    let started = std::time::Instant::now();
    assert_eq!(
        command("sh", &[&slow]).translate(&request()).await,
        Err(BackendError::Timeout)
    );
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(matches!(
        command("/nonexistent/translator", &[])
            .translate(&request())
            .await,
        Err(BackendError::Fatal(_))
    ));
}

const CHILD_ENV: &str = "SUBLOC_TM_CHILD";

/// Runs only as a child of `two_processes_share_one_memory_file` (the env var names the file and
/// the writer): a no-op in a normal test run.
#[test]
fn memory_child_writer() {
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        return;
    };
    let (who, path) = spec.split_once('|').unwrap();
    let m = SqliteMemory::open(Path::new(path)).unwrap();
    let ctx = KeyContext {
        source_lang: "zh".into(),
        target_lang: "en".into(),
        identity: BackendIdentity::new("pseudo"),
        glossary_version: String::new(),
    };
    for i in 0..300 {
        m.put(&ctx.entry(&format!("{who}-{i}"), "t", 1)).unwrap();
    }
}

#[test]
fn two_processes_share_one_memory_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tm.sqlite");
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = ["a", "b"]
        .iter()
        .map(|who| {
            std::process::Command::new(&exe)
                .args([
                    "--exact",
                    "translate_engine::memory_child_writer",
                    "--test-threads=1",
                ])
                .env(CHILD_ENV, format!("{who}|{}", path.display()))
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        // libtest prints a failing child's panic on stdout: show it here.
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    let m = SqliteMemory::open(&path).unwrap();
    assert_eq!(m.stats().unwrap().entries, 600);
}

#[tokio::test]
async fn glossary_terms_are_fixed_through_translation() {
    let text = std::fs::read_to_string(crate::cli_support::series_glossary()).unwrap();
    let glossary = subloc::glossary::load(&text).unwrap();
    let terms = subloc::translate::segment::TermSet::from_glossary(&glossary, "fa");
    let loaded = read_file(&sample("ep01.ass"), &ReadOptions::default()).unwrap();
    let prepared = segment_track(&loaded.track, &SegmentOptions::new("ep01"), Some(&terms));
    let fixed: Vec<_> = prepared
        .iter()
        .filter(|p| p.segment.text.contains("<g id="))
        .collect();
    assert!(!fixed.is_empty());
    let segments: Vec<Segment> = prepared.iter().map(|p| p.segment.clone()).collect();
    let mut cfg = RunConfig::new("zh-Hans", "fa");
    cfg.glossary_version = terms.version.clone();
    let result = Scheduler::new(Arc::new(Pseudo))
        .run(&cfg, &segments)
        .await
        .unwrap();
    for p in fixed {
        let i = prepared
            .iter()
            .position(|q| q.segment.id == p.segment.id)
            .unwrap();
        let out = result.outcomes[i].text().unwrap();
        let restored = restore(out, &p.mask).unwrap().to_plain();
        // Each fixed term's approved Persian rendering is in the restored line.
        for hint in p
            .segment
            .context
            .terms
            .iter()
            .filter(|h| h.target.is_some())
        {
            let rendering = hint.target.as_deref().unwrap();
            if p.segment.text.contains(&format!(">{rendering}</g>")) {
                assert!(restored.contains(rendering), "{}: {restored}", p.segment.id);
            }
        }
    }
}
