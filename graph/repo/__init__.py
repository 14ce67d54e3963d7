"""Read and write functions over a store, one module per concern (runs, reviews, provenance, taxonomy)."""
