"""Pipeline stages, pure and typed; ``taxo.engine.pipeline`` is the only place that composes them."""
