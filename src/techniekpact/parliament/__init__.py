"""Kamer: motions and commitments about the pact, their status, deadlines and answers."""
