"""The tool's version (written into every report and part of every cache key)."""

__version__ = "0.1.0"
