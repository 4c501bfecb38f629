"""What a reader of an official text's file (DOCX, PDF, HTML) gives, and the line cleaning they share."""

from __future__ import annotations

from dataclasses import dataclass, field

BLANK = " \t\r\n\f\v\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff"


@dataclass
class ReadFile:
    """What a reader gives: the lines and the words on what it did (for the header's ``source``)."""

    kind: str
    data: bytes
    lines: list[str]
    reader: str
    normalised: list[str] = field(default_factory=list)
    encoding: str | None = None


def clean_lines(texts: list[str]) -> list[str]:
    """Each text split at line ends, each line stripped of white space, empty lines left out."""
    return [line.strip(BLANK) for text in texts for line in text.split("\n") if line.strip(BLANK)]
