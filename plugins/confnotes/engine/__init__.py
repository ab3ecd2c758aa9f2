"""The speed engine: parallel incremental writing, caches, the live session."""
