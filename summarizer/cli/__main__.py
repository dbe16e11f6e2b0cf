"""`python -m summarizer.cli`."""

from summarizer.cli.app import main

main()
