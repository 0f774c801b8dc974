import AWSCore

/// The parent of an account or OU as `ListParents` names it (the model's `Parent`): the root, or an organizational
/// unit.
public struct OrganizationParent: Sendable, Hashable {
    /// `Type` (the model's `ParentType`), or a value the model does not list, kept as sent.
    public enum Kind: Sendable, Hashable, CustomStringConvertible {
        case root, organizationalUnit
        case other(String)

        public init(rawValue: String) {
            switch rawValue {
            case "ROOT": self = .root
            case "ORGANIZATIONAL_UNIT": self = .organizationalUnit
            default: self = .other(rawValue)
            }
        }

        /// The value as AWS writes it.
        public var rawValue: String {
            switch self {
            case .root: return "ROOT"
            case .organizationalUnit: return "ORGANIZATIONAL_UNIT"
            case .other(let value): return value
            }
        }

        public var description: String { rawValue }
    }

    /// `Id`: `r-…` for the root, `ou-…` for an OU.
    public var id: String
    /// `Type`.
    public var kind: Kind

    public init(id: String, kind: Kind) {
        self.id = id
        self.kind = kind
    }

    /// Reads a `Parent` object; both members must be there (the walk up to the root needs both).
    init(_ object: JSONResponseObject) throws(AWSServiceError) {
        self.init(id: try object.requiredString("Id"), kind: Kind(rawValue: try object.requiredString("Type")))
    }
}
