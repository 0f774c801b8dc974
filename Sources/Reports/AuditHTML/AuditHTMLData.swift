import IAMPolicy
import JSON

/// The audit's matrix and each cell's explanation as the HTML report's script reads them, written once as compact
/// JSON into a `<script type="application/json">`. Everything is interned, so that thousands of principals with
/// the same outcomes cost little: each distinct piece of text once (`TextPieces`), each distinct text, list and
/// explanation once, and each principal one short string of indices.
///
/// The layout (`version` 1). A *packed* string is a run of indices, each `width` characters of base-64 digits
/// (`A`–`Z`, `a`–`z`, `0`–`9`, `-`, `_`; most significant first). A *text index* `i` names `strings[i]` when
/// `i < strings.length`, else the text made by joining, in order, the texts of the packed indices of
/// `texts[i - strings.length]`.
/// - `columns`: the operations; `statements`: per column, the text index of its SQL statement, or -1; `accounts`.
/// - `strings`: pieces of text; `texts`: packed text indices.
/// - `lists`: packed text indices (a list of texts).
/// - `explanations`: packed `[verdict, reasons, decidingStatements, blockedBy, conditions]`: the verdict 0 allowed,
///   1 undetermined, 2 denied; the rest list indices, `decidingStatements` in pairs of the policy's name and the
///   statement with its place. The same evidence as the JSON and CSV reports' cells.
/// - `principals`: packed `[arn, type, account, one explanation per column…, policies, groups]`: `type` 0 user,
///   1 role; `arn` and `account` text indices; `policies` and `groups` list indices.
struct AuditHTMLData {
    /// The base-64 digits of packed strings.
    static let digits = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Texts are named while the tables grow: a piece `p` as `2p`, a joined text `t` as `2t + 1`; `write` maps them
    /// to the layout's text indices once the pieces are all known.
    private typealias Reference = Int

    private var strings: [String] = []
    private var stringIndex: [String: Int] = [:]
    private var texts: [[Reference]] = []
    private var textIndex: [[Reference]: Int] = [:]
    private var references: [String: Reference] = [:]
    private var lists: [[Reference]] = []
    private var listIndex: [[Reference]: Int] = [:]
    /// `[verdict, reasons, decidingStatements, blockedBy, conditions]`.
    private var explanations: [[Int]] = []
    private var explanationIndex: [[Int]: Int] = [:]
    /// `[arn, type, account, cells…, policies, groups]`, texts as references.
    private var rows: [[Int]] = []
    private var statements: [Reference?] = []
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
        statements = report.columns.map { _ in nil }
        rows.reserveCapacity(report.principals.count)
        for (position, principal) in report.principals.enumerated() {
            let operations = principal.check.operations
            if position == 0 {
                statements = report.columns.indices.map { column in
                    guard column < operations.count, let statement = operations[column].statement else { return nil }
                    return text(ReportEvidence.displayable(statement.text))
                }
            }
            var row = [text(principal.arn), principal.type == .user ? 0 : 1, text(principal.account)]
            row += operations.map { explanation($0, principal: principal) }
            row.append(list(principal.policySummary.map { text(ReportSentences.policyLine($0)) }))
            row.append(list(principal.groups.map { text($0) }))
            rows.append(row)
        }
    }

    /// The reference of `text`, its pieces and itself added the first time.
    private mutating func text(_ text: String) -> Reference {
        if let reference = references[text] { return reference }
        let parts = TextPieces.split(text).map { piece -> Reference in
            switch piece {
            case .literal(let literal): return self.piece(literal)
            case .list(let values):
                var parts = [self.piece("[")]
                for (index, value) in values.enumerated() {
                    if index > 0 { parts.append(self.piece(", ")) }
                    parts.append(self.piece(value))
                }
                parts.append(self.piece("]"))
                return joined(parts)
            }
        }
        let reference = parts.count == 1 ? parts[0] : joined(parts)
        references[text] = reference
        return reference
    }

    private mutating func piece(_ text: String) -> Reference {
        if let index = stringIndex[text] { return 2 * index }
        strings.append(text)
        stringIndex[text] = strings.count - 1
        return 2 * (strings.count - 1)
    }

    private mutating func joined(_ parts: [Reference]) -> Reference {
        if let index = textIndex[parts] { return 2 * index + 1 }
        texts.append(parts)
        textIndex[parts] = texts.count - 1
        return 2 * (texts.count - 1) + 1
    }

    private mutating func list(_ items: [Reference]) -> Int {
        if let index = listIndex[items] { return index }
        lists.append(items)
        listIndex[items] = lists.count - 1
        return lists.count - 1
    }

    /// The index of an operation's explanation, made from the same evidence as the CSV's columns.
    private mutating func explanation(_ operation: OperationResult, principal: AuditedPrincipal) -> Int {
        var deciding: [Reference] = []
        for statement in operation.decidingStatements {
            deciding.append(text(ReportEvidence.displayable(principal.policy(of: statement))))
            deciding.append(text(ReportEvidence.displayable(ReportEvidence.describe(statement))))
        }
        let explanation = [
            Self.code(operation.verdict),
            list(ReportSentences.reasons(operation).map { text(ReportEvidence.displayable($0)) }),
            list(deciding),
            list(operation.blockedBy.map { text($0.rawValue) }),
            list(operation.conditions.map { text(ReportEvidence.displayable(ReportEvidence.conditionText($0))) }),
        ]
        if let index = explanationIndex[explanation] { return index }
        explanations.append(explanation)
        explanationIndex[explanation] = explanations.count - 1
        return explanations.count - 1
    }

    /// Writes the data as compact JSON that can stand inside a `<script>` element (`HTMLText.scriptSafeJSON`), in
    /// pieces of about 64 KiB.
    func write(to output: (String) -> Void) {
        let largest = max(strings.count + texts.count, lists.count, explanations.count, 3)
        var width = 1
        var capacity = 64
        while capacity <= largest {
            width += 1
            capacity *= 64
        }
        let pieceCount = strings.count
        func index(_ reference: Reference) -> Int {
            reference % 2 == 0 ? reference / 2 : pieceCount + reference / 2
        }
        func packed(_ values: [Int]) -> String {
            var bytes: [UInt8] = [UInt8(ascii: "\"")]
            bytes.reserveCapacity(values.count * width + 2)
            for value in values {
                for digit in (0..<width).reversed() {
                    var place = 1
                    for _ in 0..<digit { place *= 64 }
                    bytes.append(Self.digits[(value / place) % 64])
                }
            }
            bytes.append(UInt8(ascii: "\""))
            return String(decoding: bytes, as: UTF8.self)
        }
        func string(_ text: String) -> String {
            HTMLText.scriptSafeJSON(JSONOutput.string(text).rendered(pretty: false))
        }

        var buffer = ""
        buffer.reserveCapacity(1 << 17)
        func emit(_ text: String) {
            buffer += text
            if buffer.utf8.count >= 1 << 16 {
                output(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        func table<Item>(_ name: String, _ items: [Item], _ render: (Item) -> String) {
            emit(",\n\"\(name)\":[")
            for (position, item) in items.enumerated() { emit((position == 0 ? "" : ",") + render(item)) }
            emit("]")
        }
        emit("{\"version\":1,\"width\":\(width)")
        emit(",\"columns\":[" + columns.map(string).joined(separator: ",") + "]")
        emit(",\"statements\":[" + statements.map { $0.map { String(index($0)) } ?? "-1" }.joined(separator: ",") + "]")
        emit(",\"accounts\":[" + accounts.map(string).joined(separator: ",") + "]")
        table("strings", strings, string)
        table("texts", texts) { packed($0.map(index)) }
        table("lists", lists) { packed($0.map(index)) }
        table("explanations", explanations, packed)
        table("principals", rows) { row in
            var values = row
            values[0] = index(row[0])
            values[2] = index(row[2])
            return packed(values)
        }
        emit("}")
        if !buffer.isEmpty { output(buffer) }
    }
}
