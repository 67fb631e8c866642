"""Input formats: one module per kind of input, all producing the one event table."""

from loaders.registry import LOADERS, LoadOptions, LoadResult, get_loader, load, sniff

__all__ = ["LOADERS", "LoadOptions", "LoadResult", "get_loader", "load", "sniff"]
