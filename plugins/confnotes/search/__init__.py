"""The search index: Pagefind run over the built site."""
