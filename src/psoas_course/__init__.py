"""Shared code for the Psoas course: data loaders, the psoas path model, diagrams, self-checks."""

__version__ = "0.1.0"
