#!/usr/bin/env python3
"""A TCP proxy that makes a loopback server look as far away as a cloud.

    latency-proxy.py --rtt-ms 50 --target 127.0.0.1:5984 [--port 0]

Listens on 127.0.0.1 (on a free port unless --port says one), prints its base URL
(http://127.0.0.1:PORT) as the first line on stdout, and forwards every connection to the
target, delaying each direction by half the round trip: what one side sends reaches the other
RTT/2 later, in order. Opening a connection costs one round trip, as a TCP handshake does. The
link has no limit of bandwidth: only its latency is simulated. Runs until killed (SIGTERM,
SIGINT). Standard library only.
"""

import argparse
import asyncio
import signal
import sys
import time

CHUNK = 256 * 1024


async def relay(reader, writer, delay):
    """Copies reader to writer, each chunk delivered delay seconds after it was read."""
    queue = asyncio.Queue()

    async def deliver():
        while True:
            due, data = await queue.get()
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            if data is None:
                break
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()

    delivering = asyncio.ensure_future(deliver())
    try:
        while True:
            data = await reader.read(CHUNK)
            queue.put_nowait((time.monotonic() + delay, data or None))
            if not data:
                break
        await delivering
    except (ConnectionError, OSError):
        pass
    finally:
        delivering.cancel()


async def serve_one(client_reader, client_writer, target_host, target_port, rtt):
    try:
        # The handshake of a connection over the link.
        await asyncio.sleep(rtt)
        server_reader, server_writer = await asyncio.open_connection(target_host, target_port)
    except OSError:
        client_writer.close()
        return
    try:
        await asyncio.gather(relay(client_reader, server_writer, rtt / 2),
                             relay(server_reader, client_writer, rtt / 2))
    finally:
        for writer in (client_writer, server_writer):
            writer.close()


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rtt-ms", type=float, required=True, help="round-trip time to add")
    parser.add_argument("--target", required=True, help="HOST:PORT of the server")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0: a free one)")
    args = parser.parse_args()
    host, _, port = args.target.rpartition(":")
    rtt = max(0.0, args.rtt_ms / 1000)

    connections = set()

    def on_connection(reader, writer):
        task = asyncio.ensure_future(serve_one(reader, writer, host, int(port), rtt))
        connections.add(task)
        task.add_done_callback(connections.discard)

    server = await asyncio.start_server(on_connection, "127.0.0.1", args.port)
    print(f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}", flush=True)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    server.close()
    for task in list(connections):
        task.cancel()
    await asyncio.gather(*connections, return_exceptions=True)


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except BrokenPipeError:
        sys.exit(0)
