#!/usr/bin/env python3
"""Turns the measurements `bench/run` left in its work folder into the README's Markdown.

  report.py WORK_DIR > results.md

Reads io.txt (`cargo bench --bench io` output), convert-*.json / check-*.json / season.json
(bench/timeit.py), translate.json (bench/translate.py), uptime-start.txt / uptime-end.txt, and
the machine from /proc. A measurement that is missing (a step skipped or failed) is reported as
missing, never guessed. Standard library only.
"""
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import textwrap

W = sys.argv[1] if len(sys.argv) > 1 else "."


def load(name):
    try:
        with open(os.path.join(W, name), encoding="utf-8") as fh:
            return json.load(fh) if name.endswith(".json") else fh.read()
    except (OSError, ValueError):
        return None


def cmd(args):
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine():
    model, mem_kb = "unknown CPU", 0
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        for line in open("/proc/meminfo", encoding="utf-8"):
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    return {
        "nproc": cmd(["nproc"]) or str(os.cpu_count()),
        "cpu": model,
        "mem_gib": mem_kb / 1024 / 1024,
        "kernel": platform.release(),
        "rustc": cmd(["rustc", "-V"]),
    }


def loadavg(text):
    m = re.search(r"load average:\s*([\d.]+),\s*([\d.]+),\s*([\d.]+)", text or "")
    return "%s / %s / %s" % m.groups() if m else "unknown"


def yes(ok):
    return "**met**" if ok else "**not met**"


def f(v, fmt="%.0f", none="—"):
    return none if v is None else fmt % v


def io_rows(text):
    """{'srt': {...}, 'ass': {...}} from the io bench's Markdown table."""
    rows = {}
    for line in (text or "").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 7 and cells[0].lower() in ("srt", "ass"):
            try:
                rows[cells[0].lower()] = {
                    "mb": float(cells[1]), "cues": int(cells[2]), "read": float(cells[3]),
                    "write": float(cells[4]), "write_regen": float(cells[5]),
                    "peak": float(cells[6].rstrip("×x")),
                }
            except ValueError:
                pass
    return rows


def estimate_rows(text):
    """The rows of the io bench's memory-estimate table, as printed."""
    lines = (text or "").splitlines()
    try:
        at = next(i for i, l in enumerate(lines) if l.startswith("Memory estimate"))
    except StopIteration:
        return []
    return [l for l in lines[at + 1:] if l.startswith("| ") and not l.startswith("| file ")]


def srtlib_ratio(text):
    """(subloc MB/s, srtlib MB/s, ratio) from the io bench's "SRT read vs srtlib" line, or None."""
    m = re.search(r"SRT read vs srtlib.*?subloc ([\d.]+) MB/s, srtlib ([\d.]+) MB/s, ratio ([\d.]+)×",
                  text or "")
    return tuple(float(g) for g in m.groups()) if m else None


def figures(prefix):
    """The headline figures of one build's measurements (`prefix` "" for this commit, "base/" for
    the base commit bench/run measured in the same run), as (name, value, unit, higher_is_better)."""
    rows = []
    io = io_rows(load(prefix + "io.txt"))
    versus = srtlib_ratio(load(prefix + "io.txt"))
    for fmt in ("srt", "ass"):
        r = io.get(fmt) or {}
        rows.append(("parse %s" % fmt.upper(), r.get("read"), "MB/s", True))
        if fmt == "srt":
            rows.append(("parse SRT ÷ srtlib (same process)", versus[2] if versus else None, "×", True))
        rows.append(("parse %s peak memory" % fmt.upper(), r.get("peak"), "× file", False))
        rows.append(("write %s untouched" % fmt.upper(), r.get("write"), "MB/s", True))
        rows.append(("write %s regenerated" % fmt.upper(), r.get("write_regen"), "MB/s", True))
    for op, label in (("convert", "convert %s → WebVTT"), ("convert-own", "convert %s → %s"),
                      ("check", "check %s")):
        for fmt in ("srt", "ass"):
            t = load("%s%s-%s.json" % (prefix, op, fmt)) or {}
            name = label % ((fmt.upper(),) * label.count("%s"))
            rows.append((name, t.get("mb_per_s"), "MB/s", True))
            rss = t.get("median_max_rss_kb")
            rows.append((name + ", peak memory",
                         rss * 1024 / t["bytes"] if rss and t.get("bytes") else None, "× file", False))
    s = load(prefix + "season.json") or {}
    rows.append(("check a season", s["median_wall_s"] * 1000 if s.get("median_wall_s") else None, "ms", False))
    i16 = (load(prefix + "translate.json") or {}).get("issue16") or {}
    med = lambda xs: sorted(x for x in xs if x is not None)[len([x for x in xs if x is not None]) // 2] \
        if any(x is not None for x in xs or []) else None
    rows.append(("DeepL share of what the bucket granted (median round)",
                 100 * med(i16.get("deepl_bucket_share") or []) if med(i16.get("deepl_bucket_share") or []) is not None else None,
                 "%", True))
    rows.append(("DeepL HTTP 429 (worst round)", max(i16["deepl_429"]) if i16.get("deepl_429") else None, "", False))
    rows.append(("LLM share of what the bucket granted (median round)",
                 100 * med(i16.get("openai_bucket_share") or []) if med(i16.get("openai_bucket_share") or []) is not None else None,
                 "%", True))
    rows.append(("LLM prompt characters ÷ unique (highest round)",
                 max(x or 0 for x in i16["openai_prompt_per_unique_char"]) if i16.get("openai_prompt_per_unique_char") else None,
                 "×", False))
    return rows


def side_by_side(p):
    """The comparison with the base commit, when bench/run measured one (`base/`)."""
    base_rev = (load("base-commit.txt") or "").strip()
    if not base_rev:
        return
    now, before = figures(""), {r[0]: r for r in figures("base/")}
    p("**Side by side with the base commit %s** (built from `git archive` and measured by the same "
      "`bench/run` on the same files and the same mock: the end-to-end timings alternate run by run "
      "between the two builds, the in-process benches and the translation runs follow each other; "
      "`—` where that commit's bench does not measure it). The change is this commit's figure over "
      "the base's: above 1 is better for rates and shares, below 1 for times, memory and 429s." % base_rev)
    p("")
    p("| measure | base %s | this commit | change |" % base_rev)
    p("|---|---:|---:|---:|")
    for name, value, unit, higher in now:
        old = before.get(name, (name, None, unit, higher))[1]
        fmt = "%.2f" if unit in ("×", "× file") else "%.1f" if unit == "%" else "%.0f"
        show = lambda v: "—" if v is None else (fmt % v) + ("" if not unit else (" " + unit if unit not in ("%",) else " %"))
        change = "%.2f" % (value / old) if value is not None and old else "—"
        p("| %s | %s | %s | %s |" % (name, show(old), show(value), change))
    p("")


def main():
    out = []
    p = out.append
    m = machine()
    start, end = load("uptime-start.txt"), load("uptime-end.txt")
    commit = cmd(["git", "-C", os.path.dirname(os.path.abspath(__file__)), "rev-parse", "--short", "HEAD"])
    dirty = cmd(["git", "-C", os.path.dirname(os.path.abspath(__file__)), "status", "--porcelain", "--", "src"])
    date = (load("date.txt") or datetime.datetime.now().strftime("%Y-%m-%d %H:%M")).strip()
    runs_big = (load("runs.txt") or "3").strip()
    episodes = int((load("episodes.txt") or "100").strip() or 100)
    p("Measured %s by `bench/run` (commit %s%s), release build." % (
        date, commit or "?", ", with uncommitted changes in src/" if dirty else ""))
    p("")
    p("Machine: %s × %s, %.1f GiB RAM, Linux %s, %s. Load average (1/5/15 min) %s at the start, "
      "%s at the end: the 2 cores are shared with other work, so single numbers are noisy — every "
      "figure below is a median." % (m["nproc"], m["cpu"], m["mem_gib"], m["kernel"], m["rustc"],
                                      loadavg(start), loadavg(end)))
    p("")
    targets = []
    targets16 = []

    # ------------------------------------------------------------------ 50 MB files
    io = io_rows(load("io.txt"))
    p("**50 MB files** (`gen_corpus.py --episodes 0 --big-mb 50`: Simplified-Chinese dialogue, "
      "MB = 10⁶ bytes). Parse and write: `cargo bench --bench io` in-process, median of 5. "
      "Convert and check: the `subloc` binary end to end, pinned to one core (`taskset -c 0`), "
      "median of %s runs; MB/s is the input size over the wall time; memory is the process's peak "
      "resident set." % runs_big)
    p("")
    p("| operation | file | MB | median time | MB/s | peak memory | target |")
    p("|---|---|---:|---:|---:|---:|---|")
    versus = srtlib_ratio(load("io.txt"))
    for fmt in ("srt", "ass"):
        r = io.get(fmt)
        if r:
            if fmt == "srt":
                # Issue 16: SRT read ≥ 1.5× srtlib built into the same bench binary (one process).
                ok = versus is not None and versus[2] >= 1.5
                shown = ("%.2f× srtlib (srtlib %.0f MB/s)" % (versus[2], versus[1])
                         if versus else "srtlib ratio missing")
                targets.append(("parse SRT ≥ 1.5× srtlib, same process", ok, shown))
                target = "≥ 1.5× srtlib: %s (%s)" % (yes(ok), shown)
            else:
                ok = r["read"] >= 400
                targets.append(("parse ASS ≥ 400 MB/s", ok, "%.0f MB/s" % r["read"]))
                target = "≥ 400 MB/s: %s" % yes(ok)
            p("| parse (decode + parse) | %s | %.1f | %.3f s | %.0f | %.2f× file | %s |" % (
                fmt.upper(), r["mb"], r["mb"] / r["read"], r["read"], r["peak"], target))
            peak_ok = r["peak"] <= 2.0
            targets.append(("parse %s peak memory ≤ 2× file" % fmt.upper(), peak_ok, "%.2f×" % r["peak"]))
        else:
            p("| parse | %s | — | — | missing | — | — |" % fmt.upper())
    for fmt in ("srt", "ass"):
        r = io.get(fmt)
        if r:
            ok = min(r["write"], r["write_regen"]) >= 400
            targets.append(("write %s ≥ 400 MB/s" % fmt.upper(), ok,
                            "%.0f untouched / %.0f regenerated MB/s" % (r["write"], r["write_regen"])))
            p("| write (untouched / every cue regenerated) | %s | %.1f | %.3f / %.3f s | %.0f / %.0f | — | ≥ 400 MB/s: %s |" % (
                fmt.upper(), r["mb"], r["mb"] / r["write"], r["mb"] / r["write_regen"], r["write"],
                r["write_regen"], yes(ok)))
    for op, label in (("convert", "convert → WebVTT"), ("convert-own", "convert → same format"),
                      ("check", "check `--platform generic --format json`")):
        for fmt in ("srt", "ass"):
            t = load("%s-%s.json" % (op, fmt))
            if not t:
                p("| %s | %s | — | — | missing (see the run log) | — | — |" % (label, fmt.upper()))
                continue
            mb = t["bytes"] / 1e6
            rss = t["median_max_rss_kb"] * 1024
            target = "—"
            if op == "convert-own":
                want = 300 if fmt == "srt" else 250
                ok = t["mb_per_s"] >= want
                target = "≥ %d MB/s on one core: %s" % (want, yes(ok))
                targets.append(("convert %s→%s ≥ %d MB/s end to end on one core" % (
                    fmt.upper(), fmt.upper(), want), ok, "%.0f MB/s" % t["mb_per_s"]))
            if op == "check":
                ok = t["mb_per_s"] >= 200
                target = "≥ 200 MB/s on one core: %s" % yes(ok)
                targets.append(("check %s ≥ 200 MB/s end to end on one core" % fmt.upper(), ok,
                                "%.0f MB/s" % t["mb_per_s"]))
            p("| %s | %s | %.1f | %.2f s (CPU %.2f s) | %.0f | %.0f MB (%.1f× file) | %s |" % (
                label, fmt.upper(), mb, t["median_wall_s"], t["median_cpu_s"], t["mb_per_s"],
                rss / 1e6, rss / t["bytes"], target))
    p("")

    # ------------------------------------------------------------------ memory estimate
    est = estimate_rows(load("io.txt"))
    if est:
        p("**Memory estimate** (issue 16: refuse a file whose model would not fit, never abort): "
          "`cargo bench --bench io` sets `format::estimate_model` beside the measured cost of "
          "reading (the child process's peak) plus the written output, on generated files made to "
          "cost the most per item.")
        p("")
        p("| file | MB | items (cues, tags) | estimate | read peak + output | estimate covers it |")
        p("|---|---:|---:|---:|---:|---|")
        for row in est:
            p(row)
        ok = all("| yes" in row for row in est)
        targets.append(("memory estimate covers the costliest files", ok,
                        "%d of %d" % (sum("| yes" in row for row in est), len(est))))
        p("")

    # ------------------------------------------------------------------ season check
    s = load("season.json")
    p("**`check` on a season**: `subloc check srt/*.srt --platform netflix --lang zh-Hans "
      "--format json` over `gen_corpus.py --episodes %d --cues 80` (%d files, %d cues), one "
      "invocation, both cores, median of %d after one warm-up run." % (
          episodes, episodes, episodes * 80, len(s["runs"]) if s else 0))
    p("")
    p("| files | median wall | min – max | CPU time | peak memory | target |")
    p("|---:|---:|---:|---:|---:|---|")
    if s:
        ms = s["median_wall_s"] * 1000
        ok = ms < 100
        targets.append(("check %d episodes < 100 ms" % episodes, ok, "%.0f ms" % ms))
        p("| %d | %.0f ms | %.0f – %.0f ms | %.0f ms | %.0f MB | < 100 ms: %s |" % (
            episodes, ms, s["min_wall_s"] * 1000, s["max_wall_s"] * 1000, s["median_cpu_s"] * 1000,
            s["median_max_rss_kb"] * 1024 / 1e6, yes(ok)))
    else:
        p("| 100 | missing (see the run log) | | | | |")
    p("")

    # ------------------------------------------------------------------ fitting in pixels
    fit = load("fit.txt")
    rows = [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in (fit or "").splitlines() if line.startswith("|")]
    rows = [r for r in rows if len(r) == 6 and r[0] not in ("language",) and not r[0].startswith("-")]
    p("**Fitting in pixels** (`cargo bench --bench fit`): the fitting pass `translate` runs on every "
      "output, over 100 episodes × 80 cues on `reelshort`, one thread, median of alternating runs "
      "with and without measuring lines with the real font (rustybuzz, Noto).")
    p("")
    p("| language | font | characters only | with pixel layout | added | font loading (once) | target |")
    p("|---|---|---:|---:|---:|---:|---|")
    if rows:
        for r in rows:
            m = re.match(r"\+?(-?[\d.]+)\s*%", r[4])
            ok = m is not None and float(m.group(1)) <= 25
            targets.append(("fitting with pixel layout ≤ 25 %% added (%s)" % r[0], ok, r[4]))
            p("| %s | ≤ 25 %% added: %s |" % (" | ".join(r), yes(ok)))
    else:
        p("| missing (see the run log) | | | | | | |")
    p("")

    # ------------------------------------------------------------------ translation
    tr = load("translate.json")
    if tr:
        c = tr.get("corpus") or {}
        p("**Translation** against `../shared/bench/mock_backend.py %s` (DeepL v2 and OpenAI chat "
          "completions dialects): `subloc translate` of the %d × 80-cue season (%s cues, %s distinct "
          "cue texts, %s unique source characters as `analyze_log.py --corpus` counts them) to `%s` "
          "for `%s`; `subloc.yaml` gives both backends the mock's limits (`requests-per-second: 10`, "
          "%s`concurrency: 8`). Each run is one invocation; the second of each pair re-runs the same "
          "command on the translation memory the first filled. %s" % (
              " ".join(tr.get("mock_args", [])), episodes, f(c.get("cues"), "%d"),
              f(c.get("corpus_unique_cues"), "%d"), f(c.get("corpus_unique_chars"), "%d"),
              tr.get("lang"), tr.get("platform"),
              "`burst: 10`, " if "burst:" in (tr.get("config") or "") else "",
              "The four runs were repeated %d times on fresh memories; each row is the median round by "
              "share of the rate limit, with the range over the rounds." % len(
                  {r.get("round", 1) for r in tr.get("runs", [])}) if len(
                  {r.get("round", 1) for r in tr.get("runs", [])}) > 1 else ""))
        p("")
        p("| run | requests | HTTP 429 | chars sent ÷ unique | billed ÷ unique | prompt chars ÷ unique | "
          "segments / request | ok req/s (share of 10/s) | share of what the bucket granted | wall | "
          "segments translated / from memory / failed | exit |")
        p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        llm_note = []
        # Rounds (`deepl-1`, `deepl-1#2`, …): one row per run label, from the median round by the
        # share of the rate limit, with the range over the rounds.
        groups = {}
        for r in tr.get("runs", []):
            groups.setdefault(r["label"].split("#")[0], []).append(r)
        picked = []
        for label, rs in groups.items():
            rs = sorted(rs, key=lambda r: (r.get("mock") or {}).get("vs_limit") or 0)
            r = dict(rs[len(rs) // 2], label=label)
            shares = [(x.get("mock") or {}).get("vs_limit") for x in rs]
            utils = [(x.get("mock") or {}).get("limit_utilisation") for x in rs]
            r["rounds"] = len(rs)
            r["share_range"] = [v for v in shares if v is not None]
            r["util_range"] = [v for v in utils if v is not None]
            picked.append(r)
        rounds = max((r["rounds"] for r in picked), default=1)

        def span(vals):
            return " (%d–%d %% over %d rounds)" % (100 * min(vals), 100 * max(vals), len(vals)) if len(vals) > 1 else ""

        for r in picked:
            mk = r.get("mock") or {}
            sl = r.get("subloc") or {}
            reqs = mk.get("requests", 0)
            seg = sl.get("segments")
            hits = sl.get("memory_hits")
            failed = sl.get("failed_segments")
            translated = "%s / %s / %s" % (f(seg, "%d"), f(hits, "%d"), f(failed, "%d")) if sl else \
                "— (%s)" % (r.get("error") or "no summary")[:200].replace("|", "\\|").replace("\n", " ")
            llm = r["label"].startswith("openai")
            if reqs:
                share = "%.2f (%.0f %%)%s" % (mk.get("achieved_rps", 0), 100 * (mk.get("vs_limit") or 0),
                                              span(r["share_range"]))
                util = "%.0f %%%s" % (100 * (mk.get("limit_utilisation") or 0), span(r["util_range"]))
                sent = "%.3f" % mk.get("sent_per_unique_char", 0)
                billed = "%.3f" % mk.get("billed_per_unique_char", 0)
                if llm and sl.get("chars_sent") is not None and c.get("corpus_unique_chars"):
                    # The mock counts every string of the JSON prompt as a text, the context lines
                    # included; subloc's own counter has the segment texts only (see the note).
                    sent = "%.3f ¹" % (sl["chars_sent"] / c["corpus_unique_chars"])
                    billed = "%.3f ¹" % (sl["billed_chars"] / c["corpus_unique_chars"])
                    llm_note.append((r["label"], mk.get("sent_per_unique_char", 0), sl))
                p("| %s | %d | %d | %s | %s | %s | %.1f | %s | %s | %.2f s | %s | %d |" % (
                    r["label"], reqs, mk.get("http_429", 0), sent, billed,
                    "%.2f" % mk.get("prompt_per_unique_char", 0) if llm else "— (MT)",
                    mk.get("segments_per_request", 0), share, util, r["wall_s"], translated, r["exit"]))
            else:
                p("| %s | **0** | 0 | 0 | 0 | %s | — | — | — | %.2f s | %s | %d |" % (
                    r["label"], "0" if llm else "— (MT)", r["wall_s"], translated, r["exit"]))
        p("")
        p("Chars sent ÷ unique and billed ÷ unique are the segment texts a run sent (429-rejected "
          "requests included) and had answered, over the distinct cue texts of the corpus. Prompt "
          "chars are every character of the chat messages. The first share of the rate limit is ok "
          "requests per second of the run's wall time ÷ 10; the second divides by what the mock's "
          "token bucket could grant (its initial burst of 10 plus 10 per second). %s" % (
              "With `burst: 10` subloc's pacer uses the whole bucket (less a one-off quarter "
              "interval for network jitter) and then one request per interval; what the share "
              "still misses is the last request's 200 ms reply, counted in the wall time. On a run "
              "of a few seconds (the LLM runs: large batches, few requests) that tail weighs more."
              if "burst:" in (tr.get("config") or "") else
              "Without `burst` in `subloc.yaml` subloc's pacer starts with a burst of half a "
              "second's quota (5) and keeps the other half of the provider's bucket for network "
              "jitter, so on a run of a few seconds (the LLM runs: large batches, few requests) "
              "the second share stays below 90 % by construction."))
        for r in picked:
            mk = r.get("mock") or {}
            uniq = c.get("corpus_unique_chars") or 0
            if r["label"].startswith("deepl") and mk.get("sent_chars") and uniq:
                ph = mk.get("placeholder_chars", 0)
                p("")
                p("%s sent %d characters for %d unique source characters: %d of them are placeholder "
                  "markup (`<x id=\"N\"/>` for markup inside a line, which the corpus count strips) and "
                  "%d are %s; %d characters were texts already sent earlier in the run "
                  "(`dup_chars`: 0 means no identical segment was paid twice), and %d were sent but "
                  "not billed (the mock, as DeepL, bills no tag characters; characters of rejected "
                  "requests count here too: %d × 429)." % (
                      r["label"], mk["sent_chars"], uniq, ph, mk["sent_chars"] - ph - uniq,
                      "cues whose words repeat elsewhere with different inline markup, sent as distinct "
                      "segments" if mk["sent_chars"] - ph - uniq >= 0 else
                      "the difference to the corpus count, which joins a cue's lines with a newline "
                      "where subloc joins Chinese lines without one (so one text broken at different "
                      "places in two cues is one segment)",
                      mk.get("dup_chars", 0), mk.get("wasted_chars", 0), mk.get("http_429", 0)))
        for label, mock_sent, sl in llm_note:
            p("")
            same = [(r.get("subloc") or {}).get("chars_sent") == (r.get("mock") or {}).get("sent_chars")
                    for r in tr.get("runs", []) if r["label"].startswith("deepl") and r.get("mock")]
            p("¹ %s: subloc's own counter (`chars_sent` %s, `billed_chars` %s in its `--format json` "
              "summary; it counts segment texts without their placeholder tags, the rule of subloc's "
              "estimate and of DeepL's billing, so for DeepL it %s the mock's `sent_chars`, which "
              "includes the tags). The mock finds the texts of an "
              "LLM request by parsing the JSON in the user message and counts every string in it, so "
              "the `before`/`after` context lines subloc sends beside each segment count as texts "
              "there: %.3f per unique character by the mock's count. %s distinct segments of %s were "
              "sent; %s repeats were not sent again (de-duplicated across the season)." % (
                  label, f(sl.get("chars_sent"), "%d"), f(sl.get("billed_chars"), "%d"),
                  "equals" if same and all(same) else "is below", mock_sent,
                  f(sl.get("distinct"), "%d"), f(sl.get("segments"), "%d"), f(sl.get("deduplicated"), "%d")))
        p("")
        by = {r["label"]: r for r in picked}
        d1, d2, o1, o2 = (by.get(k) or {} for k in ("deepl-1", "deepl-2", "openai-1", "openai-2"))
        uniq = c.get("corpus_unique_chars") or 0
        # "Every distinct segment paid once": characters sent over the characters of the distinct
        # texts sent. The corpus count (the table's columns) differs from the texts as sent: it
        # joins a cue's lines with a newline (subloc joins Chinese lines without one) and strips
        # inline markup (subloc sends it as placeholders).
        if d1.get("mock") and d1["mock"].get("unique_chars"):
            m = d1["mock"]
            v = m.get("sent_chars", 0) / m["unique_chars"]
            targets.append(("DeepL: characters sent ÷ characters of the distinct texts = 1.00 (the mock's "
                            "count; %.3f against the corpus count)" % m.get("sent_per_unique_char", 0),
                            round(v, 2) == 1.00, "%.3f" % v))
        sl1 = o1.get("subloc") or {}
        if sl1.get("chars_sent") is not None and sl1.get("unique_chars"):
            v = sl1["chars_sent"] / sl1["unique_chars"]
            targets.append(("LLM: segment characters sent ÷ characters of the distinct texts = 1.00 "
                            "(subloc's count ¹; %.3f against the corpus count)" % (
                                sl1["chars_sent"] / uniq if uniq else 0),
                            round(v, 2) == 1.00, "%.3f" % v))
        if o1.get("mock"):
            v = o1["mock"].get("prompt_per_unique_char", 0)
            targets.append(("LLM prompt characters ÷ unique source characters ≤ 2.5", v <= 2.5, "%.2f" % v))
        if d1.get("mock"):
            v = d1["mock"].get("vs_limit") or 0
            u = d1["mock"].get("limit_utilisation") or 0
            targets.append(("DeepL: ≥ 90 % of the rate limit, as ok requests/s ÷ 10", v >= 0.9, "%.0f %%" % (100 * v)))
            targets.append(("DeepL: ≥ 90 % of the rate limit, as ok requests ÷ what the bucket could grant "
                            "(burst included)", u >= 0.9, "%.0f %%" % (100 * u)))
        # Issue 16: over every first run (the rounds), not the median one.
        i16 = tr.get("issue16") or {}
        if i16.get("deepl_bucket_share"):
            v = min(x or 0 for x in i16["deepl_bucket_share"])
            targets16.append(("DeepL: ≥ 95 %% of what the provider's bucket granted (ok requests ÷ "
                              "(burst + 10/s × wall), lowest of %d rounds)" % len(i16["deepl_bucket_share"]),
                              v >= 0.95, "%.1f %%" % (100 * v)))
        for key, name in (("deepl", "DeepL"), ("openai", "OpenAI-compatible")):
            if i16.get(key + "_429"):
                n = max(i16[key + "_429"])
                lost = [x for x in i16.get(key + "_lost_segments", []) if x]
                targets16.append(("%s: 0 HTTP 429 beyond the first, 0 segments lost (worst round)" % name,
                                  n <= 1 and not lost and None not in i16.get(key + "_lost_segments", []),
                                  "%d × 429, %d lost" % (n, sum(lost))))
        if i16.get("openai_prompt_per_unique_char"):
            v = max(x or 0 for x in i16["openai_prompt_per_unique_char"])
            targets16.append(("LLM prompt characters ÷ unique source characters ≤ 2.0 (highest round)",
                              v <= 2.0, "%.2f" % v))
        for r, name in ((d2, "DeepL"), (o2, "OpenAI-compatible")):
            if r:
                n = (r.get("mock") or {}).get("requests", 0)
                ok = n == 0 and r.get("exit") in (0, 1) and bool(r.get("subloc"))
                targets.append(("%s re-run: 0 requests (translation memory)" % name, ok, "%d requests" % n))
        if any(r.get("exit") not in (0, 1) for r in tr.get("runs", [])):
            targets.append(("every translate run finished (exit 0 or 1)", False,
                            ", ".join("%s exit %s" % (r["label"], r.get("exit")) for r in tr.get("runs", []))))
    else:
        p("**Translation**: missing (see the run log).")
        p("")

    notes = (load("notes.txt") or "").strip()
    if notes:
        p("")
        p("Note: " + notes)
    failed = (load("failed.txt") or "").strip()
    if failed:
        p("")
        p("Steps that failed in this run (their rows are missing above):")
        p("")
        for line in failed.splitlines():
            p("- `%s`" % line)
    p("")
    side_by_side(p)
    p("Targets (issues 2, 3, 5; 12 for fitting; 16 for the srtlib ratio, ASS 400 MB/s, convert and 2× memory):")
    p("")
    for name, ok, got in targets:
        p("- %s — %s: %s" % (name, got, "met" if ok else "**not met**"))
    if targets16:
        p("")
        p("Targets (issue 16: rate limit and LLM prompt):")
        p("")
        for name, ok, got in targets16:
            p("- %s — %s: %s" % (name, got, "met" if ok else "**not met**"))
    print("\n".join(wrap(line) for line in out))


def wrap(line, width=100):
    """Paragraphs and list items wrapped like the README's prose; table rows left whole."""
    if line.startswith("|") or len(line) <= width:
        return line
    indent = "  " if line.startswith("- ") else ""
    return textwrap.fill(line, width=width, subsequent_indent=indent, break_long_words=False,
                         break_on_hyphens=False)


if __name__ == "__main__":
    main()
