"""In: raw agency files in `content/raw/` (plain wire text, NewsML-G2, IPTC 7901), `SiteConfig`, `Vocabulary`.
Out: `RawStory` / `WireStory` → `Article`, written as Markdown files through `content.store`.
May import: core, config, content."""
