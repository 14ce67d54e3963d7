"""The ground floor: errors, text keys, clock, settings and embeddings; imports nothing else of taxo."""
