"""The drafter behind ``provkb add``: a new document becomes a draft annotation.

The engine is rules plus the registry as a gazetteer; it sits behind :class:`Extractor`
(:mod:`provkb.draft.extractor`) so that a trained model can be added later without touching the
command, the YAML writer or the build.
"""

from provkb import __version__

DRAFTER_VERSION = f"provkb-rules/{__version__}"
