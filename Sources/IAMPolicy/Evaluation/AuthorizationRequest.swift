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
    private(set) var entries: [String: (name: String, value: ContextValue)] {
        didSet { hashedEntries = Self.hashedEntries(entries) }
    }
    /// The same entries with the `contextKeyHash` of each key, scanned by lookups that bring their key's hash, so
    /// that no key is hashed per lookup; `nil` when a key is not ASCII (then only the dictionary finds the
    /// canonically equivalent spellings of a key).
    private var hashedEntries: [HashedContextEntry]?
    /// The keys `Evaluator.fillContext` derived, kept beside `entries` so that filling copies nothing; a key in
    /// `entries` always wins. Every public view sees the two merged (`allEntries`).
    private(set) var filled: FilledContextKeys?

    public init(_ values: [String: ContextValue] = [:]) {
        var entries: [String: (name: String, value: ContextValue)] = [:]
        for (key, value) in values {
            entries[key.lowercased()] = (key, value)
        }
        self.entries = entries
        hashedEntries = Self.hashedEntries(entries)
    }

    private static func hashedEntries(
        _ entries: [String: (name: String, value: ContextValue)]
    ) -> [HashedContextEntry]? {
        var hashed: [HashedContextEntry] = []
        hashed.reserveCapacity(entries.count)
        for (key, entry) in entries {
            guard let hash = contextKeyHash(key) else { return nil }
            hashed.append(HashedContextEntry(hash: hash, key: key, value: entry.value))
        }
        return hashed
    }

    public subscript(key: String) -> ContextValue? {
        get { value(lowercasedKey: key.lowercased()) }
        set {
            mergeFilledKeys()
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
        if let entry = entries[lowercasedKey] { return entry.value }
        return filled?.value(lowercasedKey: lowercasedKey)
    }

    /// Looks up a key that is already lowercased, given with its `contextKeyHash` (`nil` for a key that is not
    /// ASCII).
    @inline(__always)
    func value(lowercasedKey: String, hash: UInt64?) -> ContextValue? {
        guard let hash, let hashedEntries else { return value(lowercasedKey: lowercasedKey) }
        for index in hashedEntries.indices
        where hashedEntries[index].hash == hash && hashedEntries[index].key == lowercasedKey {
            return hashedEntries[index].value
        }
        return filled?.value(lowercasedKey: lowercasedKey, hash: hash)
    }

    /// Adds the derived keys (`docs/evaluation.md` §3) the request does not give.
    mutating func fill(principalKeys: [FilledContextKey], resourceAccount: String?) {
        mergeFilledKeys()
        filled = FilledContextKeys(principalKeys: principalKeys, resourceAccount: resourceAccount)
    }

    /// Moves the filled keys into `entries`.
    private mutating func mergeFilledKeys() {
        guard filled != nil else { return }
        entries = allEntries
        filled = nil
    }

    /// The given and the filled keys together, as one dictionary.
    private var allEntries: [String: (name: String, value: ContextValue)] {
        guard let filled else { return entries }
        var all = entries
        for key in filled.principalKeys where all[key.lowercasedName] == nil {
            all[key.lowercasedName] = (key.name, key.value)
        }
        if let account = filled.resourceAccount, all[FilledContextKeys.resourceAccountKey] == nil {
            all[FilledContextKeys.resourceAccountKey] = (FilledContextKeys.resourceAccountName, ContextValue(account))
        }
        return all
    }

    /// The keys as written, sorted.
    public var keys: [String] { allEntries.values.map(\.name).sorted() }

    /// Every key and value, sorted by key.
    public var sortedEntries: [(key: String, value: ContextValue)] {
        allEntries.values.sorted { $0.name < $1.name }.map { (key: $0.name, value: $0.value) }
    }

    public static func == (lhs: RequestContext, rhs: RequestContext) -> Bool {
        let lhsEntries = lhs.allEntries
        let rhsEntries = rhs.allEntries
        return lhsEntries.count == rhsEntries.count
            && lhsEntries.allSatisfy { key, entry in rhsEntries[key]?.value == entry.value }
    }

    public func hash(into hasher: inout Hasher) {
        for (key, entry) in allEntries.sorted(by: { $0.key < $1.key }) {
            hasher.combine(key)
            hasher.combine(entry.value)
        }
    }
}

/// A context entry with the hash of its lowercased key.
private struct HashedContextEntry: Sendable {
    let hash: UInt64
    let key: String
    let value: ContextValue
}

/// FNV-1a over the UTF-8 bytes of a lowercased context key, for lookups without hashing the key each time; `nil`
/// unless the key is ASCII (ASCII keys are equal exactly when their bytes are).
func contextKeyHash(_ lowercasedKey: String) -> UInt64? {
    var copy = lowercasedKey
    return copy.withUTF8 { bytes in
        guard isASCIIBytes(bytes) else { return nil }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

/// One context key the engine fills in from the principal, prepared once per principal.
struct FilledContextKey: Sendable, Hashable {
    /// The key as `fillContext` writes it, e.g. `aws:PrincipalArn`.
    let name: String
    let lowercasedName: String
    /// `contextKeyHash(lowercasedName)`.
    let hash: UInt64?
    let value: ContextValue

    init(_ name: String, _ value: ContextValue) {
        self.name = name
        lowercasedName = name.lowercased()
        hash = contextKeyHash(lowercasedName)
        self.value = value
    }
}

/// The keys `Evaluator.fillContext` derives for one request: the principal's, and `aws:ResourceAccount`.
struct FilledContextKeys: Sendable {
    static let resourceAccountName = "aws:ResourceAccount"
    static let resourceAccountKey = resourceAccountName.lowercased()

    let principalKeys: [FilledContextKey]
    let resourceAccount: String?

    /// The value of a filled key (the caller has checked that the request does not give it).
    func value(lowercasedKey: String) -> ContextValue? {
        // The filled keys are ASCII, and no other text is canonically equivalent to them, so keys of another
        // length cannot be equal.
        let length = lowercasedKey.utf8.count
        for key in principalKeys where key.lowercasedName.utf8.count == length && key.lowercasedName == lowercasedKey {
            return key.value
        }
        if let resourceAccount, length == Self.resourceAccountKey.utf8.count, lowercasedKey == Self.resourceAccountKey {
            return ContextValue(resourceAccount)
        }
        return nil
    }

    /// `value(lowercasedKey:)` for an ASCII key given with its `contextKeyHash`: keys are compared by hash first,
    /// so that only a key with the same hash is compared as text.
    @inline(__always)
    func value(lowercasedKey: String, hash: UInt64) -> ContextValue? {
        for index in principalKeys.indices
        where principalKeys[index].hash == hash && principalKeys[index].lowercasedName == lowercasedKey {
            return principalKeys[index].value
        }
        if let resourceAccount, hash == Self.resourceAccountHash, lowercasedKey == Self.resourceAccountKey {
            return ContextValue(resourceAccount)
        }
        return nil
    }

    static let resourceAccountHash = contextKeyHash(resourceAccountKey)
}

/// A request to authorize: who, which action, on which resource, with which context.
public struct AuthorizationRequest: Sendable, Hashable {
    public var principal: Principal {
        didSet { resolvedResourceAccount = Self.resourceAccount(of: resource, given: resourceAccount, for: principal) }
    }
    /// `service:Action`, e.g. `imagebuilder:GetImage`.
    public var action: String {
        didSet {
            lowercasedAction = action.lowercased()
            lowercasedActionUTF8 = Array(lowercasedAction.utf8)
            actionKey = ActionFilter.Key(lowercasedAction: lowercasedAction)
        }
    }
    /// An ARN, or `*` for actions that do not support resource-level permissions.
    public var resource: String {
        didSet {
            resourceUTF8 = Array(resource.utf8)
            resourceLayout = ARNLayout(resource)
            resolvedResourceAccount = Self.resourceAccount(of: resource, given: resourceAccount, for: principal)
        }
    }
    /// The account that owns the resource; `nil` means the account in the resource ARN, else the principal's.
    public var resourceAccount: String? {
        didSet { resolvedResourceAccount = Self.resourceAccount(of: resource, given: resourceAccount, for: principal) }
    }
    public var context: RequestContext
    /// When the resource is only partly known: the template whose placeholders are unknown (`resource` then holds
    /// its text). A statement's resource pattern names every resource the template stands for, none, or some
    /// (`ResourceTemplate`); "some" is an unknown the decision reports, like a condition on an unknown key.
    public var resourceTemplate: ResourceTemplate?
    /// Keys known to be absent from the real request even in discovery mode (lowercased; a trailing `*` covers a
    /// prefix, e.g. `aws:requesttag/*` when a statement sets no tags).
    public var knownAbsentKeys: [String] = []
    /// The service-specific condition keys the action supports (lowercased; `*` ends a templated key such as
    /// `imagebuilder:createdresourcetag/*`). When set, every other non-`aws:` key is known to be absent:
    /// `reference_policies_variables.md#policy-vars-no-value` — service keys are not in requests to actions that do
    /// not support them.
    public var applicableServiceKeys: [String]?

    // Derived once per request rather than once per decision.
    /// `action`, lowercased for matching action patterns.
    private(set) var lowercasedAction: String
    /// `lowercasedAction` as UTF-8 bytes, for matching action patterns without going through `String`.
    private(set) var lowercasedActionUTF8: [UInt8]
    /// The action's bits for skipping statements about other actions (`ActionFilter`).
    private(set) var actionKey: ActionFilter.Key
    /// `resource` as UTF-8 bytes, and where its parts are (`nil` unless ASCII), for matching resource patterns
    /// in place.
    private(set) var resourceUTF8: [UInt8]
    private(set) var resourceLayout: ARNLayout?
    /// `effectiveResourceAccount`.
    private var resolvedResourceAccount: String?

    public init(
        principal: Principal, action: String, resource: String, resourceAccount: String? = nil,
        context: RequestContext = RequestContext()
    ) {
        self.principal = principal
        self.action = action
        self.resource = resource
        self.resourceAccount = resourceAccount
        self.context = context
        lowercasedAction = action.lowercased()
        lowercasedActionUTF8 = Array(lowercasedAction.utf8)
        actionKey = ActionFilter.Key(lowercasedAction: lowercasedAction)
        resourceUTF8 = Array(resource.utf8)
        resourceLayout = ARNLayout(resource)
        resolvedResourceAccount = Self.resourceAccount(of: resource, given: resourceAccount, for: principal)
    }

    /// The account that owns the resource, as evaluation uses it.
    public var effectiveResourceAccount: String? { resolvedResourceAccount }

    /// Whether `key` (lowercased) is known to be absent from the real request.
    public func isKnownAbsent(lowercasedKey key: String) -> Bool {
        func covers(_ entry: String) -> Bool {
            entry.hasSuffix("*") ? key.hasPrefix(entry.dropLast()) : key == entry
        }
        if knownAbsentKeys.contains(where: covers) { return true }
        if let applicable = applicableServiceKeys, !key.hasPrefix("aws:") {
            return !applicable.contains(where: covers)
        }
        return false
    }

    private static func resourceAccount(of resource: String, given: String?, for principal: Principal) -> String? {
        if let given { return given }
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
