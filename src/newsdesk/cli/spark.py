"""``newsdesk spark run``: a run on Spark, from input files to Parquet tables."""

from __future__ import annotations

from typing import Annotated

import typer

from newsdesk.cli.app import STATE, app, error, stdout
from newsdesk.cli.output import emit_json

spark_app = typer.Typer(help="Runs on Spark (pip install 'newsdesk[spark]').", no_args_is_help=True)
app.add_typer(spark_app, name="spark")

MAX_LISTED_FAILURES = 20


@spark_app.command("run")
def spark_run_cli(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="The inputs, then the output folder for the Parquet tables. Inputs: WARC, "
            "WARC.gz, JSONL (and any file newsdesk ingest reads), files or folders, on any "
            "path Spark reads (local, hdfs://, s3a://).",
            show_default=False,
            metavar="INPUT... OUTPUT",
        ),
    ],
    master: Annotated[
        str | None,
        typer.Option(
            "--master", help="Spark master, e.g. local[2] (default local[*]).", show_default=False
        ),
    ] = None,
    partitions: Annotated[
        int | None,
        typer.Option(
            "--partitions",
            min=1,
            help="Partitions for cleaning and extraction (default twice the cores).",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Read, clean, de-duplicate and extract on Spark, group stories, and write Parquet
    tables (articles, mentions, reports, quotes, events, stories) under OUTPUT, equal to
    newsdesk run + newsdesk export --format parquet on one machine."""
    from newsdesk.dist.spark import run_spark

    if len(paths) < 2:
        raise typer.BadParameter("give at least one INPUT and the OUTPUT folder")
    report = run_spark(
        paths[:-1], paths[-1], STATE.settings(), master=master, partitions=partitions
    )
    if as_json:
        emit_json(report.to_dict())
    else:
        lines = [
            f"read {report.read} articles from {report.files} files; stored {report.stored}, "
            f"{report.already_stored} already stored",
            f"duplicates: {report.exact_duplicates} exact, {report.near_duplicates} near",
            f"extracted {report.extracted} documents: {report.reports} event reports",
            f"stories: {report.stories} with {report.events} merged events",
            "wrote " + ", ".join(f"{n} {t}" for t, n in report.rows.items()) + f" to {paths[-1]}",
            f"in {report.seconds.get('total', 0.0):.1f} s; failed: {report.failed}",
        ]
        if report.skipped:
            lines.append(
                "skipped: " + ", ".join(f"{k} {v}" for k, v in sorted(report.skipped.items()))
            )
        for line in lines:
            stdout.print(line, markup=False, highlight=False)
    for failure in report.failures[:MAX_LISTED_FAILURES]:
        error(failure.message)
    if report.failed:
        raise typer.Exit(1)
