#!/usr/bin/env python3
"""Turn one container of a rendered Deployment into `docker run` settings.

    kustomize build deploy/overlays/minikube | pod-run-args.py DEPLOYMENT CONTAINER OUTDIR

Writes OUTDIR/env (a docker --env-file: the container's env and envFrom, ConfigMaps and
Secrets resolved from the same rendered output), OUTDIR/volumes/NAME for each Secret volume
(laid out as the kubelet lays out a mounted Secret: a timestamped directory, the ..data symlink
to it, one symlink per file through ..data) and OUTDIR/run.sh (bash assignments: RUN_ARGS for
`docker run`, CMD_ARGS after the image, the readiness probe's port and path, the admin port,
the termination grace period, the memory limit, MOUNTS (mount path, then directory here, for
each Secret volume), API_KEY_FILE_HERE (the API key file on this machine) and a test API key).

Only what Docker can express is translated; anything else is named on stderr, so that a
later change to the Deployment cannot silently go untested.
"""
import base64
import ipaddress
import os
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


def kubelet_secret_dir(root, files):
    """A mounted Secret as the kubelet writes it, so that an update can swap ..data atomically."""
    data = "..2026_01_01_00_00_00.0"
    os.makedirs(f"{root}/{data}", mode=0o755)
    for name, content in files.items():
        with open(f"{root}/{data}/{name}", "w") as f:
            f.write(content)
        os.symlink(f"..data/{name}", f"{root}/{name}")
    os.symlink(data, f"{root}/..data")


def cpus(q):
    q = str(q)
    return str(int(q[:-1]) / 1000) if q.endswith("m") else q


def keys_in(text):
    """The keys of an API key file, as the service reads it."""
    lines = [line.strip() for line in text.splitlines() if not line.strip().startswith("#")]
    return [key.strip() for line in lines for key in line.split(",") if key.strip()]


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
            values = secret(ref["name"])
            if ref["key"] in values:
                env[e["name"]] = values[ref["key"]]
            elif not ref.get("optional"):
                sys.exit(f"pod-run-args: env {e['name']}: Secret {ref['name']} has no key {ref['key']}")
        else:
            warn(f"env {e['name']} (valueFrom {list((e.get('valueFrom') or {}).keys())})")

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
    # Exec is allowed on purpose, as on an emptyDir. A Secret volume is its files, read-only.
    volumes = {v["name"]: v for v in pod.get("volumes") or []}
    mounts = {}
    for m in c.get("volumeMounts") or []:
        v = volumes[m["name"]]
        if "emptyDir" in v:
            opts = "rw,exec,nosuid,nodev,mode=1777"
            if (v["emptyDir"] or {}).get("sizeLimit"):
                opts += f",size={quantity_bytes(v['emptyDir']['sizeLimit'])}"
            args.append(f"--tmpfs={m['mountPath']}:{opts}")
        elif "secret" in v and not m.get("subPath"):
            values = secret(v["secret"]["secretName"])
            items = v["secret"].get("items") or [{"key": k, "path": k} for k in values]
            files = {i["path"]: values[i["key"]] for i in items}
            # The overlay's key file may still be empty (a clean clone): a throwaway key then.
            for path, content in files.items():
                if f"{m['mountPath']}/{path}" == env.get("API_KEY_FILE") and not keys_in(content):
                    files[path] = secrets.token_hex(16) + "\n"
            here = os.path.abspath(f"{outdir}/volumes/{m['name']}")
            kubelet_secret_dir(here, files)
            # Readable by the container's user, as the pod's fsGroup makes them: the files are the caller's.
            for root, dirs, names in os.walk(f"{outdir}/volumes"):
                for d in dirs:
                    os.chmod(f"{root}/{d}", 0o755)
                for n in names:
                    os.chmod(f"{root}/{n}", 0o444)
            args.append(f"--volume={here}:{m['mountPath']}:ro")
            mounts[m["mountPath"]] = here
        else:
            warn(f"volume {m['name']} at {m['mountPath']}")
    key_file = env.get("API_KEY_FILE", "")
    key_file_here = next((here + key_file[len(path):] for path, here in mounts.items()
                          if key_file.startswith(path + "/")), "")
    if not key_file_here:
        sys.exit(f"pod-run-args: API_KEY_FILE {key_file!r} is on no Secret volume of the container")
    with open(key_file_here) as f:
        api_key = keys_in(f.read())[0]

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
        f.write(f"MOUNTS=({q(x for pair in mounts.items() for x in pair)})\n")
        f.write(f"API_KEY_FILE_HERE={shlex.quote(key_file_here)}\n")
        f.write(f"API_KEY_FOR_TEST={shlex.quote(api_key)}\n")


if __name__ == "__main__":
    main()
