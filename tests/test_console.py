"""The console off a terminal: what a scheduled job's log or a pipe receives."""

import io

from umkm_dedup.core import console as console_module


def test_a_long_line_written_to_a_log_is_never_broken(monkeypatch):
    # a report path deep in a Windows profile is longer than any console width: a log must get it
    # whole on one line, or a script (or an officer copying it) finds a path that does not exist
    log = io.StringIO()
    monkeypatch.setattr(console_module.sys, "stdout", log)
    path = "C:/Users/petugas/Dokumen/" + "/".join(f"folder laporan {i}" for i in range(12)) + "/laporan tahap-1"
    console_module.make_console().print(f"Selesai: 264 orang unik dari 453 data; laporan di {path}")
    lines = log.getvalue().splitlines()
    assert len(path) > 160 and lines == [f"Selesai: 264 orang unik dari 453 data; laporan di {path}"]
