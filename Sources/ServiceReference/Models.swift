import Wildcard

/// What the service reference knows about one AWS service: its actions, resource types and condition keys.
public struct ServiceInfo: Sendable {
    /// The service prefix used in actions and condition keys, e.g. `imagebuilder`.
    public let prefix: String
    /// The display name, e.g. `Amazon EC2 Image Builder`.
    public let name: String
    /// Whether resource control policies (RCPs) apply to this service.
    public let rcpSupported: Bool
    /// The service's actions, keyed by lowercased action name (`getimage`).
    public let actions: [String: ActionInfo]
    /// The action names, sorted by their lowercased spelling (each once): a stable order for searches over them.
    public let actionNames: [String]
    /// The service's resource types, keyed by lowercased resource type name (`image`).
    public let resourceTypes: [String: ResourceTypeInfo]
    /// Every condition key the service's actions and resource types use, keyed by lowercased key
    /// (`aws:requesttag/${tagkey}`); includes the global `aws:` keys and other services' keys it supports.
    public let conditionKeys: [String: ConditionKeyInfo]
    /// Templated keys (containing `${...}` or `<...>`) with their compiled lowercased pattern, most specific first.
    let templatedKeys: [(pattern: WildcardPattern, info: ConditionKeyInfo)]

    /// Creates a service from its parts; dictionaries are keyed by lowercased name (first entry wins).
    public init(
        prefix: String,
        name: String,
        rcpSupported: Bool,
        actions: [ActionInfo],
        resourceTypes: [ResourceTypeInfo],
        conditionKeys: [ConditionKeyInfo]
    ) {
        self.prefix = prefix
        self.name = name
        self.rcpSupported = rcpSupported
        self.actions = Dictionary(actions.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        self.actionNames = self.actions.values.map(\.name).sorted { $0.lowercased() < $1.lowercased() }
        self.resourceTypes = Dictionary(
            resourceTypes.map { ($0.key.lowercased(), $0) },
            uniquingKeysWith: { first, _ in first }
        )
        self.conditionKeys = Dictionary(
            conditionKeys.map { ($0.key.lowercased(), $0) },
            uniquingKeysWith: { first, _ in first }
        )
        self.templatedKeys = Self.compileTemplates(conditionKeys)
    }

    static func compileTemplates(_ keys: [ConditionKeyInfo]) -> [(pattern: WildcardPattern, info: ConditionKeyInfo)] {
        var compiled: [(pattern: WildcardPattern, literals: Int, info: ConditionKeyInfo)] = []
        for key in keys where key.key.contains("${") || key.key.contains("<") {
            let lowered = key.key.lowercased()
            let literals = PatternNotation.keyTemplate.tokens(lowered).count { token in
                if case .literal = token { return true }
                return false
            }
            compiled.append((PatternNotation.keyTemplate.pattern(lowered), literals, key))
        }
        compiled.sort { lhs, rhs in
            lhs.literals != rhs.literals ? lhs.literals > rhs.literals : lhs.info.key < rhs.info.key
        }
        return compiled.map { (pattern: $0.pattern, info: $0.info) }
    }

    /// Looks up a lowercased condition key, exactly or against the templated keys.
    func conditionKey(lowercased key: String) -> ConditionKeyInfo? {
        if let exact = conditionKeys[key] { return exact }
        return templatedKeys.first { $0.pattern.matches(key) }?.info
    }
}

/// One IAM action (permission) of a service, as listed in the Service Authorization Reference.
public struct ActionInfo: Sendable, Hashable {
    /// The service prefix, e.g. `imagebuilder`.
    public let service: String
    /// The action name in its canonical case, e.g. `GetImage`.
    public let name: String
    /// The access level, e.g. `Read`, `List`, `Write`; the data combines some, e.g. `Tagging, Write`.
    public let accessLevel: String
    /// The resource types the action can be scoped to, in reference order; empty for wildcard-only actions.
    public let resourceTypes: [ActionResourceType]
    /// Condition keys that apply to the action as a whole.
    public let conditionKeys: [String]
    /// Other actions the caller may also need (`service:Action`), as listed by the data.
    public let dependentActions: [String]

    /// Creates an action description (mainly for tests; real ones come from ``ServiceReference``).
    public init(
        service: String,
        name: String,
        accessLevel: String,
        resourceTypes: [ActionResourceType] = [],
        conditionKeys: [String] = [],
        dependentActions: [String] = []
    ) {
        self.service = service
        self.name = name
        self.accessLevel = accessLevel
        self.resourceTypes = resourceTypes
        self.conditionKeys = conditionKeys
        self.dependentActions = dependentActions
    }

    /// The full action name, e.g. `imagebuilder:GetImage`.
    public var fullName: String { "\(service):\(name)" }

    /// True when the action supports no resource types, so only `"Resource": "*"` can grant it.
    public var isWildcardOnly: Bool { resourceTypes.isEmpty }
}

/// A resource type an action can be scoped to, with the condition keys and dependent actions specific to it.
public struct ActionResourceType: Sendable, Hashable {
    /// The resource type name, e.g. `image`; look it up in ``ServiceInfo/resourceTypes`` (lowercased).
    public let name: String
    /// Whether the request always involves a resource of this type (marked `*` in the reference).
    public let required: Bool
    /// Condition keys that apply when the action acts on this resource type.
    public let conditionKeys: [String]
    /// Other actions needed when the action acts on this resource type.
    public let dependentActions: [String]

    /// Creates a resource type reference of an action.
    public init(name: String, required: Bool, conditionKeys: [String] = [], dependentActions: [String] = []) {
        self.name = name
        self.required = required
        self.conditionKeys = conditionKeys
        self.dependentActions = dependentActions
    }
}

/// A condition key with its data type, e.g. `aws:TagKeys` (`ArrayOfString`).
public struct ConditionKeyInfo: Sendable, Hashable {
    /// The key in its canonical spelling; templated keys keep their placeholder, e.g. `aws:RequestTag/${TagKey}`.
    public let key: String
    /// The data type: `String`, `ArrayOfString`, `ARN`, `ArrayOfARN`, `Bool`, `ArrayOfBool`, `Date`, `Numeric`,
    /// `IPAddress`, ...
    public let type: String
    /// Further operator families the documentation allows, e.g. `Numeric` for `aws:EpochTime` (type `Date`).
    public let otherTypes: [String]

    /// Creates a condition key description.
    public init(key: String, type: String, otherTypes: [String] = []) {
        self.key = key
        self.type = type
        self.otherTypes = otherTypes
    }

    /// True for multivalued keys (type `ArrayOf...`), which need the `ForAllValues`/`ForAnyValue` set operators.
    public var isMultivalued: Bool { type.hasPrefix("ArrayOf") }
}

/// A resource type with its ARN template, e.g. `image` with
/// `arn:${Partition}:imagebuilder:${Region}:${Account}:image/${ImageName}/${ImageVersion}/${ImageBuildVersion}`.
public struct ResourceTypeInfo: Sendable, Hashable {
    /// The resource type name in its canonical case, e.g. `allImageBuildVersions`.
    public let key: String
    /// The ARN template; `${Name}` marks a placeholder, `*` stands for any text.
    public let arnTemplate: String
    /// Condition keys that apply to resources of this type, e.g. `aws:ResourceTag/${TagKey}`.
    public let conditionKeys: [String]
    /// The template's six ARN parts as wildcard tokens; partition to account are lowercased.
    let segments: [[WildcardToken]]

    /// Creates a resource type from its ARN template.
    public init(key: String, arnTemplate: String, conditionKeys: [String] = []) {
        self.key = key
        self.arnTemplate = arnTemplate
        self.conditionKeys = conditionKeys
        self.segments = Self.compileSegments(arnTemplate, .arnTemplate, pad: "")
    }

    /// Splits into the six ARN parts (padding missing ones) and compiles each; parts before the resource are
    /// case-insensitive, so they are lowercased.
    static func compileSegments(_ arn: String, _ notation: PatternNotation, pad: String) -> [[WildcardToken]] {
        var parts = PatternNotation.arnSegments(arn)
        while parts.count < 6 { parts.append(pad) }
        return parts.enumerated().map { index, part in
            notation.tokens(index < 5 ? part.lowercased() : part)
        }
    }

    /// True when an ARN pattern from a policy (may contain * and ?, and ${...} policy variables which count as
    /// wildcards) could name at least one resource of this type. Compares partition, service, region and account
    /// per colon segment (case-insensitive), then the resource part (case-sensitive, where `*` may span colons);
    /// template placeholders match any non-empty text, a `*` in the template any text, and a policy ARN with
    /// fewer than six parts is padded with `*`.
    public func couldMatch(arnPattern: String) -> Bool {
        let policy = Self.compileSegments(arnPattern, .policy, pad: "*")
        return zip(policy, segments).allSatisfy { WildcardToken.intersect($0, $1) }
    }

    /// Fills the template: values for Partition, Region, Account and the named placeholders; missing placeholders
    /// become "*". Names are matched exactly, then case-insensitively; a placeholder in the partition, region or
    /// account part with another name (e.g. `${AccountId}`) falls back to `Partition`, `Region` or `Account`.
    /// Returns the ARN (or pattern) string.
    public func arn(filling values: [String: String]) -> String {
        let fallbacks = [1: "Partition", 3: "Region", 4: "Account"]
        var lowercasedValues: [String: String] = [:]
        for (name, value) in values where lowercasedValues[name.lowercased()] == nil {
            lowercasedValues[name.lowercased()] = value
        }
        func value(for name: String, segment: Int) -> String {
            if let exact = values[name] { return exact }
            if let folded = lowercasedValues[name.lowercased()] { return folded }
            if let fallback = fallbacks[segment], let value = lowercasedValues[fallback.lowercased()] {
                return value
            }
            return "*"
        }
        let parts = PatternNotation.arnSegments(arnTemplate)
        return parts.enumerated().map { index, part in
            var output = ""
            var rest = Substring(part)
            while let start = rest.range(of: "${"), let end = rest[start.upperBound...].firstIndex(of: "}") {
                output += rest[..<start.lowerBound]
                output += value(for: String(rest[start.upperBound..<end]), segment: index)
                rest = rest[rest.index(after: end)...]
            }
            return output + rest
        }.joined(separator: ":")
    }

    /// The placeholder names in template order, e.g. ["Partition","Region","Account","ImageName","ImageVersion",
    /// "ImageBuildVersion"]. Each name appears once.
    public var placeholders: [String] {
        var names: [String] = []
        var rest = Substring(arnTemplate)
        while let start = rest.range(of: "${"), let end = rest[start.upperBound...].firstIndex(of: "}") {
            let name = String(rest[start.upperBound..<end])
            if !names.contains(name) { names.append(name) }
            rest = rest[rest.index(after: end)...]
        }
        return names
    }
}
