"""In: `Article` versions, `SiteConfig.translation`, the translation memory, a deep-translator provider (the only network code).
Out: machine-translated `Article` files beside their source, `content/tag-labels.yaml`.
May import: core, config, content."""
