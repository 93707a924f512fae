"""The translate stage: missing language versions made by machine, saved as content.

``segments`` (pure) decides what is sent and checks what comes back,
``backend`` is the only code that touches the network, ``memory`` keeps every
translated segment so nothing is paid for twice, ``plan`` (pure) tells which
versions are missing or stale, and ``pipeline`` runs the stage.
"""
