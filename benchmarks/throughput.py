"""Throughput at concurrency: N articles against a loopback OpenAI-compatible
server that answers every request after a fixed delay, as a ratio to the ideal
(articles x delay / concurrency). That ideal assumes the articles divide
evenly among the slots; with a fixed delay the wall time cannot be less than
``ceil(articles / concurrency) x delay`` (200 articles at 32: 7 rounds, 1.4 s,
89% of the ideal), printed as the bound. The gap is CPU time under the client
process's one interpreter lock: the pipeline's (instructor, validation,
grounding, normalization) and the HTTP client's. The ``raw client`` rows send the same request with the bare
``openai`` client, the floor any pipeline on this client can reach.

    python -m benchmarks.throughput [--articles 200] [--delay 0.2] [--levels 1 8 32]

The server is a few lines of asyncio in a process of its own, so its own cost
(well under a millisecond a request) stays out of the client's CPU and out of
the delay. It answers every request with the seed's whole-brief answer, so the
briefs are made with ``--pipeline single`` (one request an article; a staged
brief makes three, each a request like these).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing
import time
from collections.abc import Awaitable, Callable
from typing import Any

import openai

from summarizer import Settings, Summarizer
from tests.openai_server import completion
from tests.paths import SEED, SEED_DRAFT

Respond = Callable[[bytes], Awaitable[bytes | None]]


def serve(port_out: Any, respond: Respond, port: int = 0) -> None:
    """An HTTP/1.1 keep-alive server on 127.0.0.1 (``port``; 0: any free one) that
    sends each request's body to ``respond`` and writes back what it returns (a
    whole response), or drops the connection when it returns None. Sends the port
    to ``port_out`` once it listens. Runs until its process ends."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                headers = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in headers.split(b"\r\n"):
                    if line[:15].lower() == b"content-length:":
                        length = int(line[15:])
                response = await respond(await reader.readexactly(length))
                if response is None:
                    writer.transport.abort()  # a connection reset, mid-request
                    return
                writer.write(response)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=512)
        port_out.send(server.sockets[0].getsockname()[1])
        await server.serve_forever()

    asyncio.run(main())


def http_response(payload: bytes, status: int = 200) -> bytes:
    head = (
        f"HTTP/1.1 {status} {'OK' if status == 200 else 'Error'}\r\n"
        f"content-type: application/json\r\ncontent-length: {len(payload)}\r\n\r\n"
    )
    return head.encode() + payload


def _delayed(delay: float, body: bytes) -> Respond:
    response = http_response(body)

    async def respond(_: bytes) -> bytes:
        await asyncio.sleep(delay)
        return response

    return respond


class DelayedServer:
    """Answers every chat completion with the seed's tool call after ``delay`` seconds."""

    def __init__(self, delay: float) -> None:
        args = json.dumps(json.loads(SEED_DRAFT.read_text()))
        body = json.dumps(completion(tool_args=args)).encode()
        parent, child = multiprocessing.Pipe()
        self._process = multiprocessing.Process(
            target=serve, args=(child, _delayed(delay, body)), daemon=True
        )
        self._process.start()
        self.url = f"http://127.0.0.1:{parent.recv()}/v1"

    def __enter__(self) -> DelayedServer:
        return self

    def __exit__(self, *exc: Any) -> None:
        self._process.terminate()
        self._process.join()


def _raw_client(url: str, request: dict[str, Any], articles: int, concurrency: int) -> float:
    async def run() -> None:
        client = openai.AsyncOpenAI(base_url=url, api_key="sk-bench", max_retries=0)
        semaphore = asyncio.Semaphore(concurrency)

        async def one() -> None:
            async with semaphore:
                await client.chat.completions.create(**request)

        await asyncio.gather(*(one() for _ in range(articles)))
        await client.close()

    started = time.perf_counter()
    asyncio.run(run())
    return time.perf_counter() - started


def measure(articles: int, delay: float, levels: list[int]) -> list[dict[str, Any]]:
    text = SEED.read_text()
    rows = []
    with DelayedServer(delay) as server:
        s = Summarizer(
            "openai",
            base_url=server.url,
            api_key="sk-bench",
            model="bench",
            settings=Settings(pipeline="single"),
        )
        sent: dict[str, Any] = {}
        create = s.backend.create
        s.backend.create = lambda **kw: sent.update(kw) or create(**kw)  # type: ignore[method-assign]
        s.summarize(text)  # warm up imports and schema; keep the request for the raw client
        for c in levels:
            started = time.perf_counter()
            results = s.summarize_many([text] * articles, concurrency=c)
            wall = time.perf_counter() - started
            failed = [str(r.error) for r in results if not r.ok]
            retries = sum(r.brief.metadata.transport_retries for r in results if r.ok)
            assert not failed and not retries, (failed[:3], retries)
            raw = _raw_client(server.url, sent, articles, c)
            ideal = articles * delay / c
            bound = math.ceil(articles / c) * delay
            rows.append(
                dict(
                    concurrency=c,
                    wall_s=wall,
                    raw_s=raw,
                    ideal_s=ideal,
                    bound_s=bound,
                    ratio=ideal / wall,
                )
            )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--delay", type=float, default=0.2)
    ap.add_argument("--levels", type=int, nargs="+", default=[1, 8, 32])
    args = ap.parse_args()
    print(f"{args.articles} articles, server delay {args.delay * 1000:.0f} ms")
    print(
        f"{'concurrency':>11} {'ideal s':>8} {'bound s':>8} {'pipeline s':>10} {'of ideal':>9} "
        f"{'of bound':>9} {'raw client s':>12} {'of ideal':>9}"
    )
    for r in measure(args.articles, args.delay, args.levels):
        print(
            f"{r['concurrency']:>11} {r['ideal_s']:>8.2f} {r['bound_s']:>8.2f} "
            f"{r['wall_s']:>10.2f} {r['ratio']:>8.0%} {r['bound_s'] / r['wall_s']:>8.0%} "
            f"{r['raw_s']:>12.2f} {r['ideal_s'] / r['raw_s']:>8.0%}"
        )


if __name__ == "__main__":
    main()
