"""promtool on the jar's live exposition, on the monitoring component's rules and rule tests, and on every query of
its dashboard; and every metric that a rule or a dashboard query names is in the exposition."""
import json
import re
import subprocess

import yaml

from conftest import COMPONENT

# Series that come from elsewhere than the service: Prometheus' own, and kube-state-metrics' (the dashboard's HPA).
EXTERNAL = {"up"}
EXTERNAL_PREFIXES = ("kube_",)
# Grafana's variables, replaced by values of the same type so that promtool can parse the queries.
GRAFANA_VARIABLES = {"$__rate_interval": "5m", "$namespace": "mlops"}
METRIC = re.compile(r"\b([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?=\{|\[|\)|$|\s*(?:==|>|<|or\b|and\b|\*|/|\+|-))")
PROMQL_WORDS = {"by", "on", "without", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool",
                "offset", "le", "sum", "max", "min", "count", "avg", "rate", "increase", "histogram_quantile"}


def rule_groups():
    return yaml.safe_load((COMPONENT / "prometheusrule.yaml").read_text())["spec"]["groups"]


def dashboard_queries():
    dashboard = json.loads((COMPONENT / "dashboard.json").read_text())
    queries = [t["expr"] for panel in dashboard["panels"] for t in panel.get("targets", [])]
    queries += [v["definition"] for v in dashboard["templating"]["list"] if v["type"] == "query"]
    for name, value in GRAFANA_VARIABLES.items():
        queries = [q.replace(name, value) for q in queries]
    return queries


def as_promql(query):
    """label_values(metric, label), Grafana's variable query, names its metric the way PromQL would."""
    match = re.fullmatch(r"label_values\((\w+), *\w+\)", query)
    return match.group(1) if match else query


def families(exposition):
    return set(re.findall(r"^# TYPE (\S+) ", exposition, re.M))


def names_in(query):
    """The metric names a query selects: identifiers in selector position, less PromQL's own words and labels."""
    without_labels = re.sub(r"\{[^}]*\}", "{}", query)
    without_strings = re.sub(r'"[^"]*"', '""', without_labels)
    without_groupings = re.sub(r"\b(by|on|without|ignoring)\s*\([^)]*\)", "", without_strings)
    return {name for name in METRIC.findall(without_groupings)
            if name not in PROMQL_WORDS and not re.fullmatch(r"\d.*", name)}


def base(name, exposed):
    """A histogram's or counter's sample name to its family name as the exposition's TYPE line gives it."""
    for suffix in ("_bucket", "_count", "_sum", "_total"):
        if name.endswith(suffix) and name[: -len(suffix)] in exposed:
            return name[: -len(suffix)]
    return name


def test_the_exposition_passes_promtool_check_metrics(exposition, promtool):
    result = subprocess.run([promtool, "check", "metrics"], input=exposition, capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip() and not result.stderr.strip(), \
        f"promtool found problems:\n{result.stdout}{result.stderr}"


def test_the_rules_pass_promtool_check_config_and_check_rules(rules_dir, promtool):
    for command in (["check", "config", str(rules_dir / "prometheus.yml")],
                    ["check", "rules", str(rules_dir / "iris-api-rules.yaml")]):
        result = subprocess.run([promtool, *command], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_every_alert_has_unit_tests_that_pass(rules_dir, promtool):
    alerts = {r["alert"] for g in rule_groups() for r in g["rules"] if "alert" in r}
    tests = [yaml.safe_load(p.read_text()) for p in sorted(rules_dir.glob("*-test.yaml"))]
    cases = [c for t in tests for group in t["tests"] for c in group.get("alert_rule_test", [])]
    fired = {c["alertname"] for c in cases if c["exp_alerts"]}
    silent = {c["alertname"] for c in cases if not c["exp_alerts"]}
    assert alerts == fired, f"alerts without a firing test: {alerts - fired}"
    assert alerts == silent, f"alerts without a silent test: {alerts - silent}"
    result = subprocess.run([promtool, "test", "rules", *[p.name for p in sorted(rules_dir.glob("*-test.yaml"))]],
                            cwd=rules_dir, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_dashboard_query_parses(tmp_path, promtool):
    queries = [as_promql(q) for q in dashboard_queries()]
    rules = {"groups": [{"name": "dashboard", "rules": [
        {"record": f"dashboard:query_{i}", "expr": q} for i, q in enumerate(queries)]}]}
    path = tmp_path / "dashboard-queries.yaml"
    path.write_text(yaml.safe_dump(rules))
    result = subprocess.run([promtool, "check", "rules", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(queries)} rules found" in result.stdout


def test_the_dashboard_is_labelled_for_grafanas_sidecar():
    kustomization = yaml.safe_load((COMPONENT / "kustomization.yaml").read_text())
    (generator,) = kustomization["configMapGenerator"]
    assert generator["options"]["labels"] == {"grafana_dashboard": "1"}
    assert generator["files"] == ["iris-api.json=dashboard.json"]


def test_every_metric_a_rule_or_the_dashboard_names_is_exposed(exposition):
    exposed = families(exposition)
    recorded = {r["record"] for g in rule_groups() for r in g["rules"] if "record" in r}
    queries = [r["expr"] for g in rule_groups() for r in g["rules"]] + [as_promql(q) for q in dashboard_queries()]
    named = {name for q in queries for name in names_in(q)}
    assert {"iris_http_requests_total", "iris_drift_feature_psi", "jvm_memory_used_bytes"} <= named
    missing = sorted(name for name in named
                     if base(name, exposed) not in exposed and name not in recorded
                     and name not in EXTERNAL and not name.startswith(EXTERNAL_PREFIXES))
    assert not missing, f"named by rules or the dashboard but not exposed by the jar: {missing}"
