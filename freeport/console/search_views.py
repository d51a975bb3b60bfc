"""Console page of zero-result queries (operators only): what shoppers searched and found
nothing for, whether it finds something now, a synonym rule per query, and "dismiss".

Thin: read through search.selectors, re-run each query with search.services.search (log=False,
so looking never counts as a search), write through search.services (audited), render.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from freeport.search import autocomplete, selectors, services
from freeport.search.forms import QuickSynonymForm
from freeport.search.models import ZeroResultQuery
from freeport.search.query import SearchQuery

from .customs_views import operator_required
from .views import PAGE_SIZE, _context


@dataclass
class Row:
    query: ZeroResultQuery
    found: int  # products the query finds now
    relaxed: bool  # ... matching only some of its words
    url: str  # its storefront search
    form: QuickSynonymForm


def _form(row: ZeroResultQuery, data=None) -> QuickSynonymForm:
    initial = {"words": row.query}
    return QuickSynonymForm(data, initial=initial, auto_id=f"synonym-{row.pk}-%s")


def _page_number(value) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def _list(request, *, page_number, bound: tuple[int, QuickSynonymForm] | None = None, status=200):
    page = Paginator(selectors.zero_result_queries(), PAGE_SIZE).get_page(page_number)
    items = list(page.object_list)
    if bound and all(item.pk != bound[0] for item in items):
        items.insert(0, selectors.zero_result_get(bound[0]))  # its errors must show somewhere
    rows = []
    for item in items:
        result = services.search(SearchQuery(q=item.query, page_size=1), log=False)
        form = bound[1] if bound and bound[0] == item.pk else _form(item)
        url = autocomplete.popular_url(item.query)
        rows.append(Row(item, result.total, result.relaxed, url, form))
    return TemplateResponse(
        request,
        "console/search/zero_results.html",
        _context(request, title=_("Zero-result queries to review"), page=page, rows=rows),
        status=status,
    )


def _back(page_number: int):
    url = reverse("console:search_zero_results")
    return redirect(f"{url}?page={page_number}" if page_number > 1 else url)


def _get(query_id: int) -> ZeroResultQuery:
    try:
        return selectors.zero_result_get(query_id)
    except ZeroResultQuery.DoesNotExist:
        raise Http404 from None


@operator_required
def zero_results(request):
    return _list(request, page_number=request.GET.get("page"))


@operator_required
@require_POST
def synonym_add(request, query_id: int):
    """A synonym rule for one zero-result query; bad input changes nothing (400, the form's
    errors on its row)."""
    item = _get(query_id)
    number = _page_number(request.POST.get("page"))
    form = _form(item, request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("The synonym rule for “%(query)s” was not added: see the error in its row.")
            % {"query": item.query},
        )
        return _list(request, page_number=number, bound=(item.pk, form), status=400)
    rule = services.synonym_add(
        words=form.cleaned_data["words"],
        targets=form.cleaned_data["targets"],
        actor=request.user,
        answering=item,
    )
    found = services.search(SearchQuery(q=item.query, page_size=1), log=False).total
    text = ngettext(
        "Synonym rule “%(rule)s” added. “%(query)s” now finds %(count)d product.",
        "Synonym rule “%(rule)s” added. “%(query)s” now finds %(count)d products.",
        found,
    )
    messages.success(request, text % {"rule": rule, "query": item.query, "count": found})
    return _back(number)


@operator_required
@require_POST
def zero_result_dismiss(request, query_id: int):
    item = _get(query_id)
    services.zero_result_dismiss(query_id=item.pk, actor=request.user)
    messages.success(request, _("“%(query)s” was dismissed.") % {"query": item.query})
    return _back(_page_number(request.POST.get("page")))
