"""Quality evaluation against annotated files (formats in docs)."""
