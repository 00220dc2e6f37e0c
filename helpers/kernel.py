"""A kernel manager for running notebooks that cannot miss a kernel's reply.

nbclient waits for each reply with one long ``poll`` on the client's asyncio ZeroMQ socket.
Here that wait sometimes never ended: the reply was already queued in the socket (its
``zmq.EVENTS`` showed ``POLLIN``) but the edge-triggered wake-up had been lost, so the
report build hung with an idle kernel, in 3 of 18 builds here (seen with pyzmq 27.3,
jupyter_client 8.10, ipykernel 6.31 and 7.4; pyzmq#1558 reports the same symptom).
A fresh ``poll`` looks at the socket before it waits, so waiting in short slices turns a lost
wake-up into a delay of at most ``SLICE`` seconds instead of a hang.
"""

from __future__ import annotations

from queue import Empty
from time import monotonic

from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.manager import AsyncKernelManager
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
