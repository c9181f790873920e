"""The search form: the query and its filters, all carried in the URL."""

from datetime import date

from django import forms

from broadsheet.content.models import Author, Section, Topic

from .search import SearchFilters

EARLIEST_YEAR, LATEST_YEAR = 1800, 2200


class SearchForm(forms.Form):
    """Validates ``q``, ``section``, ``topic``, ``author``, ``from`` and ``to``."""

    q = forms.CharField(required=False, strip=True, label="Search for")
    section = forms.ChoiceField(required=False, label="Section")
    topic = forms.SlugField(required=False, widget=forms.HiddenInput)
    author = forms.SlugField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, sections: list[Section], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The backend cleans control characters out of queries; a stray NUL pasted into the
        # box should still search, not fail validation.
        self.fields["q"].validators = []
        self._sections = {s.path: s for s in sections}
        self.fields["section"].choices = [("", "All sections")] + [
            (s.path, str(s)) for s in sections]
        self.fields["section"].error_messages["invalid_choice"] = (
            "There is no section “%(value)s”.")
        date_widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        self.fields["from"] = forms.DateField(
            required=False, label="From", input_formats=["%Y-%m-%d"], widget=date_widget,
            error_messages={"invalid": "Give the “from” date as YYYY-MM-DD."})
        self.fields["to"] = forms.DateField(
            required=False, label="To", input_formats=["%Y-%m-%d"], widget=date_widget,
            error_messages={"invalid": "Give the “to” date as YYYY-MM-DD."})
        self.topic_obj: Topic | None = None
        self.author_obj: Author | None = None
        self.section_obj: Section | None = None

    def clean_topic(self) -> str:
        slug = self.cleaned_data.get("topic") or ""
        if slug:
            self.topic_obj = Topic.objects.filter(slug=slug).first()
            if self.topic_obj is None:
                raise forms.ValidationError(f"There is no topic “{slug}”.")
        return slug

    def clean_author(self) -> str:
        slug = self.cleaned_data.get("author") or ""
        if slug:
            self.author_obj = Author.objects.filter(slug=slug).first()
            if self.author_obj is None:
                raise forms.ValidationError(f"There is no author “{slug}”.")
        return slug

    def clean(self) -> dict:
        data = super().clean()
        self.section_obj = self._sections.get(data.get("section") or "")
        for name in ("from", "to"):
            day: date | None = data.get(name)
            if day and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
                self.add_error(name, f"Choose a date between {EARLIEST_YEAR} and {LATEST_YEAR}.")
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error("to", "The “to” date is before the “from” date.")
        return data

    def filters(self) -> SearchFilters:
        """The backend filters for a valid form."""
        data = self.cleaned_data
        return SearchFilters(
            section_path=self.section_obj.path if self.section_obj else None,
            topic_id=self.topic_obj.pk if self.topic_obj else None,
            author_id=self.author_obj.pk if self.author_obj else None,
            date_from=data.get("from"),
            date_to=data.get("to"),
        )

    @property
    def error_messages_list(self) -> list[str]:
        return [str(message) for errors in self.errors.values() for message in errors]
