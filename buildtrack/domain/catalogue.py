"""The funding sources a new portfolio starts with (see the glossary's funding section)."""

from buildtrack.domain.model import FundingSource, SourceCategory

DEFAULT_SOURCES = (
    FundingSource("special-bond", "Special-purpose bonds", "专项债券", SourceCategory.BOND),
    FundingSource("fiscal-matching", "Fiscal matching funds", "财政配套资金", SourceCategory.FISCAL),
    FundingSource("fiscal-earmarked", "Earmarked fiscal funds", "财政专项资金", SourceCategory.FISCAL),
    FundingSource("central-budget", "Central budget investment", "中央预算内投资", SourceCategory.CENTRAL),
    FundingSource("treasury-bond", "Treasury-bond funds", "国债资金", SourceCategory.CENTRAL),
    FundingSource("programme", "Programme project funds", "项目资金", SourceCategory.CENTRAL),
    FundingSource("paired-assistance", "Paired-assistance funds", "帮扶资金", SourceCategory.ASSISTANCE),
    FundingSource("grant-aid", "Grant aid", "无偿援助", SourceCategory.GRANT),
    FundingSource("qiaoxin", "Qiaoxin overseas-Chinese programme", "侨心工程", SourceCategory.DONATION),
    FundingSource("charity", "Charity fund", "慈善基金", SourceCategory.DONATION),
    FundingSource("private-capital", "Private (social) capital", "社会资本", SourceCategory.PRIVATE),
    FundingSource("self-raised", "Self-raised funds", "自筹", SourceCategory.SELF_RAISED),
    FundingSource("ultra-long-bond", "Ultra-long special treasury bonds", "超长期特别国债", SourceCategory.CENTRAL),
    FundingSource("provincial-subsidy", "Provincial subsidy", "省级补助资金", SourceCategory.FISCAL),
    FundingSource("bank-loan", "Bank loans", "银行贷款", SourceCategory.PRIVATE),
)
DEMO_SOURCES = DEFAULT_SOURCES[:12]  # what generated data draws from: a source added later must not change any seed

# What offices write for a catalogue source beyond its own names (after dropping 资金/投资 and 地方政府/单位):
# matched only when that key is in the portfolio's catalogue.
SOURCE_ALIASES = {
    "对口援建": "paired-assistance",
    "对口支援": "paired-assistance",
    "援建": "paired-assistance",
    "中央投资": "central-budget",
    "特别国债": "ultra-long-bond",
    "超长期国债": "ultra-long-bond",
    "省级补助": "provincial-subsidy",
    "省补": "provincial-subsidy",
    "省级补贴": "provincial-subsidy",
    "贷款": "bank-loan",
    "捐赠": "charity",
    "慈善捐赠": "charity",
    "民间资本": "private-capital",
}
