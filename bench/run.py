"""`python -m bench.run BENCHMARK [--db sqlite|postgres|both] [--rows N]`: ratios and targets.

BENCHMARK is one of scoped-list, customers, opportunities, leads, activities.
"""

import argparse
import subprocess
import sys

BENCHMARKS = ("scoped-list", "customers", "opportunities", "leads", "activities")


def main() -> int:
    """Run the chosen benchmark on each chosen database, each in its own process."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("benchmark", nargs="?", default="scoped-list", choices=BENCHMARKS)
    parser.add_argument("--db", default="both", choices=["sqlite", "postgres", "both"])
    parser.add_argument(
        "--rows",
        type=int,
        default=None,
        help=(
            "scoped-list: 1,000,000; customers: 200,000; opportunities: 300,000; leads: 100,000 (customers 10×); "
            "activities: 1,000,000 reminders"
        ),
    )
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        from bench.common import setup_django

        if args.benchmark == "customers":
            setup_django(args.db, "bench_customers")
            from bench import customers

            return 0 if customers.run(args.rows or 200_000) else 1
        if args.benchmark == "opportunities":
            setup_django(args.db, "bench_opportunities")
            from bench import opportunities

            return 0 if opportunities.run(args.rows or 300_000) else 1
        if args.benchmark == "leads":
            setup_django(args.db, "bench_leads")
            from bench import leads

            return 0 if leads.run(args.rows or 100_000) else 1
        if args.benchmark == "activities":
            setup_django(args.db, "bench_activities")
            from bench import activities

            return 0 if activities.run(args.rows or 1_000_000) else 1
        setup_django(args.db)
        from bench import scoped_list

        return 0 if scoped_list.run(args.rows or 1_000_000) else 1
    status = 0
    for database in ("sqlite", "postgres") if args.db == "both" else (args.db,):
        command = [
            sys.executable,
            "-m",
            "bench.run",
            args.benchmark,
            "--db",
            database,
            "--one",
        ]
        if args.rows:
            command += ["--rows", str(args.rows)]
        status |= subprocess.call(command)
    return status


if __name__ == "__main__":
    sys.exit(main())
