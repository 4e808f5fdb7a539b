"""The mail server of the digest tests: aiosmtpd (Debian's python3-aiosmtpd) with a handler that writes each
accepted message to a folder as NNNNN.eml (written whole, then renamed, so a reader never sees half a message).

    python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c smtp_sink.Sink FOLDER

Files in FOLDER change how it answers, so a test can turn faults on and off while it runs:
  drop-after-data  holds a number N: the next N messages are read to the end of DATA, then the connection is
                   closed without a reply (the message is not accepted: the client never heard "250").
  hold             while this file exists, the server stops answering at the point it names, and writes "holding"
                   meanwhile:
                     rcpt  the reply to RCPT TO is held: the client has not sent the message yet (if the client goes
                           away, so does the transaction);
                     kept  the message is read to the end of DATA and kept (written to the folder), then its "250"
                           reply is held: the server has the message, the client has not heard so.
"""
import asyncio
import itertools
import os


class Sink:
    def __init__(self, folder):
        self.folder = folder
        os.makedirs(folder, exist_ok=True)
        existing = [int(name[:-4]) for name in os.listdir(folder) if name.endswith(".eml") and name[:-4].isdigit()]
        self.numbers = itertools.count(max(existing, default=0) + 1)

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("smtp_sink.Sink takes one argument: the folder to write messages to")
        return cls(args[0])

    def _path(self, name):
        return os.path.join(self.folder, name)

    def _take_drop(self):
        path = self._path("drop-after-data")
        try:
            with open(path) as f:
                remaining = int(f.read().strip() or "0")
        except FileNotFoundError:
            return False
        if remaining <= 0:
            return False
        with open(path, "w") as f:
            f.write(str(remaining - 1))
        return True

    def _holds_at(self, point):
        try:
            with open(self._path("hold")) as f:
                return f.read().strip() == point
        except FileNotFoundError:
            return False

    async def _hold(self, server, point):
        """Waits while the hold file names this point; False when the client went away meanwhile."""
        if not self._holds_at(point):
            return True
        open(self._path("holding"), "w").close()
        try:
            while self._holds_at(point):
                await asyncio.sleep(0.02)
                if server.transport is None or server.transport.is_closing():
                    return False
            return not (server.transport is None or server.transport.is_closing())
        finally:
            os.remove(self._path("holding"))

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if not await self._hold(server, "rcpt"):
            return "421 client gone"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self._take_drop():
            server.transport.abort()
            return "421 connection dropped by the test server"
        self._keep(envelope)
        if not await self._hold(server, "kept"):
            return "421 client gone"
        return "250 OK"

    def _keep(self, envelope):
        number = next(self.numbers)
        temporary = self._path(f".{number:05d}.tmp")
        with open(temporary, "wb") as f:
            f.write(f"X-Envelope-To: {', '.join(envelope.rcpt_tos)}\r\n".encode())
            f.write(envelope.original_content or envelope.content)
        os.rename(temporary, self._path(f"{number:05d}.eml"))
