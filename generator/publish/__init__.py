"""In: a built `site/`, its last build and check outcome (`build.state`), the project for the preview.
Out: a preview server on 127.0.0.1, check `Finding`s, a deploy (folder, rsync, git branch) as `Changes`.
May import: core, config, content, ingest, site, render, build."""
