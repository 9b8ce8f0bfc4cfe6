"""What the tests and the benchmarks share: real servers on 127.0.0.1 and probes around them, the
W3C protocol cases, and the canned-query cases with the engines that run them.

Not part of provkb's interface: a checkout's tools, installed with provkb so that ``tests/`` and
``bench/`` import it by name, without editing ``sys.path``.
"""
