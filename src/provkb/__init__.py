"""provkb: a linked-data knowledge base of who said what, where, when and via whom."""

__version__ = "0.1.0"
