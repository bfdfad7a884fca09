"""Briefings to HTML and PDF (QtGui only); filled by the briefing issue."""
