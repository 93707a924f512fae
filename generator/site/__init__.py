"""In: released `Article` versions, `SiteConfig`, `Vocabulary`, pictures beside the raw files.
Out: `SiteModel` (editions, pages with their context, `Taxonomy`/`Term`, `Photo`s) and every URL and output path (`Urls`).
May import: core, config, content."""
