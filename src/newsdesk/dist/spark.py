"""newsdesk on Spark: ``newsdesk spark run INPUT... OUTPUT`` or, on a cluster,
``spark-submit --py-files ... -m newsdesk.dist.spark INPUT... OUTPUT`` (see ``docs/scale.md``).

The job reads every input file through Spark's ``binaryFile`` source (any path Spark
reads: local, ``hdfs://``, ``s3a://``), then per partition reads, cleans and extracts as a
local run does, and writes the Parquet tables of ``newsdesk export --format parquet``
(articles, mentions, reports, quotes, events, stories; ``year=/month=`` partitions) under
OUTPUT. Steps (each shuffle keyed by content, so reruns give the same output):

1. list the inputs on the driver (Hadoop file system), number the files in local order;
2. read each file on an executor (:func:`newsdesk.dist.batch.read_input`); the driver
   replays the local batching over each file's runs of articles and failures;
3. clean all copies of an article id in one partition, keep the copies a local run keeps;
4. duplicates: exact by content hash, near by MinHash LSH band buckets (a shuffle by band
   key), originals resolved on the driver in input order (:mod:`newsdesk.dist.dedup`);
   name-only outlets resolved the same way;
5. extract events in the local run's extraction batches (64 documents, oldest first), one
   spaCy pipeline per executor process (:class:`newsdesk.pipeline.Pipeline`);
6. group stories on the driver, streaming each article's compact features in arrival order
   (``toLocalIterator``) through one :class:`~newsdesk.stories.cluster.StoryClusterer`: the
   clusterer is order-dependent, and this gives exactly the local assignments;
7. build each story's record and merged events per story (grouped by story id).

pyspark is imported only in this module; without it :func:`run_spark` raises
:class:`~newsdesk.errors.ConfigError` naming ``pip install "newsdesk[spark]"``.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from newsdesk.config import Settings, load_settings
from newsdesk.dist import jobs
from newsdesk.dist.batch import InputFile
from newsdesk.dist.listing import Listed, folder_files, not_found, sidecar_of
from newsdesk.errors import ConfigError, InputError
from newsdesk.model import Failure

MAX_REPORTED_FAILURES = 1000
_GLOB = "*?["


@dataclass(slots=True)
class SparkReport:
    """What one Spark run did (the same counts as ``newsdesk run`` where they exist)."""

    files: int = 0
    read: int = 0
    stored: int = 0
    already_stored: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)
    extracted: int = 0
    reports: int = 0
    stories: int = 0
    events: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "read": self.read,
            "stored": self.stored,
            "already_stored": self.already_stored,
            "exact_duplicates": self.exact_duplicates,
            "near_duplicates": self.near_duplicates,
            "skipped": dict(self.skipped),
            "failed": self.failed,
            "failures": [f.to_dict() for f in self.failures],
            "extracted": self.extracted,
            "reports": self.reports,
            "stories": self.stories,
            "events": self.events,
            "rows": dict(self.rows),
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
        }


def spark_session(master: str | None = None, *, app_name: str = "newsdesk") -> Any:
    """The active Spark session (whatever its master), or a new one (``master`` e.g.
    ``local[2]``; None leaves it to ``spark-submit``, else ``local[*]``). Local sessions
    bind to 127.0.0.1, without UI."""
    SparkSession = _pyspark().sql.SparkSession
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    builder = SparkSession.builder.appName(app_name)
    if master is None and "PYSPARK_GATEWAY_PORT" not in os.environ:
        master = "local[*]"  # not under spark-submit, which gives its own master
    if master is not None:
        builder = builder.master(master)
    if master is not None and master.startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = (
            builder.config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
        )
    return (
        builder.config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .config("spark.python.worker.reuse", "true")
        .getOrCreate()
    )


def run_spark(
    inputs: Sequence[str],
    output: str,
    settings: Settings | None = None,
    *,
    spark: Any = None,
    master: str | None = None,
    partitions: int | None = None,
) -> SparkReport:
    """Read, clean, de-duplicate and extract ``inputs``, group stories, and write the
    Parquet tables under ``output`` (replacing tables there)."""
    settings = settings or load_settings()
    if settings.clean.num_perm % settings.clean.lsh_bands:
        raise ConfigError(
            f"clean.num_perm ({settings.clean.num_perm}) must be a multiple of "
            f"clean.lsh_bands ({settings.clean.lsh_bands})"
        )
    if not inputs:
        raise InputError("spark run: no input given", code="no_input")
    if partitions is not None and partitions < 1:
        raise ConfigError(f"--partitions {partitions}: must be at least 1", code="bad_setting")
    spark = spark or spark_session(master)
    listed = list_inputs(spark, inputs)
    n = partitions or max(2, 2 * spark.sparkContext.defaultParallelism)
    return jobs.run_job(spark, listed, output.rstrip("/"), settings, n)


def list_inputs(spark: Any, inputs: Sequence[str]) -> list[Listed]:
    """Every input's files in local reading order (:mod:`newsdesk.dist.listing`), listed
    through Spark's Hadoop file system."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    out: list[Listed] = []
    index = 0
    for spec in inputs:
        path = jvm.org.apache.hadoop.fs.Path(spec)
        fs = path.getFileSystem(conf)
        if any(ch in spec for ch in _GLOB):
            statuses = fs.globStatus(path) or []
            names = [str(s.getPath()) for s in statuses if s.isFile()]
            files, skips = folder_files(
                spec,
                "",
                names,
                index,
                present=_all_files(fs, jvm, statuses),
                skip_hidden=False,
            )
            listed = Listed(spec=spec, folder=True, files=files, skips=skips)
        elif not fs.exists(path):
            listed = Listed(spec=spec, folder=False, failure=not_found(spec))
        elif fs.getFileStatus(path).isDirectory():
            root = str(fs.getFileStatus(path).getPath())
            paths = _walk(fs, path)
            files, skips = folder_files(spec, root, paths, index)
            listed = Listed(spec=spec, folder=True, files=files, skips=skips)
        else:
            name = str(fs.getFileStatus(path).getPath())
            parent = fs.getFileStatus(path).getPath().getParent()
            present = frozenset(str(s.getPath()) for s in fs.listStatus(parent) if s.isFile())
            listed = Listed(
                spec=spec,
                folder=False,
                files=[InputFile(index=index, path=name, sidecar=sidecar_of(name, present))],
            )
        index += len(listed.files)
        out.append(listed)
    return out


def _walk(fs: Any, path: Any) -> list[str]:
    found = []
    files = fs.listFiles(path, True)
    while files.hasNext():
        found.append(str(files.next().getPath()))
    return found


def _all_files(fs: Any, jvm: Any, statuses: Any) -> list[str]:
    """The files beside each globbed file (where sidecars are looked for)."""
    parents = {str(s.getPath().getParent()) for s in statuses if s.isFile()}
    found: list[str] = []
    for parent in sorted(parents):
        found += [str(s.getPath()) for s in fs.listStatus(jvm.org.apache.hadoop.fs.Path(parent))]
    return found


def _pyspark() -> Any:
    try:
        import pyspark
        import pyspark.sql
    except ImportError as err:
        raise ConfigError(
            'Spark runs need pyspark: pip install "newsdesk[spark]"', code="missing_extra"
        ) from err
    return pyspark


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m newsdesk.dist.spark [--partitions N] [--config FILE] INPUT... OUTPUT``
    (the ``spark-submit`` entry point); prints the run's report as JSON."""
    import argparse
    import json

    from newsdesk.errors import NewsdeskError

    parser = argparse.ArgumentParser(
        prog="newsdesk.dist.spark", description="newsdesk on Spark: inputs to Parquet tables."
    )
    parser.add_argument("paths", nargs="+", metavar="INPUT... OUTPUT")
    parser.add_argument("--partitions", type=int, default=None)
    parser.add_argument("--master", default=None)
    parser.add_argument("--config", default=None, help="newsdesk.toml")
    args = parser.parse_args(argv)
    if len(args.paths) < 2:
        parser.error("give at least one INPUT and the OUTPUT folder")
    try:
        settings = load_settings(args.config)
        report = run_spark(
            args.paths[:-1],
            args.paths[-1],
            settings,
            master=args.master,
            partitions=args.partitions,
        )
    except NewsdeskError as err:
        print(f"Error: {err}", file=sys.stderr)
        return 1
    print(json.dumps(report.to_dict(), indent=2, sort_keys=True))
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
