import Wildcard

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
/// A request context held without retaining its storage, so that copying the holder retains nothing; valid only
/// while the context it was made from is alive.
struct UnretainedContext {
    fileprivate unowned(unsafe) let storage: RequestContext.Storage

    /// The context itself (retained again).
    var context: RequestContext { RequestContext(storage: storage) }
}

public struct RequestContext: Sendable, Hashable {
    /// The keys and values, shared by copies: a change makes a new one, so that copying a context (every decision
    /// carries one) retains one object.
    private var storage: Storage

    fileprivate final class Storage: Sendable {
        /// Keys lowercased → (key as written, value).
        let entries: [String: (name: String, value: ContextValue)]
        /// The keys `Evaluator.fillContext` derived, kept beside `entries` so that filling copies nothing; a key in
        /// `entries` always wins. Every public view sees the two merged (`allEntries`).
        let filled: FilledContextKeys?
        /// Once filled, every key and value as plain records for the engine's lookups; `nil` before, and when a
        /// key is not ASCII.
        let index: ContextIndex?

        init(entries: [String: (name: String, value: ContextValue)], filled: FilledContextKeys?) {
            self.entries = entries
            self.filled = filled
            index = filled.flatMap { ContextIndex(entries: entries, filled: $0) }
        }
    }

    private var entries: [String: (name: String, value: ContextValue)] { storage.entries }
    private var filled: FilledContextKeys? { storage.filled }
    var index: ContextIndex? { storage.index }

    public init(_ values: [String: ContextValue] = [:]) {
        var entries: [String: (name: String, value: ContextValue)] = [:]
        for (key, value) in values {
            entries[key.lowercased()] = (key, value)
        }
        storage = Storage(entries: entries, filled: nil)
    }

    public subscript(key: String) -> ContextValue? {
        get { value(lowercasedKey: key.lowercased()) }
        set {
            var entries = allEntries
            if let newValue {
                entries[key.lowercased()] = (key, newValue)
            } else {
                entries[key.lowercased()] = nil
            }
            storage = Storage(entries: entries, filled: nil)
        }
    }

    /// The context, not retained: for holders that something else keeps it alive for.
    var unretained: UnretainedContext { UnretainedContext(storage: storage) }

    fileprivate init(storage: Storage) {
        self.storage = storage
    }

    /// Whether the two are the same context object (not merely equal).
    func isIdentical(to other: RequestContext) -> Bool { storage === other.storage }

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
        guard let hash, let index else { return value(lowercasedKey: lowercasedKey) }
        return index.slot(lowercasedKey: lowercasedKey, hash: hash).map { index.values[$0] }
    }

    /// Adds the derived keys (`docs/evaluation.md` §3) the request does not give, and indexes every key.
    mutating func fill(principalKeys: [FilledContextKey], resourceAccount: String?) {
        storage = Storage(
            entries: allEntries,
            filled: FilledContextKeys(principalKeys: principalKeys, resourceAccount: resourceAccount))
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

/// FNV-1a over the UTF-8 bytes of a lowercased context key, for lookups without hashing the key each time; `nil`
/// unless the key is ASCII (ASCII keys are equal exactly when their bytes are).
func contextKeyHash(_ lowercasedKey: String) -> UInt64? {
    var copy = lowercasedKey
    return copy.withUTF8 { bytes in
        guard isASCIIBytes(bytes) else { return nil }
        return byteHash(bytes)
    }
}

/// FNV-1a over bytes.
func byteHash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
    return hash
}

/// One context key the engine fills in from the principal, prepared once per principal.
struct FilledContextKey: Sendable, Hashable {
    /// The key as `fillContext` writes it, e.g. `aws:PrincipalArn`.
    let name: String
    let lowercasedName: String
    let value: ContextValue

    init(_ name: String, _ value: ContextValue) {
        self.name = name
        lowercasedName = name.lowercased()
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

}

/// A request to authorize: who, which action, on which resource, with which context.
public struct AuthorizationRequest: Sendable, Hashable {
    /// Everything about the request, shared by copies: a change makes a new one. A request is copied wherever it
    /// is kept or passed on, and so retains one object.
    private var storage: Storage

    public var principal: Principal {
        get { storage.inputs.principal }
        set { change(.principal) { $0.principal = newValue } }
    }
    /// `service:Action`, e.g. `imagebuilder:GetImage`.
    public var action: String {
        get { storage.inputs.action }
        set { change(.action) { $0.action = newValue } }
    }
    /// An ARN, or `*` for actions that do not support resource-level permissions.
    public var resource: String {
        get { storage.inputs.resource }
        set { change(.resource) { $0.resource = newValue } }
    }
    /// The account that owns the resource; `nil` means the account in the resource ARN, else the principal's.
    public var resourceAccount: String? {
        get { storage.inputs.resourceAccount }
        set { change(.resourceAccount) { $0.resourceAccount = newValue } }
    }
    public var context: RequestContext {
        get { storage.inputs.context }
        set { change(.context) { $0.context = newValue } }
    }
    /// When the resource is only partly known: the value with its unknown parts (`resource` then holds its text,
    /// `${Name}` for each unknown part). A statement's resource pattern names every resource the value stands for,
    /// none, or some (`PartialValue.isIncluded(in:)`, `overlaps`); "some" is an unknown the decision reports, like a
    /// condition on an unknown key.
    public var resourceTemplate: PartialValue? {
        get { storage.inputs.resourceTemplate }
        set { change(.nothingDerived) { $0.resourceTemplate = newValue } }
    }
    /// Keys known to be absent from the real request even in discovery mode (lowercased; a trailing `*` covers a
    /// prefix, e.g. `aws:requesttag/*` when a statement sets no tags).
    public var knownAbsentKeys: [String] {
        get { storage.inputs.knownAbsentKeys }
        set { change(.nothingDerived) { $0.knownAbsentKeys = newValue } }
    }
    /// The service-specific condition keys the action supports (lowercased; `*` ends a templated key such as
    /// `imagebuilder:createdresourcetag/*`). When set, every other non-`aws:` key is known to be absent:
    /// `reference_policies_variables.md#policy-vars-no-value` — service keys are not in requests to actions that do
    /// not support them.
    public var applicableServiceKeys: [String]? {
        get { storage.inputs.applicableServiceKeys }
        set { change(.nothingDerived) { $0.applicableServiceKeys = newValue } }
    }

    // Derived once per request rather than once per decision.
    /// `action`, lowercased for matching action patterns.
    var lowercasedAction: String { storage.lowercasedAction }
    /// `lowercasedAction` as UTF-8 bytes, for matching action patterns without going through `String`.
    var lowercasedActionUTF8: OwnedBytes { storage.lowercasedActionUTF8 }
    /// The action's bits for skipping statements about other actions (`ActionFilter`).
    var actionKey: ActionFilter.Key { storage.actionKey }
    /// `byteHash` of `lowercasedActionUTF8`, for finding the action among the ones a plan names.
    var actionHash: UInt64 { storage.actionHash }
    /// `resource` as UTF-8 bytes, and where its parts are (`nil` unless ASCII), for matching resource patterns
    /// in place.
    var resourceUTF8: OwnedBytes { storage.resourceUTF8 }
    var resourceLayout: ARNLayout? { storage.resourceLayout }
    /// Whether `resourceTemplate` is `nil`: the resource is known in full.
    var resourceIsKnown: Bool { storage.resourceIsKnown }
    /// The documented service rule the request falls under (`ServiceRule`), found from its action and resource.
    public var serviceRule: ServiceRule? { storage.serviceRule }
    /// The principal's names as bytes, for comparing them with planned principals.
    var principalNames: PrincipalNames { storage.principalNames }
    var principalBytes: OwnedBytes { storage.principalBytes }
    /// `Evaluator.fillContext(self)`: the context with the keys derived from the principal and the resource.
    var filledContext: RequestContext { storage.filledContext }

    public init(
        principal: Principal, action: String, resource: String, resourceAccount: String? = nil,
        context: RequestContext = RequestContext()
    ) {
        storage = Storage(
            Inputs(
                principal: principal, action: action, resource: resource, resourceAccount: resourceAccount,
                context: context, resourceTemplate: nil, knownAbsentKeys: [], applicableServiceKeys: nil))
    }

    /// The same request made by `principal` with `context`: what is derived from the action and the resource is kept,
    /// the rest derived again once (setting the two one after the other would derive the context twice).
    public mutating func reassign(principal: Principal, context: RequestContext) {
        reassign(principal: principal, context: context, sharingWith: nil)
    }

    /// `reassign(principal:context:)`, taking what is derived from the principal and the context from `donor` when
    /// it was reassigned to the same principal with the very same context object and its resource is in the same
    /// account: the requests of one principal that share a context then derive it once.
    public mutating func reassign(
        principal: Principal, context: RequestContext, sharingWith donor: AuthorizationRequest?
    ) {
        var inputs = storage.inputs
        inputs.principal = principal
        inputs.context = context
        if let donor, donor.storage.inputs.context.isIdentical(to: context),
            donor.storage.inputs.principal.identifier == principal.identifier,
            donor.storage.inputs.principal == principal
        {
            let account = Storage.resourceAccount(of: inputs.resource, given: inputs.resourceAccount, for: principal)
            if account == donor.storage.resolvedResourceAccount {
                storage = Storage(inputs, sharingDerived: storage, principalAndContextFrom: donor.storage)
                return
            }
        }
        storage = Storage(inputs, changing: .principal, from: storage)
    }

    /// The account that owns the resource, as evaluation uses it.
    public var effectiveResourceAccount: String? { storage.resolvedResourceAccount }

    public static func == (lhs: AuthorizationRequest, rhs: AuthorizationRequest) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.inputs == rhs.storage.inputs
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.inputs)
    }

    /// What the request is made of; everything else is derived from it.
    private struct Inputs: Sendable, Hashable {
        var principal: Principal
        var action: String
        var resource: String
        var resourceAccount: String?
        var context: RequestContext
        var resourceTemplate: PartialValue?
        var knownAbsentKeys: [String]
        var applicableServiceKeys: [String]?
    }

    /// Which input a change touches, and so which derived values it renews.
    private enum Change {
        case principal
        case action
        case resource
        case resourceAccount
        case context
        case nothingDerived
    }

    /// Replaces the storage with one where `edit` has changed the inputs, reusing what the change leaves as it was.
    private mutating func change(_ change: Change, _ edit: (inout Inputs) -> Void) {
        var inputs = storage.inputs
        edit(&inputs)
        storage = Storage(inputs, changing: change, from: storage)
    }

    /// The inputs with the values derived from them, computed when the request is made or changed.
    private final class Storage: Sendable {
        let inputs: Inputs
        let lowercasedAction: String
        let lowercasedActionUTF8: OwnedBytes
        let actionKey: ActionFilter.Key
        let actionHash: UInt64
        let resourceUTF8: OwnedBytes
        let resourceLayout: ARNLayout?
        let resourceIsKnown: Bool
        let serviceRule: ServiceRule?
        let principalNames: PrincipalNames
        let principalBytes: OwnedBytes
        let resolvedResourceAccount: String?
        let filledContext: RequestContext

        /// Derives everything from `inputs`, or, given the storage they were changed from, what `change` touches.
        init(_ inputs: Inputs, changing change: Change? = nil, from previous: Storage? = nil) {
            self.inputs = inputs
            if let previous, change != .action {
                lowercasedAction = previous.lowercasedAction
                lowercasedActionUTF8 = previous.lowercasedActionUTF8
                actionKey = previous.actionKey
                actionHash = previous.actionHash
            } else {
                lowercasedAction = inputs.action.lowercased()
                lowercasedActionUTF8 = OwnedBytes(lowercasedAction.utf8)
                actionKey = ActionFilter.Key(lowercasedAction: lowercasedAction)
                actionHash = byteHash(lowercasedActionUTF8.bytes)
            }
            if let previous, change != .resource {
                resourceUTF8 = previous.resourceUTF8
                resourceLayout = previous.resourceLayout
            } else {
                resourceUTF8 = OwnedBytes(inputs.resource.utf8)
                resourceLayout = ARNLayout(inputs.resource)
            }
            resourceIsKnown = inputs.resourceTemplate == nil
            if let previous, change != .action && change != .resource {
                serviceRule = previous.serviceRule
            } else {
                serviceRule = ServiceRule.rule(lowercasedAction: lowercasedAction, resource: inputs.resource)
            }
            if let previous, change != .principal {
                principalNames = previous.principalNames
                principalBytes = previous.principalBytes
            } else {
                (principalNames, principalBytes) = PrincipalNames.of(inputs.principal)
            }
            if let previous, change == .action || change == .nothingDerived {
                resolvedResourceAccount = previous.resolvedResourceAccount
                filledContext = previous.filledContext
            } else {
                let account = Self.resourceAccount(
                    of: inputs.resource, given: inputs.resourceAccount, for: inputs.principal)
                resolvedResourceAccount = account
                filledContext = Self.filledContext(
                    inputs.context, principal: inputs.principal, resourceAccount: account)
            }
        }

        /// `inputs` (whose action and resource are `previous`'s, and whose principal and context are `donor`'s), with
        /// what derives from the action and resource taken from `previous` and the rest from `donor`.
        init(_ inputs: Inputs, sharingDerived previous: Storage, principalAndContextFrom donor: Storage) {
            self.inputs = inputs
            lowercasedAction = previous.lowercasedAction
            lowercasedActionUTF8 = previous.lowercasedActionUTF8
            actionKey = previous.actionKey
            actionHash = previous.actionHash
            resourceUTF8 = previous.resourceUTF8
            resourceLayout = previous.resourceLayout
            resourceIsKnown = inputs.resourceTemplate == nil
            serviceRule = previous.serviceRule
            principalNames = donor.principalNames
            principalBytes = donor.principalBytes
            resolvedResourceAccount = donor.resolvedResourceAccount
            filledContext = donor.filledContext
        }

        /// The request context plus the keys derivable with certainty from the principal and resource
        /// (`docs/evaluation.md` §3); values the request gives are never replaced. The keys derived from the
        /// principal are computed once per principal (`Principal.filledContextKeys`) and kept beside the given
        /// ones.
        private static func filledContext(
            _ context: RequestContext, principal: Principal, resourceAccount: String?
        ) -> RequestContext {
            var filled = context
            filled.fill(principalKeys: principal.filledContextKeys, resourceAccount: resourceAccount)
            return filled
        }

        static func resourceAccount(
            of resource: String, given: String?, for principal: Principal
        ) -> String? {
            if let given { return given }
            let parts = splitARN(Substring(resource))
            if parts.count == 6, parts[4].count == 12, parts[4].allSatisfy(\.isASCIIDigit) {
                return String(parts[4])
            }
            return principal.account
        }
    }

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

    /// The service prefix of the action, lowercased.
    public var servicePrefix: String {
        String(action.split(separator: ":", maxSplits: 1).first ?? "").lowercased()
    }
}
