"""Uploaded files as medical records: checked by their content (PDF or text, within the size
limit the API keeps), PDF text read with pypdfium2. Problems are one line naming the file."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath

from fastapi import UploadFile

from openimr.api.uploads import UploadRejected, check_upload
from openimr.domain import Record, RecordKind
from openimr.errors import OpenIMRError
from openimr.letters.source import pdf_text

__all__ = ["UploadProblem", "read_record"]


class UploadProblem(ValueError):
    """An upload that cannot become a record; the message names the file."""


async def read_record(
    upload: UploadFile,
    *,
    record_id: str,
    kind: RecordKind | None = None,
    date: dt.date | None = None,
    title: str | None = None,
) -> Record:
    """The uploaded file as a record of the case.

    Raises:
        UploadProblem: too large, empty, neither PDF nor text, or a PDF with no text.
    """
    name = PurePath(upload.filename or "upload").name
    data = await upload.read()
    try:
        checked = check_upload(data)
    except UploadRejected as error:
        raise UploadProblem(f"{name}: {error}") from None
    if checked.text is not None:
        text = checked.text
    else:
        try:
            text = pdf_text(checked.data, name)
        except OpenIMRError as error:
            raise UploadProblem(f"{name}: {getattr(error, 'problem', error)}") from None
    return Record(
        id=record_id,
        date=date,
        type=title or PurePath(name).stem,
        kind=kind,
        text=text,
    )
