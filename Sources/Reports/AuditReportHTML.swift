import IAMPolicy

/// `iamgate audit --format html`: one self-contained page (no network, no external file; it opens from disk). It
/// opens on the summary — the escalations and broken expectations first, then per operation how many principals are
/// allowed, undetermined and denied, drawn as bars with their numbers — then the principals that could not be
/// resolved, then the matrix, principals × operations, which its inline script draws a page at a time from the data
/// written once as JSON (`AuditHTMLData`), sortable, filterable, each cell opening its explanation. Without
/// JavaScript the summary and the errors still show. The page honours a URL fragment (`AuditHTMLScript`):
/// `#filter=role/ci&op=delete_resource&verdict=denied&sort=principal&dir=desc&page=2&open=3,delete_resource`.
public enum AuditReportHTML {
    /// Rows of the matrix the script draws at a time.
    public static let pageSize = 200

    public static func render(_ report: AuditReport) -> String {
        var text = ""
        write(report) { text += $0 }
        return text
    }

    /// Writes the page in pieces to `output`; the data is built first (one pass over the principals), then written.
    public static func write(_ report: AuditReport, to output: (String) -> Void) {
        let data = AuditHTMLData(report)
        let accounts = report.accounts
        let count = report.principals.count + report.errors.count
        output(
            """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="iamgate">
            <title>iamgate audit: \(HTMLText.escaped(report.resource))</title>
            <style>\(AuditHTMLStyle.css)</style>
            </head>
            <body>
            <header class="page">
            <h1>iamgate audit <span class="resource">\(HTMLText.escaped(report.resource))</span></h1>
            <p class="meta">\(count) principal\(count == 1 ? "" : "s") in \(accounts.count) account\(accounts.count == 1 ? "" : "s")\(accounts.isEmpty ? "" : " (" + accounts.map(HTMLText.escaped).joined(separator: ", ") + ")") · source: \(report.source.rawValue) · mode: \(report.mode.rawValue)</p>

            """)
        if !report.inputs.isEmpty {
            output("<details class=\"inputs\"><summary>Inputs</summary><ul>\n")
            for input in report.inputs { output("<li>\(HTMLText.escaped(ReportEvidence.displayable(input)))</li>\n") }
            output("</ul></details>\n")
        }
        output("</header>\n<main>\n")
        output(summarySection(report))
        output(errorsSection(report))
        output(notesSection(report))
        output(matrixSection(report))
        output("</main>\n<script type=\"application/json\" id=\"audit-data\">")
        data.write(to: output)
        output("</script>\n<script>\(AuditHTMLScript.source)</script>\n</body>\n</html>\n")
    }

    /// The summary: the escalations and expectations first, then the counts and one bar per operation.
    static func summarySection(_ report: AuditReport) -> String {
        var html = "<section id=\"summary\" aria-labelledby=\"summary-title\">\n<h2 id=\"summary-title\">Summary</h2>\n"
        html += escalationsSection(report)
        html += expectationsSection(report)
        let totals = report.totals
        let cells = totals.reduce(into: (0, 0, 0)) { sum, total in
            sum.0 += total.allowed
            sum.1 += total.undetermined
            sum.2 += total.denied
        }
        html += "<ul class=\"tiles\">\n"
        html += tile("\(report.principals.count)", "principals checked", "checked")
        html += tile("\(report.errors.count)", "not resolved", report.errors.isEmpty ? "checked" : "error")
        html += tile("\(cells.0)", "cells allowed", "allowed")
        html += tile("\(cells.1)", "cells undetermined", "undetermined")
        html += tile("\(cells.2)", "cells denied", "denied")
        html += "</ul>\n"
        html += legend
        html += """
            <table class="chart">
            <caption>Principals per operation, by verdict</caption>
            <thead><tr><th scope="col">Operation</th><th scope="col" class="num">Allowed</th>\
            <th scope="col" class="num">Undetermined</th><th scope="col" class="num">Denied</th>\
            <th scope="col" class="bar-col">Share of principals</th></tr></thead>
            <tbody>

            """
        for total in totals {
            let sum = total.allowed + total.undetermined + total.denied
            func percent(_ part: Int) -> String {
                guard sum > 0 else { return "0" }
                let tenths = (part * 1000 + sum / 2) / sum
                return "\(tenths / 10).\(tenths % 10)"
            }
            let label =
                "\(total.allowed) allowed, \(total.undetermined) undetermined, \(total.denied) denied of \(sum)"
            html += "<tr><th scope=\"row\"><code>\(HTMLText.escaped(total.column))</code></th>"
            html += "<td class=\"num v-allowed\">\(total.allowed)</td>"
            html += "<td class=\"num v-undetermined\">\(total.undetermined)</td>"
            html += "<td class=\"num v-denied\">\(total.denied)</td>"
            html += "<td><div class=\"bar\" role=\"img\" aria-label=\"\(label)\">"
            for (part, name) in [
                (total.allowed, "allowed"), (total.undetermined, "undetermined"), (total.denied, "denied"),
            ]
            where part > 0 {
                html +=
                    "<span class=\"seg \(name)\" style=\"width:\(percent(part))%\" title=\"\(part) \(name)\"></span>"
            }
            html += "</div></td></tr>\n"
        }
        html += "</tbody>\n</table>\n</section>\n"
        return html
    }

    /// The escalation paths, before everything else; nothing when there are none.
    static func escalationsSection(_ report: AuditReport) -> String {
        guard !report.escalations.isEmpty else { return "" }
        var html = "<section id=\"escalations\" class=\"alert\" aria-labelledby=\"escalations-title\">\n"
        html +=
            "<h3 id=\"escalations-title\">Escalation paths: \(report.escalations.count)</h3>\n<ul class=\"findings\">\n"
        for escalation in report.escalations {
            let mark = escalation.verdict == .allowed ? "▲" : "?"
            html +=
                "<li class=\"escalation v-\(escalation.verdict.rawValue)\"><span aria-hidden=\"true\">\(mark)</span> "
            html += "<strong>\(HTMLText.escaped(escalation.verdict.rawValue))</strong> — "
            html += HTMLText.escaped(ReportSentences.escalation(escalation))
            html += "<br>gains (its own verdict → the role's): "
            html += HTMLText.escaped(ReportSentences.gained(escalation).joined(separator: ", "))
            // Each hop's requests and deciding statements are in the JSON report and `audit -v`: an account with
            // thousands of hops keeps its page small.
            html += "</li>\n"
        }
        return html + "</ul>\n</section>\n"
    }

    /// The expectations of `--expectations FILE`, beside the escalations: those that need attention (broken, expired,
    /// undetermined) first, each with its owner, reason, place in the file and what broke it or left it undecided;
    /// then the ones that held, in one line each. Nothing without an expectations file.
    public static func expectationsSection(_ report: AuditReport) -> String {
        let results = AuditExpectationText.ordered(report.expectations)
        guard !results.isEmpty else { return "" }
        let attention = results.filter(\.needsAttention)
        let asOf = report.expectationsAsOf.map { " (as of \($0))" } ?? ""
        var html =
            "<section id=\"expectations\" class=\"\(attention.isEmpty ? "" : "alert")\" "
            + "aria-labelledby=\"expectations-title\">\n"
        html +=
            "<h3 id=\"expectations-title\">Expectations\(HTMLText.escaped(asOf)): \(attention.count) of "
            + "\(results.count) need attention</h3>\n<ul class=\"findings\">\n"
        for result in results {
            let expectation = result.expectation
            let mark = AuditExpectationMarkdown.mark(result)
            html += "<li class=\"expectation\"><span aria-hidden=\"true\">\(mark)</span> "
            html += "<strong>\(HTMLText.escaped(ReportSentences.expectationStatus(result)))</strong> — "
            html += HTMLText.escaped(expectation.name)
            html += " <code>\(HTMLText.escaped("\(expectation.source):\(expectation.line)"))</code>"
            html += "; owner \(HTMLText.escaped(expectation.owner))"
            guard result.needsAttention else {
                html += "</li>\n"
                continue
            }
            html += "<br><code>\(HTMLText.escaped(ReportSentences.expectationRule(expectation)))</code>: "
            html += HTMLText.escaped(expectation.reason)
            if let expiry = ReportSentences.expectationExpiry(result) {
                html += "<br>\(HTMLText.escaped(expiry))"
            }
            if !result.findings.isEmpty {
                html += "<ul>"
                for finding in result.findings {
                    html += "<li><span aria-hidden=\"true\">\(finding.breaks ? "✗" : "?")</span> "
                    html += HTMLText.escaped(ReportSentences.expectationFinding(finding, of: expectation)) + "</li>"
                }
                html += "</ul>"
            }
            html += "</li>\n"
        }
        return html + "</ul>\n</section>\n"
    }

    /// The principals that could not be resolved, each with why: visible, never folded away.
    static func errorsSection(_ report: AuditReport) -> String {
        guard !report.errors.isEmpty else { return "" }
        let count = report.errors.count
        var html = "<section id=\"errors\" class=\"alert\" aria-labelledby=\"errors-title\">\n"
        html +=
            "<h2 id=\"errors-title\"><span aria-hidden=\"true\">✗</span> \(count) principal\(count == 1 ? "" : "s") "
            + "could not be resolved (not checked)</h2>\n<ul class=\"findings\">\n"
        for error in report.errors {
            html += "<li><code>\(HTMLText.escaped(error.principal))</code> (\(error.type.rawValue)): "
            html += "\(HTMLText.escaped(ReportEvidence.displayable(error.message)))</li>\n"
        }
        return html + "</ul>\n</section>\n"
    }

    /// What the report says once for every principal.
    static func notesSection(_ report: AuditReport) -> String {
        guard !report.notes.isEmpty else { return "" }
        var html = "<section id=\"notes\" aria-labelledby=\"notes-title\">\n<h2 id=\"notes-title\">Notes</h2>\n<ul>\n"
        for note in report.notes {
            html += "<li>\(HTMLText.escaped(ReportEvidence.displayable(ReportSentences.note(note))))</li>\n"
        }
        return html + "</ul>\n</section>\n"
    }

    /// The matrix's frame: the controls, the table's header (the script fills its body), the pager, and what a
    /// reader without JavaScript is told.
    static func matrixSection(_ report: AuditReport) -> String {
        let showAccount = report.accounts.count > 1
        var html = """
            <section id="matrix" aria-labelledby="matrix-title">
            <h2 id="matrix-title">Principals × operations</h2>
            <noscript><p class="noscript">The matrix needs JavaScript: this page draws it from the data it holds. \
            The summary above is complete without it; <code>--format csv</code> or <code>--format json</code> gives \
            every cell with its explanation.</p></noscript>
            <form class="controls" id="controls" hidden>
            <label>Principal <input type="search" id="filter" placeholder="role/ci, alice…" autocomplete="off"></label>
            <label>Operation <select id="op"><option value="">any operation</option>
            """
        for column in report.columns {
            html += "<option value=\"\(HTMLText.escaped(column))\">\(HTMLText.escaped(column))</option>"
        }
        html += """
            </select></label>
            <label>Verdict <select id="verdict"><option value="">any verdict</option>\
            <option value="allowed">allowed</option><option value="undetermined">undetermined</option>\
            <option value="denied">denied</option></select></label>
            <output id="shown" aria-live="polite"></output>
            </form>
            <p class="hint" id="hint" hidden>Click a column title to sort, a cell to see why.</p>
            <div class="table-wrap"><table id="matrix-table" class="matrix" data-page-size="\(pageSize)">
            <thead><tr><th scope="col" class="num">#</th>\
            <th scope="col" data-sort="principal" aria-sort="none"><button type="button">Principal</button></th>\
            <th scope="col" data-sort="type" aria-sort="none"><button type="button">Type</button></th>
            """
        if showAccount {
            html +=
                "<th scope=\"col\" data-sort=\"account\" aria-sort=\"none\"><button type=\"button\">Account</button></th>"
        }
        for column in report.columns {
            html +=
                "<th scope=\"col\" data-sort=\"\(HTMLText.escaped(column))\" aria-sort=\"none\">"
                + "<button type=\"button\"><code>\(HTMLText.escaped(column))</code></button></th>"
        }
        html += """
            </tr></thead>
            <tbody id="matrix-rows"></tbody>
            </table></div>
            <nav class="pager" id="pager" aria-label="Pages of the matrix" hidden>\
            <button type="button" id="previous">← Previous</button> <span id="page-status"></span> \
            <button type="button" id="next">Next →</button></nav>
            </section>

            """
        return html
    }

    /// The verdicts' colours, marks and words.
    static let legend = """
        <p class="legend" aria-label="Legend">\
        <span class="chip v-allowed"><span aria-hidden="true">✓</span> allowed</span> \
        <span class="chip v-undetermined"><span aria-hidden="true">?</span> undetermined: allowed only if \
        conditions on unknown context hold</span> \
        <span class="chip v-denied"><span aria-hidden="true">✗</span> denied</span></p>

        """

    private static func tile(_ number: String, _ label: String, _ kind: String) -> String {
        "<li class=\"tile t-\(kind)\"><span class=\"n\">\(number)</span> \(label)</li>\n"
    }
}
