#!/usr/bin/env python3
"""Benchmark child for workload 5: writes bytes to stdout as fast as it can.

    writer.py --size BYTES --count N [--mark FILE]

Writes N blocks of SIZE bytes, one write(2) per block (retrying partial writes),
then prints a JSON summary of its own timing to stderr. With --mark it first
writes its start time (time.time()) to FILE so that the harness knows when
writing began and can sample the daemon's CPU time at that moment.
"""
import argparse
import json
import os
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--mark")
    ap.add_argument("--delay", type=float, default=0.0,
                    help="sleep this long before writing (lets the daemon settle)")
    a = ap.parse_args()
    if a.delay:
        time.sleep(a.delay)
    if a.size >= 2:
        block = b"x" * (a.size - 1) + b"\n"
    else:
        block = b"\n" * a.size
    view = memoryview(block)
    write = os.write
    t0 = time.time()
    if a.mark:
        tmp = a.mark + ".tmp"
        with open(tmp, "w") as f:
            f.write(repr(t0))
        os.rename(tmp, a.mark)
    p0 = time.perf_counter()
    n = a.size
    for _ in range(a.count):
        w = write(1, block)
        while w < n:  # a pipe write can be partial only if interrupted
            w += write(1, view[w:])
    elapsed = time.perf_counter() - p0
    total = a.size * a.count
    sys.stderr.write(json.dumps({"bytes": total, "seconds": elapsed,
                                 "mb_per_s": total / 1e6 / elapsed if elapsed else None}) + "\n")


if __name__ == "__main__":
    main()
