"""An HTTP request of the stand-in as Authlib reads it (Authlib's framework integrations do the same for Flask and
Django): the query and the form body, merged into its payload."""

from collections import defaultdict
from typing import Any

from authlib.oauth2 import OAuth2Request
from authlib.oauth2.rfc6749.requests import OAuth2Payload


class Request(OAuth2Request):  # type: ignore[misc]
    """An HTTP request as Authlib reads it: the query and the form body, merged into its payload."""

    def __init__(
        self, method: str, uri: str, headers: Any, query: dict[str, list[str]], form: dict[str, list[str]]
    ) -> None:
        super().__init__(method, uri, headers=headers)
        self._query = query
        self._form = form
        self.payload = _Payload({**query, **form})

    @property
    def args(self) -> dict[str, str]:
        return {name: values[0] for name, values in self._query.items()}

    @property
    def form(self) -> dict[str, str]:
        return {name: values[0] for name, values in self._form.items()}


class _Payload(OAuth2Payload):  # type: ignore[misc]
    def __init__(self, values: dict[str, list[str]]) -> None:
        self._values = values

    @property
    def data(self) -> dict[str, str]:
        return {name: values[0] for name, values in self._values.items()}

    @property
    def datalist(self) -> defaultdict[str, list[str]]:
        return defaultdict(list, self._values)
