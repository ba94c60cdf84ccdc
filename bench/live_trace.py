"""Per-stage timestamps of the live benchmark's server processes (bench/live.py), kept out of production code.

`python -m bench.live_trace TRACE_FILE <wangqian args...>` runs `wangqian ...` (or, with `--subscriber PORT`, the
benchmark's subscription-holding process) after wrapping the functions each event passes through, and appends
`stage key time` lines to TRACE_FILE (flushed every 0.2 s by a thread):
- `fanned <event id>`: the fan-out transaction that numbered it committed (notifications/inbox.fan_out_to_publish);
- `published <event id>`: its batch was claimed and handed to the bus (Bus.publish_many called);
- `hub <event id>`: this process's hub got it (Hub.deliver: the in-process bus or the Redis listener);
- `stream <sequence>`: notificationAdded handed the inbox row to strawberry;
- `sent <sequence>`: the websocket `next` message carrying it was written;
- `gc<generation> <ms>`: a collection of the cyclic garbage collector, and how long it stopped the process.
Wrapping costs a few microseconds per call, small against the stages measured.
"""

from __future__ import annotations

import functools
import sys
import threading
import time

_lines: list[str] = []


def _note(stage: str, key: object) -> None:
    _lines.append(f"{stage} {key} {time.time():.6f}\n")


def _flusher(path: str) -> None:
    with open(path, "a", encoding="utf-8") as f:
        while True:
            time.sleep(0.2)
            batch = _lines[:]
            del _lines[:len(batch)]
            f.writelines(batch)
            f.flush()


def _gc_timer():
    began = [0.0]

    def callback(phase: str, info: dict) -> None:
        if phase == "start":
            began[0] = time.perf_counter()
        else:
            _note(f"gc{info['generation']}", f"{(time.perf_counter() - began[0]) * 1000:.3f}")

    return callback


def install(path: str) -> None:
    import gc

    from notifications import bus, hub, inbox
    from resolvers.notifications import live
    from server import websocket

    gc.callbacks.append(_gc_timer())
    threading.Thread(target=_flusher, args=(path,), daemon=True, name="bench-trace").start()

    fan_out_to_publish = inbox.fan_out_to_publish

    @functools.wraps(fan_out_to_publish)
    async def traced_fan_out_to_publish(*args, **kwargs):
        batch = await fan_out_to_publish(*args, **kwargs)
        for event in batch.events:
            _note("fanned", event.id)
        return batch

    # The dispatcher calls it through the module: the wrapper is what it finds.
    inbox.fan_out_to_publish = traced_fan_out_to_publish

    for cls in (bus.LocalBus, bus.RedisBus):
        def wrap(original):
            @functools.wraps(original)
            async def traced(self, messages):
                for event_id in dict.fromkeys(m.get("id") for _, m in messages):
                    _note("published", event_id)
                return await original(self, messages)
            return traced
        cls.publish_many = wrap(cls.publish_many)

    deliver = hub.Hub.deliver

    def traced_deliver(self, channel, message):
        if channel.startswith("graduate:"):
            _note("hub", message.get("id"))
        return deliver(self, channel, message)

    hub.Hub.deliver = traced_deliver

    notification_added = live.notification_added

    async def traced_notification_added(ctx, after):
        async for row in notification_added(ctx, after):
            _note("stream", row.sequence)
            yield row

    live.notification_added = traced_notification_added

    send_message = websocket.TransportWSHandler.send_message

    async def traced_send_message(self, message):
        await send_message(self, message)
        if message.get("type") == "next":
            node = ((message.get("payload") or {}).get("data") or {}).get("notificationAdded") or {}
            if "sequence" in node:
                _note("sent", node["sequence"])

    websocket.TransportWSHandler.send_message = traced_send_message


def main() -> None:
    path, *args = sys.argv[1:]
    install(path)
    if args[:1] == ["--subscriber"]:
        import uvicorn

        from server.app import create_app

        uvicorn.run(create_app(run_dispatcher=False), host="127.0.0.1", port=int(args[1]), log_level="warning",
                    ws_ping_interval=20, ws_ping_timeout=20)
        return
    from server.cli import main as wangqian

    sys.exit(wangqian(args))


if __name__ == "__main__":
    main()
