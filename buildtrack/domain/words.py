"""The office's own words for a project's kind (新建, 改扩建 …) and facility type (乡镇卫生院, 县医院 …), read
wherever a person types or imports them; the first word of each is the one shown in Chinese."""

from __future__ import annotations

from buildtrack import i18n
from buildtrack.domain.errors import InvalidInput
from buildtrack.domain.model import FACILITY_TYPES, Kind, MoneyKind

KIND_WORDS = {
    Kind.NEW_BUILD: ("新建", "原址新建", "兴建"),
    Kind.EXPANSION: ("扩建", "改扩建", "扩建改造"),
    Kind.RELOCATION: ("迁建", "搬迁建设", "外迁扩建", "搬迁"),
    Kind.RENOVATION: ("改造", "改建", "旧房改造", "改貌"),
    Kind.EQUIPMENT: ("设备购置", "单纯购置", "设备"),
    Kind.OTHER: ("其他",),
}
FACILITY_WORDS = {
    "general hospital": ("综合医院", "人民医院", "县医院", "区医院"),
    "TCM hospital": ("中医院", "中医医院"),
    "MCH hospital": ("妇幼保健院", "妇幼保健站"),
    "CDC": ("疾控中心", "疾病预防控制中心"),
    "township health centre": ("乡镇卫生院", "卫生院", "中心卫生院"),
    "community health centre": ("社区卫生服务中心",),
    "village clinic": ("村卫生室", "卫生室", "卫生站"),
    "emergency centre": ("急救中心", "120急救指挥中心"),
    "other": ("其他",),
}


def kind_from_words(text: str) -> Kind:
    """A kind typed as its key (new-build) or its Chinese word (新建, 改扩建 …)."""
    typed = text.strip()
    for kind, words in KIND_WORDS.items():
        if typed.lower().replace(" ", "-") == kind.value or typed in words:  # "new build" as shown in English
            return kind
    choices = [words[0] for words in KIND_WORDS.values()] if i18n.chinese() else [kind.value for kind in Kind]
    raise InvalidInput(i18n._("kind {typed!r} is not one of: {choices}").format(typed=text, choices=", ".join(choices)))


def facility_type_from_words(text: str) -> str:
    """A facility type typed as its key (township health centre) or the office's word (乡镇卫生院, 县医院 …)."""
    typed = text.strip()
    for known in FACILITY_TYPES:
        if known.lower() == typed.lower() or typed in FACILITY_WORDS[known]:
            return known
    choices = [FACILITY_WORDS[key][0] for key in FACILITY_TYPES] if i18n.chinese() else list(FACILITY_TYPES)
    raise InvalidInput(
        i18n._("facility type {typed!r} is not one of: {choices}").format(typed=text, choices=", ".join(choices))
    )


MONEY_WORDS = {MoneyKind.RECEIVED: ("到位", "收到", "到账", "received"), MoneyKind.PAID: ("支付", "拨付", "paid")}


def money_kind_from_words(text: str) -> MoneyKind:
    """Received (到位) or paid (支付), in either language; the first word of each is the one a ledger writes."""
    typed = text.strip().lower()
    for kind, words in MONEY_WORDS.items():
        if typed in words:
            return kind
    raise InvalidInput(i18n._("{typed!r} is neither received (到位) nor paid (支付)").format(typed=text))


# Traditional characters a ledger may be typed in (國債資金, 總投資), read as their simplified forms for matching
# only: names are kept exactly as written.
_SIMPLIFIED = str.maketrans(
    "國債資專項總額劃計號編實際開時間進問題責單務設備購財對籌餘幣萬億縣醫衛區鄉鎮婦級補貸銀長們來發稱預內價與當會東陽療層積門診樓環評審圖許證規線電氣裝飾驗標況處蓋頂辦體檢類產業點狀據種務報稅費撥屬擴遷構築結礎態種辦",
    "国债资专项总额划计号编实际开时间进问题责单务设备购财对筹余币万亿县医卫区乡镇妇级补贷银长们来发称预内价与当会东阳疗层积门诊楼环评审图许证规线电气装饰验标况处盖顶办体检类产业点状据种务报税费拨属扩迁构筑结础态种办",
)


def simplified(text: str) -> str:
    """``text`` with the traditional characters ledgers use in their simplified forms, for matching only."""
    return str(text).translate(_SIMPLIFIED)
