"""Keep freed memory for reuse: a measured speed-up for training loops on Linux.

A training loop allocates arrays of the same few sizes every epoch and frees
them again.  By default glibc's allocator hands large freed blocks straight back
to the operating system, so the next epoch's arrays must be mapped and
zero-filled afresh - a page fault for every 4 KiB.  On the virtual machines many
courses run on, that costs more than the arithmetic: the full-batch epoch of a
64-unit network on 5,000 points took about 3x longer (see the benchmark in the
README).  Asking glibc to keep up to 256 MiB of freed memory removes that cost
for every library in the process - scikit-learn and TensorFlow included, so
comparisons stay fair.  Elsewhere (macOS, Windows, musl) this does nothing.
"""

import ctypes
import ctypes.util
import sys

# mallopt parameter numbers from glibc's <malloc.h>.
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3

_applied = False


def keep_freed_memory(limit_bytes=256 * 2**20):
    """Tell glibc to reuse freed blocks (up to ``limit_bytes``) instead of returning them. Returns True if applied."""
    global _applied
    if _applied:
        return True
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc
        return False
    # Blocks below 32 MiB come from the reusable heap rather than a fresh
    # mapping, and the heap is trimmed only when more than limit_bytes is free.
    _applied = bool(mallopt(_M_MMAP_THRESHOLD, 32 * 2**20)) and bool(mallopt(_M_TRIM_THRESHOLD, limit_bytes))
    return _applied
