"""Order reads. Shoppers see only their own orders: every shopper read filters by user."""

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from freeport.customs.models import CustomsCancellation

from .models import Order, OrderGroup, OrderLine, OrderTransition


def _with_orders(groups: QuerySet) -> QuerySet:
    """Groups with their orders, lines and timelines; each order also carries
    `customs_withdrawal`, the status of its declaration's withdrawal (CEB623) when it was
    cancelled after declaring, else None (a subquery of the orders' query, no extra query)."""
    withdrawal = CustomsCancellation.objects.filter(declaration__order_no=OuterRef("number"))
    return groups.prefetch_related(
        Prefetch(
            "orders",
            queryset=Order.objects.select_related("merchant", "warehouse")
            .annotate(customs_withdrawal=Subquery(withdrawal.values("status")[:1]))
            .prefetch_related(
                Prefetch("lines", queryset=OrderLine.objects.select_related("sku")),
                Prefetch("transitions", queryset=OrderTransition.objects.order_by("seq")),
            )
            .order_by("number"),
        )
    )


def groups_of(user) -> QuerySet[OrderGroup]:
    return _with_orders(OrderGroup.objects.filter(user=user).order_by("-id"))


def group_of(user, number: str) -> OrderGroup | None:
    """A shopper's checkout by number; None for someone else's (callers answer 404)."""
    return _with_orders(OrderGroup.objects.filter(user=user, number=number)).first()
