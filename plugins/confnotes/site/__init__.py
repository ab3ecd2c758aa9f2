"""What the site shows: the generator, page contexts, feeds, exports; pure of the engine."""
