"""`make soak`: SOAK_MINUTES (default 10) of /predict at a fixed rate, half the maximum measured after a warm-up.

The maximum is vegeta's own, closed loop (32 workers, as wrk's 32 connections in make bench): the generator shares
the 2 CPUs with the service and costs more per request than wrk. At half of wrk's maximum (8,907 requests/s), the
two together were past what the machine serves, and 94% of the requests failed.

Passes when no request fails and the last minute looks like the first: RSS within 10% (plus 16 MiB) and p99 within
2x (plus 1 ms). Writes bench/results/soak.md; exits non-zero when it does not pass.
"""
import csv
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import harness
import launcher
from harness import ROW
from launcher import ROOT
from run import CONNECTIONS, KEY, jit_warmup, log, machine, loadavg, wrk_script, write_body, WORK

MINUTES = int(os.environ.get("SOAK_MINUTES", "10"))
MAX_SECONDS = 15
RESULTS = ROOT / "bench" / "results" / "soak.md"


def main():
    m = machine()
    headers = {"Content-Type": "application/json", "X-API-Key": KEY}
    body = write_body("predict", ROW)
    svc = launcher.Service(WORK / "soak.log", KEY).start()
    try:
        svc.wait_ready()
        # The maximum of a warm JVM, as make bench measures it: measured cold, it was a fifth of that (1,058 against
        # 5,001 requests/s), and the soak ran at a tenth of what the service serves.
        jit_warmup(f"{svc.url}/predict", wrk_script(body, headers))
        targets = launcher.vegeta_targets(WORK / "soak.targets", "POST", f"{svc.url}/predict", headers, body)
        max_rps = harness.summarize(harness.vegeta_attack(targets, 0, MAX_SECONDS, WORK / "max.bin",
                                                          max_workers=CONNECTIONS))["ok"] / MAX_SECONDS
        rate = int(max_rps / 2)
        log(f"max {max_rps:.0f} req/s; soaking at {rate} req/s for {MINUTES} min")
        rss = []  # (seconds since start, KiB)
        stop = threading.Event()
        start = time.monotonic()

        def sample():
            while not stop.wait(1):
                rss.append((time.monotonic() - start, harness.rss_kib(svc.proc.pid)))
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        out = WORK / "soak.bin"
        harness.vegeta_run(targets, rate, MINUTES * 60, out)
        stop.set()
        sampler.join()
    finally:
        svc.stop()

    minutes = [{"lat": [], "failed": 0} for _ in range(MINUTES)]
    first_ts = None
    enc = subprocess.Popen([str(launcher.VEGETA), "encode", "--to=csv", str(out)], stdout=subprocess.PIPE, text=True)
    for row in csv.reader(enc.stdout):
        ts = int(row[0])
        first_ts = ts if first_ts is None else first_ts
        bucket = minutes[min(MINUTES - 1, (ts - first_ts) // 60_000_000_000)]
        bucket["lat"].append(int(row[2]) / 1e6)
        if row[1] != "200":
            bucket["failed"] += 1
    enc.wait()
    for i, b in enumerate(minutes):
        lat = sorted(b["lat"])
        b.update(n=len(lat), p50=harness.percentile(lat, 50), p99=harness.percentile(lat, 99),
                 p999=harness.percentile(lat, 99.9))
        in_minute = [k for t, k in rss if i * 60 <= t < (i + 1) * 60]
        b["rss"] = statistics.median(in_minute) / 1024 if in_minute else float("nan")
    first, last = minutes[0], minutes[-1]
    failed = sum(b["failed"] for b in minutes)
    rss_ok = last["rss"] <= first["rss"] * 1.1 + 16
    p99_ok = last["p99"] <= first["p99"] * 2 + 1
    ok = failed == 0 and rss_ok and p99_ok
    lines = [f"# iris-api soak ({datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC)", "",
             f"Command: `make soak`. `/predict` at {rate} requests/s (half of the {max_rps:.0f} requests/s vegeta "
             f"reached just before, closed loop with {CONNECTIONS} workers) for {MINUTES} minutes, vegeta {m['vegeta']}, on 127.0.0.1.", "",
             f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['mem_gib']:.1f} GiB, {m['java']}; JVM flags "
             f"`{harness.jvm_flags()}`; load average at the end {loadavg()}.", "",
             "| minute | requests | failed | p50 ms | p99 ms | p99.9 ms | RSS MiB (median) |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for i, b in enumerate(minutes):
        lines.append(f"| {i + 1} | {b['n']:,} | {b['failed']} | {b['p50']:.2f} | {b['p99']:.2f} | {b['p999']:.2f} "
                     f"| {b['rss']:.0f} |")
    lines += ["", f"- failed requests: {failed} ({'met' if failed == 0 else '**missed**'}: zero)",
              f"- RSS first → last minute: {first['rss']:.0f} → {last['rss']:.0f} MiB "
              f"({'stable' if rss_ok else '**grew**'}: last ≤ first × 1.1 + 16 MiB)",
              f"- p99 first → last minute: {first['p99']:.2f} → {last['p99']:.2f} ms "
              f"({'stable' if p99_ok else '**grew**'}: last ≤ first × 2 + 1 ms)",
              f"- verdict: {'PASS' if ok else 'FAIL'}", ""]
    RESULTS.write_text("\n".join(lines))
    print("\n".join(lines))
    shutil.rmtree(WORK, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
