"""A real SMTP server for the tests (aiosmtpd): every accepted message is written whole to
DIR as NNNNNN.eml, with its envelope recipients in NNNNNN.rcpt and, for the browser tests,
what Python's own MIME parser reads in it in NNNNNN.json (subject, to, text, html), atomically
(renamed into place; the .eml last), before the 250 reply. Faults on demand: --tempfail N answers the first N messages 451,
--reject TEXT answers 550 to recipients containing TEXT, --delay-ms waits before each accept
(so a test can kill the process mid-batch), --crash-after N dies (exit 137, no reply, nothing
written) when message N+1 arrives: a crash at a known point of a batch."""

import argparse
import asyncio
import email
import email.policy
import json
import itertools
import os
import signal
import sys

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, directory, tempfail, reject, delay, crash_after, json_too=True):
        self.json_too = json_too
        self.crash_after = crash_after
        self.directory = directory
        self.tempfail = tempfail
        self.reject = reject
        self.delay = delay
        existing = [int(n[:6]) for n in os.listdir(directory) if n.endswith(".eml")]
        self.counter = itertools.count(max(existing, default=0) + 1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if any(text in address for text in self.reject):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.tempfail > 0:
            self.tempfail -= 1
            return "451 4.3.0 temporary failure, try again later"
        if self.delay:
            await asyncio.sleep(self.delay / 1000)
        if self.crash_after is not None:
            if self.crash_after == 0:
                os._exit(137)
            self.crash_after -= 1
        n = next(self.counter)
        files = [(".rcpt", "\n".join(envelope.rcpt_tos).encode())]
        if self.json_too:
            files.append((".json", parsed(envelope.original_content)))
        files.append((".eml", envelope.original_content))
        for suffix, content in files:
            path = os.path.join(self.directory, f"{n:06}{suffix}")
            with open(path + ".tmp", "wb") as f:
                f.write(content)
            os.replace(path + ".tmp", path)
        return "250 2.0.0 accepted"


def parsed(raw):
    message = email.message_from_bytes(raw, policy=email.policy.default)
    part = lambda kind: message.get_body(preferencelist=(kind,))
    return json.dumps({
        "subject": str(message["subject"]),
        "to": str(message["to"]),
        "message_id": str(message["message-id"]),
        "text": part("plain").get_content() if part("plain") else "",
        "html": part("html").get_content() if part("html") else "",
    }, ensure_ascii=False).encode()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0, help="0: any free port (printed)")
    parser.add_argument("--dir", required=True)
    parser.add_argument("--tempfail", type=int, default=0)
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--delay-ms", type=int, default=0)
    parser.add_argument("--crash-after", type=int, default=None)
    parser.add_argument("--no-json", action="store_true", help="only .eml and .rcpt (benchmarks)")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    sink = Sink(args.dir, args.tempfail, args.reject, args.delay_ms, args.crash_after,
                not args.no_json)
    loop = asyncio.new_event_loop()
    # Bound here, port 0 by default: no window in which another process takes a chosen port.
    server = loop.run_until_complete(loop.create_server(
        lambda: SMTP(sink, enable_SMTPUTF8=True), host="127.0.0.1", port=args.port))
    port = server.sockets[0].getsockname()[1]
    print(f"READY {port}", flush=True)
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, loop.stop)
    loop.run_forever()


if __name__ == "__main__":
    sys.exit(main())
