"""Cited story briefs."""
