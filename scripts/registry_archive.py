#!/usr/bin/env python3
"""Back up or restore a model registry that MLflow keeps as SQLite plus local artifacts: DATA/mlflow.db and
DATA/artifacts/, the layout of the in-cluster server's volume (/mlflow) and of `make mlflow-server` (./mlruns).

  registry_archive.py backup DATA  > FILE    a gzipped tar of a consistent copy of the database and the artifacts
  registry_archive.py restore DATA < FILE    into an empty registry only; never merges

Standard library only: scripts/registry-backup.sh runs it inside the MLflow pod as well as here. A server may be
running on DATA for either: the database is read and written through SQLite's online backup API, which takes the
locks a live server respects, so the copy is consistent and the server sees the restored registry at once.
"""
import contextlib
import pathlib
import shutil
import sqlite3
import sys
import tarfile
import tempfile

DB = "mlflow.db"
ARTIFACTS = "artifacts"


def copy_database(source: pathlib.Path, target: pathlib.Path) -> None:
    with contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src, \
            contextlib.closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def counts(db: pathlib.Path) -> dict:
    """What the registry holds; empty for a database MLflow has not filled (or not created) yet."""
    if not db.exists():
        return {}
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("registered_models", "model_versions", "registered_model_aliases", "runs")
                if table in tables}


def describe(found: dict) -> str:
    return ", ".join(f"{n} {table}" for table, n in found.items()) or "nothing"


def backup(data: pathlib.Path) -> None:
    db = data / DB
    if not db.is_file():
        sys.exit(f"no SQLite registry at {db}: nothing to back up (a registry on a database server is backed up "
                 "by that server's own backups)")
    with tempfile.TemporaryDirectory() as work:
        copy = pathlib.Path(work) / DB
        copy_database(db, copy)
        # The database first, then the artifacts: MLflow writes a version's files before the row naming them,
        # so every file the copied database refers to is already there when the artifacts are read.
        with tarfile.open(fileobj=sys.stdout.buffer, mode="w|gz") as tar:
            tar.add(copy, arcname=DB)
            if (data / ARTIFACTS).is_dir():
                tar.add(data / ARTIFACTS, arcname=ARTIFACTS)
        print(f"backed up {data}: {describe(counts(copy))}", file=sys.stderr)


def member_path(data: pathlib.Path, name: str) -> pathlib.Path:
    """Where an archive member goes: under DATA/artifacts, or the database; anything else is refused."""
    parts = pathlib.PurePosixPath(name).parts
    if name == DB or (parts and parts[0] == ARTIFACTS and ".." not in parts and not name.startswith("/")):
        return data.joinpath(*parts)
    sys.exit(f"refused: {name!r} is not part of a registry backup")


def restore(data: pathlib.Path) -> None:
    db, artifacts = data / DB, data / ARTIFACTS
    held = {table: n for table, n in counts(db).items() if n}
    files = sum(1 for p in artifacts.rglob("*") if p.is_file()) if artifacts.is_dir() else 0
    if held or files:
        sys.exit(f"refused: the registry at {data} is not empty ({describe(held)}, {files} artifact files); "
                 "restore goes into an empty registry only")
    data.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        restored = pathlib.Path(work) / DB
        with tarfile.open(fileobj=sys.stdin.buffer, mode="r|gz") as tar:
            for member in tar:
                target = member_path(data, member.name)
                if member.isdir():
                    target.mkdir(parents=True, exist_ok=True)
                elif not member.isfile():
                    sys.exit(f"refused: {member.name!r} is neither a file nor a directory")
                elif member.name == DB:
                    with tar.extractfile(member) as src, open(restored, "wb") as dst:
                        shutil.copyfileobj(src, dst)
                else:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with tar.extractfile(member) as src, open(target, "wb") as dst:
                        shutil.copyfileobj(src, dst)
        if not restored.exists():
            sys.exit(f"refused: the archive holds no {DB}")
        # Last, once the files it refers to are in place.
        copy_database(restored, db)
    print(f"restored into {data}: {describe(counts(db))}", file=sys.stderr)


def main(argv) -> None:
    if len(argv) != 3 or argv[1] not in ("backup", "restore"):
        sys.exit(__doc__)
    data = pathlib.Path(argv[2])
    backup(data) if argv[1] == "backup" else restore(data)


if __name__ == "__main__":
    main(sys.argv)
