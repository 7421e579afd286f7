#!/usr/bin/env python3
"""Write a Prometheus configuration that scrapes and alerts as the monitoring component asks the Operator to.

  prometheus-config.py OUT [--namespace NS] [--kubeconfig FILE] [MANIFEST...]

MANIFEST: YAML files holding the PodMonitor and the PrometheusRule (default: deploy/components/monitoring/'s, or
give a rendered overlay). Writes OUT/prometheus.yml (pod discovery through the Kubernetes API with the PodMonitor's
namespace, label selector, port and path, and the Operator's target labels) and OUT/iris-api-rules.yaml (the
PrometheusRule's groups), for a Prometheus that runs outside the cluster without the Operator.
"""
import argparse
import pathlib
import re

import yaml

COMPONENT = pathlib.Path(__file__).resolve().parents[1] / "deploy/components/monitoring"
RULES_FILE = "iris-api-rules.yaml"


def label_meta(name: str) -> str:
    """The discovery meta label of a pod label, as Prometheus names it."""
    return "__meta_kubernetes_pod_label_" + re.sub(r"[^a-zA-Z0-9_]", "_", name)


def scrape_config(monitor: dict, namespace: str, kubeconfig: str | None) -> list:
    name = monitor["metadata"]["name"]
    namespaces = monitor["spec"].get("namespaceSelector", {}).get("matchNames") or [namespace]
    sd = {"role": "pod", "namespaces": {"names": namespaces}}
    if kubeconfig:
        sd["kubeconfig_file"] = kubeconfig
    jobs = []
    for index, endpoint in enumerate(monitor["spec"]["podMetricsEndpoints"]):
        relabel = [{"action": "keep", "source_labels": [label_meta(key)], "regex": re.escape(value)}
                   for key, value in monitor["spec"]["selector"].get("matchLabels", {}).items()]
        relabel += [
            {"action": "drop", "source_labels": ["__meta_kubernetes_pod_phase"], "regex": "(Failed|Succeeded)"},
            {"action": "keep", "source_labels": ["__meta_kubernetes_pod_container_port_name"],
             "regex": re.escape(endpoint["port"])},
            {"source_labels": ["__meta_kubernetes_namespace"], "target_label": "namespace"},
            {"source_labels": ["__meta_kubernetes_pod_name"], "target_label": "pod"},
            {"source_labels": ["__meta_kubernetes_pod_container_name"], "target_label": "container"},
            {"source_labels": ["__meta_kubernetes_namespace"], "target_label": "job",
             "replacement": f"$1/{name}"},
            {"target_label": "endpoint", "replacement": endpoint["port"]},
        ]
        job = {"job_name": f"podMonitor/{namespaces[0]}/{name}/{index}",
               "metrics_path": endpoint.get("path", "/metrics"),
               "kubernetes_sd_configs": [sd],
               "relabel_configs": relabel}
        if "interval" in endpoint:
            job["scrape_interval"] = endpoint["interval"]
        jobs.append(job)
    return jobs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=pathlib.Path)
    parser.add_argument("manifests", nargs="*", type=pathlib.Path,
                        default=[COMPONENT / "podmonitor.yaml", COMPONENT / "prometheusrule.yaml"])
    parser.add_argument("--namespace", default="mlops", help="where the PodMonitor lives, when it does not say")
    parser.add_argument("--kubeconfig", help="for a Prometheus outside the cluster (default: in-cluster account)")
    args = parser.parse_args()

    docs = [d for path in args.manifests for d in yaml.safe_load_all(path.read_text()) if d]
    monitors = [d for d in docs if d.get("kind") == "PodMonitor"]
    rules = [d for d in docs if d.get("kind") == "PrometheusRule"]
    if len(monitors) != 1 or len(rules) != 1:
        parser.error(f"expected one PodMonitor and one PrometheusRule, found {len(monitors)} and {len(rules)}")
    monitor = monitors[0]
    namespace = monitor["metadata"].get("namespace", args.namespace)

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / RULES_FILE).write_text(yaml.safe_dump({"groups": rules[0]["spec"]["groups"]}, sort_keys=False))
    config = {
        "global": {"scrape_interval": "15s", "evaluation_interval": "15s"},
        "rule_files": [RULES_FILE],
        "scrape_configs": scrape_config(monitor, namespace, args.kubeconfig),
    }
    (args.out / "prometheus.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    print(f"wrote {args.out / 'prometheus.yml'} and {args.out / RULES_FILE}")


if __name__ == "__main__":
    main()
