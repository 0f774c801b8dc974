import IAMPolicy
import JSON

/// The audit's matrix and each cell's explanation as the HTML report's script reads them, written once as compact
/// JSON into a `<script type="application/json">`: every distinct string once, every distinct explanation once, and
/// each principal a row of indices into them, so that thousands of principals with the same outcomes cost little.
///
/// The layout (`version` 1): `columns` (the operations), `statements` (per column, the SQL statement's text as a
/// string index, or -1), `accounts`, `strings`, `explanations` (each `[verdict, reasons, decidingStatements, blockedBy,
/// conditions]`: the verdict 0 allowed, 1 undetermined, 2 denied; the rest arrays of string indices,
/// `decidingStatements` in pairs of the policy's name and the statement with its place), and `principals` (each
/// `[arn, type, account, cells, policies, groups]`: `type` 0 user, 1 role; `cells` one explanation index per column;
/// the rest string indices).
struct AuditHTMLData {
    /// One cell's explanation: the evidence the JSON and CSV reports give for it, as indices into `strings`.
    struct Explanation: Hashable {
        var verdict: Int
        var reasons: [Int]
        /// Pairs: the policy's name, then the statement and where it is written (`ReportEvidence.describe`).
        var decidingStatements: [Int]
        var blockedBy: [Int]
        var conditions: [Int]
    }

    /// One principal: string indices, and one explanation index per column.
    struct Row {
        var arn: Int
        var type: Int
        var account: Int
        var cells: [Int]
        var policies: [Int]
        var groups: [Int]
    }

    private(set) var strings: [String] = []
    private var stringIndex: [String: Int] = [:]
    private(set) var explanations: [Explanation] = []
    private var explanationIndex: [Explanation: Int] = [:]
    private(set) var rows: [Row] = []
    private(set) var statements: [Int] = []
    let columns: [String]
    let accounts: [String]

    /// The verdict as the data writes it.
    static func code(_ verdict: Verdict) -> Int {
        switch verdict {
        case .allowed: 0
        case .undetermined: 1
        case .denied: 2
        }
    }

    init(_ report: AuditReport) {
        columns = report.columns
        accounts = report.accounts
        rows.reserveCapacity(report.principals.count)
        var statementsSeen = false
        for principal in report.principals {
            let operations = principal.check.operations
            if !statementsSeen {
                statementsSeen = true
                statements = report.columns.indices.map { column in
                    guard column < operations.count, let statement = operations[column].statement else { return -1 }
                    return intern(ReportEvidence.displayable(statement.text))
                }
            }
            let cells = operations.map { explanation($0, principal: principal) }
            rows.append(
                Row(
                    arn: intern(principal.arn), type: principal.type == .user ? 0 : 1,
                    account: intern(principal.account), cells: cells,
                    policies: principal.policySummary.map { intern(ReportSentences.policyLine($0)) },
                    groups: principal.groups.map { intern($0) }))
        }
        if !statementsSeen { statements = report.columns.map { _ in -1 } }
    }

    /// The index of `text` in `strings`, adding it the first time.
    mutating func intern(_ text: String) -> Int {
        if let index = stringIndex[text] { return index }
        strings.append(text)
        stringIndex[text] = strings.count - 1
        return strings.count - 1
    }

    /// The index of an operation's explanation, made from the same evidence as the CSV's columns.
    private mutating func explanation(_ operation: OperationResult, principal: AuditedPrincipal) -> Int {
        var deciding: [Int] = []
        for statement in operation.decidingStatements {
            deciding.append(intern(ReportEvidence.displayable(principal.policy(of: statement))))
            deciding.append(intern(ReportEvidence.displayable(ReportEvidence.describe(statement))))
        }
        let explanation = Explanation(
            verdict: Self.code(operation.verdict),
            reasons: ReportSentences.reasons(operation).map { intern(ReportEvidence.displayable($0)) },
            decidingStatements: deciding,
            blockedBy: operation.blockedBy.map { intern($0.rawValue) },
            conditions: operation.conditions.map {
                intern(ReportEvidence.displayable(ReportEvidence.conditionText($0)))
            }
        )
        if let index = explanationIndex[explanation] { return index }
        explanations.append(explanation)
        explanationIndex[explanation] = explanations.count - 1
        return explanations.count - 1
    }

    /// Writes the data as compact JSON that can stand inside a `<script>` element (`HTMLText.scriptSafeJSON`), in
    /// pieces of about 64 KiB.
    func write(to output: (String) -> Void) {
        var buffer = ""
        buffer.reserveCapacity(1 << 17)
        func emit(_ text: String) {
            buffer += text
            if buffer.utf8.count >= 1 << 16 {
                output(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        func string(_ text: String) -> String {
            HTMLText.scriptSafeJSON(JSONOutput.string(text).rendered(pretty: false))
        }
        func ints(_ values: [Int]) -> String {
            "[" + values.map(String.init).joined(separator: ",") + "]"
        }
        emit("{\"version\":1,\"columns\":[" + columns.map(string).joined(separator: ",") + "]")
        emit(",\"statements\":" + ints(statements))
        emit(",\"accounts\":[" + accounts.map(string).joined(separator: ",") + "]")
        emit(",\"strings\":[")
        for (index, text) in strings.enumerated() { emit((index == 0 ? "" : ",") + string(text)) }
        emit("],\n\"explanations\":[")
        for (index, item) in explanations.enumerated() {
            emit(
                (index == 0 ? "" : ",") + "[\(item.verdict)," + ints(item.reasons) + "," + ints(item.decidingStatements)
                    + "," + ints(item.blockedBy) + "," + ints(item.conditions) + "]")
        }
        emit("],\n\"principals\":[")
        for (index, row) in rows.enumerated() {
            emit(
                (index == 0 ? "" : ",\n") + "[\(row.arn),\(row.type),\(row.account)," + ints(row.cells) + ","
                    + ints(row.policies) + "," + ints(row.groups) + "]")
        }
        emit("]}")
        if !buffer.isEmpty { output(buffer) }
    }
}
