"""evex: structured conflict events from raw article pages."""

__version__ = "0.1.0"
