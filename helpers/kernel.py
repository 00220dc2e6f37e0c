"""Kernels for the report: a manager that cannot miss a kernel's reply, and a kernel that runs
several notebooks and is never left running (``ReportKernel``, see its docstring).

nbclient waits for each reply with one long ``poll`` on the client's asyncio ZeroMQ socket.
Here that wait sometimes never ended: the reply was already queued in the socket (its
``zmq.EVENTS`` showed ``POLLIN``) but the edge-triggered wake-up had been lost, so the
report build hung with an idle kernel, in 3 of 18 builds here (seen with pyzmq 27.3,
jupyter_client 8.10, ipykernel 6.31 and 7.4; pyzmq#1558 reports the same symptom).
A fresh ``poll`` looks at the socket before it waits, so waiting in short slices turns a lost
wake-up into a delay of at most ``SLICE`` seconds instead of a hang.
"""

from __future__ import annotations

import asyncio
import logging
import os
from contextlib import asynccontextmanager
from pathlib import Path
from queue import Empty
from time import monotonic
from typing import Any, AsyncIterator, Awaitable, Callable

from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from traitlets import DottedObjectName, Type

SLICE = 0.5  # seconds


class SlicedChannel(AsyncZMQSocketChannel):
    """A channel whose ``get_msg`` re-polls the socket every ``SLICE`` seconds."""

    async def get_msg(self, timeout: float | None = None):
        deadline = None if timeout is None else monotonic() + timeout
        while True:
            left = SLICE if deadline is None else min(SLICE, max(0.0, deadline - monotonic()))
            try:
                return await super().get_msg(timeout=left)
            except Empty:
                if deadline is not None and monotonic() >= deadline:
                    raise


class SteadyKernelClient(AsyncKernelClient):
    shell_channel_class = Type(SlicedChannel)
    iopub_channel_class = Type(SlicedChannel)
    control_channel_class = Type(SlicedChannel)


class SteadyKernelManager(AsyncKernelManager):
    """``AsyncKernelManager`` whose clients are ``SteadyKernelClient``; pass it to
    ``nbclient.NotebookClient(kernel_manager_class=...)``."""

    client_class = DottedObjectName("helpers.kernel.SteadyKernelClient")
    client_factory = Type(SteadyKernelClient)


class KernelStartError(RuntimeError):
    """A kernel did not start, or could not be made ready for the next notebook; the message
    says why."""


# ``AsyncKernelManager.start_kernel`` logs a failed start with its traceback before raising, and
# nbclient logs "Kernel died" when a task it left polling finds the stopped kernel; the report
# turns every failure into one plain sentence, so both logs stay quiet.
_QUIET = logging.getLogger("helpers.kernel.quiet")
_QUIET.addHandler(logging.NullHandler())
_QUIET.propagate = False

STARTUP_TIMEOUT = 120  # seconds: starting the kernel, and its first imports on a busy machine


class ReportKernel:
    """One kernel that runs the report's notebooks one after another (``async with``, then
    ``execute`` for each notebook), stopped however its work ends.

    Python, pandas, matplotlib, scipy and the helpers are started and imported once per kernel
    instead of once per notebook; before each notebook ``helpers.between_notebooks`` undoes
    what the previous one changed, so that every notebook starts as in a fresh kernel.

    The kernel is stopped when the ``async with`` ends: finished, failed, cancelled while the
    kernel was still starting, or cancelled again while it is stopped. nbclient's own kernel
    set-up leaves a kernel running when it is cancelled during start-up (its clean-up begins
    only after the start), installs SIGINT/SIGTERM handlers on the event loop that replace the
    caller's, and stops kernels with ``shutdown_kernel``, which first sends SIGINT (a kernel
    still importing IPython prints a KeyboardInterrupt traceback on the terminal) and then a
    ``shutdown_request`` (which ipykernel sometimes answers with a ZMQError traceback while it
    closes its sockets). Here the kernel is killed (SIGKILL to its process group, which prints
    nothing; a kernel that ran its notebooks has nothing left to do), and the clean-up runs to
    its end even when the task is cancelled again meanwhile.
    """

    def __init__(self, folder: str | Path, kernel_name: str = "python3") -> None:
        self.folder = str(folder)
        self.kernel_name = kernel_name
        self.km: SteadyKernelManager | None = None
        self.kc: SteadyKernelClient | None = None

    async def __aenter__(self) -> ReportKernel:
        try:
            try:
                self.km = SteadyKernelManager(kernel_name=self.kernel_name)
                self.km.log = _QUIET
                # The start-up notice ("running over TCP without encryption") is harmless on a
                # local run; keep it out of the progress lines a user reads.
                await self.km.start_kernel(cwd=self.folder, extra_arguments=["--IPKernelApp.log_level=ERROR"])
                self.kc = self.km.client()
                # No heartbeat channel: the client asks its manager whether the kernel process
                # lives, and the heartbeat's thread, stopped in its first instant (a build
                # stopped while its kernel starts), printed a ZMQError traceback.
                self.kc.start_channels(hb=False)
                await self.kc.wait_for_ready(timeout=STARTUP_TIMEOUT)
                self.kc.allow_stdin = False
            except Exception as err:  # not CancelledError: a cancelled start is cleaned up below
                raise KernelStartError(str(err) or type(err).__name__) from err
        except BaseException:
            await run_to_end(self._stop())
            raise
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await run_to_end(self._stop())

    async def execute(self, nb, folder: str | Path, timeout: int | None = None):
        """Run every cell of ``nb`` (a notebook in ``folder``) as nbclient does, after undoing
        what the notebook before it changed; raises nbclient's errors."""
        try:
            await self._run(f"import helpers.between_notebooks as _b\n_b.forget_previous({str(folder)!r})")
            await self._run("import helpers.tables as _t\n_t.for_readers()")  # the report shows the reader's tables
        except Exception as err:
            raise KernelStartError(f"it could not be made ready for the notebook: {err}") from err
        client = _RunningKernelClient(nb, km=self.km, timeout=timeout, kernel_name=self.kernel_name)
        client.kc = self.kc
        return await client.async_execute()

    async def _run(self, code: str) -> None:
        """Run ``code`` in the kernel without output; raises RuntimeError when it fails."""
        reply = await self.kc.execute_interactive(
            code, silent=True, store_history=False, timeout=STARTUP_TIMEOUT, output_hook=lambda msg: None
        )
        content = reply["content"]
        if content["status"] != "ok":
            raise RuntimeError(f"{content.get('ename', 'error')}: {content.get('evalue', '')}")

    async def _stop(self) -> None:
        km, kc = self.km, self.kc
        if kc is not None:
            kc.stop_channels()
        if km is None:
            return
        if km.has_kernel:
            await km.provisioner.kill()
            await km.provisioner.wait()
        await km.cleanup_resources()


KERNELS = 2  # at a time: each kernel is its own process, and most machines have two cores or more


async def run_in_kernels(
    notebooks: list[Path],
    run: Callable[[ReportKernel, Path], Awaitable[None]],
    not_started: Callable[[Path, KernelStartError], Exception],
) -> None:
    """``await run(kernel, notebook)`` for every notebook, in up to ``KERNELS`` kernels, each
    taking the next notebook in the order given when it is free. The first failure cancels
    the rest and is raised (a kernel that did not start as ``not_started(notebook, error)``);
    every kernel is stopped before this returns or raises, even if it is cancelled again."""
    if not notebooks:
        return
    waiting = list(notebooks)

    async def lane() -> None:
        notebook = waiting.pop(0)
        try:
            async with ReportKernel(notebook.parent) as kernel:
                await run(kernel, notebook)
                while waiting:
                    await run(kernel, waiting.pop(0))
        except KernelStartError as err:  # from the start: ``run`` turns a notebook's own into its error
            raise not_started(notebook, err) from None

    lanes = max(1, min(KERNELS, os.cpu_count() or 1, len(notebooks)))
    tasks = [asyncio.ensure_future(lane()) for _ in range(lanes)]
    first_done: set = set()
    try:
        first_done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    finally:
        for task in tasks:
            task.cancel()  # a no-op on those already done
        try:
            await run_to_end(asyncio.wait(tasks))  # every kernel stopped, even if cancelled again
        finally:
            # Read every task's outcome, so that none is reported "never retrieved".
            errors = {task: task.exception() for task in tasks if task.done() and not task.cancelled()}
    # The failure that stopped the work, not one caused by the cancellation that followed.
    failed = [errors[t] for t in tasks if t in first_done and errors.get(t)] or [e for e in errors.values() if e]
    if failed:
        raise failed[0]


def execute_notebook(nb, folder: str | Path, timeout: int | None = None):
    """Run every cell of ``nb`` (a notebook in ``folder``) in a ``ReportKernel`` of its own and
    return it: for tests and benchmarks, which then run notebooks as the report does (and
    cannot hang on a lost wake-up, as a plain ``nbclient.NotebookClient`` did here)."""

    async def run():
        async with ReportKernel(folder) as kernel:
            return await kernel.execute(nb, folder, timeout)

    return asyncio.run(run())


class _RunningKernelClient(NotebookClient):
    """``NotebookClient`` on the kernel of a ``ReportKernel``: it neither starts nor stops it.
    ``km`` and ``kc`` stay set afterwards: nbclient can leave a task polling them, which then
    finds the kernel gone and ends."""

    @asynccontextmanager
    async def async_setup_kernel(self, **kwargs: Any) -> AsyncIterator[None]:
        self.log = _QUIET
        yield


async def run_to_end(awaitable: Awaitable[Any]) -> Any:
    """Await ``awaitable`` to its end even if the awaiting task is cancelled meanwhile (once
    or several times); the cancellation is passed on once it is done."""
    task = asyncio.ensure_future(awaitable)
    cancelled = False
    while not task.done():
        try:
            await asyncio.shield(task)
        except asyncio.CancelledError:
            cancelled = True
        except Exception:  # noqa: BLE001 - the task is done: its exception is raised below
            pass
    if cancelled:
        if not task.cancelled():
            task.exception()  # retrieved: the cancellation is what the caller hears about
        raise asyncio.CancelledError
    return task.result()
