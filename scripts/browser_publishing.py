#!/usr/bin/env python3
"""Browser test of issue 3's publishing flow on a running Prakat server: real Chromium, offline.

It clicks through the flow as the demo agency's people would (each step is one or more
pass/fail lines):
  1. supassara (staff of digital-health) signs in, opens "+ ขอเผยแพร่ข้อมูล", fills the
     request form (category ประกาศรับสมัครงาน, a Thai title with a unique token, details, an end
     of publication 90 to 150 seconds ahead in the datetime-local field, Bangkok time), saves
     the draft, attaches a small valid PDF through the file input, submits it for approval and
     signs out;
  2. decha (head of digital-health) finds it under "รออนุมัติจากฉัน" and approves it;
  3. uploader finds it under "รอนำขึ้นเผยแพร่" and publishes it now;
  4. a visitor (a new browser session, no cookies) on a 375 px phone screen (DevTools
     emulation, mobile=True; document.documentElement.scrollWidth must stay <= 375) searches
     for the token with the header search box, opens the item, checks its Buddhist Era date and
     the attachment link, and downloads the PDF with urllib (%PDF-, the same bytes, a
     Content-Disposition naming the file); the item is in its category listing, the category's
     RSS feed and /sitemap.xml (with the files its index names);
  5. the period ends: the server keeps the real clock and datetime-local has whole minutes, so
     the script polls until the item page answers 410 (about one to two and a half minutes;
     waiting on the real clock is acceptable in this browser test only; unit tests use a fixed
     clock). Then the page is 410 with the Thai notice, and the item is gone from the category
     listing (and its parent's), search, the category RSS feed, /sitemap.xml, and its
     attachment URL answers 410;
  6. axe-core (bundled in axe-selenium-python 3.0.0, no network) on home, a category page, the
     item page, the search results page (phone width, as the visitor), the request form and
     the request page (signed in as supassara), and the 410 page: any violation of impact
     "serious" or "critical" fails and is printed; milder ones are printed as notes.

The category is ประกาศรับสมัครงาน (jobs, under ข่าวประชาสัมพันธ์): its default rule takes expired
items off the site. ข่าวประชาสัมพันธ์ itself and ประกาศ keep expired items readable in a dated
archive (DefaultCategories.rules), so their items never answer 410.

Screenshots of failures (and axe's JSON) go to --artifacts. The last line is
"publishing: N passed, M failed"; exit status 0 only when nothing failed.

Credentials (the demo passwords are printed once, at the server's first start):
  --server-log FILE (or PRAKAT_PUB_SERVER_LOG): the server's output; the passwords are read
      from its "passwords are shown only once" block; or
  PRAKAT_PUB_PASSWORD_SUPASSARA, PRAKAT_PUB_PASSWORD_DECHA, PRAKAT_PUB_PASSWORD_UPLOADER
      (these win over the log). The user names are the demo's; PRAKAT_PUB_STAFF,
      PRAKAT_PUB_HEAD and PRAKAT_PUB_UPLOADER change them.

Usage:
  python3 scripts/browser_publishing.py --base-url http://127.0.0.1:8097 --server-log server.log

Needs what scripts/browser_smoke.py needs (Debian's chromium and chromium-driver,
fonts-thai-tlwg, selenium and axe-selenium-python==3.0.0; see .ci/run) and reuses its helpers.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import re
import secrets
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the work tree
sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_smoke import (  # noqa: E402  (the same browser set-up and reporting as the smoke test)
    DESKTOP, FAILING_IMPACTS, OVERFLOW_JS, PHONE, CheckFailed, Results, find_executable, format_violation,
    path_of, set_viewport, slug, start_browser, wait_loaded,
)

BANGKOK = timezone(timedelta(hours=7))  # Asia/Bangkok has no daylight saving time
THAI_MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
               "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
CATEGORY_SLUG = "jobs"
CATEGORY_NAME = "ประกาศรับสมัครงาน"
PARENT_SLUG = "news"
EXPIRED_NOTICE = "ข้อมูลนี้ครบกำหนดระยะเวลาเผยแพร่และนำออกจากเว็บไซต์แล้ว"
# The publisher needs the item live for the visitor's checks (step 4); the wait after it is
# what remains of the period. Below this margin at publishing time the end is moved later.
MIN_LIVE_SECONDS = 75
POLL_LIMIT_SECONDS = 150
POLL_GRACE_SECONDS = 20


def thai_date(moment: datetime) -> str:
    """ThaiDateFormat.long with Arabic digits: 21 พฤศจิกายน 2568."""
    local = moment.astimezone(BANGKOK)
    return f"{local.day} {THAI_MONTHS[local.month - 1]} {local.year + 543}"


def local_input(moment: datetime) -> str:
    """The value of an <input type=datetime-local> in Bangkok time."""
    return moment.astimezone(BANGKOK).strftime("%Y-%m-%dT%H:%M")


def next_whole_minute(after: datetime) -> datetime:
    """The first whole minute at or after AFTER (datetime-local has no seconds)."""
    return datetime.fromtimestamp(math.ceil(after.timestamp() / 60) * 60, tz=timezone.utc)


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with a correct xref table (the server checks files by content)."""
    stream = f"BT /F1 18 Tf 72 760 Td ({text}) Tj ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = "%PDF-1.4\n"
    offsets = []
    for index, body in enumerate(objects, start=1):
        offsets.append(len(out.encode()))
        out += f"{index} 0 obj\n{body}\nendobj\n"
    xref = len(out.encode())
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n"
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out.encode("ascii")


def passwords_from_log(path: str) -> dict[str, str]:
    """The demo passwords from the block the server prints once at its first start."""
    found: dict[str, str] = {}
    in_block = False
    for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
        if "passwords are shown only once" in line:
            in_block = True
            continue
        if in_block:
            if line.startswith("====="):
                break
            match = re.match(r"^\s+(\S+)\s+(\S+)\s+\[", line)
            if match:
                found[match.group(1)] = match.group(2)
    return found


# ๐–๙ → 0–9, for comparing printed text with what was typed.
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

class Flow:
    def __init__(self, args, results: Results) -> None:
        self.args = args
        self.base = args.base_url.rstrip("/")
        self.results = results
        self.artifacts = Path(args.artifacts)
        self.artifacts.mkdir(parents=True, exist_ok=True)
        self.driver = None
        self.axe_script: str | None = None
        self.token = "pub" + secrets.token_hex(4)
        self.title = f"ประกาศรับสมัครพนักงานทดสอบระบบเผยแพร่ รหัส {self.token}"
        self.file_name = f"ประกาศรับสมัคร-{self.token}.pdf"
        self.pdf = minimal_pdf(f"Prakat browser test {self.token}")
        self.request_path: str | None = None
        self.item_path: str | None = None
        self.file_path: str | None = None
        self.expire_at: datetime | None = None
        self.published_at: datetime | None = None

    # -- helpers (as in browser_smoke.py) -----------------------------------------------

    def url(self, path: str) -> str:
        return self.base + path

    def screenshot(self, name: str) -> str | None:
        if self.driver is None:
            return None
        target = self.artifacts / f"{slug(name) or 'page'}.png"
        try:
            self.driver.save_screenshot(str(target))
            return str(target)
        except Exception:
            return None

    def check(self, name: str, body) -> bool:
        started = time.monotonic()
        try:
            detail = body() or ""
        except CheckFailed as failure:
            shot = self.screenshot("FAIL " + name)
            self.results.record(name, False, str(failure) + (f"\nscreenshot: {shot}" if shot else ""))
            return False
        except Exception as error:
            shot = self.screenshot("FAIL " + name)
            text = "".join(traceback.format_exception_only(type(error), error)).strip()
            text = "\n".join(line for line in text.splitlines()[:3] if not line.startswith("Stacktrace"))
            self.results.record(name, False, text + (f"\nscreenshot: {shot}" if shot else ""))
            return False
        self.results.record(name, True, (detail + ", " if detail else "") + f"{time.monotonic() - started:.1f}s")
        return True

    def skipped(self, name: str, because: str) -> None:
        self.results.record(name, False, f"not run: {because}")

    def open(self, path: str) -> None:
        self.driver.get(self.url(path))
        wait_loaded(self.driver)

    def find(self, css: str, within=None):
        from selenium.webdriver.common.by import By
        return (within or self.driver).find_elements(By.CSS_SELECTOR, css)

    def one(self, css: str, what: str, within=None):
        found = self.find(css, within)
        if not found:
            raise CheckFailed(f"{path_of(self.driver)}: no {what} ({css})")
        return found[0]

    def button(self, label: str, within=None):
        """A submit button by its visible Thai label, as a person finds it."""
        for candidate in self.find("button[type='submit'], button:not([type])", within):
            if candidate.text.strip() == label:
                return candidate
        labels = [b.text.strip() for b in self.find("button", within)]
        raise CheckFailed(f"{path_of(self.driver)}: no button {label!r} (buttons: {labels})")

    def click_and_wait(self, element, timeout: float = 60) -> None:
        from selenium.webdriver.support.ui import WebDriverWait
        old = self.find("html")[0]
        element.click()
        WebDriverWait(self.driver, timeout).until(lambda d: self._is_stale(old))
        wait_loaded(self.driver)

    @staticmethod
    def _is_stale(element) -> bool:
        try:
            element.tag_name
            return False
        except Exception:
            return True

    def flash(self) -> str:
        return " | ".join(e.text.strip() for e in self.find(".flash"))

    def fits_phone(self, width: int = PHONE[0]) -> str:
        metrics = self.driver.execute_script(OVERFLOW_JS, width)
        if metrics["scrollWidth"] > width:
            offenders = "; ".join(f"{o['what']} ({o['left']}..{o['right']})" for o in metrics["offenders"][:5])
            raise CheckFailed(f"{path_of(self.driver)} is {metrics['scrollWidth']} px wide on a {width} px phone: {offenders}")
        return f"scrollWidth {metrics['scrollWidth']}"

    def http(self, path_or_url: str, method: str = "GET"):
        """(status, headers, body) without following the browser's cookies: a plain visitor."""
        url = path_or_url if path_or_url.startswith("http") else self.url(path_or_url)
        request = urllib.request.Request(url, method=method, headers={"Accept-Language": "th"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def text(self, path: str):
        status, _, data = self.http(path)
        return status, data.decode("utf-8", errors="replace")

    def sitemap(self):
        """/sitemap.xml is an index of sitemap files (at most 50,000 addresses each): the text of
        every file it names, or the first status that was not 200."""
        status, text = self.text("/sitemap.xml")
        if status != 200 or "<sitemapindex" not in text:
            return status, text
        parts = []
        for location in re.findall(r"<loc>([^<]+)</loc>", text):
            status, part = self.text(location)
            if status != 200:
                return status, part
            parts.append(part)
        return 200, "\n".join(parts)

    def print_pdfs(self):  # noqa: C901 - one check, several steps
        """form.pdf and memo.pdf of the request, fetched with the signed-in browser's cookies:
        real PDFs whose text (pdftotext, Debian's poppler-utils) holds the request's Thai title."""
        def body():
            import shutil
            import subprocess
            import tempfile
            if not shutil.which("pdftotext"):
                raise CheckFailed("pdftotext is missing (apt-get install poppler-utils)")
            cookie = "; ".join(f"{c['name']}={c['value']}" for c in self.driver.get_cookies())
            found = []
            for name in ("form.pdf", "memo.pdf"):
                request = urllib.request.Request(self.url(f"{self.request_path}/{name}"), headers={"Cookie": cookie})
                with urllib.request.urlopen(request, timeout=120) as response:
                    data = response.read()
                    kind = response.headers.get("Content-Type", "")
                if not data.startswith(b"%PDF-") or "application/pdf" not in kind:
                    raise CheckFailed(f"{name} is not a PDF ({kind}, starts {data[:16]!r})")
                with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
                    pdf.write(data)
                    pdf.flush()
                    text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf.name, "-"], capture_output=True, text=True, timeout=60).stdout
                (self.artifacts / name).write_bytes(data)
                (self.artifacts / (name + ".txt")).write_text(text, encoding="utf-8")
                # The prints use Thai digits, and line breaks and spaces fall where the layout
                # put them: compare with Arabic digits and without white space.
                def flat(value: str) -> str:
                    return "".join(value.translate(THAI_DIGITS).split())
                if flat(self.title) not in flat(text):
                    raise CheckFailed(f"{name} ({len(data)} bytes) does not hold the title {self.title!r}; "
                                      f"its text is in {self.artifacts / (name + '.txt')}")
                found.append(f"{name} {len(data)} bytes")
            return ", ".join(found)
        return body

    # -- people ---------------------------------------------------------------------------

    def sign_in(self, username: str, password: str):
        def body():
            from selenium.webdriver.support.ui import WebDriverWait
            if not password:
                raise CheckFailed(f"no password for {username}: pass --server-log or PRAKAT_PUB_PASSWORD_{username.upper()}")
            set_viewport(self.driver, *DESKTOP, False)
            self.open("/login")
            form = self.one("form[action$='/login']", "sign-in form")
            field = self.one("input[name='username']", "username field", form)
            field.clear()
            field.send_keys(username)
            self.one("input[name='password']", "password field", form).send_keys(password)
            self.one("button[type='submit']", "sign-in button", form).click()
            # bcrypt in a debug build is slow: allow time.
            WebDriverWait(self.driver, 60).until(
                lambda d: path_of(d) != "/login" or d.find_elements("css selector", "#login-error, .flash-error"))
            wait_loaded(self.driver)
            if path_of(self.driver) != "/staff":
                raise CheckFailed(f"after signing in as {username} the browser is on {path_of(self.driver)}: {self.flash()}")
            return "on /staff"
        return body

    def sign_out(self, username: str):
        def body():
            self.click_and_wait(self.button("ออกจากระบบ", self.one("form[action*='logout']", "sign-out form")))
            self.open("/staff")
            if path_of(self.driver) == "/staff":
                raise CheckFailed(f"after {username} signed out, /staff is still shown")
            return f"/staff now leads to {path_of(self.driver)}"
        return body

    # -- step 1: the request ------------------------------------------------------------

    def open_request_form(self):
        def body():
            from selenium.webdriver.common.by import By
            links = [a for a in self.driver.find_elements(By.CSS_SELECTOR, "main a") if a.text.strip() == "+ ขอเผยแพร่ข้อมูล"]
            if not links:
                raise CheckFailed("/staff has no link “+ ขอเผยแพร่ข้อมูล”")
            self.click_and_wait(links[0])
            if path_of(self.driver) != "/staff/requests/new":
                raise CheckFailed(f"the link led to {path_of(self.driver)}")
            return "/staff/requests/new"
        return body

    def fill_and_save(self):
        def body():
            from selenium.webdriver.support.ui import Select
            select = Select(self.one("select#categoryId", "category select"))
            options = [o for o in select.options if o.text.strip().lstrip("— ").startswith(CATEGORY_NAME)]
            if not options:
                raise CheckFailed(f"no category {CATEGORY_NAME!r} among {[o.text for o in select.options]}")
            select.select_by_visible_text(options[0].text)
            title = self.one("textarea#title", "title field")
            title.clear()
            title.send_keys(self.title)
            details = self.one("textarea#details", "details field")
            details.send_keys(f"รับสมัครพนักงานทดสอบระบบ จำนวน ๑ อัตรา\n\nเอกสารนี้สร้างโดยการทดสอบอัตโนมัติ ({self.token})")
            # 90 to 150 seconds ahead (a whole minute), Bangkok time. A datetime-local field's
            # keyboard order follows the browser's locale, so the value is set as a date picker
            # would set it (with the input and change events), then read back.
            self.expire_at = next_whole_minute(datetime.now(timezone.utc) + timedelta(seconds=90))
            field = self.one("input#expireAt[type='datetime-local']", "end-of-publication field")
            self.driver.execute_script(
                "arguments[0].value = arguments[1];"
                "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", field, local_input(self.expire_at))
            if field.get_attribute("value") != local_input(self.expire_at):
                raise CheckFailed(f"the datetime-local field holds {field.get_attribute('value')!r}, not {local_input(self.expire_at)!r}")
            self.click_and_wait(self.button("บันทึกร่าง"))
            path = path_of(self.driver)
            if not re.fullmatch(r"/staff/requests/[0-9a-f-]{36}", path):
                errors = " | ".join(e.text for e in self.find(".field-error, .flash-error"))
                raise CheckFailed(f"saving the draft ended on {path}: {errors or self.flash()}")
            self.request_path = path
            heading = self.one("h1", "heading").text.strip()
            if heading != self.title:
                raise CheckFailed(f"the request page's heading is {heading!r}")
            state = self.one(".badge", "state badge").text.strip()
            expected_end = f"{thai_date(self.expire_at)} {self.expire_at.astimezone(BANGKOK):%H:%M} น."
            meta = self.one("dl.meta", "form data").text
            if expected_end not in meta:
                raise CheckFailed(f"the request page does not show the end {expected_end!r} (Bangkok, BE): {meta!r}")
            return f"{path}, state {state!r}, ends {expected_end}"
        return body

    def attach_pdf(self, pdf_path: Path):
        def body():
            if path_of(self.driver) != self.request_path:
                self.open(self.request_path)
            field = self.one("input#file[type='file']", "file input")
            field.send_keys(str(pdf_path))
            self.click_and_wait(self.button("แนบไฟล์"))
            names = [a.text.strip() for a in self.find(".file-list a")]
            if self.file_name not in names:
                raise CheckFailed(f"after attaching, the files are {names}; the page says: {self.flash()}")
            return f"{self.flash()!r}"
        return body

    def submit_for_approval(self):
        def body():
            self.click_and_wait(self.button("ส่งขออนุมัติ"))
            state = self.one(".badge", "state badge").text.strip()
            if state != "รออนุมัติ":
                raise CheckFailed(f"after submitting, the state is {state!r}; the page says: {self.flash()}")
            return f"state {state!r}"
        return body

    # -- steps 2 and 3: approval and publication -------------------------------------------

    def open_from_inbox(self, section_id: str, label: str):
        def body():
            section = self.one(f"section[aria-labelledby='{section_id}']", f"inbox {label}")
            links = [a for a in self.find("a", section) if self.token in a.text]
            if not links:
                raise CheckFailed(f"the inbox “{label}” does not list the request: {section.text[:300]!r}")
            self.click_and_wait(links[0])
            if path_of(self.driver) != self.request_path:
                raise CheckFailed(f"the inbox link led to {path_of(self.driver)}, not {self.request_path}")
            return self.request_path
        return body

    def approve(self):
        def body():
            self.click_and_wait(self.button("อนุมัติ"))
            state = self.one(".badge", "state badge").text.strip()
            if state != "อนุมัติแล้ว รอเผยแพร่":
                raise CheckFailed(f"after approving, the state is {state!r}; the page says: {self.flash()}")
            return f"state {state!r}"
        return body

    def publish_now(self):
        def body():
            form = None
            for candidate in self.find("form.action-form"):
                if candidate.get_attribute("action").endswith("/publish"):
                    form = candidate
            if form is None:
                raise CheckFailed("the request page has no publish form")
            start = self.one("input#publish-at", "start field", form)
            end = self.one("input#expire-at", "end field", form)
            if start.get_attribute("value"):
                raise CheckFailed(f"the start field is prefilled with {start.get_attribute('value')!r}; empty means now")
            if end.get_attribute("value") != local_input(self.expire_at):
                raise CheckFailed(f"the end field holds {end.get_attribute('value')!r}, the request asked for {local_input(self.expire_at)!r}")
            note = "the requested end kept"
            now = datetime.now(timezone.utc)
            if (self.expire_at - now).total_seconds() < MIN_LIVE_SECONDS:
                # The steps so far were slow: the publisher sets a later end, so the visitor's
                # checks still see the item live.
                self.expire_at = next_whole_minute(now + timedelta(seconds=MIN_LIVE_SECONDS + 15))
                self.driver.execute_script(
                    "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
                    end, local_input(self.expire_at))
                note = f"end moved to {local_input(self.expire_at)}"
            self.click_and_wait(self.button("นำขึ้นเผยแพร่", form))
            self.published_at = datetime.now(timezone.utc)
            state = self.one(".badge", "state badge").text.strip()
            if state != "เผยแพร่แล้ว":
                raise CheckFailed(f"after publishing, the state is {state!r}; the page says: {self.flash()}")
            public = [a for a in self.find("a") if a.text.strip() == "ดูหน้าเผยแพร่"]
            if not public:
                raise CheckFailed("the request page has no link “ดูหน้าเผยแพร่”")
            self.item_path = urllib.parse.urlsplit(public[0].get_attribute("href")).path
            if not re.fullmatch(r"/p/\d+", self.item_path):
                raise CheckFailed(f"the public link is {self.item_path}")
            return f"{self.item_path}, live until {local_input(self.expire_at)} Bangkok ({note})"
        return body

    # -- step 4: the visitor -----------------------------------------------------------

    def visitor_search(self):
        def body():
            set_viewport(self.driver, *PHONE, True)
            self.open("/")
            box = self.one("header form[role='search'] input[name='q']", "header search box")
            if not box.is_displayed():
                raise CheckFailed("the header search box is not visible on a phone")
            box.send_keys(self.token)
            self.click_and_wait(self.button("ค้นหา", self.one("header form[role='search']", "header search form")))
            if path_of(self.driver) != "/search":
                raise CheckFailed(f"the search went to {path_of(self.driver)}")
            fit = self.fits_phone()
            titles = [a.text.strip() for a in self.find("main .item-list a.item-title")]
            if titles != [self.title]:
                raise CheckFailed(f"searching for {self.token} found {titles}")
            return f"1 result, {fit}"
        return body

    def visitor_item(self):
        def body():
            link = self.one("main .item-list a.item-title", "search result")
            self.click_and_wait(link)
            if path_of(self.driver) != self.item_path:
                raise CheckFailed(f"the result led to {path_of(self.driver)}, not {self.item_path}")
            fit = self.fits_phone()
            heading = self.one("main h1", "heading").text.strip()
            if heading != self.title:
                raise CheckFailed(f"the item's heading is {heading!r}")
            published = self.one("dl.meta time", "publication date")
            machine = datetime.fromisoformat(published.get_attribute("datetime").replace("Z", "+00:00"))
            if abs((machine - self.published_at).total_seconds()) > 300:
                raise CheckFailed(f"the publication time is {machine.isoformat()}, but it was published at {self.published_at.isoformat()}")
            want = thai_date(machine)
            if published.text.strip() != want:
                raise CheckFailed(f"the publication date reads {published.text.strip()!r}, expected {want!r} (Buddhist Era, Bangkok)")
            year = int(published.text.strip().split()[-1])
            if year != machine.astimezone(BANGKOK).year + 543:
                raise CheckFailed(f"the year {year} is not the Buddhist Era year")
            meta = self.one("dl.meta", "item data").text
            if f"เผยแพร่ถึง\n{thai_date(self.expire_at)}" not in meta:
                raise CheckFailed(f"the item does not say it is published until {thai_date(self.expire_at)}: {meta!r}")
            links = [a for a in self.find("main .file-list a") if a.text.strip() == self.file_name]
            if not links:
                raise CheckFailed(f"no attachment link named {self.file_name!r}: {[a.text for a in self.find('main .file-list a')]}")
            href = links[0].get_attribute("href")
            self.file_path = urllib.parse.urlsplit(href).path
            if not re.fullmatch(re.escape(self.item_path) + r"/files/[0-9a-f-]{36}", self.file_path):
                raise CheckFailed(f"the attachment link is {href}")
            kind = links[0].find_element("xpath", "..").text
            if "PDF" not in kind:
                raise CheckFailed(f"the attachment is not described as a PDF: {kind!r}")
            return f"date {want!r}, {fit}"
        return body

    def visitor_download(self):
        def body():
            status, headers, data = self.http(self.file_path)
            if status != 200:
                raise CheckFailed(f"GET {self.file_path} answered {status}")
            if not data.startswith(b"%PDF-"):
                raise CheckFailed(f"the download does not start with %PDF-: {data[:16]!r}")
            if hashlib.sha256(data).digest() != hashlib.sha256(self.pdf).digest():
                raise CheckFailed("the downloaded file differs from the uploaded one")
            disposition = headers.get("Content-Disposition", "")
            encoded = urllib.parse.quote(self.file_name, safe="")
            if not re.match(r"^(inline|attachment);", disposition) or encoded.lower() not in disposition.lower():
                raise CheckFailed(f"Content-Disposition is {disposition!r}; expected it to name {self.file_name!r} (RFC 5987: {encoded})")
            content_type = headers.get("Content-Type", "")
            if not content_type.startswith("application/pdf"):
                raise CheckFailed(f"Content-Type is {content_type!r}")
            return f"{len(data)} bytes, {disposition.split(';')[0]}, {content_type}"
        return body

    def listed(self, expect: bool):
        """The item in its category listing, its parent's, search, the category feed and the sitemap."""
        number = self.item_path
        item_url = self.url(number)

        def body():
            places = {
                f"/c/{CATEGORY_SLUG}": lambda text: f'href="{number}"' in text,
                f"/c/{PARENT_SLUG}": lambda text: f'href="{number}"' in text,
                f"/search?q={self.token}": lambda text: f'href="{number}"' in text,
                f"/c/{CATEGORY_SLUG}/feed.rss": lambda text: f"{item_url}<" in text or f"{number}<" in text,
                "/sitemap.xml": lambda text: f"{item_url}<" in text or f"{number}<" in text,
            }
            wrong = []
            for path, finds in places.items():
                status, text = self.sitemap() if path == "/sitemap.xml" else self.text(path)
                if status != 200:
                    wrong.append(f"{path} answered {status}")
                elif finds(text) != expect:
                    wrong.append(f"{path} {'does not list' if expect else 'still lists'} {number}")
            if wrong:
                raise CheckFailed("; ".join(wrong))
            return ("listed in " if expect else "gone from ") + ", ".join(places)
        return body

    # -- step 5: the end of the period ----------------------------------------------------------

    def wait_for_gone(self):
        def body():
            # The server keeps the real clock and the form has whole minutes: wait for the end
            # (acceptable in this browser test only), polling the public page as a visitor would.
            waited_from = time.monotonic()
            left = (self.expire_at - datetime.now(timezone.utc)).total_seconds()
            # The end is at most ~150 s away (see fill_and_save and publish_now); the page must
            # turn 410 within POLL_GRACE_SECONDS of it.
            limit = min(max(left, 0) + POLL_GRACE_SECONDS, POLL_LIMIT_SECONDS + POLL_GRACE_SECONDS)
            print(f"      waiting ~{max(0, left):.0f}s for the period to end at {local_input(self.expire_at)} Bangkok", flush=True)
            status = None
            while time.monotonic() - waited_from < limit:
                status, _, _ = self.http(self.item_path)
                if status == 410:
                    break
                if status != 200:
                    raise CheckFailed(f"while waiting, {self.item_path} answered {status}")
                time.sleep(2)
            late = (datetime.now(timezone.utc) - self.expire_at).total_seconds()
            if status != 410:
                raise CheckFailed(f"{self.item_path} still answers {status} {late:.0f}s after its end ({limit:.0f}s polled)")
            if late < -1:
                raise CheckFailed(f"{self.item_path} answered 410 {-late:.0f}s before its end")
            return f"410 after {time.monotonic() - waited_from:.0f}s of waiting, {late:.0f}s after the end"
        return body

    def gone_page(self):
        def body():
            status, _, data = self.http(self.item_path)
            if status != 410:
                raise CheckFailed(f"{self.item_path} answered {status}")
            if EXPIRED_NOTICE not in data.decode("utf-8", errors="replace"):
                raise CheckFailed("the 410 page lacks the Thai notice")
            set_viewport(self.driver, *PHONE, True)
            self.open(self.item_path)
            heading = self.one("main h1", "heading").text.strip()
            if heading != EXPIRED_NOTICE:
                raise CheckFailed(f"the 410 page's heading is {heading!r}")
            if self.title not in self.one("main", "main").text:
                raise CheckFailed("the 410 page does not name the item")
            return f"410, {heading!r}, {self.fits_phone()}"
        return body

    def search_after(self):
        def body():
            self.open("/")
            box = self.one("header form[role='search'] input[name='q']", "header search box")
            box.send_keys(self.token)
            self.click_and_wait(self.button("ค้นหา", self.one("header form[role='search']", "header search form")))
            titles = [a.text.strip() for a in self.find("main .item-list a.item-title")]
            if titles:
                raise CheckFailed(f"searching for {self.token} still finds {titles}")
            if "ไม่พบข้อมูล" not in self.one("main", "main").text:
                raise CheckFailed("the search page does not say nothing was found")
            return "no results"
        return body

    def file_gone(self):
        def body():
            status, _, data = self.http(self.file_path)
            if status != 410:
                raise CheckFailed(f"GET {self.file_path} answered {status}, expected 410")
            if data.startswith(b"%PDF-"):
                raise CheckFailed("the 410 answer still carries the PDF")
            return "410"
        return body

    # -- step 6: axe ------------------------------------------------------------------------

    def axe(self, label: str, path: str | None = None, phone: bool = False):
        """axe-core on the page the browser shows (or PATH): serious/critical violations fail.
        With PHONE, the page must also fit the 375 px screen."""
        def body():
            if not self.axe_script:
                raise CheckFailed("axe-core is not loaded (install axe-selenium-python==3.0.0)")
            if path is not None:
                self.open(path)
            shown = path_of(self.driver)
            fit = self.fits_phone() + ", " if phone else ""
            self.driver.execute_script(self.axe_script)
            results = self.driver.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "axe.run(document, {resultTypes: ['violations']})"
                "  .then(r => done(r), e => done({error: String(e)}));")
            if results.get("error"):
                raise CheckFailed(f"axe-core failed to run: {results['error']}")
            name = f"axe-publishing-{slug(label)}"
            report = self.artifacts / f"{name}.json"
            report.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
            violations = results.get("violations", [])
            bad = [v for v in violations if v.get("impact") in FAILING_IMPACTS]
            mild = [v for v in violations if v.get("impact") not in FAILING_IMPACTS]
            for violation in mild:
                self.results.notes.append(f"axe {label} ({shown}): " + format_violation(violation).replace("\n", "\n    "))
            version = results.get("testEngine", {}).get("version", "?")
            if bad:
                raise CheckFailed(f"axe-core {version} found {len(bad)} serious/critical violation(s) on {shown}:\n"
                                  + "\n".join(format_violation(v) for v in bad) + f"\nfull report: {report}")
            return f"{shown}, {fit}axe {version}, {len(mild)} minor/moderate"
        return body

    # -- the run ---------------------------------------------------------------------------

    def run(self) -> None:
        args = self.args
        self.chromium = find_executable(args.chromium, "CHROMIUM_BIN", ["chromium", "/usr/bin/chromium", "chromium-browser", "google-chrome"])
        self.chromedriver = find_executable(args.chromedriver, "CHROMEDRIVER_BIN", ["chromedriver", "/usr/bin/chromedriver"])
        known = passwords_from_log(args.server_log) if args.server_log else {}
        people = {}
        for role, default in (("STAFF", "supassara"), ("HEAD", "decha"), ("UPLOADER", "uploader")):
            name = os.environ.get(f"PRAKAT_PUB_{role}", default)
            people[role] = (name, os.environ.get(f"PRAKAT_PUB_PASSWORD_{name.upper()}") or known.get(name, ""))
        try:
            import axe_selenium_python  # only its bundled axe.min.js is used
            script = Path(axe_selenium_python.__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
            self.axe_script = script.read_text(encoding="utf-8")
        except Exception as error:
            self.results.record("load axe-core", False, f"{error}: install axe-selenium-python==3.0.0")
        print(f"token {self.token}, category {CATEGORY_NAME} (/c/{CATEGORY_SLUG})", flush=True)

        workdir = Path(tempfile.mkdtemp(prefix="prakat-publishing-"))
        pdf_path = workdir / self.file_name
        pdf_path.write_bytes(self.pdf)
        try:
            self.driver = start_browser(self.chromium, self.chromedriver, self.artifacts / "chromedriver-publishing.log")
        except Exception as error:
            self.results.record("start Chromium", False, f"{type(error).__name__}: {error}")
            return
        try:
            self.staff_steps(people, pdf_path)
            if self.item_path:
                self.visitor_steps()
        finally:
            try:
                self.driver.quit()
            except Exception:
                pass
            pdf_path.unlink(missing_ok=True)
            workdir.rmdir()

    def staff_steps(self, people, pdf_path: Path) -> None:
        staff, head, uploader = people["STAFF"], people["HEAD"], people["UPLOADER"]
        # 1. The request.
        if not self.check(f"1. {staff[0]} signs in", self.sign_in(*staff)):
            return
        if not self.check("1. “+ ขอเผยแพร่ข้อมูล” opens the request form", self.open_request_form()):
            return
        self.check("6. axe: the request form (staff)", self.axe("request form"))
        if not self.check("1. fill the form and save the draft", self.fill_and_save()):
            return
        if not self.check("1. attach a PDF through the file input", self.attach_pdf(pdf_path)):
            return
        self.check("6. axe: the request page (staff, with the attachment)", self.axe("request page"))
        if not self.check("1. submit for approval", self.submit_for_approval()):
            return
        self.check(f"1. {staff[0]} signs out", self.sign_out(staff[0]))
        # 2. Approval.
        if not self.check(f"2. {head[0]} signs in", self.sign_in(*head)):
            return
        if not self.check("2. the request is under “รออนุมัติจากฉัน”", self.open_from_inbox("inbox-approval", "รออนุมัติจากฉัน")):
            return
        if not self.check("2. approve", self.approve()):
            return
        self.check("2. form.pdf and memo.pdf are PDFs holding the Thai title (pdftotext)", self.print_pdfs())
        self.check(f"2. {head[0]} signs out", self.sign_out(head[0]))
        # 3. Publication.
        if not self.check(f"3. {uploader[0]} signs in", self.sign_in(*uploader)):
            return
        if not self.check("3. the request is under “รอนำขึ้นเผยแพร่”", self.open_from_inbox("inbox-publish", "รอนำขึ้นเผยแพร่")):
            return
        if not self.check("3. publish now", self.publish_now()):
            return
        self.check(f"3. {uploader[0]} signs out", self.sign_out(uploader[0]))

    def visitor_steps(self) -> None:
        # 4. A visitor: a new browser session (a fresh profile, no cookies), on a phone.
        self.driver.quit()
        self.driver = start_browser(self.chromium, self.chromedriver, self.artifacts / "chromedriver-publishing-visitor.log")
        if self.driver.get_cookies():
            self.results.record("4. the visitor's browser has no cookies", False, str(self.driver.get_cookies()))
        found = self.check("4. visitor @375px: the header search finds the token", self.visitor_search())
        if found:
            self.check("6. axe: search results @375px", self.axe("search results"))
            if self.check("4. visitor @375px: open the item, BE date, attachment link", self.visitor_item()):
                self.check("6. axe: item page @375px", self.axe("item page"))
                self.check("4. visitor: download the PDF (urllib)", self.visitor_download())
            else:
                self.skipped("4. visitor: download the PDF (urllib)", "the item page failed")
        self.check("4. the item is in its category, the parent, search, the RSS feed and the sitemap", self.listed(True))
        self.check("6. axe: home @375px (and it fits)", self.axe("home", "/", phone=True))
        self.check(f"6. axe: category /c/{CATEGORY_SLUG} @375px (and it fits)", self.axe("category", f"/c/{CATEGORY_SLUG}", phone=True))
        if (self.expire_at - datetime.now(timezone.utc)).total_seconds() < 0:
            self.results.record("4. the visitor's checks ran while the item was live", False,
                                f"they ended after the item's end ({local_input(self.expire_at)} Bangkok)")
        # 5. The period ends.
        if not self.check("5. the item page answers 410 once its period ends", self.wait_for_gone()):
            return
        self.check("5. the 410 page has the Thai notice @375px", self.gone_page())
        self.check("6. axe: the 410 page @375px", self.axe("gone page"))
        self.check("5. the item is gone from the listings, search, the RSS feed and the sitemap", self.listed(False))
        self.check("5. the header search no longer finds it", self.search_after())
        if self.file_path:
            self.check("5. the attachment URL answers 410", self.file_gone())
        else:
            self.skipped("5. the attachment URL answers 410", "its URL was not found in step 4")


def run_flow(doc: str, flow_class, label: str, server_log_env: str) -> int:
    """The command line, run and report shared by the flow scripts (publishing, plans): the
    last line is "<label>: N passed, M failed"; exit status 0 only when nothing failed."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--base-url", default=os.environ.get("PRAKAT_SMOKE_BASE_URL"),
                        help="the running server, e.g. http://127.0.0.1:8097 (or PRAKAT_SMOKE_BASE_URL)")
    parser.add_argument("--server-log", default=os.environ.get(server_log_env),
                        help="the server's output with the demo passwords printed at its first start")
    parser.add_argument("--artifacts", default="ci-artifacts/browser", help="screenshots of failures and axe reports go here")
    parser.add_argument("--chromium", help="Chromium binary (default: CHROMIUM_BIN or /usr/bin/chromium)")
    parser.add_argument("--chromedriver", help="chromedriver (default: CHROMEDRIVER_BIN or /usr/bin/chromedriver)")
    args = parser.parse_args()
    if not args.base_url:
        parser.error("--base-url is required")

    results = Results()
    started = time.monotonic()
    try:
        flow_class(args, results).run()
    except SystemExit as stop:
        results.record("set-up", False, str(stop))
    except Exception as error:
        results.record("set-up", False, "".join(traceback.format_exception(type(error), error, error.__traceback__)))

    if results.notes:
        print("\nnotes (minor/moderate accessibility findings, not failures):")
        for note in results.notes:
            print("  " + note)
    if results.failed:
        print("\nfailed checks:")
        for name, _ in results.failed:
            print(f"  - {name}")
    print(f"artifacts: {args.artifacts}; took {time.monotonic() - started:.0f}s")
    print(f"{label}: {len(results.passed)} passed, {len(results.failed)} failed", flush=True)
    return 0 if not results.failed and results.passed else 1


def main() -> int:
    return run_flow(__doc__, Flow, "publishing", "PRAKAT_PUB_SERVER_LOG")

if __name__ == "__main__":
    sys.exit(main())
