"""Benchmarks that print measured ratios (run from the repository root: ``python -m benchmarks.NAME``)."""
