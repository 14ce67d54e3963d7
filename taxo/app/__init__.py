"""The application: wiring (``Context``), persisted runs, curation, replay, evaluation, rules reload."""
