"""Started by every Python subprocess of a pinned-clock test run (tests/pinned_clock.py puts this
folder first on PYTHONPATH): the child's wall clock takes the pytest process's shift, so a CLI a
test starts sees the same "now" as the test that started it."""

import os

_shift = os.environ.get("WF_ETL_TEST_CLOCK_SHIFT_NS")
if _shift:
    import time

    try:
        import time_machine
    except ImportError as exc:  # loudly, rather than run a pinned test on the real clock
        raise SystemExit(f"tests/clock_shim: time-machine is not installed here ({exc})") from None
    time_machine.travel((time.time_ns() + int(_shift)) / 1e9, tick=True).start()
