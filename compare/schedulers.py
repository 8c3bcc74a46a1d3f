"""Where the events of a run are analysed: in this process (`--jobs 1`), on local processes
(`--jobs N`, joblib's loky pool) or on a Dask cluster (`--scheduler`). Each takes
`EventTask`s and hands back futures of `EventOutcome`s (compare/worker.py)."""
from __future__ import annotations

import concurrent.futures
import os
import uuid
from pathlib import Path

from .errors import UsageError, one_line
from .worker import EventTask, process_event



class InThisProcess:
    """--jobs 1: each event runs in the client when it is submitted."""

    window = 1
    name = "this process"

    def submit(self, task: EventTask) -> concurrent.futures.Future:
        future: concurrent.futures.Future = concurrent.futures.Future()
        future.set_result(process_event(task))
        return future

    def wait_any(self, pending: set) -> tuple[set, set]:
        return set(pending), set()

    def close(self, interrupted: bool = False) -> None:
        pass


class LocalProcesses:
    """--jobs N: joblib's loky process pool, whose workers live on between events (imports
    and loaded lexicons are paid once per worker, not per event)."""

    def __init__(self, jobs: int):
        from joblib.externals.loky import get_reusable_executor

        # Workers import this very copy of the package (a checkout may shadow an installed one),
        # or each would refuse the tasks as coming from another build.
        here = str(Path(__file__).absolute().parent.parent)
        python_path = os.pathsep.join([here] + ([os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else []))
        self.executor = get_reusable_executor(max_workers=jobs, env={"PYTHONPATH": python_path})
        self.window = 2 * jobs  # enough queued work that a worker never waits for the client
        self.name = f"{jobs} local processes"

    def submit(self, task: EventTask) -> concurrent.futures.Future:
        return self.executor.submit(process_event, task)

    def wait_any(self, pending: set) -> tuple[set, set]:
        done, rest = concurrent.futures.wait(pending, return_when=concurrent.futures.FIRST_COMPLETED)
        return done, rest

    def close(self, interrupted: bool = False) -> None:
        if interrupted:
            self.executor.shutdown(wait=False, kill_workers=True)


class DaskCluster:
    """--scheduler ADDRESS: events are tasks on a Dask distributed cluster."""

    def __init__(self, address: str):
        try:
            from distributed import Client, as_completed
        except ImportError:
            raise UsageError("--scheduler needs Dask; install it with: pip install 'source-compare[dask]'") from None
        try:
            # the connect timeout is Dask's own setting (distributed.comm.timeouts.connect, 30 s)
            self.client = Client(address, set_as_default=False)
        except Exception as error:  # OSError, TimeoutError, ValueError for a malformed address
            raise UsageError(f"cannot reach the Dask scheduler at {address} ({one_line(error)}); "
                             "start one with `dask scheduler` and give its tcp://HOST:PORT") from None
        try:
            self.client.wait_for_workers(1, timeout=60)
        except Exception:
            self.client.close()
            raise UsageError(f"the Dask scheduler at {address} has no workers after 60 s; start some "
                             f"with `dask worker {address}`") from None
        threads = sum(self.client.nthreads().values())
        self.window = 2 * max(threads, 1)
        self.name = f"Dask at {address} ({threads} worker threads)"
        # tied to this client's event loop, so no process-wide default client is needed
        self.completed = as_completed(loop=self.client.loop)

    def submit(self, task: EventTask):
        future = self.client.submit(process_event, task, key=f"source-compare-{task.event_id}-{uuid.uuid4().hex[:12]}",
                                    pure=False, retries=1)
        self.completed.add(future)
        return future

    def wait_any(self, pending: set) -> tuple[set, set]:
        done = set(self.completed.next_batch(block=True))
        return done, set(pending) - done

    def close(self, interrupted: bool = False) -> None:
        self.client.close()


def scheduler_for(jobs: int, scheduler: str | None):
    """The scheduler a run's options ask for."""
    if scheduler:
        return DaskCluster(scheduler)
    if jobs > 1:
        return LocalProcesses(jobs)
    return InThisProcess()
