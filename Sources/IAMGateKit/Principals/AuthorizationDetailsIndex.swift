import JSON

/// The first pass over an authorization-details JSON file: every user and role by name and ARN, every group by
/// name and every managed policy by ARN, each with the span of its record. A `JSONCursor` validates the whole file on
/// the way but builds nothing, so a file of thousands of roles costs one pass and no tree; `records(for:)` then
/// builds only the records one principal needs.
struct AuthorizationDetailsIndex {
    /// One user, role, group or managed policy record.
    struct Entry {
        var name: String
        var arn: String?
        var span: JSONCursor.Span
    }

    /// The file (or description) for messages.
    let source: String
    private var cursor: JSONCursor
    private(set) var users: [Entry] = []
    private(set) var roles: [Entry] = []
    private(set) var groups: [String: [JSONCursor.Span]] = [:]
    private(set) var policies: [String: [JSONCursor.Span]] = [:]
    private(set) var isTruncated = false
    private var sawList = false
    /// The positions of the users and roles of each name in `users` and `roles`, so that finding one principal's
    /// record costs the same in a file of ten roles as in one of ten thousand (an audit finds every one).
    private var usersByName: [String: [Int]] = [:]
    private var rolesByName: [String: [Int]] = [:]

    /// Reads and validates the whole file. `compact`: the file is kept without its lines' indentation (the AWS CLI's
    /// output is more than half indentation), with every location still the file's — for a reader that keeps the
    /// index while it resolves many principals (an audit); one principal's check is done before that would pay.
    init(bytes: consuming [UInt8], source: String, compact: Bool = false) throws(InputError) {
        self.source = source
        do {
            if compact, let stripped = LineIndentation.strip(bytes) {
                // The bytes as given are let go here, before the index holds anything.
                _ = consume bytes
                cursor = try JSONCursor(bytes: stripped.bytes, indentation: stripped.indentation)
            } else {
                cursor = try JSONCursor(bytes: bytes)
            }
        } catch let error {
            throw Self.syntaxError(error, source: source)
        }
        do {
            try readDocument()
            for (position, entry) in users.enumerated() { usersByName[entry.name, default: []].append(position) }
            for (position, entry) in roles.enumerated() { rolesByName[entry.name, default: []].append(position) }
        } catch let error as JSONSyntaxError {
            throw Self.syntaxError(error, source: source)
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError("authorization details '\(source)': \(error)")
        }
    }

    static func syntaxError(_ error: JSONSyntaxError, source: String) -> InputError {
        InputError("authorization details '\(source)' line \(error.location): invalid JSON: \(error.message)")
    }

    // MARK: Second step: the records one principal needs

    /// The records of the principal `selector` names, its groups and the managed policies they attach or use as a
    /// boundary, built from their spans. Records listed twice are all returned; the resolver rejects the ambiguity.
    /// Policies `cached` holds already, for every use the principal makes of them, are not built again.
    func records(
        for selector: PrincipalSelector, cached: ManagedPolicyCache? = nil
    ) throws(InputError) -> AuthorizationDetailsRecords {
        let decoder = RecordDecoder(source: source)
        // A record matches by its exact ARN or by its name, and an ARN ends with the name: only records of that name
        // can match.
        let positions = (selector.kind == .user ? usersByName : rolesByName)[selector.name] ?? []
        let matched = positions.map { selector.kind == .user ? users[$0] : roles[$0] }.filter {
            selector.matches(kind: selector.kind, name: $0.name, arn: $0.arn)
        }
        guard !matched.isEmpty else {
            let candidates =
                users.map { PrincipalSelector.Candidate(kind: .user, name: $0.name, arn: $0.arn ?? $0.name) }
                + roles.map { PrincipalSelector.Candidate(kind: .role, name: $0.name, arn: $0.arn ?? $0.name) }
            throw selector.notFound(among: candidates, source: source, isTruncated: isTruncated)
        }
        var records = AuthorizationDetailsRecords(isTruncated: isTruncated)
        var policyARNs: [String] = []
        var boundaryARNs: [String] = []
        var groupNames: [String] = []
        for entry in matched {
            let node = try node(entry.span)
            switch selector.kind {
            case .user:
                let user = try decoder.user(node)
                policyARNs += user.attachedPolicies.map(\.arn)
                boundaryARNs += user.permissionsBoundaryARN.map { [$0] } ?? []
                groupNames += user.groups
                records.users.append(user)
            case .role:
                let role = try decoder.role(node)
                policyARNs += role.attachedPolicies.map(\.arn)
                boundaryARNs += role.permissionsBoundaryARN.map { [$0] } ?? []
                records.roles.append(role)
            }
        }
        var seenGroups: Set<String> = []
        for name in groupNames where seenGroups.insert(name).inserted {
            for span in groups[name] ?? [] {
                let group = try decoder.group(try node(span))
                policyARNs += group.attachedPolicies.map(\.arn)
                records.groups.append(group)
            }
        }
        var needed: Set<String> = []
        if let cached {
            for arn in policyARNs where !cached.contains(arn, type: .identity) { needed.insert(arn) }
            for arn in boundaryARNs where !cached.contains(arn, type: .permissionsBoundary) { needed.insert(arn) }
        }
        var seenPolicies: Set<String> = []
        for arn in policyARNs + boundaryARNs where seenPolicies.insert(arn).inserted {
            if cached != nil && !needed.contains(arn) { continue }
            for span in policies[arn] ?? [] {
                records.policies.append(try decoder.managedPolicy(try node(span)))
            }
        }
        return records
    }

    private func node(_ span: JSONCursor.Span) throws(InputError) -> JSONNode {
        do {
            return try cursor.node(in: span)
        } catch let error {
            throw Self.syntaxError(error, source: source)
        }
    }

    // MARK: First step: one pass over the file

    private mutating func readDocument() throws {
        let start = cursor.position
        guard try cursor.enterObject() else {
            throw schemaError(
                "the authorization details must be an object, not \(try cursor.peek().description)",
                at: start.location)
        }
        try readDetailsObject()
        try cursor.finish()
        guard sawList else {
            throw RecordDecoder(source: source).notAuthorizationDetails(at: start.location)
        }
    }

    /// Reads the members of the response object (or of the raw API's `…Response` / `…Result` wrappers).
    private mutating func readDetailsObject() throws {
        var seen: Set<String> = []
        while let key = try cursor.nextKey() {
            let keyLocation = cursor.keyLocation
            let known = RecordDecoder.listKeys.contains(key) || RecordDecoder.wrapperKeys.contains(key)
            if (known || key == "IsTruncated") && !seen.insert(key).inserted {
                throw schemaError("duplicate key '\(key)' in the authorization details", at: keyLocation)
            }
            switch key {
            case _ where RecordDecoder.wrapperKeys.contains(key):
                let location = cursor.position.location
                guard try cursor.enterObject() else {
                    throw schemaError("'\(key)' must be an object, not \(try cursor.peek().description)", at: location)
                }
                try readDetailsObject()
            case "UserDetailList":
                users += try readList(key, nameKey: "UserName", requiresARN: true)
            case "RoleDetailList":
                roles += try readList(key, nameKey: "RoleName", requiresARN: true)
            case "GroupDetailList":
                for entry in try readList(key, nameKey: "GroupName", requiresARN: false) {
                    groups[entry.name, default: []].append(entry.span)
                }
            case "Policies":
                for entry in try readList(key, nameKey: "PolicyName", requiresARN: true) {
                    policies[entry.arn ?? entry.name, default: []].append(entry.span)
                }
            case "IsTruncated":
                // A boolean; XML-derived producers may write it as the string "true" or "false".
                let location = cursor.position.location
                let kind = try cursor.peek()
                if let flag = try cursor.readBool() {
                    isTruncated = flag
                } else if try cursor.readNull() {
                    continue
                } else if let text = try cursor.readString(), text == "true" || text == "false" {
                    isTruncated = text == "true"
                } else {
                    throw schemaError("'IsTruncated' must be a boolean, not \(kind.description)", at: location)
                }
            default:
                try cursor.skipValue()
            }
        }
    }

    /// Reads one of the four lists, noting each record's name, ARN and span and skipping everything else.
    private mutating func readList(_ key: String, nameKey: String, requiresARN: Bool) throws -> [Entry] {
        sawList = true
        var entries: [Entry] = []
        let location = cursor.position.location
        if try cursor.readNull() { return entries }
        guard try cursor.enterArray() else {
            throw schemaError("'\(key)' must be an array, not \(try cursor.peek().description)", at: location)
        }
        while try cursor.nextElement() {
            let start = cursor.position
            guard try cursor.enterObject() else {
                throw schemaError(
                    "each '\(key)' entry must be an object, not \(try cursor.peek().description)", at: start.location)
            }
            var name: String?
            var arn: String?
            while let member = try cursor.nextKey() {
                guard member == nameKey || member == "Arn" else { continue }  // nextKey skips the value
                let keyLocation = cursor.keyLocation
                let valueLocation = cursor.position.location
                guard let value = try cursor.readString() else {
                    if try cursor.readNull() { continue }
                    throw schemaError(
                        "'\(member)' must be a string, not \(try cursor.peek().description)", at: valueLocation)
                }
                if member == nameKey {
                    guard name == nil else { throw schemaError("duplicate key '\(member)'", at: keyLocation) }
                    name = value
                } else {
                    guard arn == nil else { throw schemaError("duplicate key '\(member)'", at: keyLocation) }
                    arn = value
                }
            }
            if requiresARN && arn == nil {
                throw schemaError("a '\(key)' entry has no 'Arn'", at: start.location)
            }
            guard let recordName = name ?? (key == "Policies" ? arn : nil) else {
                throw schemaError("a '\(key)' entry has no '\(nameKey)'", at: start.location)
            }
            entries.append(Entry(name: recordName, arn: arn, span: cursor.span(from: start)))
        }
        return entries
    }

    private func schemaError(_ message: String, at location: SourceLocation) -> InputError {
        RecordDecoder(source: source).error(message, at: location)
    }
}
