"""The benchmarks: run from the checkout as modules, e.g. ``python -m bench.run``."""
