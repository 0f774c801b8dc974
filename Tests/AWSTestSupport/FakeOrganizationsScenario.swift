/// The Organizations part of a ``FakeAWSScenario`` (`"organizations"` in the JSON `scripts/fake-organizations.py`
/// documents): the organization, its tree from the root to the accounts, its policies and where they are attached,
/// which member accounts are delegated administrators, the page size, and the faults its requests meet. The caller is
/// the scenario identity's account.
///
/// ```swift
/// var organization = FakeOrganizationsScenario(id: "o-exampleorgid", management: "111111111111", root: "r-ab12")
/// organization.enable(.scp)
/// organization.parents = ["222222222222": "ou-ab12-11111111", "ou-ab12-11111111": "r-ab12"]
/// organization.policies["p-denydelete1"] = .init(name: "DenyDelete", type: .scp, content: denyDelete)
/// organization.attachments["ou-ab12-11111111"] = ["p-denydelete1"]
/// ```
public struct FakeOrganizationsScenario: Encodable, Sendable, Hashable {
    /// The two policy types that govern authorization.
    public enum PolicyType: String, Encodable, Sendable, Hashable {
        case scp = "SERVICE_CONTROL_POLICY"
        case rcp = "RESOURCE_CONTROL_POLICY"
    }

    /// `Organization`: its id and management account.
    public struct Organization: Encodable, Sendable, Hashable {
        public var id: String
        public var managementAccount: String

        enum CodingKeys: String, CodingKey {
            case id = "Id"
            case managementAccount = "MasterAccountId"
        }
    }

    /// One entry of the root's `PolicyTypes`.
    public struct PolicyTypeSummary: Encodable, Sendable, Hashable {
        public var type: PolicyType
        /// `ENABLED`, `PENDING_ENABLE` or `PENDING_DISABLE`.
        public var status: String

        enum CodingKeys: String, CodingKey {
            case type = "Type"
            case status = "Status"
        }
    }

    /// The root: its id and the policy types enabled at it.
    public struct Root: Encodable, Sendable, Hashable {
        public var id: String
        public var policyTypes: [PolicyTypeSummary]

        enum CodingKeys: String, CodingKey {
            case id = "Id"
            case policyTypes = "PolicyTypes"
        }
    }

    /// A policy and its document's text.
    public struct Policy: Encodable, Sendable, Hashable {
        public var name: String
        public var type: PolicyType
        public var awsManaged: Bool
        public var content: String

        public init(name: String, type: PolicyType, awsManaged: Bool = false, content: String) {
            self.name = name
            self.type = type
            self.awsManaged = awsManaged
            self.content = content
        }

        enum CodingKeys: String, CodingKey {
            case name = "Name"
            case type = "Type"
            case awsManaged = "AwsManaged"
            case content = "Content"
        }
    }

    /// An error answered to the first request for `operation` (any operation when `nil`).
    public struct Fault: Encodable, Sendable, Hashable {
        public var operation: String?
        public var code: String
        public var message: String?
        public var status: Int?

        public init(operation: String? = nil, code: String, message: String? = nil, status: Int? = nil) {
            self.operation = operation
            self.code = code
            self.message = message
            self.status = status
        }
    }

    /// `nil`: the caller's account is in no organization (`AWSOrganizationsNotInUseException`).
    public var organization: Organization?
    public var root: Root?
    /// Child (account or OU) → parent (OU, or the root `r-…`).
    public var parents: [String: String] = [:]
    public var policies: [String: Policy] = [:]
    /// Target (root, OU or account) → the ids of the policies attached to it.
    public var attachments: [String: [String]] = [:]
    /// Member accounts that may read the organization as its management account does.
    public var delegatedAdministrators: [String] = []
    /// Entries per page of ListRoots, ListParents and ListPoliciesForTarget.
    public var pageSize: Int?
    public var faults: [Fault] = []

    /// An organization with management account `management` and root `root`, no policy type enabled.
    public init(id: String, management: String, root: String) {
        organization = Organization(id: id, managementAccount: management)
        self.root = Root(id: root, policyTypes: [])
    }

    /// No organization at all.
    public init() {}

    /// Enables policy type `type` at the root with `status`.
    public mutating func enable(_ type: PolicyType, status: String = "ENABLED") {
        root?.policyTypes.append(PolicyTypeSummary(type: type, status: status))
    }
}
