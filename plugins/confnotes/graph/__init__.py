"""The entity graph: entities, how notes link them, and what is wrong with them."""
