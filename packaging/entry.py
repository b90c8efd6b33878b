"""The standalone build's program: the same entry point as the `umkm-dedup` console script."""

from umkm_dedup.cli import main

if __name__ == "__main__":
    main()
