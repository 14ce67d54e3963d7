"""Pipeline stages, pure and typed; ``engine.pipeline`` is the only place that composes them."""
