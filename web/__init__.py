"""Plumbing every app's pages need and no domain owns (Markdown, slugs, JSON-in-script escaping,
pagination, view mixins, page caching). It imports no domain app; every app may import it."""
