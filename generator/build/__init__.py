"""In: a project folder (`SiteConfig`), `.newsgen-cache/` (manifest, last build, article cache, site state).
Out: `site/` swapped in whole (with its Pagefind index), `BuildSummary`, the new manifest and state.
May import: core, config, content, site, render (and the version)."""
