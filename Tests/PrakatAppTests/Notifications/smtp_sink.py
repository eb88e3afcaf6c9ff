#!/usr/bin/env python3
"""A real SMTP server for SMTPClient's tests, on loopback only.

`sink` mode is aiosmtpd (pip install aiosmtpd): every message it accepts is written to
OUT_DIR as N.eml (the bytes as received after DATA) and N.json (envelope sender and
recipients, whether the session was encrypted and who authenticated). Options add STARTTLS
(offered, or required before MAIL), implicit TLS, AUTH PLAIN/LOGIN and a SIZE limit; a
recipient whose address starts with "reject" is refused with 550, one starting with "busy"
with 451.

The other modes are small misbehaving servers written with asyncio, for the failure paths:
  reject   greets with 554 and refuses everything
  hang     accepts the connection and never says a word
  garbage  answers like an HTTP server
  inject   offers STARTTLS and sends a plaintext "250" in the same packet as its 220
  drop     greets, then closes the connection after EHLO
  slow     a correct but minimal server that waits --delay seconds before every reply
  notls    the same minimal server, offering STARTTLS and then declining it with 454

Prints "READY <port>" on standard output once it listens, then serves until killed.

  python3 smtp_sink.py --port 2525 --out /tmp/mail
  python3 smtp_sink.py --port 2526 --out /tmp/mail --starttls --auth user:secret --cert-dir /tmp/cert
  python3 smtp_sink.py --port 2527 --out /tmp/mail --implicit-tls --cert-dir /tmp/cert
  python3 smtp_sink.py --port 2528 --mode hang
"""

import argparse
import asyncio
import fcntl
import itertools
import json
import os
import signal
import ssl
import subprocess
import sys
import time


def make_certificate(directory):
    """A self-signed certificate for localhost / 127.0.0.1, made once with openssl. Servers
    started together with the same directory take turns (a lock file), so all use one pair."""
    os.makedirs(directory, exist_ok=True)
    cert = os.path.join(directory, "cert.pem")
    key = os.path.join(directory, "key.pem")
    with open(os.path.join(directory, ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (os.path.exists(cert) and os.path.exists(key)):
            subprocess.run(
                ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                 "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key + ".new", "-out", cert + ".new"],
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            os.replace(key + ".new", key)
            os.replace(cert + ".new", cert)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def run_sink(args):
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, SMTP

    os.makedirs(args.out, exist_ok=True)
    counter = itertools.count(1)

    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address.lower().startswith("reject"):
                return "550 5.1.1 <%s>: Recipient address rejected: no such user" % address
            if address.lower().startswith("busy"):
                return "451 4.3.0 mailbox busy, try again later"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            number = next(counter)
            base = os.path.join(args.out, str(number))
            with open(base + ".eml", "wb") as handle:
                handle.write(envelope.original_content or envelope.content)
            login = getattr(session.auth_data, "login", None)
            meta = {
                "mail_from": envelope.mail_from,
                "rcpt_tos": envelope.rcpt_tos,
                "tls": session.ssl is not None or args.implicit_tls,
                "authenticated": bool(session.authenticated),
                "login": login.decode() if isinstance(login, bytes) else login,
                "received": time.time(),
            }
            with open(base + ".json", "w") as handle:
                json.dump(meta, handle)
            return "250 2.0.0 Ok: queued as %d" % number

    user, password = (args.auth.split(":", 1) + [""])[:2] if args.auth else (None, None)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login.decode() == user and auth_data.password.decode() == password
        return AuthResult(success=ok, handled=False, auth_data=auth_data)

    tls = make_certificate(args.cert_dir) if (args.starttls or args.require_starttls or args.implicit_tls) else None

    class Sink(Controller):
        def factory(self):
            return SMTP(
                self.handler,
                hostname="sink.localhost",
                data_size_limit=args.size_limit,
                enable_SMTPUTF8=False,
                decode_data=False,
                tls_context=tls if (args.starttls or args.require_starttls) else None,
                require_starttls=args.require_starttls,
                authenticator=authenticator if args.auth else None,
                auth_required=bool(args.auth),
                # aiosmtpd counts only STARTTLS as TLS here; with implicit TLS the whole session is.
                auth_require_tls=not (args.auth_plaintext or args.implicit_tls),
            )

    controller = Sink(Handler(), hostname="127.0.0.1", port=args.port, ssl_context=tls if args.implicit_tls else None)
    controller.start()
    print("READY %d" % args.port, flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


async def misbehave(args):
    async def serve(reader, writer):
        try:
            if args.mode == "reject":
                writer.write(b"554 5.7.1 sink.localhost: no SMTP service here\r\n")
                await writer.drain()
                while line := await reader.readline():
                    if line.upper().startswith(b"QUIT"):
                        writer.write(b"221 bye\r\n")
                        break
                    writer.write(b"503 5.5.1 no service\r\n")
                    await writer.drain()
            elif args.mode == "hang":
                await reader.read()  # until the client gives up
            elif args.mode == "garbage":
                writer.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                await writer.drain()
                await reader.read()
            elif args.mode == "inject":
                writer.write(b"220 sink.localhost ESMTP\r\n")
                while line := await reader.readline():
                    command = line.upper()
                    if command.startswith(b"EHLO"):
                        writer.write(b"250-sink.localhost\r\n250 STARTTLS\r\n")
                    elif command.startswith(b"STARTTLS"):
                        writer.write(b"220 2.0.0 go ahead\r\n250 2.0.0 injected in plain text\r\n")
                    else:
                        writer.write(b"500 what\r\n")
                    await writer.drain()
            elif args.mode in ("slow", "notls"):
                delay = args.delay if args.mode == "slow" else 0

                async def reply(text):
                    await asyncio.sleep(delay)
                    writer.write(text)
                    await writer.drain()
                await reply(b"220 sink.localhost ESMTP minimal\r\n")
                while line := await reader.readline():
                    command = line.upper()
                    if command.startswith(b"EHLO") and args.mode == "notls":
                        await reply(b"250-sink.localhost\r\n250 STARTTLS\r\n")
                    elif command.startswith(b"STARTTLS"):
                        await reply(b"454 4.7.0 TLS not available due to temporary reason\r\n")
                    elif command.startswith(b"DATA"):
                        await reply(b"354 go ahead\r\n")
                        while (data := await reader.readline()) not in (b".\r\n", b""):
                            pass
                        await reply(b"250 2.0.0 Ok: queued slowly\r\n")
                    elif command.startswith(b"QUIT"):
                        await reply(b"221 bye\r\n")
                        break
                    else:
                        await reply(b"250 ok\r\n")
            elif args.mode == "drop":
                writer.write(b"220 sink.localhost ESMTP\r\n")
                await writer.drain()
                await reader.readline()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", args.port)
    print("READY %d" % args.port, flush=True)
    async with server:
        await server.serve_forever()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--mode", choices=["sink", "reject", "hang", "garbage", "inject", "drop", "slow", "notls"], default="sink")
    parser.add_argument("--out", default="./smtp-sink-out", help="where sink mode writes N.eml and N.json")
    parser.add_argument("--starttls", action="store_true", help="offer STARTTLS")
    parser.add_argument("--require-starttls", action="store_true", help="offer STARTTLS and refuse mail without it")
    parser.add_argument("--implicit-tls", action="store_true", help="TLS from the first byte (smtps)")
    parser.add_argument("--cert-dir", default="./smtp-sink-cert", help="where the self-signed certificate is made or found")
    parser.add_argument("--auth", metavar="USER:PASSWORD", help="require AUTH with these credentials")
    parser.add_argument("--auth-plaintext", action="store_true", help="offer AUTH without TLS too")
    parser.add_argument("--delay", type=float, default=1.0, help="slow mode: seconds before each reply")
    parser.add_argument("--size-limit", type=int, default=33554432, help="the SIZE the server announces and enforces")
    args = parser.parse_args()
    # A child inherits its parent's blocked signals, and the Swift test process that starts this
    # one blocks SIGTERM on its threads: left blocked, the test's `terminate()` never arrives and
    # the server outlives the test. Unblocked before any thread starts, so all of them take it.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    if args.mode == "sink":
        run_sink(args)
    else:
        asyncio.run(misbehave(args))


if __name__ == "__main__":
    sys.exit(main())
