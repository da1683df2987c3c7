#!/usr/bin/env python3
"""How full each printed page of the annual report is, from the words pdftotext finds on it.

Usage: report-fill.py REPORT.pdf [MIN_FILL]    (MIN_FILL default 0.5)

A page's fill is how far down its text area (between the running header and the page
number) its lowest word reaches. A page less than MIN_FILL full fails, unless it ends a
chapter (the page before one the contents list gives, or the last), or is the cover or the
contents list. Charts end with their axis caption, a table with its last row: the lowest
word is the bottom of what the page shows. Prints one line per page under MIN_FILL and a
summary; exits 1 if any page fails.
"""
import re
import subprocess
import sys

pdf = sys.argv[1]
min_fill = float(sys.argv[2]) if len(sys.argv) > 2 else 0.5
MM = 72 / 25.4
# The report's @page margins (report.html): 22 mm above, 20 mm below the text area.
TOP, BOTTOM = 22 * MM, 20 * MM

bbox = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True, check=True).stdout
pages = []
for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox, re.S):
    height = float(page.group(2))
    words = [(float(y0), float(y1)) for y0, y1 in re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', page.group(3))]
    inside = [y1 for y0, y1 in words if y0 >= TOP - 1 and y1 <= height - BOTTOM + 1]
    lowest = max(inside, default=TOP)
    pages.append((lowest - TOP) / (height - TOP - BOTTOM))

# The contents list (page 2): "title …… N" lines give the pages chapters start on.
contents = subprocess.run(["pdftotext", "-layout", "-f", "2", "-l", "2", pdf, "-"], capture_output=True, text=True, check=True).stdout
starts = {int(m) for m in re.findall(r"\S\s+(\d+)\s*$", contents, re.M)} & set(range(1, len(pages) + 1))
exempt = {1, 2, len(pages)} | {s - 1 for s in starts}

failed = 0
for number, fill in enumerate(pages, start=1):
    if fill < min_fill:
        why = "a chapter's end" if number in exempt else "FAILED"
        failed += number not in exempt
        print(f"page {number}: {fill:.0%} full ({why})")
print(f"{pdf}: {len(pages)} pages, {failed} less than {min_fill:.0%} full outside chapter ends; chapters start on pages {sorted(starts)}")
sys.exit(1 if failed else 0)
