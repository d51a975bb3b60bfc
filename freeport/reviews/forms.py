"""The shopper's review form (stars as radio buttons in a fieldset, optional text) and the
console's filter. The services validate again: the form only shapes the input."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import policy

STAR_WORDS = {
    1: pgettext_lazy("rating", "poor"),
    2: pgettext_lazy("rating", "fair"),
    3: pgettext_lazy("rating", "good"),
    4: pgettext_lazy("rating", "very good"),
    5: pgettext_lazy("rating", "excellent"),
}


class BrowserLengthCharField(forms.CharField):
    """Line breaks counted once, as the textarea's maxlength and the service count them: a
    browser submits each as CR LF, which Django's length check would count twice."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value


class ReviewForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=[(n, n) for n in reversed(policy.STARS)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose from 1 to 5 stars."),
                        "invalid_choice": _("Choose from 1 to 5 stars.")},
    )  # fmt: skip
    text = BrowserLengthCharField(
        label=_("Your review (optional)"),
        required=False,
        max_length=policy.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": policy.TEXT_MAX}),
        help_text=_("What did you like or not? At most %(n)d characters. Shown with your name "
                    "masked (first character only).") % {"n": policy.TEXT_MAX},
    )  # fmt: skip

    def star_choices(self):
        """(radio, stars, words) from 5 down to 1, for the template's own labels."""
        return [
            (radio, int(radio.data["value"]), STAR_WORDS[int(radio.data["value"])])
            for radio in self["stars"]
        ]


class ConsoleFilterForm(forms.Form):
    VISIBLE, HIDDEN, ALL = "visible", "hidden", "all"
    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[(ALL, _("all reviews")), (VISIBLE, _("visible")), (HIDDEN, _("hidden"))],
    )
    q = forms.CharField(label=_("Product"), required=False, max_length=100,
                        help_text=_("Product code or a word of its name"))  # fmt: skip
