#!/usr/bin/env python3
"""Turn one container of a rendered Deployment into `docker run` settings.

    kustomize build deploy/overlays/minikube | pod-run-args.py DEPLOYMENT CONTAINER OUTDIR

Writes OUTDIR/env (a docker --env-file: the container's env and envFrom, ConfigMaps and
Secrets resolved from the same rendered output) and OUTDIR/run.sh (bash assignments:
RUN_ARGS for `docker run`, CMD_ARGS after the image, the readiness probe's port and path,
the admin port, the termination grace period, the memory limit, a test API key).

Only what Docker can express is translated; anything else is named on stderr, so that a
later change to the Deployment cannot silently go untested.
"""
import base64
import ipaddress
import re
import secrets
import shlex
import sys
from urllib.parse import urlsplit

import yaml

QUANTITY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40,
            "k": 10**3, "M": 10**6, "G": 10**9, "T": 10**12, "": 1}


def warn(msg):
    print(f"pod-run-args: not translated: {msg}", file=sys.stderr)


def quantity_bytes(q):
    m = re.fullmatch(r"([0-9.]+)([A-Za-z]*)", str(q))
    if not m or m.group(2) not in QUANTITY:
        sys.exit(f"pod-run-args: unknown quantity {q!r}")
    return int(float(m.group(1)) * QUANTITY[m.group(2)])


def cpus(q):
    q = str(q)
    return str(int(q[:-1]) / 1000) if q.endswith("m") else q


def main():
    deployment, container_name, outdir = sys.argv[1:4]
    docs = [d for d in yaml.safe_load_all(sys.stdin) if d]
    by_kind = lambda kind: {d["metadata"]["name"]: d for d in docs if d.get("kind") == kind}
    configmaps, secrets_ = by_kind("ConfigMap"), by_kind("Secret")
    if deployment not in by_kind("Deployment"):
        sys.exit(f"pod-run-args: no Deployment {deployment} in the rendered output")
    pod = by_kind("Deployment")[deployment]["spec"]["template"]["spec"]
    containers = {c["name"]: c for c in pod["containers"]}
    if container_name not in containers:
        sys.exit(f"pod-run-args: no container {container_name} in Deployment {deployment}")
    c = containers[container_name]

    def configmap(name):
        return dict(configmaps[name].get("data") or {})

    def secret(name):
        s = secrets_[name]
        data = {k: base64.b64decode(v).decode() for k, v in (s.get("data") or {}).items()}
        data.update(s.get("stringData") or {})
        return data

    # Environment, with Kubernetes' precedence: envFrom first, then env overrides it.
    env = {}
    for src in c.get("envFrom") or []:
        prefix = src.get("prefix", "")
        if "configMapRef" in src:
            data = configmap(src["configMapRef"]["name"])
        elif "secretRef" in src:
            data = secret(src["secretRef"]["name"])
        else:
            warn(f"envFrom {src}"); continue
        env.update({prefix + k: v for k, v in data.items()})
    for e in c.get("env") or []:
        if "value" in e:
            env[e["name"]] = str(e["value"])
        elif "configMapKeyRef" in (e.get("valueFrom") or {}):
            ref = e["valueFrom"]["configMapKeyRef"]
            env[e["name"]] = configmap(ref["name"])[ref["key"]]
        elif "secretKeyRef" in (e.get("valueFrom") or {}):
            ref = e["valueFrom"]["secretKeyRef"]
            env[e["name"]] = secret(ref["name"])[ref["key"]]
        else:
            warn(f"env {e['name']} (valueFrom {list((e.get('valueFrom') or {}).keys())})")
    # The overlay's key file may still hold its example's empty key: use a throwaway one then.
    if not env.get("API_KEY"):
        env["API_KEY"] = secrets.token_hex(16)
    api_key = env["API_KEY"].split(",")[0].strip()

    # Security context: the container's fields override the pod's.
    psc, csc = pod.get("securityContext") or {}, c.get("securityContext") or {}
    sc = lambda k: csc.get(k, psc.get(k))
    args = []
    uid, gid = sc("runAsUser"), sc("runAsGroup")
    if uid is not None:
        args.append(f"--user={uid}" + (f":{gid}" if gid is not None else ""))
    for g in ([psc["fsGroup"]] if "fsGroup" in psc else []) + list(psc.get("supplementalGroups") or []):
        args.append(f"--group-add={g}")
    if sc("readOnlyRootFilesystem"):
        args.append("--read-only")
    caps = csc.get("capabilities") or {}
    args += [f"--cap-drop={x}" for x in caps.get("drop") or []]
    args += [f"--cap-add={x}" for x in caps.get("add") or []]
    if sc("allowPrivilegeEscalation") is False:
        args.append("--security-opt=no-new-privileges")
    if (sc("seccompProfile") or {}).get("type") not in (None, "RuntimeDefault"):
        warn(f"seccompProfile {sc('seccompProfile')}")  # Docker's default profile is RuntimeDefault
    if csc.get("privileged"):
        sys.exit("pod-run-args: privileged containers are not tested here")

    # Volumes: an emptyDir is a fresh writable directory; a tmpfs is Docker's nearest match.
    # Exec is allowed on purpose, as on an emptyDir.
    volumes = {v["name"]: v for v in pod.get("volumes") or []}
    for m in c.get("volumeMounts") or []:
        v = volumes[m["name"]]
        if "emptyDir" in v:
            opts = "rw,exec,nosuid,nodev,mode=1777"
            if (v["emptyDir"] or {}).get("sizeLimit"):
                opts += f",size={quantity_bytes(v['emptyDir']['sizeLimit'])}"
            args.append(f"--tmpfs={m['mountPath']}:{opts}")
        else:
            warn(f"volume {m['name']} at {m['mountPath']}")

    limits = (c.get("resources") or {}).get("limits") or {}
    memory = quantity_bytes(limits["memory"]) if "memory" in limits else 0
    if memory:
        # No swap in a pod: the memory limit is all there is.
        args += [f"--memory={memory}", f"--memory-swap={memory}"]
    if "cpu" in limits:
        args.append(f"--cpus={cpus(limits['cpu'])}")

    # Cluster-internal service names (MLflow, ...) do not exist here: point them at loopback,
    # so that they fail at once and alike wherever this runs; the service must cope without them.
    hosts = set()
    for value in env.values():
        for url in re.findall(r"[a-z][a-z0-9+.-]*://[^\s,]+", value):
            host = urlsplit(url).hostname
            if host and host != "localhost":
                try:
                    ipaddress.ip_address(host)
                except ValueError:
                    hosts.add(host)
    args += [f"--add-host={h}:127.0.0.1" for h in sorted(hosts)]

    entry = c.get("command") or []
    if entry:
        args.append(f"--entrypoint={entry[0]}")
    cmd = entry[1:] + list(c.get("args") or [])

    # The readiness probe says where "ready" is asked; a named port is looked up.
    probe = (c.get("readinessProbe") or {}).get("httpGet") or {}
    ports = {p.get("name"): p["containerPort"] for p in c.get("ports") or []}
    port = probe.get("port", 8000)
    port = ports.get(port, port)
    admin_port = ports.get("admin", 8081)

    with open(f"{outdir}/env", "w") as f:
        for k, v in sorted(env.items()):
            if "\n" in v:
                sys.exit(f"pod-run-args: {k} has a newline, which a docker env-file cannot carry")
            f.write(f"{k}={v}\n")
    q = lambda xs: " ".join(shlex.quote(str(x)) for x in xs)
    with open(f"{outdir}/run.sh", "w") as f:
        f.write(f"RUN_ARGS=({q(args)})\n")
        f.write(f"CMD_ARGS=({q(cmd)})\n")
        f.write(f"READY_PORT={int(port)}\n")
        f.write(f"ADMIN_PORT={int(admin_port)}\n")
        f.write(f"READY_PATH={shlex.quote(probe.get('path', '/health-check?type=ready'))}\n")
        f.write(f"GRACE={int(pod.get('terminationGracePeriodSeconds', 30))}\n")
        f.write(f"MEMORY_LIMIT={memory}\n")
        f.write(f"RUN_AS_UID={shlex.quote(str(uid if uid is not None else ''))}\n")
        f.write(f"API_KEY_FOR_TEST={shlex.quote(api_key)}\n")


if __name__ == "__main__":
    main()
