"""Sub-commands of the ``provkb`` command line, one module each (see :mod:`provkb.cli`)."""
