"""Writes a one-binary container image as a docker-archive tarball (what `docker save` writes and
`ctr images import` reads), so the cluster's own images need neither a registry nor a Docker engine.

Usage: image-archive.py OUT.tar IMAGE:TAG BINARY PATH_IN_IMAGE [ARG...]
The binary becomes PATH_IN_IMAGE, the entrypoint, run as UID 65532 unless it is the pause program.
"""
import hashlib
import io
import json
import sys
import tarfile


def main(out, tag, binary, path, *args):
    layer = io.BytesIO()
    with tarfile.open(fileobj=layer, mode="w") as tar:
        info = tar.gettarinfo(binary, arcname=path.lstrip("/"))
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mode = 0o755
        with open(binary, "rb") as f:
            tar.addfile(info, f)
        tmp = tarfile.TarInfo("tmp")
        tmp.type, tmp.mode = tarfile.DIRTYPE, 0o1777
        tar.addfile(tmp)
    layer_bytes = layer.getvalue()
    diff_id = "sha256:" + hashlib.sha256(layer_bytes).hexdigest()
    config = {
        "architecture": "amd64",
        "os": "linux",
        "config": {"Entrypoint": [path, *args], "User": "65532:65532", "WorkingDir": "/"},
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
    }
    config_bytes = json.dumps(config).encode()
    config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
    manifest = [{"Config": config_name, "RepoTags": [tag], "Layers": ["layer.tar"]}]
    with tarfile.open(out, "w") as tar:
        for name, data in (("layer.tar", layer_bytes), (config_name, config_bytes),
                           ("manifest.json", json.dumps(manifest).encode())):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


if __name__ == "__main__":
    main(*sys.argv[1:])
