import Foundation
import JSON
import Wildcard

/// The on-disk format written by `scripts/build-service-reference.py` (one file per service, plus `_global.json`).
/// Empty lists and false flags are omitted from the files, so those members are optional here.
struct ServiceFile {
    /// The format version this code reads.
    static let supportedFormat = 1

    let prefix: String
    let name: String
    let rcp: Bool
    let actions: [ActionInfo]
    let resourceTypes: [ResourceTypeInfo]
    let conditionKeys: [ConditionKeyInfo]
    /// Only in `_global.json`: lowercased condition-key prefix (possibly templated) → services defining such keys.
    let conditionKeyOwners: [String: [String]]

    /// Decodes a file's bytes; nil when they are malformed or of another format version.
    static func decode(_ bytes: [UInt8]) -> ServiceFile? {
        guard let json = try? JSONParser.parse(bytes) else { return nil }
        return ServiceFile(json)
    }

    /// Validates and converts a parsed file; nil when any member is missing or of the wrong type.
    init?(_ json: JSONNode) {
        guard json["format"]?.int == Self.supportedFormat,
            let prefix = json["prefix"]?.string,
            let name = json["name"]?.string,
            let actionValues = json["actions"]?.array,
            let resourceTypeValues = json["resourceTypes"]?.array,
            let conditionKeyValues = json["conditionKeys"]?.array
        else { return nil }
        var actions: [ActionInfo] = []
        actions.reserveCapacity(actionValues.count)
        for value in actionValues {
            guard let action = Self.action(value, service: prefix) else { return nil }
            actions.append(action)
        }
        var resourceTypes: [ResourceTypeInfo] = []
        for value in resourceTypeValues {
            guard let key = value["key"]?.string, let arn = value["arn"]?.string,
                let keys = Self.strings(value["conditionKeys"])
            else { return nil }
            resourceTypes.append(ResourceTypeInfo(key: key, arnTemplate: arn, conditionKeys: keys))
        }
        var conditionKeys: [ConditionKeyInfo] = []
        for value in conditionKeyValues {
            guard let key = value["key"]?.string, let type = value["type"]?.string,
                let otherTypes = Self.strings(value["otherTypes"])
            else { return nil }
            conditionKeys.append(ConditionKeyInfo(key: key, type: type, otherTypes: otherTypes))
        }
        var owners: [String: [String]] = [:]
        if let ownerValues = json["conditionKeyOwners"] {
            guard let members = ownerValues.object else { return nil }
            for (prefix, services) in members {
                guard let services = services.strings else { return nil }
                owners[prefix] = services
            }
        }
        guard let rcp = json["rcp"].map({ $0.bool }) ?? false else { return nil }
        self.prefix = prefix
        self.name = name
        self.rcp = rcp
        self.actions = actions
        self.resourceTypes = resourceTypes
        self.conditionKeys = conditionKeys
        self.conditionKeyOwners = owners
    }

    /// An optional list of strings: absent means empty, anything but an array of strings is malformed.
    private static func strings(_ value: JSONNode?) -> [String]? {
        guard let value else { return [] }
        return value.strings
    }

    private static func action(_ value: JSONNode, service: String) -> ActionInfo? {
        guard let name = value["name"]?.string, let accessLevel = value["accessLevel"]?.string,
            let conditionKeys = strings(value["conditionKeys"]),
            let dependentActions = strings(value["dependentActions"])
        else { return nil }
        var resourceTypes: [ActionResourceType] = []
        if let resourceValues = value["resourceTypes"] {
            guard let resourceValues = resourceValues.array else { return nil }
            for resource in resourceValues {
                guard let resourceName = resource["name"]?.string,
                    let required = resource["required"].map({ $0.bool }) ?? false,
                    let keys = strings(resource["conditionKeys"]),
                    let dependents = strings(resource["dependentActions"])
                else { return nil }
                // An empty name means "no resource type" (wildcard-only) in the source data.
                guard !resourceName.isEmpty else { continue }
                resourceTypes.append(
                    ActionResourceType(
                        name: resourceName,
                        required: required,
                        conditionKeys: keys,
                        dependentActions: dependents
                    )
                )
            }
        }
        return ActionInfo(
            service: service,
            name: name,
            accessLevel: accessLevel,
            resourceTypes: resourceTypes,
            conditionKeys: conditionKeys,
            dependentActions: dependentActions
        )
    }

    func serviceInfo() -> ServiceInfo {
        ServiceInfo(
            prefix: prefix,
            name: name,
            rcpSupported: rcp,
            actions: actions,
            resourceTypes: resourceTypes,
            conditionKeys: conditionKeys
        )
    }
}

/// The contents of `_global.json`: global `aws:` keys and where other services' cross-service keys live.
struct GlobalData: Sendable {
    let keys: [String: ConditionKeyInfo]
    let templatedKeys: [(pattern: WildcardPattern, info: ConditionKeyInfo)]
    /// Condition-key prefixes (possibly templated, e.g. `token.actions.githubusercontent.com/${subpath}`) and the
    /// services whose files define keys with that prefix.
    let owners: [(pattern: WildcardPattern, services: [String])]

    static let empty = GlobalData(keys: [:], templatedKeys: [], owners: [])

    init(
        keys: [String: ConditionKeyInfo],
        templatedKeys: [(pattern: WildcardPattern, info: ConditionKeyInfo)],
        owners: [(pattern: WildcardPattern, services: [String])]
    ) {
        self.keys = keys
        self.templatedKeys = templatedKeys
        self.owners = owners
    }

    init(_ file: ServiceFile) {
        keys = Dictionary(file.conditionKeys.map { ($0.key.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        templatedKeys = ServiceInfo.compileTemplates(file.conditionKeys)
        owners = file.conditionKeyOwners.sorted { $0.key < $1.key }.map {
            (pattern: PatternNotation.keyTemplate.pattern($0.key.lowercased()), services: $0.value)
        }
    }

    func conditionKey(lowercased key: String) -> ConditionKeyInfo? {
        if let exact = keys[key] { return exact }
        return templatedKeys.first { $0.pattern.matches(key) }?.info
    }

    /// Services other than the prefix's own that define keys with this (lowercased) prefix.
    func owners(ofPrefix prefix: String) -> [String] {
        owners.filter { $0.pattern.matches(prefix) }.flatMap(\.services)
    }
}
