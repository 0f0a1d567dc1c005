"""`python -m a3s_core.testing --script script.json`: run the scripted LLM server by hand."""

import sys

from a3s_core.testing.llm_server import main

sys.exit(main())
