"""Reading ``kb/``: the annotated documents, the registry and the decisions, checked and located.

Nothing here writes RDF; :mod:`provkb.build` turns what these readers return into graphs.
"""
