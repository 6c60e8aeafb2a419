"""Log records as one JSON object per line, so a log collector reads fields, not prose."""

import json
import logging
from datetime import UTC, datetime


class JsonLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        # django.request and django.server attach the response's status and the request.
        status_code = getattr(record, "status_code", None)
        if status_code is not None:
            line["status"] = status_code
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):
            line["method"] = request.method
            line["path"] = request.path
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)
