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
)
