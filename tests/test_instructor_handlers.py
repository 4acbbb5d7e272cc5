"""instructor's handlers are loaded when a Summarizer is made, in one thread:
the first requests of a batch come from several threads at once, and in a
fresh process they raced for the first load ("Mode.TOOLS is not registered")."""

from __future__ import annotations

import subprocess
import sys


def test_a_new_summarizer_has_its_modes_handlers_loaded():
    code = (
        "from instructor.v2.core.registry import mode_registry\n"
        "from instructor.v2.core.providers import Provider\n"
        "from instructor.v2.core.mode import Mode\n"
        "key = (Provider.OPENAI, Mode.TOOLS)\n"
        "assert key not in mode_registry._handlers  # loaded on first use only\n"
        "from summarizer import Summarizer\n"
        "Summarizer('openai', base_url='http://127.0.0.1:9/v1', api_key='k', model='m')\n"
        "assert key in mode_registry._handlers\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
