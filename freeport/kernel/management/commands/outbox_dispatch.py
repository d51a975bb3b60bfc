"""Deliver due outbox messages now (what the periodic Huey job does every minute)."""

import time

from django.core.management.base import BaseCommand

from freeport.kernel.outbox import outbox_dispatch


class Command(BaseCommand):
    help = "Deliver due outbox messages; with --loop keep doing it every --interval seconds."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true")
        parser.add_argument("--interval", type=float, default=5.0)

    def handle(self, *args, loop, interval, **options):
        while True:
            counts = outbox_dispatch()
            self.stdout.write(
                f"outbox: {counts['done']} done, {counts['retry']} to retry, {counts['dead']} dead"
            )
            if not loop:
                return
            time.sleep(interval)
