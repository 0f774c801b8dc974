import IAMPolicy
import JSON

/// Reads back a report `iamgate audit --format json` wrote (`fixtures/schemas/audit-report.schema.json`), for
/// `audit diff` and `audit merge`.
///
/// It is strict: the report must be of the version this iamgate writes (`schemaVersion`, its first member); every key
/// must be one the contract names, every required key present, every value of its type; anything else is one sentence
/// naming the file, the line:column and the key. It is fast: one pass of the located cursor, which validates every
/// byte but builds only what diff and merge need — each principal's ARN, type, account and verdicts, and where its line
/// is — and passes over the evidence (reasons, statements, requests) without building it.
public enum AuditReportReader {
    /// Reads the report at `path` (`-`: standard input).
    public static func read(_ path: String) throws(InputError) -> SavedAuditReport {
        try read(FileInput.read(path, what: "audit report"), path: path)
    }

    /// Reads a report from its bytes; `path` names it in messages.
    public static func read(_ bytes: [UInt8], path: String) throws(InputError) -> SavedAuditReport {
        do {
            var reading = try Reading(bytes: bytes, path: path)
            return try reading.report()
        } catch let error as InputError {
            throw error
        } catch let error as JSONSyntaxError {
            throw InputError("audit report '\(path)' line \(error.location): invalid JSON: \(error.message)")
        } catch {
            throw InputError("audit report '\(path)': \(error)")
        }
    }

    /// The report's members, in the order `AuditReportJSON` writes them; all are required but `organization`.
    static let reportKeys = [
        "schemaVersion", "resource", "source", "mode", "inputs", "accountInputs", "operations", "accounts",
        "principals", "errors", "escalations", "expectations", "expectationsAsOf", "totals", "notes", "organization",
    ]
    static let optionalReportKeys: Set<String> = ["expectationsAsOf", "organization"]
    static let principalKeys = ["principal", "type", "account", "name", "groups", "operations", "policies"]
    /// An operation's members; `resource` and `statement` are optional.
    static let operationKeys = [
        "operation", "resource", "verdict", "statement", "reasons", "blockedBy", "decidingStatements", "conditions",
        "requests",
    ]
    static let optionalOperationKeys: Set<String> = ["resource", "statement"]
    static let errorKeys = ["principal", "type", "account", "message"]

    /// One report being read: the cursor and what it found so far.
    private struct Reading {
        var cursor: JSONCursor
        let path: String

        init(bytes: [UInt8], path: String) throws {
            cursor = try JSONCursor(bytes: bytes)
            self.path = path
        }

        func failure(_ location: SourceLocation, _ message: String) -> InputError {
            InputError("audit report '\(path)' line \(location): \(message)")
        }

        /// The members of the object at the cursor, each handed to `member` with its key (unknown keys and keys given
        /// twice refused); then every key of `required` must have been seen.
        mutating func object(
            _ what: String, keys: [String], optional: Set<String> = [],
            member: (inout Reading, String) throws -> Void
        ) throws -> SourceLocation {
            let start = cursor.position.location
            guard try cursor.enterObject() else {
                throw failure(start, "\(what) must be an object, not \(try cursor.peek())")
            }
            var seen: Set<String> = []
            while let key = try cursor.nextKey() {
                guard keys.contains(key) else {
                    throw failure(
                        cursor.keyLocation,
                        "unknown key '\(key)' in \(what) (expected \(keys.map { "'\($0)'" }.joined(separator: ", ")))")
                }
                guard seen.insert(key).inserted else {
                    throw failure(cursor.keyLocation, "'\(key)' is given twice in \(what)")
                }
                try member(&self, key)
            }
            if let missing = keys.first(where: { !seen.contains($0) && !optional.contains($0) }) {
                throw failure(start, "\(what) has no '\(missing)'")
            }
            return start
        }

        mutating func string(_ key: String) throws -> String {
            let location = cursor.position.location
            guard let text = try cursor.readString() else {
                throw failure(location, "'\(key)' must be a string, not \(try cursor.peek())")
            }
            return text
        }

        mutating func integer(_ key: String) throws -> Int {
            let location = cursor.position.location
            guard let literal = try cursor.readNumber(), let value = Int(literal), value >= 0 else {
                throw failure(location, "'\(key)' must be a whole number of 0 or more")
            }
            return value
        }

        mutating func strings(_ key: String) throws -> [String] {
            var values: [String] = []
            try array(key) { reading in values.append(try reading.string("\(key)[]")) }
            return values
        }

        /// Each element of the array at the cursor, handed to `element`.
        mutating func array(_ key: String, element: (inout Reading) throws -> Void) throws {
            let location = cursor.position.location
            guard try cursor.enterArray() else {
                throw failure(location, "'\(key)' must be an array, not \(try cursor.peek())")
            }
            while try cursor.nextElement() { try element(&self) }
        }

        /// Passes over the value at the cursor (validated, not built), which must be of `kind`.
        mutating func skip(_ key: String, _ kind: JSONCursor.ValueKind) throws {
            let location = cursor.position.location
            let found = try cursor.peek()
            guard found == kind else { throw failure(location, "'\(key)' must be \(kind), not \(found)") }
            try cursor.skipValue()
        }

        mutating func principalType(_ key: String) throws -> AuditPrincipalType {
            let location = cursor.position.location
            let text = try string(key)
            guard let type = AuditPrincipalType(rawValue: text) else {
                throw failure(location, "'\(key)' is '\(text)'; expected 'user' or 'role'")
            }
            return type
        }

        // MARK: The report

        mutating func report() throws -> SavedAuditReport {
            let start = cursor.position.location
            guard try cursor.enterObject() else {
                throw failure(start, "an audit report is a JSON object, not \(try cursor.peek())")
            }
            guard let first = try cursor.nextKey() else {
                throw failure(start, "the report has no 'schemaVersion'")
            }
            guard first == "schemaVersion" else {
                throw failure(
                    cursor.keyLocation,
                    "the report begins with '\(first)', not 'schemaVersion': it was written by an older iamgate or "
                        + "another program (this iamgate reads audit reports of schema version "
                        + "\(AuditReportJSON.schemaVersion)); audit again")
            }
            let versionLocation = cursor.position.location
            let version = JSONOutput(try cursor.readNode()).rendered(pretty: false)
            guard version == String(AuditReportJSON.schemaVersion) else {
                throw failure(
                    versionLocation,
                    "'schemaVersion' is \(version), but this iamgate reads audit reports of schema version "
                        + "\(AuditReportJSON.schemaVersion) only; audit again, or use the iamgate that wrote it")
            }
            var report = SavedAuditReport(
                path: path, size: cursor.bytes.count, resource: "", source: .local, mode: .discovery, inputs: [],
                accountInputs: 0, columns: [], principals: [], errors: [], escalations: [], expectations: [],
                notes: [], organization: nil)
            var seen: Set<String> = ["schemaVersion"]
            var rowLocations: [SourceLocation] = []
            var inputsLocation = start
            while let key = try cursor.nextKey() {
                let keyLocation = cursor.keyLocation
                guard AuditReportReader.reportKeys.contains(key) else {
                    throw failure(
                        keyLocation,
                        "unknown key '\(key)' in the report (a report of schema version "
                            + "\(AuditReportJSON.schemaVersion) has "
                            + AuditReportReader.reportKeys.map { "'\($0)'" }.joined(separator: ", ") + ")")
                }
                guard seen.insert(key).inserted else { throw failure(keyLocation, "'\(key)' is given twice") }
                let location = cursor.position.location
                switch key {
                case "resource":
                    report.resource = try string(key)
                case "source":
                    let text = try string(key)
                    guard let source = CheckSource(rawValue: text) else {
                        throw failure(location, "'source' is '\(text)'; expected 'local', 'live' or 'compare'")
                    }
                    report.source = source
                case "mode":
                    let text = try string(key)
                    guard let mode = EvaluationMode(rawValue: text) else {
                        throw failure(location, "'mode' is '\(text)'; expected 'strict' or 'discovery'")
                    }
                    report.mode = mode
                case "inputs":
                    inputsLocation = location
                    report.inputs = try strings(key)
                case "accountInputs":
                    report.accountInputs = try integer(key)
                case "operations":
                    report.columns = try strings(key)
                case "accounts":
                    _ = try strings(key)
                case "principals":
                    try array(key) { reading in
                        rowLocations.append(reading.cursor.position.location)
                        report.principals.append(try reading.principal())
                    }
                case "errors":
                    try array(key) { reading in report.errors.append(try reading.error()) }
                case "escalations":
                    try array(key) { reading in
                        report.escalations.append(JSONOutput(try reading.cursor.readNode()))
                    }
                case "expectations":
                    try array(key) { reading in
                        report.expectations.append(JSONOutput(try reading.cursor.readNode()))
                    }
                case "expectationsAsOf":
                    _ = try string(key)
                case "totals":
                    try skip(key, .array)
                case "notes":
                    report.notes = try strings(key)
                case "organization":
                    guard try cursor.peek() == .object else {
                        throw failure(location, "'organization' must be an object, not \(try cursor.peek())")
                    }
                    report.organization = JSONOutput(try cursor.readNode())
                default:
                    try cursor.skipValue()
                }
            }
            if let missing = AuditReportReader.reportKeys.first(where: {
                !seen.contains($0) && !AuditReportReader.optionalReportKeys.contains($0)
            }) {
                throw failure(start, "the report has no '\(missing)'")
            }
            try cursor.finish()

            if report.accountInputs > report.inputs.count {
                throw failure(
                    inputsLocation,
                    "'accountInputs' is \(report.accountInputs), but 'inputs' has \(report.inputs.count) lines")
            }
            var arns: [String: SourceLocation] = [:]
            for (row, location) in zip(report.principals, rowLocations) {
                guard row.verdicts.count == report.columns.count else {
                    throw failure(
                        location,
                        "principal '\(row.arn)' has \(row.verdicts.count) operations, but the report's 'operations' "
                            + "has \(report.columns.count)")
                }
                if let earlier = arns.updateValue(location, forKey: row.arn) {
                    throw failure(location, "principal '\(row.arn)' is listed twice (also at line \(earlier))")
                }
            }
            return report
        }

        /// `{principal, type, account, name, groups, operations, policies}`: the identity and the verdicts; the
        /// evidence is validated and passed over.
        mutating func principal() throws -> SavedAuditReport.Row {
            let start = cursor.position
            var arn = ""
            var type = AuditPrincipalType.user
            var account = ""
            var verdicts: [Verdict] = []
            let location = try object("a principal", keys: AuditReportReader.principalKeys) { reading, key in
                switch key {
                case "principal": arn = try reading.string(key)
                case "type": type = try reading.principalType(key)
                case "account": account = try reading.string(key)
                case "name": _ = try reading.string(key)
                case "operations":
                    try reading.array(key) { reading in verdicts.append(try reading.operation()) }
                default: try reading.skip(key, .array)
                }
            }
            guard arn.hasPrefix("arn:"), arn.contains(":\(account):") else {
                throw failure(location, "principal '\(arn)' is not an ARN of its account '\(account)'")
            }
            return SavedAuditReport.Row(
                arn: arn, type: type, account: account, verdicts: verdicts,
                bytes: cursor.span(from: start).range)
        }

        /// One cell: its verdict; the rest validated and passed over.
        mutating func operation() throws -> Verdict {
            var verdict: Verdict?
            _ = try object(
                "an operation", keys: AuditReportReader.operationKeys,
                optional: AuditReportReader.optionalOperationKeys
            ) { reading, key in
                switch key {
                case "operation", "resource": _ = try reading.string(key)
                case "verdict":
                    let location = reading.cursor.position.location
                    let text = try reading.string(key)
                    guard let value = Verdict(rawValue: text) else {
                        throw reading.failure(
                            location, "'verdict' is '\(text)'; expected 'allowed', 'denied' or 'undetermined'")
                    }
                    verdict = value
                case "statement": try reading.skip(key, .object)
                default: try reading.skip(key, .array)
                }
            }
            return verdict ?? .denied
        }

        /// `{principal, type, account, message}`.
        mutating func error() throws -> AuditError {
            var error = AuditError(principal: "", type: .user, account: "", message: "")
            _ = try object("an error", keys: AuditReportReader.errorKeys) { reading, key in
                switch key {
                case "principal": error.principal = try reading.string(key)
                case "type": error.type = try reading.principalType(key)
                case "account": error.account = try reading.string(key)
                default: error.message = try reading.string(key)
                }
            }
            return error
        }
    }
}
