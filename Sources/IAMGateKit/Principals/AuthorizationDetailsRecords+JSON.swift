import JSON

extension AuthorizationDetailsRecords {
    /// Decodes a whole `get-account-authorization-details` JSON document that is already parsed (small files,
    /// tests, other producers such as moto). Large files go through `AuthorizationDetailsLoader`, which reads only
    /// what one principal needs.
    public static func decode(_ root: JSONNode, source: String) throws(InputError) -> AuthorizationDetailsRecords {
        let decoder = RecordDecoder(source: source)
        var records = AuthorizationDetailsRecords()
        var sawList = false
        try decoder.decodeTopLevel(root, into: &records, sawList: &sawList)
        guard sawList else { throw decoder.notAuthorizationDetails(at: root.location) }
        return records
    }
}

/// Turns the JSON of one `UserDetail`, `GroupDetail`, `RoleDetail` or `ManagedPolicyDetail` into its record,
/// checking each field's type and naming the file, line and key of anything wrong.
struct RecordDecoder {
    /// The file (or description) the JSON came from, for messages.
    let source: String

    /// The keys of a response object that hold the lists, and the wrappers of the raw API's JSON form.
    static let listKeys: Set<String> = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"]
    static let wrapperKeys: Set<String> = [
        "GetAccountAuthorizationDetailsResponse", "GetAccountAuthorizationDetailsResult",
    ]

    func error(_ message: String, at location: SourceLocation) -> InputError {
        InputError("authorization details '\(source)' line \(location): \(message)")
    }

    func notAuthorizationDetails(at location: SourceLocation) -> InputError {
        error(
            "this is not get-account-authorization-details output (no 'UserDetailList', 'GroupDetailList', "
                + "'RoleDetailList' or 'Policies')", at: location)
    }

    func decodeTopLevel(
        _ node: JSONNode, into records: inout AuthorizationDetailsRecords, sawList: inout Bool
    ) throws(InputError) {
        // Checked as an object with unique keys, then read in document order so the first error is reported first.
        _ = try object(node, what: "the authorization details")
        for member in node.objectValue ?? [] {
            let key = member.key
            let value = member.value
            switch key {
            case _ where Self.wrapperKeys.contains(key):
                try decodeTopLevel(value, into: &records, sawList: &sawList)
            case "UserDetailList":
                sawList = true
                for element in try list(member) { records.users.append(try user(element)) }
            case "GroupDetailList":
                sawList = true
                for element in try list(member) { records.groups.append(try group(element)) }
            case "RoleDetailList":
                sawList = true
                for element in try list(member) { records.roles.append(try role(element)) }
            case "Policies":
                sawList = true
                for element in try list(member) { records.policies.append(try managedPolicy(element)) }
            case "IsTruncated":
                records.isTruncated = try bool(member) ?? false
            default:
                continue
            }
        }
    }

    // MARK: Records

    func user(_ node: JSONNode) throws(InputError) -> AuthorizationDetailsRecords.User {
        let members = try object(node, what: "a 'UserDetailList' entry")
        return AuthorizationDetailsRecords.User(
            path: try string(members["Path"]) ?? "/",
            name: try required(members, "UserName", in: node, entry: "a 'UserDetailList' entry"),
            arn: try required(members, "Arn", in: node, entry: "a 'UserDetailList' entry"),
            inlinePolicies: try inlinePolicies(members["UserPolicyList"]),
            groups: try stringList(members["GroupList"]),
            attachedPolicies: try attachedPolicies(members["AttachedManagedPolicies"]),
            permissionsBoundaryARN: try boundary(members["PermissionsBoundary"]),
            tags: try tags(members["Tags"]))
    }

    func group(_ node: JSONNode) throws(InputError) -> AuthorizationDetailsRecords.Group {
        let members = try object(node, what: "a 'GroupDetailList' entry")
        return AuthorizationDetailsRecords.Group(
            path: try string(members["Path"]) ?? "/",
            name: try required(members, "GroupName", in: node, entry: "a 'GroupDetailList' entry"),
            arn: try string(members["Arn"]),
            inlinePolicies: try inlinePolicies(members["GroupPolicyList"]),
            attachedPolicies: try attachedPolicies(members["AttachedManagedPolicies"]))
    }

    func role(_ node: JSONNode) throws(InputError) -> AuthorizationDetailsRecords.Role {
        let members = try object(node, what: "a 'RoleDetailList' entry")
        return AuthorizationDetailsRecords.Role(
            path: try string(members["Path"]) ?? "/",
            name: try required(members, "RoleName", in: node, entry: "a 'RoleDetailList' entry"),
            arn: try required(members, "Arn", in: node, entry: "a 'RoleDetailList' entry"),
            inlinePolicies: try inlinePolicies(members["RolePolicyList"]),
            attachedPolicies: try attachedPolicies(members["AttachedManagedPolicies"]),
            permissionsBoundaryARN: try boundary(members["PermissionsBoundary"]),
            tags: try tags(members["Tags"]),
            trustPolicy: try optionalDocument(members["AssumeRolePolicyDocument"]),
            instanceProfiles: try instanceProfiles(members["InstanceProfileList"]))
    }

    /// A role's trust policy: a policy object or a string holding one; absent or `null` is none.
    func optionalDocument(_ member: JSONMember?) throws(InputError) -> AuthorizationDetailsRecords.Document? {
        guard let member, !isNull(member.value) else { return nil }
        switch member.value.kind {
        case .object, .string:
            return .json(member.value)
        default:
            throw error(
                "'\(member.key)' must be a policy object or a string, not \(member.value.typeDescription)",
                at: member.value.location)
        }
    }

    /// The names (else ARNs) of the `InstanceProfileList` entries; `nil` when the list is absent.
    func instanceProfiles(_ member: JSONMember?) throws(InputError) -> [String]? {
        guard let member, !isNull(member.value) else { return nil }
        var names: [String] = []
        for element in try list(member) {
            let members = try object(element, what: "an 'InstanceProfileList' entry")
            var name = try string(members["InstanceProfileName"])
            if name == nil { name = try string(members["Arn"]) }
            guard let name else {
                throw error("an 'InstanceProfileList' entry has no 'InstanceProfileName'", at: element.location)
            }
            names.append(name)
        }
        return names
    }

    func managedPolicy(_ node: JSONNode) throws(InputError) -> AuthorizationDetailsRecords.ManagedPolicy {
        let members = try object(node, what: "a 'Policies' entry")
        let arn = try required(members, "Arn", in: node, entry: "a 'Policies' entry")
        var versions: [AuthorizationDetailsRecords.ManagedPolicy.Version] = []
        for element in try list(members["PolicyVersionList"]) {
            let version = try object(element, what: "a 'PolicyVersionList' entry")
            versions.append(
                AuthorizationDetailsRecords.ManagedPolicy.Version(
                    versionID: try required(version, "VersionId", in: element, entry: "a 'PolicyVersionList' entry"),
                    isDefault: try bool(version["IsDefaultVersion"]),
                    document: try document(version, "Document", in: element)))
        }
        return AuthorizationDetailsRecords.ManagedPolicy(
            name: try string(members["PolicyName"]) ?? arn, arn: arn,
            defaultVersionID: try string(members["DefaultVersionId"]), versions: versions)
    }

    func inlinePolicies(_ member: JSONMember?) throws(InputError) -> [AuthorizationDetailsRecords.InlinePolicy] {
        var policies: [AuthorizationDetailsRecords.InlinePolicy] = []
        for element in try list(member) {
            let entry = "a '\(member?.key ?? "")' entry"
            let members = try object(element, what: entry)
            policies.append(
                AuthorizationDetailsRecords.InlinePolicy(
                    name: try required(members, "PolicyName", in: element, entry: entry),
                    document: try document(members, "PolicyDocument", in: element)))
        }
        return policies
    }

    func attachedPolicies(_ member: JSONMember?) throws(InputError) -> [AuthorizationDetailsRecords.AttachedPolicy] {
        var policies: [AuthorizationDetailsRecords.AttachedPolicy] = []
        for element in try list(member) {
            let entry = "an 'AttachedManagedPolicies' entry"
            let members = try object(element, what: entry)
            let arn = try required(members, "PolicyArn", in: element, entry: entry)
            policies.append(
                AuthorizationDetailsRecords.AttachedPolicy(name: try string(members["PolicyName"]) ?? arn, arn: arn))
        }
        return policies
    }

    func boundary(_ member: JSONMember?) throws(InputError) -> String? {
        guard let member, !isNull(member.value) else { return nil }
        let members = try object(member.value, what: "'PermissionsBoundary'")
        return try required(members, "PermissionsBoundaryArn", in: member.value, entry: "'PermissionsBoundary'")
    }

    func tags(_ member: JSONMember?) throws(InputError) -> [AuthorizationDetailsRecords.Tag] {
        var tags: [AuthorizationDetailsRecords.Tag] = []
        for element in try list(member) {
            let members = try object(element, what: "a 'Tags' entry")
            tags.append(
                AuthorizationDetailsRecords.Tag(
                    key: try required(members, "Key", in: element, entry: "a 'Tags' entry"),
                    value: try string(members["Value"]) ?? ""))
        }
        return tags
    }

    func document(
        _ members: [String: JSONMember], _ key: String, in node: JSONNode
    ) throws(InputError) -> AuthorizationDetailsRecords.Document {
        guard let member = members[key], !isNull(member.value) else {
            throw error("the entry has no '\(key)'", at: node.location)
        }
        switch member.value.kind {
        case .object, .string:
            return .json(member.value)
        default:
            throw error(
                "'\(key)' must be a policy object or a string, not \(member.value.typeDescription)",
                at: member.value.location)
        }
    }

    // MARK: Fields

    /// The members of an object by key; a duplicate key is an error, since the two values may disagree.
    func object(_ node: JSONNode, what: String) throws(InputError) -> [String: JSONMember] {
        guard let members = node.objectValue else {
            throw error("\(what) must be an object, not \(node.typeDescription)", at: node.location)
        }
        var byKey: [String: JSONMember] = [:]
        byKey.reserveCapacity(members.count)
        for member in members {
            guard byKey.updateValue(member, forKey: member.key) == nil else {
                throw error("duplicate key '\(member.key)' in \(what)", at: member.keyLocation)
            }
        }
        return byKey
    }

    func isNull(_ node: JSONNode) -> Bool {
        if case .null = node.kind { return true }
        return false
    }

    /// The elements of a list member; absent or `null` is an empty list.
    func list(_ member: JSONMember?) throws(InputError) -> [JSONNode] {
        guard let member, !isNull(member.value) else { return [] }
        guard let elements = member.value.arrayValue else {
            throw error(
                "'\(member.key)' must be an array, not \(member.value.typeDescription)", at: member.value.location)
        }
        return elements
    }

    func string(_ member: JSONMember?) throws(InputError) -> String? {
        guard let member, !isNull(member.value) else { return nil }
        guard let text = member.value.stringValue else {
            throw error(
                "'\(member.key)' must be a string, not \(member.value.typeDescription)", at: member.value.location)
        }
        return text
    }

    func required(
        _ members: [String: JSONMember], _ key: String, in node: JSONNode, entry: String
    ) throws(InputError) -> String {
        guard let text = try string(members[key]) else {
            throw error("\(entry) has no '\(key)'", at: node.location)
        }
        return text
    }

    func bool(_ member: JSONMember?) throws(InputError) -> Bool? {
        guard let member, !isNull(member.value) else { return nil }
        switch member.value.kind {
        case .bool(let flag):
            return flag
        case .string(let text) where text == "true" || text == "false":
            return text == "true"
        default:
            throw error(
                "'\(member.key)' must be a boolean, not \(member.value.typeDescription)", at: member.value.location)
        }
    }

    func stringList(_ member: JSONMember?) throws(InputError) -> [String] {
        var names: [String] = []
        for element in try list(member) {
            guard let name = element.stringValue else {
                throw error(
                    "each '\(member?.key ?? "")' entry must be a string, not \(element.typeDescription)",
                    at: element.location)
            }
            names.append(name)
        }
        return names
    }
}
