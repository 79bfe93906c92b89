"""Benchmarks: each measures the app against a baseline taken in the same run (`make bench`)."""
