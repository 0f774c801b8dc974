import Diagnostics
import JSON
import Wildcard

/// Turns policy JSON into a `PolicyDocument`, strictly: every element's type is checked, unknown elements and
/// operators are errors, and each finding carries the line and column of the element at fault
/// (`reference_policies_grammar.md`, `reference_policies_elements*.md`).
public struct PolicyParser: Sendable {
    /// Which kind of policy the document is, when known; it decides where `Principal` belongs.
    public var policyType: PolicyType?
    /// The document is a role trust policy (a resource-based policy, `policyType` `.resource`): `Resource` is not
    /// required and `NotPrincipal` is not allowed (`reference_policies_elements_principal.md`,
    /// `reference_policies_elements_notprincipal.md`).
    public var isTrustPolicy: Bool

    public init(policyType: PolicyType? = nil, isTrustPolicy: Bool = false) {
        self.policyType = policyType
        self.isTrustPolicy = isTrustPolicy
    }

    /// The parsed document (when there is no error) and every finding.
    public struct Result: Sendable {
        public var document: PolicyDocument?
        public var findings: [Finding]

        public var errors: [Finding] { findings.filter { $0.severity == .error } }
        public var warnings: [Finding] { findings.filter { $0.severity == .warning } }
    }

    /// Parses raw file bytes. A document that is URL-encoded as a whole (as IAM's API returns policies) is decoded
    /// first.
    public func parse(bytes: [UInt8], source: PolicySource) -> Result {
        let trimmed = bytes.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        if trimmed.count >= 3, trimmed.first == UInt8(ascii: "%"), let decoded = percentDecode(Array(trimmed)) {
            return parseJSON(bytes: decoded, source: source, note: " (in the URL-decoded document)")
        }
        return parseJSON(bytes: bytes, source: source, note: "")
    }

    /// Parses a policy given as a JSON node: an object, or a string holding the (possibly URL-encoded) document.
    public func parse(node: JSONNode, source: PolicySource) -> Result {
        if case .string(let text) = node.kind {
            return parse(
                bytes: Array(text.utf8), source: PolicySource(source.name + " (embedded document)", file: source.file))
        }
        let characters = approximateCharacters(node)
        if characters > Self.maximumPolicyCharacters {
            let finding = Finding(
                code: "policy-too-large",
                severity: .error,
                message: "the policy has about \(characters) characters; no AWS policy type accepts more than "
                    + "\(Self.maximumPolicyCharacters)",
                source: source.name, location: node.location)
            return Result(document: nil, findings: [finding])
        }
        var builder = Builder(source: source, policyType: policyType, isTrustPolicy: isTrustPolicy)
        let document = builder.document(node)
        return Result(document: builder.hasErrors ? nil : document, findings: builder.findings)
    }

    /// The size of a node as compact JSON, near enough for the size limit (escapes are not counted).
    private func approximateCharacters(_ node: JSONNode) -> Int {
        switch node.kind {
        case .null: return 4
        case .bool(let flag): return flag ? 4 : 5
        case .number(let text): return text.utf8.count
        case .string(let text): return text.unicodeScalars.count + 2
        case .array(let items): return items.reduce(2) { $0 + approximateCharacters($1) + 1 }
        case .object(let members):
            return members.reduce(2) { $0 + $1.key.unicodeScalars.count + 4 + approximateCharacters($1.value) }
        }
    }

    /// No AWS policy type accepts a document anywhere near this size (the largest, KMS key policies, take 32 KB;
    /// IAM counts characters without white space).
    public static let maximumPolicyCharacters = 131_072

    /// Size limits worth a warning, by policy type (IAM and Organizations quotas, white space not counted).
    static func sizeLimit(for type: PolicyType?) -> (limit: Int, what: String)? {
        switch type {
        case .identity, .permissionsBoundary: return (6_144, "IAM managed policies")
        case .scp, .rcp: return (5_120, "organization policies")
        case .session: return (2_048, "session policies passed to AssumeRole")
        default: return nil
        }
    }

    private func parseJSON(bytes: [UInt8], source: PolicySource, note: String) -> Result {
        let characters = bytes.withUnsafeBufferPointer(countedCharacters)
        if characters > Self.maximumPolicyCharacters {
            let finding = Finding(
                code: "policy-too-large",
                severity: .error,
                message: "the policy has \(characters) characters (white space not counted); no AWS policy type "
                    + "accepts more than \(Self.maximumPolicyCharacters)",
                source: source.name, location: SourceLocation(line: 1, column: 1))
            return Result(document: nil, findings: [finding])
        }
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes)
        } catch let error {
            let finding = Finding(
                code: "json-syntax", severity: .error, message: "invalid JSON\(note): \(error.message)",
                source: source.name, location: error.location)
            return Result(document: nil, findings: [finding])
        }
        var builder = Builder(source: source, policyType: policyType, isTrustPolicy: isTrustPolicy)
        let document = builder.document(root)
        if let (limit, what) = Self.sizeLimit(for: policyType), characters > limit {
            builder.warning(
                "policy-size",
                "the policy has \(characters) characters (white space not counted), over the \(limit) AWS allows "
                    + "for \(what)", at: root.location)
        }
        return Result(document: builder.hasErrors ? nil : document, findings: builder.findings)
    }
}

/// Characters as IAM counts them for its size limits: Unicode scalars (UTF-8 bytes that do not continue a scalar),
/// white space (space, line feed, carriage return, tab) not counted. Eight bytes at a time: each test below sets the
/// top bit of exactly the bytes it finds.
func countedCharacters(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highBits: UInt64 = 0x8080_8080_8080_8080
    let lowBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    /// The top bit of every byte of `word` that is zero.
    func zeroBytes(_ word: UInt64) -> UInt64 {
        ~(((word & lowBits) &+ lowBits) | word) & highBits
    }
    var count = 0
    var index = 0
    if let base = bytes.baseAddress {
        let raw = UnsafeRawPointer(base)
        while index + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            // A continuation byte is 10xxxxxx: its top bit set and the bit below clear.
            let continuation = word & ~(word << 1) & highBits
            let whiteSpace =
                zeroBytes(word ^ (ones &* 0x20)) | zeroBytes(word ^ (ones &* 0x0A)) | zeroBytes(word ^ (ones &* 0x0D))
                | zeroBytes(word ^ (ones &* 0x09))
            count += 8 - (continuation | whiteSpace).nonzeroBitCount
            index += 8
        }
    }
    while index < bytes.count {
        let byte = bytes[index]
        if byte != 0x20 && byte != 0x0A && byte != 0x0D && byte != 0x09 && byte & 0xC0 != 0x80 { count += 1 }
        index += 1
    }
    return count
}

/// Decodes `%XX` escapes; `nil` when an escape is malformed or the result is not UTF-8 JSON-looking text.
func percentDecode(_ bytes: [UInt8]) -> [UInt8]? {
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    var index = 0
    func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - 48
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - 87
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - 55
        default: return nil
        }
    }
    while index < bytes.count {
        let byte = bytes[index]
        if byte == UInt8(ascii: "%") {
            guard index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            else { return nil }
            output.append(high << 4 | low)
            index += 3
        } else {
            output.append(byte)
            index += 1
        }
    }
    return output
}

private struct Builder {
    let source: PolicySource
    let policyType: PolicyType?
    let isTrustPolicy: Bool
    var findings: [Finding] = []
    var hasErrors = false
    var version: PolicyVersion = .absent
    var sawVariables = false

    init(source: PolicySource, policyType: PolicyType?, isTrustPolicy: Bool) {
        self.source = source
        self.policyType = policyType
        self.isTrustPolicy = isTrustPolicy
    }

    mutating func error(_ code: String, _ message: String, at location: SourceLocation?) {
        hasErrors = true
        findings.append(
            Finding(code: code, severity: .error, message: message, source: source.name, location: location))
    }

    mutating func warning(_ code: String, _ message: String, at location: SourceLocation?) {
        findings.append(
            Finding(code: code, severity: .warning, message: message, source: source.name, location: location))
    }

    /// Members of an object, reporting duplicate keys (AWS's parsers disagree on which duplicate wins, so a
    /// duplicate is an error rather than a silent choice).
    mutating func members(_ node: JSONNode, context: String) -> [JSONMember] {
        guard case .object(let members) = node.kind else { return [] }
        // Policy objects are small: comparing pairs is cheaper than hashing every key.
        if members.count <= 16 {
            for later in members.indices.dropFirst() {
                for earlier in members.startIndex..<later where members[earlier].key == members[later].key {
                    error(
                        "duplicate-key", "duplicate key '\(members[later].key)' in \(context)",
                        at: members[later].keyLocation)
                    break
                }
            }
        } else {
            var seen: Set<String> = []
            for member in members where !seen.insert(member.key).inserted {
                error("duplicate-key", "duplicate key '\(member.key)' in \(context)", at: member.keyLocation)
            }
        }
        return members
    }

    mutating func document(_ root: JSONNode) -> PolicyDocument {
        var document = PolicyDocument(version: .absent, statements: [], source: source)
        guard case .object = root.kind else {
            error("wrong-type", "a policy must be a JSON object, not \(root.typeDescription)", at: root.location)
            return document
        }
        let members = members(root, context: "the policy")
        var statementNode: JSONNode?
        var versionLocation: SourceLocation?
        for member in members {
            switch member.key {
            case "Version":
                versionLocation = member.value.location
                guard let text = member.value.stringValue else {
                    error(
                        "wrong-type", "'Version' must be a string, not \(member.value.typeDescription)",
                        at: member.value.location)
                    continue
                }
                guard let parsed = PolicyVersion(rawValue: text), parsed != .absent else {
                    error(
                        "unknown-version", "unknown policy version '\(text)' (expected '2012-10-17' or '2008-10-17')",
                        at: member.value.location)
                    continue
                }
                version = parsed
            case "Id":
                if let text = member.value.stringValue {
                    document.id = text
                } else {
                    error(
                        "wrong-type", "'Id' must be a string, not \(member.value.typeDescription)",
                        at: member.value.location)
                }
            case "Statement":
                statementNode = member.value
            default:
                error(
                    "unknown-element",
                    "unknown top-level element '\(member.key)'\(suggestion(member.key, among: topLevelElements))",
                    at: member.keyLocation)
            }
        }
        document.version = version
        guard let statementNode else {
            error("missing-element", "the policy has no 'Statement'", at: root.location)
            return document
        }
        let statementNodes: [JSONNode]
        switch statementNode.kind {
        case .object: statementNodes = [statementNode]
        case .array(let items): statementNodes = items
        default:
            error(
                "wrong-type",
                "'Statement' must be an object or an array of objects, not \(statementNode.typeDescription)",
                at: statementNode.location)
            return document
        }
        var sids: [String: SourceLocation] = [:]
        for (index, node) in statementNodes.enumerated() {
            if let statement = statement(node, index: index) {
                if let sid = statement.sid, !sid.isEmpty {
                    if let first = sids[sid] {
                        error(
                            "duplicate-sid", "duplicate Sid '\(sid)' (first used at line \(first.line))",
                            at: statement.location)
                    } else {
                        sids[sid] = statement.location
                    }
                }
                document.statements.append(statement)
            }
        }
        if version == .absent {
            warning(
                "missing-version",
                "the policy has no 'Version', so AWS applies '2008-10-17': policy variables such as ${aws:username} "
                    + "are literal text; add \"Version\": \"2012-10-17\"",
                at: root.location)
        } else if version == .version2008 && sawVariables {
            warning(
                "variables-need-2012",
                "the policy uses '${…}' but its 'Version' is '2008-10-17', so the variables are literal text",
                at: versionLocation)
        }
        return document
    }

    mutating func statement(_ node: JSONNode, index: Int) -> Statement? {
        guard case .object = node.kind else {
            error(
                "wrong-type", "statement \(index) must be an object, not \(node.typeDescription)", at: node.location)
            return nil
        }
        let startErrors = findings.count
        let wasFailing = hasErrors
        hasErrors = false
        defer { hasErrors = hasErrors || wasFailing }
        var sid: String?
        var effect: Effect?
        var actions: ActionElement?
        var actionLocation: SourceLocation?
        var resources: ResourceElement?
        var principals: PrincipalElement?
        var principalLocation: SourceLocation?
        var conditions: [ConditionClause] = []
        var sawAction = false
        var sawNotAction = false
        var sawResource = false
        var sawNotResource = false
        var sawPrincipal = false
        var sawNotPrincipal = false
        var misspelt: Set<String> = []
        for member in members(node, context: "statement \(index)") {
            let value = member.value
            switch member.key {
            case "Sid":
                if let text = value.stringValue {
                    sid = text
                } else {
                    error("wrong-type", "'Sid' must be a string, not \(value.typeDescription)", at: value.location)
                }
            case "Effect":
                guard let text = value.stringValue else {
                    error("wrong-type", "'Effect' must be a string, not \(value.typeDescription)", at: value.location)
                    continue
                }
                guard let parsed = Effect(rawValue: text) else {
                    error("invalid-effect", "'Effect' must be 'Allow' or 'Deny', not '\(text)'", at: value.location)
                    continue
                }
                effect = parsed
            case "Action", "NotAction":
                let negated = member.key == "NotAction"
                if negated { sawNotAction = true } else { sawAction = true }
                actionLocation = member.keyLocation
                if let list = stringList(value, element: member.key) {
                    let patterns = list.enumerated().map { ActionPattern($1, location: listLocation(value, $0)) }
                    for pattern in patterns where pattern.isMalformed {
                        warning(
                            "malformed-action",
                            "'\(pattern.text)' in '\(member.key)' can never name an action (an action is "
                                + "'service:Name'; spaces and commas are not allowed)",
                            at: pattern.location)
                    }
                    actions = ActionElement(isNegated: negated, patterns: patterns)
                }
            case "Resource", "NotResource":
                let negated = member.key == "NotResource"
                if negated { sawNotResource = true } else { sawResource = true }
                if let list = stringList(value, element: member.key) {
                    let variables = version.supportsVariables
                    if list.contains(where: hasVariableMarker) { sawVariables = true }
                    let entries = list.enumerated().map {
                        ResourceEntry($1, variablesEnabled: variables, location: listLocation(value, $0))
                    }
                    resources = ResourceElement(isNegated: negated, entries: entries)
                    for (offset, text) in list.enumerated() {
                        checkResource(text, location: listLocation(value, offset))
                    }
                }
            case "Principal", "NotPrincipal":
                let negated = member.key == "NotPrincipal"
                if negated { sawNotPrincipal = true } else { sawPrincipal = true }
                principalLocation = member.keyLocation
                if let entries = principalEntries(value, element: member.key) {
                    principals = PrincipalElement(isNegated: negated, entries: entries)
                }
            case "Condition":
                conditions = conditionClauses(value)
            default:
                let hint = suggestion(member.key, among: statementElements)
                if let intended = closestElement(member.key, among: statementElements) { misspelt.insert(intended) }
                error("unknown-element", "unknown statement element '\(member.key)'\(hint)", at: member.keyLocation)
            }
        }
        // A misspelt element already explains why its correct spelling is missing.
        let explained = { (names: [String]) in names.contains { misspelt.contains($0) } }
        if sawAction && sawNotAction {
            error(
                "action-and-notaction", "statement \(index) has both 'Action' and 'NotAction'", at: actionLocation)
        } else if !sawAction && !sawNotAction && !explained(["Action", "NotAction"]) {
            error("missing-element", "statement \(index) has neither 'Action' nor 'NotAction'", at: node.location)
        }
        if sawResource && sawNotResource {
            error(
                "resource-and-notresource", "statement \(index) has both 'Resource' and 'NotResource'",
                at: node.location)
        } else if !sawResource && !sawNotResource && !explained(["Resource", "NotResource"]) && !isTrustPolicy {
            // A role trust policy names no resource: the resource is the role it is attached to.
            error("missing-element", "statement \(index) has neither 'Resource' nor 'NotResource'", at: node.location)
        }
        if sawPrincipal && sawNotPrincipal {
            error(
                "principal-and-notprincipal", "statement \(index) has both 'Principal' and 'NotPrincipal'",
                at: principalLocation)
        }
        if effect == nil && !explained(["Effect"])
            && findings[startErrors...].allSatisfy({ $0.code != "invalid-effect" && $0.code != "wrong-type" })
        {
            error("missing-element", "statement \(index) has no 'Effect'", at: node.location)
        }
        checkPrincipalPlacement(
            hasPrincipal: sawPrincipal || sawNotPrincipal, location: principalLocation ?? node.location, index: index)
        if sawNotPrincipal && isTrustPolicy {
            error(
                "notprincipal-in-trust-policy",
                "statement \(index) has 'NotPrincipal', which a role trust policy cannot use "
                    + "(reference_policies_elements_notprincipal.md)", at: principalLocation)
        } else if sawNotPrincipal && effect == .allow {
            warning(
                "notprincipal-with-allow",
                "'NotPrincipal' with 'Allow' grants access to every principal not listed, anonymous callers included",
                at: principalLocation)
        }
        guard !hasErrors, let effect, let actions else { return nil }
        return Statement(
            sid: sid, effect: effect, actions: actions, resources: resources, principals: principals,
            conditions: conditions, index: index, location: node.location)
    }

    mutating func checkPrincipalPlacement(hasPrincipal: Bool, location: SourceLocation, index: Int) {
        guard let policyType else { return }
        switch policyType {
        case .identity, .permissionsBoundary, .session, .scp:
            if hasPrincipal {
                error(
                    "principal-not-allowed",
                    "statement \(index) has 'Principal' or 'NotPrincipal', which a \(policyType.displayName) cannot "
                        + "have", at: location)
            }
        case .resource, .endpoint, .rcp:
            if !hasPrincipal {
                error(
                    "missing-principal",
                    "statement \(index) has no 'Principal', which a \(policyType.displayName) requires",
                    at: location)
            }
        }
    }

    mutating func checkResource(_ text: String, location: SourceLocation) {
        var copy = text
        switch copy.withUTF8(Self.resourceProblem) {
        case nil:
            return
        case .notARN:
            warning(
                "resource-not-arn", "resource '\(text)' is not an ARN and matches no resource (use '*' or an ARN)",
                at: location)
        case .tooShort:
            warning(
                "resource-too-short",
                "resource '\(text)' has fewer than six ':'-separated parts and no trailing '*', so it matches nothing",
                at: location)
        case .wildcardInService:
            warning(
                "wildcard-in-service",
                "resource '\(text)' has a wildcard in its service part, which AWS does not allow", at: location)
        }
    }

    /// What is wrong with a resource entry, found on its UTF-8 bytes: colons and wildcards are ASCII, so the bytes
    /// tell the parts apart without building strings.
    enum ResourceProblem {
        case notARN
        case tooShort
        case wildcardInService
    }

    static func resourceProblem(_ bytes: UnsafeBufferPointer<UInt8>) -> ResourceProblem? {
        if bytes.allSatisfy({ $0 == UInt8(ascii: "*") }) { return nil }
        guard bytes.starts(with: "arn:".utf8) else { return .notARN }
        var colons = 0
        var serviceHasWildcard = false
        for byte in bytes {
            if byte == UInt8(ascii: ":") {
                colons += 1
                if colons == 5 { break }
            } else if colons == 2 && (byte == UInt8(ascii: "*") || byte == UInt8(ascii: "?")) {
                serviceHasWildcard = true
            }
        }
        if colons < 5 && bytes.last != UInt8(ascii: "*") { return .tooShort }
        return serviceHasWildcard ? .wildcardInService : nil
    }

    /// A string or an array of strings; reports anything else.
    mutating func stringList(_ node: JSONNode, element: String) -> [String]? {
        switch node.kind {
        case .string(let text):
            return [text]
        case .array(let items):
            if items.isEmpty {
                error("empty-element", "'\(element)' must not be an empty array", at: node.location)
                return nil
            }
            var list: [String] = []
            for item in items {
                guard let text = item.stringValue else {
                    error(
                        "wrong-type", "'\(element)' entries must be strings, not \(item.typeDescription)",
                        at: item.location)
                    return nil
                }
                list.append(text)
            }
            return list
        default:
            error(
                "wrong-type", "'\(element)' must be a string or an array of strings, not \(node.typeDescription)",
                at: node.location)
            return nil
        }
    }

    func listLocation(_ node: JSONNode, _ offset: Int) -> SourceLocation {
        if case .array(let items) = node.kind, offset < items.count { return items[offset].location }
        return node.location
    }

    mutating func principalEntries(_ node: JSONNode, element: String) -> [PrincipalEntry]? {
        switch node.kind {
        case .string(let text):
            guard text == "*" else {
                error(
                    "invalid-principal",
                    "'\(element)' as a string must be \"*\"; name principals as {\"AWS\": …}, {\"Service\": …}, "
                        + "{\"Federated\": …} or {\"CanonicalUser\": …}", at: node.location)
                return nil
            }
            return [.everyone]
        case .object:
            var entries: [PrincipalEntry] = []
            for member in members(node, context: "'\(element)'") {
                guard let values = stringList(member.value, element: "\(element).\(member.key)") else { continue }
                for (offset, value) in values.enumerated() {
                    let location = listLocation(member.value, offset)
                    switch member.key {
                    case "AWS":
                        let entry = PrincipalEntry(awsValue: value)
                        if case .unrecognized = entry {
                            if value.contains("*") {
                                error(
                                    "invalid-principal",
                                    "principal '\(value)' uses a wildcard; only \"*\" alone is allowed in 'AWS'",
                                    at: location)
                            } else {
                                error(
                                    "invalid-principal",
                                    "principal '\(value)' is not an account id or an IAM user, role, role session, "
                                        + "federated-user or root ARN", at: location)
                            }
                        }
                        entries.append(entry)
                    case "Service":
                        entries.append(value == "*" ? .everyone : .service(value.lowercased()))
                    case "Federated":
                        entries.append(.federated(value))
                    case "CanonicalUser":
                        entries.append(.canonicalUser(value))
                    default:
                        error(
                            "invalid-principal",
                            "unknown principal type '\(member.key)' (expected AWS, Service, Federated or CanonicalUser)",
                            at: member.keyLocation)
                    }
                }
            }
            return entries
        default:
            error(
                "wrong-type", "'\(element)' must be \"*\" or an object, not \(node.typeDescription)",
                at: node.location)
            return nil
        }
    }

    mutating func conditionClauses(_ node: JSONNode) -> [ConditionClause] {
        guard case .object = node.kind else {
            error("wrong-type", "'Condition' must be an object, not \(node.typeDescription)", at: node.location)
            return []
        }
        var clauses: [ConditionClause] = []
        for operatorMember in members(node, context: "'Condition'") {
            guard let conditionOperator = ConditionOperator(parsing: operatorMember.key) else {
                let hint = ConditionOperator.suggestion(for: operatorMember.key).map { " (did you mean '\($0)'?)" }
                error(
                    "unknown-operator", "unknown condition operator '\(operatorMember.key)'\(hint ?? "")",
                    at: operatorMember.keyLocation)
                continue
            }
            guard case .object = operatorMember.value.kind else {
                error(
                    "wrong-type",
                    "the value of '\(operatorMember.key)' must be an object of condition keys, not "
                        + operatorMember.value.typeDescription, at: operatorMember.value.location)
                continue
            }
            // An operator names few keys: a list finds a repeated one sooner than a set would hash them.
            var keysSeen: [String] = []
            for keyMember in members(operatorMember.value, context: "'\(operatorMember.key)'") {
                let lowercasedKey = keyMember.key.lowercased()
                if keysSeen.contains(lowercasedKey) {
                    error(
                        "duplicate-key",
                        "condition key '\(keyMember.key)' appears twice under '\(operatorMember.key)' (key names are "
                            + "case-insensitive)", at: keyMember.keyLocation)
                    continue
                }
                keysSeen.append(lowercasedKey)
                guard let values = conditionValues(keyMember.value, key: keyMember.key) else { continue }
                var prepared: [ConditionValue] = []
                for (offset, text) in values.enumerated() {
                    let location = listLocation(keyMember.value, offset)
                    if let value = conditionValue(text, operator: conditionOperator, key: keyMember.key, at: location) {
                        prepared.append(value)
                    }
                }
                clauses.append(
                    ConditionClause(
                        conditionOperator: conditionOperator, key: keyMember.key, values: prepared,
                        location: keyMember.keyLocation))
            }
        }
        return clauses
    }

    /// Condition values: a string, number or boolean, or a non-empty array of them (all kept as text).
    mutating func conditionValues(_ node: JSONNode, key: String) -> [String]? {
        func scalar(_ node: JSONNode) -> String? {
            switch node.kind {
            case .string(let text): return text
            case .number(let text): return text
            case .bool(let value): return value ? "true" : "false"
            default: return nil
            }
        }
        if let single = scalar(node) { return [single] }
        guard case .array(let items) = node.kind else {
            error(
                "wrong-type",
                "the value of condition key '\(key)' must be a string, number, boolean or an array of them, not "
                    + node.typeDescription, at: node.location)
            return nil
        }
        if items.isEmpty {
            error("empty-element", "condition key '\(key)' has an empty array of values", at: node.location)
            return nil
        }
        var values: [String] = []
        for item in items {
            guard let text = scalar(item) else {
                error(
                    "wrong-type",
                    "values of condition key '\(key)' must be strings, numbers or booleans, not \(item.typeDescription)",
                    at: item.location)
                return nil
            }
            values.append(text)
        }
        return values
    }

    /// Prepares one value for its operator, reporting values the operator cannot use.
    mutating func conditionValue(
        _ text: String, operator conditionOperator: ConditionOperator, key: String, at location: SourceLocation
    ) -> ConditionValue? {
        let kind = conditionOperator.kind.positive
        let hasMarker = hasVariableMarker(text)
        if hasMarker { sawVariables = true }
        if version.supportsVariables, conditionOperator.kind.acceptsVariables, hasMarker,
            let template = VariableTemplate(text),
            template.hasVariables
        {
            return ConditionValue(text: text, template: template, prepared: nil)
        }
        guard let prepared = prepareConditionValue(text, kind: kind) else {
            error(
                "invalid-condition-value",
                "'\(text)' is not a valid value for \(conditionOperator) (\(expectedValueDescription(kind)))",
                at: location)
            return nil
        }
        if conditionOperator.kind == .null, case .bool = prepared {
        } else if conditionOperator.kind == .null {
            error("invalid-condition-value", "'Null' takes \"true\" or \"false\", not '\(text)'", at: location)
            return nil
        }
        return ConditionValue(text: text, template: nil, prepared: prepared)
    }
}

/// Parses a condition value for an operator (the positive form); `nil` when the value is not of its type.
func prepareConditionValue(_ text: String, kind: ConditionOperatorKind) -> PreparedValue? {
    switch kind {
    case .stringEquals: return .string(text)
    case .stringEqualsIgnoreCase: return .lowercased(text.lowercased())
    case .stringLike: return .glob(WildcardPattern(text))
    case .numericEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan, .numericGreaterThanEquals:
        return parseNumber(text).map(PreparedValue.number)
    case .dateEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
        return parseDate(text).map(PreparedValue.date)
    case .bool, .null: return parseBool(text).map(PreparedValue.bool)
    case .binaryEquals: return decodeBase64(text).map(PreparedValue.binary)
    case .ipAddress: return IPNetwork(text).map(PreparedValue.network)
    case .arnEquals, .arnLike: return .arn(ARNPattern(text, trailingStarSpansColons: false))
    default: return nil
    }
}

private func expectedValueDescription(_ kind: ConditionOperatorKind) -> String {
    switch kind {
    case .numericEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan, .numericGreaterThanEquals:
        return "expected a decimal number"
    case .dateEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
        return "expected an ISO 8601 date such as 2026-01-31T00:00:00Z or epoch seconds"
    case .bool, .null: return "expected true or false"
    case .binaryEquals: return "expected base64"
    case .ipAddress: return "expected an IPv4 or IPv6 address or CIDR block"
    default: return "expected a string"
    }
}

private let topLevelElements = ["Version", "Id", "Statement"]
private let statementElements = [
    "Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition",
]

/// The element a misspelt name most likely meant (same letters in another case, or within two edits).
private func closestElement(_ name: String, among candidates: [String]) -> String? {
    Suggestion.closest(to: name, among: candidates, maxDistance: 2)
}

private func suggestion(_ name: String, among candidates: [String]) -> String {
    guard let intended = closestElement(name, among: candidates) else { return "" }
    let caseNote = intended.lowercased() == name.lowercased() ? " element names are case-sensitive" : ""
    return " (did you mean '\(intended)'?\(caseNote))"
}

/// Whether `text` holds `${`, the start of a policy variable (a byte search: no Foundation string search).
func hasVariableMarker(_ text: String) -> Bool {
    func scan<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        var previousWasDollar = false
        for byte in bytes {
            if previousWasDollar && byte == UInt8(ascii: "{") { return true }
            previousWasDollar = byte == UInt8(ascii: "$")
        }
        return false
    }
    return text.utf8.withContiguousStorageIfAvailable { scan($0) } ?? scan(text.utf8)
}
