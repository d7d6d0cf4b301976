#!/bin/sh
# The html report in a real browser: render a report of the example articles
# (and tests/browser/stances.txt, which has stances of every polarity) with
# headless Chromium and fail when the page is empty or broken.
#
#   make test-browser                 (installs Debian's chromium when missing)
#   POLIS=build/polis sh tests/browser/run.sh
#   CHROMIUM=/path/to/chrome ...      another Chromium-based browser
#
# Three looks at the page:
#   1. --dump-dom of the report: the DOM Chromium built (sections, tables,
#      marks, an <svg> with paths) - what survives parsing.
#   2. --dump-dom of a copy with tests/browser/check.js appended: checks of the
#      laid-out page (sizes, colors, arrows with length, labels inside the
#      graph, links that resolve, the index above the documents).
#   3. --screenshot: the picture is not blank (much bigger than a blank page's).
# Then the same article report with the default rules must render one section
# per article. KEEP=1 keeps the pages and screenshots in build/test-browser/.
# Prints TAP lines and "# N passed, N failed".
. tests/cli/lib.sh
POLIS_DEFAULT_RULES=${POLIS_DEFAULT_RULES:-$(pwd)/scripts}
export POLIS_DEFAULT_RULES

find_chromium() {
    for c in "${CHROMIUM:-}" chromium chromium-browser google-chrome-stable google-chrome; do
        [ -n "$c" ] && command -v "$c" >/dev/null 2>&1 && { command -v "$c"; return 0; }
    done
    return 1
}
if ! CHROME=$(find_chromium); then
    skip "html report in a browser" "no Chromium (Debian: apt-get install chromium, or make test-browser)"
    done_testing
    exit $?
fi
if [ ! -x "$POLIS" ]; then
    not_ok "polis is built" "$POLIS is missing: make first"
    done_testing
    exit 1
fi
echo "# $("$CHROME" --version 2>/dev/null | head -1)"

runs=0
# chrome ARGS... : one headless run with a fresh profile, at most 3 minutes.
chrome() {
    runs=$((runs + 1))
    timeout 180 "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-dev-shm-usage --hide-scrollbars --mute-audio \
        --user-data-dir="$TMP/profile-$runs" "$@" 2>>"$TMP/chrome.log"
}
B=$TMP/browser
mkdir -p "$B"

# ------------------------------------------------------------ the report
set -- tests/browser/stances.txt
for f in examples/articles/*.txt; do [ -f "$f" ] && set -- "$@" "$f"; done
ndocs=$#
polis analyze --no-default-rules --rules tests/cli/rules --rules tests/cli/rules/graph -q --format html \
    -o "$B/report.html" "$@" 2>"$B/polis.err"
check "polis writes the report of $ndocs documents" test -s "$B/report.html"

# 1. the DOM as parsed
chrome --dump-dom "file://$B/report.html" >"$B/dom.html"
check "Chromium loads the report" test -s "$B/dom.html"
check "the DOM has one section per document ($ndocs)" \
    test "$(grep -o '<section class="doc"' "$B/dom.html" | wc -l)" -eq "$ndocs"
check_grep "the DOM has the actor table" '<table class="actors">' "$B/dom.html"
check_grep "the DOM has the location table" '<table class="locations">' "$B/dom.html"
check_grep "the DOM has the stance table" '<table class="stances">' "$B/dom.html"
check_grep "the DOM has highlighted actors" '<mark class="actor"' "$B/dom.html"
check_grep "the DOM has highlighted locations" '<mark class="location"' "$B/dom.html"
check_grep "the DOM has an <svg> stance graph" '<svg [^>]*class="stance-graph"' "$B/dom.html"
check "the <svg> has paths" test "$(grep -o '<path d="M' "$B/dom.html" | wc -l)" -ge 3
check_grep "the DOM has the index" '<nav class="index" id="index">' "$B/dom.html"

# 2. the laid-out page
{
    sed '$d' "$B/report.html"                         # all but "</body></html>"
    printf '<script>window.POLIS_EXPECT = { docs: %d, stances: true };</script>\n<script>\n' "$ndocs"
    cat tests/browser/check.js
    printf '</script>\n</body></html>\n'
} >"$B/checked.html"
check "the report ends with </body></html>" sh -c "tail -1 '$B/report.html' | grep -q '^</body></html>\$'"
chrome --window-size=1200,900 --dump-dom "file://$B/checked.html" >"$B/checked.dom"
sed -n '/POLIS-VERDICT-BEGIN/,/POLIS-VERDICT-END/p' "$B/checked.dom" | sed '1d;$d' >"$B/verdict"
check "the page checks ran in the browser" test -s "$B/verdict"
while IFS= read -r line; do
    case $line in
    "ok "*) ok "layout: ${line#ok }" ;;
    "not ok "*) not_ok "layout: ${line#not ok }" ;;
    esac
done <"$B/verdict"

# 3. the picture
printf '<!DOCTYPE html><html><head><meta charset="utf-8"><title>blank</title></head><body></body></html>\n' >"$B/blank.html"
chrome --window-size=1200,1600 --screenshot="$B/blank.png" "file://$B/blank.html" >/dev/null
chrome --window-size=1200,1600 --screenshot="$B/report.png" "file://$B/report.html" >/dev/null
if [ -s "$B/report.png" ] && [ -s "$B/blank.png" ]; then
    blank=$(wc -c <"$B/blank.png"); shot=$(wc -c <"$B/report.png")
    check "the screenshot is not blank ($shot bytes, a blank page $blank)" \
        test "$shot" -gt $((blank * 5)) -a "$shot" -gt 20000
    check "the screenshot is a PNG" sh -c "head -c 8 '$B/report.png' | od -An -c | grep -q 'P   N   G'"
else
    not_ok "Chromium takes screenshots" "$(tail -5 "$TMP/chrome.log")"
fi

# ------------------------------------------------------------ the default rules
set --
for f in examples/articles/*.txt; do [ -f "$f" ] && set -- "$@" "$f"; done
if [ $# -gt 0 ]; then
    polis analyze -q --format html -o "$B/default.html" "$@" 2>"$B/default.err"
    status=$?
    check "the default rules load and analyse the articles (exit $status)" test "$status" -le 1
    chrome --dump-dom "file://$B/default.html" >"$B/default.dom"
    check "default rules: one section per article ($#)" \
        test "$(grep -o '<section class="doc"' "$B/default.dom" | wc -l)" -eq $#
    check "default rules: each section has its tables or 'No ...' lines" \
        test "$(grep -o '<h3>Actors (' "$B/default.dom" | wc -l)" -eq $#
    check "default rules: the text of each article is shown" \
        test "$(grep -o '<div class="text">' "$B/default.dom" | wc -l)" -eq $#
else
    skip "the default rules render the example articles" "no examples/articles/*.txt"
fi

if [ "${KEEP:-}" = 1 ]; then
    mkdir -p build/test-browser && cp "$B"/* build/test-browser/ 2>/dev/null
    echo "# pages and screenshots kept in build/test-browser/"
fi
done_testing
