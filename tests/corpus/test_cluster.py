"""The same jobs on a Dask cluster: ingest and evaluate on a LocalCluster of two worker
processes give, letter for letter, what the local process pool gives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from openimr.corpus.evaluate import evaluate
from openimr.corpus.ingest import ingest
from openimr.corpus.shards import corpus_parquet_files
from openimr.errors import OpenIMRError

from .conftest import openimr
from .counts import SharedCounts

pytestmark = pytest.mark.slow


def rows(folder: Path) -> list[dict[str, object]]:
    return pa.concat_tables(pq.read_table(f) for f in corpus_parquet_files(folder)).to_pylist()


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def test_ingest_on_a_cluster_equals_the_local_run(
    scheduler: str, letters_dir: Path, tmp_path: Path, counts: SharedCounts
) -> None:
    local = ingest([letters_dir / "pdf"], tmp_path / "local", workers=2)
    on_dask = ingest([letters_dir / "pdf"], tmp_path / "dask", scheduler=scheduler, batch_size=8)
    assert (
        (on_dask.letters, on_dask.items)
        == (local.letters, local.items)
        == (counts.letters, counts.items)
    )
    assert rows(tmp_path / "dask") == rows(tmp_path / "local")


def test_evaluate_on_a_cluster_equals_the_local_run(
    scheduler: str, letters_dir: Path, tmp_path: Path
) -> None:
    some = tmp_path / "some"
    some.mkdir()
    for letter in sorted((letters_dir / "pdf").glob("*.pdf"))[:30]:
        (some / letter.name).symlink_to(letter)
    evaluate([some], tmp_path / "local", workers=2)
    evaluate([some], tmp_path / "dask", scheduler=scheduler, batch_size=4)
    assert rows(tmp_path / "dask") == rows(tmp_path / "local")
    assert len({r["file"] for r in rows(tmp_path / "dask")}) == 30


def test_the_cli_sends_the_work_to_the_scheduler(
    scheduler: str, letters_dir: Path, tmp_path: Path, counts: SharedCounts
) -> None:
    run = openimr("ingest", letters_dir / "txt", "--out", tmp_path / "c", "--scheduler", scheduler)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"{counts.letters} letters, {counts.items} disputed items")


def test_an_unreachable_scheduler_is_a_one_line_error(letters_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(OpenIMRError, match="cannot reach the Dask scheduler"):
        ingest([letters_dir / "txt"], tmp_path / "c", scheduler="tcp://127.0.0.1:9")
    assert not (tmp_path / "c.partial").exists()
