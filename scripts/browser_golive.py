#!/usr/bin/env python3
"""Browser test of "a fresh install goes live": real Chromium, fully offline.

Unlike browser_publishing.py this script starts everything itself: an SMTP sink (aiosmtpd,
in-process on loopback, keeping every message), `prakat create-admin` and then `prakat serve` on
a fresh data directory WITHOUT the demo agency (PRAKAT_DEMO=0), with PRAKAT_SMTP_URL pointing at
the sink (STARTTLS off). Server and sink are stopped at exit (by process id).

Then it clicks through the first days of a new agency's site (each step is one or more
pass/fail lines):
  1. the administrator signs in (a forced password change is handled) and is sent to the agency
     setup page /admin/agency, since the site has no Thai name yet; fills the Thai and English
     names, phone, e-mail and theme colour and saves; the public home page then shows the Thai
     name and no longer says the site is being set up (อยู่ระหว่างการจัดตั้ง);
  2. the administrator creates a unit at /admin/units and three people at /admin/users/new: a
     staff member of the unit, its head (role unitHead, then chosen as the unit's head on the
     unit form) and a webmaster who is also the uploader. The head's e-mail address is given on
     the user form when it has an `email` field; otherwise the head sets it at
     /account/notifications after signing in (every first sign-in changes the password the
     administrator set);
  3. the staff member requests a news item (ข่าวประชาสัมพันธ์), saves the draft, tries a photo
     without its text alternative (refused beside the field, #alt-error, nothing attached), then
     attaches three PNG photos (made here with zlib, 1600×1000, different colours) each with its
     alt text and credit, and submits the request for approval;
  4. the head's mail: the sink is polled (up to ~70 s; the server sends every 15 s) for a
     message to the head's address whose decoded subject or body names the request or links to
     it; the head signs in and approves;
  5. the webmaster publishes it now;
  6. banners: the webmaster opens /staff/home, follows its link to /staff/home/banners/new, checks
     that a banner without alt text is refused (HTTP 422 with a Thai message), adds one (image,
     alt, link, empty start/end), and the public home page shows it inside
     <section class="banners"> as an <img> with that alt text. Until the feature exists these
     lines FAIL (never a silent skip);
  7. a visitor (a new browser session) on a 375 px phone (DevTools emulation; scrollWidth <= 375):
     the home page shows the banner and the news item with its thumbnail (img.item-thumb); the
     item page shows the cover (figure.item-cover img, with srcset when the machine has
     vipsthumbnail) and the gallery (section.gallery, two images) with the alt texts given; the
     cover's full-size URL answers 200 image/png with the bytes uploaded; og:image is present;
  8. axe-core (bundled in axe-selenium-python 3.0.0, no network) at 375 and 1280 px on
     /admin/agency, /staff/home, /staff/home/banners/new, the request page with its photos, the
     item page and the home page with the banner: serious or critical violations fail.

Screenshots of failures, axe's JSON reports and the server's log go to --artifacts. The last
line is "golive: N passed, M failed"; exit status 0 only when nothing failed.

Usage (from the repository root, which holds Resources/):
  python3 scripts/browser_golive.py --binary .build/debug/prakat --artifacts ci-artifacts/browser-golive

Needs what browser_publishing.py needs (Debian's chromium, chromium-driver, fonts-thai-tlwg;
selenium and axe-selenium-python==3.0.0) plus aiosmtpd (scripts/requirements-test.txt), and
reuses the helpers of browser_smoke.py and browser_publishing.py.
"""
from __future__ import annotations

import argparse
import email
import email.policy
import html
import os
import re
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
import zlib
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the work tree
sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_smoke import (  # noqa: E402  (the same browser set-up and reporting as the smoke test)
    DESKTOP, PHONE, CheckFailed, Results, find_executable, path_of, set_viewport, start_browser, wait_loaded,
)
from browser_publishing import Flow  # noqa: E402  (its page helpers, sign-out, inbox, approve)

REPO = Path(__file__).resolve().parent.parent
BEING_SET_UP = "อยู่ระหว่างการจัดตั้ง"
NEWS_NAME = "ข่าวประชาสัมพันธ์"
NEWS_SLUG = "news"
MAIL_WAIT_SECONDS = 70  # the server's mail sender runs every 15 s
THAI = re.compile(r"[\u0E00-\u0E7F]")

# The agency, its unit and its people. Passwords are made at run time.
AGENCY = {
    "nameTh": "สำนักงานสาธารณสุขอำเภอทดสอบระบบ",
    "nameEn": "Test District Public Health Office",
    "phone": "0 3827 1234",
    "email": "saraban@example.go.th",
    "themeColour": "#0B5D3B",
}
UNIT = {"nameTh": "กลุ่มงานส่งเสริมสุขภาพ", "nameEn": "Health Promotion Group", "slug": "health-promotion"}


# --------------------------------------------------------------------------------------------
# test data made here
# --------------------------------------------------------------------------------------------

def png(width: int, height: int, colour: tuple[int, int, int], band: tuple[int, int, int]) -> bytes:
    """A real RGB PNG: COLOUR with horizontal bands of BAND every 100 rows."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    plain = b"\x00" + bytes(colour) * width
    striped = b"\x00" + bytes(colour) * (width // 4) + bytes(band) * (width - width // 4)
    raw = b"".join(striped if (y // 100) % 2 else plain for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailSink:
    """aiosmtpd on loopback in this process (its own thread and event loop); keeps every message."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[tuple[list[str], bytes]] = []
        self.lock = threading.Lock()
        self.controller = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                with sink.lock:
                    sink.messages.append((list(envelope.rcpt_tos), envelope.original_content or envelope.content))
                return "250 2.0.0 Ok: queued"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            try:
                self.controller.stop()
            except Exception:
                pass
            self.controller = None

    def to(self, address: str) -> list[email.message.EmailMessage]:
        with self.lock:
            raw = [data for recipients, data in self.messages if address.lower() in (r.lower() for r in recipients)]
        return [email.message_from_bytes(data, policy=email.policy.default) for data in raw]


def mail_text(message) -> tuple[str, str]:
    """The decoded (RFC 2047) subject and the text of every text part."""
    subject = str(message.get("Subject", ""))
    bodies = []
    for part in message.walk():
        if part.get_content_maintype() == "text":
            try:
                bodies.append(part.get_content())
            except Exception:
                bodies.append(part.get_payload(decode=True).decode("utf-8", errors="replace"))
    return subject, "\n".join(bodies)


# --------------------------------------------------------------------------------------------
# the flow
# --------------------------------------------------------------------------------------------

class GoLive(Flow):
    def __init__(self, args, results: Results) -> None:
        self.port = free_port()
        args.base_url = f"http://127.0.0.1:{self.port}"
        super().__init__(args, results)
        self.token = "golive" + secrets.token_hex(3)
        self.title = f"ข่าวกิจกรรมรณรงค์ส่งเสริมสุขภาพผู้สูงอายุ รหัส {self.token}"
        self.binary = os.path.abspath(args.binary)
        self.sink = MailSink()
        self.server: subprocess.Popen | None = None
        self.server_log = self.artifacts / "server-golive.log"
        self.workdir = Path(tempfile.mkdtemp(prefix="prakat-golive-"))
        self.data_dir = self.workdir / "data"
        self.people = {
            "admin": {"username": "golive-admin", "display": "ผู้ดูแลระบบทดสอบ", "password": "Adm-" + secrets.token_urlsafe(15)},
            "staff": {"username": "golive-staff", "display": "สมศรี ใจดี", "position": "นักวิชาการสาธารณสุขปฏิบัติการ",
                      "roles": ["staff"], "password": "Init-" + secrets.token_urlsafe(12)},
            "head": {"username": "golive-head", "display": "ประเสริฐ วงศ์สวัสดิ์", "position": "หัวหน้ากลุ่มงานส่งเสริมสุขภาพ",
                     "roles": ["unitHead"], "password": "Init-" + secrets.token_urlsafe(12),
                     "email": f"head.{self.token}@example.go.th"},
            "web": {"username": "golive-web", "display": "วิภาวรรณ ศรีสุข", "position": "นักวิชาการคอมพิวเตอร์",
                    "roles": ["uploader", "webmaster"], "password": "Init-" + secrets.token_urlsafe(12)},
        }
        self.head_email_on_user_form = False
        self.photos = [
            {"file": self.workdir / f"กิจกรรม-{self.token}-1.png", "colour": (11, 93, 59), "band": (240, 200, 80),
             "alt": "เจ้าหน้าที่ตรวจวัดความดันโลหิตผู้สูงอายุที่ศาลาประชาคมหมู่บ้าน", "credit": "กลุ่มงานส่งเสริมสุขภาพ"},
            {"file": self.workdir / f"กิจกรรม-{self.token}-2.png", "colour": (30, 80, 160), "band": (250, 250, 250),
             "alt": "ผู้สูงอายุร่วมออกกำลังกายด้วยไม้พลองหน้าโรงพยาบาลส่งเสริมสุขภาพตำบล", "credit": "อสม. หมู่ 3"},
            {"file": self.workdir / f"กิจกรรม-{self.token}-3.png", "colour": (170, 40, 40), "band": (255, 230, 230),
             "alt": "นักโภชนาการสาธิตการจัดสำรับอาหารลดเค็มให้ผู้สูงอายุ", "credit": ""},
        ]
        self.banner = {"file": self.workdir / f"banner-{self.token}.png", "alt": "รณรงค์ฉีดวัคซีนไข้หวัดใหญ่ให้ผู้สูงอายุ ฟรี ถึงสิ้นเดือนนี้",
                       "link": "https://example.go.th/vaccine"}
        self.has_thumbnailer = os.access("/usr/bin/vipsthumbnail", os.X_OK) or os.access("/usr/bin/convert", os.X_OK)

    # -- the server and the sink ---------------------------------------------------------

    def server_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PRAKAT_DB_SCHEMA")}
        env.update({
            "PRAKAT_DATA_DIR": str(self.data_dir), "PRAKAT_DEMO": "0", "PRAKAT_HOST": "127.0.0.1",
            "PRAKAT_PORT": str(self.port), "PRAKAT_PUBLIC_URL": self.base,
            "PRAKAT_SMTP_URL": f"smtp://127.0.0.1:{self.sink.port}?starttls=never&from=noreply@example.go.th",
            "PRAKAT_BCRYPT_COST": "4",
        })
        if self.args.resources:
            env["PRAKAT_RESOURCES_DIR"] = os.path.abspath(self.args.resources)
        return env

    def start_services(self):
        def body():
            if not os.access(self.binary, os.X_OK):
                raise CheckFailed(f"no server binary at {self.binary} (build it, or pass --binary)")
            resources = Path(self.args.resources).resolve() if self.args.resources else REPO / "Resources"
            if not (resources / "Views").is_dir():
                raise CheckFailed(f"no Views/ under {resources}")
            self.sink.start()
            self.data_dir.mkdir()
            admin = self.people["admin"]
            created = subprocess.run(
                [self.binary, "create-admin", "--username", admin["username"], "--display-name", admin["display"], "--password-stdin"],
                input=admin["password"] + "\n", text=True, capture_output=True, timeout=180, cwd=REPO,
                env={**self.server_env(), "LOG_LEVEL": "warning"})
            if created.returncode != 0:
                raise CheckFailed(f"create-admin exited {created.returncode}: {(created.stderr or created.stdout)[-600:]}")
            log = open(self.server_log, "wb")
            self.server = subprocess.Popen([self.binary, "serve"], cwd=REPO, env=self.server_env(),
                                           stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
            log.close()
            started = time.monotonic()
            while time.monotonic() - started < 120:
                if self.server.poll() is not None:
                    tail = self.server_log.read_text(encoding="utf-8", errors="replace")[-1500:]
                    raise CheckFailed(f"the server exited with {self.server.returncode}:\n{tail}")
                status, _, _ = self.http("/readyz") if self._port_open() else (None, None, None)
                if status == 200:
                    return (f"sink on :{self.sink.port}, server pid {self.server.pid} on {self.base}, "
                            f"ready after {time.monotonic() - started:.0f}s")
                time.sleep(0.5)
            raise CheckFailed("the server did not become ready in 120 s")
        return body

    def _port_open(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def keep_mail(self) -> None:
        """Every message the sink received, as N.eml under the artifacts (for reading a failure)."""
        with self.sink.lock:
            messages = list(self.sink.messages)
        if messages:
            folder = self.artifacts / "mail"
            folder.mkdir(exist_ok=True)
            for number, (_, data) in enumerate(messages, start=1):
                (folder / f"{number}.eml").write_bytes(data)

    def stop_services(self) -> None:
        if self.server is not None and self.server.poll() is None:
            self.server.terminate()  # our own child, by pid
            try:
                self.server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait(timeout=10)
        self.sink.stop()

    def server_problems(self) -> list[str]:
        try:
            lines = self.server_log.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return []
        return [line for line in lines if re.search(r"^\[ (WARNING|ERROR|CRITICAL) \]", line)][-20:]

    # -- helpers ---------------------------------------------------------------------------

    def errors_shown(self) -> str:
        return " | ".join(e.text.strip() for e in self.find(".field-error, .flash-error, [role=alert]") if e.text.strip())

    def refused(self) -> bool:
        """A form came back refused: errors beside fields, or the form's own "please correct" banner.
        (The desk's standing warnings, e.g. fewer than two webmasters, are styled as errors too.)"""
        return bool(self.find(".field-error")) or any(
            e.text.strip().startswith("กรุณาแก้ไข") for e in self.find(".flash-error"))

    def fill(self, css: str, value: str, what: str, within=None) -> None:
        field = self.one(css, what, within)
        field.clear()
        if value:
            field.send_keys(value)

    def browser_fetch(self, path: str) -> int:
        """The status of GET PATH with the browser's own session (redirects not followed: 0)."""
        return self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch(arguments[0], {credentials: 'same-origin', redirect: 'manual'})"
            "  .then(r => done(r.type === 'opaqueredirect' ? 0 : r.status), e => done(-1));", path)

    def visible_error(self) -> str | None:
        found = self.find(".error-code, .error-page")
        return found[0].text.strip()[:120] if found else None

    def sign_in(self, who: str):  # noqa: C901 - one person's sign-in, with the forced change
        """Signs WHO in; a forced password change at first sign-in is done and remembered."""
        def body():
            from selenium.webdriver.support.ui import WebDriverWait
            person = self.people[who]
            set_viewport(self.driver, *DESKTOP, False)
            self.open("/login")
            form = self.one("form[action$='/login']", "sign-in form")
            self.fill("input[name='username']", person["username"], "username field", form)
            self.one("input[name='password']", "password field", form).send_keys(person["password"])
            self.one("button[type='submit']", "sign-in button", form).click()
            WebDriverWait(self.driver, 60).until(
                lambda d: path_of(d) != "/login" or d.find_elements("css selector", "#login-error, .flash-error"))
            wait_loaded(self.driver)
            if path_of(self.driver) == "/login":
                raise CheckFailed(f"{person['username']} could not sign in: {self.errors_shown()}")
            note = ""
            if path_of(self.driver) == "/account/password":
                new = "Pw-" + secrets.token_urlsafe(15)
                forced = " ".join(e.text for e in self.find("[role=status]"))
                self.fill("#currentPassword", person["password"], "current password")
                self.fill("#newPassword", new, "new password")
                self.fill("#confirmPassword", new, "confirmation")
                self.click_and_wait(self.button("บันทึกรหัสผ่านใหม่"))
                if path_of(self.driver) == "/account/password":
                    raise CheckFailed(f"the forced password change was refused: {self.errors_shown()}")
                person["password"] = new
                note = "password changed at first sign-in" + (f" ({forced.strip()[:60]}…)" if forced.strip() else "")
            if path_of(self.driver) in ("/account/two-factor",) or "two-factor" in path_of(self.driver):
                raise CheckFailed(f"{person['username']} is asked to enrol in two-factor sign-in; this test expects it off")
            return f"on {path_of(self.driver)}" + (f", {note}" if note else "")
        return body

    def full_page_screenshot(self, name: str, width: int, height: int, mobile: bool) -> None:
        """The whole page (the emulated screen made as tall as the page, then put back)."""
        try:
            tall = min(int(self.driver.execute_script("return document.documentElement.scrollHeight")), 8000)
            set_viewport(self.driver, width, max(height, tall), mobile)
            self.screenshot(name)
        except Exception:
            pass  # a screenshot is never a failure
        finally:
            set_viewport(self.driver, width, height, mobile)

    def axe_pair(self, step: str, label: str, path: str | None) -> None:
        """axe at 375 and 1280 px on PATH (a page that must answer 200), as the current session."""
        for width, height, mobile in (PHONE + (True,), DESKTOP + (False,)):
            if path is None:
                self.skipped(f"{step} axe: {label} @{width}px", "the page was not reached earlier in the flow")
                continue

            def body(width=width, height=height, mobile=mobile):
                set_viewport(self.driver, width, height, mobile)
                status = self.browser_fetch(path)
                if status != 200:
                    raise CheckFailed(f"GET {path} answered {status or 'a redirect'}, expected 200"
                                      + (": the page is missing" if status == 404 else ""))
                self.open(path)
                if path_of(self.driver).rstrip("/") != path.rstrip("/"):
                    raise CheckFailed(f"GET {path} ended on {path_of(self.driver)}")
                if self.visible_error():
                    raise CheckFailed(f"GET {path} shows an error page: {self.visible_error()!r}")
                result = Flow.axe(self, f"golive {label} {width}", None, phone=mobile)()
                self.full_page_screenshot(f"golive {label} {width}", width, height, mobile)
                return result
            self.check(f"{step} axe: {label} @{width}px", body)
        set_viewport(self.driver, *DESKTOP, False)

    # -- 1. the agency ---------------------------------------------------------------------

    def sent_to_setup(self):
        def body():
            if path_of(self.driver) != "/admin/agency":
                # The desk is what a person opens next: it must lead to the setup page.
                self.open("/staff")
            if path_of(self.driver) != "/admin/agency":
                raise CheckFailed(f"the administrator is on {path_of(self.driver)}, not /admin/agency")
            value = self.one("#nameTh", "Thai name field").get_attribute("value")
            if value:
                raise CheckFailed(f"the Thai name is already {value!r} on a fresh install")
            return f"/admin/agency, h1 {self.one('h1', 'heading').text.strip()!r}"
        return body

    def public_home_before(self):
        def body():
            status, _, data = self.http("/")
            text = data.decode("utf-8", errors="replace")
            if status != 200:
                raise CheckFailed(f"GET / answered {status}")
            if BEING_SET_UP not in text:
                raise CheckFailed(f"before the setup the home page does not say {BEING_SET_UP!r}")
            return f"says {BEING_SET_UP!r}"
        return body

    def fill_agency(self):
        def body():
            set_viewport(self.driver, *DESKTOP, False)
            if path_of(self.driver) != "/admin/agency":
                self.open("/admin/agency")
            for name, value in AGENCY.items():
                self.fill(f"input#{name}", value, f"{name} field")
            self.click_and_wait(self.button("บันทึก"))
            if self.refused():
                raise CheckFailed(f"saving the agency was refused: {self.errors_shown()}")
            saved = self.flash()
            self.open("/admin/agency")
            stored = {name: self.one(f"input#{name}", name).get_attribute("value") for name in AGENCY}
            wrong = {k: v for k, v in stored.items() if v.lower() != AGENCY[k].lower()}
            if wrong:
                raise CheckFailed(f"after saving, the form holds {wrong}")
            return f"saved; {saved or 'no flash'}"
        return body

    def public_home_after(self):
        def body():
            status, _, data = self.http("/")
            text = data.decode("utf-8", errors="replace")
            if status != 200:
                raise CheckFailed(f"GET / answered {status}")
            problems = []
            if AGENCY["nameTh"] not in text:
                problems.append(f"the home page does not show {AGENCY['nameTh']!r}")
            if BEING_SET_UP in text:
                problems.append(f"the home page still says {BEING_SET_UP!r}")
            h1 = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)
            if h1 and AGENCY["nameTh"] not in html.unescape(h1.group(1)):
                problems.append(f"the home page's h1 is {html.unescape(h1.group(1)).strip()!r}")
            if problems:
                raise CheckFailed("; ".join(problems))
            return f"h1 {AGENCY['nameTh']!r}"
        return body

    # -- 2. the unit and the people ----------------------------------------------------------

    def create_unit(self):
        def body():
            self.open("/admin/units")
            links = [a for a in self.find("main a") if a.get_attribute("href").rstrip("/").endswith("/admin/units/new")]
            if not links:
                raise CheckFailed("/admin/units has no link to /admin/units/new")
            self.click_and_wait(links[0])
            for name, value in UNIT.items():
                self.fill(f"input#{name}", value, f"{name} field")
            self.click_and_wait(self.button("บันทึก"))
            if self.refused():
                raise CheckFailed(f"creating the unit was refused: {self.errors_shown()}")
            self.open("/admin/units")
            rows = [a for a in self.find("main table a") if a.text.strip() == UNIT["nameTh"]]
            if not rows:
                raise CheckFailed(f"/admin/units does not list {UNIT['nameTh']!r}")
            self.unit_path = urllib.parse.urlsplit(rows[0].get_attribute("href")).path
            return self.unit_path
        return body

    def create_user(self, who: str):
        def body():
            from selenium.webdriver.support.ui import Select
            person = self.people[who]
            self.open("/admin/users/new")
            self.fill("input#username", person["username"], "username field")
            self.fill("input#displayName", person["display"], "name field")
            self.fill("input#position", person["position"], "position field")
            unit = Select(self.one("select#unitId", "unit select"))
            options = [o.text for o in unit.options if o.text.strip() == UNIT["nameTh"]]
            if not options:
                raise CheckFailed(f"the unit select lacks {UNIT['nameTh']!r}: {[o.text for o in unit.options]}")
            unit.select_by_visible_text(options[0])
            for box in self.find("input[type='checkbox'][name='roles[]']"):
                if (box.get_attribute("value") in person["roles"]) != box.is_selected():
                    box.click()
            missing = set(person["roles"]) - {b.get_attribute("value") for b in self.find("input[name='roles[]']:checked")}
            if missing:
                raise CheckFailed(f"no role checkbox for {sorted(missing)}")
            email_fields = self.find("form input[name='email']")
            note = ""
            if who == "head":
                if email_fields:
                    self.fill("form input[name='email']", person["email"], "e-mail field")
                    self.head_email_on_user_form = True
                    note = f", e-mail {person['email']} on the user form"
                else:
                    note = ", the user form has no e-mail field (the head sets it at /account/notifications)"
            self.fill("input#password", person["password"], "password field")
            self.click_and_wait(self.button("บันทึก"))
            if self.refused():
                raise CheckFailed(f"creating {person['username']} was refused: {self.errors_shown()}")
            self.open("/admin/users")
            codes = [c.text.strip() for c in self.find("main table code")]
            if person["username"] not in codes:
                raise CheckFailed(f"/admin/users does not list {person['username']}: {codes}")
            return f"{person['username']} ({', '.join(person['roles'])}){note}"
        return body

    def set_unit_head(self):
        def body():
            from selenium.webdriver.support.ui import Select
            self.open(self.unit_path)
            select = Select(self.one("select#headUserId", "head select"))
            options = [o.text for o in select.options if self.people["head"]["display"] in o.text]
            if not options:
                raise CheckFailed(f"the head select does not offer {self.people['head']['display']!r}: {[o.text for o in select.options]}")
            select.select_by_visible_text(options[0])
            self.click_and_wait(self.button("บันทึก"))
            if self.refused():
                raise CheckFailed(f"saving the unit was refused: {self.errors_shown()}")
            self.open("/admin/units")
            row = [tr.text for tr in self.find("main table tbody tr") if UNIT["nameTh"] in tr.text]
            if not row or self.people["head"]["display"] not in row[0]:
                raise CheckFailed(f"/admin/units row: {row}")
            return f"{options[0]!r} heads {UNIT['nameTh']}"
        return body

    # -- the head's address ---------------------------------------------------------------

    def head_email(self):
        def body():
            head = self.people["head"]
            self.open("/account/notifications")
            field = self.one("form input#email", "e-mail field")
            shown = before = field.get_attribute("value")
            note = ""
            lost = self.head_email_on_user_form and shown.lower() != head["email"].lower()
            if lost or not self.head_email_on_user_form:
                self.fill("form input#email", head["email"], "e-mail field")
                self.click_and_wait(self.button("บันทึก"))
                if self.refused():
                    raise CheckFailed(f"saving the address was refused: {self.errors_shown()}")
                self.open("/account/notifications")
                shown = self.one("form input#email", "e-mail field").get_attribute("value")
                if shown.lower() != head["email"].lower():
                    raise CheckFailed(f"after saving, the field holds {shown!r}")
                note = "set by the head (fallback), "
                if lost:
                    # Set here so that the rest of the flow still runs, but this check fails.
                    raise CheckFailed(f"the administrator gave {head['email']} on the user form, but "
                                      f"/account/notifications showed {before!r}; the head set it there instead")
            box = self.find("input#mailed-approval_waiting")
            if box and not box[0].is_selected():
                raise CheckFailed("mail for “a request waits for my approval” is off by default")
            if self.find("[role=status]") and "ยังไม่ได้ตั้งค่าเซิร์ฟเวอร์อีเมล" in self.one("main", "main").text:
                raise CheckFailed("the page says no mail server is configured, but PRAKAT_SMTP_URL is set")
            return f"{note}{shown}"
        return body

    # -- 3. the request -------------------------------------------------------------------------

    def fill_news(self):
        def body():
            from selenium.webdriver.support.ui import Select
            select = Select(self.one("select#categoryId", "category select"))
            options = [o.text for o in select.options if o.text.strip().startswith(NEWS_NAME)]
            if not options:
                raise CheckFailed(f"no category {NEWS_NAME!r} among {[o.text for o in select.options]}")
            select.select_by_visible_text(options[0])
            self.fill("textarea#title", self.title, "title field")
            self.fill("textarea#details", "กลุ่มงานส่งเสริมสุขภาพจัดกิจกรรมรณรงค์ตรวจสุขภาพผู้สูงอายุ ณ ศาลาประชาคมหมู่บ้าน "
                      f"มีผู้เข้าร่วม ๑๒๐ คน\n\nข่าวนี้สร้างโดยการทดสอบอัตโนมัติ ({self.token})", "details field")
            self.click_and_wait(self.button("บันทึกร่าง"))
            path = path_of(self.driver)
            if not re.fullmatch(r"/staff/requests/[0-9a-f-]{36}", path):
                raise CheckFailed(f"saving the draft ended on {path}: {self.errors_shown() or self.flash()}")
            self.request_path = path
            heading = self.one("h1", "heading").text.strip()
            if heading != self.title:
                raise CheckFailed(f"the request page's heading is {heading!r}")
            return f"{path}, category {options[0].strip()!r}, state {self.one('.badge', 'state badge').text.strip()!r}"
        return body

    def attachments(self) -> list[str]:
        return [a.text.strip() for a in self.find(".file-list > li > a")]

    def photo_without_alt(self):
        def body():
            photo = self.photos[0]
            if path_of(self.driver) != self.request_path:
                self.open(self.request_path)
            self.one("input#file[type='file']", "file input").send_keys(str(photo["file"]))
            self.fill("textarea#alt", "", "alt field")
            self.fill("input#credit", photo["credit"], "credit field")
            self.click_and_wait(self.button("แนบไฟล์"))
            error = self.find("#alt-error")
            if not error or not THAI.search(error[0].text):
                raise CheckFailed(f"no Thai message beside the alt field (#alt-error); the page says: {self.errors_shown()!r}")
            alt = self.one("textarea#alt", "alt field")
            described = alt.get_attribute("aria-describedby") or ""
            problems = []
            if "alt-error" not in described.split():
                problems.append(f"the alt field is not described by #alt-error (aria-describedby={described!r})")
            if alt.get_attribute("aria-invalid") != "true":
                problems.append("the alt field lacks aria-invalid=true")
            if self.attachments():
                problems.append(f"something was attached anyway: {self.attachments()}")
            if problems:
                raise CheckFailed("; ".join(problems))
            return f"refused: {error[0].text.strip()!r}"
        return body

    def attach_photo(self, index: int):
        def body():
            photo = self.photos[index]
            if path_of(self.driver) != self.request_path:
                self.open(self.request_path)
            self.one("input#file[type='file']", "file input").send_keys(str(photo["file"]))
            self.fill("textarea#alt", photo["alt"], "alt field")
            self.fill("input#credit", photo["credit"], "credit field")
            self.click_and_wait(self.button("แนบไฟล์"))
            names = self.attachments()
            if photo["file"].name not in names or len(names) != index + 1:
                raise CheckFailed(f"after attaching photo {index + 1} the files are {names}; the page says: {self.errors_shown() or self.flash()}")
            item = [li.text for li in self.find(".file-list > li") if photo["file"].name in li.text][0]
            if photo["alt"] not in item:
                raise CheckFailed(f"the request page does not show the alt text beside the photo: {item!r}")
            if photo["credit"] and photo["credit"] not in item:
                raise CheckFailed(f"the request page does not show the credit beside the photo: {item!r}")
            return f"{len(names)} attached, {self.flash()!r}"
        return body

    # -- 4. the head's mail ---------------------------------------------------------------------

    def mail_to_head(self):
        def body():
            address = self.people["head"]["email"]
            started = time.monotonic()
            seen: list[str] = []
            while time.monotonic() - started < MAIL_WAIT_SECONDS:
                for message in self.sink.to(address):
                    subject, text = mail_text(message)
                    if self.title in subject or self.title in text or self.token in subject or self.request_path in text:
                        link = self.request_path in text
                        return (f"after {time.monotonic() - started:.0f}s: subject {subject!r}"
                                + (", links to the request" if link else ", no link to the request"))
                    if subject not in seen:
                        seen.append(subject)
                time.sleep(1)
            with self.sink.lock:
                everyone = sorted({r for recipients, _ in self.sink.messages for r in recipients})
            raise CheckFailed(f"no mail to {address} about the request within {MAIL_WAIT_SECONDS}s "
                              f"(to the head: {seen or 'none'}; the sink got mail for {everyone or 'nobody'}); "
                              f"see /admin/mail and {self.server_log}")
        return body

    # -- 5. publication ------------------------------------------------------------------------

    def publish_now(self):
        def body():
            form = None
            for candidate in self.find("form.action-form"):
                if candidate.get_attribute("action").endswith("/publish"):
                    form = candidate
            if form is None:
                raise CheckFailed("the request page has no publish form")
            start = self.one("input#publish-at", "start field", form)
            if start.get_attribute("value"):
                raise CheckFailed(f"the start field is prefilled with {start.get_attribute('value')!r}; empty means now")
            self.click_and_wait(self.button("นำขึ้นเผยแพร่", form))
            state = self.one(".badge", "state badge").text.strip()
            if state != "เผยแพร่แล้ว":
                raise CheckFailed(f"after publishing, the state is {state!r}; the page says: {self.errors_shown() or self.flash()}")
            public = [a for a in self.find("a") if a.text.strip() == "ดูหน้าเผยแพร่"]
            if not public:
                raise CheckFailed("the request page has no link “ดูหน้าเผยแพร่”")
            self.item_path = urllib.parse.urlsplit(public[0].get_attribute("href")).path
            if not re.fullmatch(r"/p/\d+", self.item_path):
                raise CheckFailed(f"the public link is {self.item_path}")
            return self.item_path
        return body

    # -- 6. banners -------------------------------------------------------------------------------

    def open_banner_form(self):
        def body():
            set_viewport(self.driver, *DESKTOP, False)
            status = self.browser_fetch("/staff/home")
            if status != 200:
                raise CheckFailed(f"GET /staff/home answered {status or 'a redirect'}, expected 200"
                                  + (": the home page editor is missing" if status == 404 else ""))
            self.open("/staff/home")
            links = [a for a in self.find("main a[href]")
                     if urllib.parse.urlsplit(a.get_attribute("href")).path.rstrip("/") == "/staff/home/banners/new"]
            if not links:
                raise CheckFailed("/staff/home has no link to /staff/home/banners/new")
            label = links[0].text.strip()
            self.click_and_wait(links[0])
            if path_of(self.driver) != "/staff/home/banners/new":
                raise CheckFailed(f"the link led to {path_of(self.driver)}")
            if self.visible_error():
                raise CheckFailed(f"/staff/home/banners/new shows an error page: {self.visible_error()!r}")
            form = self.banner_form()
            for css in ("input[type='file'][name='image']", "[name='alt']", "[name='link']",
                        "input[name='startsAt'][type='datetime-local']", "input[name='endsAt'][type='datetime-local']"):
                self.one(css, css, form)
            return f"link “{label}” → /staff/home/banners/new"
        return body

    def banner_form(self):
        for form in self.find("main form"):
            if self.find("input[type='file'][name='image']", form):
                return form
        raise CheckFailed(f"{path_of(self.driver)} has no form with an image file field")

    def banner_without_alt(self):
        def body():
            if path_of(self.driver) != "/staff/home/banners/new":
                self.open("/staff/home/banners/new")
            form = self.banner_form()
            self.one("input[type='file'][name='image']", "image field", form).send_keys(str(self.banner["file"]))
            # The browser's own form, sent as it is but without the alt text: the server's answer.
            answer = self.driver.execute_async_script(
                "const form = arguments[0], done = arguments[arguments.length - 1];"
                "const data = new FormData(form); data.set('alt', '');"
                "fetch(form.action, {method: 'POST', body: data, credentials: 'same-origin', redirect: 'manual'})"
                "  .then(r => r.text().then(t => done({status: r.type === 'opaqueredirect' ? 0 : r.status, text: t})),"
                "        e => done({status: -1, text: String(e)}));", form)
            if answer["status"] != 422:
                raise CheckFailed(f"a banner without alt text answered {answer['status'] or 'a redirect (accepted?)'}, expected 422")
            messages = [html.unescape(re.sub(r"<[^>]+>", "", m)).strip() for m in
                        re.findall(r'<(?:p|div)[^>]*class="[^"]*(?:field-error|flash-error)[^"]*"[^>]*>(.*?)</(?:p|div)>', answer["text"], re.S)]
            thai = [m for m in messages if THAI.search(m)]
            if not thai:
                raise CheckFailed(f"the 422 page has no Thai error message (field-error/flash-error): {messages}")
            return f"422, {thai[-1]!r}"
        return body

    def add_banner(self):
        def body():
            self.open("/staff/home/banners/new")
            form = self.banner_form()
            self.one("input[type='file'][name='image']", "image field", form).send_keys(str(self.banner["file"]))
            self.fill("[name='alt']", self.banner["alt"], "alt field", form)
            self.fill("[name='link']", self.banner["link"], "link field", form)
            self.click_and_wait(self.button("บันทึก", form))
            if self.refused() or path_of(self.driver) == "/staff/home/banners/new":
                raise CheckFailed(f"adding the banner ended on {path_of(self.driver)}: {self.errors_shown()}")
            return f"now on {path_of(self.driver)}; {self.flash()!r}"
        return body

    def banner_on_home(self):
        def body():
            status, _, data = self.http("/")
            text = data.decode("utf-8", errors="replace")
            section = re.search(r'<section[^>]*class="[^"]*\bbanners\b[^"]*"[^>]*>(.*?)</section>', text, re.S)
            if status != 200 or not section:
                raise CheckFailed(f"GET / ({status}) has no <section class=\"banners\">")
            alts = [html.unescape(a) for a in re.findall(r'<img[^>]*\balt="([^"]*)"', section.group(1))]
            if self.banner["alt"] not in alts:
                raise CheckFailed(f"the banners section has no <img> with alt {self.banner['alt']!r}: {alts}")
            return f"{len(alts)} banner image(s)"
        return body

    # -- 7. the visitor -------------------------------------------------------------------------

    def visitor_home(self):
        def body():
            set_viewport(self.driver, *PHONE, True)
            self.open("/")
            fit = self.fits_phone()
            if AGENCY["nameTh"] not in self.one("h1", "heading").text:
                raise CheckFailed(f"the home page's h1 is {self.one('h1', 'heading').text!r}")
            items = [li for li in self.find("main .item-list li")
                     if any(urllib.parse.urlsplit(a.get_attribute("href")).path == self.item_path for a in self.find("a", li))]
            if not items:
                raise CheckFailed(f"the home page does not list {self.item_path}")
            thumbs = self.find("img.item-thumb", items[0])
            if not thumbs:
                raise CheckFailed("the news item on the home page has no img.item-thumb")
            thumb = thumbs[0]
            loaded = self.driver.execute_script(
                "arguments[0].scrollIntoView(); return arguments[0].complete && arguments[0].naturalWidth", thumb)
            if not loaded:
                time.sleep(1)
                loaded = self.driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", thumb)
            if not loaded:
                raise CheckFailed(f"the thumbnail {thumb.get_attribute('src')} did not load")
            return f"item with thumbnail ({loaded} px wide), {fit}"
        return body

    def visitor_banner(self):
        def body():
            set_viewport(self.driver, *PHONE, True)
            if path_of(self.driver) != "/":
                self.open("/")
            imgs = self.find("section.banners img")
            alts = [i.get_attribute("alt") for i in imgs]
            if self.banner["alt"] not in alts:
                raise CheckFailed(f"the home page at 375 px shows no banner with alt {self.banner['alt']!r} (section.banners img: {alts})")
            shown = [i for i in imgs if i.get_attribute("alt") == self.banner["alt"]][0]
            if not shown.is_displayed():
                raise CheckFailed("the banner is not visible at 375 px")
            return f"{self.fits_phone()}"
        return body

    def visitor_item(self):
        def body():
            set_viewport(self.driver, *PHONE, True)
            self.open(self.item_path)
            fit = self.fits_phone()
            heading = self.one("main h1", "heading").text.strip()
            if heading != self.title:
                raise CheckFailed(f"the item's heading is {heading!r}")
            cover = self.one("figure.item-cover img", "cover image")
            problems = []
            if cover.get_attribute("alt") != self.photos[0]["alt"]:
                problems.append(f"the cover's alt is {cover.get_attribute('alt')!r}, expected {self.photos[0]['alt']!r}")
            srcset = cover.get_attribute("srcset") or ""
            if self.has_thumbnailer and not srcset:
                problems.append("the cover has no srcset although the machine has a thumbnailer")
            credit = " ".join(f.text for f in self.find("figure.item-cover figcaption"))
            if self.photos[0]["credit"] not in credit:
                problems.append(f"the cover's caption does not credit {self.photos[0]['credit']!r}: {credit!r}")
            gallery = [i.get_attribute("alt") for i in self.find("section.gallery img")]
            wanted = [p["alt"] for p in self.photos[1:]]
            if gallery != wanted:
                problems.append(f"the gallery's images have alt {gallery}, expected {wanted}")
            if not self.driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", cover):
                problems.append(f"the cover {cover.get_attribute('currentSrc')} did not load")
            if problems:
                raise CheckFailed("; ".join(problems))
            self.cover_src = cover.get_attribute("currentSrc") or cover.get_attribute("src")
            links = self.find("figure.item-cover a[href]")
            self.cover_full = links[0].get_attribute("href") if links else self.cover_src
            og = self.find("meta[property='og:image']")
            self.og_image = og[0].get_attribute("content") if og else None
            return f"cover {'with srcset' if srcset else 'without srcset'}, gallery of {len(gallery)}, {fit}"
        return body

    def cover_url(self):
        def body():
            status, headers, data = self.http(self.cover_full)
            kind = headers.get("Content-Type", "") if headers else ""
            if status != 200 or not kind.startswith("image/png"):
                raise CheckFailed(f"GET {self.cover_full} answered {status} {kind!r}, expected 200 image/png")
            if data != self.photos[0]["file"].read_bytes():
                raise CheckFailed(f"{self.cover_full} ({len(data)} bytes) is not the uploaded photo")
            detail = f"{urllib.parse.urlsplit(self.cover_full).path}: 200 {kind}, the bytes uploaded"
            if self.cover_src != self.cover_full:
                status, headers, _ = self.http(self.cover_src)
                kind = headers.get("Content-Type", "") if headers else ""
                if status != 200 or not kind.startswith("image/"):
                    raise CheckFailed(f"the cover as shown, {self.cover_src}, answered {status} {kind!r}")
                detail += f"; shown copy 200 {kind}"
            return detail
        return body

    def og_image_check(self):
        def body():
            if not self.og_image:
                raise CheckFailed(f"{self.item_path} has no <meta property=\"og:image\">")
            status, headers, _ = self.http(self.og_image)
            kind = headers.get("Content-Type", "") if headers else ""
            if status != 200 or not kind.startswith("image/"):
                raise CheckFailed(f"og:image {self.og_image} answered {status} {kind!r}")
            if not self.og_image.startswith(self.base + "/"):
                raise CheckFailed(f"og:image {self.og_image} is not an absolute URL on {self.base}")
            return f"{urllib.parse.urlsplit(self.og_image).path} ({kind})"
        return body

    def item_in_news(self):
        def body():
            status, _, data = self.http(f"/c/{NEWS_SLUG}")
            if status != 200 or f'href="{self.item_path}"' not in data.decode("utf-8", errors="replace"):
                raise CheckFailed(f"/c/{NEWS_SLUG} ({status}) does not list {self.item_path}")
            return f"/c/{NEWS_SLUG} lists it"
        return body

    # -- the run --------------------------------------------------------------------------------

    def run(self) -> None:
        try:
            self.run_all()
        finally:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def run_all(self) -> None:
        args = self.args
        self.chromium = find_executable(args.chromium, "CHROMIUM_BIN", ["chromium", "/usr/bin/chromium", "chromium-browser", "google-chrome"])
        self.chromedriver = find_executable(args.chromedriver, "CHROMEDRIVER_BIN", ["chromedriver", "/usr/bin/chromedriver"])
        try:
            import axe_selenium_python  # only its bundled axe.min.js is used
            script = Path(axe_selenium_python.__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
            self.axe_script = script.read_text(encoding="utf-8")
        except Exception as error:
            self.results.record("load axe-core", False, f"{error}: install axe-selenium-python==3.0.0")
        print(f"token {self.token}; binary {self.binary}; artifacts {self.artifacts}", flush=True)
        for photo in self.photos:
            photo["file"].write_bytes(png(1600, 1000, photo["colour"], photo["band"]))
        self.banner["file"].write_bytes(png(1600, 500, (11, 93, 59), (250, 204, 21)))
        try:
            if not self.check("0. SMTP sink, create-admin, fresh server without the demo", self.start_services()):
                return
            self.check("1. before the setup, the home page says the site is being set up", self.public_home_before())
            try:
                self.driver = start_browser(self.chromium, self.chromedriver, self.artifacts / "chromedriver-golive.log")
            except Exception as error:
                self.results.record("start Chromium", False, f"{type(error).__name__}: {error}")
                return
            try:
                self.staff_steps()
                self.visitor_steps()
            finally:
                try:
                    self.driver.quit()
                except Exception:
                    pass
        finally:
            self.finish_services()

    def finish_services(self) -> None:
        """Stops server and sink, keeps the mail, and prints the server's warnings when a check failed."""
        self.stop_services()
        self.keep_mail()
        problems = self.server_problems()
        if problems and self.results.failed:
            print(f"server warnings and errors (all of it: {self.server_log}):")
            for line in problems:
                print("  " + line)

    def staff_steps(self) -> None:  # noqa: C901 - the story, in order
        admin, staff, head, web = (self.people[k]["username"] for k in ("admin", "staff", "head", "web"))
        self.unit_path = None
        # 1. The administrator and the agency.
        if not self.check(f"1. {admin} signs in", self.sign_in("admin")):
            return
        if not self.check("1. the administrator is sent to the agency setup /admin/agency", self.sent_to_setup()):
            return
        self.axe_pair("9.", "/admin/agency", "/admin/agency")
        if not self.check("1. fill the agency's names, phone, e-mail and theme colour and save", self.fill_agency()):
            return
        self.check("1. the public home page shows the Thai name, not “อยู่ระหว่างการจัดตั้ง”", self.public_home_after())
        # 2. The unit and the people.
        if not self.check(f"2. create the unit {UNIT['nameTh']}", self.create_unit()):
            return
        for who in ("staff", "head", "web"):
            if not self.check(f"2. create {self.people[who]['username']} at /admin/users/new", self.create_user(who)):
                return
        if not self.check("2. the unit form makes the head the unit's head", self.set_unit_head()):
            return
        self.check(f"2. {admin} signs out", self.sign_out(admin))
        # The head's first sign-in: a new password and the address for mail.
        if not self.check(f"2. {head} signs in (first time)", self.sign_in("head")):
            return
        self.check("2. the head's e-mail address is at /account/notifications", self.head_email())
        self.check(f"2. {head} signs out", self.sign_out(head))
        # 3. The request.
        if not self.check(f"3. {staff} signs in (first time)", self.sign_in("staff")):
            return
        if not self.check("3. “+ ขอเผยแพร่ข้อมูล” opens the request form", self.open_request_form()):
            return
        if not self.check(f"3. request a news item ({NEWS_NAME}) and save the draft", self.fill_news()):
            return
        self.check("3. a photo without alt text is refused beside the field (#alt-error), nothing attached", self.photo_without_alt())
        for index in range(len(self.photos)):
            if not self.check(f"3. attach photo {index + 1} with its alt text and credit", self.attach_photo(index)):
                return
        self.axe_pair("9.", "the request page with photos", self.request_path)
        if not self.check("3. submit for approval", self.submit_for_approval()):
            return
        self.check(f"3. {staff} signs out", self.sign_out(staff))
        # 4. The head's mail and approval.
        self.check(f"4. the head gets mail about the request at {self.people['head']['email']}", self.mail_to_head())
        if not self.check(f"4. {head} signs in", self.sign_in("head")):
            return
        if not self.check("4. the request is under “รออนุมัติจากฉัน”", self.open_from_inbox("inbox-approval", "รออนุมัติจากฉัน")):
            return
        if not self.check("4. approve", self.approve()):
            return
        self.check(f"4. {head} signs out", self.sign_out(head))
        # 5. Publication.
        if not self.check(f"5. {web} signs in (first time)", self.sign_in("web")):
            return
        if not self.check("5. the request is under “รอนำขึ้นเผยแพร่”", self.open_from_inbox("inbox-publish", "รอนำขึ้นเผยแพร่")):
            return
        if not self.check("5. publish now", self.publish_now()):
            return
        self.check(f"5. the item is listed in /c/{NEWS_SLUG}", self.item_in_news())
        # 6. A banner on the home page (the webmaster).
        self.banner_added = False
        opened = self.check("6. /staff/home links to the banner form /staff/home/banners/new", self.open_banner_form())
        self.axe_pair("9.", "/staff/home", "/staff/home" if opened else None)
        self.axe_pair("9.", "/staff/home/banners/new", "/staff/home/banners/new" if opened else None)
        if opened:
            self.check("6. a banner without alt text is refused (422, Thai message)", self.banner_without_alt())
            self.banner_added = self.check("6. add a banner (image, alt, link; from now, no end)", self.add_banner())
        else:
            self.skipped("6. a banner without alt text is refused (422, Thai message)", "the banner form is missing")
            self.skipped("6. add a banner (image, alt, link; from now, no end)", "the banner form is missing")
        if self.banner_added:
            self.check("6. the public home page shows it in <section class=\"banners\">", self.banner_on_home())
        else:
            self.skipped("6. the public home page shows it in <section class=\"banners\">", "no banner was added")
        self.check(f"6. {web} signs out", self.sign_out(web))

    def visitor_steps(self) -> None:
        if not self.item_path:
            self.skipped("7. the visitor's checks", "nothing was published")
            return
        # 7. A visitor: a new browser session, no cookies, on a phone.
        self.driver.quit()
        self.driver = start_browser(self.chromium, self.chromedriver, self.artifacts / "chromedriver-golive-visitor.log")
        self.check("7. visitor @375px: the home page lists the news item with its thumbnail", self.visitor_home())
        self.check("7. visitor @375px: the home page shows the banner", self.visitor_banner())
        if self.check("7. visitor @375px: the item page's cover and gallery with their alt texts", self.visitor_item()):
            self.check("7. the cover image answers 200 image/png", self.cover_url())
            self.check("7. og:image is present and answers", self.og_image_check())
        self.axe_pair("9.", "the item page", self.item_path)
        self.axe_pair("9.", "the home page with the banner", "/")


def run_flow(flow_class, name: str, doc: str) -> int:
    """The command line of a self-contained browser flow (this script, browser_engagement.py):
    arguments, SIGTERM handling, the summary and the exit status."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--binary", default=".build/debug/prakat", help="the prakat server binary (default .build/debug/prakat)")
    parser.add_argument("--artifacts", default=f"ci-artifacts/browser-{name}", help="screenshots of failures, axe reports, the server's log")
    parser.add_argument("--resources", help="templates and static files (PRAKAT_RESOURCES_DIR; default: Resources/ of this checkout)")
    parser.add_argument("--chromium", help="Chromium binary (default: CHROMIUM_BIN or /usr/bin/chromium)")
    parser.add_argument("--chromedriver", help="chromedriver (default: CHROMEDRIVER_BIN or /usr/bin/chromedriver)")
    args = parser.parse_args()

    # `timeout` in CI sends SIGTERM: leave through the finally blocks, which stop server and sink.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    results = Results()
    started = time.monotonic()
    try:
        flow_class(args, results).run()
    except SystemExit as stop:
        results.record("set-up", False, f"stopped ({stop})")
    except Exception as error:
        results.record("set-up", False, "".join(traceback.format_exception(type(error), error, error.__traceback__)))

    if results.notes:
        print("\nnotes (minor/moderate accessibility findings, not failures):")
        for note in results.notes:
            print("  " + note)
    if results.failed:
        print("\nfailed checks:")
        for failed, _ in results.failed:
            print(f"  - {failed}")
    print(f"artifacts: {args.artifacts}; took {time.monotonic() - started:.0f}s")
    print(f"{name}: {len(results.passed)} passed, {len(results.failed)} failed", flush=True)
    return 0 if not results.failed and results.passed else 1


def main() -> int:
    return run_flow(GoLive, "golive", __doc__)


if __name__ == "__main__":
    sys.exit(main())
