#!/usr/bin/env bash
# make cluster-down: stops the local cluster and removes everything it made: its pods' containers, its
# processes (by the PIDs recorded at start), mounts under its state, its cgroups, the nodes' network
# namespaces and the state itself. Harmless when nothing is running. --quiet: say nothing when there was nothing.
set -uo pipefail
source "$(dirname "$0")/versions.sh"
source "$(dirname "$0")/processes.sh"
quiet=${1:-}
say() { [[ $quiet == --quiet ]] || echo "cluster-down: $*"; }

# The pods first, while the nodes' containerd can still stop them: the kubelets would restart them.
for pid_file in "$STATE"/pids/*kubelet.pid; do [[ -f $pid_file ]] && stop "$(basename "$pid_file" .pid)" 15; done
for socket in $(node_sockets); do
  ctr=(ctr --address "$socket" -n k8s.io)
  for task in $("${ctr[@]}" tasks ls -q 2>/dev/null); do "${ctr[@]}" tasks kill -s KILL "$task" 2>/dev/null; done
  for _ in $(seq 50); do [[ -z $("${ctr[@]}" tasks ls -q 2>/dev/null) ]] && break; sleep 0.2; done
  for task in $("${ctr[@]}" tasks ls -q 2>/dev/null); do "${ctr[@]}" tasks delete -f "$task" >/dev/null 2>&1; done
done
for pid_file in "$STATE"/pids/*.pid; do
  [[ -f $pid_file ]] || continue
  name=$(basename "$pid_file" .pid)
  [[ $name == *containerd || $name == etcd || $name == kube-apiserver ]] && continue
  stop "$name"
done
# Shims that outlived their containers, by the PIDs containerd recorded for them.
for shim_pid in "$RUN"/containerd/io.containerd.runtime.v2.task/*/*/shim.pid \
    "$RUN"/node*/containerd/io.containerd.runtime.v2.task/*/*/shim.pid; do
  [[ -f $shim_pid ]] && kill -KILL "$(cat "$shim_pid")" 2>/dev/null
done
for pid_file in "$STATE"/pids/*containerd.pid; do [[ -f $pid_file ]] && stop "$(basename "$pid_file" .pid)"; done
stop kube-apiserver
stop etcd

# Processes left in the pods' cgroups, then the cgroups themselves, deepest first.
for controller in /sys/fs/cgroup/*/; do
  root=$controller${CGROUP_ROOT#/}
  [[ -d $root ]] || continue
  find "$root" -name cgroup.procs -exec cat {} + 2>/dev/null | xargs -r kill -KILL 2>/dev/null
  sleep 0.2
  find "$root" -depth -type d -exec rmdir {} + 2>/dev/null
  [[ -d $root ]] && say "cgroup $root still in use"
done

# Mounts under the state (the kubelet's volumes, containerd's snapshots and sandboxes), deepest first.
for attempt in 1 2 3; do
  mounts=$(findmnt -rn -o TARGET | grep -E "^($STATE|$RUN)(/|$)" | sort -r)
  [[ -z $mounts ]] && break
  echo "$mounts" | xargs -r -n1 umount -l 2>/dev/null
done

# The nodes' namespaces (deleting one deletes its end of every veth pair, and so the pair).
for netns in $(ip netns list | awk -v ns="$NETNS" '$1 == ns || $1 ~ /^iris-node[0-9]+$/ {print $1}'); do
  ip netns delete "$netns"
  say "network namespace $netns removed"
done
if [[ -f $STATE/mlruns.created ]]; then rm -rf /tmp/mlruns; fi
if [[ -d $STATE || -d $RUN ]]; then
  # The built tools stay in .tools/cluster; the cluster's state goes.
  rm -rf "$STATE" "$RUN"
  say "stopped; state removed"
fi
exit 0
