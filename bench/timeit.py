#!/usr/bin/env python3
"""Time a command several times: wall clock, CPU time and peak resident memory of each run.

  timeit.py --runs 5 --json out.json [--ok 0,1] [--bytes N] [--cwd DIR]
            [--base-bin OLD=NEW --base-json base.json] -- CMD ARG...

Each run's stdout goes to /dev/null (subloc's JSON report is produced and thrown away, as
`> /dev/null` would), stderr is kept and shown if the exit code is not in --ok. Wall time comes
from time.perf_counter (microseconds; `/usr/bin/time -v` only resolves 10 ms, too coarse for a
target of 100 ms), CPU time and max RSS from the child's rusage (os.wait4), as time -v reports
them. The JSON holds every run and the medians. With --base-bin, every run of CMD is followed by
a run of the same command with the argument OLD replaced by NEW (another build of the program),
written to --base-json: the two builds alternate, so a machine whose speed drifts during the
measurement (a shared host) drifts for both alike. Standard library only.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def run_once(cmd, cwd):
    with open(os.devnull, "wb") as null:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=null, stderr=subprocess.PIPE, cwd=cwd)
        # Read stderr while waiting so a chatty child cannot block on a full pipe.
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "max_rss_kb": usage.ru_maxrss,
        "exit": proc.returncode,
    }, err


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", required=True, help="write the measurements here")
    ap.add_argument("--ok", default="0", help="comma list of exit codes that count as success")
    ap.add_argument("--bytes", type=int, default=0, help="input size, for MB/s")
    ap.add_argument("--cwd", default=None)
    ap.add_argument("--warmup", type=int, default=0, help="untimed runs first (page cache)")
    ap.add_argument("--base-bin", default=None, help="OLD=NEW: also time the command with NEW for OLD")
    ap.add_argument("--base-json", default=None, help="where the --base-bin runs go")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd[:1] == ["--"] else a.cmd
    if not cmd:
        ap.error("no command")
    ok = {int(x) for x in a.ok.split(",") if x.strip()}
    plans = [(cmd, a.json)]
    if a.base_bin and a.base_json:
        old_bin, _, new_bin = a.base_bin.partition("=")
        plans.append(([new_bin if x == old_bin else x for x in cmd], a.base_json))
    runs = {path: [] for _, path in plans}
    for i in range(a.warmup + a.runs):
        for c, path in plans:
            r, err = run_once(c, a.cwd)
            if r["exit"] not in ok:
                sys.stderr.write("timeit: %s exited %d\n%s\n" % (" ".join(c), r["exit"],
                                                                err.decode("utf-8", "replace")[-4000:]))
                sys.exit(2)
            if i >= a.warmup:
                runs[path].append(r)
    for c, path in plans:
        summarize(c, runs[path], a.bytes, path)


def summarize(cmd, runs, size, path):
    med = statistics.median(r["wall_s"] for r in runs)
    prog = cmd[3:] if os.path.basename(cmd[0]) == "taskset" and len(cmd) > 3 else cmd  # name the pinned program
    out = {
        "cmd": cmd,
        "runs": runs,
        "median_wall_s": med,
        "min_wall_s": min(r["wall_s"] for r in runs),
        "max_wall_s": max(r["wall_s"] for r in runs),
        "median_cpu_s": statistics.median(r["cpu_s"] for r in runs),
        "median_max_rss_kb": statistics.median(r["max_rss_kb"] for r in runs),
        "exit": runs[-1]["exit"],
        "bytes": size,
        "mb_per_s": (size / 1e6 / med) if size and med > 0 else None,
    }
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(out, fh, indent=1)
    sys.stderr.write("timeit: %s: median %.3f s (min %.3f, max %.3f), max RSS %.0f MB, exit %d\n" % (
        " ".join([os.path.basename(prog[0])] + prog[1:3]), med, out["min_wall_s"], out["max_wall_s"],
        out["median_max_rss_kb"] / 1024, out["exit"]))

if __name__ == "__main__":
    main()
