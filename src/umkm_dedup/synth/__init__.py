"""Synthetic but realistic provincial lists with a truth file, for tests, samples and benchmarks.
All persons are invented; NIKs are built from real region codes but belong to nobody."""

from .generate import generate, generate_records

__all__ = ["generate", "generate_records"]
