"""Text folding shared by import, dedupe and search: half-width forms, pinyin keys, search strings.

Pinyin comes from pypinyin's phrase dictionary, which reads most company and place names right
(平安银行 → pinganyinhang, 重庆 → chongqing). Where a character is not part of a known phrase,
pypinyin takes the character's first dictionary reading; for the few characters whose first reading
is wrong in names (长 zhǎng, 都 dōu, 曾 céng, 朝阳 zhāo) we prefer the name reading. Remaining limits:
rare place readings (单县 shan, 万柏林 bai), brand readings (藏格 zang) and personal names with
surname readings (单 shan, 仇 qiu) outside pypinyin's phrases still take the common reading.
"""

import functools
import re
import unicodedata

from pypinyin import Style
from pypinyin.converter import DefaultConverter
from pypinyin.core import Pinyin
from pypinyin.phrases_dict import phrases_dict

# Never typed by a user: parts of a search_text value cannot be matched across their boundary.
SEARCH_SEPARATOR = "\x1f"

_HALFWIDTH: dict[int, int | str] = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HALFWIDTH.update(
    {
        0x3000: " ",  # ideographic space
        0x00A0: " ",  # no-break space, common in web and Excel exports
        ord("【"): "[",
        ord("】"): "]",
        ord("〔"): "(",
        ord("〕"): ")",
        ord("〖"): "[",
        ord("〗"): "]",
    }
)
# Phone numbers and codes typed in Word or WeChat arrive with typographic dashes.
_HALFWIDTH.update({code: "-" for code in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212)})

_FOLDABLE = re.compile("[" + re.escape("".join(map(chr, _HALFWIDTH))) + "]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_NOT_ASCII_ALNUM = re.compile(r"[^0-9A-Za-z]+")
_SPACE_BETWEEN_HAN = re.compile(r"(?<=[\u3400-\u4dbf\u4e00-\u9fff]) (?=[\u3400-\u4dbf\u4e00-\u9fff])")

# Readings (with tone marks, as pypinyin stores them) for characters outside known phrases.
_NAME_READINGS = {"长": "cháng", "都": "dū", "曾": "zēng"}
_PHRASE_READINGS = {"朝阳": [["cháo"], ["yáng"]]}


class _NameConverter(DefaultConverter):
    """pypinyin converter that prefers the readings used in company and place names."""

    def post_pinyin(self, han: str, heteronym: bool, pinyin: list[list[str]], **kwargs: object) -> list[list[str]]:
        if han in _PHRASE_READINGS:
            return [list(reading) for reading in _PHRASE_READINGS[han]]
        if han in phrases_dict or len(han) != len(pinyin):
            return pinyin
        return [
            [_NAME_READINGS[char]] if char in _NAME_READINGS else reading
            for char, reading in zip(han, pinyin, strict=True)
        ]


_PINYIN = Pinyin(_NameConverter())
_LATIN_MARK = "\x00"


def _ascii_alnum(chars: str) -> str:
    # Brand names mix Latin and Han (TCL科技); symbols like "*ST" prefixes are not searchable. The
    # marker tells Latin runs, kept whole in initials, from pinyin syllables.
    kept = _NOT_ASCII_ALNUM.sub("", chars).lower()
    return _LATIN_MARK + kept if kept else ""


def _pinyin_syllables(text: str) -> tuple[str, ...]:
    return tuple(_PINYIN.lazy_pinyin(text, style=Style.NORMAL, errors=_ascii_alnum))


def _toneless(reading: str) -> str:
    # ü keeps its identity as "v" (pypinyin's NORMAL style); other tone marks are simply dropped.
    reading = reading.translate(_U_UMLAUT)
    return "".join(char for char in unicodedata.normalize("NFD", reading) if not unicodedata.combining(char))


_U_UMLAUT = {ord(char): "v" for char in "üǖǘǚǜ"}


@functools.cache
def _phrase_index() -> dict[str, tuple[str, ...]]:
    """For each two-character start, the phrases (two or more characters) beginning with it, longest first.

    Forward maximum matching then costs one dictionary lookup at most positions of a name instead
    of one per candidate length; readings are converted (tone marks dropped) only when a phrase is used.
    """
    starts: dict[str, list[str]] = {}
    for phrase in (*phrases_dict, *_PHRASE_READINGS):
        if len(phrase) > 1:
            starts.setdefault(phrase[:2], []).append(phrase)
    return {start: tuple(sorted(set(group), key=len, reverse=True)) for start, group in starts.items()}


# (full pinyin, initials) of each phrase and character met so far: a few thousand entries.
_phrase_keys: dict[str, tuple[str, str]] = {}
_char_keys: dict[str, tuple[str, str]] = {}


def _phrase_key(phrase: str) -> tuple[str, str]:
    keys = _phrase_keys.get(phrase)
    if keys is None:
        source = _PHRASE_READINGS.get(phrase) or phrases_dict[phrase]
        readings = [_toneless(reading[0]) for reading in source]
        keys = _phrase_keys[phrase] = ("".join(readings), "".join(reading[:1] for reading in readings))
    return keys


def _char_key(char: str) -> tuple[str, str]:
    keys = _char_keys.get(char)
    if keys is None:
        readings = _pinyin_syllables(char)
        reading = readings[0] if readings else ""
        keys = _char_keys[char] = (reading, reading[:1])
    return keys


def _han_keys(run: str, full: list[str], initials: list[str]) -> None:
    """Forward maximum matching on pypinyin's phrase dictionary, then each character's name reading."""
    starts = _phrase_index()
    index = 0
    length = len(run)
    while index < length:
        for phrase in starts.get(run[index : index + 2], ()):
            if run.startswith(phrase, index):
                spelled, initial = _phrase_key(phrase)
                index += len(phrase)
                break
        else:
            spelled, initial = _char_key(run[index])
            index += 1
        full.append(spelled)
        initials.append(initial)


def _fresh_keys(text: str) -> tuple[str, str]:
    """(full pinyin, initials) of half-width text; ASCII letters and digits are kept whole in both."""
    # pypinyin's own segmentation costs ~55 µs per company name; this walk over the same
    # dictionaries gives the same readings (checked over 5,418 listed companies) in a few µs,
    # which matters on a 100,000-row import.
    full: list[str] = []
    initials: list[str] = []
    position = 0
    for match in _HAN_RUN.finditer(text):
        if match.start() > position:
            latin = _NOT_ASCII_ALNUM.sub("", text[position : match.start()]).lower()
            full.append(latin)
            initials.append(latin)
        _han_keys(match.group(), full, initials)
        position = match.end()
    latin = _NOT_ASCII_ALNUM.sub("", text[position:]).lower()
    full.append(latin)
    initials.append(latin)
    return "".join(full), "".join(initials)


def to_halfwidth(text: str) -> str:
    """Fold full-width ASCII, ideographic spaces, 【】〔〕 and typographic dashes to plain ASCII."""
    # Most text has nothing to fold, and a search is far cheaper than translate's per-character lookups.
    return text.translate(_HALFWIDTH) if _FOLDABLE.search(text) else text


# Queries repeat; bulk indexing does not (it calls _fresh_keys and skips the cache churn).
_cached_keys = functools.lru_cache(maxsize=16384)(_fresh_keys)


def pinyin_full(text: str) -> str:
    """Lowercase toneless pinyin without separators (平安银行 → pinganyinhang); keeps ASCII letters/digits."""
    return _cached_keys(to_halfwidth(text))[0]


def pinyin_initials(text: str) -> str:
    """Lowercase pinyin initials without separators (平安银行 → payh); keeps ASCII letters/digits."""
    return _cached_keys(to_halfwidth(text))[1]


def has_han(text: str) -> bool:
    """Whether the text holds a Chinese character."""
    return _HAN.search(text) is not None


def normalise_query(query: str) -> str:
    """Fold a user's search query the same way search_text folds the stored parts."""
    # str.split() splits on exactly the characters `\s` matches, the separator (\x1f) included.
    folded = " ".join(to_halfwidth(query).lower().split())
    return _SPACE_BETWEEN_HAN.sub("", folded) if " " in folded else folded


def search_text(*parts: str | None) -> str:
    """One lowercase half-width string for substring search: the parts, then pinyin of the Chinese ones."""
    texts = [folded for folded in (normalise_query(part) for part in parts if part) if folded]
    keys = [_fresh_keys(text) for text in texts if _HAN.search(text)]
    segments = [*texts, *(full for full, _ in keys), *(initials for _, initials in keys)]
    return SEARCH_SEPARATOR.join(dict.fromkeys(segment for segment in segments if segment))
