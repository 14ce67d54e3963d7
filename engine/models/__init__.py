"""Typed results of the pipeline's three steps (pydantic), shared by the CLI, the API and the run store."""
