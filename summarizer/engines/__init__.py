"""Where briefs run besides this process: ``ray_engine`` (a Ray cluster; the ``ray`` extra)."""
