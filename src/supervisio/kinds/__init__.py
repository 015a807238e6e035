"""Document kinds: what each built-in document is made of, and the ledger table built from the records."""
