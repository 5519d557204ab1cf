"""Plots and the HTML report (front end: only calls the public API)."""
