"""Story grouping: which articles tell the same story (streaming, see ``cluster.py``)."""
