import IAMPolicy

/// Every policy file a check names, read and parsed once: the same document serves the local engine, and the same
/// bytes are what AWS's simulator is sent. `-` is standard input, which one flag at most may name.
struct PolicyFiles: Sendable {
    private struct Key: Hashable {
        var path: String
        var type: PolicyType
    }

    private var documents: [Key: PolicyDocument] = [:]
    private var bytes: [String: [UInt8]] = [:]

    /// Reads and parses the files of `options` in the order the report lists them (identity policies, boundary,
    /// session, resource, endpoint, SCP levels, RCP levels); the first bad one is the error.
    static func load(_ options: CheckOptions) throws(InputError) -> PolicyFiles {
        var files = PolicyFiles()
        let standardInputReaders =
            ([options.sqlFile, options.authorizationDetails] + Self.named(options).map { Optional($0.path) })
            .filter { $0 == "-" }.count
        if standardInputReaders > 1 {
            throw InputError(
                "standard input ('-') can be read by one flag only; give the other inputs as files")
        }
        for (path, type) in Self.named(options) {
            try files.add(path, type: type)
            if let content = files.bytes[path] {
                options.ledger.record(kind: "\(type.rawValue) policy", name: path, bytes: content)
            }
        }
        return files
    }

    /// Every (path, type) `options` names, in report order.
    private static func named(_ options: CheckOptions) -> [(path: String, type: PolicyType)] {
        var named = options.identityPolicies.map { ($0, PolicyType.identity) }
        if let path = options.permissionsBoundary { named.append((path, .permissionsBoundary)) }
        if let path = options.sessionPolicy { named.append((path, .session)) }
        if let path = options.resourcePolicy { named.append((path, .resource)) }
        if let path = options.endpointPolicy { named.append((path, .endpoint)) }
        for entry in options.scps { named += levelPaths(entry).map { ($0, .scp) } }
        for entry in options.rcps { named += levelPaths(entry).map { ($0, .rcp) } }
        return named
    }

    /// The files of one organization level: `--scp a.json,b.json`.
    static func levelPaths(_ entry: String) -> [String] {
        entry.split(separator: ",").map(String.init).filter { !$0.isEmpty }
    }

    private mutating func add(_ path: String, type: PolicyType) throws(InputError) {
        let key = Key(path: path, type: type)
        guard documents[key] == nil else { return }
        let content: [UInt8]
        if let read = bytes[path] {
            content = read
        } else {
            content = try FileInput.read(path, what: "policy file")
            bytes[path] = content
        }
        documents[key] = try PolicyLoader.parse(bytes: content, source: PolicySource(path), type: type)
    }

    /// The parsed policy at `path` as a policy of `type`; `load` read every file `options` names.
    func document(_ path: String, type: PolicyType) throws(InputError) -> PolicyDocument {
        guard let document = documents[Key(path: path, type: type)] else {
            throw InputError("policy file '\(path)' was not read with the check's inputs")
        }
        return document
    }

    /// The text of the policy at `path`, as read.
    func text(_ path: String) throws(InputError) -> String {
        guard let content = bytes[path] else {
            throw InputError("policy file '\(path)' was not read with the check's inputs")
        }
        return String(decoding: content, as: UTF8.self)
    }
}
