"""What the first clients of a new process get: single-row /predict requests/s over the first minute after ready,
with the service's warm-up on and off, beside the same process's steady state.

For each mode (WARMUP=true, as the image sets it, then WARMUP=false) one fresh process on the given JVM options: the
seconds from process start to ready, then wrk's closed loop (the bench's connections and /predict script) in
consecutive runs of CURVE_STEP seconds for the first CURVE_SECONDS after ready (the curve), then load until
STEADY_AFTER seconds after ready and one run of STEADY_WINDOW seconds there (steady). Consecutive runs are separate
wrk processes: the wall time between them, when nothing loads the service, is measured and reported ("gap").

Part of `make bench`; alone, `PYTHONPATH=tests .venv/bin/python bench/warmup_curve.py` prints the result on the
image's JVM options and AppCDS archive (a short smoke: CURVE_STEP=2 CURVE_SECONDS=10 STEADY_AFTER=10; the figures
need a quiet machine). Knobs: CURVE_STEP, CURVE_SECONDS, STEADY_AFTER (s), CONNECTIONS.
"""
import json
import math
import os
import sys
import tempfile
import time
from pathlib import Path

import harness
import launcher
from harness import ROW

STEP = int(os.environ.get("CURVE_STEP", "5"))
SECONDS = int(os.environ.get("CURVE_SECONDS", "60"))
STEADY_AFTER = int(os.environ.get("STEADY_AFTER", "180"))
# The window: the first 10 s of traffic after ready against 10 s of the steady state.
FIRST_WINDOW = STEADY_WINDOW = 10
FIRST_TARGET = 0.70  # first 10 s ÷ steady, with warm-up
READY_TARGET_S = 12.0  # process start to ready, with warm-up
MODES = {"on": "true", "off": "false"}


def log(msg):
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def per_second(runs):
    """Requests/s over consecutive runs: the requests answered ÷ the seconds wrk measured."""
    return sum(r["requests"] for r in runs) / sum(r["seconds"] for r in runs)


def curve(key, jvm, work, script, connections, mode):
    """One fresh process with WARMUP=MODES[mode]: {"ready_s", "steps": [wrk run...], "first", "cold",
    "cold_errors", "steady", "steady_errors", "ratio", "gap_s"}."""
    service = launcher.Service(work / f"curve-{mode}.log", key, jvm=jvm,
                               env={"SHUTDOWN_WAIT_PERIOD": "0s", "WARMUP": MODES[mode]})
    url = f"{service.url}/predict"
    try:
        ready_s = service.start().wait_ready()
        ready_at = time.monotonic()
        steps = [harness.wrk_run(url, STEP, connections, script) for _ in range(math.ceil(SECONDS / STEP))]
        gap_s = time.monotonic() - ready_at - sum(r["seconds"] for r in steps)
        rest = STEADY_AFTER - (time.monotonic() - ready_at)
        if rest >= 1:
            harness.wrk_run(url, int(rest), connections, script)
        steady = harness.wrk_run(url, STEADY_WINDOW, connections, script)
    finally:
        service.stop()
    first = per_second(steps[:math.ceil(FIRST_WINDOW / STEP)])
    result = {"ready_s": ready_s, "steps": steps, "first": first, "cold": per_second(steps),
              "cold_errors": sum(r["errors"] for r in steps), "steady": steady["rps"],
              "steady_errors": steady["errors"], "ratio": first / steady["rps"], "gap_s": gap_s}
    log(f"warm-up {mode}: ready {ready_s:.1f} s, steps {[round(r['rps']) for r in steps]}, first {first:.0f}, "
        f"steady {steady['rps']:.0f}, ratio {result['ratio']:.2f}, gap {gap_s:.2f} s")
    return result


def measure(key, jvm, work, script, connections):
    """{"on": curve, "off": curve}, one after the other, each on a process of its own."""
    return {mode: curve(key, jvm, work, script, connections, mode) for mode in MODES}


def render(results, connections):
    """The report's section: the curve side by side, then ready, first window, cold minute and steady."""
    on, off = results["on"], results["off"]
    out = [f"## Warm-up curve (single-row `/predict`, wrk closed loop: 2 threads, {connections} connections; one "
           "fresh process per mode, the image's JVM options and archive)", "",
           f"Requests/s in consecutive {STEP} s wrk runs from ready, then {STEADY_WINDOW} s measured "
           f"{STEADY_AFTER} s after ready (steady). Wall time between the runs, unloaded: {on['gap_s']:.2f} s with "
           f"warm-up, {off['gap_s']:.2f} s without, over the {len(on['steps'])} steps.", "",
           "| after ready | warm-up on (`WARMUP=true`) | warm-up off |", "| --- | ---: | ---: |"]
    for i, (a, b) in enumerate(zip(on["steps"], off["steps"])):
        out.append(f"| {i * STEP}–{(i + 1) * STEP} s | {a['rps']:,.0f} | {b['rps']:,.0f} |")
    rows = [("process start to ready", lambda r: f"{r['ready_s']:.2f} s"),
            (f"first {FIRST_WINDOW} s", lambda r: f"{r['first']:,.0f}"),
            (f"first {len(on['steps']) * STEP} s (cold)", lambda r: f"{r['cold']:,.0f}"),
            (f"steady ({STEADY_AFTER} s after ready)", lambda r: f"{r['steady']:,.0f}"),
            (f"first {FIRST_WINDOW} s ÷ steady", lambda r: f"{r['ratio']:.1%}"),
            ("failed requests, curve / steady", lambda r: f"{r['cold_errors']} / {r['steady_errors']}")]
    out += [f"| **{name}** | {cell(on)} | {cell(off)} |" for name, cell in rows]
    return out


def targets(results):
    """Rows of the report's targets table: (target, measured, met)."""
    on = results["on"]
    return [(f"first {FIRST_WINDOW} s after ready ≥ {FIRST_TARGET:.0%} of steady, single-row `/predict`, with "
             "warm-up", f"{on['ratio']:.1%}", on["ratio"] >= FIRST_TARGET),
            (f"ready ≤ {READY_TARGET_S:.0f} s with warm-up (the image's options and archive)",
             f"{on['ready_s']:.2f} s", on["ready_s"] <= READY_TARGET_S)]


if __name__ == "__main__":
    work = Path(tempfile.mkdtemp(prefix="iris-curve-"))
    key = "bench-" + "k" * 37
    body = work / "predict.json"
    body.write_text(json.dumps(ROW))
    script = harness.wrk_script(body, {"Content-Type": "application/json", "X-API-Key": key})
    connections = int(os.environ.get("CONNECTIONS", "32"))
    res = measure(key, harness.shipped_jvm(harness.cds_archive(work / "iris-api.jsa")), work, script, connections)
    print("\n".join(render(res, connections)))
    print("\n".join(f"- {t}: {m} ({'met' if ok else 'missed'})" for t, m, ok in targets(res)))
