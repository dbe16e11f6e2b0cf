"""Schemas shipped with summarizer, built from the engine's field types.

`news` is the default. A schema module exports one :class:`summarizer.fields.Extraction`
subclass as `SCHEMA`; its JSON Schema is exported beside it as `<name>.schema.json`.
"""
