"""Benchmarks: dataset generators and load scenarios (see bench/README.md)."""
