import AWSCore

/// An AWS Organizations policy type (the model's `PolicyType`): the two that govern authorization, service control
/// policies and resource control policies, or another type (tag, backup, AI opt-out, …) kept as sent.
public enum OrganizationPolicyType: Sendable, Hashable, CustomStringConvertible {
    /// `SERVICE_CONTROL_POLICY`: the most that principals of the accounts below may do.
    case serviceControlPolicy
    /// `RESOURCE_CONTROL_POLICY`: the most that may be done to resources of the accounts below.
    case resourceControlPolicy
    case other(String)

    public init(rawValue: String) {
        switch rawValue {
        case "SERVICE_CONTROL_POLICY": self = .serviceControlPolicy
        case "RESOURCE_CONTROL_POLICY": self = .resourceControlPolicy
        default: self = .other(rawValue)
        }
    }

    /// The value as AWS writes it, for example `SERVICE_CONTROL_POLICY`.
    public var rawValue: String {
        switch self {
        case .serviceControlPolicy: return "SERVICE_CONTROL_POLICY"
        case .resourceControlPolicy: return "RESOURCE_CONTROL_POLICY"
        case .other(let value): return value
        }
    }

    public var description: String { rawValue }
}
