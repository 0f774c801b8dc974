import Diagnostics
import IAMPolicy
import JSON
import ServiceReference

/// `iamgate lint`: the parser's errors and warnings plus the checks that need the service reference — unknown
/// services and actions, resources that cannot match the actions' resource types, wildcard-only actions limited to
/// ARNs, and condition keys the actions do not support.
public struct PolicyLinter: Sendable {
    public var reference: ServiceReference
    public var policyType: PolicyType?

    public init(reference: ServiceReference = .shared, policyType: PolicyType? = nil) {
        self.reference = reference
        self.policyType = policyType
    }

    /// Lints the file at `path`; only an unreadable file throws.
    public func lint(path: String) throws(InputError) -> LintReport {
        let bytes = try FileInput.read(path, what: "policy file")
        return lint(bytes: bytes, source: PolicySource(path))
    }

    public func lint(bytes: [UInt8], source: PolicySource) -> LintReport {
        let result = PolicyParser(policyType: policyType).parse(bytes: bytes, source: source)
        var findings = result.findings
        if let document = result.document {
            for statement in document.statements {
                findings += check(statement, source: source.name)
            }
        }
        findings.sort { lhs, rhs in
            let left = lhs.location ?? SourceLocation(line: 0, column: 0)
            let right = rhs.location ?? SourceLocation(line: 0, column: 0)
            return (left.line, left.column) < (right.line, right.column)
        }
        return LintReport(source: source.name, findings: findings)
    }

    func check(_ statement: Statement, source: String) -> [Finding] {
        var findings: [Finding] = []
        func warn(_ code: String, _ message: String, _ location: SourceLocation?) {
            findings.append(
                Finding(
                    code: code, severity: .warning, message: message, source: source,
                    location: location ?? statement.location))
        }
        // Actions: every entry must name at least one known action.
        var namedActions: [ActionInfo] = []
        for pattern in statement.actions.patterns where !pattern.isMalformed {
            if pattern.text.allSatisfy({ $0 == "*" }) { continue }
            let servicePart = String(pattern.text.split(separator: ":", maxSplits: 1).first ?? "")
            if !servicePart.contains(where: { $0 == "*" || $0 == "?" }) && reference.service(servicePart) == nil {
                warn(
                    "unknown-service", "unknown service prefix '\(servicePart)' in action '\(pattern.text)'",
                    pattern.location)
                continue
            }
            let actions = reference.actions(matching: pattern.text)
            if actions.isEmpty {
                let hint = suggestion(for: pattern.text).map { " (did you mean '\($0)'?)" } ?? ""
                warn("unknown-action", "'\(pattern.text)' matches no known action\(hint)", pattern.location)
            }
            namedActions += actions
        }
        guard !statement.actions.isNegated, !namedActions.isEmpty else { return findings }
        // Resources: each ARN must be able to name a resource type of some action; wildcard-only actions need "*".
        if let resources = statement.resources, !resources.isNegated {
            let arnEntries = resources.entries.filter { !$0.text.allSatisfy { $0 == "*" } && $0.text.hasPrefix("arn:") }
            let hasStar = resources.entries.contains { $0.text.allSatisfy { $0 == "*" } }
            for entry in arnEntries {
                let types = namedActions.flatMap { action in
                    action.resourceTypes.compactMap {
                        reference.service(action.service)?.resourceTypes[$0.name.lowercased()]
                    }
                }
                if !types.isEmpty && !types.contains(where: { $0.couldMatch(arnPattern: entry.text) }) {
                    let names = Set(namedActions.map(\.fullName)).sorted().prefix(3).joined(separator: ", ")
                    warn(
                        "resource-mismatch",
                        "resource '\(entry.text)' cannot name any resource type of \(names)"
                            + (namedActions.count > 3 ? " and the other actions" : ""), entry.location)
                }
            }
            if !hasStar && !arnEntries.isEmpty {
                for action in Set(namedActions.filter(\.isWildcardOnly).map(\.fullName)).sorted() {
                    warn(
                        "wildcard-only-action",
                        "\(action) does not support resource-level permissions, so only \"Resource\": \"*\" can "
                            + "grant it; this statement's ARNs never match it", statement.location)
                }
            }
        }
        // Condition keys: global keys, or keys some named action or its resource types support.
        for clause in statement.conditions {
            let key = clause.key.lowercased()
            if key.hasPrefix("aws:") {
                if reference.conditionKey(clause.key) == nil {
                    warn("unknown-condition-key", "unknown global condition key '\(clause.key)'", clause.location)
                }
                continue
            }
            let supported = namedActions.contains { action in
                let keys =
                    action.conditionKeys + action.resourceTypes.flatMap(\.conditionKeys)
                    + action.resourceTypes.flatMap {
                        reference.service(action.service)?.resourceTypes[$0.name.lowercased()]?.conditionKeys ?? []
                    }
                return keys.contains { conditionKey($0, matches: key) }
            }
            if !supported {
                warn(
                    "unsupported-condition-key",
                    "condition key '\(clause.key)' is not supported by the statement's actions, so the condition "
                        + "is evaluated against a key that is never in the request", clause.location)
            }
        }
        return findings
    }

    /// Whether a templated key such as `imagebuilder:CreatedResourceTag/${TagKey}` covers `key` (lowercased).
    func conditionKey(_ template: String, matches key: String) -> Bool {
        let template = template.lowercased()
        guard let open = template.range(of: "${") else { return template == key }
        let prefix = template[template.startIndex..<open.lowerBound]
        return key.hasPrefix(prefix) && key.count > prefix.count
    }

    /// The known action closest to a misspelt one.
    func suggestion(for text: String) -> String? {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, !text.contains("*"), !text.contains("?"),
            let service = reference.service(String(parts[0]))
        else { return nil }
        // In a fixed order, so that equally close actions always give the same suggestion.
        guard let closest = Suggestion.closest(to: String(parts[1]), among: service.actionNames, maxDistance: 3)
        else { return nil }
        return service.actions[closest.lowercased()]?.fullName
    }
}

/// The policy types a file can be linted as, as the CLI names them (`--type boundary`), so the CLI needs no policy
/// model of its own.
public enum LintPolicyType: String, Sendable, CaseIterable {
    case identity
    case resource
    case boundary
    case session
    case scp
    case rcp
    case endpoint

    /// The engine's policy type.
    var policyType: PolicyType {
        switch self {
        case .identity: return .identity
        case .resource: return .resource
        case .boundary: return .permissionsBoundary
        case .session: return .session
        case .scp: return .scp
        case .rcp: return .rcp
        case .endpoint: return .endpoint
        }
    }
}

extension PolicyLinter {
    /// A linter that checks files as policies of `type` (nil: any type).
    public init(reference: ServiceReference = .shared, type: LintPolicyType?) {
        self.init(reference: reference, policyType: type?.policyType)
    }
}
