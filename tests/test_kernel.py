"""The report's kernels: a notebook run after another starts as in a fresh kernel, and the
kernel client still gets a reply whose wake-up was lost.

The lost wake-up is made on purpose: a reply arrives while a ``get_msg`` is waiting, and the
socket's edge-triggered notification is consumed (by reading ``zmq.EVENTS`` on a raw shadow
of the socket) before the event loop sees it. That is the state the report build hung in.
"""

from __future__ import annotations

import asyncio
import json
import time
from queue import Empty

import nbformat
import pytest
import zmq
import zmq.asyncio
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.session import Session

from helpers.kernel import SLICE, ReportKernel, SlicedChannel

# Everything a notebook can change that the next one could see, printed as JSON by its second
# cell. Its first cell imports and draws, as the notebooks do (pyplot sets its backend up, in
# interactive mode, at the first figure of a kernel).
STATE = (
    """
import json, os, warnings
import matplotlib, matplotlib.pyplot, pandas as pd
from helpers import plots
matplotlib.pyplot.close(matplotlib.pyplot.figure())
""",
    """
print(json.dumps(dict(
    names=sorted(n for n in globals() if n[0] != "_" and n not in {"In", "Out", "exit", "quit", "get_ipython"}),
    rc={k: repr(v) for k, v in matplotlib.rcParams.items()},
    figures=matplotlib.pyplot.get_fignums(),
    colwidth=pd.get_option("display.max_colwidth"),
    filters=len(warnings.filters),
    vendor_colours=plots.vendor_colours(["B", "A"]),
    folder=os.getcwd(),
)))
import said_once
said_once.warn()
""",
)

MESSY = """
import os, warnings
import matplotlib.pyplot as plt
import pandas as pd
from helpers import plots
leftover = 1
plots.use_style()
plots.use_vendor_order(["B", "A"])
plt.figure()
plt.rcParams["axes.grid"] = not plt.rcParams["axes.grid"]
pd.set_option("display.max_colwidth", None)
import said_once
said_once.warn()
os.chdir("/")
"""


def notebook(*sources: str):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


async def state_after(tmp_path, *earlier: str) -> tuple[dict, list[str]]:
    """The state the last notebook sees after ``earlier`` notebooks ran in the same kernel,
    and the warnings it printed."""
    (tmp_path / "said_once.py").write_text(  # a library warning: shown once per place in a process
        "import warnings\ndef warn():\n    warnings.warn('said once', UserWarning)\n", encoding="utf-8"
    )
    async with ReportKernel(tmp_path) as kernel:
        for source in earlier:
            await kernel.execute(notebook(source), tmp_path)
        nb = await kernel.execute(notebook(*STATE), tmp_path)
    texts = [out["text"] for out in nb.cells[-1].outputs if out.get("output_type") == "stream"]
    state = json.loads(next(t for t in texts if t.startswith("{")))
    return state, [t.count("UserWarning: said once") for t in texts if "said once" in t]


def test_a_notebook_after_another_starts_as_in_a_fresh_kernel(tmp_path):
    fresh, fresh_warnings = asyncio.run(state_after(tmp_path))
    after, after_warnings = asyncio.run(state_after(tmp_path, MESSY))
    assert fresh["folder"] == str(tmp_path) and fresh["figures"] == []
    assert after == fresh
    assert after_warnings == fresh_warnings == [1]  # the warning the messy notebook showed shows again


async def reply_with_lost_wakeup(channel_class, timeout: float):
    """Wait for a reply with ``channel_class`` while the reply's wake-up is swallowed.
    Returns (message or None, seconds waited)."""
    context = zmq.asyncio.Context()
    session = Session()
    router = context.socket(zmq.ROUTER)
    port = router.bind_to_random_port("tcp://127.0.0.1")
    dealer = context.socket(zmq.DEALER)
    dealer.connect(f"tcp://127.0.0.1:{port}")
    channel = channel_class(dealer, session)
    try:
        session.send(dealer, "kernel_info_request")
        identity, *_ = await router.recv_multipart()
        waiting = asyncio.ensure_future(channel.get_msg(timeout=timeout))
        await asyncio.sleep(0.2)  # the poll is now registered with the event loop
        started = time.monotonic()
        session.send(router, "kernel_info_reply", {"status": "ok"}, ident=identity)
        raw = zmq.Socket.shadow(dealer.underlying)
        deadline = time.monotonic() + 2
        while not raw.get(zmq.EVENTS) & zmq.POLLIN:  # reading EVENTS resets the edge
            assert time.monotonic() < deadline, "the reply never arrived"
            time.sleep(0.001)
        try:
            message = await waiting
        except Empty:
            message = None
        return message, time.monotonic() - started
    finally:
        dealer.close(linger=0)
        router.close(linger=0)
        context.term()


def test_a_plain_channel_misses_the_reply_until_its_timeout():
    """The failure being guarded against is real: the plain channel sleeps through the reply."""
    message, waited = asyncio.run(reply_with_lost_wakeup(AsyncZMQSocketChannel, timeout=3))
    assert waited >= 2.5, f"the plain channel saw the reply after {waited:.2f} s; the test no longer loses the wake-up"


def test_the_sliced_channel_gets_the_reply_within_one_slice():
    message, waited = asyncio.run(reply_with_lost_wakeup(SlicedChannel, timeout=30))
    assert message is not None and message["msg_type"] == "kernel_info_reply"
    assert waited < SLICE + 1.0


def test_the_sliced_channel_still_times_out():
    async def wait_for_nothing():
        context = zmq.asyncio.Context()
        dealer = context.socket(zmq.DEALER)
        dealer.connect("tcp://127.0.0.1:9")  # nobody answers
        started = time.monotonic()
        try:
            with pytest.raises(Empty):
                await SlicedChannel(dealer, Session()).get_msg(timeout=1.2)
            return time.monotonic() - started
        finally:
            dealer.close(linger=0)
            context.term()

    assert 1.1 < asyncio.run(wait_for_nothing()) < 2.5
