"""Text measured and wrapped for the timeline figure, with the renderer that draws it, so that the layout
(:mod:`hgr_kg.draw.timeline_layout`) places every text exactly.
"""

from __future__ import annotations

import re


class Measure:
    """Text sizes in inches, from an Agg renderer at 72 dpi: with hinting off (as the figure draws)
    a glyph's advance is linear in the resolution, so this is the size at every dpi, and cheap."""

    def __init__(self, cjk: bool) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.font_manager import FontProperties

        self._cjk = cjk
        self._renderer = FigureCanvasAgg(Figure(figsize=(1, 1), dpi=72)).get_renderer()
        self._dpi = 72
        self._props = FontProperties
        self._cache: dict[tuple[str, float, str], tuple[float, float]] = {}

    def size(self, text: str, points: float, weight: str = "normal") -> tuple[float, float]:
        key = (text, points, weight)
        if key not in self._cache:
            props = self._props(size=points, weight=weight)
            w, h, _ = self._renderer.get_text_width_height_descent(text or " ", props, ismath=False)
            self._cache[key] = (w / self._dpi, h / self._dpi)
        return self._cache[key]

    def width(self, text: str, points: float, weight: str = "normal") -> float:
        return self.size(text, points, weight)[0]

    def line(self, points: float) -> float:
        """Height of one line of text (tallest CJK and Latin glyphs), with leading."""
        return self.size("Ág国（" if self._cjk else "Ág", points)[1] * 1.18

    def approx(self, text: str, points: float, weight: str = "normal") -> float:
        """The width of ``text`` as the sum of its characters' (measured once each, at 10 pt): no
        kerning, so a little wide, which is the safe side for wrapping."""
        total = 0.0
        for ch in text:
            key = (ch, 10.0, weight)
            if key not in self._cache:
                self.size(ch, 10.0, weight)
            total += self._cache[key][0]
        return total * points / 10.0

    def wrap(self, text: str, width: float, points: float, weight: str = "normal") -> list[str]:
        """``text`` in lines no wider than ``width``: Latin breaks between words, Chinese anywhere."""
        tokens = re.findall(
            r"\d+[年月日号][）》，、。；：”]*|[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef][）》，、。；：”]*|[^\s\u2e80-\u9fff"
            r"\u3000-\u303f\uff00-\uffef]+\s*|\s+",
            text,
        )
        lines, current = [], ""
        for token in tokens:
            if current and self.approx((current + token).rstrip(), points, weight) > width:
                lines.append(current.rstrip())
                current = token.lstrip()
            else:
                current += token
        if current.strip():
            lines.append(current.rstrip())
        return lines or [text]
