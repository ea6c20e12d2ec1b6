"""Benchmarks and multi-process demonstrations of Podero Portal, run on loopback (`make bench`)."""
