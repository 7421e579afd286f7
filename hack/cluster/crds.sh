#!/usr/bin/env bash
# Collects into DEST the CRDs of the kinds the manifests use, from the pinned Go modules: Argo CD's (the
# version the local cluster runs), External Secrets' (ExternalSecret, SecretStore) and the Prometheus Operator's
# (PodMonitor, PrometheusRule) and Gateway API's standard channel (Gateway, HTTPRoute and the kinds their
# implementation watches).
# Usage: crds.sh DEST ESO_VERSION PROMETHEUS_OPERATOR_VERSION GATEWAY_API_VERSION
set -euo pipefail
source "$(dirname "$0")/versions.sh"
usage="usage: crds.sh DEST ESO_VERSION PROMETHEUS_OPERATOR_VERSION GATEWAY_API_VERSION"
dest=${1:?$usage} eso=${2:?$usage} promop=${3:?$usage} gwapi=${4:?$usage}
rm -rf "$dest" && mkdir -p "$dest"
cp "$(module_dir "github.com/argoproj/argo-cd/v3@$ARGOCD_VERSION")"/manifests/crds/*-crd.yaml "$dest"/
cp "$(module_dir "github.com/external-secrets/external-secrets@$eso")"/config/crds/bases/external-secrets.io_{externalsecrets,secretstores}.yaml "$dest"/
cp "$(module_dir "github.com/prometheus-operator/prometheus-operator@$promop")"/example/prometheus-operator-crd/monitoring.coreos.com_{podmonitors,prometheusrules}.yaml "$dest"/
cp "$(module_dir "sigs.k8s.io/gateway-api@$gwapi")"/config/crd/standard/gateway.networking.k8s.io_*.yaml "$dest"/
chmod u+w "$dest"/*
