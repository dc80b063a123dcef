"""Where the batches of a corpus job run: in this process, in a local process pool, or on Dask.

Every engine yields the batches' results in the order the batches were given, whatever order they
finish in, so a job's output does not depend on where it ran; and at most a few batches per worker
are in flight at a time, so memory stays flat however many letters there are.

- ``workers=1``: in this process.
- ``workers=N`` (default: all cores): a pool of N processes; each worker builds what it needs
  (the knowledge base, the clinical pipeline) once, on its first batch.
- ``scheduler="tcp://host:8786"``: an existing Dask cluster (``dask.distributed``); its workers
  must have OpenIMR installed. The work is sent as plain function calls on lists of file names,
  so the files must be readable at the same paths on the workers (a shared file system).
"""

from __future__ import annotations

import math
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

from openimr.errors import OpenIMRError

__all__ = ["batches_of", "default_workers", "run_batches"]

T = TypeVar("T")
R = TypeVar("R")

IN_FLIGHT_PER_WORKER = 2


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def batches_of(items: Sequence[T], *, size: int | None, workers: int) -> list[list[T]]:
    """Split ``items`` into batches of ``size``; by default small enough to keep every worker
    busy (about four batches a worker) and at most 256 files."""
    if not items:
        return []
    if size is None:
        size = max(1, min(256, math.ceil(len(items) / (workers * 4))))
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def run_batches(
    function: Callable[[list[T]], R],
    batches: Sequence[list[T]],
    *,
    workers: int = 1,
    scheduler: str | None = None,
) -> Iterator[R]:
    """``function(batch)`` for each batch, yielded in batch order.

    Raises:
        OpenIMRError: the Dask scheduler cannot be reached.
    """
    if scheduler:
        yield from _on_dask(function, batches, scheduler)
    elif workers <= 1 or len(batches) < 2:
        yield from map(function, batches)
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            yield from _in_order(pool.submit, function, batches, workers)


def _in_order(
    submit: Callable[..., Any],
    function: Callable[[list[T]], R],
    batches: Sequence[list[T]],
    workers: int,
) -> Iterator[R]:
    waiting: deque[Future[R]] = deque()
    pending = iter(batches)
    limit = max(2, workers * IN_FLIGHT_PER_WORKER)
    for batch in pending:
        waiting.append(submit(function, batch))
        if len(waiting) >= limit:
            break
    while waiting:
        result = waiting.popleft().result()
        following = next(pending, None)
        if following is not None:
            waiting.append(submit(function, following))
        yield result


def _on_dask(
    function: Callable[[list[T]], R], batches: Sequence[list[T]], scheduler: str
) -> Iterator[R]:
    from distributed import Client
    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        parse_host_port(parse_address(scheduler)[1])
    except ValueError as error:
        raise OpenIMRError(
            f"--scheduler {scheduler}: not a Dask scheduler address ({error}); "
            "give one like tcp://10.0.0.5:8786"
        ) from None
    try:
        client = Client(scheduler, timeout="20s", set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise OpenIMRError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))

        def submit(fn: Callable[[list[T]], R], batch: list[T]) -> Any:
            return client.submit(fn, batch, pure=False)

        yield from _in_order(submit, function, batches, workers)
    finally:
        client.close()
