"""In: nothing of newsgen; the plain facts every stage shares (errors, atomic files, forks, slugs, cache paths).
Out: error types and reports, atomic writes, `map_in_forks`, `is_safe_slug`, `CACHE_DIR`.
May import: nothing of newsgen."""
