#!/usr/bin/env python3
"""Browser test of issue 5's Plans flow on a running Prakat server: real Chromium, offline.

"A planner enters a small project, a head approves, a 6-month round is filled and its report
published" — clicked through as the demo agency's people would (each step is one or more
pass/fail lines):
  1. planner (นางพรทิพย์, planner + staff of the strategy unit) signs in, follows
     “แผนงานและโครงการ” from /staff to /plans, opens “เพิ่มโครงการ”, checks the fiscal year is
     the current Thai one (BE, 1 October – 30 September), types a small complete project (a
     unique token in its title; one budget row; two activities whose budgets make the total,
     with quarter-plan cells in Q1/Q2 and output targets; a target group; an indicator typed
     in a round; an author), presses “+ เพิ่มกิจกรรม” (one more blank activity, nothing saved,
     everything typed still there), saves, sees “ยอดทุกตารางตรงกัน” and the total in figures
     and words, and presses “เสนออนุมัติ”;
  2. strategyhead (head of the strategy unit) finds the project on /plans and approves it;
  3. planner starts it (“เริ่มดำเนินโครงการ”), opens the 6-month round from the project page
     (/plans/projects/{id}/rounds/{year}/m6), types actual outputs and spending for Q1/Q2, the
     indicator's result, a summary, problems and suggestions, saves (the values are kept) and
     presses “ส่งรายงานเพื่ออนุมัติ”;
  4. strategyhead approves the round (“อนุมัติรายงาน”); it is locked;
  5. planner presses “ส่งขอเผยแพร่บนเว็บไซต์” on the approved round and lands on the draft
     publication request: titled after the round and the project, tagged MOIT2, with the report
     as a PDF attachment when the server has /usr/bin/chromium; presses “ส่งขออนุมัติ”;
  6. strategyhead approves it from /staff “รออนุมัติจากฉัน”;
  7. uploader publishes it now from /staff “รอนำขึ้นเผยแพร่”;
  8. a visitor (a new browser session, no cookies) on a 375 px phone (DevTools emulation;
     document.documentElement.scrollWidth must stay <= 375 on the search results and the
     report's page) finds the report with the header search by the token, opens it, sees its
     title and downloads the attachment with urllib (%PDF-), follows its “รายงานฉบับเต็ม” link
     to the round's print page (which must fit the phone as well); the approved project, round
     and round print page answer a visitor;
  9. axe-core (bundled in axe-selenium-python 3.0.0, no network) on the /plans dashboard, the
     project form, the project page, the round page (with its form), the round's print page
     and the published item (phone width): any violation of impact "serious" or "critical"
     fails and is printed; milder ones are printed as notes.

Screenshots of failures (and axe's JSON) go to --artifacts. The last line is
"plans: N passed, M failed"; exit status 0 only when nothing failed.

Credentials (the demo passwords are printed once, at the server's first start):
  --server-log FILE (or PRAKAT_PLANS_SERVER_LOG): the server's output; or
  PRAKAT_PUB_PASSWORD_PLANNER, PRAKAT_PUB_PASSWORD_STRATEGYHEAD, PRAKAT_PUB_PASSWORD_UPLOADER
      (these win over the log; the same variables as scripts/browser_publishing.py).
      PRAKAT_PLANS_PLANNER, PRAKAT_PLANS_HEAD and PRAKAT_PLANS_UPLOADER change the user names.

Usage:
  python3 scripts/browser_plans.py --base-url http://127.0.0.1:8097 --server-log server.log

Run it against a fresh demo server (PRAKAT_DEMO=1 on an empty data directory), as `.ci/run`'s
browser-plans phase does. Needs what scripts/browser_smoke.py needs (Debian's chromium and
chromium-driver, fonts-thai-tlwg, selenium and axe-selenium-python==3.0.0; see .ci/run) and
reuses its helpers and scripts/browser_publishing.py's page helpers (sign-in, buttons, axe).
"""
from __future__ import annotations

import json
import os
import re
import secrets
import sys
import time
import urllib.parse
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the work tree
sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_smoke import (  # noqa: E402  (the same browser set-up and reporting as the smoke test)
    FAILING_IMPACTS, PHONE, CheckFailed, Results, find_executable, format_violation, path_of,
    set_viewport, slug, start_browser, wait_loaded,
)
from browser_publishing import Flow, passwords_from_log, run_flow  # noqa: E402  (page helpers: sign-in, buttons, inboxes)

BANGKOK = timezone(timedelta(hours=7))
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
PDF_RENDERER = "/usr/bin/chromium"  # what the server looks for to make PDFs (docs/plans.md)


def current_fiscal_year(now: datetime | None = None) -> int:
    """The Buddhist Era year of the Thai fiscal year (1 October – 30 September) containing today."""
    local = (now or datetime.now(timezone.utc)).astimezone(BANGKOK)
    return local.year + 543 + (1 if local.month >= 10 else 0)


class PlansFlow(Flow):
    """Issue 5's flow. The generic helpers (check, open, find, one, button, click_and_wait,
    flash, fits_phone, http, sign_in, sign_out) are browser_publishing.Flow's."""

    def __init__(self, args, results: Results) -> None:
        self.args = args
        self.base = args.base_url.rstrip("/")
        self.results = results
        self.artifacts = Path(args.artifacts)
        self.artifacts.mkdir(parents=True, exist_ok=True)
        self.driver = None
        self.axe_script: str | None = None
        self.token = "plan" + secrets.token_hex(4)
        self.fy = current_fiscal_year()
        self.title = f"โครงการทดสอบระบบแผนงาน รหัส {self.token}"
        self.project_path: str | None = None
        self.round_path: str | None = None
        self.request_path: str | None = None
        self.request_title: str | None = None
        self.item_path: str | None = None
        self.file_path: str | None = None
        self.file_name: str | None = None

    # -- small helpers ----------------------------------------------------------------------

    def type_into(self, name: str, value: str) -> None:
        """Types VALUE into the form field named NAME (input or textarea), as a person would."""
        field = self.one(f"form.plan-form [name='{name}']", f"field {name}")
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", field)
        field.clear()
        field.send_keys(value)

    def choose(self, name: str, value: str) -> None:
        from selenium.webdriver.support.ui import Select
        Select(self.one(f"form.plan-form select[name='{name}']", f"select {name}")).select_by_value(value)

    def value_of(self, name: str) -> str:
        return self.one(f"[name='{name}']", f"field {name}").get_attribute("value") or ""

    def visible_button(self, label: str, within=None):
        """A visible submit button by its Thai label (the project form also has a hidden
        default button with the same label, so Enter saves instead of adding a row)."""
        for candidate in self.find("button", within):
            if candidate.is_displayed() and candidate.text.strip() == label:
                return candidate
        labels = [b.text.strip() for b in self.find("button", within) if b.is_displayed()]
        raise CheckFailed(f"{path_of(self.driver)}: no visible button {label!r} (buttons: {labels})")

    def link(self, text: str, within=None, contains: bool = False):
        for candidate in self.find("a", within):
            shown = candidate.text.strip()
            if (text in shown) if contains else (shown == text):
                return candidate
        raise CheckFailed(f"{path_of(self.driver)}: no link {text!r}")

    def tap_first_line(self, link) -> None:
        """Clicks a link that wraps over several lines on its first line, as a finger would
        (the centre of its bounding box may be blank space between the lines)."""
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.support.ui import WebDriverWait
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", link)
        line = self.driver.execute_script(
            "const box = arguments[0].getBoundingClientRect(), line = arguments[0].getClientRects()[0];"
            "return [Math.round(line.left + Math.min(line.width, 40) / 2 - (box.left + box.width / 2)),"
            "        Math.round(line.top + line.height / 2 - (box.top + box.height / 2)), line.width > 0];", link)
        old = self.find("html")[0]
        try:
            ActionChains(self.driver).move_to_element_with_offset(link, line[0], line[1]).click().perform()
            WebDriverWait(self.driver, 10).until(lambda d: self._is_stale(old))
        except Exception:
            # Emulated touch on a wrapped inline link is not always delivered by chromedriver;
            # what is checked here is where the link leads, so follow it like a click would.
            if not self._is_stale(old):
                self.driver.execute_script("arguments[0].click();", link)
                WebDriverWait(self.driver, 30).until(lambda d: self._is_stale(old))
        wait_loaded(self.driver)

    def project_state(self) -> str:
        return self.one(".plan-head .plan-state", "project state").text.strip()

    def errors_shown(self) -> str:
        return " | ".join(e.text.strip() for e in self.find(".flash-error, .field-error") if e.text.strip())

    def screenshot(self, name: str) -> str | None:
        # The same artifacts directory as the other browser tests: keep this script's apart.
        return super().screenshot("plans " + name)

    def sign_out(self, username: str):
        """browser_publishing's sign-out, from /staff when the page shown has no site header
        (the print pages are bare documents)."""
        signs_out = super().sign_out(username)

        def body():
            if not self.find("form[action*='logout']"):
                self.open("/staff")
            return signs_out()
        return body

    # -- step 1: the project -----------------------------------------------------------------

    def staff_to_plans(self):
        def body():
            if path_of(self.driver) != "/staff":
                self.open("/staff")
            self.click_and_wait(self.link("แผนงานและโครงการ", self.one("main", "main")))
            if path_of(self.driver) != "/plans":
                raise CheckFailed(f"“แผนงานและโครงการ” led to {path_of(self.driver)}")
            heading = self.one("main h1", "heading").text.strip()
            if heading != "แผนงานและโครงการ":
                raise CheckFailed(f"the dashboard's heading is {heading!r}")
            return "/plans"
        return body

    def open_new_form(self):
        def body():
            self.click_and_wait(self.link("เพิ่มโครงการ", self.one("main", "main")))
            if path_of(self.driver) != "/plans/projects/new":
                raise CheckFailed(f"“เพิ่มโครงการ” led to {path_of(self.driver)}")
            year = self.value_of("fiscalYear")
            if year != str(self.fy):
                raise CheckFailed(f"the new form's fiscal year is {year!r}; today's Thai fiscal year is {self.fy}")
            if self.value_of("by0-year") != str(self.fy):
                raise CheckFailed(f"the budget row's year is {self.value_of('by0-year')!r}, expected {self.fy}")
            for name in (f"a0-q1-{self.fy}-out", f"a0-q2-{self.fy}-budget", f"a1-q2-{self.fy}-budget"):
                self.one(f"[name='{name}']", f"quarter-plan cell {name}")
            return f"fiscal year {year}"
        return body

    def fill_project(self):
        fy = self.fy

        def body():
            self.type_into("title", self.title)
            self.type_into("startYear", str(fy))
            self.type_into("endYear", str(fy))
            self.type_into("rationale", f"เพื่อทดสอบการบันทึกโครงการผ่านหน้าเว็บด้วยเบราว์เซอร์จริง ({self.token})")
            self.type_into("objectives", "เพื่อให้เจ้าหน้าที่ใช้ระบบได้\nเพื่อลดการพิมพ์ข้อมูลซ้ำ")
            self.type_into("expectedResults", "เจ้าหน้าที่ใช้ระบบแผนงานได้ถูกต้อง")
            self.type_into("authors", "นางพรทิพย์ วงศ์ไทย | นักวิเคราะห์นโยบายและแผนชำนาญการ | 0 3828 5511")
            self.type_into("responsibleUnits", "กลุ่มงานยุทธศาสตร์")
            # §5: one budget row (the year is prefilled).
            self.type_into("by0-in", "50,000")
            # Activity 1: 30,000 baht, 40 people, half in Q1 and half in Q2.
            for name, value in (("a0-number", "1"), ("a0-title", "อบรมเชิงปฏิบัติการการใช้ระบบ"), ("a0-budget", "30000"),
                                ("a0-unit", "คน"), (f"a0-plan-{fy}", "40"),
                                (f"a0-q1-{fy}-out", "20"), (f"a0-q1-{fy}-budget", "15,000"),
                                (f"a0-q2-{fy}-out", "20"), (f"a0-q2-{fy}-budget", "15,000"),
                                ("a0-tdesc", "เจ้าหน้าที่ของหน่วยงาน"), ("a0-ttotal", "40"),
                                ("a0-trows", "กลุ่มงานยุทธศาสตร์ | 25\nกลุ่มงานอื่น | 15")):
                self.type_into(name, value)
            # Activity 2: 20,000 baht in Q2.
            for name, value in (("a1-number", "2"), ("a1-title", "ติดตามผลการใช้ระบบ"), ("a1-budget", "20,000.00"),
                                ("a1-unit", "ครั้ง"), (f"a1-plan-{fy}", "1"),
                                (f"a1-q2-{fy}-out", "1"), (f"a1-q2-{fy}-budget", "20000")):
                self.type_into(name, value)
            # §9: one indicator whose result is typed in a round.
            self.choose("i0-kind", "quantitative")
            self.type_into("i0-desc", "ผู้เข้าอบรมใช้ระบบได้ไม่น้อยกว่าร้อยละ 80")
            self.choose("i0-cmp", ">=")
            self.type_into("i0-target", "80")
            self.type_into("i0-unit", "ร้อยละ")
            self.choose("i0-source", "entered")
            return f"{self.title!r}, FY {fy}, 50,000 baht = 30,000 + 20,000"
        return body

    def add_row(self):
        def body():
            before = int(self.value_of("activityRows"))
            self.click_and_wait(self.visible_button("+ เพิ่มกิจกรรม"))
            path = path_of(self.driver)
            if path != "/plans/projects":
                raise CheckFailed(f"“+ เพิ่มกิจกรรม” ended on {path}: {self.errors_shown() or self.flash()}")
            after = int(self.value_of("activityRows"))
            if after != before + 1:
                raise CheckFailed(f"activityRows went from {before} to {after}")
            legends = [e.text.strip() for e in self.find("fieldset.plan-activity-form legend")]
            if f"กิจกรรม (แถวที่ {after})" not in legends:
                raise CheckFailed(f"no blank activity row {after}: {legends}")
            expected = {"title": self.title, "a0-title": "อบรมเชิงปฏิบัติการการใช้ระบบ", "by0-in": "50,000",
                        f"a0-q2-{self.fy}-budget": "15,000", f"a1-q2-{self.fy}-budget": "20000", "i0-desc": "ผู้เข้าอบรมใช้ระบบได้ไม่น้อยกว่าร้อยละ 80",
                        "i0-target": "80", "a0-trows": "กลุ่มงานยุทธศาสตร์ | 25\nกลุ่มงานอื่น | 15",
                        "authors": "นางพรทิพย์ วงศ์ไทย | นักวิเคราะห์นโยบายและแผนชำนาญการ | 0 3828 5511"}
            lost = {name: self.value_of(name) for name, value in expected.items() if self.value_of(name).replace("\r\n", "\n") != value}
            from selenium.webdriver.support.ui import Select
            for name, value in (("i0-cmp", ">="), ("i0-source", "entered")):
                chosen = Select(self.one(f"select[name='{name}']", name)).first_selected_option.get_attribute("value")
                if chosen != value:
                    lost[name] = chosen
            if lost:
                raise CheckFailed(f"after adding a row these fields lost what was typed: {lost}")
            return f"activity rows {before} → {after}, {len(expected) + 2} typed values kept"
        return body

    def save_project(self):
        def body():
            self.click_and_wait(self.visible_button("บันทึกร่าง"))
            path = path_of(self.driver)
            if not re.fullmatch(rf"/plans/projects/{UUID}", path):
                raise CheckFailed(f"saving ended on {path}: {self.errors_shown() or self.flash()}")
            self.project_path = path
            checks = self.one("section.plan-checks", "checks section").text
            if "ยอดทุกตารางตรงกัน" not in checks:
                rows = [r.text for r in self.find("table.plan-mismatches tbody tr")]
                raise CheckFailed(f"the project has mismatches: {checks[:200]!r} {rows}")
            total = self.one(".plan-total", "total").text
            if "50,000.00" not in total or "ห้าหมื่นบาทถ้วน" not in total:
                raise CheckFailed(f"the total reads {total!r}, expected 50,000.00 and ห้าหมื่นบาทถ้วน")
            if self.title not in self.one("main", "main").text:
                raise CheckFailed("the project page does not show the project's title")
            state = self.project_state()
            if state != "ร่าง":
                raise CheckFailed(f"the new project's state is {state!r}")
            return f"{path}, {self.flash()!r}, state {state!r}"
        return body

    def submit_project(self):
        def body():
            self.click_and_wait(self.visible_button("เสนออนุมัติ"))
            state = self.project_state()
            if state != "รออนุมัติ":
                raise CheckFailed(f"after เสนออนุมัติ the state is {state!r}: {self.errors_shown() or self.flash()}")
            if self.find("a[href$='/edit']"):
                raise CheckFailed("a submitted project still offers “แก้ไขโครงการ”")
            return f"state {state!r}, {self.flash()!r}"
        return body

    # -- steps 2 and 3: approval, start, the round ----------------------------------------------

    def find_project(self):
        def body():
            self.open("/staff")
            self.click_and_wait(self.link("แผนงานและโครงการ", self.one("main", "main")))
            section = self.one("section[aria-labelledby='projects-heading']", "projects list")
            rows = [a for a in self.find("a", section) if self.token in a.text]
            if len(rows) != 1:  # "+ เพิ่มกิจกรรม" must not have saved a copy
                raise CheckFailed(f"/plans lists {len(rows)} projects named with {self.token}, expected 1")
            self.click_and_wait(rows[0])
            if path_of(self.driver) != self.project_path:
                raise CheckFailed(f"the dashboard's link led to {path_of(self.driver)}, not {self.project_path}")
            return f"/staff → /plans → {self.project_path}, state {self.project_state()!r}"
        return body

    def project_action(self, label: str, state: str):
        def body():
            self.click_and_wait(self.visible_button(label))
            shown = self.project_state()
            if shown != state:
                raise CheckFailed(f"after {label} the state is {shown!r}, expected {state!r}: {self.errors_shown() or self.flash()}")
            return f"state {shown!r}, {self.flash()!r}"
        return body

    def open_round(self):
        def body():
            if path_of(self.driver) != self.project_path:
                self.open(self.project_path)
            expected = f"{self.project_path}/rounds/{self.fy}/m6"
            section = self.one("section[aria-labelledby='rounds-heading']", "progress rounds")
            links = [a for a in self.find("a", section) if urllib.parse.urlsplit(a.get_attribute("href")).path == expected]
            if not links:
                raise CheckFailed(f"the project page has no link to {expected}: {section.text[:300]!r}")
            label = links[0].text.strip()
            self.click_and_wait(links[0])
            if path_of(self.driver) != expected:
                raise CheckFailed(f"the round link led to {path_of(self.driver)}")
            self.round_path = expected
            heading = self.one("main h1", "heading").text.strip()
            if str(self.fy) not in heading or "6 เดือน" not in heading:
                raise CheckFailed(f"the round page's heading is {heading!r}")
            self.one(f"form.plan-form[action='{expected}']", "round form")
            return f"{label!r} → {expected}, {heading!r}"
        return body

    def round_cells(self) -> dict[str, str]:
        # cellName(activity, subItem, quarter, field) = r-{activity}-{subItem or 0}-{quarter}-{field}
        return {"r-1-0-1-out": "18", "r-1-0-1-spent": "14,250", "r-1-0-2-out": "19", "r-1-0-2-spent": "14,800.50",
                "r-2-0-2-out": "1", "r-2-0-2-spent": "18,000"}

    def fill_round(self):
        def body():
            cells = self.round_cells()
            for name, value in cells.items():
                self.type_into(name, value)
            entered = self.find("form.plan-form input[id^='ind-']")
            if len(entered) != 1:
                raise CheckFailed(f"the round form has {len(entered)} typed indicator fields, expected 1")
            self.indicator_field = entered[0].get_attribute("name")
            self.type_into(self.indicator_field, "92.5")
            self.type_into("note-" + self.indicator_field[len("ind-"):], "ประเมินจากแบบทดสอบหลังอบรม")
            self.type_into("summary", f"อบรมครบทั้งสองรุ่นและติดตามผลแล้ว ({self.token})")
            self.type_into("problems", "ผู้เข้าอบรมบางส่วนติดภารกิจ\nห้องอบรมมีคอมพิวเตอร์ไม่พอ")
            self.type_into("suggestions", "จัดอบรมออนไลน์เพิ่ม")
            self.click_and_wait(self.visible_button("บันทึกรายงาน"))
            if path_of(self.driver) != self.round_path:
                raise CheckFailed(f"saving the round ended on {path_of(self.driver)}")
            if "บันทึกรายงานแล้ว" not in self.flash():
                raise CheckFailed(f"after saving: {self.errors_shown() or self.flash()!r}")
            kept = {name: self.value_of(name) for name in cells}
            wrong = {n: v for n, v in kept.items() if not v or float(v.replace(",", "")) != float(cells[n].replace(",", ""))}
            if wrong:
                raise CheckFailed(f"after saving the round form shows {wrong}, typed {cells}")
            if self.value_of(self.indicator_field) not in ("92.5", "92.50"):
                raise CheckFailed(f"the indicator result reads {self.value_of(self.indicator_field)!r}")
            summary = self.one("section[aria-labelledby='summary-heading']", "summary").text
            if "47,050.50" not in summary:
                raise CheckFailed(f"the summary does not total the spending as 47,050.50: {summary[:300]!r}")
            return f"{len(cells)} cells + indicator {self.indicator_field} saved, spent 47,050.50"
        return body

    def round_state(self) -> str:
        for p in self.find("main p"):
            if "สถานะ:" in p.text:
                return p.find_element("css selector", "strong").text.strip()
        raise CheckFailed(f"{path_of(self.driver)}: no round state")

    def round_action(self, label: str, state: str, flash: str):
        def body():
            if path_of(self.driver) != self.round_path:
                self.open(self.round_path)
            self.click_and_wait(self.visible_button(label))
            shown = self.round_state()
            if shown != state:
                raise CheckFailed(f"after {label} the round's state is {shown!r}, expected {state!r}: {self.errors_shown() or self.flash()}")
            if flash not in self.flash():
                raise CheckFailed(f"after {label} the page says {self.flash()!r}")
            if self.find(f"form.plan-form[action='{self.round_path}']"):
                raise CheckFailed(f"the round is {shown!r} but its form is still editable")
            return f"state {shown!r}"
        return body

    def head_opens_round(self):
        def body():
            self.find_project()()
            self.open_round_readonly()
            return f"{self.round_path}, state {self.round_state()!r}"
        return body

    def open_round_readonly(self) -> None:
        section = self.one("section[aria-labelledby='rounds-heading']", "progress rounds")
        links = [a for a in self.find("a", section) if urllib.parse.urlsplit(a.get_attribute("href")).path == self.round_path]
        if not links:
            raise CheckFailed(f"the project page has no link to {self.round_path}")
        self.click_and_wait(links[0])

    # -- step 5: to the publishing workflow ------------------------------------------------------

    def send_to_publishing(self):
        def body():
            if path_of(self.driver) != self.round_path:
                self.open(self.round_path)
            info = self.one(".flash-info", "publishing notice").text
            if "MOIT2" not in info:
                raise CheckFailed(f"the approved round's publishing notice lacks MOIT2: {info!r}")
            self.click_and_wait(self.visible_button("ส่งขอเผยแพร่บนเว็บไซต์"))
            path = path_of(self.driver)
            if not re.fullmatch(rf"/staff/requests/{UUID}", path):
                raise CheckFailed(f"“ส่งขอเผยแพร่บนเว็บไซต์” led to {path}: {self.errors_shown() or self.flash()}")
            self.request_path = path
            self.request_title = self.one("main h1", "heading").text.strip()
            prefix = f"รายงานผลการดำเนินงาน รอบ 6 เดือน ประจำปีงบประมาณ พ.ศ. {self.fy}"
            if not self.request_title.startswith(prefix) or self.token not in self.request_title:
                raise CheckFailed(f"the request's title is {self.request_title!r}; expected {prefix!r} and the project's title")
            state = self.one(".badge", "state badge").text.strip()
            if state != "ร่าง":
                raise CheckFailed(f"the new request's state is {state!r}, expected ร่าง")
            checklist = self.one("section[aria-labelledby='form-heading']", "form data").text
            if "หลักฐานตามเกณฑ์ ITA" not in checklist or "MOIT2" not in checklist:
                raise CheckFailed("the request is not tagged MOIT2")
            files = [(a.text.strip(), urllib.parse.urlsplit(a.get_attribute("href")).path) for a in self.find(".file-list a")]
            pdfs = [f for f in files if f[0].lower().endswith(".pdf")]
            if os.access(PDF_RENDERER, os.X_OK):
                if not pdfs:
                    raise CheckFailed(f"{PDF_RENDERER} exists but the request has no PDF attachment: {files}; {self.flash()!r}")
                self.file_name = pdfs[0][0]
                note = f"attachment {self.file_name!r}"
            else:
                note = f"no {PDF_RENDERER}: no attachment expected ({len(files)} files)"
            return f"{path}, state {state!r}, MOIT2, {note}"
        return body

    def submit_request(self):
        def body():
            self.click_and_wait(self.visible_button("ส่งขออนุมัติ"))
            state = self.one(".badge", "state badge").text.strip()
            if state != "รออนุมัติ":
                raise CheckFailed(f"after ส่งขออนุมัติ the state is {state!r}: {self.flash()}")
            return f"state {state!r}"
        return body

    def open_from_inbox(self, section_id: str, label: str):
        def body():
            if path_of(self.driver) != "/staff":
                self.open("/staff")
            section = self.one(f"section[aria-labelledby='{section_id}']", f"inbox {label}")
            links = [a for a in self.find("a", section) if self.token in a.text]
            if not links:
                raise CheckFailed(f"the inbox “{label}” does not list the request: {section.text[:300]!r}")
            self.click_and_wait(links[0])
            if path_of(self.driver) != self.request_path:
                raise CheckFailed(f"the inbox link led to {path_of(self.driver)}, not {self.request_path}")
            return self.request_path
        return body

    def approve_request(self):
        def body():
            self.click_and_wait(self.visible_button("อนุมัติ"))
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
            if start.get_attribute("value"):
                raise CheckFailed(f"the start field is prefilled with {start.get_attribute('value')!r}; empty means now")
            self.click_and_wait(self.visible_button("นำขึ้นเผยแพร่", form))
            state = self.one(".badge", "state badge").text.strip()
            if state != "เผยแพร่แล้ว":
                raise CheckFailed(f"after publishing, the state is {state!r}; the page says: {self.flash()}")
            public = [a for a in self.find("a") if a.text.strip() == "ดูหน้าเผยแพร่"]
            if not public:
                raise CheckFailed("the request page has no link “ดูหน้าเผยแพร่”")
            self.item_path = urllib.parse.urlsplit(public[0].get_attribute("href")).path
            if not re.fullmatch(r"/p/\d+", self.item_path):
                raise CheckFailed(f"the public link is {self.item_path}")
            return f"{self.item_path}"
        return body

    # -- step 8: the visitor -------------------------------------------------------------------

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
            if titles != [self.request_title]:
                raise CheckFailed(f"searching for {self.token} found {titles}, expected [{self.request_title!r}]")
            return f"1 result, {fit}"
        return body

    def visitor_item(self):
        def body():
            self.click_and_wait(self.one("main .item-list a.item-title", "search result"))
            if path_of(self.driver) != self.item_path:
                raise CheckFailed(f"the result led to {path_of(self.driver)}, not {self.item_path}")
            heading = self.one("main h1", "heading").text.strip()
            if heading != self.request_title:
                raise CheckFailed(f"the item's heading is {heading!r}, expected {self.request_title!r}")
            files = self.find("main .file-list a")
            if self.file_name is None:
                if files:
                    self.file_path = urllib.parse.urlsplit(files[0].get_attribute("href")).path
                return f"{heading!r}, {len(files)} attachment(s)"
            links = [a for a in files if a.text.strip() == self.file_name]
            if not links:
                raise CheckFailed(f"no attachment link named {self.file_name!r}: {[a.text for a in files]}")
            self.file_path = urllib.parse.urlsplit(links[0].get_attribute("href")).path
            if not re.fullmatch(re.escape(self.item_path) + rf"/files/{UUID}", self.file_path):
                raise CheckFailed(f"the attachment link is {self.file_path}")
            kind = links[0].find_element("xpath", "..").text
            if "PDF" not in kind:
                raise CheckFailed(f"the attachment is not described as a PDF: {kind!r}")
            return f"{heading!r}, attachment {self.file_name!r}"
        return body

    def visitor_item_fits(self):
        def body():
            if path_of(self.driver) != self.item_path:
                self.open(self.item_path)
            return self.fits_phone()
        return body

    def visitor_full_report(self):
        """The report's body links to the round's print page ("รายงานฉบับเต็ม"); a visitor on
        the phone follows it and it must fit too (its tables scroll, the page does not)."""
        def body():
            if path_of(self.driver) != self.item_path:
                self.open(self.item_path)
            expected = self.round_path + "/print"
            links = [a for a in self.find("main .item-body a") if urllib.parse.urlsplit(a.get_attribute("href")).path == expected]
            if not links:
                raise CheckFailed(f"the report's text has no link to {expected}: {[a.get_attribute('href') for a in self.find('main .item-body a')]}")
            self.tap_first_line(links[0])
            if path_of(self.driver) != expected:
                raise CheckFailed(f"“รายงานฉบับเต็ม” led to {path_of(self.driver)}")
            heading = self.one("h1", "heading").text.strip()
            if not heading.startswith("รายงานผลการดำเนินงาน รอบ ๖ เดือน") and not heading.startswith("รายงานผลการดำเนินงาน รอบ 6 เดือน"):
                raise CheckFailed(f"the full report's heading is {heading!r}")
            return f"{expected}, {heading!r}, {self.fits_phone()}"
        return body

    def visitor_download(self):
        def body():
            status, headers, data = self.http(self.file_path)
            if status != 200:
                raise CheckFailed(f"GET {self.file_path} answered {status}")
            if not data.startswith(b"%PDF-"):
                raise CheckFailed(f"the download does not start with %PDF-: {data[:16]!r}")
            if b"%%EOF" not in data[-1024:]:
                raise CheckFailed("the PDF does not end with %%EOF")
            content_type = headers.get("Content-Type", "")
            if not content_type.startswith("application/pdf"):
                raise CheckFailed(f"Content-Type is {content_type!r}")
            return f"{len(data)} bytes, {content_type}"
        return body

    def round_public(self):
        """The approved round's report and print page are public (docs/plans.md)."""
        def body():
            wrong = []
            for path in (self.project_path, self.round_path, self.round_path + "/print"):
                status, _, data = self.http(path)
                if status != 200:
                    wrong.append(f"{path} answered {status}")
                elif self.token not in data.decode("utf-8", errors="replace"):
                    wrong.append(f"{path} does not name the project")
            if wrong:
                raise CheckFailed("; ".join(wrong))
            return "project, round and print page answer 200 to a visitor"
        return body

    # -- axe ------------------------------------------------------------------------------

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
            report = self.artifacts / f"axe-plans-{slug(label)}.json"
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

    # -- the run ----------------------------------------------------------------------------

    def run(self) -> None:
        args = self.args
        self.chromium = find_executable(args.chromium, "CHROMIUM_BIN", ["chromium", "/usr/bin/chromium", "chromium-browser", "google-chrome"])
        self.chromedriver = find_executable(args.chromedriver, "CHROMEDRIVER_BIN", ["chromedriver", "/usr/bin/chromedriver"])
        known = passwords_from_log(args.server_log) if args.server_log else {}
        people = {}
        for role, default in (("PLANNER", "planner"), ("HEAD", "strategyhead"), ("UPLOADER", "uploader")):
            name = os.environ.get(f"PRAKAT_PLANS_{role}", default)
            people[role] = (name, os.environ.get(f"PRAKAT_PUB_PASSWORD_{name.upper()}") or known.get(name, ""))
        try:
            import axe_selenium_python  # only its bundled axe.min.js is used
            script = Path(axe_selenium_python.__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
            self.axe_script = script.read_text(encoding="utf-8")
        except Exception as error:
            self.results.record("load axe-core", False, f"{error}: install axe-selenium-python==3.0.0")
        print(f"token {self.token}, fiscal year {self.fy}", flush=True)
        try:
            self.driver = start_browser(self.chromium, self.chromedriver, self.artifacts / "chromedriver-plans.log")
        except Exception as error:
            self.results.record("start Chromium", False, f"{type(error).__name__}: {error}")
            return
        try:
            self.staff_steps(people)
            if self.item_path:
                self.visitor_steps()
            else:
                self.skipped("8. visitor @375px: the header search finds the report", "nothing was published")
        finally:
            try:
                self.driver.quit()
            except Exception:
                pass

    def staff_steps(self, people) -> None:
        planner, head, uploader = people["PLANNER"], people["HEAD"], people["UPLOADER"]
        # 1. The project.
        if not self.check(f"1. {planner[0]} signs in", self.sign_in(*planner)):
            return
        if not self.check("1. /staff “แผนงานและโครงการ” opens /plans", self.staff_to_plans()):
            return
        self.check("9. axe: the /plans dashboard", self.axe("dashboard"))
        if not self.check(f"1. “เพิ่มโครงการ” opens the form for fiscal year {self.fy}", self.open_new_form()):
            return
        if not self.check("1. type a small project (budget row, 2 activities, quarter plan, target group, indicator, author)", self.fill_project()):
            return
        if not self.check("1. “+ เพิ่มกิจกรรม” adds a blank activity and keeps what was typed", self.add_row()):
            return
        self.check("9. axe: the project form", self.axe("project form"))
        if not self.check("1. save the draft: “ยอดทุกตารางตรงกัน”, 50,000.00 (ห้าหมื่นบาทถ้วน)", self.save_project()):
            return
        self.check("9. axe: the project page", self.axe("project page"))
        if not self.check("1. “เสนออนุมัติ”", self.submit_project()):
            return
        self.check(f"1. {planner[0]} signs out", self.sign_out(planner[0]))
        # 2. The head approves the project.
        if not self.check(f"2. {head[0]} signs in", self.sign_in(*head)):
            return
        if not self.check("2. the project is on /plans (from /staff)", self.find_project()):
            return
        if not self.check("2. “อนุมัติ”", self.project_action("อนุมัติ", "อนุมัติแล้ว")):
            return
        self.check(f"2. {head[0]} signs out", self.sign_out(head[0]))
        # 3. The planner starts it and fills the 6-month round.
        if not self.check(f"3. {planner[0]} signs in", self.sign_in(*planner)):
            return
        if not self.check("3. the project is on /plans (from /staff)", self.find_project()):
            return
        if not self.check("3. “เริ่มดำเนินโครงการ”", self.project_action("เริ่มดำเนินโครงการ", "กำลังดำเนินการ")):
            return
        if not self.check(f"3. open the 6-month round {self.fy}", self.open_round()):
            return
        self.check("9. axe: the round page (with its form)", self.axe("round form"))
        if not self.check("3. type outputs, spending, the indicator, problems and suggestions; save", self.fill_round()):
            return
        if not self.check("3. “ส่งรายงานเพื่ออนุมัติ”", self.round_action("ส่งรายงานเพื่ออนุมัติ", "รออนุมัติ", "ส่งรายงานเพื่ออนุมัติแล้ว")):
            return
        self.check(f"3. {planner[0]} signs out", self.sign_out(planner[0]))
        # 4. The head approves the round.
        if not self.check(f"4. {head[0]} signs in", self.sign_in(*head)):
            return
        if not self.check("4. the round is on the project page", self.head_opens_round()):
            return
        if not self.check("4. “อนุมัติรายงาน”: approved and locked", self.round_action("อนุมัติรายงาน", "อนุมัติแล้ว (ล็อก)", "อนุมัติรายงานแล้ว")):
            return
        self.check(f"4. {head[0]} signs out", self.sign_out(head[0]))
        # 5. The planner sends the report to the publishing workflow.
        if not self.check(f"5. {planner[0]} signs in", self.sign_in(*planner)):
            return
        if not self.check("5. “ส่งขอเผยแพร่บนเว็บไซต์”: a draft request tagged MOIT2 with the report PDF", self.send_to_publishing()):
            return
        if not self.check("5. “ส่งขออนุมัติ”", self.submit_request()):
            return
        self.check("9. axe: the round's print page", self.axe("round print", self.round_path + "/print"))
        self.check(f"5. {planner[0]} signs out", self.sign_out(planner[0]))
        # 6. The head approves the request.
        if not self.check(f"6. {head[0]} signs in", self.sign_in(*head)):
            return
        if not self.check("6. the request is under “รออนุมัติจากฉัน”", self.open_from_inbox("inbox-approval", "รออนุมัติจากฉัน")):
            return
        if not self.check("6. “อนุมัติ”", self.approve_request()):
            return
        self.check(f"6. {head[0]} signs out", self.sign_out(head[0]))
        # 7. The uploader publishes it.
        if not self.check(f"7. {uploader[0]} signs in", self.sign_in(*uploader)):
            return
        if not self.check("7. the request is under “รอนำขึ้นเผยแพร่”", self.open_from_inbox("inbox-publish", "รอนำขึ้นเผยแพร่")):
            return
        if not self.check("7. publish now", self.publish_now()):
            return
        self.check(f"7. {uploader[0]} signs out", self.sign_out(uploader[0]))

    def visitor_steps(self) -> None:
        # 8. A visitor: a new browser session (a fresh profile, no cookies), on a phone.
        self.driver.quit()
        self.driver = start_browser(self.chromium, self.chromedriver, self.artifacts / "chromedriver-plans-visitor.log")
        if self.driver.get_cookies():
            self.results.record("8. the visitor's browser has no cookies", False, str(self.driver.get_cookies()))
        if not self.check("8. visitor @375px: the header search finds the report by the token", self.visitor_search()):
            return
        if self.check("8. visitor @375px: open the report, its title and attachment", self.visitor_item()):
            self.check("8. visitor @375px: the report's page fits the phone (scrollWidth <= 375)", self.visitor_item_fits())
            self.check("9. axe: the published report @375px", self.axe("published item"))
            if self.file_path:
                self.check("8. visitor: the attachment downloads as a PDF (urllib)", self.visitor_download())
            elif os.access(PDF_RENDERER, os.X_OK):
                self.skipped("8. visitor: the attachment downloads as a PDF (urllib)", "no attachment link")
        else:
            self.skipped("8. visitor: the attachment downloads as a PDF (urllib)", "the item page failed")
        self.check("8. visitor @375px: “รายงานฉบับเต็ม” (the round's print page) fits the phone", self.visitor_full_report())
        self.check("8. visitor: the approved project, round and print page are public", self.round_public())


def main() -> int:
    return run_flow(__doc__, PlansFlow, "plans", "PRAKAT_PLANS_SERVER_LOG")

if __name__ == "__main__":
    sys.exit(main())
