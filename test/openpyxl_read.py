#!/usr/bin/python3
"""Reads an .xlsx with openpyxl (Debian's python3-openpyxl) and prints what a test needs as JSON.

Used by the ledger tests so that a file we write is read back by someone else's reader.
Run with /usr/bin/python3 (the python3 on PATH may be a pyenv shim without openpyxl).

    /usr/bin/python3 test/openpyxl_read.py FILE [--xml]

Output: {"sheets": [{"name", "values" (rows of cell values, trailing empties trimmed),
"number_formats" (same shape, null for General), "data_types" (same shape: openpyxl's data_type,
"s" text, "n" number, "f" formula, "b" boolean, "d" date), "merged", "freeze_panes", "auto_filter",
"orientation", "paper_size", "fit_to_page", "fit_to_width", "fit_to_height",
"print_title_rows", "column_widths" {letter: width}, "margins", "odd_header", "odd_footer",
"wrap" (cells with wrap_text, as coordinates)}], "defined_names": [...],
"xml": {part name: text} with --xml}.
"""
import json
import sys
import zipfile

import openpyxl


def cell_value(v):
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    return str(v)


def header_footer_text(hf):
    parts = {}
    for pos in ("left", "center", "right"):
        part = getattr(hf, pos, None)
        if part is not None and part.text:
            parts[pos] = part.text
    return parts


def sheet_info(ws):
    values, formats, types, wrap = [], [], [], []
    for row in ws.iter_rows():
        vals = [cell_value(c.value) for c in row]
        fmts = [None if c.number_format == "General" else c.number_format for c in row]
        kinds = [c.data_type for c in row]
        for c in row:
            if c.alignment is not None and c.alignment.wrap_text:
                wrap.append(c.coordinate)
        while vals and vals[-1] is None:
            vals.pop()
        values.append(vals)
        formats.append(fmts[: max(len(vals), 0)])
        types.append(kinds[: max(len(vals), 0)])
    ps = ws.page_setup
    props = ws.sheet_properties
    fit_to_page = bool(props.pageSetUpPr is not None and props.pageSetUpPr.fitToPage)
    margins = ws.page_margins
    return {
        "name": ws.title,
        "values": values,
        "number_formats": formats,
        "data_types": types,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "freeze_panes": ws.freeze_panes,
        "auto_filter": ws.auto_filter.ref,
        "orientation": ps.orientation,
        "paper_size": int(ps.paperSize) if ps.paperSize is not None else None,
        "fit_to_page": fit_to_page,
        "fit_to_width": int(ps.fitToWidth) if ps.fitToWidth is not None else None,
        "fit_to_height": int(ps.fitToHeight) if ps.fitToHeight is not None else None,
        "print_title_rows": ws.print_title_rows,
        "column_widths": {k: v.width for k, v in ws.column_dimensions.items() if v.width},
        "margins": {k: getattr(margins, k) for k in ("left", "right", "top", "bottom", "header", "footer")},
        "odd_header": header_footer_text(ws.oddHeader),
        "odd_footer": header_footer_text(ws.oddFooter),
        "wrap": wrap,
    }


def main():
    if len(sys.argv) < 2:
        print("用法: openpyxl_read.py FILE [--xml]", file=sys.stderr)
        return 2
    path = sys.argv[1]
    wb = openpyxl.load_workbook(path)
    out = {
        "sheets": [sheet_info(ws) for ws in wb.worksheets],
        "defined_names": [f"{dn.name}={dn.attr_text}" for dn in wb.defined_names.definedName],
    }
    if "--xml" in sys.argv[2:]:
        with zipfile.ZipFile(path) as z:
            out["xml"] = {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")}
    json.dump(out, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
