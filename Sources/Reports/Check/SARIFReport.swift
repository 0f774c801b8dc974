import IAMPolicy
import JSON

/// `iamgate check --format sarif`: a SARIF 2.1.0 log with one result per denied or undetermined operation, located at
/// the SQL statement that was checked or else at the policy statement that decided, so code scanning (GitHub and
/// others) can annotate the line. Validates against the OASIS schema (`fixtures/schemas/sarif-schema-2.1.0.json`).
public enum SARIFReport {
    /// `tool.driver.version` when the caller does not pass one; the CLI passes its own version.
    public static let defaultToolVersion = "0.1.0"
    /// `tool.driver.informationUri` and the rules' `helpUri`: AWS's description of the policy evaluation logic that
    /// iamgate reproduces, which is what a reader of a result needs.
    public static let informationURI =
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html"
    static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
    static let fingerprintKey = "iamgateOperation/v1"

    /// The two rules, in `tool.driver.rules` order (results refer to them by index).
    enum Rule: Int, CaseIterable {
        case denied
        case undetermined

        var id: String { self == .denied ? "iamgate/denied" : "iamgate/undetermined" }
        var level: String { self == .denied ? "error" : "warning" }
    }

    public static func render(_ report: CheckReport, toolVersion: String = defaultToolVersion) -> String {
        document(report, toolVersion: toolVersion).rendered(pretty: true) + "\n"
    }

    /// The SARIF log as a JSON value.
    static func document(_ report: CheckReport, toolVersion: String) -> JSONOutput {
        let driver: JSONOutput = .object([
            ("name", .string("iamgate")),
            ("informationUri", .string(informationURI)),
            ("version", .string(toolVersion)),
            ("rules", .array(Rule.allCases.map(rule))),
        ])
        let run: JSONOutput = .object([
            ("tool", .object([("driver", driver)])),
            ("results", .array(results(report))),
            (
                "properties",
                .object([
                    ("principal", .string(report.principal)),
                    ("resource", .string(report.resource)),
                    ("source", .string(report.source.rawValue)),
                    ("mode", .string(report.mode.rawValue)),
                    ("verdict", .string(report.overall.rawValue)),
                    ("policies", .strings(report.policySummary.map(ReportSentences.policyLine))),
                    ("notes", .strings(report.notes.map(ReportSentences.note))),
                ])
            ),
        ])
        return .object([
            ("$schema", .string(schemaURI)),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ])
    }

    // MARK: - Rules

    static func rule(_ rule: Rule) -> JSONOutput {
        let name: String
        let short: String
        let full: String
        let help: String
        switch rule {
        case .denied:
            name = "OperationDenied"
            short = "The principal may not perform this operation."
            full =
                "At least one authorization request the operation makes is denied: an explicit Deny statement "
                + "applies, or no policy of a type that must allow it (identity-based policy, permissions boundary, "
                + "session policy, service or resource control policy, resource-based policy) does."
            help =
                "Remove or narrow the Deny statement the result points at, or add an Allow for the action and "
                + "resource to the policy type that blocked it. `iamgate check --format text` prints the full "
                + "explanation of every request."
        case .undetermined:
            name = "OperationUndetermined"
            short = "The operation is allowed only if conditions iamgate cannot check beforehand hold."
            full =
                "Every request the operation makes is allowed only under conditions on context that is unknown "
                + "before the operation runs (source IP, MFA, resource tags, values the statement does not give), "
                + "or a request it may need is denied. The gate does not open on an undetermined verdict."
            help =
                "Supply the unknown values (`--context KEY=VALUE`, `--var NAME=VALUE`, the statement's own values), "
                + "or make sure the conditions named in the result hold where the operation runs."
        }
        return .object([
            ("id", .string(rule.id)),
            ("name", .string(name)),
            ("shortDescription", .object([("text", .string(short))])),
            ("fullDescription", .object([("text", .string(full))])),
            ("defaultConfiguration", .object([("level", .string(rule.level))])),
            ("helpUri", .string(informationURI)),
            ("help", .object([("text", .string(help)), ("markdown", .string(help))])),
            ("properties", .object([("tags", .strings(["security", "iam"]))])),
        ])
    }

    // MARK: - Results

    static func results(_ report: CheckReport) -> [JSONOutput] {
        var seenKeys: [String: Int] = [:]
        var results: [JSONOutput] = []
        for operation in report.operations where operation.verdict != .allowed {
            let rule: Rule = operation.verdict == .denied ? .denied : .undetermined
            let key = fingerprintInput(operation, report: report)
            let occurrence = seenKeys[key, default: 0]
            seenKeys[key] = occurrence + 1
            var members: [(String, JSONOutput)] = [
                ("ruleId", .string(rule.id)),
                ("ruleIndex", .int(rule.rawValue)),
                ("kind", .string("fail")),
                ("level", .string(rule.level)),
                ("message", .object([("text", .string(message(operation, report: report)))])),
            ]
            let (primary, primaryStatement) = primaryLocation(operation, report: report)
            members.append(("locations", .array([primary])))
            let related = relatedLocations(operation, excluding: primaryStatement)
            if !related.isEmpty { members.append(("relatedLocations", .array(related))) }
            members.append(
                (
                    "partialFingerprints",
                    .object([(fingerprintKey, .string(fingerprint(key + "\u{1F}\(occurrence)")))])
                ))
            members.append(
                (
                    "properties",
                    .object([
                        ("operation", .string(operation.operation)),
                        ("sqlVerb", .string(operation.sqlVerb)),
                        ("verdict", .string(operation.verdict.rawValue)),
                        ("principal", .string(report.principal)),
                        ("actions", .strings(ReportEvidence.decisiveOutcomes(operation).map(\.request.action))),
                    ])
                ))
            results.append(.object(members))
        }
        return results
    }

    /// `create_resource on awscc.imagebuilder.images (deploy.iql:3) is denied for arn:…: reason; reason`.
    static func message(_ operation: OperationResult, report: CheckReport) -> String {
        let place = operation.statement.map { " (\($0.source):\($0.location.line))" } ?? ""
        let head =
            "\(operation.operation) on \(report.resource)\(place) is \(operation.verdict.rawValue) "
            + "for \(report.principal)"
        let reasons = ReportSentences.reasons(operation)
        guard !reasons.isEmpty else { return head + "." }
        return head + ": " + ReportEvidence.displayable(reasons.joined(separator: "; "))
    }

    // MARK: - Locations

    /// The SQL statement when it is in a file; else the policy statement that decided (the `Deny`, the closest allow
    /// of the blocking policy, the statement with the unknown condition); else the blocking policy's file; else the
    /// operation as a logical location. Also returns the policy statement it points at, if it points at one.
    static func primaryLocation(
        _ operation: OperationResult, report: CheckReport
    ) -> (location: JSONOutput, statement: StatementReference?) {
        if let statement = operation.statement, ReportEvidence.isFile(statement.source) {
            let place = location(
                path: statement.source, line: statement.location.line, column: statement.location.column,
                message: "the \(operation.sqlVerb) statement checked as \(operation.operation)")
            return (place, nil)
        }
        let outcomes = ReportEvidence.decisiveOutcomes(operation)
        for outcome in outcomes {
            for statement in ReportEvidence.decidingStatements(outcome) where ReportEvidence.isFile(statement.source) {
                let place = location(
                    path: statement.source, line: statement.location?.line, column: statement.location?.column,
                    message: relation(statement, outcome: outcome))
                return (place, statement)
            }
        }
        for outcome in outcomes {
            guard let decision = outcome.decision, decision.decision == .implicitDeny,
                let statement = ReportEvidence.blockingPolicyStatement(decision),
                ReportEvidence.isFile(statement.source)
            else { continue }
            let gate = statement.policyType.displayName
            let place = location(
                path: statement.source, line: nil, column: nil,
                message: "this \(gate) has no statement that allows \(outcome.request.action)")
            return (place, nil)
        }
        let logical: JSONOutput = .object([
            (
                "logicalLocations",
                .array([
                    .object([
                        ("name", .string(operation.operation)),
                        ("fullyQualifiedName", .string("\(report.resource).\(operation.operation)")),
                        ("kind", .string("function")),
                    ])
                ])
            ),
            ("message", .object([("text", .string("no policy file holds the statement that decided"))])),
        ])
        return (logical, nil)
    }

    /// Every policy statement that decided a request of the operation, each once, other than the primary location's.
    static func relatedLocations(_ operation: OperationResult, excluding primary: StatementReference?) -> [JSONOutput] {
        var seen: Set<StatementReference> = primary.map { [$0] } ?? []
        var locations: [JSONOutput] = []
        for outcome in ReportEvidence.decisiveOutcomes(operation) {
            for statement in ReportEvidence.decidingStatements(outcome)
            where ReportEvidence.isFile(statement.source) && seen.insert(statement).inserted {
                locations.append(
                    location(
                        id: locations.count + 1, path: statement.source, line: statement.location?.line,
                        column: statement.location?.column, message: relation(statement, outcome: outcome)))
            }
        }
        return locations
    }

    /// What a deciding statement did to the request, in words.
    static func relation(_ statement: StatementReference, outcome: RequestOutcome) -> String {
        let subject = "\(outcome.request.action) on \(outcome.request.resource)"
        let label = statement.label
        switch outcome.decision?.decision {
        case .explicitDeny?: return "\(label) denies \(subject)"
        case .implicitDeny?: return "\(label) names \(outcome.request.action) but does not apply to \(subject)"
        case .allowed? where outcome.decision?.isConditional == true:
            return "\(label) allows \(subject) only if its condition holds"
        default: return "\(label) allows \(subject)"
        }
    }

    static func location(
        id: Int? = nil, path: String, line: Int?, column: Int?, message: String
    ) -> JSONOutput {
        var physical: [(String, JSONOutput)] = [("artifactLocation", artifactLocation(path))]
        if let line, line >= 1 {
            var region: [(String, JSONOutput)] = [("startLine", .int(line))]
            if let column, column >= 1 { region.append(("startColumn", .int(column))) }
            physical.append(("region", .object(region)))
        }
        var members: [(String, JSONOutput)] = []
        if let id { members.append(("id", .int(id))) }
        members.append(("physicalLocation", .object(physical)))
        members.append(("message", .object([("text", .string(ReportEvidence.displayable(message)))])))
        return .object(members)
    }

    /// A relative path as a URI reference under `%SRCROOT%` (the checkout); an absolute one as a `file://` URI.
    static func artifactLocation(_ path: String) -> JSONOutput {
        if path.hasPrefix("/") {
            return .object([("uri", .string("file://" + percentEncoded(path, allowColon: true)))])
        }
        var relative = Substring(path)
        while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
        return .object([
            ("uri", .string(percentEncoded(String(relative), allowColon: false))),
            ("uriBaseId", .string("%SRCROOT%")),
        ])
    }

    /// Percent-encodes what may not stand in a URI path (RFC 3986 `pchar` and `/`). In a relative reference a `:` in
    /// the first segment would read as a scheme, so it is encoded there too.
    static func percentEncoded(_ path: String, allowColon: Bool) -> String {
        var result = ""
        for byte in path.utf8 {
            let scalar = Unicode.Scalar(byte)
            let isUnreserved =
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || "-._~".unicodeScalars.contains(scalar)
            if isUnreserved || "/@!$&'()*+,;=".unicodeScalars.contains(scalar) || (allowColon && byte == 0x3A) {
                result.unicodeScalars.append(scalar)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }

    // MARK: - Fingerprints

    /// What identifies a result across runs: principal, resource, operation and the statement's file and text (not
    /// its line, so an edit above it does not make the result new).
    static func fingerprintInput(_ operation: OperationResult, report: CheckReport) -> String {
        var parts = [report.principal, report.resource, operation.operation]
        if let statement = operation.statement {
            parts.append(statement.source)
            parts.append(statement.text.split(whereSeparator: \.isWhitespace).joined(separator: " "))
        }
        return parts.joined(separator: "\u{1F}")
    }

    /// 64-bit FNV-1a of the UTF-8 bytes, as 16 hex digits: stable across runs and platforms (unlike `Hasher`).
    static func fingerprint(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
