"""Chinese numerals as statutes print them: 三十七 is 37, 第三百三十四条之一 is article "334-1", and
back (int_to_cn). Below the statute parser (``hgr_kg.sources.statutes``) and everything that reads or
writes an article's number."""

from __future__ import annotations

import re

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL = "零〇一二两三四五六七八九十百千"
# an article heading: 第三十七条, 第三百三十四条之一, then a space or the end of the line
ARTICLE_RE = re.compile(rf"^第([{NUMERAL}]+)条(?:之([{NUMERAL}]+))?(?:[ \u3000]+|$)")


def cn_numeral(text: str) -> int:
    """A Chinese numeral as an int: 一千零九 -> 1009, 十一 -> 11, 三百三十四 -> 334; Arabic digits too."""
    if text.isascii() and text.isdigit():
        return int(text)
    if not text or any(ch not in DIGITS and ch not in UNITS for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    total, digit, last_unit = 0, None, 10_000
    for ch in text:
        if ch in DIGITS:
            if digit is not None and DIGITS[ch] != 0:
                raise ValueError(f"two digits in a row in {text!r}")
            digit = DIGITS[ch] or None
            continue
        unit = UNITS[ch]
        if unit >= last_unit:
            raise ValueError(f"units out of order in {text!r}")
        if digit is None and not (unit == 10 and total == 0):
            raise ValueError(f"{ch} without a digit in {text!r}")
        total += (digit or 1) * unit
        digit, last_unit = None, unit
    return total + (digit or 0)


def int_to_cn(number: int) -> str:
    """The Chinese numeral for 1..9999 as statutes print it: 10 -> 十, 21 -> 二十一, 1009 -> 一千零九."""
    if not 0 < number < 10_000:
        raise ValueError(f"out of range: {number}")
    names = "零一二三四五六七八九"
    out, zero = [], False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // unit % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(("" if unit == 10 and not out and digit == 1 else names[digit]) + name)
    return "".join(out)


def article_number(printed: str) -> str:
    """第二十一条 -> "21"; 第三百三十四条之一 -> "334-1"."""
    match = ARTICLE_RE.match(printed)
    if not match:
        raise ValueError(f"not an article number: {printed!r}")
    base = cn_numeral(match.group(1))
    return f"{base}-{cn_numeral(match.group(2))}" if match.group(2) else str(base)


ARTICLE_NUMBER_FORMS = "37, 334-1, 第三十七条 or 第三百三十四条之一"
_ARABIC_NUMBER = re.compile(r"([0-9]{1,5})(?:-([0-9]{1,3}))?")
_BARE_NUMERAL = re.compile(rf"([{NUMERAL}]+)(?:之([{NUMERAL}]+))?")


def normalised_article(text: str) -> str:
    """The normalised number (37, 334-1) of an article given by it, or as a statute prints it, with or
    without 第…条 (第三十七条, 三十七, 第三百三十四条之一: :func:`article_number`); ValueError for
    anything else (37条, 第37条, Art. 37, 第三十七条之)."""
    refused = ValueError(f"not an article number such as {ARTICLE_NUMBER_FORMS}")
    arabic = _ARABIC_NUMBER.fullmatch(text)
    if arabic:
        base, sub = arabic.groups()
        number = f"{int(base)}-{int(sub)}" if sub else str(int(base))
    else:
        bare = _BARE_NUMERAL.fullmatch(text)
        printed = f"第{bare.group(1)}条" + (f"之{bare.group(2)}" if bare.group(2) else "") if bare else text
        match = ARTICLE_RE.match(printed)
        if not match or match.end() != len(printed) or printed != printed.strip():
            raise refused
        try:
            number = article_number(printed)
        except ValueError:
            raise refused from None
    if number.startswith("0"):
        raise refused
    return number
