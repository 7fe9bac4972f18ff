#!/usr/bin/env python3
"""Benchmark child for workload 5:  writer.py [--delay S] [--mark FILE] CMD ARGS...

Sleeps S seconds (lets the daemon settle), writes its wall-clock time (time.time()) to FILE
so that the harness knows when writing begins and can sample the daemon's CPU time at that
moment, then execs CMD (dd, which writes as fast as it can). Written this way, rather than
as a shell one-liner with `date +%s.%N`, because supervisord expands '%' in `command=`.
"""
import os
import sys
import time


def main(argv):
    delay, mark = 0.0, None
    while argv and argv[0].startswith("--"):
        opt = argv.pop(0)
        if opt == "--delay":
            delay = float(argv.pop(0))
        elif opt == "--mark":
            mark = argv.pop(0)
        elif opt == "--":
            break
        else:
            sys.exit("writer.py: unknown option %s" % opt)
    if not argv:
        sys.exit("usage: writer.py [--delay S] [--mark FILE] CMD ARGS...")
    if delay:
        time.sleep(delay)
    if mark:
        with open(mark + ".tmp", "w") as f:
            f.write(repr(time.time()))
        os.rename(mark + ".tmp", mark)
    os.execvp(argv[0], argv)


if __name__ == "__main__":
    main(sys.argv[1:])
