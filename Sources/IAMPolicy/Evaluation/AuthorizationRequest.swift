/// One value in the request context: a single value, or a set for multivalued keys such as `aws:TagKeys`.
public struct ContextValue: Sendable, Hashable, Codable {
    /// The values as text (`true`, `10`, `203.0.113.7`…); one element unless `isSet`.
    public var values: [String]
    /// Whether the value was given as an array (a multivalued key).
    public var isSet: Bool

    public init(_ value: String) {
        values = [value]
        isSet = false
    }

    public init(set values: [String]) {
        self.values = values
        isSet = true
    }
}

/// The request context: condition keys to values, looked up case-insensitively
/// (`reference_policies_elements_condition.md`: key names are not case-sensitive).
public struct RequestContext: Sendable, Hashable {
    /// Keys lowercased → (key as written, value).
    private(set) var entries: [String: (name: String, value: ContextValue)]

    public init(_ values: [String: ContextValue] = [:]) {
        entries = [:]
        for (key, value) in values {
            entries[key.lowercased()] = (key, value)
        }
    }

    public subscript(key: String) -> ContextValue? {
        get { entries[key.lowercased()]?.value }
        set {
            if let newValue {
                entries[key.lowercased()] = (key, newValue)
            } else {
                entries[key.lowercased()] = nil
            }
        }
    }

    /// Looks up a key that is already lowercased.
    @inline(__always)
    func value(lowercasedKey: String) -> ContextValue? {
        entries[lowercasedKey]?.value
    }

    /// The keys as written, sorted.
    public var keys: [String] { entries.values.map(\.name).sorted() }

    /// Every key and value, sorted by key.
    public var sortedEntries: [(key: String, value: ContextValue)] {
        entries.values.sorted { $0.name < $1.name }.map { (key: $0.name, value: $0.value) }
    }

    public static func == (lhs: RequestContext, rhs: RequestContext) -> Bool {
        lhs.entries.count == rhs.entries.count
            && lhs.entries.allSatisfy { key, entry in rhs.entries[key]?.value == entry.value }
    }

    public func hash(into hasher: inout Hasher) {
        for (key, entry) in entries.sorted(by: { $0.key < $1.key }) {
            hasher.combine(key)
            hasher.combine(entry.value)
        }
    }
}

/// A request to authorize: who, which action, on which resource, with which context.
public struct AuthorizationRequest: Sendable, Hashable {
    public var principal: Principal
    /// `service:Action`, e.g. `imagebuilder:GetImage`.
    public var action: String
    /// An ARN, or `*` for actions that do not support resource-level permissions.
    public var resource: String
    /// The account that owns the resource; `nil` means the account in the resource ARN, else the principal's.
    public var resourceAccount: String?
    public var context: RequestContext

    public init(
        principal: Principal, action: String, resource: String, resourceAccount: String? = nil,
        context: RequestContext = RequestContext()
    ) {
        self.principal = principal
        self.action = action
        self.resource = resource
        self.resourceAccount = resourceAccount
        self.context = context
    }

    /// The account that owns the resource, as evaluation uses it.
    public var effectiveResourceAccount: String? {
        if let resourceAccount { return resourceAccount }
        let parts = splitARN(Substring(resource))
        if parts.count == 6, parts[4].count == 12, parts[4].allSatisfy(\.isASCIIDigit) {
            return String(parts[4])
        }
        return principal.account
    }

    /// The service prefix of the action, lowercased.
    public var servicePrefix: String {
        String(action.split(separator: ":", maxSplits: 1).first ?? "").lowercased()
    }
}
