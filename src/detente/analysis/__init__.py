"""Analyses: the same questions for every registered model, answered as tidy pandas tables."""
