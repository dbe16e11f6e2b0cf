"""Test helpers: the scripted OpenAI-compatible server and cassette serialisation."""
