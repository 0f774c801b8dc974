import IAMPolicy

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The policies that govern one IAM user or role, taken from an account's authorization details: what
/// `--authorization-details FILE --principal ARN` evaluates.
public struct PrincipalPolicies: Sendable {
    /// The principal to evaluate: the ARN given, or the record's ARN when the given one had no (or another) path,
    /// so the path is right; an assumed-role session stays the session.
    public var principal: Principal
    /// In order: user inline, user managed (default version), each group's inline and managed; or role inline and
    /// managed. A managed policy attached more than once appears once.
    public var identityPolicies: [PolicyDocument]
    public var permissionsBoundary: PolicyDocument?
    /// The user's or role's tags; the caller adds them to the request context as `aws:PrincipalTag/KEY`
    /// (`principalTagContext`).
    public var tags: [String: String]
    /// The user's groups, in `GroupList` order; empty for a role.
    public var groups: [String]
    /// One line per identity policy, in the same order, then one for the boundary if any, for reports: an inline
    /// policy of the user, role or a group, a managed policy at its default version, the permissions boundary.
    public var policyLines: [PolicyLine]
    /// Warnings the policies' parser reported (errors make loading fail).
    public var warnings: [Finding]
    /// Every role the authorization details list, role name → ARN: a role a statement names without its path
    /// (`ExecutionRole: 'name'`) has the path its record shows.
    public var accountRoles: [String: String] = [:]
    /// Whether the user or role has inline policies of its own (so no other principal has the same policies).
    var ownsInlinePolicies = false
    /// A role's trust policy, unparsed, as its record has it: who may become the role (the audit's escalations);
    /// `nil` for a user or a role whose record has none.
    var trustPolicy: AuthorizationDetailsRecords.Document?
    /// A role's instance profiles (`AuthorizationDetailsRecords.Role.instanceProfiles`); `nil` for a user or when not
    /// listed.
    var instanceProfiles: [String]?

    public init(
        principal: Principal, identityPolicies: [PolicyDocument] = [], permissionsBoundary: PolicyDocument? = nil,
        tags: [String: String] = [:], groups: [String] = [], policyLines: [PolicyLine] = [], warnings: [Finding] = []
    ) {
        self.principal = principal
        self.identityPolicies = identityPolicies
        self.permissionsBoundary = permissionsBoundary
        self.tags = tags
        self.groups = groups
        self.policyLines = policyLines
        self.warnings = warnings
    }

    /// The identity policies and the boundary (session, resource and organization policies come from elsewhere).
    public var policySet: PolicySet {
        PolicySet(identity: identityPolicies, permissionsBoundary: permissionsBoundary)
    }

    /// The tags as request-context keys: `aws:PrincipalTag/KEY` → value.
    public var principalTagContext: [String: ContextValue] {
        var context: [String: ContextValue] = [:]
        for (key, value) in tags {
            context["aws:PrincipalTag/\(key)"] = ContextValue(value)
        }
        return context
    }
}

/// Loads the policies of one principal from the JSON that `aws iam get-account-authorization-details` prints
/// (documents as objects) or the raw API returns (URL-encoded documents). Large files are read in one validating
/// pass that builds only the principal's own records, its groups and the managed policies they reference.
public enum AuthorizationDetailsLoader {
    /// Reads `path` (`-` for standard input) and resolves `principal`: a user ARN, a role ARN or an assumed-role
    /// session ARN (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`, resolved to the role ROLE).
    public static func load(path: String, principal: String) throws(InputError) -> PrincipalPolicies {
        try load(bytes: readFile(path), source: path, principal: principal)
    }

    /// Resolves `principal` in authorization-details JSON; `source` names the bytes in messages and policy sources.
    public static func load(bytes: consuming [UInt8], source: String, principal: String) throws(InputError)
        -> PrincipalPolicies
    {
        let selector = try PrincipalSelector(principal)
        let index = try AuthorizationDetailsIndex(bytes: bytes, source: source)
        let records = try index.records(for: selector)
        var resolver = AuthorizationDetailsResolver(records: records, source: source)
        var policies = try resolver.resolve(selector)
        policies.accountRoles = roleARNs(index.roles.compactMap { entry in entry.arn.map { (entry.name, $0) } })
        return policies
    }

    /// Resolves `principal` in records filled by any reader (e.g. one for the XML API). Every policy the principal
    /// references must be among the records.
    public static func resolve(
        _ details: AuthorizationDetailsRecords, principal: String, source: String
    ) throws(InputError) -> PrincipalPolicies {
        let selector = try PrincipalSelector(principal)
        var resolver = AuthorizationDetailsResolver(records: details, source: source)
        var policies = try resolver.resolve(selector)
        policies.accountRoles = roleARNs(details.roles.map { ($0.name, $0.arn) })
        return policies
    }

    /// Role name → ARN; a name listed twice with different ARNs is left out (its path is not known for certain).
    static func roleARNs(_ roles: [(name: String, arn: String)]) -> [String: String] {
        var result: [String: String] = [:]
        var ambiguous: Set<String> = []
        for (name, arn) in roles {
            if let seen = result[name], seen != arn { ambiguous.insert(name) }
            result[name] = arn
        }
        for name in ambiguous { result[name] = nil }
        return result
    }

    /// The file's bytes in one right-sized buffer (the file is the largest thing held in memory), or standard input.
    static func readFile(_ path: String) throws(InputError) -> [UInt8] {
        if path == "-" {
            return try FileInput.read(path, what: "authorization details")
        }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw InputError(
                "cannot read authorization details '\(path)': \(String(cString: strerror(errno)).lowercased())")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            return try FileInput.read(path, what: "authorization details")
        }
        let size = Int(info.st_size)
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < size {
                let result = read(descriptor, buffer.baseAddress.map { $0 + count }, size - count)
                if result < 0 && errno == EINTR { continue }
                if result < 0 { failure = errno }
                if result <= 0 { break }
                count += result
            }
        }
        guard failure == 0 else {
            throw InputError(
                "cannot read authorization details '\(path)': \(String(cString: strerror(failure)).lowercased())")
        }
        // A file that grew since `fstat` is read to its end.
        if bytes.count == size {
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let result = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                guard result > 0 else { break }
                bytes.append(contentsOf: chunk[0..<result])
            }
        }
        return bytes
    }
}
