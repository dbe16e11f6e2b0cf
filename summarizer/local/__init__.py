"""The embedded local model: known models, their files, and the in-process server."""
