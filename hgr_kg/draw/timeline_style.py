"""What the timeline figure says and how it looks: the kinds and their colours, the words in each
language, the two layouts' sizes, and the fonts (:mod:`hgr_kg.draw.timeline` draws with them).
"""

from __future__ import annotations

from dataclasses import dataclass

from hgr_kg.errors import HgrKgError

CJK_FONT = "WenQuanYi Zen Hei"
LATIN_FONT = "DejaVu Sans"
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

# kind key, colour (Okabe-Ito, colour-blind safe), English and Chinese legend labels
KINDS: dict[str, tuple[str, str, str]] = {
    "law": ("#0072B2", "Law", "法律"),
    "administrative-regulation": ("#009E73", "Administrative regulation", "行政法规"),
    "departmental-rule": ("#E69F00", "Departmental rule", "部门规章"),
    "normative-document": ("#56B4E9", "Normative document", "规范性文件"),
    "draft": ("#999999", "Draft", "草案"),
    "judicial": ("#CC79A7", "Court case", "司法案例"),
    "foreign-instrument": ("#D55E00", "Foreign instrument", "域外规范"),
}

TEXT = {
    "en": {
        "title": "Timeline of the legislative reform process for human genetic resources in China",
        "issued": "promulgated (adopted, where no promulgation is recorded)",
        "span": "to entry into force",
        "band": "in force (a shade per version)",
        "open": "in force, no end recorded",
        "amend": "amending act, at its {what}",
        "year": "dated to the year only",
        "unverified": "* unverified",
        "study": "study: {year}",
        "study_note": "The year the study's Figure 1 gives, where it differs from the graph's date.",
        "translation_note": "",
        "no_force": "entry into force not recorded",
        "source": "Source: hgr-kg knowledge graph (data version {built}); every date is a value of the graph "
        "with its citation (hgr-kg sources). Items: the events of the study's Figure 1, the instruments "
        "of the graph, the court cases of its Table 3.",
    },
    "zh": {
        "title": "中国人类遗传资源立法改革进程时间线",
        "issued": "公布（未载公布日期的，为通过日期）",
        "span": "至施行",
        "band": "有效期间（每一版本一种深浅）",
        "open": "现行有效，未载失效日期",
        "amend": "修改文件（标于其{what}日期）",
        "year": "仅知年份",
        "unverified": "* 未核实",
        "study": "研究：{year}年",
        "study_note": "研究图1所标年份（与图谱日期不同时列出）。",
        "translation_note": "编者译名，并非官方中文标题。",
        "no_force": "施行日期未载",
        "source": "来源：hgr-kg 知识图谱（数据版本 {built}）；所有日期均取自图谱并附其引用来源"
        "（hgr-kg sources）。条目：研究图1所列事件、图谱所载文件及研究表3所列案例。",
    },
}
WHAT = {
    "en": {"issued": "promulgation", "in-force": "entry into force"},
    "zh": {"issued": "公布", "in-force": "施行"},
}


@dataclass(frozen=True)
class Style:
    width: float  # inches
    height: float | None  # fixed (a slide) or None (as tall as the rows need)
    font: float  # points, row labels
    margin: float = 0.08

    @property
    def small(self) -> float:
        return self.font * 0.88


STYLES = {"vertical": Style(3.5, None, 6.5), "horizontal": Style(40 / 3, 7.5, 11.0)}


def font_family(lang: str) -> list[str]:
    """The font families of ``lang``'s text: the CJK font (it must be installed) before the Latin."""
    from matplotlib import font_manager

    if lang != "zh":
        return [LATIN_FONT]
    try:
        font_manager.findfont(font_manager.FontProperties(family=CJK_FONT), fallback_to_default=False)
    except ValueError:
        raise HgrKgError(
            f"the Chinese timeline needs the font '{CJK_FONT}' (Debian: apt-get install fonts-wqy-zenhei)"
        ) from None
    return [CJK_FONT, LATIN_FONT]
