"""Prove the payments ledger balances; exit status 1 when it does not (for cron and CI)."""

import sys

from django.core.management.base import BaseCommand

from freeport.payments.selectors import payments_reconcile


class Command(BaseCommand):
    help = (
        "Check that ledger sums equal captured payments less refunds, per payment and per "
        "checkout; prints every mismatch and exits 1 if there is any."
    )

    def handle(self, *args, **options):
        problems = payments_reconcile()
        for problem in problems:
            self.stdout.write(f"MISMATCH {problem}")
        if problems:
            self.stderr.write(f"payments ledger: {len(problems)} mismatch(es)")
            sys.exit(1)
        self.stdout.write("payments ledger: balanced")
