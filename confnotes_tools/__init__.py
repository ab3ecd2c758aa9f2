"""Blogger tools for confnotes: scaffold a note, import a conference schedule as draft notes."""
