"""confnotes: publish conference notes as a site browsable by event, speaker and package."""

from .plugin import register

__all__ = ["register"]
