"""Kernels for the report: a manager that cannot miss a kernel's reply, and a notebook client
that never leaves a kernel running (``OwnedKernelNotebookClient``, see its docstring).

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
from contextlib import asynccontextmanager
from queue import Empty
from time import monotonic
from typing import Any, AsyncIterator, Awaitable

from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import ensure_async
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
    """A notebook's kernel did not start; the message says why."""


# ``AsyncKernelManager.start_kernel`` logs a failed start with its traceback before raising, and
# nbclient logs "Kernel died" when a task it left polling finds the stopped kernel; the report
# turns every failure into one plain sentence, so both logs stay quiet.
_QUIET = logging.getLogger("helpers.kernel.quiet")
_QUIET.addHandler(logging.NullHandler())
_QUIET.propagate = False


class OwnedKernelNotebookClient(NotebookClient):
    """``NotebookClient`` whose kernel is stopped however execution ends: finished, failed,
    cancelled while the kernel was still starting, or cancelled again while it is stopped.

    nbclient's own ``async_setup_kernel`` leaves a kernel running when it is cancelled during
    start-up (its clean-up begins only after the start), installs SIGINT/SIGTERM handlers on
    the event loop that replace the caller's, and stops kernels with ``shutdown_kernel``,
    which first sends SIGINT (a kernel still importing IPython prints a KeyboardInterrupt
    traceback on the terminal) and then a ``shutdown_request`` (which ipykernel sometimes
    answers with a ZMQError traceback while it closes its sockets). Here every kernel is
    killed when its notebook ends (SIGKILL to its process group, which prints nothing; a
    kernel that ran its notebook has nothing left to do), and the clean-up runs to its end
    even when the task is cancelled again meanwhile. ``km`` and ``kc`` stay set afterwards:
    nbclient can leave a task polling them, which then finds the kernel gone and ends.
    """

    @asynccontextmanager
    async def async_setup_kernel(self, **kwargs: Any) -> AsyncIterator[None]:
        kwargs.pop("cleanup_kc", None)
        self.log = _QUIET
        if self.km is None:
            self.km = self.create_kernel_manager()
        self.km.log = _QUIET
        try:
            try:
                await self.async_start_new_kernel(**kwargs)
                self.kc = self.km.client()
                await ensure_async(self.kc.start_channels())
                await self.kc.wait_for_ready(timeout=self.startup_timeout)
            except Exception as err:  # not CancelledError: a cancelled start is cleaned up below
                raise KernelStartError(str(err) or type(err).__name__) from err
            self.kc.allow_stdin = False
            yield
        finally:
            await run_to_end(self._stop_kernel())

    async def _stop_kernel(self) -> None:
        km, kc = self.km, self.kc
        if kc is not None:
            kc.stop_channels()
        if km is None:
            return
        if km.has_kernel:
            await km.provisioner.kill()
            await km.provisioner.wait()
        await km.cleanup_resources()


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
