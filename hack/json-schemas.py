#!/usr/bin/env python3
"""Write strict, self-contained JSON schemas that kubeconform reads offline.

  json-schemas.py k8s OUT DIR     DIR: a *-local-strict folder of the kubernetes-validate package
                                   (per-kind files that $ref a shared _definitions.json)
  json-schemas.py crd OUT FILE..  FILE: CustomResourceDefinition YAML files

Files are named KIND-GROUP-VERSION.json, kubeconform's {{.ResourceKind}}{{.KindSuffix}}.
"""
import json
import pathlib
import re
import sys

import yaml

# Refs point into _definitions.json, from a kind file by path and from inside it by fragment.
REF = re.compile(r"^(?:/api/_definitions\.json)?#/\$defs/(.+)$")


def bundle_k8s(out: pathlib.Path, src: pathlib.Path) -> int:
    """Copy each kind's schema with just the definitions it reaches, so it needs no other file."""
    defs = json.loads((src / "_definitions.json").read_text())["$defs"]
    count = 0
    for path in sorted(src.glob("*.json")):
        if path.name.startswith("_") or path.name == "all.json":
            continue
        schema = json.loads(path.read_text())
        reached: dict = {}
        pending = [schema]
        while pending:
            node = pending.pop()
            if isinstance(node, dict):
                ref = node.get("$ref")
                match = REF.match(ref) if isinstance(ref, str) else None
                if match:
                    name = match.group(1)
                    node["$ref"] = "#/$defs/" + name
                    if name not in reached:
                        reached[name] = json.loads(json.dumps(defs[name]))
                        pending.append(reached[name])
                pending.extend(node.values())
            elif isinstance(node, list):
                pending.extend(node)
        schema["$defs"] = reached
        (out / path.name).write_text(json.dumps(schema))
        count += 1
    return count


def strict(node):
    """Reject unknown fields, as kubeconform's openapi2jsonschema does, except where the CRD allows them."""
    if isinstance(node, dict):
        if ("properties" in node and "additionalProperties" not in node
                and not node.get("x-kubernetes-preserve-unknown-fields")):
            node["additionalProperties"] = False
        for value in node.values():
            strict(value)
    elif isinstance(node, list):
        for value in node:
            strict(value)
    return node


def convert_crds(out: pathlib.Path, files) -> int:
    count = 0
    for file in files:
        for crd in yaml.safe_load_all(pathlib.Path(file).read_text()):
            if not crd or crd.get("kind") != "CustomResourceDefinition":
                continue
            kind = crd["spec"]["names"]["kind"].lower()
            group = crd["spec"]["group"].split(".")[0]
            for version in crd["spec"]["versions"]:
                schema = strict(version["schema"]["openAPIV3Schema"])
                name = f"{kind}-{group}-{version['name']}.json"
                (out / name).write_text(json.dumps(schema))
                count += 1
    return count


def main(argv) -> None:
    mode, out = argv[1], pathlib.Path(argv[2])
    out.mkdir(parents=True, exist_ok=True)
    if mode == "k8s":
        count = bundle_k8s(out, pathlib.Path(argv[3]))
    elif mode == "crd":
        count = convert_crds(out, argv[3:])
    else:
        sys.exit(__doc__)
    print(f"{count} {mode} schemas in {out}")


if __name__ == "__main__":
    main(sys.argv)
