import JSON

/// A problem found in a policy: an error (AWS would reject the policy) or a warning (accepted, likely wrong).
/// Findings are values, not thrown errors, so one pass can report all of them.
public struct Finding: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        case error
        case warning
    }

    /// A stable identifier, e.g. `unknown-operator`, `unknown-action`.
    public var code: String
    public var severity: Severity
    /// One lowercase sentence that quotes the bad value.
    public var message: String
    /// The file (or case description) the policy came from.
    public var source: String
    public var location: SourceLocation?

    public init(code: String, severity: Severity, message: String, source: String, location: SourceLocation?) {
        self.code = code
        self.severity = severity
        self.message = message
        self.source = source
        self.location = location
    }

    enum CodingKeys: String, CodingKey {
        case code, severity, message, source, line, column
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decode(String.self, forKey: .code)
        severity = try container.decode(Severity.self, forKey: .severity)
        message = try container.decode(String.self, forKey: .message)
        source = try container.decode(String.self, forKey: .source)
        if let line = try container.decodeIfPresent(Int.self, forKey: .line),
            let column = try container.decodeIfPresent(Int.self, forKey: .column)
        {
            location = SourceLocation(line: line, column: column)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(severity, forKey: .severity)
        try container.encode(message, forKey: .message)
        try container.encode(source, forKey: .source)
        try container.encodeIfPresent(location?.line, forKey: .line)
        try container.encodeIfPresent(location?.column, forKey: .column)
    }

    /// `policy.json:7:12: error: unknown condition operator 'StringEqual' … [unknown-operator]`.
    public var description: String {
        let place = location.map { "\(source):\($0.line):\($0.column)" } ?? source
        return "\(place): \(severity.rawValue): \(message) [\(code)]"
    }
}

/// A policy that could not be used: its first error, with all findings kept for reports.
public struct PolicyError: Error, Sendable, CustomStringConvertible {
    public var findings: [Finding]

    public init(findings: [Finding]) {
        self.findings = findings
    }

    /// The first error, as one sentence with file and position.
    public var description: String {
        guard let first = findings.first(where: { $0.severity == .error }) ?? findings.first else {
            return "invalid policy"
        }
        let place = first.location.map { " line \($0.line):\($0.column)" } ?? ""
        let more = findings.filter { $0.severity == .error }.count - 1
        let suffix = more > 0 ? " (and \(more) more error\(more == 1 ? "" : "s"))" : ""
        return "policy '\(first.source)'\(place): \(first.message)\(suffix)"
    }
}
