"""In: article files (`content/articles/**/*.md`), registries (`people.yaml`, `tags.yaml`), the build time.
Out: `Article` (+ `WireStory`, `Image`, `Translation`), the article cache, `Vocabulary`, the released versions and `Held` ones.
May import: core."""
