#!/usr/bin/env python3
"""Browser test of issue 12's citizen services (e-Service): real Chromium, fully offline.

Like browser_golive.py this script starts everything itself: an SMTP sink (aiosmtpd, in-process
on loopback) and `prakat serve` on a fresh data directory WITH the demo agency (PRAKAT_DEMO=1),
whose generated passwords are read from the server's output at its first start. Server and sink
are stopped at exit (by process id).

Then it clicks through one complaint's life (each step is one or more pass/fail lines):
  1. a citizen on a 375 px phone (DevTools emulation; scrollWidth <= 375) opens /eservice,
     follows the complaint type's link (ร้องเรียนการให้บริการหรือเจ้าหน้าที่), sends the form
     without consent (refused: HTTP 422, a Thai message beside the box, #consent-error, what was
     typed kept), then attaches a PNG photo (made here with zlib), ticks consent and sends: the
     receipt (its own address, /eservice/track/CODE/receipt, reached by a redirect: HTTP 200)
     shows the tracking code (NNNN-NNNNNN) and the secret in .receipt-code and links to
     /eservice/track/CODE?secret=SECRET; reloading it shows the same code (nothing filed again);
  2. servicedesk (service desk, กลุ่มงานบริหารทั่วไป) signs in, finds the code at /staff/eservice,
     opens the request, sees the photo (its link answers 200 image/png with the bytes sent) and
     assigns it to กลุ่มงานสุขภาพดิจิทัล (digital-health);
  3. supassara (staff of digital-health) signs in, opens it from /staff/eservice, writes a public
     reply and an internal note;
  4. the citizen (a new browser session, 375 px) opens the status link: the public reply is
     there, the internal note is nowhere in the page;
  5. supassara closes the request with an outcome;
  6. the citizen reloads: the outcome is shown, the add-information form is gone; rates 5 with a
     comment; then no rating form is left and the page says it was rated;
  7. /eservice/stats (the current fiscal year) counts at least 1 received and 1 closed, and its
     per-type table counts the complaint;
  8. axe-core (bundled in axe-selenium-python 3.0.0, no network) at 375 and 1280 px on /eservice,
     the complaint form (empty and refused), the receipt, /eservice/track, the status page (open,
     closed with the rating form, rated), /eservice/stats, /staff/eservice and the staff request
     page (servicedesk), /staff/eservice/types and /staff/eservice/holidays (admin, whose first
     sign-in changes the password): serious or critical violations fail; milder ones are notes.

Screenshots of failures, axe's JSON reports and the server's log go to --artifacts. The last
line is "engagement: N passed, M failed"; exit status 0 only when nothing failed.

Usage (from the repository root, which holds Resources/):
  python3 scripts/browser_engagement.py --binary .build/debug/prakat --artifacts ci-artifacts/browser-engagement

Needs what browser_golive.py needs and reuses the helpers of browser_smoke.py,
browser_publishing.py and browser_golive.py.
"""
from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the work tree
sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_smoke import (  # noqa: E402  (the same browser set-up and reporting as the smoke test)
    DESKTOP, PHONE, CheckFailed, Results, find_executable, path_of, set_viewport, start_browser, wait_loaded,
)
from browser_publishing import Flow, passwords_from_log  # noqa: E402  (page helpers, axe, sign-out)
from browser_golive import REPO, THAI, GoLive, png, run_flow  # noqa: E402  (server start-up, sign-in with the forced change)

BANGKOK = timezone(timedelta(hours=7))
COMPLAINT_SLUG = "complaint"
COMPLAINT_NAME = "ร้องเรียนการให้บริการหรือเจ้าหน้าที่"  # EServiceText.defaultTypes
UNIT_SLUG = "digital-health"
UNIT_NAME = "กลุ่มงานสุขภาพดิจิทัล"  # DemoSeeder.units
CODE = re.compile(r"^\d{4}-\d{6}$")
RATED_NOTE = "ท่านประเมินความพึงพอใจต่อเรื่องนี้แล้ว"

# The status of the document the browser shows (Navigation Timing level 2, Chromium >= 109).
NAV_STATUS_JS = "const n = performance.getEntriesByType('navigation')[0]; return n ? (n.responseStatus || 0) : 0;"
# GET with the browser's session: status, type and size of the answer.
FETCH_JS = (
    "const done = arguments[arguments.length - 1];"
    "fetch(arguments[0], {credentials: 'same-origin'})"
    "  .then(r => r.arrayBuffer().then(b => done({status: r.status, type: r.headers.get('Content-Type') || '', size: b.byteLength})),"
    "        e => done({status: -1, type: String(e), size: 0}));")


def current_fiscal_year_be(now: datetime | None = None) -> int:
    """The Thai fiscal year (October–September) of today in Bangkok, Buddhist Era."""
    local = (now or datetime.now(timezone.utc)).astimezone(BANGKOK)
    return local.year + 543 + (1 if local.month >= 10 else 0)


class Engagement(GoLive):
    def __init__(self, args, results: Results) -> None:
        super().__init__(args, results)
        shutil.rmtree(self.workdir, ignore_errors=True)  # GoLive's; this flow has its own
        self.token = "es" + secrets.token_hex(3)
        self.workdir = Path(tempfile.mkdtemp(prefix="prakat-engagement-"))
        self.data_dir = self.workdir / "data"
        self.server_log = self.artifacts / "server-engagement.log"
        # The demo's people; their passwords come from the server's first-start output.
        self.people = {
            "servicedesk": {"username": "servicedesk", "password": ""},
            "staff": {"username": "supassara", "password": ""},
            "admin": {"username": "admin", "password": ""},
        }
        self.photo = self.workdir / f"ภาพถ่าย-จุดบริการ-{self.token}.png"
        self.complaint = {
            "subject": f"เจ้าหน้าที่จุดคัดกรองไม่ให้บริการตามเวลาที่ประกาศ รหัส {self.token}",
            "message": ("วันจันทร์ที่ผ่านมา เวลาประมาณ 09.30 น. ไปรับบริการฉีดวัคซีนที่จุดคัดกรอง แต่เจ้าหน้าที่แจ้งว่าปิดรับแล้ว "
                        f"ทั้งที่ประกาศหน้าอาคารระบุว่าเปิดถึง 12.00 น. จึงขอให้ตรวจสอบ (ทดสอบอัตโนมัติ {self.token})"),
            "field1": "อาคารผู้ป่วยนอก ชั้น 1",
            "field2": "วันจันทร์ เวลา 09.30 น.",
            "name": "นายสมหมาย ทดสอบระบบ",
            "phone": "081 234 5678",
            "email": f"citizen.{self.token}@example.com",
        }
        self.public_reply = f"หน่วยงานได้รับเรื่องแล้ว กำลังตรวจสอบตารางเวรของจุดคัดกรองในวันดังกล่าว ({self.token}-reply)"
        self.internal_note = f"บันทึกภายใน: โทรสอบถามหัวหน้าเวรแล้ว รอเอกสารตารางเวร ห้ามเปิดเผย ({self.token}-internal)"
        self.outcome = f"ตรวจสอบแล้วพบว่าป้ายประกาศเวลาไม่เป็นปัจจุบัน ได้เปลี่ยนป้ายและชี้แจงเจ้าหน้าที่แล้ว ({self.token}-outcome)"
        self.rating_comment = f"ขอบคุณที่ตรวจสอบและแจ้งผลรวดเร็ว ({self.token})"
        self.code: str | None = None
        self.secret: str | None = None
        self.status_path: str | None = None  # path and query, as the receipt links it
        self.request_path: str | None = None
        self.staff_driver = None
        self.citizen_driver = None
        self.citizen_sessions = 0

    # -- the server ------------------------------------------------------------------------

    def server_env(self) -> dict[str, str]:
        env = super().server_env()
        env["PRAKAT_DEMO"] = "1"
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
                    break
                time.sleep(0.5)
            else:
                raise CheckFailed("the server did not become ready in 120 s")
            known = passwords_from_log(str(self.server_log))
            missing = [p["username"] for p in self.people.values() if not known.get(p["username"])]
            if missing:
                raise CheckFailed(f"the server's first-start output has no password for {missing} "
                                  f"(found {sorted(known)}); see {self.server_log}")
            for person in self.people.values():
                person["password"] = known[person["username"]]
            return (f"sink on :{self.sink.port}, server pid {self.server.pid} on {self.base}, demo passwords for "
                    f"{len(known)} accounts, ready after {time.monotonic() - started:.0f}s")
        return body

    # -- helpers -------------------------------------------------------------------------

    def use(self, driver) -> None:
        self.driver = driver

    def new_citizen(self) -> None:
        """A new browser session (a fresh profile, no cookies) on a phone."""
        if self.citizen_driver is not None:
            try:
                self.citizen_driver.quit()
            except Exception:
                pass
        self.citizen_sessions += 1
        self.citizen_driver = start_browser(self.chromium, self.chromedriver,
                                            self.artifacts / f"chromedriver-engagement-citizen-{self.citizen_sessions}.log")
        self.use(self.citizen_driver)
        set_viewport(self.driver, *PHONE, True)

    def nav_status(self) -> int:
        return int(self.driver.execute_script(NAV_STATUS_JS) or 0)

    def main_text(self) -> str:
        return self.one("main", "main").text

    def timeline(self) -> list:
        return self.find("ol.timeline > li")

    def axe_here(self, step: str, label: str, path: str | None, check_path: bool = True) -> None:
        """axe at 375 and 1280 px: on PATH (path and query, opened again; it must answer 200), or,
        with PATH None, on the page the browser shows now (e.g. the answer to a POST)."""
        for width, height, mobile in (PHONE + (True,), DESKTOP + (False,)):
            def body(width=width, height=height, mobile=mobile):
                set_viewport(self.driver, width, height, mobile)
                if path is not None:
                    if not self.driver.current_url.startswith(self.base + "/"):
                        self.open("/")  # a fresh browser is on about:blank, where fetch cannot reach the site
                    status = self.browser_fetch(path)
                    if status != 200:
                        raise CheckFailed(f"GET {path} answered {status or 'a redirect'}, expected 200")
                    self.open(path)
                    wanted = urllib.parse.urlsplit(path).path
                    if check_path and path_of(self.driver).rstrip("/") != wanted.rstrip("/"):
                        raise CheckFailed(f"GET {path} ended on {path_of(self.driver)}")
                if self.visible_error():
                    raise CheckFailed(f"{path_of(self.driver)} shows an error page: {self.visible_error()!r}")
                # axe runs even when the page is too wide for the phone; both are reported.
                problems, details = [], []
                try:
                    details.append(Flow.axe(self, f"engagement {label} {width}", None)())
                except CheckFailed as failure:
                    problems.append(str(failure))
                if mobile:
                    try:
                        details.append(self.fits_phone())
                    except CheckFailed as failure:
                        problems.append(str(failure))
                self.full_page_screenshot(f"engagement {label} {width}", width, height, mobile)
                if problems:
                    raise CheckFailed("\n".join(problems))
                return ", ".join(details)
            self.check(f"{step} axe: {label} @{width}px", body)
        set_viewport(self.driver, *(PHONE + (True,) if self.driver is self.citizen_driver else DESKTOP + (False,)))

    # -- 1. the citizen sends a complaint ----------------------------------------------------

    def catalogue(self):
        def body():
            set_viewport(self.driver, *PHONE, True)
            self.open("/eservice")
            fit = self.fits_phone()
            links = [a for a in self.find("main a[href]")
                     if urllib.parse.urlsplit(a.get_attribute("href")).path == f"/eservice/forms/{COMPLAINT_SLUG}"]
            if not links:
                raise CheckFailed(f"/eservice has no link to /eservice/forms/{COMPLAINT_SLUG}: "
                                  f"{[a.text.strip() for a in self.find('main a[href]')]}")
            label = links[0].text.strip()
            types = len(self.find("li.eservice-type"))
            if label != COMPLAINT_NAME:
                raise CheckFailed(f"the complaint link reads {label!r}, expected {COMPLAINT_NAME!r}")
            self.click_and_wait(links[0])
            if path_of(self.driver) != f"/eservice/forms/{COMPLAINT_SLUG}":
                raise CheckFailed(f"the link led to {path_of(self.driver)}")
            heading = self.one("main h1", "heading").text.strip()
            if heading != COMPLAINT_NAME:
                raise CheckFailed(f"the form's heading is {heading!r}")
            return f"{types} types, {fit}; link “{label}” → form, {self.fits_phone()}"
        return body

    def fill_complaint(self) -> None:
        for name, value in self.complaint.items():
            self.fill(f"form #{name}", value, f"{name} field")

    def without_consent(self):
        def body():
            self.fill_complaint()
            box = self.one("input[type='checkbox'][name='consent']", "consent box")
            if box.is_selected():
                raise CheckFailed("the consent box is ticked before the citizen ticks it")
            self.click_and_wait(self.button("ส่งเรื่อง"))
            status = self.nav_status()
            problems = []
            if status != 422:
                problems.append(f"sending without consent answered {status or 'an unknown status'}, expected 422")
            if path_of(self.driver) != f"/eservice/forms/{COMPLAINT_SLUG}":
                problems.append(f"the refused form is at {path_of(self.driver)}")
            error = self.find("#consent-error")
            if not error or not THAI.search(error[0].text):
                raise CheckFailed("; ".join(problems + [f"no Thai message in #consent-error; the page says: {self.errors_shown()!r}"]))
            box = self.one("input[type='checkbox'][name='consent']", "consent box")
            if box.get_attribute("aria-invalid") != "true":
                problems.append("the consent box lacks aria-invalid=true")
            if "consent-error" not in (box.get_attribute("aria-describedby") or "").split():
                problems.append(f"the consent box is not described by #consent-error (aria-describedby={box.get_attribute('aria-describedby')!r})")
            # "Beside": in the consent box's own field.
            field = box.find_element("xpath", "ancestor::div[contains(concat(' ', @class, ' '), ' field ')][1]")
            if not self.find("#consent-error", field):
                problems.append("#consent-error is not in the consent box's field")
            for name in ("subject", "message", "field1", "name", "phone", "email"):
                kept = self.one(f"form #{name}", f"{name} field").get_attribute("value")
                if kept != self.complaint[name]:
                    problems.append(f"{name} holds {kept!r} after the refusal, not what was typed")
            others = [e.get_attribute("id") for e in self.find(".field-error") if e.get_attribute("id") != "consent-error"]
            if others:
                problems.append(f"other fields were refused too: {others}")
            if problems:
                raise CheckFailed("; ".join(problems))
            return f"{status}, #consent-error {error[0].text.strip()!r}, typed text kept, {self.fits_phone()}"
        return body

    def send_complaint(self):
        def body():
            if self.one("form #subject", "subject field").get_attribute("value") != self.complaint["subject"]:
                self.fill_complaint()
            self.one("input#file[type='file']", "file input").send_keys(str(self.photo))
            box = self.one("input[type='checkbox'][name='consent']", "consent box")
            if not box.is_selected():
                box.click()
            self.click_and_wait(self.button("ส่งเรื่อง"))
            status = self.nav_status()
            if self.find("form #subject"):
                raise CheckFailed(f"sending came back to the form ({status}): {self.errors_shown()!r}")
            codes = [c.text.strip() for c in self.find(".receipt-code")]
            problems = []
            if status != 200:
                problems.append(f"the receipt answered {status or 'an unknown status'}, expected 200 after the form's redirect")
            if not urllib.parse.urlsplit(self.driver.current_url).path.endswith("/receipt"):
                problems.append(f"the receipt is not at its own address: {self.driver.current_url}")
            if len(codes) < 2:
                raise CheckFailed("; ".join(problems + [f"the receipt shows {len(codes)} .receipt-code element(s): {codes}"]))
            self.code, self.secret = codes[0], codes[1]
            if not CODE.match(self.code):
                problems.append(f"the tracking code {self.code!r} is not NNNN-NNNNNN")
            if len(self.secret) < 6:
                problems.append(f"the secret {self.secret!r} is short")
            wanted = f"/eservice/track/{self.code}"
            links = [a.get_attribute("href") for a in self.find("main a[href]")
                     if urllib.parse.urlsplit(a.get_attribute("href")).path == wanted]
            if not links:
                problems.append(f"the receipt does not link to {wanted}")
            else:
                parts = urllib.parse.urlsplit(links[0])
                query = urllib.parse.parse_qs(parts.query)
                if query.get("secret") != [self.secret]:
                    problems.append(f"the status link {links[0]} does not carry secret={self.secret}")
                self.status_path = parts.path + "?" + parts.query
            # Reloading the receipt asks nothing and files nothing: the same code again.
            self.driver.refresh()
            again = [c.text.strip() for c in self.find(".receipt-code")]
            if again[:1] != [self.code]:
                problems.append(f"reloading the receipt showed {again!r}, not the code {self.code}")
            if problems:
                raise CheckFailed("; ".join(problems))
            return f"{status}, code {self.code}, secret of {len(self.secret)} characters, reload shows the same, {self.fits_phone()}"
        return body

    # -- 2. the service desk -------------------------------------------------------------------

    def desk_lists(self, who: str):
        def body():
            self.open("/staff/eservice")
            links = [a for a in self.find("main table a[href]") if a.text.strip() == self.code]
            if not links:
                shown = [a.text.strip() for a in self.find("main table a[href]")][:20]
                raise CheckFailed(f"/staff/eservice does not list {self.code} for {who}: {shown or self.main_text()[:200]!r}")
            self.click_and_wait(links[0])
            path = path_of(self.driver)
            if not re.fullmatch(r"/staff/eservice/requests/[0-9a-f-]{36}", path):
                raise CheckFailed(f"the link led to {path}")
            if self.request_path and path != self.request_path:
                raise CheckFailed(f"the link led to {path}, earlier {self.request_path}")
            self.request_path = path
            details = self.one("dl.details", "request details").text
            if self.complaint["subject"] not in details:
                raise CheckFailed(f"the request page does not show the subject: {details[:300]!r}")
            return path
        return body

    def photo_link(self):
        def body():
            links = [a for a in self.find("ol.timeline .file-list a[href]") if a.text.strip() == self.photo.name]
            if not links:
                raise CheckFailed(f"the request page has no link named {self.photo.name!r}: "
                                  f"{[a.text.strip() for a in self.find('.file-list a')]}")
            href = links[0].get_attribute("href")
            answer = self.driver.execute_async_script(FETCH_JS, href)
            size = self.photo.stat().st_size
            if answer["status"] != 200 or not answer["type"].startswith("image/png") or answer["size"] != size:
                raise CheckFailed(f"GET {href} answered {answer['status']} {answer['type']!r}, {answer['size']} bytes "
                                  f"(expected 200 image/png, {size} bytes)")
            return f"{urllib.parse.urlsplit(href).path}: 200 {answer['type']}, {size} bytes"
        return body

    def assign(self):
        def body():
            from selenium.webdriver.support.ui import Select
            if path_of(self.driver) != self.request_path:
                self.open(self.request_path)
            select = Select(self.one("select#unitId", "unit select"))
            options = [o.text for o in select.options if o.text.strip() == UNIT_NAME]
            if not options:
                raise CheckFailed(f"the unit select does not offer {UNIT_NAME!r}: {[o.text for o in select.options]}")
            select.select_by_visible_text(options[0])
            self.click_and_wait(self.button("มอบหมาย"))
            if self.refused():
                raise CheckFailed(f"assigning was refused: {self.errors_shown()}")
            details = self.one("dl.details", "request details").text
            if UNIT_NAME not in details:
                raise CheckFailed(f"after assigning, the request page does not name {UNIT_NAME!r}: {details[:400]!r}")
            entries = [li.text for li in self.timeline()]
            return f"{self.flash()!r}; timeline: {len(entries)} entries"
        return body

    # -- 3. the unit's staff member ----------------------------------------------------------------

    def reply(self, text: str, visibility: str):
        def body():
            if path_of(self.driver) != self.request_path:
                self.open(self.request_path)
            self.fill("textarea#message", text, "message field")
            radio = self.one(f"input[type='radio'][name='visibility'][value='{visibility}']", f"{visibility} radio")
            if not radio.is_selected():
                radio.click()
            self.click_and_wait(self.button("บันทึก"))
            if self.refused():
                raise CheckFailed(f"saving the {visibility} message was refused: {self.errors_shown()}")
            if path_of(self.driver) != self.request_path:
                self.open(self.request_path)
            found = [li for li in self.timeline() if text in li.text]
            if not found:
                raise CheckFailed(f"the timeline does not show the {visibility} message")
            internal = "timeline-internal" in (found[0].get_attribute("class") or "")
            if internal != (visibility == "internal"):
                raise CheckFailed(f"the {visibility} message is {'' if internal else 'not '}marked timeline-internal")
            state = self.one("dl.details strong", "state").text.strip()
            return f"{self.flash()!r}, state {state!r}"
        return body

    # -- 4. and 6. the citizen's status page ---------------------------------------------------------

    def citizen_status(self):
        def body():
            set_viewport(self.driver, *PHONE, True)
            self.open(self.status_path)
            fit = self.fits_phone()
            source = self.driver.page_source
            receipt = self.one("dl.receipt", "status details").text
            problems = []
            if self.code not in receipt:
                problems.append(f"the status page does not show the code {self.code}")
            replies = [li for li in self.timeline() if self.public_reply in li.text]
            if not replies:
                problems.append(f"the timeline (ol.timeline) lacks the public reply: {[li.text[:80] for li in self.timeline()]}")
            if self.internal_note in source or f"{self.token}-internal" in source:
                problems.append("the page's HTML contains the internal note")
            if not self.find("form[action$='/information'] textarea#message"):
                problems.append("there is no form to add information while the request is open")
            if self.find("input[name='score']"):
                problems.append("a rating form is offered before the request is closed")
            if problems:
                raise CheckFailed("; ".join(problems))
            states = [s.text.strip() for s in self.find("dl.receipt dd strong")]
            return f"public reply shown, internal note absent, state {states[-1] if states else '?'!r}, {fit}"
        return body

    def close(self):
        def body():
            self.open(self.request_path)
            self.fill("textarea#outcome", self.outcome, "outcome field")
            self.click_and_wait(self.button("ปิดเรื่อง"))
            if self.refused():
                raise CheckFailed(f"closing was refused: {self.errors_shown()}")
            if path_of(self.driver) != self.request_path:
                self.open(self.request_path)
            details = self.one("dl.details", "request details").text
            problems = []
            if self.outcome not in details:
                problems.append(f"the request page does not show the outcome: {details[:400]!r}")
            if "ปิดเรื่องแล้ว" not in details:
                problems.append(f"the state is not ปิดเรื่องแล้ว: {details[:200]!r}")
            if self.find("textarea#outcome"):
                problems.append("the close form is still offered")
            if problems:
                raise CheckFailed("; ".join(problems))
            return f"{self.flash()!r}"
        return body

    def citizen_closed(self):
        def body():
            set_viewport(self.driver, *PHONE, True)
            if urllib.parse.urlsplit(self.driver.current_url).path != urllib.parse.urlsplit(self.status_path).path:
                self.open(self.status_path)
            else:
                self.driver.refresh()
                wait_loaded(self.driver)
            receipt = self.one("dl.receipt", "status details").text
            problems = []
            if self.outcome not in receipt:
                problems.append(f"the status details lack the outcome: {receipt[:400]!r}")
            if "ปิดเรื่องแล้ว" not in receipt:
                problems.append("the status is not ปิดเรื่องแล้ว")
            if self.find("form[action$='/information']"):
                problems.append("the add-information form is still offered on a closed request")
            scores = [r.get_attribute("value") for r in self.find("input[type='radio'][name='score']")]
            if sorted(scores) != ["1", "2", "3", "4", "5"]:
                problems.append(f"the rating form's radios are {scores}")
            if self.internal_note in self.driver.page_source:
                problems.append("the page's HTML contains the internal note")
            if problems:
                raise CheckFailed("; ".join(problems))
            return f"outcome shown, rating form with 5 radios, {self.fits_phone()}"
        return body

    def rate(self):
        def body():
            set_viewport(self.driver, *PHONE, True)
            self.one("input[type='radio'][name='score'][value='5']", "score 5").click()
            self.fill("textarea#comment", self.rating_comment, "comment field")
            self.click_and_wait(self.button("ส่งผลการประเมิน"))
            problems = []
            if path_of(self.driver) != urllib.parse.urlsplit(self.status_path).path:
                problems.append(f"after rating the browser is on {path_of(self.driver)}")
            if self.find("input[name='score']"):
                problems.append(f"a rating form is still offered: {self.errors_shown()!r}")
            text = self.main_text()
            if RATED_NOTE not in text:
                problems.append(f"the page does not say {RATED_NOTE!r}")
            if not any("ประเมินความพึงพอใจ" in li.text for li in self.timeline()):
                problems.append("the timeline has no rating entry")
            if problems:
                raise CheckFailed("; ".join(problems))
            return f"{self.flash()!r}, {self.fits_phone()}"
        return body

    def rate_again(self):
        """A second rating, posted as the browser would if it still had the form (with a valid CSRF
        token, taken from the complaint form): refused with 409 and a Thai message."""
        def body():
            answer = self.driver.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "fetch(arguments[2], {credentials: 'same-origin'}).then(r => r.text()).then(page => {"
                "  const found = page.match(/name=\"_csrf\" value=\"([^\"]*)\"/);"
                "  const data = new URLSearchParams({_csrf: found ? found[1] : '', secret: arguments[1], score: '1', comment: 'again'});"
                "  return fetch(arguments[0], {method: 'POST', body: data, credentials: 'same-origin', redirect: 'manual'});"
                "}).then(r => r.type === 'opaqueredirect' ? done({status: 0, text: ''}) : r.text().then(t => done({status: r.status, text: t})),"
                "        e => done({status: -1, text: String(e)}));",
                f"/eservice/track/{self.code}/rating", self.secret, f"/eservice/forms/{COMPLAINT_SLUG}")
            if answer["status"] != 409:
                raise CheckFailed(f"a second rating answered {answer['status'] or 'a redirect (accepted?)'}, expected 409")
            if "เรื่องนี้ได้รับการประเมินแล้ว" not in answer["text"]:
                raise CheckFailed("the 409 page does not say เรื่องนี้ได้รับการประเมินแล้ว")
            return "409, เรื่องนี้ได้รับการประเมินแล้ว"
        return body

    # -- 7. statistics ---------------------------------------------------------------------------------

    def stats(self):
        def body():
            set_viewport(self.driver, *PHONE, True)
            self.open("/eservice/stats")
            fit = self.fits_phone()
            year = current_fiscal_year_be()
            period = self.one("main p.lead", "period").text.strip()
            figures = {}
            for pair in self.find("dl.figures > div"):
                dt, dd = self.find("dt", pair), self.find("dd", pair)
                if dt and dd:
                    figures[dt[0].text.strip()] = dd[0].text.strip()
            problems = []
            if f"พ.ศ. {year}" not in period:
                problems.append(f"the page shows {period!r}, not the fiscal year {year}")

            def number(label: str) -> int:
                digits = re.sub(r"[^0-9]", "", figures.get(label, "").translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")))
                return int(digits) if digits else -1
            if number("เรื่องที่ได้รับ") < 1:
                problems.append(f"เรื่องที่ได้รับ is {figures.get('เรื่องที่ได้รับ')!r}")
            if number("ปิดเรื่องแล้ว") < 1:
                problems.append(f"ปิดเรื่องแล้ว is {figures.get('ปิดเรื่องแล้ว')!r}")
            rows = {}
            for tr in self.find("div.table-wrap[aria-labelledby='by-type'] tbody tr"):
                th, td = self.find("th", tr), self.find("td", tr)
                if th and td:
                    rows[th[0].text.strip()] = td[0].text.strip()
            if not rows:
                problems.append("there is no per-type table (div.table-wrap[aria-labelledby=by-type])")
            elif not rows.get(COMPLAINT_NAME, "0").isdigit() or int(rows.get(COMPLAINT_NAME, "0")) < 1:
                problems.append(f"the per-type table counts {rows.get(COMPLAINT_NAME)!r} for {COMPLAINT_NAME!r}: {rows}")
            if problems:
                raise CheckFailed("; ".join(problems) + f" (figures: {figures})")
            return (f"{period!r}: received {figures.get('เรื่องที่ได้รับ')}, closed {figures.get('ปิดเรื่องแล้ว')}, "
                    f"{COMPLAINT_NAME} {rows.get(COMPLAINT_NAME)}, {fit}")
        return body

    def satisfaction(self):
        """/stats counts the citizen's rating among the satisfaction results of this fiscal year."""
        def body():
            set_viewport(self.driver, *PHONE, True)
            self.open("/stats")
            fit = self.fits_phone()
            captions = [c.text for c in self.find("table.stats-table caption")]
            text = next((c for c in captions if "ผลการประเมินความพึงพอใจ" in c), "")
            match = re.search(r"ผู้ประเมิน\s+([0-9,]+)\s+คน", text)
            if not match or int(match.group(1).replace(",", "")) < 1:
                raise CheckFailed(f"the satisfaction caption is {text!r}")
            return f"{text!r}, {fit}"
        return body

    # -- the run --------------------------------------------------------------------------------

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
        self.photo.write_bytes(png(1200, 800, (30, 80, 160), (250, 250, 250)))
        try:
            if not self.check("0. SMTP sink, fresh server with the demo agency, demo passwords", self.start_services()):
                return
            try:
                self.new_citizen()
            except Exception as error:
                self.results.record("start Chromium", False, f"{type(error).__name__}: {error}")
                return
            try:
                self.flow()
            finally:
                for driver in (self.citizen_driver, self.staff_driver):
                    try:
                        if driver is not None:
                            driver.quit()
                    except Exception:
                        pass
        finally:
            self.finish_services()

    def flow(self) -> None:  # noqa: C901 - the story, in order
        form = f"/eservice/forms/{COMPLAINT_SLUG}"
        # 1. The citizen, on a phone.
        self.axe_here("8.", "/eservice", "/eservice")
        self.axe_here("8.", "the complaint form", form)
        self.axe_here("8.", "/eservice/track", "/eservice/track")
        if not self.check("1. citizen @375px: /eservice links to the complaint form", self.catalogue()):
            return
        if self.check("1. sending without consent is refused (422, Thai #consent-error, typed text kept)", self.without_consent()):
            self.axe_here("8.", "the refused complaint form", None)
        if not self.check("1. attach a PNG photo, tick consent, send: redirected to the receipt, which shows code and secret and reloads without filing again", self.send_complaint()):
            return
        self.axe_here("8.", "the receipt", None)
        set_viewport(self.driver, *PHONE, True)

        # 2. The service desk.
        self.staff_driver = start_browser(self.chromium, self.chromedriver, self.artifacts / "chromedriver-engagement-staff.log")
        self.use(self.staff_driver)
        if not self.check("2. servicedesk signs in", self.sign_in("servicedesk")):
            return
        if not self.check(f"2. /staff/eservice lists {self.code}; open the request", self.desk_lists("servicedesk")):
            return
        self.check("2. the request shows the photo; its link answers 200 image/png", self.photo_link())
        self.axe_here("8.", "/staff/eservice (servicedesk)", "/staff/eservice")
        self.axe_here("8.", "the staff request page (servicedesk)", self.request_path)
        self.axe_here("8.", "/staff/questions (servicedesk)", "/staff/questions")
        self.axe_here("8.", "/staff/satisfaction (servicedesk)", "/staff/satisfaction")
        if not self.check(f"2. assign it to {UNIT_NAME} ({UNIT_SLUG})", self.assign()):
            return
        self.check("2. servicedesk signs out", self.sign_out("servicedesk"))

        # 3. The unit's staff member.
        if not self.check("3. supassara (staff of digital-health) signs in", self.sign_in("staff")):
            return
        if not self.check(f"3. /staff/eservice lists {self.code} for supassara; open it", self.desk_lists("supassara")):
            return
        replied = self.check("3. a public reply", self.reply(self.public_reply, "public"))
        self.check("3. an internal note", self.reply(self.internal_note, "internal"))
        self.axe_here("8.", "the staff request page (supassara, with replies)", self.request_path)

        # 4. The citizen again, in a new session.
        self.new_citizen()
        if replied:
            self.check("4. citizen @375px (new session): the status link shows the public reply, not the internal note",
                       self.citizen_status())
        else:
            self.skipped("4. citizen @375px (new session): the status link shows the public reply, not the internal note",
                         "no public reply was saved")
        self.axe_here("8.", "the status page (open)", self.status_path)

        # 5. Closing.
        self.use(self.staff_driver)
        if not self.check("5. supassara closes it with an outcome", self.close()):
            return

        # 6. The citizen reads the outcome and rates.
        self.use(self.citizen_driver)
        if self.check("6. citizen @375px reloads: the outcome, a rating form, no add-information form", self.citizen_closed()):
            self.axe_here("8.", "the status page (closed, rating form)", self.status_path)
            if self.check("6. rate 5 with a comment: the form is gone and the page says it was rated", self.rate()):
                self.check("6. a second rating is refused", self.rate_again())
                self.axe_here("8.", "the status page (rated)", self.status_path)

        # 7. Statistics.
        self.check("7. /eservice/stats (this fiscal year): received >= 1, closed >= 1, the complaint counted per type", self.stats())
        self.axe_here("8.", "/eservice/stats", "/eservice/stats")
        self.check("7. /stats counts the rating among the satisfaction results", self.satisfaction())
        self.axe_here("8.", "/stats", "/stats")

        # 8. The administrator's pages.
        self.use(self.staff_driver)
        self.check("8. supassara signs out", self.sign_out("supassara"))
        if self.check("8. admin signs in (first time: password change)", self.sign_in("admin")):
            self.axe_here("8.", "/staff/eservice/types (admin)", "/staff/eservice/types")
            self.axe_here("8.", "/staff/eservice/holidays (admin)", "/staff/eservice/holidays")


def main() -> int:
    return run_flow(Engagement, "engagement", __doc__)


if __name__ == "__main__":
    sys.exit(main())
