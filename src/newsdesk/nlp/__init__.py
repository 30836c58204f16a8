"""spaCy stays inside this package; everything else sees plain records and offsets."""
