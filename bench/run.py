"""`python -m bench.run [scoped-list] [--db sqlite|postgres|both] [--rows N]`: print app/raw ratios."""

import argparse
import subprocess
import sys

BENCHMARKS = ("scoped-list",)


def main() -> int:
    """Run the chosen benchmark on each chosen database, each in its own process."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("benchmark", nargs="?", default="scoped-list", choices=BENCHMARKS)
    parser.add_argument("--db", default="both", choices=["sqlite", "postgres", "both"])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        from bench.common import setup_django

        setup_django(args.db)
        from bench import scoped_list

        return 0 if scoped_list.run(args.rows) else 1
    status = 0
    for database in ("sqlite", "postgres") if args.db == "both" else (args.db,):
        command = [
            sys.executable,
            "-m",
            "bench.run",
            args.benchmark,
            "--db",
            database,
            "--rows",
            str(args.rows),
            "--one",
        ]
        status |= subprocess.call(command)
    return status


if __name__ == "__main__":
    sys.exit(main())
