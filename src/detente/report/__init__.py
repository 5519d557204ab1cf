"""Plots and the HTML report (front end: only calls the public API and the analyses)."""

from detente.report.build import build_report

__all__ = ["build_report"]
