"""In: `SiteModel` pages, `templates/`, an `Executor` (local forks or Dask).
Out: output bytes by path (HTML, Atom, sitemaps, JSON-LD, `_headers`) handed to an `OutputSink`.
May import: core, config, content, site (and the version)."""
