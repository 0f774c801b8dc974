/// The HTML report's stylesheet, inlined into the page: the system's own fonts, verdict colours whose text keeps a
/// contrast of at least 4.5:1 on its background (each verdict also has its word and mark, never colour alone), and a
/// matrix header that stays in view while its rows scroll.
enum AuditHTMLStyle {
    static let css = """
        :root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;\
        --ok-bg:#dafbe1;--ok-fg:#0f5323;--ok-bar:#2da44e;--un-bg:#fff5c7;--un-fg:#6b4400;--un-bar:#d4a72c;\
        --no-bg:#ffe3e1;--no-fg:#82071e;--no-bar:#cf222e;--focus:#0969da}
        *{box-sizing:border-box}[hidden]{display:none!important}
        body{margin:0;color:var(--fg);background:var(--bg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,\
        "Helvetica Neue",Arial,"Noto Sans","Liberation Sans",sans-serif}
        code,.mono{font-family:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace;\
        font-size:.9em}
        header.page{padding:1rem 1.5rem .5rem;border-bottom:1px solid var(--line);background:var(--soft)}
        h1{font-size:1.5rem;margin:0 0 .25rem}h1 .resource{font-weight:400;color:var(--muted)}
        h2{font-size:1.2rem;margin:1.5rem 0 .5rem}h3{font-size:1.05rem;margin:.75rem 0 .4rem}
        .meta{margin:0;color:var(--muted)}
        main{padding:0 1.5rem 2rem;max-width:1400px}
        details.inputs{margin:.25rem 0 .5rem;color:var(--muted)}details.inputs ul{margin:.25rem 0}
        .tiles{display:flex;flex-wrap:wrap;gap:.75rem;list-style:none;padding:0;margin:.5rem 0 1rem}
        .tile{border:1px solid var(--line);border-radius:8px;padding:.5rem .9rem;min-width:9rem;background:var(--soft)}
        .tile .n{display:block;font-size:1.6rem;font-weight:700;line-height:1.2}
        .t-allowed{background:var(--ok-bg);color:var(--ok-fg)}.t-undetermined{background:var(--un-bg);color:var(--un-fg)}
        .t-denied,.t-error{background:var(--no-bg);color:var(--no-fg)}
        .legend{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0}
        .chip{border-radius:999px;padding:.1rem .6rem;font-size:.9em;border:1px solid currentColor}
        .v-allowed{background:var(--ok-bg);color:var(--ok-fg)}.v-undetermined{background:var(--un-bg);color:var(--un-fg)}
        .v-denied{background:var(--no-bg);color:var(--no-fg)}
        table{border-collapse:collapse}
        .chart{width:100%;max-width:1000px}.chart caption{text-align:left;color:var(--muted);padding:.25rem 0}
        .chart th,.chart td{padding:.35rem .6rem;border-bottom:1px solid var(--line);text-align:left}
        .num{text-align:right;font-variant-numeric:tabular-nums}.chart td.num{font-weight:600}
        .bar-col{width:45%}
        .bar{display:flex;height:1.1rem;border-radius:4px;overflow:hidden;background:var(--soft);border:1px solid var(--line)}
        .seg{display:block;height:100%}.seg.allowed{background:var(--ok-bar)}.seg.undetermined{background:var(--un-bar)}
        .seg.denied{background:var(--no-bar)}
        .alert{border:2px solid var(--no-bar);border-radius:8px;padding:.25rem 1rem .5rem;margin:1rem 0;background:#fff8f7}
        .alert h2,.alert h3{color:var(--no-fg)}
        .findings li{margin:.25rem 0}
        .noscript{border:2px solid var(--un-bar);background:var(--un-bg);color:var(--un-fg);padding:.5rem 1rem;\
        border-radius:8px}
        .controls{display:flex;flex-wrap:wrap;gap:1rem;align-items:end;margin:.5rem 0}
        .controls label{display:flex;flex-direction:column;font-size:.9em;color:var(--muted)}
        .controls input,.controls select{font:inherit;color:var(--fg);padding:.3rem .5rem;border:1px solid #8c959f;\
        border-radius:6px;min-width:12rem;background:#fff}
        .hint{color:var(--muted);margin:.25rem 0}
        .table-wrap{max-height:75vh;overflow:auto;border:1px solid var(--line);border-radius:8px}
        .matrix{width:100%}
        .matrix th,.matrix td{border-bottom:1px solid var(--line);padding:0;text-align:left;vertical-align:top}
        .matrix thead th{position:sticky;top:0;z-index:1;background:#eaeef2;box-shadow:0 1px 0 var(--line)}
        .matrix thead th.num{padding:.4rem .6rem}
        .matrix th button{font:inherit;font-weight:600;color:var(--fg);background:none;border:0;padding:.4rem .6rem;\
        width:100%;text-align:left;cursor:pointer}
        .matrix th[aria-sort=ascending] button::after{content:" ▲"}.matrix th[aria-sort=descending] button::after{content:" ▼"}
        .matrix td.num,.matrix .name,.matrix td.type,.matrix td.account{padding:.3rem .6rem}
        .matrix tbody th.name{font-weight:400;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.9em}
        .matrix td.cell button{font:inherit;color:inherit;background:none;border:0;width:100%;text-align:left;\
        padding:.3rem .6rem;cursor:pointer}
        .matrix td.cell button[aria-expanded=true]{outline:2px solid var(--focus);outline-offset:-2px;font-weight:700}
        button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid var(--focus);outline-offset:1px}
        tr.explain td{padding:.5rem 1rem 1rem;background:#fbfcfd}
        .explanation h3{margin-top:.25rem}
        .explanation dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
        .explanation dt{font-weight:600;color:var(--muted)}.explanation dd{margin:0}
        .explanation ul{margin:0;padding-left:1.1rem}
        .explanation .policy{font-weight:600}
        .pager{display:flex;gap:.75rem;align-items:center;margin:.5rem 0}
        .pager button{font:inherit;padding:.25rem .75rem;border:1px solid #8c959f;border-radius:6px;background:#fff;\
        cursor:pointer}
        .pager button:disabled{color:#8c959f;cursor:default}
        @media print{.controls,.pager,.hint{display:none}.table-wrap{max-height:none;overflow:visible}}
        """
}
