"""Source comparison: what the outlets of a story agree on, what only some report, and
where they contradict each other."""
