"""`make bench`: iris-api against its own ceiling and against its peers, in one run, on loopback.

The peers, one after the other once iris-api has stopped, each as its users run it at its fastest: `mlflow models
serve` (both its slowest and its fastest documented request forms), MLServer with mlserver-sklearn, and a FastAPI +
pydantic + scikit-learn service with iris-api's /predict API (bench/fastapi_peer.py). Closed-loop throughput with wrk,
latency at a fixed rate with vegeta, start-up to ready, RSS under load, the time an invalid API key takes to be
refused, the drift monitoring's CPU cost, the first minute after ready with the service's warm-up on and off
(bench/warmup_curve.py), every process's cold (first minute after ready) and warm figures, and JMH's in-process
prediction cost. Writes bench/results/latest.md.
Knobs (environment): DURATION (s per wrk run), WARMUP (s of wrk before each measured run; the jars get the
service's own WARMUP set by the bench), JIT_WARMUP (s), ROUNDS (of /ping and /predict in turn), CONNECTIONS,
RATE (req/s), FIXED_DURATION (s), FIXED_WARMUP (s); drift_cost.py's DRIFT_* for the drift monitoring's CPU cost;
warmup_curve.py's CURVE_STEP, CURVE_SECONDS (also the peers' cold window) and STEADY_AFTER.
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
import launcher
import warmup_curve
from harness import ROW, wrk_script
from launcher import HOST, ROOT

DURATION = int(os.environ.get("DURATION", "10"))
WARMUP = int(os.environ.get("WARMUP", "5"))
# The JIT needs tens of seconds of traffic before the figures settle: every endpoint gets JIT_WARMUP seconds of load
# before any measurement (the routes, one after the other, warm the code they share for longer), then WARMUP
# seconds again right before its own run.
JIT_WARMUP = int(os.environ.get("JIT_WARMUP", "20"))
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

TOOLS = ROOT / ".tools"
MLSERVER = TOOLS / "mlserver-venv" / "bin"
FASTAPI = TOOLS / "fastapi-venv" / "bin"
PEER_READY_S = 180  # a peer that is not ready by then fails the bench

TARGETS = {"ping_ratio": 0.4, "mlflow_ratio": 8.0, "mlserver_ratio": 10.0, "fastapi_ratio": 4.0,
           "row_cost_ratio": 1.5, "batch_rows_s": 500_000, "predict_p99_ms": 5.0, "ready_s": 3.0, "rss_mib": 256,
           "drift_cpu": drift_cost.TARGET - 1}
# What common HTTP clients send when the caller sets none (axios; requests-like clients send */* alone).
CLIENT_ACCEPT = "application/json, text/plain, */*"
# The Open Inference Protocol request sent to iris-api's /v2/models/iris/infer and to MLServer's, unchanged.
OIP_ROW = {"inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "FP32", "data": list(ROW.values())}]}


def log(msg):
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def startups(jvms, runs=3, env=None):
    """Seconds from process start to ready of each of `runs` starts per configuration ({name: JVM options}),
    taken in turn so that a change in the machine's load falls on all of them (no drain period on stop), without
    the service's warm-up (warmup_curve.py times the start with it)."""
    times = {name: [] for name in jvms}
    for i in range(runs):
        for name, jvm in jvms.items():
            s = launcher.Service(WORK / f"startup-{name}{i}.log", KEY, jvm=jvm,
                                env={"SHUTDOWN_WAIT_PERIOD": "0s", "WARMUP": "false", **(env or {})})
            try:
                times[name].append(s.start().wait_ready())
            finally:
                s.stop()
    return times


def mlflow_startups(jvm):
    """Start-up with the model from a local MLflow server (`train --mlflow --promote`, then MODEL_URI=models:/...).
    Returns the times, or a reason why this build cannot do it."""
    port = launcher.free_port()
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
        launcher.wait_for(f"{uri}/health", 120, server)
        train = subprocess.run(["java", "-jar", str(launcher.JAR), "train", "--mlflow", "--tracking-uri", uri,
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


def in_turn(runs):
    """The runs ({name: (url, script)}, /ping first) one after the other, ROUNDS times: each one's median, and each
    other's ÷ /ping's requests/s per round."""
    rounds = [{name: wrk(url, script) for name, (url, script) in runs.items()} for _ in range(ROUNDS)]
    ratios = {name: [r[name]["rps"] / r["ping"]["rps"] for r in rounds] for name in runs if name != "ping"}
    log(f"÷ /ping per round: { {k: [round(r, 3) for r in v] for k, v in ratios.items()} }")
    medians = {name: {"rps": statistics.median(r[name]["rps"] for r in rounds),
                      "errors": sum(r[name]["errors"] for r in rounds)} for name in runs}
    return medians, ratios


def jit_warmup(url, script):
    """JIT_WARMUP seconds of closed-loop load, not measured."""
    harness.wrk_run(url, JIT_WARMUP, CONNECTIONS, script)


class RssSampler:
    """The peak RSS (MiB) of a process and its children, sampled every 0.5 s while the `with` block runs."""

    def __init__(self, pid):
        self.pid, self.samples = pid, []

    def __enter__(self):
        import threading
        self.stop = threading.Event()

        def sample():
            while not self.stop.wait(0.5):
                self.samples.append(harness.rss_kib(self.pid))
        self.thread = threading.Thread(target=sample, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()

    @property
    def peak_mib(self):
        return max(self.samples) / 1024 if self.samples else float("nan")


def wrk(url, script=None, pid=None):
    """Closed-loop throughput: warm-up, then one measured run; returns requests/s, the count of failures and, given
    a pid, that process tree's peak RSS during the measured run."""
    harness.wrk_run(url, WARMUP, CONNECTIONS, script)
    with RssSampler(pid or os.getpid()) as rss:
        run = harness.wrk_run(url, DURATION, CONNECTIONS, script)
    log(f"wrk {url}: {run['rps']:.0f} req/s, {run['errors']} errors")
    result = {"rps": run["rps"], "errors": run["errors"]}
    if pid:
        result["rss_mib"] = rss.peak_mib
    return result


def fixed_rate(name, url, headers, body, pid=None, rate=RATE):
    """vegeta at `rate` for FIXED_WARMUP s, then for FIXED_DURATION s measured; samples RSS of `pid` meanwhile."""
    targets = launcher.vegeta_targets(WORK / f"{name}.targets", "POST" if body else "GET", url, headers, body)
    if FIXED_WARMUP > 0:
        harness.vegeta_attack(targets, rate, FIXED_WARMUP, WORK / f"{name}-warmup.bin")
    with RssSampler(pid or os.getpid()) as rss:
        summary = harness.summarize(harness.vegeta_attack(targets, rate, FIXED_DURATION, WORK / f"{name}.bin"))
    if pid:
        summary["rss_mib"] = rss.peak_mib
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


def start_peer(name, cmd, ready_url, env=None):
    """A peer's server in its own process group, its output in WORK; returns it and its seconds to ready."""
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=open(WORK / f"{name}.log", "wb"), stderr=subprocess.STDOUT,
                            start_new_session=True, env={**os.environ, **(env or {})})
    try:
        launcher.wait_for(ready_url, PEER_READY_S, proc)
    except BaseException:
        stop_group(proc)
        raise
    return proc, time.monotonic() - started


def start_mlflow(form, workers):
    """`mlflow models serve` on the model of bench/mlflow_peer.py saved for `form` (dataframe or tensor)."""
    model_dir = WORK / f"mlflow-{form}"
    subprocess.run([sys.executable, str(ROOT / "bench" / "mlflow_peer.py"), form, str(model_dir)], check=True)
    port = launcher.free_port()
    mlflow = Path(sys.executable).parent / "mlflow"
    # mlflow starts its server (uvicorn) by name: the venv's bin must be on PATH.
    proc, ready = start_peer(f"mlflow-{form}", [str(mlflow), "models", "serve", "-m", str(model_dir), "-h", HOST,
                                                "-p", str(port), "--workers", str(workers), "--env-manager", "local"],
                             f"http://{HOST}:{port}/ping",
                             {"PATH": f"{mlflow.parent}{os.pathsep}{os.environ.get('PATH', '')}"})
    return proc, f"http://{HOST}:{port}/invocations", ready


def start_mlserver(workers):
    """MLServer with mlserver-sklearn on the repository bench/mlserver_peer.py writes (parallel_workers=workers)."""
    repo, port = WORK / "mlserver", launcher.free_port()
    subprocess.run([str(MLSERVER / "python"), str(ROOT / "bench" / "mlserver_peer.py"), str(repo), str(port),
                    str(launcher.free_port()), str(workers)], check=True)
    proc, ready = start_peer("mlserver", [str(MLSERVER / "mlserver"), "start", str(repo)],
                             f"http://{HOST}:{port}/v2/models/iris/ready",
                             {"PATH": f"{MLSERVER}{os.pathsep}{os.environ.get('PATH', '')}"})
    return proc, f"http://{HOST}:{port}/v2/models/iris/infer", ready


def start_fastapi(workers):
    """bench/fastapi_peer.py under uvicorn (uvloop, httptools) with `workers` processes and no access log."""
    port = launcher.free_port()
    proc, ready = start_peer("fastapi", [str(FASTAPI / "uvicorn"), "fastapi_peer:app", "--app-dir",
                                         str(ROOT / "bench"), "--host", HOST, "--port", str(port),
                                         "--workers", str(workers), "--no-access-log"],
                             f"http://{HOST}:{port}/health", {"API_KEY": KEY})
    return proc, f"http://{HOST}:{port}/predict", ready


def peer_runs(workers):
    """Each peer started, loaded with wrk as iris-api was (its RSS sampled meanwhile), and stopped, in turn. Right
    after ready, its first load (one row) runs for warmup_curve.SECONDS first: the cold figure a new process serves.
    Returns {name: wrk result with "ready_s", and "cold" (requests/s) and "cold_errors" for a first load}."""
    json_type = {"Content-Type": "application/json"}
    runs = [
        ("mlflow_df", lambda: start_mlflow("dataframe", workers), [
            ("mlflow_df", write_body("mlflow-df1", {"dataframe_records": [ROW]}), json_type),
            ("mlflow_df1000", write_body("mlflow-df1000", {"dataframe_records": rows(1000)}), json_type)]),
        ("mlflow_tensor", lambda: start_mlflow("tensor", workers), [
            ("mlflow_tensor", write_body("mlflow-t1", {"inputs": [list(ROW.values())]}), json_type),
            ("mlflow_tensor1000", write_body("mlflow-t1000", {"inputs": [list(r.values()) for r in rows(1000)]}),
             json_type)]),
        ("mlserver", lambda: start_mlserver(workers), [("mlserver", write_body("oip1", OIP_ROW), json_type)]),
        ("fastapi", lambda: start_fastapi(workers), [
            ("fastapi", write_body("fastapi1", ROW), {**json_type, "X-API-Key": KEY})]),
    ]
    results = {}
    for peer, start, loads in runs:
        log(f"peer {peer}")
        proc, url, ready = start()
        try:
            first, body, headers = loads[0]
            cold = harness.wrk_run(url, warmup_curve.SECONDS, CONNECTIONS, wrk_script(body, headers))
            log(f"wrk {url}, cold: {cold['rps']:.0f} req/s, {cold['errors']} errors")
            for name, body, headers in loads:
                results[name] = {**wrk(url, wrk_script(body, headers), proc.pid), "ready_s": ready}
            results[first].update(cold=cold["rps"], cold_errors=cold["errors"])
        finally:
            stop_group(proc)
    return results


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
    vegeta = subprocess.run(["go", "version", "-m", str(launcher.VEGETA)], capture_output=True, text=True).stdout
    vegeta_version = re.search(r"mod\s+github.com/tsenart/vegeta/v12\s+(\S+)", vegeta)
    mlflow_version = subprocess.run([sys.executable, "-c", "import mlflow, sklearn; print(mlflow.__version__, "
                                     "sklearn.__version__)"], capture_output=True, text=True).stdout.split()
    return {**venv_versions(MLSERVER, "mlserver"), **venv_versions(FASTAPI, "fastapi", "pydantic", "uvicorn"), "nproc": os.cpu_count(), "cpu": cpu, "mem_gib": mem_kib / 1024 / 1024, "java": java[1] if len(java) > 1
            else java[0], "kernel": platform.release(), "wrk": wrk_version,
            "vegeta": vegeta_version.group(1) if vegeta_version else vegeta.strip(),
            "mlflow": mlflow_version[0] if mlflow_version else "?",
            "sklearn": mlflow_version[1] if len(mlflow_version) > 1 else "?"}


def venv_versions(venv_bin, *packages):
    """{package: version} as installed in a peer's venv ("?" without it: `make soak` needs none)."""
    if not (venv_bin / "python").exists():
        return dict.fromkeys(packages, "?")
    out = subprocess.run([str(venv_bin / "python"), "-c", "import importlib.metadata as m, sys; "
                          "print(*(m.version(p) for p in sys.argv[1:]))", *packages],
                         capture_output=True, text=True).stdout.split()
    return dict(zip(packages, out)) if len(out) == len(packages) else dict.fromkeys(packages, "?")


def loadavg():
    return Path("/proc/loadavg").read_text().split()[0]


def main():
    workers = os.cpu_count()
    m = machine()
    load_before = loadavg()
    headers = {"Content-Type": "application/json", "X-API-Key": KEY}
    bodies = {"predict": write_body("predict", ROW),
              "batch100": write_body("batch100", {"instances": rows(100)}),
              "batch1000": write_body("batch1000", {"instances": rows(1000)}),
              "v2": write_body("v2", OIP_ROW),
              "invocations": write_body("invocations", {"dataframe_records": [ROW]})}
    scripts = {name: wrk_script(body, headers) for name, body in bodies.items()}
    scripts["predict_accept"] = wrk_script(bodies["predict"], {**headers, "Accept": CLIENT_ACCEPT})
    paths = {"predict": "/predict", "predict_accept": "/predict", "batch100": "/predict/batch",
             "batch1000": "/predict/batch", "v2": "/v2/models/iris/infer", "invocations": "/invocations"}

    log("start-up: the image's AppCDS archive, then the embedded model with and without it (median of 3 each)")
    # What the image ships, as the Dockerfile makes it: the archive written by docker/cds-archive.sh.
    shipped = harness.shipped_jvm(harness.cds_archive(WORK / "iris-api.jsa"))
    ready = startups({"shipped": shipped, "no-archive": launcher.CONTAINER_JVM})
    log(f"ready after {ready}")
    ready_mlflow = mlflow_startups(shipped)
    log(f"ready with the model from MLflow: {ready_mlflow}")

    log("iris-api under load (as shipped)")
    svc = launcher.Service(WORK / "iris-api.log", KEY, jvm=shipped,
                           env={"SHUTDOWN_WAIT_PERIOD": "0s", "WARMUP": "true"}).start()
    try:
        svc.wait_ready()
        lat = {}
        with RssSampler(svc.proc.pid) as rss:
            for name in ("predict", "batch100", "batch1000", "v2", "invocations"):
                jit_warmup(svc.url + paths[name], scripts[name])
            # /ping too: cold, the first round's /ping ran at half its speed and that round's ratio came out near 60%.
            jit_warmup(f"{svc.admin_url}/ping", None)
            tp, ratios = in_turn({"ping": (f"{svc.admin_url}/ping", None),
                                  "predict": (svc.url + paths["predict"], scripts["predict"]),
                                  "predict_accept": (svc.url + paths["predict"], scripts["predict_accept"])})
            for name in ("batch100", "batch1000", "v2", "invocations"):
                tp[name] = wrk(svc.url + paths[name], scripts[name])
            log(f"fixed rate {RATE}/s")
            lat["ping"] = fixed_rate("ping", f"{svc.admin_url}/ping", {}, None)
            lat["predict"] = fixed_rate("predict", f"{svc.url}/predict", headers, bodies["predict"])
            # Latency well inside capacity too: on a busy or small machine RATE may be past what it can serve.
            half = int(tp["predict"]["rps"] / 2)
            lat["predict_half"] = fixed_rate("predict_half", f"{svc.url}/predict", headers, bodies["predict"],
                                             rate=half)
            NAMES["predict_half"] = f"`/predict` (1 row) at {half} requests/s, half the wrk maximum"
            lat["invocations"] = fixed_rate("invocations", f"{svc.url}/invocations", headers, bodies["invocations"])
        log("API key reject timing")
        timing = reject_timing(svc)
        log(f"reject timing {timing}")
    finally:
        svc.stop()

    log(f"drift monitoring on and off, {drift_cost.RATE} requests/s each, {drift_cost.ROUNDS} rounds in turn")
    drift = drift_cost.measure(KEY, shipped, WORK)
    log(f"drift cost {drift}")

    log(f"warm-up curve: {warmup_curve.SECONDS} s in {warmup_curve.STEP} s steps after ready, steady "
        f"{warmup_curve.STEADY_AFTER} s after ready, warm-up on then off")
    curve = warmup_curve.measure(KEY, shipped, WORK, scripts["predict"], CONNECTIONS)

    peers = peer_runs(workers)
    log("JMH")
    costs = jmh()
    report = render(m, load_before, loadavg(), tp, ratios, lat, ready, ready_mlflow, rss.peak_mib, timing, costs,
                    workers, drift, peers, curve)
    RESULTS.write_text(report)
    print(report)
    shutil.rmtree(WORK, ignore_errors=True)


NAMES = {"ping": "admin `/ping` (ceiling)", "predict": "`/predict` (1 row)",
         "predict_accept": f"`/predict` (1 row), `Accept: {CLIENT_ACCEPT}`",
         "batch100": "`/predict/batch` (100 rows)", "batch1000": "`/predict/batch` (1,000 rows)",
         "v2": "`/v2/models/iris/infer` (1 row, FP32 tensor)", "invocations": "`/invocations` (1 row, `dataframe_records`)",
         "mlflow_df": "`mlflow models serve`, `dataframe_records` (1 row)",
         "mlflow_df1000": "`mlflow models serve`, `dataframe_records` (1,000 rows)",
         "mlflow_tensor": "`mlflow models serve`, `inputs` tensor (1 row)",
         "mlflow_tensor1000": "`mlflow models serve`, `inputs` tensor (1,000 rows)",
         "mlserver": "MLServer `/v2/models/iris/infer` (1 row, the same request)",
         "fastapi": "FastAPI peer `/predict` (1 row, the same request)"}
ROWS_PER = {"ping": 0, "batch100": 100, "batch1000": 1000, "mlflow_df1000": 1000, "mlflow_tensor1000": 1000}


def check(ok):
    return "met" if ok else "**missed**"


def median_of(times):
    return f"{statistics.median(times):.2f} s (median of {', '.join(f'{t:.2f}' for t in times)})"


def render(m, load_before, load_after, tp, ratios, lat, ready, ready_mlflow, rss, timing, costs, workers, drift,
           peers, curve):
    t = TARGETS
    ping_ratio = statistics.median(ratios["predict"])
    accept_ratio = statistics.median(ratios["predict_accept"])
    fastest_mlflow = max(("mlflow_df", "mlflow_tensor"), key=lambda k: peers[k]["rps"])
    mlflow_ratio = tp["predict"]["rps"] / peers[fastest_mlflow]["rps"]
    mlserver_ratio = tp["v2"]["rps"] / peers["mlserver"]["rps"]
    fastapi_ratio = tp["predict"]["rps"] / peers["fastapi"]["rps"]
    # Cost per row of a one-row request: 1 / requests/s; so the cost ratio of a route to /predict is the inverse.
    v2_cost = tp["predict"]["rps"] / tp["v2"]["rps"]
    inv_cost = tp["predict"]["rps"] / tp["invocations"]["rps"]
    batch_rows = max(tp["batch100"]["rps"] * 100, tp["batch1000"]["rps"] * 1000)
    ready_s = statistics.median(ready["shipped"])
    cold_fastapi = curve["on"]["cold"] / peers["fastapi"]["cold"]
    drift_extra = drift["ratio"] - 1
    out = [f"# iris-api benchmark ({datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC)", "",
           "Command: `make bench`. One run, one machine, all on 127.0.0.1; ratios come from this run.", "",
           "## Machine", "",
           f"- {m['nproc']} CPUs: {m['cpu']}; {m['mem_gib']:.1f} GiB memory; Linux {m['kernel']}",
           f"- {m['java']}",
           f"- iris-api JVM flags: `{harness.jvm_flags()}` (the image's `docker/jvm.options`, sized as in a "
           "512 MiB container), and the image's AppCDS archive (`docker/cds-archive.sh`) unless said otherwise",
           f"- wrk {m['wrk']} (Debian), vegeta {m['vegeta']}",
           f"- peers, each with {workers} worker processes (one per CPU), started one at a time after iris-api has "
           f"stopped: MLflow {m['mlflow']} + scikit-learn {m['sklearn']} (`mlflow models serve --workers {workers} "
           f"--env-manager local`); MLServer {m['mlserver']} + mlserver-sklearn (`parallel_workers: {workers}`); "
           f"FastAPI {m['fastapi']} + pydantic {m['pydantic']} under uvicorn {m['uvicorn']} "
           f"(`--workers {workers} --no-access-log`, uvloop and httptools)",
           f"- load average (1 min) before / after: {load_before} / {load_after} (the machine is shared: "
           "absolute figures move with it, ratios less so)", "",
           f"## Throughput (wrk, closed loop: 2 threads, {CONNECTIONS} connections, {WARMUP} s warm-up, "
           f"{DURATION} s measured)", "",
           "| endpoint | requests/s | rows/s | errors | RSS MiB |", "| --- | ---: | ---: | ---: | ---: |"]
    for k, v in {**tp, **peers}.items():
        per = ROWS_PER.get(k, 1)
        rows_s = f"{per * v['rps']:,.0f}" if per else "–"
        out.append(f"| {NAMES[k]} | {v['rps']:,.0f} | {rows_s} | {v['errors']} | "
                   + (f"{v['rss_mib']:,.0f} |" if "rss_mib" in v else "|"))
    out += ["", f"`/ping`, `/predict` and `/predict` with the `Accept` list were measured in turn, {ROUNDS} times "
            f"(their medians above). `/predict` ÷ `/ping` in each round: "
            f"{', '.join(f'{r:.0%}' for r in ratios['predict'])} (median {ping_ratio:.0%}); with the `Accept` list: "
            f"{', '.join(f'{r:.0%}' for r in ratios['predict_accept'])} (median {accept_ratio:.0%}). "
            "A peer's RSS is that of all its processes during its measured run."]
    out += [""] + warmup_curve.render(curve, CONNECTIONS)
    cold_s = len(curve["on"]["steps"]) * warmup_curve.STEP
    out += ["", f"## Cold and warm (single-row requests/s; cold: the first {cold_s} s of traffic after ready; warm: "
            "the throughput table's figure)", "",
            "iris-api's cold figures come from the warm-up curve's processes, its warm figure from the process "
            "measured above; a peer's from one process, cold right after ready, then warm.", "",
            "| process | cold | failed (cold) | warm | cold ÷ warm |", "| --- | ---: | ---: | ---: | ---: |"]
    colds = {f"iris-api {NAMES['predict']}, warm-up {mode}": (c["cold"], c["cold_errors"], tp["predict"]["rps"])
             for mode, c in curve.items()}
    colds.update({NAMES[k]: (v["cold"], v["cold_errors"], v["rps"]) for k, v in peers.items() if "cold" in v})
    out += [f"| {name} | {cold:,.0f} | {failed} | {warm:,.0f} | {cold / warm:.0%} |"
            for name, (cold, failed, warm) in colds.items()]
    out += ["", f"## Latency at a fixed rate (vegeta, {RATE} requests/s unless said; {FIXED_WARMUP} s at the same rate, "
            f"then {FIXED_DURATION} s measured)", "",
            "| endpoint | p50 ms | p99 ms | p99.9 ms | max ms | failed / sent |",
            "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for k, v in lat.items():
        out.append(f"| {NAMES[k]} | {v['p50']:.2f} | {v['p99']:.2f} | {v['p999']:.2f} | {v['max']:.2f} | "
                   f"{v['failed']} / {v['requests']} |")
    out += ["", "## Start-up and memory", "",
            f"- iris-api ready (process start to first 200 on `/health-check?type=ready`), embedded model, as the "
            f"image starts it (with its AppCDS archive): {median_of(ready['shipped'])}",
            f"- the same without the archive: {median_of(ready['no-archive'])}",
            "- iris-api ready with the model from MLflow (`MODEL_URI=models:/iris-classifier@champion`, local "
            "`mlflow server` with SQLite): "
            + (median_of(ready_mlflow) if isinstance(ready_mlflow, list) else ready_mlflow),
            "- peers ready (process start to the first 200 on their readiness route): "
            + ", ".join(f"{label} {peers[k]['ready_s']:.1f} s" for label, k in (
                ("`mlflow models serve`", "mlflow_df"), ("MLServer", "mlserver"), ("the FastAPI peer", "fastapi"))),
            f"- iris-api RSS under load (peak of samples every 0.5 s over all its wrk and vegeta runs): {rss:.0f} MiB",
            "", "## In-process prediction cost (JMH, average time per row, 1 fork, 3 × 1 s)", "",
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
            + ", ".join(f"{r['on'] / r['off']:.3f}" for r in drift["rounds"])
            + f"; requests not answered 2xx: {drift['failed']['on']} on, {drift['failed']['off']} off", "",
            "## Targets", "",
            "| target | measured | |", "| --- | ---: | --- |",
            f"| `/predict` ≥ {t['ping_ratio']:.0%} of `/ping` requests/s (median of the rounds' ratios) | "
            f"{ping_ratio:.0%} | {check(ping_ratio >= t['ping_ratio'])} |",
            f"| the same with `Accept: {CLIENT_ACCEPT}` | {accept_ratio:.0%} | "
            f"{check(accept_ratio >= t['ping_ratio'])} |",
            f"| `/predict` ≥ {t['mlflow_ratio']:.0f}× `mlflow models serve` at its fastest, warm ({NAMES[fastest_mlflow]}) "
            f"| {mlflow_ratio:.1f}× | {check(mlflow_ratio >= t['mlflow_ratio'])} |",
            f"| `/v2/models/iris/infer` ≥ {t['mlserver_ratio']:.0f}× MLServer on the same request, warm | "
            f"{mlserver_ratio:.1f}× | {check(mlserver_ratio >= t['mlserver_ratio'])} |",
            f"| `/predict` ≥ {t['fastapi_ratio']:.0f}× the FastAPI peer, warm | {fastapi_ratio:.1f}× | "
            f"{check(fastapi_ratio >= t['fastapi_ratio'])} |",
            f"| `/v2/models/iris/infer` cost per row ≤ {t['row_cost_ratio']}× `/predict`'s | {v2_cost:.2f}× | "
            f"{check(v2_cost <= t['row_cost_ratio'])} |",
            f"| `/invocations` cost per row ≤ {t['row_cost_ratio']}× `/predict`'s | {inv_cost:.2f}× | "
            f"{check(inv_cost <= t['row_cost_ratio'])} |",
            f"| batch ≥ {t['batch_rows_s']:,} rows/s | {batch_rows:,.0f} | {check(batch_rows >= t['batch_rows_s'])} |",
            f"| `/predict` p99 ≤ {t['predict_p99_ms']:.0f} ms at {RATE} requests/s | {lat['predict']['p99']:.2f} ms | "
            f"{check(lat['predict']['p99'] <= t['predict_p99_ms'])} |",
            f"| ready ≤ {t['ready_s']:.0f} s without warm-up (with the image's AppCDS archive) | {ready_s:.2f} s | "
            f"{check(ready_s <= t['ready_s'])} |",
            *(f"| {name} | {measured} | {check(ok)} |" for name, measured, ok in warmup_curve.targets(curve)),
            f"| `/predict` in the cold {cold_s} s, warm-up on, ≥ the FastAPI peer's | {cold_fastapi:.2f}× | "
            f"{check(cold_fastapi >= 1)} |",
            f"| RSS ≤ {t['rss_mib']} MiB under load (the image's JVM options and archive) | {rss:.0f} MiB | "
            f"{check(rss <= t['rss_mib'])} |",
            f"| drift monitoring ≤ {t['drift_cpu']:.0%} more CPU per `/predict` (median of the rounds' ratios) | "
            f"{drift_extra:+.1%} | {check(drift_extra <= t['drift_cpu'])} |", ""]
    return "\n".join(out)


if __name__ == "__main__":
    main()
