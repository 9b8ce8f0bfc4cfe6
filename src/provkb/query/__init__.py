"""Canned queries (the catalogue and its parameters), running SELECTs, remote stores and push."""
