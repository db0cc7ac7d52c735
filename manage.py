#!/usr/bin/env python
"""Django's manage.py; the `chengdan` console script does the same."""

from chengdan.__main__ import main

if __name__ == "__main__":
    main()
