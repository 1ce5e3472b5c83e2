"""Techniekpact Monitor: the goals, indicators, figures and progress of the Dutch Techniekpact."""

__version__ = "0.1.0"
