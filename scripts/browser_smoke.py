#!/usr/bin/env python3
"""Browser smoke test of a running Prakat server: real Chromium, fully offline.

What it checks (each is one pass/fail line):
  * /healthz and /readyz answer 200;
  * the home page and the sign-in page at 375 px (phone emulation through the DevTools
    protocol, mobile=True) and at 1280 px: the page renders an <h1> and nothing is wider
    than the screen (document.documentElement.scrollWidth <= viewport width);
  * axe-core (bundled in axe-selenium-python, no network) on home and sign-in, at both
    widths, and on the signed-in /staff and /admin pages: any violation of impact
    "serious" or "critical" fails; milder ones are printed as notes;
  * signing in through the form lands on /staff and shows the user's name or a sign-out
    button; /staff and /admin fit a phone screen too; signing out ends the session;
  * unless --quick: the same layout + axe checks at both widths on /privacy, /accessibility,
    two category pages, a 404 page, /stats, the satisfaction survey and its thank-you page, /questions, /questions/ask, /c/e-service,
    the ITA pages /ita and /ita/MOPH-MOIT/2569, /account/password and every administration page
    (lists, new forms, the audit trail, and the first unit's and user's edit pages);
  * no JavaScript console errors (CSP violations, failed loads) on any page visited.

Screenshots of every page (and of every failure) and axe's full JSON go to --artifacts.
The last line is "smoke: N passed, M failed"; exit status 0 only when nothing failed.

Usage:
  PRAKAT_SMOKE_USER=smoke PRAKAT_SMOKE_PASSWORD=… \
      python3 scripts/browser_smoke.py --base-url http://127.0.0.1:8080

Needs Debian's chromium and chromium-driver (fonts-thai-tlwg for Thai glyphs), and from
PyPI selenium (scripts/requirements-test.txt) and axe-selenium-python==3.0.0, which on
Python 3.11 installs with `pip install --ignore-requires-python --no-deps
axe-selenium-python==3.0.0` (see .ci/run).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

# Selenium Manager must never try to download a driver or a browser: everything is local.
os.environ["SE_OFFLINE"] = "true"

PHONE = (375, 800)
DESKTOP = (1280, 900)
FAILING_IMPACTS = ("critical", "serious")


# --------------------------------------------------------------------------------------------
# bookkeeping
# --------------------------------------------------------------------------------------------

class CheckFailed(AssertionError):
    pass


class Results:
    def __init__(self) -> None:
        self.passed: list[str] = []
        self.failed: list[tuple[str, str]] = []
        self.notes: list[str] = []

    def record(self, name: str, ok: bool, detail: str = "") -> None:
        if ok:
            self.passed.append(name)
            print(f"PASS  {name}" + (f"  ({detail})" if detail else ""), flush=True)
        else:
            self.failed.append((name, detail))
            print(f"FAIL  {name}", flush=True)
            for line in detail.splitlines():
                print(f"      {line}", flush=True)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80]


# --------------------------------------------------------------------------------------------
# the browser
# --------------------------------------------------------------------------------------------

def find_executable(explicit: str | None, env_name: str, candidates: list[str]) -> str:
    for path in [explicit, os.environ.get(env_name)] + candidates:
        if not path:
            continue
        resolved = shutil.which(path) if not os.path.isabs(path) else path
        if resolved and os.access(resolved, os.X_OK):
            return resolved
    raise SystemExit(f"browser smoke: cannot find {candidates[0]} (set {env_name}); "
                     "install Debian's chromium and chromium-driver")


def start_browser(chromium: str, chromedriver: str, log_path: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-extensions", "--no-first-run", "--no-default-browser-check",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=%d,%d" % DESKTOP, "--force-device-scale-factor=1", "--lang=th-TH",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=chromedriver, log_output=str(log_path))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(90)
    return driver


def set_viewport(driver, width: int, height: int, mobile: bool) -> None:
    # Headless windows are never narrower than 500 px: emulate the device instead.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile,
        "screenWidth": width, "screenHeight": height,
    })
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5} if mobile else {"enabled": False})


def wait_loaded(driver, timeout: float = 30) -> None:
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(driver, timeout).until(lambda d: d.execute_script("return document.readyState") == "complete")


def path_of(driver) -> str:
    return urllib.parse.urlsplit(driver.current_url).path


OVERFLOW_JS = r"""
const limit = arguments[0];
const doc = document.documentElement;
const describe = (el) => {
  let s = el.tagName.toLowerCase();
  if (el.id) s += '#' + el.id;
  if (el.classList && el.classList.length) s += '.' + Array.from(el.classList).join('.');
  const text = (el.innerText || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 40);
  return text ? s + ' "' + text + '"' : s;
};
const overflowing = [];
for (const el of document.body ? document.body.querySelectorAll('*') : []) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) continue;
  if (r.right > limit + 1 || r.left < -1) {
    if (getComputedStyle(el).position === 'absolute' && r.right < 0) continue;  // skip links parked off-screen
    overflowing.push({el, left: Math.round(r.left), right: Math.round(r.right), width: Math.round(r.width)});
  }
}
// The causes are the deepest ones: an overflowing element none of whose descendants overflow.
const offenders = overflowing.filter(o => !overflowing.some(p => p.el !== o.el && o.el.contains(p.el)));
return {
  scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, innerWidth: window.innerWidth,
  viewportMeta: (document.querySelector('meta[name=viewport]') || {}).content || null,
  offenders: offenders.slice(0, 10).map(o => ({what: describe(o.el), left: o.left, right: o.right, width: o.width})),
};
"""


# --------------------------------------------------------------------------------------------
# the smoke test
# --------------------------------------------------------------------------------------------

class Smoke:
    def __init__(self, args, results: Results) -> None:
        self.args = args
        self.base = args.base_url.rstrip("/")
        self.results = results
        self.artifacts = Path(args.artifacts)
        self.artifacts.mkdir(parents=True, exist_ok=True)
        self.driver = None
        self.axe_script: str | None = None
        self.console_errors: list[str] = []
        # Pages visited on purpose for their error page: their own 404 is no console error.
        self.expected_errors: set[str] = set()

    # -- helpers -------------------------------------------------------------------------

    def url(self, path: str) -> str:
        return self.base + path

    def screenshot(self, name: str) -> str | None:
        if self.driver is None:
            return None
        target = self.artifacts / f"{slug(name) or 'page'}.png"
        try:
            self.driver.save_screenshot(str(target))
            return str(target)
        except Exception:  # a screenshot must never hide the real failure
            return None

    def check(self, name: str, body) -> bool:
        started = time.monotonic()
        try:
            detail = body() or ""
        except CheckFailed as failure:
            shot = self.screenshot("FAIL " + name)
            self.results.record(name, False, str(failure) + (f"\nscreenshot: {shot}" if shot else ""))
            return False
        except Exception as error:  # a crash in a check is a failure of that check only
            shot = self.screenshot("FAIL " + name)
            # WebDriver errors carry a long native stack trace: keep the message only.
            text = "".join(traceback.format_exception_only(type(error), error)).strip()
            text = "\n".join(line for line in text.splitlines()[:3] if not line.startswith("Stacktrace"))
            self.results.record(name, False, text + (f"\nscreenshot: {shot}" if shot else ""))
            return False
        elapsed = time.monotonic() - started
        self.results.record(name, True, (detail + ", " if detail else "") + f"{elapsed:.1f}s")
        return True

    def collect_console(self, where: str) -> None:
        try:
            entries = self.driver.get_log("browser")
        except Exception:
            return
        for entry in entries:
            if entry.get("level") != "SEVERE":
                continue
            message = entry.get("message", "")
            self.console_errors.append(f"{where}: {message}")

    def open(self, path: str, width: int, height: int, mobile: bool) -> None:
        set_viewport(self.driver, width, height, mobile)
        self.driver.get(self.url(path))
        wait_loaded(self.driver)
        self.collect_console(f"{path} @{width}")

    # -- checks --------------------------------------------------------------------------

    def http_ok(self, path: str):
        def body():
            try:
                with urllib.request.urlopen(self.url(path), timeout=15) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            if status != 200:
                raise CheckFailed(f"GET {path} answered {status}, expected 200")
            return "200"
        return body

    def layout(self, path: str, width: int, height: int, mobile: bool, expect_path: str | None = None,
               error_page: bool = False):
        def body():
            self.open(path, width, height, mobile)
            landed = path_of(self.driver)
            wanted = expect_path or urllib.parse.urlsplit(path).path
            if landed.rstrip("/") != wanted.rstrip("/"):
                raise CheckFailed(f"GET {path} ended on {landed}, expected {wanted}")
            shot = self.screenshot(f"{slug(path) or 'home'}-{width}")
            error_code = self.driver.execute_script(
                "const e = document.querySelector('.error-code, .error-page'); return e ? e.innerText.trim().slice(0, 80) : null")
            if error_code and not error_page:
                raise CheckFailed(f"GET {path} shows an error page: {error_code!r}")
            if error_page and not error_code:
                raise CheckFailed(f"GET {path} should show the error page")
            title = self.driver.title.strip()
            if not title:
                raise CheckFailed(f"{path} has an empty <title>")
            headings = self.driver.execute_script("return Array.from(document.querySelectorAll('h1')).map(h => h.innerText.trim())")
            if not headings or not headings[0]:
                raise CheckFailed(f"{path} has no visible <h1>")
            metrics = self.driver.execute_script(OVERFLOW_JS, width)
            if metrics["scrollWidth"] > width:
                lines = [f"{path} is {metrics['scrollWidth']} px wide on a {width} px screen "
                         "(document.documentElement.scrollWidth); elements past the edge:"]
                for item in metrics["offenders"]:
                    lines.append(f"  {item['what']}: left {item['left']}, right {item['right']}, width {item['width']}")
                if shot:
                    lines.append(f"screenshot: {shot}")
                raise CheckFailed("\n".join(lines))
            if mobile and metrics["innerWidth"] != width:
                raise CheckFailed(
                    f"{path}: the layout viewport is {metrics['innerWidth']} px on a {width} px phone "
                    f"(meta viewport: {metrics['viewportMeta']!r}); expected width=device-width")
            return f"h1 {headings[0][:40]!r}, scrollWidth {metrics['scrollWidth']}"
        return body

    def axe(self, path: str, width: int, height: int, mobile: bool, reuse_page: bool = False):
        def body():
            if not reuse_page or path_of(self.driver).rstrip("/") != path.rstrip("/"):
                self.open(path, width, height, mobile)
            if path_of(self.driver).rstrip("/") != path.rstrip("/"):
                raise CheckFailed(f"GET {path} ended on {path_of(self.driver)}; cannot audit it")
            self.driver.execute_script(self.axe_script)
            results = self.driver.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "axe.run(document, {resultTypes: ['violations']})"
                "  .then(r => done(r), e => done({error: String(e)}));")
            if results.get("error"):
                raise CheckFailed(f"axe-core failed to run: {results['error']}")
            name = f"axe-{slug(path) or 'home'}-{width}"
            (self.artifacts / f"{name}.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
            violations = results.get("violations", [])
            bad = [v for v in violations if v.get("impact") in FAILING_IMPACTS]
            mild = [v for v in violations if v.get("impact") not in FAILING_IMPACTS]
            for violation in mild:
                self.results.notes.append(f"axe {path} @{width}: " + format_violation(violation).replace("\n", "\n    "))
            if bad:
                raise CheckFailed(
                    f"axe-core {results.get('testEngine', {}).get('version', '?')} found {len(bad)} serious/critical "
                    f"violation(s) on {path} at {width} px:\n" + "\n".join(format_violation(v) for v in bad)
                    + f"\nfull report: {self.artifacts / (name + '.json')}")
            version = results.get("testEngine", {}).get("version", "?")
            return f"axe {version}, {len(mild)} minor/moderate"
        return body

    def page(self, path: str, width: int, height: int, mobile: bool, error_page: bool = False):
        """Layout and axe of one more page at one width, as one check."""
        if error_page:
            self.expected_errors.add(self.url(path))
        layout = self.layout(path, width, height, mobile, error_page=error_page)
        audit = self.axe(path, width, height, mobile, reuse_page=True) if self.axe_script else None

        def body():
            problems, details = [], []
            for part in (layout, audit):
                if part is None:
                    continue
                try:
                    details.append(part() or "")
                except CheckFailed as failure:
                    problems.append(str(failure))
                    if part is layout and "ended on" in str(failure):
                        break  # not the page we meant: auditing it says nothing
            if problems:
                raise CheckFailed("\n".join(problems))
            return "; ".join(d for d in details if d)
        return body

    def links_under(self, path: str, prefix: str, limit: int) -> list[str]:
        """Paths of the first links on PATH that start with PREFIX (edit pages of seeded rows)."""
        self.open(path, *DESKTOP, False)
        hrefs = self.driver.execute_script(
            "return Array.from(document.querySelectorAll('main a[href]')).map(a => a.getAttribute('href'))")
        found = []
        for href in hrefs:
            target = urllib.parse.urlsplit(href).path
            if target.startswith(prefix) and target.rstrip("/") != prefix.rstrip("/") and not target.endswith("/new") and target not in found:
                found.append(target)
        return found[:limit]

    def sign_in(self, username: str, password: str, display_name: str | None):
        def body():
            from selenium.webdriver.common.by import By
            from selenium.webdriver.support.ui import WebDriverWait

            if not username or not password:
                raise CheckFailed("PRAKAT_SMOKE_USER and PRAKAT_SMOKE_PASSWORD must be set")
            self.open("/login", *DESKTOP, False)
            form = self.driver.find_element(By.CSS_SELECTOR, "form[action$='/login']")
            if not form.find_elements(By.CSS_SELECTOR, "input[name='_csrf']"):
                raise CheckFailed("the sign-in form has no _csrf field")
            field = form.find_element(By.NAME, "username")
            field.clear()
            field.send_keys(username)
            form.find_element(By.NAME, "password").send_keys(password)
            form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
            # bcrypt in a debug build is slow: allow time.
            WebDriverWait(self.driver, 60).until(
                lambda d: path_of(d) != "/login" or d.find_elements(By.CSS_SELECTOR, "#login-error, .flash-error"))
            wait_loaded(self.driver)
            self.collect_console("after sign-in")
            landed = path_of(self.driver)
            if landed != "/staff":
                errors = [e.text for e in self.driver.find_elements(By.CSS_SELECTOR, "#login-error, .flash-error, [role=alert]")]
                raise CheckFailed(f"after signing in as {username!r} the browser is on {landed}, expected /staff"
                                  + (f"; the page says: {' | '.join(errors)}" if errors else ""))
            self.screenshot("staff-1280")
            page_text = self.driver.find_element(By.TAG_NAME, "body").text
            sign_out = self.driver.find_elements(By.CSS_SELECTOR, "form[action*='logout'] button[type='submit']")
            shows_name = bool(display_name) and display_name in page_text
            if not (shows_name or sign_out):
                raise CheckFailed("/staff shows neither the user's name nor a sign-out button")
            return ("shows " + repr(display_name) if shows_name else "") + (" with sign-out button" if sign_out else "")
        return body

    def sign_out(self):
        def body():
            from selenium.webdriver.common.by import By
            from selenium.webdriver.support.ui import WebDriverWait

            if path_of(self.driver) not in ("/staff", "/admin"):
                self.open("/staff", *DESKTOP, False)
            buttons = self.driver.find_elements(By.CSS_SELECTOR, "form[action*='logout'] button[type='submit']")
            if not buttons:
                raise CheckFailed(f"no sign-out button on {path_of(self.driver)}")
            before = self.driver.current_url
            buttons[0].click()
            WebDriverWait(self.driver, 30).until(lambda d: d.current_url != before)
            wait_loaded(self.driver)
            self.collect_console("after sign-out")
            self.driver.get(self.url("/staff"))
            wait_loaded(self.driver)
            if path_of(self.driver) == "/staff" and not self.driver.find_elements(By.NAME, "password"):
                raise CheckFailed("after signing out, /staff is still shown")
            return f"/staff now leads to {path_of(self.driver)}"
        return body

    def no_console_errors(self):
        def body():
            # favicon.ico is requested by the browser itself, not by the pages.
            def expected(entry: str) -> bool:
                return "favicon.ico" in entry or any(f"{url} - Failed to load resource" in entry for url in self.expected_errors)
            errors = [e for e in self.console_errors if not expected(e)]
            if errors:
                raise CheckFailed("console errors:\n" + "\n".join(errors[:20]))
            ignored = len(self.console_errors) - len(errors)
            return f"{ignored} expected (favicon, 404 pages) ignored" if ignored else ""
        return body

    # -- the run -------------------------------------------------------------------------

    def run(self) -> None:
        args = self.args
        chromium = find_executable(args.chromium, "CHROMIUM_BIN", ["chromium", "/usr/bin/chromium", "chromium-browser", "google-chrome"])
        chromedriver = find_executable(args.chromedriver, "CHROMEDRIVER_BIN", ["chromedriver", "/usr/bin/chromedriver"])
        user = os.environ.get("PRAKAT_SMOKE_USER", "")
        password = os.environ.get("PRAKAT_SMOKE_PASSWORD", "")
        display_name = os.environ.get("PRAKAT_SMOKE_DISPLAY_NAME") or None

        self.check("GET /healthz", self.http_ok("/healthz"))
        self.check("GET /readyz", self.http_ok("/readyz"))

        try:
            import axe_selenium_python  # only its bundled axe.min.js is used
            script = Path(axe_selenium_python.__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
            self.axe_script = script.read_text(encoding="utf-8")
        except Exception as error:
            self.results.record("load axe-core", False, f"{error}: install axe-selenium-python==3.0.0 (see scripts/requirements-test.txt)")

        try:
            self.driver = start_browser(chromium, chromedriver, self.artifacts / "chromedriver.log")
        except Exception as error:
            self.results.record("start Chromium", False, f"{type(error).__name__}: {error}")
            return
        print(f"browser: {self.driver.capabilities.get('browserName')} {self.driver.capabilities.get('browserVersion')}"
              f" via {chromedriver}", flush=True)
        try:
            for width, height, mobile in (PHONE + (True,), DESKTOP + (False,)):
                for path in ("/", "/login"):
                    self.check(f"layout {path} @{width}px", self.layout(path, width, height, mobile))
                    if self.axe_script:
                        self.check(f"axe {path} @{width}px", self.axe(path, width, height, mobile, reuse_page=True))

            if not args.quick:
                # More public pages: the policies, a category with children, a leaf, a 404.
                for path, error_page in (("/privacy", False), ("/accessibility", False), ("/c/about", False),
                                         ("/c/history", False), ("/c/no-such-category", True),
                                         # Engagement (issue 12): statistics and the satisfaction survey
                                         ("/stats", False), ("/satisfaction", False),
                                         ("/satisfaction/thanks", False),
                                         # the public questions and answers and their form
                                         ("/questions", False), ("/questions/ask", False), ("/c/e-service", False),
                                         # Compliance (issue 13): the ITA pages an assessor opens
                                         ("/ita", False), ("/ita/MOPH-MOIT/2569", False)):
                    for width, height, mobile in (PHONE + (True,), DESKTOP + (False,)):
                        self.check(f"page {path} @{width}px (layout + axe)", self.page(path, width, height, mobile, error_page))

            if self.check("sign in through the form lands on /staff", self.sign_in(user, password, display_name)):
                if self.axe_script:
                    self.check("axe /staff @1280px", self.axe("/staff", *DESKTOP, False, reuse_page=True))
                self.check("layout /staff @375px", self.layout("/staff", *PHONE, True))
                self.check("layout /admin @1280px", self.layout("/admin", *DESKTOP, False))
                if self.axe_script:
                    self.check("axe /admin @1280px", self.axe("/admin", *DESKTOP, False, reuse_page=True))
                self.check("layout /admin @375px", self.layout("/admin", *PHONE, True))
                if not args.quick:
                    more = ["/account/password", "/admin/units", "/admin/units/new", "/admin/users",
                            "/admin/users/new", "/admin/audit", "/admin/agency", "/staff/notifications",
                            "/account/notifications", "/admin/mail"]
                    try:
                        more += self.links_under("/admin/units", "/admin/units/", 1)
                        more += self.links_under("/admin/users", "/admin/users/", 1)
                    except Exception as error:
                        self.results.notes.append(f"could not find edit pages to check: {error}")
                    for path in more:
                        for width, height, mobile in (PHONE + (True,), DESKTOP + (False,)):
                            self.check(f"page {path} @{width}px (layout + axe)", self.page(path, width, height, mobile))
                self.check("sign out ends the session", self.sign_out())
            self.check("no console errors", self.no_console_errors())
        finally:
            try:
                self.driver.quit()
            except Exception:
                pass


def format_violation(violation: dict) -> str:
    lines = [f"  [{violation.get('impact')}] {violation.get('id')}: {violation.get('help')} ({violation.get('helpUrl', '')})"]
    for node in violation.get("nodes", [])[:8]:
        target = " ".join(str(t) for t in node.get("target", []))
        html = re.sub(r"\s+", " ", node.get("html", ""))[:160]
        lines.append(f"    - {target}  {html}")
        summary = (node.get("failureSummary") or "").strip()
        for line in summary.splitlines()[:4]:
            lines.append(f"        {line.strip()}")
    extra = len(violation.get("nodes", [])) - 8
    if extra > 0:
        lines.append(f"    … and {extra} more element(s)")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default=os.environ.get("PRAKAT_SMOKE_BASE_URL"),
                        help="the running server, e.g. http://127.0.0.1:8080 (or PRAKAT_SMOKE_BASE_URL)")
    parser.add_argument("--artifacts", default="ci-artifacts/browser", help="screenshots and axe reports go here")
    parser.add_argument("--quick", action="store_true",
                        help="only home, sign-in, /staff and /admin (skip the other public and admin pages)")
    parser.add_argument("--chromium", help="Chromium binary (default: CHROMIUM_BIN or /usr/bin/chromium)")
    parser.add_argument("--chromedriver", help="chromedriver (default: CHROMEDRIVER_BIN or /usr/bin/chromedriver)")
    args = parser.parse_args()
    if not args.base_url:
        parser.error("--base-url is required")

    results = Results()
    try:
        Smoke(args, results).run()
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
    print(f"artifacts: {args.artifacts}")
    print(f"smoke: {len(results.passed)} passed, {len(results.failed)} failed", flush=True)
    return 0 if not results.failed and results.passed else 1


if __name__ == "__main__":
    sys.exit(main())
