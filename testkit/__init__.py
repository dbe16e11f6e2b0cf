"""What tests and benchmarks share: the scripted OpenAI-compatible server and its answers.

It lives outside tests/ so the benchmarks import a support package rather than the test suite,
and outside summarizer/ because it knows the news schema's answers (`answers.answer_for`, the
`NewsSummary` tool name), which the library itself must never know. It is not in the wheel.
"""
