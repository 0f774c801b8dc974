import IAMPolicy

/// One account's users and roles as an audit reads them: from an authorization-details file (indexed in one pass, each
/// principal's records built when it is checked) or from records fetched with `GetAccountAuthorizationDetails`.
/// Resolving a principal is safe from several threads at once.
struct AuditAccount: Sendable {
    /// One user or role to check.
    struct Member: Sendable {
        var type: AuditPrincipalType
        var name: String
        var arn: String
        var account: String
    }

    private enum Storage: Sendable {
        case file(FileIndex)
        case records(AuthorizationDetailsRecords, policiesByARN: [String: [AuthorizationDetailsRecords.ManagedPolicy]])
    }

    /// The index of a file, shared by reference between threads (it is read, never changed).
    private final class FileIndex: @unchecked Sendable {
        let index: AuthorizationDetailsIndex

        init(_ index: AuthorizationDetailsIndex) {
            self.index = index
        }
    }

    /// The file, or the call the records came from, for messages and policy sources.
    let source: String
    private let storage: Storage
    /// Every user and role, users first, each in ARN order.
    let members: [Member]
    /// Role name → ARN, so a role a statement names without its path has the path its record shows.
    let roles: [String: String]
    /// Counts for the report's input line.
    let groupCount: Int
    let policyCount: Int
    /// Managed policies parsed once for every principal of the account.
    private let cache = ManagedPolicyCache()

    /// Indexes the file `path` (its whole text validated in one pass).
    static func file(_ path: String) throws(InputError) -> AuditAccount {
        let index = try AuthorizationDetailsIndex(
            bytes: AuthorizationDetailsLoader.readFile(path), source: path, compact: true)
        let members =
            index.users.compactMap { member(.user, name: $0.name, arn: $0.arn) }
            + index.roles.compactMap { member(.role, name: $0.name, arn: $0.arn) }
        let roles = AuthorizationDetailsLoader.roleARNs(
            index.roles.compactMap { entry in entry.arn.map { (entry.name, $0) } })
        return AuditAccount(
            source: path, storage: .file(FileIndex(index)), members: sorted(members), roles: roles,
            groupCount: index.groups.count, policyCount: index.policies.count)
    }

    /// The records of a `GetAccountAuthorizationDetails` answer.
    static func records(_ records: AuthorizationDetailsRecords, source: String) -> AuditAccount {
        let members =
            records.users.compactMap { member(.user, name: $0.name, arn: $0.arn) }
            + records.roles.compactMap { member(.role, name: $0.name, arn: $0.arn) }
        return AuditAccount(
            source: source,
            storage: .records(records, policiesByARN: Dictionary(grouping: records.policies, by: \.arn)),
            members: sorted(members),
            roles: AuthorizationDetailsLoader.roleARNs(records.roles.map { ($0.name, $0.arn) }),
            groupCount: records.groups.count, policyCount: records.policies.count)
    }

    private init(
        source: String, storage: Storage, members: [Member], roles: [String: String], groupCount: Int,
        policyCount: Int
    ) {
        self.source = source
        self.storage = storage
        self.members = members
        self.roles = roles
        self.groupCount = groupCount
        self.policyCount = policyCount
    }

    private static func member(_ type: AuditPrincipalType, name: String, arn: String?) -> Member? {
        guard let arn else { return nil }
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        let account = parts.count == 6 ? String(parts[4]) : ""
        return Member(type: type, name: name, arn: arn, account: account)
    }

    private static func sorted(_ members: [Member]) -> [Member] {
        members.sorted { left, right in
            if left.type != right.type { return left.type == .user }
            return left.arn < right.arn
        }
    }

    /// The accounts the members belong to, in member order.
    var accounts: [String] {
        var seen: Set<String> = []
        return members.map(\.account).filter { seen.insert($0).inserted }
    }

    /// The policies that govern `member`: its own, its groups' and its boundary. Throws when one is missing or broken.
    func resolve(_ member: Member) throws(InputError) -> PrincipalPolicies {
        let selector = try PrincipalSelector(member.arn)
        switch storage {
        case .file(let file):
            let records = try file.index.records(for: selector, cached: cache)
            var resolver = AuthorizationDetailsResolver(records: records, source: source, shared: cache)
            return try resolver.resolve(selector)
        case .records(let records, let policiesByARN):
            var resolver = AuthorizationDetailsResolver(
                records: records, source: source, shared: cache, policiesByARN: policiesByARN)
            return try resolver.resolve(selector)
        }
    }
}
