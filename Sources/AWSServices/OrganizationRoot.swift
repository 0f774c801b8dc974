import AWSCore

/// The root of an organization as `ListRoots` describes it (the model's `Root`): the top of the tree of OUs and
/// accounts, and the one place that says which policy types are enabled.
public struct OrganizationRoot: Sendable, Hashable {
    /// One policy type and where it stands at this root (the model's `PolicyTypeSummary`).
    public struct PolicyTypeSummary: Sendable, Hashable {
        /// `Status` (the model's `PolicyTypeStatus`): `ENABLED`, `PENDING_ENABLE`, `PENDING_DISABLE`, or a value the
        /// model does not list, kept as sent.
        public enum Status: Sendable, Hashable, CustomStringConvertible {
            case enabled, pendingEnable, pendingDisable
            case other(String)

            public init(rawValue: String) {
                switch rawValue {
                case "ENABLED": self = .enabled
                case "PENDING_ENABLE": self = .pendingEnable
                case "PENDING_DISABLE": self = .pendingDisable
                default: self = .other(rawValue)
                }
            }

            /// The value as AWS writes it.
            public var rawValue: String {
                switch self {
                case .enabled: return "ENABLED"
                case .pendingEnable: return "PENDING_ENABLE"
                case .pendingDisable: return "PENDING_DISABLE"
                case .other(let value): return value
                }
            }

            public var description: String { rawValue }
        }

        public var type: OrganizationPolicyType
        public var status: Status

        public init(type: OrganizationPolicyType, status: Status) {
            self.type = type
            self.status = status
        }
    }

    /// `Id`, for example `r-examplerootid111`.
    public var id: String
    /// `Arn`.
    public var arn: String?
    /// `Name`.
    public var name: String?
    /// `PolicyTypes`: the policy types enabled (or being enabled or disabled) at this root; a type not listed is not
    /// enabled, and no policy of it applies anywhere below.
    public var policyTypes: [PolicyTypeSummary]

    public init(id: String, arn: String? = nil, name: String? = nil, policyTypes: [PolicyTypeSummary] = []) {
        self.id = id
        self.arn = arn
        self.name = name
        self.policyTypes = policyTypes
    }

    /// The status of policy type `type` at this root; `nil` when it is not enabled.
    public func status(of type: OrganizationPolicyType) -> PolicyTypeSummary.Status? {
        policyTypes.first { $0.type == type }?.status
    }

    /// Reads a `Root` object; `Id` must be there, and every `PolicyTypes` entry needs its `Type` and `Status`.
    init(_ object: JSONResponseObject) throws(AWSServiceError) {
        var types: [PolicyTypeSummary] = []
        for entry in try object.objects("PolicyTypes") {
            types.append(
                PolicyTypeSummary(
                    type: OrganizationPolicyType(rawValue: try entry.requiredString("Type")),
                    status: PolicyTypeSummary.Status(rawValue: try entry.requiredString("Status"))))
        }
        self.init(
            id: try object.requiredString("Id"), arn: try object.string("Arn"), name: try object.string("Name"),
            policyTypes: types)
    }
}
