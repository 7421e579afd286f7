#!/usr/bin/env bash
# Makes the local stand-ins for the Dockerfile's base images, for machines that reach no image
# registry: a Debian bookworm rootfs from debootstrap, imported into Docker.
#   JRE image   (runtime stage): openjdk-17-jre-headless
#   build image (build stage):   openjdk-17-jdk-headless + maven (Maven Central is reached by mvn itself)
#   Python image (with the argument python): python3 + venv, the base of docker/mlflow-server.Dockerfile
# An image that already exists is reused; FORCE=1 remakes them.
# Prints nothing on stdout but the two image names as shell assignments, for the caller to eval.
set -euo pipefail

JRE_BASE=${JRE_BASE:-iris-local/jre17:bookworm}
BUILD_BASE=${BUILD_BASE:-iris-local/maven-jdk17:bookworm}
PYTHON_BASE=${PYTHON_BASE:-iris-local/python3:bookworm}
SUITE=${SUITE:-bookworm}
WORKDIR=${IMAGE_WORKDIR:-/var/tmp/iris-api-image}   # outside the repo: rootfs dirs are never committed

log() { echo "image-base: $*" >&2; }

docker info >/dev/null 2>&1 || {
  log "no Docker engine: run make image-test (it starts one), or dockerd --bridge=none --iptables=false &"
  exit 1; }

# The Debian mirror is whatever apt on this machine already uses, read now, never written down:
# the first 'deb' source (deb822 *.sources or one-line sources.list) that serves the suite.
apt_mirror() {
  /usr/bin/python3 - "$SUITE" <<'PY'
import glob, sys
suite = sys.argv[1]
for path in sorted(glob.glob("/etc/apt/sources.list.d/*.sources")):
    for stanza in open(path).read().split("\n\n"):
        f = {}
        for line in stanza.splitlines():
            if ":" in line and not line.startswith(("#", " ")):
                k, v = line.split(":", 1)
                f[k.strip().lower()] = v.split()
        if "deb" in f.get("types", []) and suite in f.get("suites", []) and f.get("enabled", ["yes"])[0] != "no":
            print(f["uris"][0]); sys.exit(0)
for path in ["/etc/apt/sources.list"] + sorted(glob.glob("/etc/apt/sources.list.d/*.list")):
    try:
        lines = open(path).read().splitlines()
    except OSError:
        continue
    for line in lines:
        w = [x for x in line.split() if not x.startswith("[")]   # drop [signed-by=...] options
        if len(w) >= 3 and w[0] == "deb" and w[2] == suite:
            print(w[1]); sys.exit(0)
sys.exit("no apt source for suite " + suite)
PY
}

# make_base IMAGE PACKAGES [trust-host-cas]: debootstrap a minimal rootfs with PACKAGES and
# import it as IMAGE.
make_base() {
  local image=$1 packages=$2 trust=${3:-} dir
  if [[ -z "${FORCE:-}" ]] && docker image inspect "$image" >/dev/null 2>&1; then
    log "reusing $image"; return
  fi
  mkdir -p "$WORKDIR"
  dir=$(mktemp -d "$WORKDIR/rootfs.XXXXXX")
  local mirror; mirror=$(apt_mirror)
  log "debootstrap $SUITE with $packages -> $image (takes a minute)"
  local t0=$SECONDS
  debootstrap --variant=minbase --include="$packages" "$SUITE" "$dir" "$mirror" \
    > "$dir.log" 2>&1 || { tail -20 "$dir.log" >&2; rm -rf "$dir"; exit 1; }
  # Nothing of the build machine's apt state belongs in an image; docs and translations are
  # dead weight in a container (about 55 MB here).
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/* \
    "$dir"/usr/share/doc/* "$dir"/usr/share/man/* "$dir"/usr/share/locale/*
  if [[ -n "$trust" ]]; then
    # Maven in the build stage must trust what this machine trusts: where outbound HTTPS passes
    # a TLS-inspecting proxy, its CA is only in the machine's stores. Taken as they are now.
    cp /etc/ssl/certs/ca-certificates.crt "$dir"/etc/ssl/certs/ca-certificates.crt
    if [[ -d "$dir"/etc/ssl/certs/java ]]; then cp /etc/ssl/certs/java/cacerts "$dir"/etc/ssl/certs/java/cacerts; fi
  fi
  tar -C "$dir" -c . | docker import \
    -c 'ENV LANG=C.UTF-8' -c 'CMD ["/bin/bash"]' - "$image" >/dev/null
  rm -rf "$dir" "$dir.log"
  log "made $image in $((SECONDS - t0)) s"
}

make_base "$JRE_BASE" openjdk-17-jre-headless
make_base "$BUILD_BASE" openjdk-17-jdk-headless,maven trust-host-cas
echo "JRE_BASE=$JRE_BASE"
echo "BUILD_BASE=$BUILD_BASE"
if [[ ${1:-} == python ]]; then
  # pip in the image build must trust what this machine trusts, as Maven does.
  make_base "$PYTHON_BASE" python3,python3-venv,ca-certificates trust-host-cas
  echo "PYTHON_BASE=$PYTHON_BASE"
fi
