"""Feeds: Atom, RSS, JSON Feed and OPML, their entries, ids and rules."""
