"""`make bench`: iris-api against its own ceiling and against `mlflow models serve`, in one run, on loopback.

Closed-loop throughput with wrk, latency at a fixed rate with vegeta, start-up to ready, RSS under load, the time an
invalid API key takes to be refused, and JMH's in-process prediction cost. Writes bench/results/latest.md.
Knobs (environment): DURATION (s per wrk run), WARMUP (s), ROUNDS (of /ping and /predict in turn), CONNECTIONS,
RATE (req/s), FIXED_DURATION (s), FIXED_WARMUP (s); drift_cost.py's DRIFT_* for the drift monitoring's CPU cost.
"""
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from http.client import HTTPConnection
from pathlib import Path

import drift_cost
import harness
from harness import HOST, ROOT, ROW

DURATION = int(os.environ.get("DURATION", "10"))
WARMUP = int(os.environ.get("WARMUP", "5"))
# The JIT needs tens of seconds of traffic before the figures settle (longer on a busy machine; 1,000-row batches
# still gained after 30 s): every endpoint gets JIT_WARMUP seconds of load before any measurement, then WARMUP
# seconds again right before its own run.
JIT_WARMUP = int(os.environ.get("JIT_WARMUP", "30"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "32"))
# /ping and /predict are measured in turn, ROUNDS times: with a single run of each, a minute apart, /predict once
# came out at 176% of /ping as the shared machine's load moved; each round's ratio comes from two runs 15 s apart.
ROUNDS = int(os.environ.get("ROUNDS", "3"))
RATE = int(os.environ.get("RATE", "1000"))
FIXED_DURATION = int(os.environ.get("FIXED_DURATION", "15"))
# The same rate before each fixed-rate measurement: on a JVM already warmed by wrk, /predict's p99 at 1,000
# requests/s was 7.5, 4.1, 1.0, 0.9, 0.9 ms in five consecutive 15 s windows.
FIXED_WARMUP = int(os.environ.get("FIXED_WARMUP", "30"))
TIMING_SAMPLES = int(os.environ.get("TIMING_SAMPLES", "3000"))
KEY = "bench-" + "k" * 37  # as long as a generated key (43 characters)
WORK = Path(tempfile.mkdtemp(prefix="iris-bench-"))
RESULTS = ROOT / "bench" / "results" / "latest.md"

TARGETS = {"predict_p99_ms": 5.0, "ping_ratio": 0.5, "mlflow_ratio": 8.0, "batch_rows_s": 500_000,
           "ready_s": 3.0, "rss_mib": 256}


def log(msg):
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def startups(jvms, runs=3, env=None):
    """Seconds from process start to ready of each of `runs` starts per configuration ({name: JVM options}),
    taken in turn so that a change in the machine's load falls on all of them (no drain period on stop)."""
    times = {name: [] for name in jvms}
    for i in range(runs):
        for name, jvm in jvms.items():
            s = harness.Service(WORK / f"startup-{name}{i}.log", KEY, jvm=jvm,
                                env={"SHUTDOWN_WAIT_PERIOD": "0s", **(env or {})})
            try:
                times[name].append(s.start().wait_ready())
            finally:
                s.stop()
    return times


def mlflow_startups(jvm):
    """Start-up with the model from a local MLflow server (`train --mlflow --promote`, then MODEL_URI=models:/...).
    Returns the times, or a reason why this build cannot do it."""
    port = harness.free_port()
    uri = f"http://{HOST}:{port}"
    mlflow = Path(sys.executable).parent / "mlflow"
    (WORK / "mlruns" / "artifacts").mkdir(parents=True)
    server = subprocess.Popen([str(mlflow), "server", "--backend-store-uri", f"sqlite:///{WORK}/mlruns/mlflow.db",
                               "--serve-artifacts", "--artifacts-destination", str(WORK / "mlruns" / "artifacts"),
                               "--host", HOST, "--port", str(port), "--workers", "1"],
                              env={**os.environ, "MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false"},
                              stdout=open(WORK / "mlflow-server.log", "wb"), stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        harness.wait_for(f"{uri}/health", 120, server)
        train = subprocess.run(["java", "-jar", str(harness.JAR), "train", "--mlflow", "--tracking-uri", uri,
                                "--promote", "--output", str(WORK / "mlflow-trained")],
                               capture_output=True, text=True, timeout=300)
        if train.returncode != 0:
            return f"this build cannot register a model in MLflow (`train --mlflow` exited {train.returncode})"
        return startups({"mlflow": jvm},
                        env={"MODEL_URI": "models:/iris-classifier@champion", "MLFLOW_TRACKING_URI": uri})["mlflow"]
    finally:
        stop_group(server)


def rows(n):
    # Varied rows, so that no cache or branch predictor sees the same one each time.
    rnd = random.Random(n)
    return [{k: round(v * rnd.uniform(0.8, 1.2), 2) for k, v in ROW.items()} for _ in range(n)]


def write_body(name, obj):
    path = WORK / f"{name}.json"
    path.write_text(json.dumps(obj, separators=(",", ":")))
    return path


def wrk_script(body_path, headers):
    path = body_path.with_suffix(".lua")
    lines = ['wrk.method = "POST"', f"wrk.body = {json.dumps(body_path.read_text())}"]
    lines += [f'wrk.headers["{k}"] = "{v}"' for k, v in headers.items()]
    path.write_text("\n".join(lines) + "\n")
    return path


def in_turn(ping_url, predict_url, script):
    """/ping and /predict, one after the other, ROUNDS times: each median, and /predict ÷ /ping for each round."""
    runs = [(wrk(ping_url), wrk(predict_url, script)) for _ in range(ROUNDS)]
    ratios = [predict["rps"] / ping["rps"] for ping, predict in runs]
    log(f"/predict / /ping per round: {[round(r, 3) for r in ratios]}")

    def median(results):
        return {"rps": statistics.median(r["rps"] for r in results), "errors": sum(r["errors"] for r in results)}
    return median([ping for ping, _ in runs]), median([predict for _, predict in runs]), ratios


def jit_warmup(url, script):
    """JIT_WARMUP seconds of closed-loop load, not measured."""
    subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{JIT_WARMUP}s", "-s", str(script), url],
                   capture_output=True, check=True)


def wrk(url, script=None):
    """Closed-loop throughput: warm-up, then one measured run; returns requests/s and the count of failures."""
    cmd = ["wrk", "-t2", f"-c{CONNECTIONS}", "--latency"] + (["-s", str(script)] if script else [])
    subprocess.run(cmd + [f"-d{WARMUP}s", url], capture_output=True, check=True)
    out = subprocess.run(cmd + [f"-d{DURATION}s", url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sock.groups())) if sock else 0)
    log(f"wrk {url}: {rps:.0f} req/s, {errors} errors")
    return {"rps": rps, "errors": errors}


def fixed_rate(name, url, headers, body, pid=None, rate=RATE):
    """vegeta at `rate` for FIXED_WARMUP s, then for FIXED_DURATION s measured; samples RSS of `pid` meanwhile."""
    targets = harness.vegeta_targets(WORK / f"{name}.targets", "POST" if body else "GET", url, headers, body)
    if FIXED_WARMUP > 0:
        harness.vegeta_attack(targets, rate, FIXED_WARMUP, WORK / f"{name}-warmup.bin")
    rss = []
    if pid:
        import threading
        stop = threading.Event()

        def sample():
            while not stop.wait(0.5):
                rss.append(harness.rss_kib(pid))
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
    try:
        summary = harness.summarize(harness.vegeta_attack(targets, rate, FIXED_DURATION, WORK / f"{name}.bin"))
    finally:
        if pid:
            stop.set()
            sampler.join()
    if rss:
        summary["rss_mib"] = max(rss) / 1024
    log(f"vegeta {name}: {summary}")
    return summary


def reject_timing(service):
    """Time to refuse a key wrong in its first byte vs one wrong in its last byte, interleaved on one connection."""
    first = "X" + KEY[1:]
    last = KEY[:-1] + "X"
    conn = HTTPConnection(HOST, service.port)
    samples = {"first": [], "last": []}
    for i in range(TIMING_SAMPLES * 2 + 200):
        which = "first" if (i + i // 2) % 2 == 0 else "last"  # alternate, the order itself alternating
        key = first if which == "first" else last
        t0 = time.perf_counter_ns()
        conn.request("GET", "/model", headers={"X-API-Key": key})
        response = conn.getresponse()
        response.read()
        elapsed = (time.perf_counter_ns() - t0) / 1000
        assert response.status == 401, response.status
        if i >= 200:  # the first ones warm up
            samples[which].append(elapsed)
    conn.close()
    med = {k: statistics.median(v) for k, v in samples.items()}
    rnd = random.Random(7)
    diffs = []
    for _ in range(1000):
        a = [rnd.choice(samples["first"]) for _ in samples["first"]]
        b = [rnd.choice(samples["last"]) for _ in samples["last"]]
        diffs.append(statistics.median(a) - statistics.median(b))
    diffs.sort()
    return {"first_us": med["first"], "last_us": med["last"], "diff_us": med["first"] - med["last"],
            "ci_low": diffs[25], "ci_high": diffs[974], "n": len(samples["first"])}


def invocations_body(service, headers):
    """The /invocations request iris-api accepts (MLflow's scoring protocol), or None where it has none."""
    for body in ({"dataframe_records": [ROW]},
                 {"dataframe_split": {"columns": list(ROW), "data": [list(ROW.values())]}}):
        conn = HTTPConnection(HOST, service.port)
        conn.request("POST", "/invocations", body=json.dumps(body), headers=headers)
        status = conn.getresponse().status
        conn.close()
        if status == 200:
            return body
        if status in (404, 405):
            return None
    return None


def start_mlflow(workers):
    model_dir = WORK / "mlflow-model"
    subprocess.run([sys.executable, str(ROOT / "bench" / "mlflow_peer.py"), str(model_dir)], check=True)
    port = harness.free_port()
    mlflow = Path(sys.executable).parent / "mlflow"
    log_file = open(WORK / "mlflow.log", "wb")
    # mlflow starts `gunicorn` by name: the venv's bin must be on PATH.
    env = {**os.environ, "PATH": f"{mlflow.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    started = time.monotonic()
    proc = subprocess.Popen([str(mlflow), "models", "serve", "-m", str(model_dir), "-h", HOST, "-p", str(port),
                             "--workers", str(workers), "--env-manager", "local"],
                            stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True, env=env)
    harness.wait_for(f"http://{HOST}:{port}/ping", 120, proc)
    return proc, port, time.monotonic() - started


def stop_group(proc):
    import signal
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def jmh():
    """Per-algorithm in-process prediction cost (ns/row), from the JMH module bench/jmh."""
    jar = ROOT / "bench" / "jmh" / "target" / "benchmarks.jar"
    out = WORK / "jmh.json"
    subprocess.run(["java", "-jar", str(jar), "-f", "1", "-wi", "2", "-w", "1s", "-i", "3", "-r", "1s",
                    "-rf", "json", "-rff", str(out)], check=True, stdout=subprocess.DEVNULL)
    results = {}
    for r in json.loads(out.read_text()):
        alg = r["params"]["algorithm"]
        results[alg] = (r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"])
    return results


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.strip().splitlines()
    wrk_version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "wrk"], capture_output=True, text=True).stdout
    # `go install` leaves vegeta's -version empty; the module version is in the binary's build info.
    vegeta = subprocess.run(["go", "version", "-m", str(harness.VEGETA)], capture_output=True, text=True).stdout
    vegeta_version = re.search(r"mod\s+github.com/tsenart/vegeta/v12\s+(\S+)", vegeta)
    mlflow_version = subprocess.run([sys.executable, "-c", "import mlflow, sklearn; print(mlflow.__version__, "
                                     "sklearn.__version__)"], capture_output=True, text=True).stdout.split()
    return {"nproc": os.cpu_count(), "cpu": cpu, "mem_gib": mem_kib / 1024 / 1024, "java": java[1] if len(java) > 1
            else java[0], "kernel": platform.release(), "wrk": wrk_version,
            "vegeta": vegeta_version.group(1) if vegeta_version else vegeta.strip(),
            "mlflow": mlflow_version[0] if mlflow_version else "?",
            "sklearn": mlflow_version[1] if len(mlflow_version) > 1 else "?"}


def loadavg():
    return Path("/proc/loadavg").read_text().split()[0]


def main():
    workers = os.cpu_count()
    m = machine()
    load_before = loadavg()
    headers = {"Content-Type": "application/json", "X-API-Key": KEY}
    bodies = {"predict": write_body("predict", ROW),
              "batch100": write_body("batch100", {"instances": rows(100)}),
              "batch1000": write_body("batch1000", {"instances": rows(1000)})}

    log("start-up: the image's AppCDS archive, then the embedded model with and without it (median of 3 each)")
    # What the image ships, as the Dockerfile makes it: the archive written by docker/cds-archive.sh.
    shipped = harness.shipped_jvm(harness.cds_archive(WORK / "iris-api.jsa"))
    ready = startups({"shipped": shipped, "no-archive": harness.CONTAINER_JVM})
    ready_s = statistics.median(ready["shipped"])
    log(f"ready after {ready}")
    ready_mlflow = mlflow_startups(shipped)
    log(f"ready with the model from MLflow: {ready_mlflow}")

    log("iris-api under load (as shipped)")
    svc = harness.Service(WORK / "iris-api.log", KEY, jvm=shipped, env={"SHUTDOWN_WAIT_PERIOD": "0s"}).start()
    mlflow_proc = None
    try:
        svc.wait_ready()
        tp, lat = {}, {}
        for name, path in (("predict", "/predict"), ("batch100", "/predict/batch"), ("batch1000", "/predict/batch")):
            jit_warmup(svc.url + path, wrk_script(bodies[name], headers))
        tp["ping"], tp["predict"], ping_ratios = in_turn(f"{svc.admin_url}/ping", f"{svc.url}/predict",
                                                         wrk_script(bodies["predict"], headers))
        tp["batch100"] = wrk(f"{svc.url}/predict/batch", wrk_script(bodies["batch100"], headers))
        tp["batch1000"] = wrk(f"{svc.url}/predict/batch", wrk_script(bodies["batch1000"], headers))
        inv = invocations_body(svc, headers)
        if inv is not None:
            bodies["invocations"] = write_body("invocations", inv)
            tp["invocations"] = wrk(f"{svc.url}/invocations", wrk_script(bodies["invocations"], headers))
        log(f"fixed rate {RATE}/s")
        lat["ping"] = fixed_rate("ping", f"{svc.admin_url}/ping", {}, None)
        lat["predict"] = fixed_rate("predict", f"{svc.url}/predict", headers, bodies["predict"], svc.proc.pid)
        # Latency well inside capacity too: on a busy or small machine RATE may be past what it can serve.
        half = int(tp["predict"]["rps"] / 2)
        lat["predict_half"] = fixed_rate("predict_half", f"{svc.url}/predict", headers, bodies["predict"], rate=half)
        names["predict_half"] = f"`/predict` (1 row) at {half} requests/s, half the wrk maximum"
        if inv is not None:
            lat["invocations"] = fixed_rate("invocations", f"{svc.url}/invocations", headers,
                                            bodies["invocations"])
        rss_predict = lat["predict"]["rss_mib"]
        log("API key reject timing")
        timing = reject_timing(svc)
        log(f"reject timing {timing}")
    finally:
        svc.stop()

    log(f"drift monitoring on and off, {drift_cost.RATE} requests/s each, {drift_cost.ROUNDS} rounds in turn")
    drift = drift_cost.measure(KEY, shipped, WORK)
    log(f"drift cost {drift}")

    log(f"mlflow models serve --workers {workers}")
    try:
        mlflow_proc, port, mlflow_ready = start_mlflow(workers)
        mlflow_url = f"http://{HOST}:{port}/invocations"
        mheaders = {"Content-Type": "application/json"}
        one = write_body("mlflow1", {"dataframe_records": [ROW]})
        thousand = write_body("mlflow1000", {"dataframe_records": rows(1000)})
        tp["mlflow"] = wrk(mlflow_url, wrk_script(one, mheaders))
        tp["mlflow1000"] = wrk(mlflow_url, wrk_script(thousand, mheaders))
        lat["mlflow"] = fixed_rate("mlflow", mlflow_url, mheaders, one, mlflow_proc.pid)
    finally:
        if mlflow_proc:
            stop_group(mlflow_proc)

    log("JMH")
    costs = jmh()
    report = render(m, load_before, loadavg(), tp, ping_ratios, lat, ready_s, ready, ready_mlflow, mlflow_ready,
                    rss_predict, timing, costs, workers, drift)
    RESULTS.write_text(report)
    print(report)
    shutil.rmtree(WORK, ignore_errors=True)


names = {"ping": "admin `/ping` (ceiling)", "predict": "`/predict` (1 row)",
         "batch100": "`/predict/batch` (100 rows)", "batch1000": "`/predict/batch` (1,000 rows)",
         "invocations": "`/invocations` (1 row)", "mlflow": "`mlflow models serve` (1 row)",
         "mlflow1000": "`mlflow models serve` (1,000 rows)"}


def check(ok):
    return "met" if ok else "**missed**"


def median_of(times):
    return f"{statistics.median(times):.2f} s (median of {', '.join(f'{t:.2f}' for t in times)})"


def render(m, load_before, load_after, tp, ping_ratios, lat, ready_s, ready, ready_mlflow, mlflow_ready, rss, timing,
           costs, workers, drift):
    rows_per = {"ping": 0, "predict": 1, "batch100": 100, "batch1000": 1000, "invocations": 1, "mlflow": 1,
                "mlflow1000": 1000}
    ping_ratio = statistics.median(ping_ratios)
    mlflow_ratio = tp["predict"]["rps"] / tp["mlflow"]["rps"]
    batch_rows = max(tp["batch100"]["rps"] * 100, tp["batch1000"]["rps"] * 1000)
    out = [f"# iris-api benchmark ({datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC)", "",
           "Command: `make bench`. One run, one machine, all on 127.0.0.1; ratios come from this run.", "",
           "## Machine", "",
           f"- {m['nproc']} CPUs: {m['cpu']}; {m['mem_gib']:.1f} GiB memory; Linux {m['kernel']}",
           f"- {m['java']}",
           f"- iris-api JVM flags: `{harness.jvm_flags()}` (the image's `docker/jvm.options`, sized as in a "
           "512 MiB container), and the image's AppCDS archive (`docker/cds-archive.sh`) unless said otherwise",
           f"- wrk {m['wrk']} (Debian), vegeta {m['vegeta']}, MLflow {m['mlflow']} + scikit-learn {m['sklearn']} "
           f"(`mlflow models serve --workers {workers} --env-manager local`)",
           f"- load average (1 min) before / after: {load_before} / {load_after} (the machine is shared: "
           "absolute figures move with it, ratios less so)", "",
           f"## Throughput (wrk, closed loop: 2 threads, {CONNECTIONS} connections, {WARMUP} s warm-up, "
           f"{DURATION} s measured)", "",
           "| endpoint | requests/s | rows/s | errors |", "| --- | ---: | ---: | ---: |"]
    for k, v in tp.items():
        r = rows_per[k] * v["rps"]
        out.append(f"| {names[k]} | {v['rps']:,.0f} | {r:,.0f} | {v['errors']} |" if rows_per[k]
                   else f"| {names[k]} | {v['rps']:,.0f} | – | {v['errors']} |")
    out += ["", f"`/ping` and `/predict` were measured in turn, {ROUNDS} times (their medians above); `/predict` ÷ "
            f"`/ping` in each round: {', '.join(f'{r:.0%}' for r in ping_ratios)} (median {ping_ratio:.0%})."]
    out += ["", f"## Latency at a fixed rate (vegeta, {RATE} requests/s unless said; {FIXED_WARMUP} s at the same rate, "
            f"then {FIXED_DURATION} s measured)", "",
            "| endpoint | p50 ms | p99 ms | p99.9 ms | max ms | failed / sent |",
            "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for k, v in lat.items():
        out.append(f"| {names[k]} | {v['p50']:.2f} | {v['p99']:.2f} | {v['p999']:.2f} | {v['max']:.2f} | "
                   f"{v['failed']} / {v['requests']} |")
    out += ["", "## Start-up and memory", "",
            f"- iris-api ready (process start to first 200 on `/health-check?type=ready`), embedded model, as the "
            f"image starts it (with its AppCDS archive): {median_of(ready['shipped'])}",
            f"- the same without the archive: {median_of(ready['no-archive'])}",
            "- iris-api ready with the model from MLflow (`MODEL_URI=models:/iris-classifier@champion`, local "
            "`mlflow server` with SQLite): "
            + (median_of(ready_mlflow) if isinstance(ready_mlflow, list) else ready_mlflow),
            f"- `mlflow models serve` ready (first 200 on `/ping`): {mlflow_ready:.2f} s",
            f"- iris-api RSS during the fixed-rate `/predict` run: {rss:.0f} MiB (max of samples every 0.5 s)",
            f"- `mlflow models serve` RSS (all {workers + 1} processes) during its fixed-rate run: "
            f"{lat['mlflow'].get('rss_mib', float('nan')):.0f} MiB", "",
            "## In-process prediction cost (JMH, average time per row, 1 fork, 3 × 1 s)", "",
            "| algorithm | ns/row | ± (99.9%) |", "| --- | ---: | ---: |"]
    for alg, (score, err) in costs.items():
        out.append(f"| {alg} | {score:,.0f} | {err:,.0f} |")
    out += ["", f"## API key rejection timing ({timing['n']} interleaved samples each, one keep-alive connection)",
            "",
            f"- median time to a 401 for a key wrong in its first byte: {timing['first_us']:.1f} µs; in its last "
            f"byte: {timing['last_us']:.1f} µs",
            f"- difference of medians: {timing['diff_us']:+.1f} µs, 95% bootstrap interval "
            f"[{timing['ci_low']:+.1f}, {timing['ci_high']:+.1f}] µs: "
            + ("no measurable difference" if timing["ci_low"] <= 0 <= timing["ci_high"]
               else "**differs** (look into it)"), "",
            f"## Drift monitoring's cost (vegeta, {drift_cost.RATE} requests/s of `/predict` to each of two "
            f"services, drift on and off, {drift_cost.ROUNDS} rounds in turn, {drift_cost.DURATION} s measured)", "",
            f"- CPU time per request (utime + stime ÷ requests answered): {drift['on']:.1f} µs on, "
            f"{drift['off']:.1f} µs off; on ÷ off per round: "
            + ", ".join(f"{r['on'] / r['off']:.3f}" for r in drift["rounds"]), "",
            "## Targets", "",
            "| target | measured | |", "| --- | ---: | --- |",
            f"| `/predict` ≥ 50% of `/ping` requests/s (median of the rounds' ratios) | {ping_ratio:.0%} | "
            f"{check(ping_ratio >= 0.5)} |",
            f"| `/predict` ≥ 8× `mlflow models serve` requests/s | {mlflow_ratio:.1f}× | "
            f"{check(mlflow_ratio >= 8)} |",
            f"| `/predict` p99 ≤ 5 ms at {RATE} requests/s | {lat['predict']['p99']:.2f} ms | "
            f"{check(lat['predict']['p99'] <= 5)} |",
            f"| batch ≥ 500,000 rows/s | {batch_rows:,.0f} | {check(batch_rows >= 500_000)} |",
            f"| ready ≤ 3 s (as the image starts: with its AppCDS archive) | {ready_s:.2f} s | "
            f"{check(ready_s <= 3)} |",
            f"| RSS ≤ 256 MiB under load (the image's JVM options and archive) | {rss:.0f} MiB | "
            f"{check(rss <= 256)} |",
            f"| drift monitoring ≤ 5% more CPU per `/predict` (median of the rounds' ratios) | "
            f"{drift['ratio'] - 1:+.1%} | {check(drift['met'])} |", ""]
    return "\n".join(out)


if __name__ == "__main__":
    main()
