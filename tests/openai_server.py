"""A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions API.

Each test scripts its answers: a list of actions consumed one per request
(the last one repeats). It records every request so tests can count attempts
and inspect what was sent. It is the stand-in for remote APIs, which cannot be
reached from here.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def completion(
    content: str | None = None,
    *,
    tool_args: str | None = None,
    tool_name: str = "Brief",
    finish_reason: str = "stop",
    refusal: str | None = None,
    usage: tuple[int, int] = (500, 200),
) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool_args is not None:
        message["tool_calls"] = [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": tool_name, "arguments": tool_args},
            }
        ]
    if refusal is not None:
        message["refusal"] = refusal
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": "test-model",
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        "usage": {
            "prompt_tokens": usage[0],
            "completion_tokens": usage[1],
            "total_tokens": usage[0] + usage[1],
        },
    }


def example(schema: dict[str, Any], defs: dict[str, Any] | None = None) -> Any:
    """A small valid instance of a JSON schema: the first enum value, every
    fixed (prefix) item, one item of an open list, "x" for free text."""
    defs = defs if defs is not None else schema.get("$defs", {})
    if "$ref" in schema:
        return example(defs[schema["$ref"].split("/")[-1]], defs)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return example(schema[key][0], defs)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return {k: example(v, defs) for k, v in schema.get("properties", {}).items()}
    if kind == "array":
        if "prefixItems" in schema:
            return [example(item, defs) for item in schema["prefixItems"]]
        items = schema.get("items")
        return [example(items, defs)] if isinstance(items, dict) and items else []
    return {"integer": 1, "number": 1.0, "boolean": False, "null": None}.get(kind, "x")


def answer_for(request: dict[str, Any], brief_args: str = "{}") -> dict[str, Any]:
    """A valid answer in whichever mode the client asked for: ``brief_args`` for a
    whole-brief request, else an answer built from the schema (the staged
    pipeline's short questions)."""
    if request.get("tools"):
        function = request["tools"][0]["function"]
        name = function["name"]
        args = brief_args
        if name != "Brief":
            args = json.dumps(example(function.get("parameters") or {}))
        return completion(tool_args=args, tool_name=name)
    return completion(content=brief_args)


@dataclass
class Action:
    """One scripted answer."""

    status: int = 200
    body: Any = None  # dict -> JSON; str -> sent as is; None -> the default brief
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (a hang when past the client timeout)
    reset: bool = False  # close the connection without answering


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    at: float


class _Server(ThreadingHTTPServer):
    request_queue_size = 256  # many clients at once (the default backlog is 5)


class FakeOpenAI:
    def __init__(self, default_args: str = "{}") -> None:
        self.actions: list[Action] = [Action()]
        self.requests: list[Request] = []
        self.default_args = default_args
        self.in_flight = 0
        self.max_in_flight = 0  # the most requests the server held at once
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def script(self, *actions: Action) -> None:
        with self._lock:
            self.actions = list(actions)
            self.requests.clear()

    def _next(self) -> Action:
        with self._lock:
            return self.actions.pop(0) if len(self.actions) > 1 else self.actions[0]

    def default_body(self, request: dict[str, Any]) -> dict[str, Any]:
        return answer_for(request, self.default_args)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # headers and body go out in two writes: without TCP_NODELAY the
            # body waits for the client's delayed ACK (~40 ms a response)
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                with fake._lock:
                    fake.in_flight += 1
                    fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
                try:
                    self._answer()
                finally:
                    with fake._lock:
                        fake.in_flight -= 1

            def _answer(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length)
                body = json.loads(raw or b"{}")
                with fake._lock:
                    fake.requests.append(
                        Request(
                            self.path,
                            {k.lower(): v for k, v in self.headers.items()},
                            body,
                            time.monotonic(),
                        )
                    )
                action = fake._next()
                if action.delay:
                    time.sleep(action.delay)
                if action.reset:
                    self.connection.shutdown(2)
                    self.connection.close()
                    return
                payload = action.body if action.body is not None else fake.default_body(body)
                data = (
                    payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
                )
                try:
                    self.send_response(action.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    for k, v in action.headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._server.shutdown()
        self._server.server_close()


def main() -> None:
    """Serve in a process of its own (for benchmarks): print the URL, answer until killed."""
    import argparse
    import sys
    from pathlib import Path

    ap = argparse.ArgumentParser()
    ap.add_argument("--delay", type=float, default=0.0)
    ap.add_argument("--answer", help="a file with the tool-call arguments to answer with")
    args = ap.parse_args()
    answer = Path(args.answer).read_text() if args.answer else "{}"
    with FakeOpenAI(default_args=answer) as server:
        server.script(Action(delay=args.delay))
        print(server.url, flush=True)
        sys.stdin.read()  # until the parent closes our stdin


if __name__ == "__main__":
    main()
