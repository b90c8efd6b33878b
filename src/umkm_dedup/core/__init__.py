"""What every stage stands on: the record schema (records), errors, configuration (config), the one
NIK masker (privacy), the console and the JSON log, and the interrupt checkpoints. No file formats and
no matching here; nothing in core imports from the stages above it."""
