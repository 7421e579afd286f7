#!/usr/bin/env bash
# The Debian packages the local cluster runs on, installed when missing. Their init scripts start
# nothing here: the cluster's scripts run each program as a process of their own.
set -euo pipefail
declare -A needs=(
  [etcd]=etcd-server [containerd]=containerd [runc]=runc [iptables]=iptables [conntrack]=conntrack
  [/usr/lib/cni/bridge]=containernetworking-plugins [redis-server]=redis-server [git]=git
  [openssl]=openssl [curl]=curl [nsenter]=util-linux [gcc]=gcc [ip]=iproute2
)
missing=()
for tool in "${!needs[@]}"; do
  command -v "$tool" >/dev/null || [[ -x $tool ]] || missing+=("${needs[$tool]}")
done
# gcc -static needs the C library's static archive.
[[ -f /usr/lib/x86_64-linux-gnu/libc.a || -f /usr/lib/aarch64-linux-gnu/libc.a ]] || missing+=(libc6-dev)
if ((${#missing[@]})); then
  echo "cluster: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
