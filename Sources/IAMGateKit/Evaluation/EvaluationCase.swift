import IAMPolicy
import JSON

/// One evaluation case (DESIGN.md "Evaluation case"): a request, the policies that govern it, the mode, and
/// optionally the decision expected.
public struct EvaluationCase: Sendable {
    public var name: String
    public var request: AuthorizationRequest
    public var policies: PolicySet
    public var mode: EvaluationMode
    public var expected: Expectation?
    /// Where the case starts, for messages.
    public var source: String
    public var location: SourceLocation

    /// What the case's author expects; only the fields given are checked.
    public struct Expectation: Sendable, Hashable {
        public var decision: EvalDecision
        public var blockedBy: Set<PolicyType>?
        public var missingContextKeys: Set<String>?
        public var conditionCount: Int?
    }
}

/// Reads evaluation-case files: one case object or an array of them. Every problem is an `InputError` naming the
/// file, the line and column, and the key.
public enum EvaluationCaseLoader {
    public static func load(path: String) throws(InputError) -> [EvaluationCase] {
        let bytes = try FileInput.read(path, what: "case file")
        return try parse(bytes: bytes, source: path)
    }

    public static func parse(bytes: [UInt8], source: String) throws(InputError) -> [EvaluationCase] {
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes)
        } catch let error {
            throw InputError(
                "case file '\(source)' line \(error.location.line):\(error.location.column): \(error.message)",
                cause: error)
        }
        let reader = CaseReader(source: source)
        switch root.kind {
        case .object:
            return [try reader.evaluationCase(root, index: nil)]
        case .array(let items):
            var cases: [EvaluationCase] = []
            for (index, item) in items.enumerated() {
                cases.append(try reader.evaluationCase(item, index: index))
            }
            return cases
        default:
            throw reader.failure(
                at: root.location, "expected a case object or an array of cases, not \(root.typeDescription)")
        }
    }
}

private struct CaseReader {
    let source: String

    func failure(at location: SourceLocation, _ message: String) -> InputError {
        InputError("case file '\(source)' line \(location.line):\(location.column): \(message)")
    }

    func object(_ node: JSONNode, path: String, allowed: Set<String>) throws(InputError) -> [String: JSONMember] {
        guard case .object(let members) = node.kind else {
            throw failure(at: node.location, "'\(path)' must be an object, not \(node.typeDescription)")
        }
        var result: [String: JSONMember] = [:]
        for member in members {
            guard allowed.contains(member.key) else {
                let known = allowed.sorted().joined(separator: ", ")
                let hint =
                    member.key == "Statement" || member.key == "Version"
                    ? "; this looks like a policy, which 'iamgate lint' checks and a case holds under 'policies'" : ""
                throw failure(
                    at: member.keyLocation,
                    "unknown key '\(member.key)' in '\(path)' (expected one of: \(known))\(hint)")
            }
            guard result[member.key] == nil else {
                throw failure(at: member.keyLocation, "duplicate key '\(member.key)' in '\(path)'")
            }
            result[member.key] = member
        }
        return result
    }

    func string(_ members: [String: JSONMember], _ key: String, path: String, required: Bool) throws(InputError)
        -> String?
    {
        guard let member = members[key] else {
            if required { throw InputError("case file '\(source)': '\(path).\(key)' is required") }
            return nil
        }
        if case .null = member.value.kind, !required { return nil }
        guard let text = member.value.stringValue else {
            throw failure(
                at: member.value.location, "'\(path).\(key)' must be a string, not \(member.value.typeDescription)")
        }
        return text
    }

    func evaluationCase(_ node: JSONNode, index: Int?) throws(InputError) -> EvaluationCase {
        let label = index.map { "[\($0)]" } ?? "case"
        let members = try object(
            node, path: label,
            allowed: ["name", "description", "request", "policies", "mode", "expected", "disputed"])
        guard let nameMember = members["name"], let name = nameMember.value.stringValue else {
            throw failure(at: node.location, "case \(label) needs a string 'name'")
        }
        let path = "case '\(name)'"
        guard let requestMember = members["request"] else {
            throw failure(at: node.location, "\(path) has no 'request'")
        }
        let request = try self.request(requestMember.value, path: "\(path) request")
        var policies = PolicySet()
        if let policiesMember = members["policies"] {
            policies = try self.policies(policiesMember.value, caseName: name)
        }
        try check(policies, for: request, path: path, at: node.location)
        var mode = EvaluationMode.strict
        if let modeText = try string(members, "mode", path: path, required: false) {
            guard let parsed = EvaluationMode(rawValue: modeText) else {
                throw failure(
                    at: members["mode"]?.value.location ?? node.location,
                    "\(path): unknown mode '\(modeText)' (expected 'strict' or 'discovery')")
            }
            mode = parsed
        }
        var expected: EvaluationCase.Expectation?
        if let expectedMember = members["expected"] {
            expected = try expectation(expectedMember.value, path: "\(path) expected")
        }
        return EvaluationCase(
            name: name, request: request, policies: policies, mode: mode, expected: expected, source: source,
            location: node.location)
    }

    func request(_ node: JSONNode, path: String) throws(InputError) -> AuthorizationRequest {
        let members = try object(
            node, path: path, allowed: ["principal", "action", "resource", "resourceAccount", "context"])
        guard let principalText = try string(members, "principal", path: path, required: true),
            let action = try string(members, "action", path: path, required: true),
            let resource = try string(members, "resource", path: path, required: true)
        else { throw failure(at: node.location, "\(path) needs 'principal', 'action' and 'resource'") }
        let principal: Principal
        switch Principal.parse(principalText) {
        case .success(let parsed): principal = parsed
        case .failure(let error):
            throw failure(at: members["principal"]?.value.location ?? node.location, "\(path): \(error.description)")
        }
        guard action == "*" || action.split(separator: ":").count == 2, !action.contains(" ") else {
            throw failure(
                at: members["action"]?.value.location ?? node.location,
                "\(path): action '\(action)' is not of the form 'service:Action'")
        }
        let resourceAccount = try string(members, "resourceAccount", path: path, required: false)
        if let resourceAccount, resourceAccount.count != 12 || !resourceAccount.allSatisfy(\.isNumber) {
            throw failure(
                at: members["resourceAccount"]?.value.location ?? node.location,
                "\(path): 'resourceAccount' must be a 12-digit account id, not '\(resourceAccount)'")
        }
        var context = RequestContext()
        if let contextMember = members["context"] {
            context = try self.context(contextMember.value, path: "\(path) context")
        }
        return AuthorizationRequest(
            principal: principal, action: action, resource: resource, resourceAccount: resourceAccount,
            context: context)
    }

    func context(_ node: JSONNode, path: String) throws(InputError) -> RequestContext {
        guard case .object(let members) = node.kind else {
            throw failure(at: node.location, "'\(path)' must be an object, not \(node.typeDescription)")
        }
        var context = RequestContext()
        var seen: Set<String> = []
        for member in members {
            guard seen.insert(member.key.lowercased()).inserted else {
                throw failure(
                    at: member.keyLocation, "context key '\(member.key)' appears twice (key names are case-insensitive)"
                )
            }
            context[member.key] = try ContextValue(node: member.value) { node in
                failure(
                    at: node.location,
                    "context key '\(member.key)' must be a string, number, boolean or an array of them, not "
                        + node.typeDescription)
            }
        }
        return context
    }

    func policies(_ node: JSONNode, caseName: String) throws(InputError) -> PolicySet {
        let path = "case '\(caseName)' policies"
        let members = try object(
            node, path: path,
            allowed: ["identity", "permissionsBoundary", "session", "resource", "trust", "scps", "rcps", "endpoint"])
        var set = PolicySet()
        func document(_ node: JSONNode, type: PolicyType, label: String, trust: Bool = false) throws(InputError)
            -> PolicyDocument
        {
            let result = PolicyParser(policyType: type, isTrustPolicy: trust).parse(
                node: node, source: PolicySource("\(source) case '\(caseName)' \(label)", file: source))
            guard let document = result.document else {
                throw InputError(PolicyError(findings: result.findings).description, findings: result.findings)
            }
            return document
        }
        func optional(_ key: String, type: PolicyType, trust: Bool = false) throws(InputError) -> PolicyDocument? {
            guard let member = members[key] else { return nil }
            if case .null = member.value.kind { return nil }
            return try document(member.value, type: type, label: key, trust: trust)
        }
        func list(_ key: String, type: PolicyType, labelPrefix: String) throws(InputError) -> [PolicyDocument] {
            guard let member = members[key] else { return [] }
            if case .null = member.value.kind { return [] }
            guard case .array(let items) = member.value.kind else {
                throw failure(
                    at: member.value.location,
                    "'\(path).\(key)' must be an array of policies, not "
                        + member.value.typeDescription)
            }
            var documents: [PolicyDocument] = []
            for (index, item) in items.enumerated() {
                documents.append(try document(item, type: type, label: "\(labelPrefix)[\(index)]"))
            }
            return documents
        }
        func levels(_ key: String, type: PolicyType) throws(InputError) -> [[PolicyDocument]]? {
            guard let member = members[key] else { return nil }
            if case .null = member.value.kind { return nil }
            guard case .array(let levelNodes) = member.value.kind else {
                throw failure(
                    at: member.value.location,
                    "'\(path).\(key)' must be an array with one array of policies per organization level, not "
                        + member.value.typeDescription)
            }
            var result: [[PolicyDocument]] = []
            for (level, levelNode) in levelNodes.enumerated() {
                guard case .array(let items) = levelNode.kind else {
                    throw failure(
                        at: levelNode.location,
                        "'\(path).\(key)[\(level)]' must be an array of policies (one array per organization level), "
                            + "not \(levelNode.typeDescription)")
                }
                var documents: [PolicyDocument] = []
                for (index, item) in items.enumerated() {
                    documents.append(try document(item, type: type, label: "\(key)[\(level)][\(index)]"))
                }
                result.append(documents)
            }
            return result
        }
        func given(_ key: String) -> Bool {
            guard let member = members[key] else { return false }
            if case .null = member.value.kind { return false }
            return true
        }
        if given("trust") && given("resource"), let trust = members["trust"] {
            throw failure(
                at: trust.keyLocation,
                "'\(path)' has both 'resource' and 'trust'; a role's trust policy is its resource-based policy, so "
                    + "give one of them")
        }
        set.identity = try list("identity", type: .identity, labelPrefix: "identity")
        set.permissionsBoundary = try optional("permissionsBoundary", type: .permissionsBoundary)
        set.session = try optional("session", type: .session)
        set.resource = try optional("resource", type: .resource)
        // `trust`: the role's trust policy, which is the role's resource-based policy (docs/evaluation.md §1).
        if let trust = try optional("trust", type: .resource, trust: true) {
            set.resource = trust
            set.resourceIsTrustPolicy = true
        }
        set.endpoint = try optional("endpoint", type: .endpoint)
        set.scps = try levels("scps", type: .scp)
        set.rcps = try levels("rcps", type: .rcp)
        return set
    }

    /// Rejects policy types that cannot exist for the principal, rather than silently ignoring them.
    func check(_ policies: PolicySet, for request: AuthorizationRequest, path: String, at location: SourceLocation)
        throws(InputError)
    {
        let principal = request.principal
        if policies.resourceIsTrustPolicy && ServiceRule.isRoleARN(request.resource) == false {
            throw failure(
                at: location,
                "\(path): a 'trust' policy is the trust policy of the role the request is about, so 'request.resource' "
                    + "must be a role ARN, not '\(request.resource)'")
        }
        if policies.session != nil && !principal.canHaveSessionPolicy {
            throw failure(
                at: location,
                "\(path): a session policy applies to role sessions and federated users, not to '\(principal)'")
        }
        let hasNoIdentity = principal.kind == .service || principal.kind == .anonymous || principal.kind == .root
        if policies.permissionsBoundary != nil && hasNoIdentity {
            throw failure(
                at: location, "\(path): a permissions boundary applies to IAM users and roles, not to '\(principal)'")
        }
        if !policies.identity.isEmpty && (principal.kind == .service || principal.kind == .anonymous) {
            throw failure(at: location, "\(path): '\(principal)' has no identity-based policies")
        }
    }

    func expectation(_ node: JSONNode, path: String) throws(InputError) -> EvaluationCase.Expectation {
        let members = try object(
            node, path: path, allowed: ["decision", "blockedBy", "missingContextKeys", "conditionCount"])
        guard let decisionText = try string(members, "decision", path: path, required: true),
            let decision = EvalDecision(rawValue: decisionText)
        else {
            throw failure(
                at: members["decision"]?.value.location ?? node.location,
                "'\(path).decision' must be 'allowed', 'explicitDeny' or 'implicitDeny'")
        }
        var expectation = EvaluationCase.Expectation(decision: decision)
        if let member = members["blockedBy"] {
            guard case .array(let items) = member.value.kind else {
                throw failure(at: member.value.location, "'\(path).blockedBy' must be an array of policy types")
            }
            var types: Set<PolicyType> = []
            for item in items {
                guard let text = item.stringValue, let type = PolicyType(rawValue: text) else {
                    let names = PolicyType.allCases.map(\.rawValue).joined(separator: ", ")
                    throw failure(at: item.location, "'\(path).blockedBy' entries must be one of: \(names)")
                }
                types.insert(type)
            }
            expectation.blockedBy = types
        }
        if let member = members["missingContextKeys"] {
            guard case .array(let items) = member.value.kind else {
                throw failure(at: member.value.location, "'\(path).missingContextKeys' must be an array of strings")
            }
            var keys: Set<String> = []
            for item in items {
                guard let text = item.stringValue else {
                    throw failure(at: item.location, "'\(path).missingContextKeys' entries must be strings")
                }
                keys.insert(text.lowercased())
            }
            expectation.missingContextKeys = keys
        }
        if let member = members["conditionCount"] {
            guard case .number(let text) = member.value.kind, let count = Int(text) else {
                throw failure(at: member.value.location, "'\(path).conditionCount' must be a whole number")
            }
            expectation.conditionCount = count
        }
        return expectation
    }
}

extension ContextValue {
    /// A context value from JSON: a string, number or boolean, or an array of them.
    init(node: JSONNode, invalid: (JSONNode) -> InputError) throws(InputError) {
        func scalar(_ node: JSONNode) -> String? {
            switch node.kind {
            case .string(let text): return text
            case .number(let text): return text
            case .bool(let flag): return flag ? "true" : "false"
            default: return nil
            }
        }
        if let text = scalar(node) {
            self.init(text)
            return
        }
        guard case .array(let items) = node.kind else { throw invalid(node) }
        var values: [String] = []
        for item in items {
            guard let text = scalar(item) else { throw invalid(item) }
            values.append(text)
        }
        self.init(set: values)
    }
}
