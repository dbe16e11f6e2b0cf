"""The provider's batch path: the same requests as the live path, sent as one file, answered
within a day at half the price, then validated, grounded and repaired exactly as live answers.

One module, one step::

    lines.py         the JSONL formats (OpenAI, Azure, vLLM run_batch): request lines, replies
    entries.py       what one article carries between rounds (its resume key, the answers so far)
    requests_file.py write a round's requests file and its index, streamed and atomic
    ingest.py        read a round's replies through the live conversation; write the records
    longread.py      a long article's chunks and summary as threads of requests, replayed
    repair.py        carry what a round left over through the live path instead
    state.py         the folder's record of the rounds (file and batch ids, status), versioned
    client.py        the provider's files and batches endpoints over the openai SDK; polling
    flow.py          the next step for a folder, whatever step the last run stopped at
    status.py        the report of `batch-status`; waiting.py: the `--wait` progress bar
    cost.py          tokens and estimated cost per path, the batch discount applied

Everything lives in ``OUT/.summarizer/batchapi/``; the per-article files and aggregates are the
batch runner's (`summarizer.batch.store`), so a folder reads the same whichever path filled it.
"""
