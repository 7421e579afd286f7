# The MLflow tracking server the manifests run (image ghcr.io/mlflow/mlflow:vX), built from the MLflow
# package itself for clusters that reach no image registry: `make cluster-load` builds it on a local
# Python base (hack/image-base.sh python) with the version of the manifests' tag.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm
FROM ${PYTHON_IMAGE}
ARG MLFLOW_VERSION
# The system's CA bundle: where HTTPS passes a TLS-inspecting proxy, only it knows the proxy's CA.
RUN test -n "${MLFLOW_VERSION}" \
 && python3 -m venv /opt/mlflow \
 && PIP_CERT=/etc/ssl/certs/ca-certificates.crt \
    /opt/mlflow/bin/pip install --no-cache-dir --disable-pip-version-check "mlflow==${MLFLOW_VERSION}"
ENV PATH=/opt/mlflow/bin:$PATH
# As the upstream image's users run it: a numeric non-root user, home in the writable /tmp.
USER 10001:10001
WORKDIR /tmp
CMD ["mlflow", "server"]
