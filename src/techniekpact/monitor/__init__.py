"""The monitor: goal frameworks, indicators, observations, targets, imports and progress."""
