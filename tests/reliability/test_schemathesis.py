"""Property-based fuzzing of every operation in the service's own OpenAPI document, with the API key: no 5xx, and
every response matches what the document says (status code, content type, headers, body schema)."""
import os
import subprocess
import sys
from pathlib import Path

import harness
from conftest import API_KEY

CHECKS = ["not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_headers_conformance", "response_schema_conformance"]


def test_openapi_document_holds_under_fuzzing(service, tmp_path):
    schema = f"{service.url}/openapi.json"
    status = harness.http_status(schema, timeout=5)
    assert status == 200, (f"GET /openapi.json answered {status}: the service publishes no OpenAPI document, so "
                           "there is nothing to fuzz (it comes with the protocols work)")
    cli = Path(sys.executable).parent / "schemathesis"
    result = subprocess.run(
        [str(cli), "run", schema, "--url", service.url, "-H", f"X-API-Key: {API_KEY}",
         "--checks", ",".join(CHECKS), "--max-examples", os.environ.get("FUZZ_EXAMPLES", "50"),
         "--max-time", "180", "--seed", "1", "--request-timeout", "10", "--no-color",
         "--report", "junit", "--report-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path)  # its run cache stays out of the repo
    print(result.stdout[-20000:])
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
