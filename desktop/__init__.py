"""Casefile: an offline case-file viewer in which every statement leads back to a source's words."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("casefile")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
