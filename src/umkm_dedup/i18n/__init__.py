"""Every user-facing text, Indonesian first: the catalogue and `t()` live in `messages`
(`from umkm_dedup.i18n.messages import t`). tests/test_i18n.py checks that each key has every
language with the same {placeholders}."""
