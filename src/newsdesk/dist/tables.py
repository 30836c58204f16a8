"""The Parquet tables of a distributed run: the columns of ``newsdesk export --format
parquet`` (:data:`newsdesk.export.parquet.TABLES`, derived from the records), as rows an
engine can write, with the ``year`` and ``month`` of each table's date to partition by."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pyarrow as pa

from newsdesk.export.parquet import DEFAULT_PARTITION, TABLES, TableSpec
from newsdesk.model import Source

PARTITION_COLUMNS = ("year", "month")
TABLE_NAMES = ("articles", "mentions", "reports", "quotes", "events", "stories")


def table_row(spec: TableSpec, sources: Mapping[str, Any]) -> tuple[Any, ...]:
    """One row of ``spec`` as a tuple in column order, then its year and month."""
    row = spec.row(sources)
    day = row[spec.partition]
    when = (day.year, day.month) if isinstance(day, date) else (None, None)
    return (*(row[c.name] for c in spec.columns), *when)


def table_spec(name: str) -> TableSpec:
    return TABLES[name]


def spark_schema(spec: TableSpec) -> Any:
    """The Spark schema of ``spec``'s rows (:func:`table_row`), from its Arrow schema."""
    from pyspark.sql import types as T

    fields = [T.StructField(c.name, spark_type(c.type), True) for c in spec.columns]
    fields += [T.StructField(name, T.IntegerType(), True) for name in PARTITION_COLUMNS]
    return T.StructType(fields)


def spark_type(kind: pa.DataType) -> Any:
    """The Spark type of an Arrow type used by the export tables."""
    from pyspark.sql import types as T

    if pa.types.is_list(kind):
        return T.ArrayType(spark_type(kind.value_type), True)
    simple = {
        pa.string(): T.StringType(),
        pa.int64(): T.LongType(),
        pa.float64(): T.DoubleType(),
        pa.bool_(): T.BooleanType(),
        pa.date32(): T.DateType(),
    }
    if kind in simple:
        return simple[kind]
    if pa.types.is_timestamp(kind):
        return T.TimestampType()
    raise TypeError(f"no Spark type for {kind}")


def article_sources(full: Any, names: dict[str, str]) -> dict[str, Any]:
    document = full.cleaned.document
    source = None
    if document.source_id is not None and document.source_id in names:
        source = Source(source_id=document.source_id, name=names[document.source_id])
    return {"document": document, "article": full.cleaned.article, "source": source}


def mention_sources(full: Any) -> list[dict[str, Any]]:
    document = full.cleaned.document
    return [
        {
            "doc_id": document.doc_id,
            "sentence": sentence,
            "participant": who,
            "pub_date": document.pub_date,
        }
        for sentence, who in full.mentions
    ]


def write_table(spark: Any, sources: Any, name: str, output: str) -> int:
    """Write one table under ``output/name`` (replacing it), partitioned by year and month.
    An empty table is one file of its schema in the default partition, as the export writes
    it (so readers find the columns)."""
    spec = TABLES[name]
    rows = sources.map(lambda s: table_row(spec, s)).persist()
    count = int(rows.count())
    frame = spark.createDataFrame(rows, spark_schema(spec), verifySchema=False)
    if count:
        frame.write.mode("overwrite").partitionBy("year", "month").parquet(f"{output}/{name}")
    else:
        jvm = spark.sparkContext._jvm
        table = jvm.org.apache.hadoop.fs.Path(f"{output}/{name}")
        table.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).delete(table, True)
        empty = f"{output}/{name}/year={DEFAULT_PARTITION}/month={DEFAULT_PARTITION}"
        frame.drop(*PARTITION_COLUMNS).coalesce(1).write.mode("overwrite").parquet(empty)
    rows.unpersist()
    return count
