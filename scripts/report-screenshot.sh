#!/usr/bin/env bash
# report-screenshot.sh — loads a run's report.html in headless Chromium, checks it, and saves a full-page screenshot.
#
#   scripts/report-screenshot.sh RUN_DIR/report.html [OUT.png]     # OUT defaults to report.png beside the report
#
# Checks, through the DevTools protocol on a pipe (no extra packages: Chromium and Python's standard library):
#   - no console message at all: no error, no warning, no blocked resource; the report has no scripts and a
#     Content-Security-Policy that forbids everything but inline styles and data: images, so a script or tag that got
#     in through a label would show here;
#   - every section is present (the ids of HtmlReport.SECTIONS, in tl-core; HtmlReportTests checks this list);
#   - every image (the thumbnails) decoded.
# Exit status: 0 when all hold, 1 when one does not (each problem printed), 2 when Chromium is not installed
# (Debian: apt-get install chromium). Environment: CHROMIUM (default: chromium, chromium-browser or google-chrome on
# the PATH), REPORT_WIDTH (CSS pixels, default 1280), REPORT_MAX_HEIGHT (clip the screenshot, default 12000).
set -euo pipefail
SECTIONS="summary curves validation top-losses most-confused confusion per-class provenance warnings bad-images"

if [ $# -lt 1 ] || [ $# -gt 2 ] || [ ! -f "$1" ]; then
  echo "usage: scripts/report-screenshot.sh RUN_DIR/report.html [OUT.png]" >&2
  exit 1
fi
report="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
out="${2:-$(dirname "$report")/report.png}"
browser="${CHROMIUM:-}"
if [ -z "$browser" ]; then
  for b in chromium chromium-browser google-chrome; do
    if command -v "$b" > /dev/null; then browser="$b"; break; fi
  done
fi
if [ -z "$browser" ]; then
  echo "skipped: no Chromium on the PATH (apt-get install chromium, or set CHROMIUM)" >&2
  exit 2
fi
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT

exec python3 - "$browser" "$profile" "$report" "$out" "$SECTIONS" "${REPORT_WIDTH:-1280}" \
  "${REPORT_MAX_HEIGHT:-12000}" <<'PY'
import base64, fcntl, json, os, subprocess, sys, time

browser, profile, report, out, sections, width, max_height = sys.argv[1:]
width, max_height = int(width), int(max_height)
# DevTools over a pipe: Chromium reads commands from fd 3 and writes replies and events to fd 4, \0-separated; the
# pipe ends are first moved above fd 10 so that putting them on 3 and 4 in the child cannot overwrite one another
to_chrome_r, to_chrome_w = os.pipe()
from_chrome_r, from_chrome_w = os.pipe()
commands_in = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
events_out = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)


def child_fds():
    os.dup2(commands_in, 3)
    os.dup2(events_out, 4)


flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
         "--hide-scrollbars", "--user-data-dir=" + profile, "--remote-debugging-pipe",
         "--window-size=%d,900" % width, "about:blank"]
chrome = subprocess.Popen([browser] + flags, pass_fds=(3, 4, commands_in, events_out), preexec_fn=child_fds,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for fd in (to_chrome_r, from_chrome_w, commands_in, events_out):
    os.close(fd)
writer = os.fdopen(to_chrome_w, "wb")
pending = b""
events = []
next_id = [0]
deadline = time.time() + 120


def receive():
    global pending
    while b"\0" not in pending:
        chunk = os.read(from_chrome_r, 1 << 20)
        if not chunk:
            raise SystemExit("Chromium closed the DevTools pipe")
        pending += chunk
    message, pending = pending.split(b"\0", 1)
    return json.loads(message)


def send(method, session=None, **params):
    next_id[0] += 1
    message = {"id": next_id[0], "method": method, "params": params}
    if session:
        message["sessionId"] = session
    writer.write(json.dumps(message).encode() + b"\0")
    writer.flush()
    while True:
        reply = receive()
        if reply.get("id") == next_id[0]:
            if "error" in reply:
                raise SystemExit("%s failed: %s" % (method, reply["error"]))
            return reply["result"]
        events.append(reply)


def wait_for(method):
    while not any(e.get("method") == method for e in events):
        if time.time() > deadline:
            raise SystemExit("no %s within 120 s" % method)
        events.append(receive())


try:
    target = send("Target.createTarget", url="about:blank")["targetId"]
    session = send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    for domain in ("Page", "Runtime", "Log"):
        send(domain + ".enable", session)
    send("Emulation.setDeviceMetricsOverride", session, width=width, height=900, deviceScaleFactor=1, mobile=False)
    events.clear()
    send("Page.navigate", session, url="file://" + report)
    wait_for("Page.loadEventFired")
    time.sleep(0.5)
    found = send("Runtime.evaluate", session, returnByValue=True, expression="""(() => ({
        ids: [...document.querySelectorAll('[id]')].map(e => e.id),
        images: document.images.length,
        broken: [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.alt),
        scripts: document.scripts.length,
        height: Math.ceil(document.documentElement.scrollHeight)}))()""")["result"]["value"]
    problems = []
    for e in events:
        m, p = e.get("method"), e.get("params", {})
        if m == "Runtime.consoleAPICalled":
            problems.append("console.%s: %s" % (p["type"], " ".join(str(a.get("value", a.get("description")))
                                                                    for a in p.get("args", []))))
        elif m == "Runtime.exceptionThrown":
            problems.append("exception: %s" % p["exceptionDetails"].get("text"))
        elif m == "Log.entryAdded":
            problems.append("console %s (%s): %s" % (p["entry"]["level"], p["entry"]["source"], p["entry"]["text"]))
    missing = [s for s in sections.split() if s not in found["ids"]]
    if missing:
        problems.append("sections missing: " + ", ".join(missing))
    if found["broken"]:
        problems.append("%d images did not decode: %s" % (len(found["broken"]), ", ".join(found["broken"][:5])))
    if found["scripts"]:
        problems.append("%d script elements in the page" % found["scripts"])
    height = min(found["height"], max_height)
    send("Emulation.setDeviceMetricsOverride", session, width=width, height=height, deviceScaleFactor=1,
         mobile=False)
    shot = send("Page.captureScreenshot", session, format="png", captureBeyondViewport=True,
                clip={"x": 0, "y": 0, "width": width, "height": height, "scale": 1})
    with open(out, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    send("Browser.close")
finally:
    try:
        chrome.wait(timeout=20)
    except subprocess.TimeoutExpired:
        chrome.kill()
for p in problems:
    print(p, file=sys.stderr)
print("%s: %d of %d sections, %d images, %d console messages; screenshot %s (%dx%d)" % (
    report, len(sections.split()) - len(missing), len(sections.split()), found["images"],
    sum(1 for p in problems if p.startswith("console") or p.startswith("exception")), out, width, height))
sys.exit(1 if problems else 0)
PY
