"""Which files an input names and in which order, as a local run reads them.

A folder is read recursively in path order, leaving out hidden files and folders, files
of no article type (counted as skipped) and text files' sidecars (read with their text
file); a file named on its own is read whatever its name. Paths come from the engine's file
system (so ``hdfs://`` and ``s3a://`` folders work); the ordering and filtering here is the
local reader's (:mod:`newsdesk.ingest`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from newsdesk.dist.batch import InputFile
from newsdesk.ingest import kind_of
from newsdesk.ingest.text import SIDECAR_SUFFIX
from newsdesk.model import Failure, Skip

_TEXT_SUFFIXES = (".txt", ".text")


@dataclass(slots=True)
class Listed:
    """One input as listed: its files in reading order, and what a local run reports
    without reading anything (a missing path; files skipped by type)."""

    spec: str
    folder: bool
    files: list[InputFile] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    failure: Failure | None = None


def folder_files(
    spec: str,
    root: str,
    paths: Sequence[str],
    first_index: int,
    *,
    present: Sequence[str] = (),
    skip_hidden: bool = True,
) -> tuple[list[InputFile], list[Skip]]:
    """The readable files among ``paths`` (every file under the folder ``root``; for a glob,
    its matches with ``root`` empty, ``skip_hidden`` off and the files beside them as
    ``present``), in the local reader's order, numbered from ``first_index``; and the files
    it skips by type."""
    base = root.rstrip("/")
    relative = {p: p[len(base) :].lstrip("/") for p in paths if p.startswith(base)}
    visible = [
        p
        for p, rel in relative.items()
        if not (skip_hidden and any(x.startswith(".") for x in _parts(rel)))
    ]
    ordered = sorted(visible, key=lambda p: _parts(relative[p]))
    beside = set(ordered) | set(present)
    files: list[InputFile] = []
    skips: list[Skip] = []
    for path in ordered:
        name = PurePosixPath(path).name
        lower = name.lower()
        if lower.endswith(SIDECAR_SUFFIX) and any(
            _with_suffix(path, s) in beside for s in _TEXT_SUFFIXES
        ):
            continue  # read with its text file
        if not lower.endswith(".json") and kind_of(Path(name), sniff=False) is None:
            skips.append(
                Skip(
                    origin=f"file:{_shown(path)}",
                    code="unsupported_file",
                    reason=f"{_shown(path)}: not an article file type (ingest it by name to try)",
                )
            )
            continue
        files.append(
            InputFile(index=first_index + len(files), path=path, sidecar=sidecar_of(path, beside))
        )
    return files, skips


def sidecar_of(path: str, present: set[str] | frozenset[str]) -> str | None:
    """The sidecar of a text file, if listed."""
    if not path.lower().endswith(_TEXT_SUFFIXES):
        return None
    candidate = _with_suffix(path, SIDECAR_SUFFIX)
    return candidate if candidate in present else None


def nothing_readable(spec: str, n_files: int) -> Failure:
    """The failure a local run reports for a folder or glob without any article."""
    what = "no files" if n_files == 0 else f"no readable articles in {n_files} file(s)"
    return Failure(
        origin=f"file:{spec}", stage="read", code="nothing_readable", message=f"{spec}: {what}"
    )


def not_found(spec: str) -> Failure:
    return Failure(
        origin=f"file:{spec}",
        stage="read",
        code="not_found",
        message=f"{spec}: no such file or directory",
    )


def _parts(relative: str) -> tuple[str, ...]:
    return tuple(p for p in relative.split("/") if p)


def _with_suffix(path: str, suffix: str) -> str:
    head, _, name = path.rpartition("/")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{head}/{stem}{suffix}" if head else f"{stem}{suffix}"


def _shown(path: str) -> str:
    from newsdesk.dist.batch import local_name

    return local_name(path)
