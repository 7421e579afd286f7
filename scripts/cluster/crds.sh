#!/usr/bin/env bash
# Collects into DEST the CRDs of the kinds the manifests use, from the pinned Go modules: Argo CD's (the
# version the local cluster runs) and External Secrets' (ExternalSecret, SecretStore).
# Usage: crds.sh DEST ESO_VERSION
set -euo pipefail
source "$(dirname "$0")/versions.sh"
dest=${1:?usage: crds.sh DEST ESO_VERSION} eso=${2:?usage: crds.sh DEST ESO_VERSION}
dir() { go mod download -json "$1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["Dir"])'; }
rm -rf "$dest" && mkdir -p "$dest"
cp "$(dir "github.com/argoproj/argo-cd/v3@$ARGOCD_VERSION")"/manifests/crds/*-crd.yaml "$dest"/
cp "$(dir "github.com/external-secrets/external-secrets@$eso")"/config/crds/bases/external-secrets.io_{externalsecrets,secretstores}.yaml "$dest"/
chmod u+w "$dest"/*
