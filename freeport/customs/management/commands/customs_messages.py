"""Write an order's customs messages (as sent, latest attempt) to XML files.

The files hold the buyer's name and ID number in clear, as customs receives them: keep them
where personal data may be kept, and delete them when done.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from freeport.customs.models import Declaration
from freeport.kernel.audit import audit_record


class Command(BaseCommand):
    help = "Write the customs messages (CEB311/411/511/621) of ORDER_NO as XML files into --out."

    def add_arguments(self, parser):
        parser.add_argument("order_no")
        parser.add_argument("--out", required=True, help="directory (created if missing)")

    def handle(self, *args, order_no, out, **options):
        declaration = Declaration.objects.filter(order_no=order_no).first()
        if declaration is None:
            raise CommandError(f"no customs declaration for order {order_no!r}")
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        messages = declaration.messages.filter(attempt=declaration.attempt).order_by("kind")
        for message in messages:
            path = folder / f"{order_no}-{message.kind}.xml"
            path.write_text(message.xml, encoding="utf-8")
            self.stdout.write(f"{path}  ({message.kind}, guid {message.guid})")
        # the files name the buyer in clear (as customs receives them): the export is audited
        audit_record(actor=None, action="customs.export", obj=declaration, reason=str(folder))
        self.stdout.write(
            self.style.SUCCESS(f"{len(messages)} messages written; status {declaration.status}")
        )
