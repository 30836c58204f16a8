"""Event coding: the PLOVER ontology, actors, dates, places, and the coder itself."""
