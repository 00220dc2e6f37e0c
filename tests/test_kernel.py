"""The report's kernel client still gets a reply whose wake-up was lost.

The lost wake-up is made on purpose: a reply arrives while a ``get_msg`` is waiting, and the
socket's edge-triggered notification is consumed (by reading ``zmq.EVENTS`` on a raw shadow
of the socket) before the event loop sees it. That is the state the report build hung in.
"""

from __future__ import annotations

import asyncio
import time
from queue import Empty

import pytest
import zmq
import zmq.asyncio
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.session import Session

from helpers.kernel import SLICE, SlicedChannel


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
