#!/usr/bin/env bash
# Certificates and keys of the local cluster (openssl), made once per cluster into .cluster/pki.
set -euo pipefail
source "$(dirname "$0")/versions.sh"
PKI=$STATE/pki
[[ -f $PKI/.done ]] && exit 0
rm -rf "$PKI" && mkdir -p "$PKI" && cd "$PKI"
umask 077

ca() { # ca NAME CN
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$2" -keyout "$1.key" -out "$1.crt" 2>/dev/null
}
# cert NAME CA SUBJECT [SANS]: a leaf certificate for a client (no SANs) or a server.
cert() {
  local name=$1 ca=$2 subject=$3 sans=${4:-} ext
  ext=$(mktemp)
  if [[ -n $sans ]]; then
    printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\n' "$sans" > "$ext"
  else
    printf 'extendedKeyUsage=clientAuth\n' > "$ext"
  fi
  openssl req -newkey rsa:2048 -nodes -subj "$subject" -keyout "$name.key" -out "$name.csr" 2>/dev/null
  openssl x509 -req -in "$name.csr" -CA "$ca.crt" -CAkey "$ca.key" -CAcreateserial -days 30 \
    -extfile "$ext" -out "$name.crt" 2>/dev/null
  rm -f "$name.csr" "$ext"
}

ca ca kubernetes-ca
ca front-proxy-ca front-proxy-ca
cert apiserver ca /CN=kube-apiserver \
  "IP:$NODE_IP,IP:$KUBERNETES_SVC_IP,IP:127.0.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
# Each node's kubelet: its client identity (system:node:NAME, as the Node authorizer wants) and serving certificate.
for n in $(seq "$CLUSTER_NODES"); do
  node_vars "$n"
  cert "${NODE_PREFIX}kubelet" ca "/O=system:nodes/CN=system:node:$NODE" "IP:$NODE_ADDR,DNS:$NODE"
done
cert apiserver-kubelet-client ca "/O=system:masters/CN=kube-apiserver-kubelet-client"
cert admin ca "/O=system:masters/CN=kubernetes-admin"
cert controller-manager ca /CN=system:kube-controller-manager
cert scheduler ca /CN=system:kube-scheduler
cert kube-proxy ca /CN=system:kube-proxy
cert front-proxy-client front-proxy-ca /CN=front-proxy-client
openssl genrsa -out sa.key 2048 2>/dev/null
openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
touch .done
