"""Where a project keeps its caches, and when a file's size and time can be trusted."""

#: Caches of a project (build manifest, parsed articles, translation memory), relative to its root.
CACHE_DIR = ".newsgen-cache"
#: Files modified this close to a build are not trusted by size and time alone (clock granularity).
RACY_NS = 2_000_000_000
