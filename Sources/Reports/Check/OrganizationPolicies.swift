import AWSServices
import IAMPolicy
import JSON

/// The SCPs and RCPs that govern one account, as AWS Organizations holds them, or why they are not known: the chain
/// from the organization's root through its OUs to the account, each level with the policies attached to it directly,
/// and whether each policy type is enabled at the root. ``scpLevels`` and ``rcpLevels`` are in the shape `--scp` and
/// `--rcp` files give (one array per level, root first, account last), so the engine sees exactly what it would see
/// from files. The report carries it; IAMGateKit fetches it (`OrganizationPolicies.fetch(session:account:)`).
public struct OrganizationPolicies: Sendable {
    /// What could be seen of the organization for the account.
    public enum Status: Sendable, Hashable {
        /// The chain from the root to the account was read, with every policy attached along it.
        case read
        /// The account is the organization's management account: SCPs do not restrict its principals and RCPs do not
        /// govern its resources, so no policy was fetched.
        case managementAccount
        /// AWS answered `AWSOrganizationsNotInUseException` to the account's own credentials: the account is in no
        /// organization, and no SCP or RCP applies to it.
        case notInOrganization
        /// The organization could not be read (the call and AWS's error, or why the answer does not cover the
        /// account): which policies apply is not known.
        case notReadable(reason: String)
    }

    /// One level of the chain: the root, an OU or the account.
    public struct Level: Sendable {
        /// What the level is, named as Organizations' `TargetType` names it.
        public enum Kind: String, Sendable, Hashable {
            case root = "ROOT"
            case organizationalUnit = "ORGANIZATIONAL_UNIT"
            case account = "ACCOUNT"
        }

        /// `r-…`, `ou-…` or the 12-digit account id.
        public var id: String
        public var kind: Kind
        /// The SCPs attached to this level directly (empty when SCPs are not enabled).
        public var scps: [Policy]
        /// The RCPs attached to this level directly (empty when RCPs are not enabled).
        public var rcps: [Policy]

        public init(id: String, kind: Kind, scps: [Policy] = [], rcps: [Policy] = []) {
            self.id = id
            self.kind = kind
            self.scps = scps
            self.rcps = rcps
        }

        /// `root r-ab12`, `OU ou-ab12-cdefghij`, `account 111122223333`.
        public var label: String {
            switch kind {
            case .root: return "root \(id)"
            case .organizationalUnit: return "OU \(id)"
            case .account: return "account \(id)"
            }
        }
    }

    /// One attached policy: who it is, and its document as the project's strict parser read it.
    public struct Policy: Sendable {
        public var summary: OrganizationPolicySummary
        public var document: PolicyDocument

        public init(summary: OrganizationPolicySummary, document: PolicyDocument) {
            self.summary = summary
            self.document = document
        }

        /// `DenyDelete (p-examplepolicyid111)`.
        public var label: String {
            guard let name = summary.name, !name.isEmpty else { return summary.id }
            return "\(name) (\(summary.id))"
        }
    }

    /// The account the policies govern.
    public var account: String
    public var status: Status
    /// The organization's id, when it was read.
    public var organizationId: String?
    /// The organization's management account, when it was read.
    public var managementAccountId: String?
    /// Where SCPs stand at the root; `nil` when they are not enabled (then none apply).
    public var scpStatus: OrganizationRoot.PolicyTypeSummary.Status?
    /// Where RCPs stand at the root; `nil` when they are not enabled (then none apply).
    public var rcpStatus: OrganizationRoot.PolicyTypeSummary.Status?
    /// The chain, root first and the account last; empty unless ``status`` is ``Status/read``.
    public var levels: [Level]

    public init(
        account: String, status: Status, organizationId: String? = nil, managementAccountId: String? = nil,
        scpStatus: OrganizationRoot.PolicyTypeSummary.Status? = nil,
        rcpStatus: OrganizationRoot.PolicyTypeSummary.Status? = nil, levels: [Level] = []
    ) {
        self.account = account
        self.status = status
        self.organizationId = organizationId
        self.managementAccountId = managementAccountId
        self.scpStatus = scpStatus
        self.rcpStatus = rcpStatus
        self.levels = levels
    }

    /// Whether iamgate knows which SCPs and RCPs apply: every status but ``Status/notReadable(reason:)``. Only then
    /// can an allow stand; otherwise the organization may deny what the principal's own policies allow.
    public var isKnown: Bool {
        if case .notReadable = status { return false }
        return true
    }

    /// Whether the policies themselves were seen: only when the chain was read.
    public var policiesSeen: Bool { status == .read }

    /// The SCPs for `PolicySet.scps`: one array per level, root first; `nil` (no SCP applies) unless the chain was
    /// read and SCPs are enabled (or being enabled or disabled: the attached policies may be in force, and they can
    /// only restrict).
    public var scpLevels: [[PolicyDocument]]? {
        guard status == .read, scpStatus != nil else { return nil }
        return levels.map { $0.scps.map(\.document) }
    }

    /// The RCPs for `PolicySet.rcps`, as ``scpLevels``.
    public var rcpLevels: [[PolicyDocument]]? {
        guard status == .read, rcpStatus != nil else { return nil }
        return levels.map { $0.rcps.map(\.document) }
    }

    /// The report's policy lines: one per SCP and RCP level applied, in the words `--scp` and `--rcp` files get
    /// (`SCP level 0 (root r-ab12): FullAWSAccess (p-FullAWSAccess)`).
    public var summary: [PolicyLine] {
        var lines: [PolicyLine] = []
        for (type, applied, policies) in [
            (PolicyType.scp, scpLevels != nil, levels.map(\.scps)),
            (PolicyType.rcp, rcpLevels != nil, levels.map(\.rcps)),
        ] where applied {
            for (index, level) in levels.enumerated() {
                lines.append(
                    .fetchedOrganizationLevel(
                        type, level: index, label: level.label, policies: policies[index].map(\.label)))
            }
        }
        return lines
    }

    /// What the report must say about the organization, plainly: which policies were added, or that none were seen
    /// and why.
    public var notes: [ReportNote] {
        let organization = organizationId.map { "organization \($0)" } ?? "the organization"
        switch status {
        case .read:
            var notes: [ReportNote] = []
            let chain = levels.map(\.label).joined(separator: " → ")
            for (what, state) in [("SCPs", scpStatus), ("RCPs", rcpStatus)] {
                guard let state else {
                    notes.append(.organization(.notEnabled(what: what, organization: organization, account: account)))
                    continue
                }
                notes.append(
                    .organization(
                        .read(
                            what: what, organization: organization, chain: chain,
                            state: state == .enabled ? nil : state.rawValue)))
            }
            return notes
        case .managementAccount:
            return [.organization(.managementAccount(account: account, organization: organization))]
        case .notInOrganization:
            return [.organization(.notInOrganization(account: account))]
        case .notReadable(let reason):
            return [.organization(.notReadable(reason: reason))]
        }
    }

    /// The `organization` member of a JSON report.
    public var json: JSONOutput {
        var members: [(String, JSONOutput)] = [("account", .string(account))]
        switch status {
        case .read: members.append(("status", .string("read")))
        case .managementAccount: members.append(("status", .string("managementAccount")))
        case .notInOrganization: members.append(("status", .string("notInOrganization")))
        case .notReadable(let reason):
            members.append(("status", .string("notReadable")))
            members.append(("reason", .string(reason)))
        }
        members.append(("policiesSeen", .bool(policiesSeen)))
        members.append(("policiesKnown", .bool(isKnown)))
        if let organizationId { members.append(("organizationId", .string(organizationId))) }
        if let managementAccountId { members.append(("managementAccount", .string(managementAccountId))) }
        if status == .read {
            members.append(
                (
                    "policyTypes",
                    .object([
                        ("SERVICE_CONTROL_POLICY", .string(scpStatus?.rawValue ?? "NOT_ENABLED")),
                        ("RESOURCE_CONTROL_POLICY", .string(rcpStatus?.rawValue ?? "NOT_ENABLED")),
                    ])
                ))
            members.append(
                (
                    "levels",
                    .array(
                        levels.map { level in
                            .object([
                                ("id", .string(level.id)), ("type", .string(level.kind.rawValue)),
                                ("scps", .array(level.scps.map(\.json))), ("rcps", .array(level.rcps.map(\.json))),
                            ])
                        })
                ))
        }
        members.append(("notes", .strings(notes.map(ReportSentences.note))))
        return .object(members)
    }
}

extension OrganizationPolicies.Policy {
    var json: JSONOutput {
        var members: [(String, JSONOutput)] = [("id", .string(summary.id))]
        if let name = summary.name { members.append(("name", .string(name))) }
        if let arn = summary.arn { members.append(("arn", .string(arn))) }
        members.append(("awsManaged", .bool(summary.awsManaged)))
        return .object(members)
    }
}
