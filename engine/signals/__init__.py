"""Role signals computed from a parsed JD, its skills and embeddings; ``combine`` weighs them."""
