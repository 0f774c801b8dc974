import IAMPolicy

/// Turns authorization-details records into the policies that govern one principal: its inline and managed policies
/// (each managed policy at its default version), its groups' policies, its permissions boundary and its tags. Every
/// policy the principal references must be in the records — a missing one is an error, never a silent drop, since
/// dropping a policy could turn a deny into an allow.
struct AuthorizationDetailsResolver {
    let records: AuthorizationDetailsRecords
    /// The file (or description) for messages and policy sources.
    let source: String
    private let policiesByARN: [String: [AuthorizationDetailsRecords.ManagedPolicy]]
    /// Managed policies parsed so far, by ARN (`boundary ARN` when parsed as a boundary).
    private var parsedManaged: [String: ParsedPolicy] = [:]
    private var includedManaged: Set<String> = []
    /// Managed policies parsed by other resolvers of the same file (an audit resolves every principal).
    private let shared: ManagedPolicyCache?

    /// `policiesByARN`: the records' policies grouped by ARN, when the caller keeps them for many resolvers.
    init(
        records: AuthorizationDetailsRecords, source: String, shared: ManagedPolicyCache? = nil,
        policiesByARN: [String: [AuthorizationDetailsRecords.ManagedPolicy]]? = nil
    ) {
        self.records = records
        self.source = source
        self.shared = shared
        self.policiesByARN = policiesByARN ?? Dictionary(grouping: records.policies, by: \.arn)
    }

    mutating func resolve(_ selector: PrincipalSelector) throws(InputError) -> PrincipalPolicies {
        includedManaged = []
        switch selector.kind {
        case .user:
            let matched = records.users.filter { selector.matches(kind: .user, name: $0.name, arn: $0.arn) }
            let user = try single(matched, arn: \.arn, selector: selector)
            return try resolve(user: user, selector: selector)
        case .role:
            let matched = records.roles.filter { selector.matches(kind: .role, name: $0.name, arn: $0.arn) }
            let role = try single(matched, arn: \.arn, selector: selector)
            return try resolve(role: role, selector: selector)
        }
    }

    private func single<Record>(
        _ matched: [Record], arn: KeyPath<Record, String>, selector: PrincipalSelector
    ) throws(InputError) -> Record {
        guard let first = matched.first else {
            let candidates =
                records.users.map { PrincipalSelector.Candidate(kind: .user, name: $0.name, arn: $0.arn) }
                + records.roles.map { PrincipalSelector.Candidate(kind: .role, name: $0.name, arn: $0.arn) }
            throw selector.notFound(among: candidates, source: source, isTruncated: records.isTruncated)
        }
        guard matched.count == 1 else {
            throw selector.ambiguous(matched.map { $0[keyPath: arn] }, source: source)
        }
        return first
    }

    private mutating func resolve(
        user: AuthorizationDetailsRecords.User, selector: PrincipalSelector
    ) throws(InputError) -> PrincipalPolicies {
        let owner = "user '\(user.name)'"
        var policies = PrincipalPolicies(
            principal: selector.principal(forRecordARN: user.arn), tags: try tags(user.tags, owner: owner),
            groups: user.groups)
        try addInline(user.inlinePolicies, owner: owner, holder: .user, to: &policies)
        try addManaged(user.attachedPolicies, owner: owner, group: nil, to: &policies)
        var seen: Set<String> = []
        for name in user.groups where seen.insert(name).inserted {
            let matched = records.groups.filter { $0.name == name }
            guard let group = matched.first else {
                throw InputError(
                    "authorization details '\(source)': the file does not contain group '\(name)' of \(owner); "
                        + rerunHint(passOption: false))
            }
            guard matched.count == 1 else {
                throw InputError(
                    "authorization details '\(source)' list group '\(name)' \(matched.count) times; the file must "
                        + "list each group once")
            }
            let groupOwner = "group '\(group.name)'"
            try addInline(group.inlinePolicies, owner: groupOwner, holder: .group(group.name), to: &policies)
            try addManaged(
                group.attachedPolicies, owner: "\(groupOwner) (a group of \(owner))", group: group.name, to: &policies)
        }
        try addBoundary(user.permissionsBoundaryARN, owner: owner, to: &policies)
        return policies
    }

    private mutating func resolve(
        role: AuthorizationDetailsRecords.Role, selector: PrincipalSelector
    ) throws(InputError) -> PrincipalPolicies {
        let owner = "role '\(role.name)'"
        var policies = PrincipalPolicies(
            principal: selector.principal(forRecordARN: role.arn), tags: try tags(role.tags, owner: owner), groups: [])
        try addInline(role.inlinePolicies, owner: owner, holder: .role, to: &policies)
        try addManaged(role.attachedPolicies, owner: owner, group: nil, to: &policies)
        try addBoundary(role.permissionsBoundaryARN, owner: owner, to: &policies)
        policies.trustPolicy = role.trustPolicy
        policies.instanceProfiles = role.instanceProfiles
        return policies
    }

    // MARK: Policies

    /// Adds inline policies; `owner` names the user, group or role (`role 'ci'`) in messages, `holder` in the
    /// report's policy lines.
    private func addInline(
        _ inline: [AuthorizationDetailsRecords.InlinePolicy], owner: String, holder: PolicyLine.Holder,
        to policies: inout PrincipalPolicies
    ) throws(InputError) {
        for policy in inline {
            let document = try parse(
                policy.document, type: .identity, name: "\(source) \(owner) inline policy '\(policy.name)'",
                into: &policies.warnings)
            policies.identityPolicies.append(document)
            if case .group = holder {} else { policies.ownsInlinePolicies = true }
            policies.policyLines.append(.inlinePolicy(name: policy.name, holder: holder))
        }
    }

    /// Adds attached managed policies at their default version, each at most once however often it is attached;
    /// `group` names the user's group they are attached to, if they are.
    private mutating func addManaged(
        _ attached: [AuthorizationDetailsRecords.AttachedPolicy], owner: String, group: String?,
        to policies: inout PrincipalPolicies
    ) throws(InputError) {
        for policy in attached {
            let parsed = try managed(policy.arn, type: .identity, usage: "attached to \(owner)")
            guard includedManaged.insert(policy.arn).inserted else { continue }
            policies.identityPolicies.append(parsed.document)
            policies.warnings += parsed.warnings
            policies.policyLines.append(.managedPolicy(arn: policy.arn, version: parsed.versionID, group: group))
        }
    }

    private mutating func addBoundary(
        _ arn: String?, owner: String, to policies: inout PrincipalPolicies
    ) throws(InputError) {
        guard let arn else { return }
        let parsed = try managed(
            arn, type: .permissionsBoundary, usage: "used as the permissions boundary of \(owner)")
        policies.permissionsBoundary = parsed.document
        policies.warnings += parsed.warnings
        policies.policyLines.append(.permissionsBoundary(arn: arn, version: parsed.versionID))
    }

    /// A managed policy's default version, parsed.
    struct ParsedPolicy: Sendable {
        var document: PolicyDocument
        var versionID: String
        var warnings: [Finding]
    }

    /// The default version of managed policy `arn`, parsed as `type`.
    private mutating func managed(
        _ arn: String, type: PolicyType, usage: String
    ) throws(InputError) -> ParsedPolicy {
        let cacheKey = ManagedPolicyCache.key(arn, type: type)
        if let cached = parsedManaged[cacheKey] {
            return cached
        }
        if let cached = shared?[cacheKey] {
            parsedManaged[cacheKey] = cached
            return cached
        }
        let matched = policiesByARN[arn] ?? []
        guard let policy = matched.first else {
            throw InputError(
                "authorization details '\(source)': the file does not contain managed policy '\(arn)' \(usage); "
                    + rerunHint(passOption: true))
        }
        guard matched.count == 1 else {
            throw InputError(
                "authorization details '\(source)' list managed policy '\(arn)' \(matched.count) times; the file "
                    + "must list each policy once")
        }
        let version = try defaultVersion(of: policy)
        let kind = type == .permissionsBoundary ? "permissions boundary" : "managed policy"
        var warnings: [Finding] = []
        let document = try parse(
            version.document, type: type, name: "\(source) \(kind) '\(arn)' \(version.versionID)", into: &warnings)
        let parsed = ParsedPolicy(document: document, versionID: version.versionID, warnings: warnings)
        parsedManaged[cacheKey] = parsed
        // Shared without its warnings: nothing reads a principal's warnings, and an account's managed policies can
        // carry many.
        shared?[cacheKey] = ParsedPolicy(document: document, versionID: version.versionID, warnings: [])
        return parsed
    }

    /// The version IAM uses: the one `DefaultVersionId` names, which must also be the one `IsDefaultVersion` marks.
    /// A single version with neither marker is taken as the default; anything else ambiguous is an error.
    private func defaultVersion(
        of policy: AuthorizationDetailsRecords.ManagedPolicy
    ) throws(InputError) -> AuthorizationDetailsRecords.ManagedPolicy.Version {
        let prefix = "authorization details '\(source)': managed policy '\(policy.arn)'"
        let marked = policy.versions.filter { $0.isDefault == true }
        if let defaultID = policy.defaultVersionID {
            let named = policy.versions.filter { $0.versionID == defaultID }
            guard let version = named.first else {
                throw InputError(
                    "\(prefix) has no version '\(defaultID)' (its DefaultVersionId) in its PolicyVersionList")
            }
            guard named.count == 1 else {
                throw InputError("\(prefix) lists version '\(defaultID)' \(named.count) times")
            }
            if version.isDefault == false || marked.contains(where: { $0.versionID != defaultID }) {
                let markedIDs = marked.map { "'\($0.versionID)'" }.joined(separator: ", ")
                throw InputError(
                    "\(prefix) has DefaultVersionId '\(defaultID)' but IsDefaultVersion marks "
                        + (markedIDs.isEmpty ? "no version" : markedIDs))
            }
            return version
        }
        if marked.count == 1, let version = marked.first {
            return version
        }
        if marked.isEmpty, policy.versions.count == 1, let version = policy.versions.first,
            version.isDefault == nil
        {
            return version
        }
        if policy.versions.isEmpty {
            throw InputError("\(prefix) has no policy versions")
        }
        throw InputError(
            "\(prefix) has no DefaultVersionId and \(marked.count) versions marked IsDefaultVersion; cannot tell "
                + "which version is in force")
    }

    /// Parses one document, throwing its first error as one sentence; warnings are collected.
    private func parse(
        _ document: AuthorizationDetailsRecords.Document, type: PolicyType, name: String,
        into warnings: inout [Finding]
    ) throws(InputError) -> PolicyDocument {
        let policySource = PolicySource(name, file: source)
        let parser = PolicyParser(policyType: type)
        let result: PolicyParser.Result
        switch document {
        case .json(let node): result = parser.parse(node: node, source: policySource)
        case .text(let text): result = parser.parse(bytes: Array(text.utf8), source: policySource)
        }
        guard let parsed = result.document else {
            throw InputError(PolicyError(findings: result.findings).description, findings: result.findings)
        }
        warnings += result.warnings
        return parsed
    }

    // MARK: Tags and messages

    /// The principal's tags; two keys that differ only in case would collide as `aws:PrincipalTag/…` context keys,
    /// whose names are case-insensitive, so they are an error.
    private func tags(_ tags: [AuthorizationDetailsRecords.Tag], owner: String) throws(InputError) -> [String: String] {
        var byKey: [String: String] = [:]
        var lowercased: Set<String> = []
        for tag in tags {
            guard lowercased.insert(tag.key.lowercased()).inserted else {
                throw InputError(
                    "authorization details '\(source)': \(owner) has the tag key '\(tag.key)' more than once "
                        + "(tag keys are compared without case)")
            }
            byKey[tag.key] = tag.value
        }
        return byKey
    }

    private func rerunHint(passOption: Bool) -> String {
        let pass = passOption ? ", or pass it with --policy" : ""
        if records.isTruncated {
            return "the file is one page of a truncated response (IsTruncated is true): fetch every page (the AWS CLI "
                + "follows Marker by itself)\(pass)"
        }
        return "re-run get-account-authorization-details without --filter\(pass)"
    }
}
