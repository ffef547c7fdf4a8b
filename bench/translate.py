#!/usr/bin/env python3
"""The translation benchmark: `subloc translate` against ../shared/bench/mock_backend.py.

  translate.py --bin target/release/subloc --shared ../shared/bench --corpus DIR --work DIR --json OUT

Starts the mock on 127.0.0.1 (a free port; 200 ms latency, a token bucket of 10 requests
refilled at 10 requests/s, 8 requests in flight, JSONL log), writes a subloc.yaml in a project
folder under --work whose `deepl` backend and an OpenAI-compatible `llm` backend point at the mock
with the mock's limits (`requests-per-second: 10`, `burst: 10`, `concurrency: 8`; with
--no-config-burst the `burst` line is left out, as a user who does not know the provider's bucket
would), and runs, each under its own mock label (POST /_mock/mark):

  deepl-1   every episode of DIR/srt to one language through DeepL v2, empty memory
  deepl-2   the same command again: everything must come from the memory (0 requests)
  openai-1  the same through /v1/chat/completions, its own empty memory
  openai-2  again, from the memory

--rounds N (default 3) repeats the four runs on fresh memories; rounds after the first are
labelled `deepl-1#2` and so on, and report.py quotes the median round.

then reads the log with analyze_log.py --corpus DIR/srt (characters per unique source character,
429s, share of the rate limit) and writes one JSON document. The mock is always shut down, also
when a run fails. Standard library only.
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request

MOCK_ARGS = ["--latency-ms", "200", "--rps", "10", "--burst", "10", "--max-concurrency", "8"]
RPS = 10
BURST = 10
CONCURRENCY = 8
KEY = "bench-not-a-real-key"


def http(port, path, method="GET"):
    req = urllib.request.Request("http://127.0.0.1:%d%s" % (port, path), method=method, data=b"" if method == "POST" else None)
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read().decode("utf-8") or "null")


def start_mock(shared, work):
    port_file = os.path.join(work, "mock.port")
    log = os.path.join(work, "mock.jsonl")
    for f in (port_file, log):
        if os.path.exists(f):
            os.remove(f)
    err = open(os.path.join(work, "mock.stderr"), "wb")
    proc = subprocess.Popen(
        [sys.executable, os.path.join(shared, "mock_backend.py"), "--host", "127.0.0.1", "--port", "0",
         "--port-file", port_file, "--log", log, "--log-text", "--idle-exit", "600", "--max-lifetime", "3600"] + MOCK_ARGS,
        stdout=err, stderr=err)
    for _ in range(200):
        if proc.poll() is not None:
            raise SystemExit("translate bench: mock_backend.py exited %s (see %s/mock.stderr)" % (proc.returncode, work))
        try:
            port = int(open(port_file).read().strip())
            http(port, "/health")
            return proc, port, log
        except (OSError, ValueError):
            time.sleep(0.05)
    proc.terminate()
    raise SystemExit("translate bench: mock_backend.py did not come up")


def stop_mock(proc, port):
    try:
        http(port, "/_mock/shutdown", "POST")
    except OSError:
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def write_config(project, port, burst=True):
    os.makedirs(project, exist_ok=True)
    text = """# Written by bench/translate.py: both backends point at mock_backend.py with its limits.
translate:
  backends:
    deepl:
      url: http://127.0.0.1:{port}
      concurrency: {conc}
      requests-per-second: {rps}{burst}
    llm:
      kind: openai
      url: http://127.0.0.1:{port}/v1
      model: mock-translator
      api-key-env: BENCH_LLM_KEY
      concurrency: {conc}
      requests-per-second: {rps}{burst}
""".format(port=port, conc=CONCURRENCY, rps=RPS,
           burst="\n      burst: %d" % BURST if burst else "")
    with open(os.path.join(project, "subloc.yaml"), "w", encoding="utf-8") as fh:
        fh.write(text)
    return text


def run_subloc(a, project, backend, label, port):
    http(port, "/_mock/mark?label=" + urllib.parse.quote(label, safe=""), "POST")
    cmd = [a.bin, "translate", os.path.join(a.corpus, "srt"), "--from", "zh-Hans", "--to", a.lang,
           "--platform", a.platform, "--backend", backend,
           "--memory", os.path.join(a.work, "memory-%s.sqlite" % backend),
           "--out", os.path.join(a.work, "out-%s" % backend), "--format", "json", "-q"]
    env = dict(os.environ, DEEPL_API_KEY=KEY, BENCH_LLM_KEY=KEY)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=project, env=env, capture_output=True)
    wall = time.perf_counter() - t0
    with open(os.path.join(a.work, label + ".stdout.json"), "wb") as fh:
        fh.write(p.stdout)
    with open(os.path.join(a.work, label + ".stderr"), "wb") as fh:
        fh.write(p.stderr)
    res = {"label": label, "backend": backend, "cmd": cmd, "exit": p.returncode, "wall_s": round(wall, 3)}
    try:
        summary = json.loads(p.stdout.decode("utf-8"))
    except ValueError:
        summary = None
        res["error"] = (p.stderr.decode("utf-8", "replace").strip() or p.stdout.decode("utf-8", "replace").strip())[-2000:]
    if summary:
        t = summary.get("totals", {})
        langs = summary.get("languages") or [{}]
        stats = langs[0].get("stats") or {}
        res["subloc"] = {
            "segments": t.get("segments"), "memory_hits": t.get("memory_hits"), "requests": t.get("requests"),
            "chars_sent": t.get("chars_sent"), "billed_chars": t.get("billed_chars"),
            "failed_segments": t.get("failed_segments"), "files_written": t.get("files_written"),
            "distinct": stats.get("distinct"), "deduplicated": stats.get("deduplicated"),
            "unique_chars": stats.get("unique_chars"), "prompt_chars": stats.get("prompt_chars"),
            "rate_limited": stats.get("rate_limited"), "retries": stats.get("retries"),
            "stopped": summary.get("stopped"),
            "failed_reasons": sorted({f.get("reason") for f in summary.get("failed", [])}),
        }
        if p.returncode not in (0, 1):
            res["error"] = p.stderr.decode("utf-8", "replace").strip()[-2000:]
    return res


PLACEHOLDER = re.compile(r'<x id="\d+"/>|<g id="\d+">|</g>')


def placeholder_chars(log):
    """Per run label: characters of placeholder markup in the texts of answered requests.

    The corpus counts plain cue text; subloc sends markup inside a line as `<x id="N"/>`, so
    these characters are sent but are not source text (only meaningful for MT dialects, where
    the mock's texts are exactly the segments)."""
    out = {}
    with open(log, encoding="utf-8") as fh:
        for line in fh:
            try:
                r = json.loads(line)
            except ValueError:
                continue
            if r.get("type") != "req" or r.get("outcome") != "ok":
                continue
            n = sum(len(m) for t in r.get("text") or [] for m in PLACEHOLDER.findall(t))
            out[r.get("run")] = out.get(r.get("run"), 0) + n
    return out


def issue16(runs):
    """The measures issue 16 sets targets on, over the first run of every round (the ones that
    pay): the share of what the mock's token bucket granted (ok requests ÷ (burst + rps × wall),
    analyze_log.py's `limit_utilisation`) per DeepL round and the lowest, the 429s of each round
    (target: none beyond the first), segments lost (failed), and the LLM prompt characters ÷ unique
    source characters (every character of the chat messages, as the mock counts them)."""
    out = {}
    for prefix, key in (("deepl-1", "deepl"), ("openai-1", "openai")):
        first = [r for r in runs if r["label"].split("#")[0] == prefix and r.get("mock")]
        if not first:
            continue
        out[key + "_bucket_share"] = [r["mock"].get("limit_utilisation") for r in first]
        out[key + "_429"] = [r["mock"].get("http_429", 0) for r in first]
        out[key + "_lost_segments"] = [(r.get("subloc") or {}).get("failed_segments") for r in first]
        if key == "openai":
            out["openai_prompt_per_unique_char"] = [r["mock"].get("prompt_per_unique_char") for r in first]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--shared", required=True, help="the folder holding mock_backend.py and analyze_log.py")
    ap.add_argument("--corpus", required=True, help="gen_corpus.py output (its srt/ folder is translated)")
    ap.add_argument("--work", required=True)
    ap.add_argument("--json", required=True)
    ap.add_argument("--lang", default="en")
    ap.add_argument("--platform", default="youtube")
    ap.add_argument("--backends", default="deepl,llm",
                    help="which pairs of runs: deepl, llm or both (default)")
    ap.add_argument("--no-config-burst", action="store_true",
                    help="leave `burst` out of subloc.yaml (subloc then keeps half a second's quota)")
    ap.add_argument("--rounds", type=int, default=3,
                    help="repeat the four runs this many times, each round on fresh memories (default 3)")
    a = ap.parse_args()
    a.bin = os.path.abspath(a.bin)
    # A TERM from bench/run's caller must still reach the `finally` that stops the mock.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    os.makedirs(a.work, exist_ok=True)
    project = os.path.join(a.work, "project")
    proc, port, log = start_mock(a.shared, a.work)
    runs = []
    try:
        config = write_config(project, port, burst=not a.no_config_burst)
        for rnd in range(1, a.rounds + 1):
            for backend, labels in (("deepl", ("deepl-1", "deepl-2")), ("llm", ("openai-1", "openai-2"))):
                if backend not in a.backends.split(","):
                    continue
                # A fresh memory per round: each round's first run pays for everything again.
                mem = os.path.join(a.work, "memory-%s.sqlite" % backend)
                for suffix in ("", "-wal", "-shm"):
                    if os.path.exists(mem + suffix):
                        os.remove(mem + suffix)
                for label in labels:
                    label = label if rnd == 1 else "%s#%d" % (label, rnd)
                    # The mock's bucket is shared by the runs: let it fill up again, so every run
                    # starts with the whole burst that `burst + rps × wall` counts as granted.
                    time.sleep(BURST / RPS + 0.2)
                    r = run_subloc(a, project, backend, label, port)
                    r["round"] = rnd
                    sys.stderr.write("translate bench: %s exit %d in %.1f s, subloc says %s\n" % (
                        label, r["exit"], r["wall_s"], json.dumps(r.get("subloc") or r.get("error"))))
                    runs.append(r)
        http(port, "/_mock/mark?label=idle", "POST")
    finally:
        stop_mock(proc, port)
    an = subprocess.run([sys.executable, os.path.join(a.shared, "analyze_log.py"), log, "--corpus",
                         os.path.join(a.corpus, "srt"), "--json"], capture_output=True, check=True)
    analysis = json.loads(an.stdout.decode("utf-8"))
    ph = placeholder_chars(log)
    for r in runs:
        r["mock"] = analysis["runs"].get(r["label"])  # None: the mock saw no request in that run
        if r["mock"] is not None:
            r["mock"]["placeholder_chars"] = ph.get(r["label"], 0)
    out = {"mock_args": MOCK_ARGS, "config": config, "lang": a.lang, "platform": a.platform,
           "corpus": analysis.get("corpus"), "runs": runs, "issue16": issue16(runs)}
    for k, v in out["issue16"].items():
        sys.stderr.write("translate bench: %s = %s\n" % (k, v))
    with open(a.json, "w", encoding="utf-8") as fh:
        json.dump(out, fh, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
