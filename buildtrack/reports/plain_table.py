"""tabulate's "simple" table, drawn directly for cells that are plain one-line text.

tabulate sniffs the type of every cell and strips terminal codes from each one even with number
parsing off: for a 10,000-project report that was most of the time spent printing (0.3 s for the
progress report, 1.2 s for the overdue one). Report cells are already formatted text, so when every
cell is printable on one line, the layout is only widths and padding. The result is the same text
tabulate gives, character for character (``tests/test_render_plain.py`` checks this with generated
tables); anything else (wrapped columns, line breaks, control characters) still goes to tabulate.
"""

from __future__ import annotations

from wcwidth import wcswidth

_MIN_PADDING = 2  # tabulate's room beside each heading
_GAP = "  "


def plain(cells: list[str]) -> bool:
    """Whether the fast drawing applies: each cell printable text on one line."""
    return all(cell.isprintable() for cell in cells)


def _width(text: str) -> int:
    """Terminal columns: Chinese characters take two."""
    return len(text) if text.isascii() else wcswidth(text)


def simple_table(rows: list[list[str]], headers: list[str], aligns: list[str]) -> str:
    """The table tabulate draws with ``tablefmt="simple"``, these headers and ``colalign`` (left/right)."""
    rows = [[cell.strip() for cell in row] for row in rows]  # tabulate trims cells (not headings)
    widths = [[_width(cell) for cell in row] for row in rows]
    columns = [
        max([_width(heading) + _MIN_PADDING, *(row_widths[index] for row_widths in widths)])
        for index, heading in enumerate(headers)
    ]
    right = [align == "right" for align in aligns]

    def line(cells: list[str], cell_widths: list[int]) -> str:
        padded = []
        for cell, width, column, to_right in zip(cells, cell_widths, columns, right, strict=True):
            padding = " " * (column - width)
            padded.append(padding + cell if to_right else cell + padding)
        return _GAP.join(padded).rstrip()  # as tabulate ends each line

    lines = [line(headers, [_width(heading) for heading in headers]), _GAP.join("-" * column for column in columns)]
    lines += [line(row, row_widths) for row, row_widths in zip(rows, widths, strict=True)]
    return "\n".join(lines)
