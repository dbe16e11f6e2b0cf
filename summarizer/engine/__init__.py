"""The engine: prompts, the model call with its two kinds of retry, validation, results.

It takes a schema and a prompt set as inputs and never imports a particular schema.
"""
