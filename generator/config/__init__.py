"""In: `site.toml` (its `[deploy]` table and deploy target specs too).
Out: `SiteConfig` (validated; every problem reported at once as a `ConfigError`), `DeployConfig`.
May import: core."""
