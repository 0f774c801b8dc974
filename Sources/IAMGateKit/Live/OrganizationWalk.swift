import AWSCore
import AWSServices
import IAMPolicy

/// One walk of the organization for one account; its failures are either a refusal (the credentials may not read
/// what is needed) or a run-time error.
struct OrganizationWalk {
    enum Failure: Error {
        /// AWS refused `operation`: the credentials may not read it, or it does not know the account.
        case refused(operation: String, AWSServiceError)
        case failed(RuntimeError)
    }

    /// The error codes meaning "these credentials cannot see the policies of that account": a refusal
    /// (`AccessDeniedException`; moto's `AccessDenied`), no organization, or an account or target the organization
    /// does not hold.
    static let refusals: Set<String> = [
        "AccessDeniedException", "AccessDenied", "AWSOrganizationsNotInUseException", "ChildNotFoundException",
        "AccountNotFoundException", "TargetNotFoundException",
    ]

    /// The most OU levels a chain is followed through: AWS allows five below the root; more means the answers loop.
    static let maximumDepth = 10

    let client: OrganizationsClient
    let account: String
    let status: (@Sendable (String) -> Void)?
    let redacting: (String) -> String
    private(set) var organizationId: String?
    private(set) var managementAccountId: String?

    init(
        client: OrganizationsClient, account: String, status: (@Sendable (String) -> Void)?,
        redacting: @escaping (String) -> String
    ) {
        self.client = client
        self.account = account
        self.status = status
        self.redacting = redacting
    }

    mutating func run() throws(Failure) -> OrganizationPolicies {
        status?("reading the organization (organizations DescribeOrganization)…")
        let organization = try call("DescribeOrganization") { () throws(AWSServiceError) in
            try client.describeOrganization()
        }
        organizationId = organization.id
        managementAccountId = organization.managementAccountId
        var policies = OrganizationPolicies(
            account: account, status: .read, organizationId: organization.id,
            managementAccountId: organization.managementAccountId)
        if organization.managementAccountId == account {
            policies.status = .managementAccount
            return policies
        }

        status?("reading the organization's root (organizations ListRoots)…")
        let roots = try call("ListRoots") { () throws(AWSServiceError) in try client.listRoots() }
        guard roots.count == 1, let root = roots.first else {
            throw .failed(
                RuntimeError("organizations ListRoots answered \(roots.count) roots for \(organization.id), not one"))
        }
        policies.scpStatus = root.status(of: .serviceControlPolicy)
        policies.rcpStatus = root.status(of: .resourceControlPolicy)

        // The account's parents up to the root.
        status?("walking from account \(account) to the root (organizations ListParents)…")
        var units: [String] = []
        var child = account
        while true {
            let current = child
            let parents = try call("ListParents") { () throws(AWSServiceError) in
                try client.listParents(childId: current)
            }
            guard parents.count == 1, let parent = parents.first else {
                throw .failed(
                    RuntimeError("organizations ListParents answered \(parents.count) parents for \(current), not one"))
            }
            switch parent.kind {
            case .root:
                guard parent.id == root.id else {
                    throw .failed(
                        RuntimeError(
                            "organizations ListParents named root \(parent.id) above \(current), but ListRoots "
                                + "answered \(root.id)"))
                }
            case .organizationalUnit:
                guard !units.contains(parent.id), parent.id != account, units.count < Self.maximumDepth else {
                    throw .failed(
                        RuntimeError(
                            "organizations ListParents does not lead from account \(account) to the root (at "
                                + "\(parent.id) after \(units.count) OUs)"))
                }
                units.append(parent.id)
                child = parent.id
                continue
            case .other(let kind):
                throw .failed(RuntimeError("organizations ListParents answered parent type '\(kind)' for \(current)"))
            }
            break
        }
        var levels = [OrganizationPolicies.Level(id: root.id, kind: .root)]
        levels += units.reversed().map { OrganizationPolicies.Level(id: $0, kind: .organizationalUnit) }
        levels.append(OrganizationPolicies.Level(id: account, kind: .account))

        // The policies attached to each level, each document fetched once.
        var documents: [String: OrganizationPolicies.Policy] = [:]
        for (type, enabled) in [
            (OrganizationPolicyType.serviceControlPolicy, policies.scpStatus != nil),
            (.resourceControlPolicy, policies.rcpStatus != nil),
        ] where enabled {
            let (name, policyType): (String, PolicyType) = type == .serviceControlPolicy ? ("SCP", .scp) : ("RCP", .rcp)
            for index in levels.indices {
                let target = levels[index].id
                status?("listing the \(name)s of \(levels[index].label) (organizations ListPoliciesForTarget)…")
                let summaries = try call("ListPoliciesForTarget") { () throws(AWSServiceError) in
                    try client.listPoliciesForTarget(targetId: target, type: type)
                }
                var attached: [OrganizationPolicies.Policy] = []
                for summary in summaries {
                    if let known = documents[summary.id] {
                        attached.append(known)
                        continue
                    }
                    status?("reading \(name) \(summary.id) (organizations DescribePolicy)…")
                    let described = try call("DescribePolicy") { () throws(AWSServiceError) in
                        try client.describePolicy(policyId: summary.id)
                    }
                    let policy = OrganizationPolicies.Policy(
                        summary: summary,
                        document: try Self.parse(described, summary: summary, type: policyType, what: name))
                    documents[summary.id] = policy
                    attached.append(policy)
                }
                if type == .serviceControlPolicy {
                    levels[index].scps = attached
                } else {
                    levels[index].rcps = attached
                }
            }
        }
        policies.levels = levels
        return policies
    }

    /// Runs one call: a refusal is ``Failure/refused(operation:_:)``, any other error a run-time error naming the call.
    private func call<Result>(_ operation: String, _ body: () throws(AWSServiceError) -> Result) throws(Failure)
        -> Result
    {
        do {
            return try body()
        } catch {
            if let code = error.code, Self.refusals.contains(code) { throw .refused(operation: operation, error) }
            if case .service(let response, _, _) = error, response.status == 403, response.code.allSatisfy(\.isNumber) {
                throw .refused(operation: operation, error)
            }
            throw .failed(
                RuntimeError("organizations \(operation) failed: \(redacting(error.description))", cause: error))
        }
    }

    /// The policy's document, read by the strict parser as a policy of `type`; named in reports as
    /// `SCP 'DenyDelete' (p-…)`.
    static func parse(
        _ policy: OrganizationPolicy, summary: OrganizationPolicySummary, type: PolicyType, what: String
    ) throws(Failure) -> PolicyDocument {
        let name = summary.name.map { "\(what) '\($0)' (\(summary.id))" } ?? "\(what) \(summary.id)"
        let result = PolicyParser(policyType: type).parse(
            bytes: Array(policy.content.utf8), source: PolicySource(name))
        guard let document = result.document else {
            throw .failed(
                RuntimeError(
                    "organizations DescribePolicy: \(PolicyError(findings: result.findings).description)"))
        }
        return document
    }
}
