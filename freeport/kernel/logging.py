"""Keep personal data out of logs: mask ID numbers and mobile numbers in every record."""

import logging
import re

ID_NUMBER = re.compile(r"(?<![0-9])(\d{3})\d{11}(\d{3}[\dXx])(?![0-9])")
MOBILE = re.compile(r"(?<![0-9])(1[3-9]\d)\d{4}(\d{4})(?![0-9])")


def mask_personal_data(text: str) -> str:
    text = ID_NUMBER.sub(lambda m: m.group(1) + "*" * 11 + m.group(2), text)
    return MOBILE.sub(lambda m: m.group(1) + "****" + m.group(2), text)


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_personal_data(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
