"""A model of the contract as the JSON answer to a request: one serialization for every endpoint."""

from __future__ import annotations

from flask import Response, jsonify
from pydantic import BaseModel


def answer(model: BaseModel, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    response = jsonify(model.model_dump(mode="json"))
    response.status_code = status
    response.headers.update(headers or {})
    return response
